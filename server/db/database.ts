// Opens the database the configuration asks for: a real PostgreSQL (DATABASE_URL) or the embedded
// PGlite one under dataDir/pglite. Both are reached through the same pg Pool.
import path from 'node:path';
import type pg from 'pg';
import { connectionError } from './connection-error.js';
import { startEmbedded, type EmbeddedDatabase } from './embedded.js';
import { dumpEmbedded, type EmbeddedDump } from './embedded-dump.js';
import { distributeForCitus } from './citus.js';
import { backfillPublicText } from './public-text.queries.js';
import { migrate, type MigrationResult } from './migrate.js';
import { createPool, probeConnection } from './pool.js';
import { checkAnalyticsDatabase, createAnalyticsPool } from './analytics-database.js';

export interface Database {
  pool: pg.Pool;
  /**
   * Where the planner's queries and the exports read: the pool of ANALYTICS_DATABASE_URL (read-only
   * sessions on a standby), or `pool` itself when it is unset. Never given a write.
   */
  analyticsPool: pg.Pool;
  kind: 'embedded' | 'postgres';
  migration: MigrationResult;
  /** Embedded only: a consistent tarball of the data directory, taken while it serves (backups). */
  dump?: () => Promise<EmbeddedDump>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string | undefined;
  /** Embedded only: where PGlite keeps its files; undefined keeps it in memory. */
  embeddedDir: string | undefined;
  poolSize?: number;
  /** ANALYTICS_DATABASE_URL: a hot standby of databaseUrl for analytics; refused with the embedded database. */
  analyticsUrl?: string;
  /** Apply migrations only up to this version (tests of upgrades); default: all. */
  migrateTo?: string;
  /** DATABASE_URL is a Citus coordinator (SEGNALA_CITUS): distribute the tables after the migrations. */
  citus?: boolean;
  /** Hears start-up notes such as a stale embedded lock taken over; default stderr. */
  log?: (line: string) => void;
  /** Told as each start-up phase ends ('database open', 'migrations'), for the start-up timings. */
  mark?: (phase: string) => void;
}

export function embeddedDirFor(dataDir: string): string {
  return path.join(dataDir, 'pglite');
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  // config.ts refuses this too; here for callers that build the options themselves.
  if (!options.databaseUrl && options.analyticsUrl)
    throw new Error(
      'ANALYTICS_DATABASE_URL needs DATABASE_URL: the embedded database cannot have a replica.',
    );
  let embedded: EmbeddedDatabase | undefined;
  let connectionString = options.databaseUrl;
  if (connectionString) {
    // One quick connection first: a wrong host or a stopped server is named now, not as a pool stack.
    const url = connectionString;
    await probeConnection(url).catch((error: unknown) => {
      throw connectionError(url, error);
    });
  } else {
    embedded = await startEmbedded(options.embeddedDir, options.log);
    connectionString = embedded.connectionString;
  }
  options.mark?.('database open');
  // PGlite is one session: more than one pooled connection would only queue behind it.
  const size = embedded ? 1 : (options.poolSize ?? 10);
  const pool = createPool(connectionString, size);
  const analyticsUrl = options.analyticsUrl;
  const analytics = analyticsUrl ? createAnalyticsPool(analyticsUrl, size) : undefined;
  try {
    const migration = await migrate(pool, options.migrateTo);
    // Rows from before sql/054 (or from a loader that did not mask) get their masked public copy.
    if (!options.migrateTo) {
      const filled = await backfillPublicText(pool);
      if (filled > 0) options.log?.(`Masked the public text of ${filled} reports.`);
    }
    options.mark?.('migrations');
    if (options.citus && !embedded) {
      const made = await distributeForCitus(pool);
      if (made.reference.length + made.distributed.length > 0)
        options.log?.(
          `Citus: reference tables ${made.reference.join(', ') || '(none new)'}; distributed by municipality_id ${made.distributed.join(', ') || '(none new)'}.`,
        );
    }
    // After the migrations, so that the replica's schema is compared with this build's.
    if (analytics && analyticsUrl)
      await checkAnalyticsDatabase(
        analytics,
        pool,
        analyticsUrl,
        options.log ?? ((line) => process.stderr.write(`${line}\n`)),
      );
    const pglite = embedded?.pglite;
    return {
      pool,
      analyticsPool: analytics ?? pool,
      kind: embedded ? 'embedded' : 'postgres',
      migration,
      dump: pglite ? () => dumpEmbedded(pool, pglite) : undefined,
      async close() {
        await analytics?.end();
        await pool.end();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await analytics?.end().catch(() => undefined);
    await pool.end().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
}
