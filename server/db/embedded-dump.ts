// A consistent copy of the embedded database: a gzipped tarball of PGlite's data directory, taken
// while this process holds the pool's only connection (so no query or transaction of ours is
// running) and right after a checkpoint (so the files alone hold every committed row, no WAL replay).
// PGlite reads the files into the tarball synchronously, in one turn of the event loop. The tarball
// is compressed after the connection is given back, so requests wait only for the copy of the files.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { appliedSchemaVersion } from './migrate.js';

const gzipAsync = promisify(gzip);

export interface EmbeddedDump {
  schemaVersion: number | undefined;
  tarball: Blob;
}

export async function dumpEmbedded(pool: pg.Pool, pglite: PGlite): Promise<EmbeddedDump> {
  const client = await pool.connect();
  let schemaVersion: number | undefined;
  let tar: Blob;
  try {
    schemaVersion = await appliedSchemaVersion(client);
    await client.query('checkpoint');
    tar = await pglite.dumpDataDir('none');
  } finally {
    client.release();
  }
  const compressed = await gzipAsync(new Uint8Array(await tar.arrayBuffer()));
  return { schemaVersion, tarball: new Blob([compressed], { type: 'application/x-gzip' }) };
}
