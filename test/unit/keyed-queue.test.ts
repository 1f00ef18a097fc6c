import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../../server/domain/keyed-queue.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('KeyedQueue', () => {
  it('runs tasks sharing a key one after another, others alongside, and forgets idle keys', async () => {
    const q = new KeyedQueue();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name}+`);
      await tick();
      log.push(`${name}-`);
      return name;
    };
    const results = await Promise.all([
      q.run(['a'], task('1')),
      q.run(['a', 'b'], task('2')),
      q.run(['c'], task('3')),
      q.run(['b'], task('4')),
    ]);
    expect(results).toEqual(['1', '2', '3', '4']);
    // 1 and 3 start together; 2 waits for 1; 4 waits for 2 (key b).
    expect(log.indexOf('2+')).toBeGreaterThan(log.indexOf('1-'));
    expect(log.indexOf('4+')).toBeGreaterThan(log.indexOf('2-'));
    expect(log.indexOf('3+')).toBeLessThan(log.indexOf('1-'));
    await tick();
    expect(q.size).toBe(0);
  });

  it('goes on after a task fails', async () => {
    const q = new KeyedQueue();
    await expect(q.run(['a'], () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await q.run(['a'], async () => 'next')).toBe('next');
  });
});
