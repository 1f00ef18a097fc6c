// Folds the rows the analytics rollup triggers append (sql/033) into one row per group, every
// ROLLUP_COMPACT_SECONDS. Figures are right without it; it keeps the rollups small, so reads stay fast.
import type pg from 'pg';
import { redact } from '../domain/redact.js';
import { Heartbeat } from '../domain/heartbeat.js';
import { compactRollups } from './rollup.sql.js';

export interface RollupCompactor {
  stop(): Promise<void>;
  /** Beats after every round that worked. */
  readonly heartbeat: Heartbeat;
}

export function startRollupCompactor(
  pool: pg.Pool,
  everySeconds: number,
  log: { warn(message: string): void },
): RollupCompactor {
  let round: Promise<unknown> | undefined;
  const heartbeat = new Heartbeat('rollup-compactor', everySeconds * 1000);
  const timer =
    everySeconds > 0
      ? setInterval(() => {
          round ??= compactRollups(pool)
            .then(() => heartbeat.beat())
            .catch((error: unknown) => {
              // The database may be briefly away; the next round tries again.
              log.warn(
                `Rollup compaction failed: ${redact(error instanceof Error ? error.message : String(error))}`,
              );
            })
            .finally(() => {
              round = undefined;
            });
        }, everySeconds * 1000)
      : undefined;
  timer?.unref();
  return {
    heartbeat,
    async stop() {
      if (timer) clearInterval(timer);
      await round;
    },
  };
}
