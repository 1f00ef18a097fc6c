import { describe, expect, it } from 'vitest';
import { BoundedSemaphore, QueueFullError } from '../../server/domain/bounded-semaphore.js';

/** A task that runs until released, recording how many run at once. */
function gatedTasks() {
  let running = 0;
  let peak = 0;
  const started: number[] = [];
  const releases = new Map<number, (fail?: boolean) => void>();
  const task = (n: number) => () => {
    running++;
    peak = Math.max(peak, running);
    started.push(n);
    return new Promise<number>((resolve, reject) =>
      releases.set(n, (fail) => {
        running--;
        if (fail) reject(new Error(`task ${n} failed`));
        else resolve(n);
      }),
    );
  };
  return { task, releases, started, peak: () => peak };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('BoundedSemaphore', () => {
  it('runs at most `concurrency` tasks, queues `queueLimit` more in order, refuses the rest', async () => {
    const gate = new BoundedSemaphore(2, 2);
    const t = gatedTasks();
    const results = [1, 2, 3, 4].map((n) => gate.run(t.task(n)));
    await expect(gate.run(t.task(5))).rejects.toBeInstanceOf(QueueFullError);
    await tick();
    expect(t.started).toEqual([1, 2]);
    expect(gate.load).toEqual({ running: 2, waiting: 2 });

    t.releases.get(2)?.(true); // a failing task frees its turn too
    await expect(results[1]).rejects.toThrow('task 2 failed');
    await tick();
    expect(t.started).toEqual([1, 2, 3]);
    // One place in the queue is free again.
    const sixth = gate.run(t.task(6));
    await expect(gate.run(t.task(7))).rejects.toBeInstanceOf(QueueFullError);

    for (const n of [1, 3, 4, 6]) {
      await tick();
      t.releases.get(n)?.();
    }
    expect(await Promise.all([results[0], results[2], results[3], sixth])).toEqual([1, 3, 4, 6]);
    expect(t.started).toEqual([1, 2, 3, 4, 6]);
    expect(t.peak()).toBe(2);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('with no queue, refuses whatever finds every slot taken', async () => {
    const gate = new BoundedSemaphore(1, 0);
    const t = gatedTasks();
    const first = gate.run(t.task(1));
    await expect(gate.run(t.task(2))).rejects.toBeInstanceOf(QueueFullError);
    await tick();
    t.releases.get(1)?.();
    expect(await first).toBe(1);
    expect(await gate.run(() => Promise.resolve('again'))).toBe('again');
  });
});
