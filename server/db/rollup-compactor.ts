// Folds the rows the analytics rollup triggers append (sql/033) into one row per group, every
// ROLLUP_COMPACT_SECONDS. Figures are right without it; it keeps the rollups small, so reads stay fast.
import type pg from 'pg';
import { startPeriodicJob, type PeriodicJob } from './periodic-job.js';
import { compactRollups } from './rollup.sql.js';

export type RollupCompactor = PeriodicJob;

export function startRollupCompactor(
  pool: pg.Pool,
  everySeconds: number,
  log: { warn(message: string): void },
): RollupCompactor {
  return startPeriodicJob(
    'rollup-compactor',
    everySeconds,
    () => compactRollups(pool),
    log,
    'Rollup compaction failed',
  );
}
