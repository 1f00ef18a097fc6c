// The loop of an outbox sender (mail, webhooks) beside the requests: it drains what is due, then waits
// `pollMs` (or less, when stopped) and drains again; a failed drain is logged (redacted) and tried again
// at the next wake-up, as the database may be briefly away. One home for both senders' loop and backoff.
import { redact } from '../domain/redact.js';

export interface PollLoop {
  start(): void;
  /** Stops waiting and resolves when the drain under way has ended. */
  stop(): Promise<void>;
  /** True from start() until stop(): a drain checks it between batches. */
  readonly running: boolean;
}

/** Exponential backoff: `baseMs` after the first attempt, doubling, never more than `maxMs`. */
export function backoffMs(baseMs: number, maxMs: number, attempts: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

export function pollLoop(
  pollMs: number,
  drain: () => Promise<unknown>,
  log: { warn(message: string): void },
  failure: string,
): PollLoop {
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;

  async function run(): Promise<void> {
    while (running) {
      try {
        await drain();
      } catch (error) {
        log.warn(`${failure}: ${redact(error instanceof Error ? error.message : String(error))}`);
      }
      if (!running) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, pollMs);
      });
    }
  }

  return {
    get running() {
      return running;
    },
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      wake?.();
      await loop;
    },
  };
}
