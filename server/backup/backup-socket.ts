// Backups of a running embedded server. Only one process may open the PGlite data directory, so
// `npm run backup` asks the server that holds it, through a Unix socket beside it
// ($SEGNALA_DATA_DIR/backup.sock, mode 0600: only the server's own user can connect, no password).
// Protocol: the client sends `backup\n`; the server answers one JSON line
// ({"ok":true,"schemaVersion":N,"bytes":N} or {"ok":false,"error":"…"}) and then the tarball.
import { chmod, rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EmbeddedDump } from '../db/embedded-dump.js';
import { BackupError } from './backup-file.js';

/** Longest Unix socket path Linux and macOS accept. */
const MAX_SOCKET_PATH = 103;

export function backupSocketPath(dataDir: string): string {
  return path.join(dataDir, 'backup.sock');
}

export interface BackupSocket {
  close(): Promise<void>;
}

interface Answer {
  ok: boolean;
  error?: string;
  schemaVersion?: number;
  bytes?: number;
}

/** Serves backups of the running embedded database on dataDir/backup.sock. */
export async function serveBackups(
  dataDir: string,
  dump: () => Promise<EmbeddedDump>,
  log: (message: string) => void,
): Promise<BackupSocket> {
  const socketPath = backupSocketPath(dataDir);
  if (socketPath.length > MAX_SOCKET_PATH) {
    log(
      `Backups of the running server are off: ${socketPath} is longer than a socket path may be; use a shorter SEGNALA_DATA_DIR.`,
    );
    return { close: async () => undefined };
  }
  // This process holds the data directory, so a socket file left there is a dead server's.
  await rm(socketPath, { force: true });
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', (request) => {
      if (request.toString('utf8').trim() !== 'backup') {
        socket.end(`${JSON.stringify({ ok: false, error: 'unknown request' })}\n`);
        return;
      }
      void answer(socket, dump, log);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
  await chmod(socketPath, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        void rm(socketPath, { force: true });
      }),
  };
}

async function answer(
  socket: net.Socket,
  dump: () => Promise<EmbeddedDump>,
  log: (message: string) => void,
): Promise<void> {
  const started = Date.now();
  let result: EmbeddedDump;
  try {
    result = await dump();
  } catch (error) {
    log(`A backup was asked for and failed: ${(error as Error).message}`);
    socket.end(
      `${JSON.stringify({ ok: false, error: 'the server could not copy its database' })}\n`,
    );
    return;
  }
  const header: Answer = {
    ok: true,
    schemaVersion: result.schemaVersion,
    bytes: result.tarball.size,
  };
  socket.write(`${JSON.stringify(header)}\n`);
  await pipeline(Readable.fromWeb(result.tarball.stream() as never), socket).catch(() => undefined);
  log(
    `Backup copied to a client: ${(result.tarball.size / 1e6).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
}

export interface ServerBackup {
  schemaVersion: number | undefined;
  payload: AsyncIterable<Uint8Array>;
}

/**
 * Asks the server running on dataDir for a backup. Undefined when no server listens there (then the
 * caller may open the data directory itself).
 */
export async function requestBackup(dataDir: string): Promise<ServerBackup | undefined> {
  const socketPath = backupSocketPath(dataDir);
  const socket = await new Promise<net.Socket | undefined>((resolve, reject) => {
    const s = net.createConnection(socketPath);
    s.once('connect', () => resolve(s));
    s.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') resolve(undefined);
      else reject(error);
    });
  });
  if (!socket) return undefined;
  socket.write('backup\n');
  const chunks = socket[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let buffered = Buffer.alloc(0);
  let newline = -1;
  while (newline < 0) {
    const next = await chunks.next();
    if (next.done) throw new BackupError('The running server closed the connection early.');
    buffered = Buffer.concat([buffered, next.value]);
    newline = buffered.indexOf('\n');
  }
  const header = JSON.parse(buffered.subarray(0, newline).toString('utf8')) as Answer;
  if (!header.ok || header.bytes === undefined)
    throw new BackupError(`The running server refused the backup: ${header.error ?? 'no reason'}.`);
  const expected = header.bytes;
  const rest = buffered.subarray(newline + 1);
  async function* payload(): AsyncGenerator<Uint8Array> {
    let received = rest.length;
    if (rest.length > 0) yield rest;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      received += next.value.length;
      yield next.value;
    }
    if (received !== expected)
      throw new BackupError(
        `The running server sent ${received} of ${expected} bytes; the backup was not written.`,
      );
  }
  return { schemaVersion: header.schemaVersion, payload: payload() };
}
