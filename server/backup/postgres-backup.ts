// Backup and restore of a real PostgreSQL with the PostgreSQL client tools (pg_dump, pg_restore).
// pg_dump reads the whole database in one repeatable-read snapshot, so the dump is consistent
// while the server keeps writing: every transaction committed before it began is in it, none
// committed after. The custom format (-Fc) is compressed and restores with pg_restore.
import { spawn } from 'node:child_process';
import { createPool, query } from '../db/pool.js';
import { appliedSchemaVersion } from '../db/migrate.js';
import { BackupError, payloadStream } from './backup-file.js';

/** Runs fn with a one-connection pool on url, always closing it. */
async function withPool<T>(url: string, fn: (pool: ReturnType<typeof createPool>) => Promise<T>) {
  const pool = createPool(url, 1);
  try {
    return await fn(pool);
  } finally {
    await pool.end();
  }
}

export function postgresSchemaVersion(url: string): Promise<number | undefined> {
  return withPool(url, (pool) => appliedSchemaVersion(pool));
}

/** The tables (and other relations) of the target, extension members such as spatial_ref_sys aside. */
export function userRelations(url: string): Promise<string[]> {
  return withPool(url, async (pool) => {
    const rows = await query<{ name: string }>(
      pool,
      `select n.nspname || '.' || c.relname as name
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
         and n.nspname not in ('pg_catalog', 'information_schema')
         and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'
         and not exists (select 1 from pg_depend d
                         where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
       order by 1 limit 6`,
    );
    return rows.map((r) => r.name);
  });
}

/**
 * Runs a client tool on url's database. The password travels in PGPASSWORD, not on the command line,
 * where any user of the machine could read it (ps).
 */
function tool(name: string, url: string, args: string[]) {
  const target = new URL(url);
  const password = decodeURIComponent(target.password);
  target.password = '';
  const child = spawn(name, [`--dbname=${target.toString()}`, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: password ? { ...process.env, PGPASSWORD: password } : process.env,
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<void>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new BackupError(
          error.code === 'ENOENT'
            ? `${name} was not found: install the PostgreSQL client tools (Debian: apt-get install postgresql-client-15).`
            : `${name} could not start: ${error.message}`,
        ),
      ),
    );
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new BackupError(`${name} failed (exit ${code}):\n${stderr.trim()}`)),
    );
  });
  return { child, exited };
}

/** pg_dump's custom-format archive of url, as a stream that throws if pg_dump fails. */
export async function* pgDump(url: string): AsyncGenerator<Uint8Array> {
  const { child, exited } = tool('pg_dump', url, ['--format=custom']);
  child.stdin.end();
  // A failure to start is reported by exited; the stream then simply ends.
  exited.catch(() => undefined);
  yield* child.stdout as AsyncIterable<Uint8Array>;
  await exited;
}

/**
 * Restores the payload of a verified backup file into url's database in one transaction: if any
 * statement fails, nothing is left behind. The dump creates the extensions it needs (PostGIS,
 * pg_trgm, unaccent, btree_gist), so they must be installed on the server, not created in the database.
 */
export async function pgRestore(url: string, file: string): Promise<void> {
  const { child, exited } = tool('pg_restore', url, [
    '--single-transaction',
    '--exit-on-error',
    '--no-owner',
    '--no-privileges',
  ]);
  const input = payloadStream(file);
  input.pipe(child.stdin);
  child.stdin.on('error', () => undefined);
  await exited;
}
