// A server that cannot start says why in a few short lines that name the setting and the path or host,
// exits with a non-zero code and prints no stack (NODE_ENV is not development). Real processes, real
// directories; the read-only case runs the server as an unprivileged user, since root writes anywhere.
import { chmod, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runToExit } from '../helpers/server-process.js';
import { emptyDir, removeDataDirs, seededDataDir } from '../helpers/seeded-data-dir.js';

afterAll(removeDataDirs);

const NOBODY = 65534;
const LIMIT_MS = 120_000;

async function failure(
  env: NodeJS.ProcessEnv,
  options: { script?: string; uid?: number } = {},
): Promise<string> {
  const ids = options.uid === undefined ? {} : { uid: options.uid, gid: options.uid };
  const { code, output } = await runToExit(
    options.script ?? 'server/main.ts',
    { PORT: '0', ...env },
    LIMIT_MS,
    ids,
  );
  expect(code, output).toBe(1);
  const lines = output.split('\n').filter((l) => l.trim() !== '');
  expect(lines.length, output).toBeLessThanOrEqual(3);
  for (const line of lines) expect(line.length, line).toBeLessThan(400);
  expect(output).not.toMatch(/^\s+at |Aborted\(\)|-sASSERTIONS/m);
  return output;
}

describe('start-up failures', () => {
  it('names a data directory that is a file, or holds a file where the database should be', async () => {
    const file = path.join(await emptyDir(), 'not-a-dir');
    await writeFile(file, 'x');
    expect(await failure({ SEGNALA_DATA_DIR: file })).toContain(
      `Segnala cannot start. SEGNALA_DATA_DIR: part of the path ${file}/pglite is a file, not a directory.`,
    );

    const dataDir = await emptyDir();
    await writeFile(path.join(dataDir, 'pglite'), 'x');
    expect(await failure({ SEGNALA_DATA_DIR: dataDir })).toContain(
      `SEGNALA_DATA_DIR: ${dataDir}/pglite is a file, not a directory.`,
    );
  }, 300_000);

  it('names a data directory this user cannot write', async () => {
    const dataDir = await seededDataDir();
    const pglite = path.join(dataDir, 'pglite');
    await chmod(dataDir, 0o755); // mkdtemp makes it 0700: let the other user reach pglite/
    await chmod(pglite, 0o555);
    // Root writes through any mode bits: run the server as nobody, as a deployment would.
    const uid = process.getuid?.() === 0 ? NOBODY : undefined;
    // A clone made in a mktemp directory is 0700: let that user reach the project's code (read only).
    const mode = (await stat(ROOT)).mode;
    if (uid !== undefined && (mode & 0o005) !== 0o005) await chmod(ROOT, mode | 0o005);
    const output = await failure({ SEGNALA_DATA_DIR: dataDir, HOME: '/tmp' }, { uid });
    expect(output).toContain(
      `SEGNALA_DATA_DIR: ${pglite} cannot be written or read by this user (permission denied).`,
    );
    await chmod(pglite, 0o755);
  }, 300_000);

  it('names partial or damaged PGlite data instead of printing its abort', async () => {
    const noVersion = await seededDataDir();
    await rm(path.join(noVersion, 'pglite', 'PG_VERSION'));
    // Without this check PGlite would quietly make a new database over the old files.
    expect(await failure({ SEGNALA_DATA_DIR: noVersion })).toContain(
      `SEGNALA_DATA_DIR: ${noVersion}/pglite does not hold a complete PGlite database: it has files but no PG_VERSION`,
    );

    const truncated = await seededDataDir();
    await truncate(path.join(truncated, 'pglite', 'global', 'pg_control'), 100);
    expect(await failure({ SEGNALA_DATA_DIR: truncated })).toContain(
      'does not hold a complete PGlite database: global/pg_control is truncated.',
    );

    // Damage only PGlite itself can find: the catalogue of tables (pg_class of database "postgres").
    const garbage = await seededDataDir();
    await writeFile(path.join(garbage, 'pglite', 'base', '5', '1259'), Buffer.alloc(8192, 0xab));
    const output = await failure({ SEGNALA_DATA_DIR: garbage });
    expect(output).toContain(
      `SEGNALA_DATA_DIR: ${garbage}/pglite does not hold a complete PGlite database: PGlite could not open it`,
    );
    expect(output).toContain(`Restore ${garbage}/pglite from a backup, or move it away`);
  }, 300_000);

  it('names a DATABASE_URL that is not a URL, and a server that refuses, without the password', async () => {
    for (const script of ['server/main.ts', 'server/mail/mail-worker.ts']) {
      const program = script === 'server/main.ts' ? 'Segnala' : 'The mail worker';
      expect(await failure({ DATABASE_URL: 'this is not a url' }, { script })).toContain(
        `${program} cannot start. DATABASE_URL: is not a PostgreSQL connection URL.`,
      );
      const refused = await failure(
        { DATABASE_URL: 'postgres://segnala:s3cret@127.0.0.1:1/segnala' },
        { script },
      );
      expect(refused).toContain(
        `${program} cannot start. DATABASE_URL: the PostgreSQL server 127.0.0.1:1/segnala refused the connection`,
      );
      expect(refused).not.toContain('s3cret');
    }
  }, 300_000);

  it('gives up on a server that accepts the connection but never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket)); // accepts, says nothing
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const started = Date.now();
      const output = await failure({
        DATABASE_URL: `postgres://segnala@127.0.0.1:${port}/segnala`,
      });
      expect(output).toContain(
        `DATABASE_URL: the PostgreSQL server 127.0.0.1:${port}/segnala did not answer in time.`,
      );
      expect(Date.now() - started).toBeLessThan(LIMIT_MS);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  }, 300_000);
});
