// Checks an embedded data directory before PGlite sees it. PGlite answers an unusable directory with
// `Aborted()` and a minified bundle line (or, without PG_VERSION, silently makes a new database over
// the old files), so the causes we can see are named here first, as StartupErrors.
import { mkdir, open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { StartupError } from '../startup-error.js';
import { LOCK_FILE } from './data-dir-lock.js';

const SETTING = 'SEGNALA_DATA_DIR';
/** PostgreSQL's control file is always exactly this long (PG_CONTROL_FILE_SIZE). */
const PG_CONTROL_SIZE = 8192;
const WAL_SEGMENT = /^[0-9A-F]{24}$/;

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** A StartupError for a file-system error met while preparing or reading `dir`. */
export function dataDirError(dir: string, error: unknown): unknown {
  const remedy = `Set ${SETTING} to a directory this user (uid ${process.getuid?.() ?? '?'}) can write, or fix ${dir}.`;
  const cause = {
    ENOTDIR: `part of the path ${dir} is a file, not a directory.`,
    EEXIST: `${dir} is a file, not a directory.`,
    EACCES: `${dir} cannot be written or read by this user (permission denied).`,
    EPERM: `${dir} cannot be written or read by this user (operation not permitted).`,
    EROFS: `${dir} is on a read-only file system.`,
    ENOSPC: `the disk holding ${dir} is full.`,
  }[errno(error) ?? ''];
  return cause ? new StartupError(SETTING, cause, remedy, { cause: error }) : error;
}

/** Creates `dir` if needed and checks that it is a directory. */
export async function prepareDataDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error(dir), { code: 'EEXIST' });
  } catch (error) {
    throw dataDirError(dir, error);
  }
}

function damaged(dir: string, what: string, cause?: unknown): StartupError {
  return new StartupError(
    SETTING,
    `${dir} does not hold a complete PGlite database: ${what}.`,
    `Restore ${dir} from a backup, or move it away to start with a new database (the demo data is loaded again).`,
    { cause },
  );
}

/** Throws when `dir` holds files but not a usable PGlite database; an empty directory is fine (new database). */
export async function checkEmbeddedData(dir: string): Promise<void> {
  try {
    const entries = (await readdir(dir)).filter((name) => !name.startsWith(LOCK_FILE));
    if (entries.length === 0) return;
    if (!entries.includes('PG_VERSION'))
      throw damaged(dir, 'it has files but no PG_VERSION (an interrupted first start?)');
    if (!/^\d+\s*$/.test(await readFile(path.join(dir, 'PG_VERSION'), 'utf8')))
      throw damaged(dir, 'PG_VERSION is not a version number');
    const control = path.join(dir, 'global', 'pg_control');
    const size = await stat(control).then(
      (s) => s.size,
      () => 0,
    );
    if (size !== PG_CONTROL_SIZE)
      throw damaged(dir, `global/pg_control is ${size ? 'truncated' : 'missing'}`);
    await (await open(control, 'r')).close(); // readable by this user?
    const wal = await readdir(path.join(dir, 'pg_wal')).catch(() => []);
    if (!wal.some((name) => WAL_SEGMENT.test(name)))
      throw damaged(dir, 'pg_wal has no write-ahead log');
  } catch (error) {
    throw error instanceof StartupError ? error : dataDirError(dir, error);
  }
}

/** PGlite's own failure to open `dir`, condensed to its first line (its aborts carry a whole minified bundle). */
export function pgliteError(dir: string, error: unknown): StartupError {
  const message = error instanceof Error ? error.message : String(error);
  const cause = message
    .split('\n')[0]
    .replace(/ Build with -sASSERTIONS.*$/, '')
    .slice(0, 200);
  return damaged(dir, `PGlite could not open it (${cause})`, error);
}
