// A job the server runs every N seconds beside the requests (rollup compaction, photo cleanup): one
// round at a time, a failed round logged (redacted) and tried again at the next tick, a heartbeat after
// every round that worked (for /readyz and /metrics), and a stop that waits for the round under way.
import { Heartbeat } from '../domain/heartbeat.js';
import { redact } from '../domain/redact.js';

export interface PeriodicJob {
  stop(): Promise<void>;
  /** Beats after every round that worked. */
  readonly heartbeat: Heartbeat;
}

/** Starts `round` every `everySeconds` (0 = never); `failure` opens the warning of a failed round. */
export function startPeriodicJob(
  name: string,
  everySeconds: number,
  round: () => Promise<unknown>,
  log: { warn(message: string): void },
  failure: string,
): PeriodicJob {
  let running: Promise<unknown> | undefined;
  const heartbeat = new Heartbeat(name, everySeconds * 1000);
  const timer =
    everySeconds > 0
      ? setInterval(() => {
          running ??= round()
            .then(() => heartbeat.beat())
            .catch((error: unknown) => {
              // The database may be briefly away; the next round tries again.
              log.warn(
                `${failure}: ${redact(error instanceof Error ? error.message : String(error))}`,
              );
            })
            .finally(() => {
              running = undefined;
            });
        }, everySeconds * 1000)
      : undefined;
  timer?.unref();
  return {
    heartbeat,
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
