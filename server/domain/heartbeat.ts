// The liveness of a background worker (mail sender, rollup compactor, photo cleaner…): the worker beats
// after every round that worked, and is alive while its last beat is recent for its period. /readyz
// asks the workers registered as required; /metrics shows every registered one.

/** A round may run long (a batch of mails); a worker is late after three periods, and never before a minute. */
export function staleAfterMs(everyMs: number): number {
  return Math.max(3 * everyMs, everyMs + 60_000);
}

export class Heartbeat {
  private last: number;

  /** Starts as if it had just beaten: a worker gets one stale interval to complete its first round. */
  constructor(
    readonly name: string,
    readonly everyMs: number,
    now = Date.now(),
  ) {
    this.last = now;
  }

  beat(now = Date.now()): void {
    this.last = now;
  }

  /** Milliseconds since the epoch of the last successful round (or of the start). */
  get lastAt(): number {
    return this.last;
  }

  isAlive(now = Date.now()): boolean {
    return now - this.last <= staleAfterMs(this.everyMs);
  }
}

export interface RegisteredWorker {
  heartbeat: Heartbeat;
  /** When true, the instance is not ready while this worker is not alive. */
  required: boolean;
}

/** The workers of one process; each registers once it runs (a new worker kind adds one line in start.ts). */
export class Workers {
  private readonly list: RegisteredWorker[] = [];

  add(heartbeat: Heartbeat, options: { required: boolean }): void {
    this.list.push({ heartbeat, required: options.required });
  }

  all(): readonly RegisteredWorker[] {
    return this.list;
  }
}
