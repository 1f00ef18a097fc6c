// One of several processes racing for a data directory's lock (test/integration/data-dir-lock.test.ts):
// says READY, waits for a line on stdin, takes the lock or is refused, holds it a moment, exits.
import { once } from 'node:events';
import { lockDataDir } from '../../server/db/data-dir-lock.js';

const dir = process.env.LOCK_DIR ?? '';
console.log('READY');
await once(process.stdin, 'data');
try {
  const lock = await lockDataDir(dir, (line) => console.log(line));
  console.log(`WON ${process.pid}`);
  await new Promise((r) => setTimeout(r, Number(process.env.HOLD_MS ?? 1500)));
  await lock.release();
} catch (error) {
  console.log(`REFUSED ${(error as Error).message}`);
}
process.exit(0);
