// One process per embedded data directory: a second server (or the mail worker) is refused and says who
// holds it; a holder killed with SIGKILL leaves a stale lock the next start takes over; racers for a stale
// lock produce exactly one winner; a reused PID is not mistaken for the holder.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  LOCK_FILE,
  lockDataDir,
  processStart,
  type LockHolder,
} from '../../server/db/data-dir-lock.js';
import {
  freePort,
  graphqlAt,
  runToExit,
  spawnScript,
  startServer,
} from '../helpers/server-process.js';
import { emptyDir, removeDataDirs, seededDataDir } from '../helpers/seeded-data-dir.js';

afterAll(removeDataDirs);

/** A pid that certainly belonged to a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

async function writeLock(dir: string, holder: Partial<LockHolder>): Promise<void> {
  await mkdir(dir, { recursive: true });
  const content: LockHolder = {
    pid: deadPid(),
    host: os.hostname(),
    since: '2026-01-02T03:04:05Z',
    nonce: 'test',
    ...holder,
  };
  await writeFile(path.join(dir, LOCK_FILE), JSON.stringify(content));
}

function expectShort(output: string) {
  const lines = output.split('\n').filter((l) => l.trim() !== '');
  expect(lines.length, output).toBeLessThanOrEqual(3);
  expect(output).not.toMatch(/^\s+at /m);
}

describe('the embedded data directory lock', () => {
  it('refuses a second server and the mail worker while the first serves; after kill -9 the next start takes over', async () => {
    const dataDir = await seededDataDir();
    const lockFile = path.join(dataDir, 'pglite', LOCK_FILE);
    const port = await freePort();
    const first = await startServer(dataDir, port);
    const firstPid = first.child.pid;

    const second = await runToExit(
      'server/main.ts',
      { SEGNALA_DATA_DIR: dataDir, PORT: '0' },
      90_000,
    );
    expect(second.code, second.output).toBe(1);
    expect(second.output).toContain(`${path.join(dataDir, 'pglite')} is in use`);
    expect(second.output).toMatch(new RegExp(`PID ${firstPid} on .+, since \\d{4}-\\d\\d-\\d\\dT`));
    expectShort(second.output);

    const worker = await runToExit(
      'server/mail/mail-worker.ts',
      { SEGNALA_DATA_DIR: dataDir },
      90_000,
    );
    expect(worker.code, worker.output).toBe(1);
    expect(worker.output).toContain('The mail worker cannot start. DATABASE_URL');
    expect(worker.output).toContain('single-process database');
    expect(worker.output).toContain('set DATABASE_URL to a PostgreSQL server');
    expectShort(worker.output);

    // The first one still serves, from its own data.
    const categories = (await graphqlAt(port, '{ categories { code } }')).data.categories;
    expect((categories as unknown[]).length).toBeGreaterThan(5);

    first.child.kill('SIGKILL');
    await first.exited;
    expect(existsSync(lockFile)).toBe(true); // left behind

    const third = await startServer(dataDir, port);
    expect(third.output()).toContain(
      `Took over the stale lock of ${path.join(dataDir, 'pglite')}: its holder (PID ${firstPid} on`,
    );
    expect(await graphqlAt(port, '{ categories { code } }')).toEqual({ data: { categories } });
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
    expect(existsSync(lockFile)).toBe(false); // released on a clean stop
  }, 600_000);

  it('lets exactly one of several processes racing for a stale lock win', async () => {
    for (let round = 0; round < 2; round++) {
      const dir = await emptyDir();
      await writeLock(dir, {});
      const racers = Array.from({ length: 4 }, () =>
        spawnScript(
          'test/helpers/lock-contender.ts',
          { LOCK_DIR: dir, HOLD_MS: '2000' },
          { stdin: 'pipe' },
        ),
      );
      for (const racer of racers) {
        const deadline = Date.now() + 60_000;
        while (!racer.output().includes('READY') && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 50));
      }
      for (const racer of racers) racer.child.stdin?.write('go\n');
      await Promise.all(racers.map((r) => r.exited));
      const outputs = racers.map((r) => r.output());
      const winners = outputs.filter((o) => o.includes('WON'));
      expect(winners, outputs.join('\n---\n')).toHaveLength(1);
      const winnerPid = /WON (\d+)/.exec(winners[0])?.[1];
      expect(winners[0]).toContain('Took over the stale lock');
      for (const loser of outputs.filter((o) => !o.includes('WON')))
        expect(loser).toContain(
          `REFUSED SEGNALA_DATA_DIR: ${dir} is in use by another Segnala process (PID ${winnerPid} on`,
        );
    }
  }, 240_000);

  it('takes a lock whose PID now belongs to another process, refuses a live holder and one on another host', async () => {
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);

    // The PID is alive (ours) but started at another time: a dead holder's PID reused.
    const reused = await emptyDir();
    await writeLock(reused, { pid: process.pid, processStart: '1' });
    const lock = await lockDataDir(reused, log);
    expect(lines.join('\n')).toContain(
      `its holder (PID ${process.pid} on ${os.hostname()}, since 2026-01-02T03:04:05Z) is no longer running`,
    );

    // The same live holder (this process, same start time) keeps it.
    await expect(lockDataDir(reused, log)).rejects.toThrow(
      `is in use by another Segnala process (PID ${process.pid}`,
    );
    await lock.release();
    expect(existsSync(path.join(reused, LOCK_FILE))).toBe(false);

    const live = await emptyDir();
    await writeLock(live, { pid: process.pid, processStart: processStart(process.pid) });
    await expect(lockDataDir(live, log)).rejects.toThrow(
      `(PID ${process.pid} on ${os.hostname()}, since 2026-01-02T03:04:05Z)`,
    );

    // Another host's PID cannot be checked from here: refused, with the way out.
    const remote = await emptyDir();
    await writeLock(remote, { host: 'elsewhere.example' });
    await expect(lockDataDir(remote, log)).rejects.toMatchObject({
      remedy: expect.stringContaining(
        `if nothing runs on elsewhere.example any more, delete ${path.join(remote, LOCK_FILE)}`,
      ) as unknown,
    });
    expect(JSON.parse(await readFile(path.join(remote, LOCK_FILE), 'utf8'))).toMatchObject({
      host: 'elsewhere.example',
    });
  });
});
