// An embedded data directory belongs to one process. PGlite is a single-process database: two processes
// on the same files each keep their own view and overwrite each other's pages, so reports one of them
// acknowledged are gone after the next start. The owner holds `segnala.lock` in the directory.
//
// - The lock file appears whole and at once: it is written under a private name and hard-linked into
//   place, and link() fails when the name exists, so exactly one process creates it.
// - It names its holder: PID, host, since when, the process's start time and the boot id (Linux /proc),
//   so a PID that a dead holder left behind and another process reused is not taken for the holder.
// - A stale lock (holder dead, or the machine rebooted since) is replaced by one process only: the one
//   that creates the guard lock named after the stale lock's content. The guard is a lock like this one
//   (a dead taker's guard is itself stale), and the taker renames its own lock over the stale one only
//   after re-reading it unchanged, so a slow racer never replaces the lock a faster one has just taken.
// - Released (deleted if still ours) on a clean stop.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { StartupError } from '../startup-error.js';

export const LOCK_FILE = 'segnala.lock';

export interface LockHolder {
  pid: number;
  host: string;
  /** When the lock was taken (ISO 8601). */
  since: string;
  /** Field 22 of /proc/<pid>/stat (start time in clock ticks after boot), when /proc exists. */
  processStart?: string;
  bootId?: string;
  /** Makes every lock's content, and so its guard's name, unique. */
  nonce: string;
}

export interface DataDirLock {
  file: string;
  release(): Promise<void>;
}

type Attempt = { held: false; replaced?: LockHolder } | { held: true; holder: LockHolder };

const MAX_GUARD_DEPTH = 3;
const TAKEOVER_WAIT_MS = 5_000;

function readProc(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function processStart(pid: number): string | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

function bootId(): string | undefined {
  return readProc('/proc/sys/kernel/random/boot_id')?.trim();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

/** Whether the holder has certainly gone. A holder on another host cannot be checked: it stays. */
export function isStale(holder: LockHolder): boolean {
  if (holder.host !== os.hostname()) return false;
  const boot = bootId();
  if (holder.bootId && boot && holder.bootId !== boot) return true;
  if (!isAlive(holder.pid)) return true;
  const started = holder.processStart && processStart(holder.pid);
  return Boolean(started && started !== holder.processStart);
}

function parseHolder(raw: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(raw) as Partial<LockHolder>;
    return Number.isInteger(holder.pid) && typeof holder.host === 'string'
      ? (holder as LockHolder)
      : undefined;
  } catch {
    return undefined; // not ours, or emptied by a crash before it reached the disk: nobody holds it
  }
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function writeSynced(file: string, content: string): Promise<void> {
  const handle = await open(file, 'wx');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One attempt at `file`, replacing a stale lock; `held` when a live process holds it. */
async function attempt(file: string, content: string, depth: number): Promise<Attempt> {
  const draft = `${file}.${randomUUID()}.tmp`;
  await writeSynced(draft, content);
  try {
    for (const deadline = Date.now() + TAKEOVER_WAIT_MS; Date.now() < deadline;) {
      try {
        await link(draft, file);
        return { held: false };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const raw = await readIfExists(file);
      if (raw === undefined) continue; // released meanwhile: try again
      const holder = parseHolder(raw);
      if (holder && !isStale(holder)) return { held: true, holder };
      if (depth >= MAX_GUARD_DEPTH) return { held: true, holder: holder ?? unknownHolder() };
      const guardFile = `${file}.${createHash('sha256').update(raw).digest('hex').slice(0, 16)}`;
      const guard = await attempt(guardFile, content, depth + 1);
      if (guard.held) {
        await sleep(50); // another process is replacing this stale lock: see what it leaves
        continue;
      }
      try {
        // Still the stale lock we judged? Then replace it in one step: nobody sees the name free.
        if ((await readIfExists(file)) === raw) {
          await rename(draft, file);
          return { held: false, replaced: holder ?? unknownHolder() };
        }
      } finally {
        await unlink(guardFile).catch(() => undefined);
      }
    }
    throw new Error(`${file} kept changing for ${TAKEOVER_WAIT_MS / 1000} s`);
  } finally {
    await unlink(draft).catch(() => undefined);
  }
}

function unknownHolder(): LockHolder {
  return { pid: 0, host: 'unknown', since: 'unknown', nonce: '' };
}

function describe(holder: LockHolder): string {
  return `PID ${holder.pid} on ${holder.host}, since ${holder.since}`;
}

/**
 * Takes the lock of an embedded data directory, or throws a StartupError naming the process that
 * holds it. `log` hears when a stale lock is taken over.
 */
export async function lockDataDir(dir: string, log: (line: string) => void): Promise<DataDirLock> {
  const file = path.join(dir, LOCK_FILE);
  const holder: LockHolder = {
    pid: process.pid,
    host: os.hostname(),
    since: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    processStart: processStart(process.pid),
    bootId: bootId(),
    nonce: randomUUID(),
  };
  const content = `${JSON.stringify(holder)}\n`;
  const result = await attempt(file, content, 0);
  if (result.held) {
    const other = result.holder;
    const elsewhere = other.host !== os.hostname();
    throw new StartupError(
      'SEGNALA_DATA_DIR',
      `${dir} is in use by another Segnala process (${describe(other)}).`,
      `PGlite is a single-process database: stop that process first, or give this one its own SEGNALA_DATA_DIR or a DATABASE_URL${elsewhere ? `; if nothing runs on ${other.host} any more, delete ${file}` : ''}.`,
    );
  }
  if (result.replaced)
    log(
      result.replaced.pid
        ? `Took over the stale lock of ${dir}: its holder (${describe(result.replaced)}) is no longer running.`
        : `Took over the lock of ${dir}: ${LOCK_FILE} held no Segnala lock (empty or unreadable).`,
    );
  return {
    file,
    async release() {
      if ((await readIfExists(file).catch(() => undefined)) === content) await unlink(file);
    },
  };
}
