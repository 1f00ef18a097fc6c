// /readyz's checks: the database answers a read and a committed write, its migrations are the ones
// this build carries, and every required worker (the mail sender, the webhook sender) is alive.
// The analytics replica (ANALYTICS_DATABASE_URL) is checked too but is not required: without it the
// offices and citizens are served and only the planner waits, so it makes /readyz "degraded" (200),
// not unavailable; a load balancer keeps sending traffic, a monitor sees what is missing.
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
  /** Checks that failed without making the instance unready (the analytics replica). */
  degraded: string[];
}

export interface ReadinessDeps {
  pool: pg.Pool;
  /** ANALYTICS_DATABASE_URL's pool; when it is `pool` itself (or absent) there is nothing more to check. */
  analyticsPool?: pg.Pool;
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
  const analytics = deps.analyticsPool;
  const optional: Record<string, () => Promise<unknown>> =
    analytics && analytics !== deps.pool
      ? { analytics_database: () => probeRead(analytics, deps.municipalityId) }
      : {};
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
    for (const [name, check] of Object.entries({ ...database, ...optional })) {
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
    const failing = Object.keys(checks).filter((name) => checks[name] !== 'ok');
    return {
      ready: failing.every((name) => name in optional),
      checks,
      degraded: failing.filter((name) => name in optional),
    };
  }

  let running: Promise<Readiness> | undefined;
  return () => {
    running ??= run().finally(() => {
      running = undefined;
    });
    return running;
  };
}
