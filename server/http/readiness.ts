// /readyz's checks: the database answers a read and a committed write, its migrations are the ones
// this build carries, and every required worker (the mail sender; a webhook sender next) is alive.
// Each check has a deadline, and concurrent probes share one run, so a hung database never piles
// probes up on the pool. The report names checks and their state only: no SQL, no error text.
import type pg from 'pg';
import { latestMigrationVersion } from '../db/migrate.js';
import { appliedMigrationVersion, probeRead, probeWrite } from '../db/observability.queries.js';
import type { Workers } from '../domain/heartbeat.js';

export const CHECK_TIMEOUT_MS = 3000;

export type CheckState = 'ok' | 'failed' | 'timeout';

export interface Readiness {
  ready: boolean;
  checks: Record<string, CheckState>;
}

export interface ReadinessDeps {
  pool: pg.Pool;
  municipalityId: number;
  workers: Workers;
  /** Told why a check failed (logs only). */
  onFailure: (check: string, error: unknown) => void;
}

async function within(ms: number, work: Promise<unknown>): Promise<CheckState> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<CheckState>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([work.then(() => 'ok' as const), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export function readinessCheck(deps: ReadinessDeps): () => Promise<Readiness> {
  const latest = latestMigrationVersion();
  const database: Record<string, () => Promise<unknown>> = {
    database_read: () => probeRead(deps.pool, deps.municipalityId),
    database_write: () => probeWrite(deps.pool, deps.municipalityId),
    migrations: async () => {
      const applied = await appliedMigrationVersion(deps.pool);
      if (applied !== latest)
        throw new Error(`schema version ${applied}, this build expects ${latest}`);
    },
  };

  async function run(): Promise<Readiness> {
    const checks: Record<string, CheckState> = {};
    // One after the other: the embedded database has a single connection anyway.
    for (const [name, check] of Object.entries(database)) {
      checks[name] = await within(
        CHECK_TIMEOUT_MS,
        check().catch((error: unknown) => {
          deps.onFailure(name, error);
          throw error;
        }),
      ).catch(() => 'failed' as const);
    }
    const now = Date.now();
    for (const { heartbeat, required } of deps.workers.all())
      if (required) checks[`worker:${heartbeat.name}`] = heartbeat.isAlive(now) ? 'ok' : 'failed';
    return { ready: Object.values(checks).every((s) => s === 'ok'), checks };
  }

  let running: Promise<Readiness> | undefined;
  return () => {
    running ??= run().finally(() => {
      running = undefined;
    });
    return running;
  };
}
