// npm run backup / restore on the database under test: a backup taken by the command while citizens
// keep submitting reports over HTTP to the running server holds every report acknowledged before
// the backup began; a truncated, damaged or foreign file and a non-empty target are refused and
// leave the target as it was.
import { createLogger } from '../../server/logger.js';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { restoreBackup, takeBackup } from '../../server/backup/backup.js';
import { HEADER_BYTES } from '../../server/backup/backup-file.js';
import { latestMigrationVersion } from '../../server/db/migrate.js';
import { findMunicipalityByIstat } from '../../server/db/municipality.queries.js';
import { startSegnala, type RunningSegnala } from '../../server/start.js';
import { categoryId, reportInput, streetPoint, SUBMIT_REPORT } from '../helpers/citizen.js';
import { testConfig, type TestDatabase } from '../helpers/database.js';
import { adminUrlFor } from '../helpers/global-setup.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const setup = inject('testDatabase');
const run = promisify(execFile);

/** Where a database lives: the settings that point Segnala at it, and how to read it back. */
interface Place {
  env: NodeJS.ProcessEnv;
  /** Tracking codes of every ticket in it (none when it holds no database). */
  codes(): Promise<string[]>;
  /** Whether anything at all is there (tables, or files in the data directory). */
  isEmpty(): Promise<boolean>;
}

const cleanups: (() => Promise<void>)[] = [];
const tmp = await mkdtemp(path.join(os.tmpdir(), 'segnala-bk-'));
cleanups.push(() => rm(tmp, { recursive: true, force: true }));
let placeCount = 0;

/** A new database: a copy of the seeded test template, or (empty) nothing at all. */
async function newPlace(seeded: boolean): Promise<Place> {
  placeCount += 1;
  if (setup.kind === 'citus')
    throw new Error('The backup tests run on PostgreSQL or PGlite, not Citus.');
  if (setup.kind === 'postgres') {
    const name = `segnala_bk_${process.pid}_${placeCount}`;
    const admin = new pg.Client({ connectionString: setup.adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}${seeded ? ` template ${setup.template}` : ''}`);
    await admin.end();
    const url = adminUrlFor(setup.adminUrl, name);
    cleanups.push(async () => {
      const drop = new pg.Client({ connectionString: setup.adminUrl });
      await drop.connect();
      await drop.query(`drop database if exists ${name} with (force)`);
      await drop.end();
    });
    const sql = async <T>(text: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(text)).rows as T[];
      } finally {
        await client.end();
      }
    };
    return {
      env: { DATABASE_URL: url },
      codes: async () =>
        (await sql<{ code: string }>(`select code from ticket`)).map((r) => r.code),
      isEmpty: async () =>
        (
          await sql<{ n: number }>(
            `select count(*)::int as n from pg_class c join pg_namespace s on s.oid = c.relnamespace
             where s.nspname = 'public'`,
          )
        )[0].n === 0,
    };
  }
  const dataDir = path.join(tmp, `data-${placeCount}`);
  if (seeded) await cp(setup.templateDir, path.join(dataDir, 'pglite'), { recursive: true });
  const files = () => readdir(path.join(dataDir, 'pglite')).catch(() => []);
  return {
    env: { DATABASE_URL: '', SEGNALA_DATA_DIR: dataDir },
    codes: async () => {
      const db = await PGlite.create({ dataDir: path.join(dataDir, 'pglite') });
      try {
        return (await db.query<{ code: string }>('select code from ticket')).rows.map(
          (r) => r.code,
        );
      } finally {
        await db.close();
      }
    },
    isEmpty: async () => (await files()).length === 0,
  };
}

function configFor(place: Place) {
  return testConfig({
    ...place.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    RATE_REPORTS_PER_HOUR_ADDRESS: '0',
    RATE_REPORTS_PER_HOUR_EMAIL: '0',
    MAIL_POLL_MS: '600000',
  });
}

/** Runs `npm run backup|restore`'s script in its own process, as an operator would. */
async function command(script: 'backup' | 'restore', place: Place, args: string[]) {
  const result = await run(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...place.env, LOG_LEVEL: 'silent' },
  }).then(
    (r) => ({ code: 0, output: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      output: e.stdout + e.stderr,
    }),
  );
  return result;
}

let source: Place;
let server: RunningSegnala | undefined;
let backupFile: string;
let acknowledgedBefore: string[] = [];
let acknowledgedDuring = 0;
let sourceCodes: string[] = [];

afterAll(async () => {
  await server?.stop();
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

describe(`backup and restore (${setup.kind})`, () => {
  beforeAll(async () => {
    source = await newPlace(true);
    server = await startSegnala(configFor(source), createLogger('silent'));
    const municipality = await findMunicipalityByIstat(server.db.pool, '046028');
    const db = { pool: server.db.pool, municipality } as TestDatabase;
    const [category, point] = await Promise.all([
      categoryId(db, 'buca_stradale'),
      streetPoint(db, 3),
    ]);
    const url = `${server.url.replace('localhost', '127.0.0.1')}/graphql`;

    // Four citizens submit reports one after another until the backup is done.
    const acknowledged: { code: string; at: number }[] = [];
    let stop = false;
    const citizen = async (n: number) => {
      for (let i = 0; !stop; i++) {
        const input = reportInput(category, point, {
          email: `citizen${n}@example.org`,
          title: `Buca ${n}-${i}`,
        });
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.0.0.${n}` },
          body: JSON.stringify({ query: SUBMIT_REPORT, variables: { input } }),
        });
        const body = (await response.json()) as {
          data?: { submitReport: { ticket: { code: string } } };
          errors?: unknown[];
        };
        if (!body.data) throw new Error(`submitReport failed: ${JSON.stringify(body.errors)}`);
        acknowledged.push({ code: body.data.submitReport.ticket.code, at: performance.now() });
      }
    };
    const load = Promise.all([1, 2, 3, 4].map(citizen));
    while (acknowledged.length < 20) await new Promise((r) => setTimeout(r, 50));

    backupFile = path.join(tmp, 'during-load.backup');
    const began = performance.now();
    acknowledgedBefore = acknowledged.map((a) => a.code);
    const backup = await command('backup', source, ['--out', backupFile]);
    const ended = performance.now();
    // Let the citizens see the server answer again after the backup, then stop them.
    const after = acknowledged.length;
    while (acknowledged.length < after + 4) await new Promise((r) => setTimeout(r, 50));
    stop = true;
    await load;
    expect(backup.output).toContain('Backup written to');
    expect(backup.code).toBe(0);
    acknowledgedDuring = acknowledged.filter((a) => a.at > began && a.at < ended).length;
  }, 120_000);

  it('restores, into an empty database, every report acknowledged before the backup began', async () => {
    // The backup ran while reports were being filed: on PostgreSQL they were answered during it; on
    // the embedded database (one connection) they waited for it and were answered right after.
    if (setup.kind === 'postgres') expect(acknowledgedDuring).toBeGreaterThan(0);
    const target = await newPlace(false);
    const restore = await command('restore', target, [backupFile]);
    expect(restore.output).toContain('Restored');
    expect(restore.code).toBe(0);

    const restored = new Set(await target.codes());
    const missing = acknowledgedBefore.filter((code) => !restored.has(code));
    expect(acknowledgedBefore.length).toBeGreaterThanOrEqual(20);
    expect(missing).toEqual([]);
  }, 60_000);

  it('refuses a truncated, damaged or foreign file and leaves the empty target untouched', async () => {
    const target = await newPlace(false);
    const config = configFor(target);
    const whole = await readFile(backupFile);
    const variant = async (name: string, bytes: Buffer) => {
      const file = path.join(tmp, name);
      await writeFile(file, bytes);
      return file;
    };
    const header = JSON.parse(whole.subarray(0, HEADER_BYTES).toString().split('\n')[1]) as Record<
      string,
      unknown
    >;
    const withHeader = (changes: Record<string, unknown>) => {
      const text = `SEGNALA-BACKUP 1\n${JSON.stringify({ ...header, ...changes })}\n`;
      const block = Buffer.alloc(HEADER_BYTES, ' ');
      block.write(text);
      return Buffer.concat([block, whole.subarray(HEADER_BYTES)]);
    };
    const damaged = Buffer.from(whole);
    damaged[HEADER_BYTES + 100] ^= 0xff;
    const cases: [string, Buffer, RegExp][] = [
      ['truncated', whole.subarray(0, whole.length - 1000), /truncated/],
      ['header-only', whole.subarray(0, 100), /not a Segnala backup/],
      ['damaged', damaged, /does not match the checksum/],
      [
        'newer-schema',
        withHeader({ schemaVersion: latestMigrationVersion() + 1 }),
        /knows versions up to/,
      ],
      [
        'other-kind',
        withHeader({ kind: setup.kind === 'postgres' ? 'embedded' : 'postgres' }),
        /is a backup of/,
      ],
      ['not-ours', Buffer.from('PGDMP not a segnala file'), /not a Segnala backup/],
    ];
    for (const [name, bytes, reason] of cases) {
      const file = await variant(`${name}.backup`, bytes);
      await expect(restoreBackup(config, file), name).rejects.toThrow(reason);
      expect(await target.isEmpty(), name).toBe(true);
    }
    // The command says so and exits 1.
    const refused = await command('restore', target, [path.join(tmp, 'truncated.backup')]);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/truncated.*Nothing was restored/);
    expect(refused.output).not.toMatch(/\n\s+at /);
    expect(await target.isEmpty()).toBe(true);
  }, 60_000);

  it('refuses a target that already holds a database, and leaves it as it was', async () => {
    await server?.stop();
    server = undefined;
    sourceCodes = await source.codes();
    await expect(restoreBackup(configFor(source), backupFile)).rejects.toThrow(
      setup.kind === 'postgres' ? /not empty/ : /already holds files/,
    );
    expect((await source.codes()).length).toBe(sourceCodes.length);
  }, 60_000);

  it.runIf(setup.kind === 'embedded')(
    'backs up a stopped embedded database from its data directory',
    async () => {
      const file = path.join(tmp, 'stopped.backup');
      const { header, via } = await takeBackup(configFor(source), file);
      expect(via).toBe('data directory');
      const target = await newPlace(false);
      await restoreBackup(configFor(target), file);
      expect((await target.codes()).sort()).toEqual([...sourceCodes].sort());
      expect(header.schemaVersion).toBe(latestMigrationVersion());
    },
    60_000,
  );
});
