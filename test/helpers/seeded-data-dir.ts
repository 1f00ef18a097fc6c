// A SEGNALA_DATA_DIR whose embedded database is already migrated and seeded (no demo tickets), so that a
// spawned server starts in seconds. Embedded test runs copy the run's template; PostgreSQL runs make one
// per test file on first use.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { openDatabase } from '../../server/db/database.js';
import { seedSeravezza } from '../../seeds/seed.js';

let template: Promise<string> | undefined;
const made: string[] = [];

async function makeTemplate(): Promise<string> {
  const setup = inject('testDatabase');
  if (setup.kind === 'embedded') return setup.templateDir;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'segnala-pglite-tpl-'));
  made.push(dir);
  const db = await openDatabase({ databaseUrl: undefined, embeddedDir: dir, log: () => undefined });
  await seedSeravezza(db.pool, { demo: false, demoTickets: 0 });
  await db.close();
  return dir;
}

/** A new data directory holding a copy of the seeded embedded database in its pglite/. */
export async function seededDataDir(): Promise<string> {
  template ??= makeTemplate();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'segnala-data-'));
  made.push(dir);
  await cp(await template, path.join(dir, 'pglite'), { recursive: true });
  return dir;
}

/** A new, empty temporary directory removed by removeDataDirs(). */
export async function emptyDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'segnala-data-'));
  made.push(dir);
  return dir;
}

export async function removeDataDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}
