// A consistent copy of the embedded database: a gzipped tarball of PGlite's data directory, taken
// while this process holds the pool's only connection (so no query or transaction of ours is
// running) and right after a checkpoint (so the files alone hold every committed row, no WAL replay).
// PGlite reads the files into the tarball synchronously, in one turn of the event loop.
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { appliedSchemaVersion } from './migrate.js';

export interface EmbeddedDump {
  schemaVersion: number | undefined;
  tarball: Blob;
}

export async function dumpEmbedded(pool: pg.Pool, pglite: PGlite): Promise<EmbeddedDump> {
  const client = await pool.connect();
  try {
    const schemaVersion = await appliedSchemaVersion(client);
    await client.query('checkpoint');
    return { schemaVersion, tarball: await pglite.dumpDataDir('gzip') };
  } finally {
    client.release();
  }
}
