// Backup and restore of the embedded database. A running server is asked through its backup
// socket (it holds the data directory); a stopped one is opened here, read, and closed again.
// The payload is PGlite's own gzipped tarball of the data directory, restored with loadDataDir.
import { LOCK_FILE } from '../db/data-dir-lock.js';
import { openAsBlob } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import { startEmbedded } from '../db/embedded.js';
import { dumpEmbedded } from '../db/embedded-dump.js';
import { createPool } from '../db/pool.js';
import { BackupError, HEADER_BYTES } from './backup-file.js';
import { requestBackup } from './backup-socket.js';

export interface EmbeddedPayload {
  schemaVersion: number | undefined;
  payload: AsyncIterable<Uint8Array>;
  /** Whether the running server made it, or this process from the stopped data directory. */
  via: 'running server' | 'data directory';
}

/** Files in dir; none when it does not exist. */
export async function filesIn(dir: string): Promise<string[]> {
  return readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
}

export async function embeddedPayload(
  dataDir: string,
  embeddedDir: string,
): Promise<EmbeddedPayload> {
  const fromServer = await requestBackup(dataDir);
  if (fromServer) return { ...fromServer, via: 'running server' };
  if (!(await filesIn(embeddedDir)).includes('PG_VERSION'))
    throw new BackupError(
      `There is no embedded database in ${embeddedDir} (check SEGNALA_DATA_DIR, or set DATABASE_URL).`,
    );
  const embedded = await startEmbedded(embeddedDir);
  const pool = createPool(embedded.connectionString, 1);
  try {
    const dump = await dumpEmbedded(pool, embedded.pglite);
    return {
      schemaVersion: dump.schemaVersion,
      payload: Readable.fromWeb(dump.tarball.stream() as never),
      via: 'data directory',
    };
  } finally {
    await pool.end();
    await embedded.stop();
  }
}

/** Unpacks a verified backup file into embeddedDir, which must not exist or be empty. */
export async function restoreEmbedded(embeddedDir: string, file: string): Promise<void> {
  const tarball = (await openAsBlob(file)).slice(HEADER_BYTES, undefined, 'application/x-gzip');
  try {
    await mkdir(embeddedDir, { recursive: true });
    const pglite = await PGlite.create({ dataDir: embeddedDir, loadDataDir: tarball });
    try {
      // The same question the server asks at start: which migration the restored database is at.
      await pglite.query('select max(version) from schema_version').catch(() => {
        throw new BackupError(`${file} unpacked to a database without a Segnala schema.`);
      });
    } finally {
      await pglite.close();
    }
    // The tarball copies every file of the directory, including the one-process lock of the server
    // that held it (segnala.lock); that lock names a process of the source, never of this copy.
    await rm(path.join(embeddedDir, LOCK_FILE), { force: true });
  } catch (error) {
    // The folder was empty or absent before: leave it so, not half-restored.
    await rm(embeddedDir, { recursive: true, force: true });
    if (error instanceof BackupError) throw error;
    throw new BackupError(
      `${file} could not be unpacked into ${path.resolve(embeddedDir)}: ${(error as Error).message}`,
    );
  }
}
