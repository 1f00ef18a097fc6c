// Runs tasks one at a time per key: a task waits for every earlier task that shares one of its keys.
// Logins use it so that a burst of parallel attempts cannot all pass the failure count before any of them
// is recorded (the count and the record are separated by an argon2 verification).

export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(keys: readonly string[], task: () => Promise<T>): Promise<T> {
    const earlier = keys
      .map((k) => this.tails.get(k))
      .filter((p): p is Promise<void> => p !== undefined);
    const result = Promise.all(earlier).then(task);
    const done = result.then(
      () => undefined,
      () => undefined,
    );
    for (const k of keys) this.tails.set(k, done);
    void done.then(() => {
      for (const k of keys) if (this.tails.get(k) === done) this.tails.delete(k);
    });
    return result;
  }

  /** Keys with a task queued or running (for tests: the map must not grow). */
  get size(): number {
    return this.tails.size;
  }
}
