// Embedded PostgreSQL: PGlite with PostGIS, pg_trgm, unaccent and btree_gist, served over a local TCP
// socket so that the server uses the very same `pg` Pool (max 1 connection) as on a real PostgreSQL.
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { StartupError } from '../startup-error.js';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import { checkEmbeddedData, dataDirError, pgliteError, prepareDataDir } from './embedded-dir.js';
import { postgisCore } from './postgis-bundle.js';

export interface EmbeddedDatabase {
  connectionString: string;
  pglite: PGlite;
  stop(): Promise<void>;
}

/** Checks dataDir and takes its lock (one process per directory), or throws a StartupError. */
async function claimDataDir(dataDir: string, log: (line: string) => void): Promise<DataDirLock> {
  await prepareDataDir(dataDir);
  const lock = await lockDataDir(dataDir, log).catch((error: unknown) => {
    throw error instanceof StartupError ? error : dataDirError(dataDir, error);
  });
  try {
    await checkEmbeddedData(dataDir);
    return lock;
  } catch (error) {
    await lock.release().catch(() => undefined);
    throw error;
  }
}

/** Starts PGlite persisted in dataDir (in memory when dataDir is undefined). */
export async function startEmbedded(
  dataDir: string | undefined,
  // Command-line tools hear it on stderr; the server passes its logger.
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<EmbeddedDatabase> {
  const lock = dataDir ? await claimDataDir(dataDir, log) : undefined;
  try {
    const pglite = await PGlite.create({
      dataDir,
      extensions: { postgis: postgisCore, pg_trgm, unaccent, btree_gist },
    }).catch((error: unknown) => {
      throw dataDir ? pgliteError(dataDir, error) : error;
    });
    const server = new PGLiteSocketServer({
      db: pglite,
      port: 0,
      host: '127.0.0.1',
      maxConnections: 8,
    });
    await server.start();
    // getServerConn() answers "host:port" once listening (port 0 picks a free one).
    const hostPort = server.getServerConn();
    let stopped = false;
    return {
      connectionString: `postgres://postgres@${hostPort}/postgres`,
      pglite,
      async stop() {
        if (stopped) return;
        stopped = true;
        await server.stop();
        // close() checkpoints and flushes to disk, so the next start finds the same data.
        await pglite.close();
        await lock?.release();
      },
    };
  } catch (error) {
    await lock?.release().catch(() => undefined);
    throw error;
  }
}
