// Runs at most `concurrency` tasks at once; up to `queueLimit` more wait for a turn, in order. Past that a
// task is refused at once (QueueFullError) rather than piling up: photo decoding uses it, so that a burst
// of uploads costs a bounded amount of memory and the last ones hear "busy, retry" instead of timing out.

export class QueueFullError extends Error {
  constructor() {
    super('Too many tasks waiting');
    this.name = 'QueueFullError';
  }
}

export class BoundedSemaphore {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly queueLimit: number,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new Error('concurrency must be a whole number ≥ 1');
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queueLimit) throw new QueueFullError();
      // The finishing task hands its turn over directly, so `running` never drops and rises again.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Tasks running and waiting now (for tests and metrics). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}
