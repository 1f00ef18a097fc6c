// Backup and restore time of a big database (issue 18: "backup and restore time for 1,000,000 tickets"),
// measured as an operator runs them: `npm run backup` and `npm run restore -- FILE` (their compiled
// commands, built first and untimed) against the bench database. The bench database itself is never
// touched: it is copied first (`create database segnala_backup_src template segnala_bench`), the copy is backed up, and
// the file restored into a new empty database with PostGIS (segnala_backup_dst). Every table's row count (exact, count(*)) and
// the schema version must be the same in the copy and the restored database. Both databases and the
// file are dropped at the end (`--keep` keeps them).
//   npx tsx test/bench/backup-restore.ts [--source segnala_bench] [--dir /tmp] [--keep]
//   (BENCH_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres; build the source first with
//   `npm run bench -- --prepare-only citizen`)
import { spawnSync } from 'node:child_process';
import { rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const { values } = parseArgs({
  options: {
    source: { type: 'string', default: 'segnala_bench' },
    dir: { type: 'string', default: os.tmpdir() },
    keep: { type: 'boolean', default: false },
  },
});
const SOURCE = values.source;
const COPY = 'segnala_backup_src';
const TARGET = 'segnala_backup_dst';
const FILE = path.join(values.dir, `${COPY}-${process.pid}.backup`);
for (const name of [SOURCE, COPY, TARGET])
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);

const log = (m: string) => console.log(`[backup-restore] ${m}`);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(', ');

function urlOf(db: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${db}`;
  return url.toString();
}

async function withClient<T>(url: string, run: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const admin = <T>(run: (c: pg.Client) => Promise<T>) => withClient(ADMIN_URL, run);

/** Exact row counts of every table of the database (extension members such as spatial_ref_sys aside). */
async function rowCounts(db: string): Promise<Map<string, number>> {
  return withClient(urlOf(db), async (c) => {
    const { rows } = await c.query<{ name: string }>(
      `select format('%I.%I', n.nspname, c.relname) as name
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind in ('r', 'p') and not c.relispartition
         and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
         and not exists (select 1 from pg_depend d
                         where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
       order by 1`,
    );
    const counts = new Map<string, number>();
    for (const { name } of rows) {
      const r = await c.query<{ n: string }>(`select count(*) as n from ${name}`);
      counts.set(name, Number(r.rows[0].n));
    }
    return counts;
  });
}

/** Runs one of Segnala's compiled commands on `db` as `npm run …` would, timed. */
function command(script: string, args: string[], db: string): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [path.join(ROOT, 'dist/scripts', script), ...args], {
    cwd: ROOT,
    // Without NODE_ENV: in production the settings would want JWT_SECRET, PUBLIC_URL and a mail transport.
    env: { ...process.env, DATABASE_URL: urlOf(db), NODE_ENV: undefined },
    encoding: 'utf8',
  });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${result.stdout.trimEnd().replace(/^/gm, `  ${script}: `)}\n`);
  if (result.status !== 0)
    throw new Error(`${script} failed (exit ${result.status}):\n${result.stderr}`);
  return seconds;
}

const dbSize = (db: string) =>
  admin(async (c) => {
    const r = await c.query<{ bytes: string }>('select pg_database_size($1) as bytes', [db]);
    return Number(r.rows[0].bytes);
  });
const mb = (bytes: number) =>
  `${(bytes / 1e6).toLocaleString('en-US', { maximumFractionDigits: 0 })} MB`;

const exists = await admin(
  async (c) => (await c.query('select 1 from pg_database where datname = $1', [SOURCE])).rowCount,
);
if (!exists)
  throw new Error(
    `no ${SOURCE} database: build it first (npm run bench -- --prepare-only citizen)`,
  );

log('compiling the commands (npm run build:server, untimed)…');
const build = spawnSync('node', ['scripts/ensure-build.mjs'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) throw new Error('the build failed');

const figures: Record<string, string> = { source: SOURCE };
try {
  await admin((c) => c.query(`drop database if exists ${COPY} with (force)`));
  await admin((c) => c.query(`drop database if exists ${TARGET} with (force)`));
  log(`copying ${SOURCE} to ${COPY} (the bench database stays untouched)…`);
  let t0 = performance.now();
  // A template copy needs the source without sessions; the bench database has none between runs.
  await admin((c) => c.query(`create database ${COPY} template ${SOURCE}`));
  figures['copy (create database … template, not part of the figures)'] =
    `${((performance.now() - t0) / 1000).toFixed(0)} s`;
  const tickets = await withClient(urlOf(COPY), async (c) =>
    Number((await c.query<{ n: string }>('select count(*) as n from ticket')).rows[0].n),
  );
  figures.tickets = tickets.toLocaleString('en-US');
  figures['database size'] = mb(await dbSize(COPY));

  figures['load average before the backup (1, 5, 15 min)'] = load();
  log(`npm run backup on ${COPY}…`);
  const backupS = command('backup.js', ['--out', FILE], COPY);
  figures['backup time (npm run backup)'] = `${backupS.toFixed(1)} s`;
  figures['backup file'] = mb((await stat(FILE)).size);

  await admin((c) => c.query(`create database ${TARGET}`));
  await withClient(urlOf(TARGET), (c) => c.query('create extension postgis'));
  figures['load average before the restore (1, 5, 15 min)'] = load();
  log(`npm run restore into the new database ${TARGET}…`);
  const restoreS = command('restore.js', [FILE], TARGET);
  figures['restore time (npm run restore)'] = `${restoreS.toFixed(1)} s`;
  figures['load average after the restore (1, 5, 15 min)'] = load();
  figures['restored database size'] = mb(await dbSize(TARGET));

  log('comparing every table’s row count…');
  t0 = performance.now();
  const [before, after] = [await rowCounts(COPY), await rowCounts(TARGET)];
  const differ = [...new Set([...before.keys(), ...after.keys()])].filter(
    (t) => before.get(t) !== after.get(t),
  );
  const version = async (db: string) =>
    withClient(urlOf(db), async (c) =>
      Number(
        (await c.query<{ v: string }>('select max(version) as v from schema_version')).rows[0].v,
      ),
    );
  const [v1, v2] = [await version(COPY), await version(TARGET)];
  const rows = [...before.values()].reduce((a, b) => a + b, 0);
  figures['row counts'] = differ.length
    ? `DIFFER in ${differ.map((t) => `${t} (${before.get(t)} → ${after.get(t)})`).join(', ')}`
    : `equal in all ${before.size} tables (${rows.toLocaleString('en-US')} rows), checked in ${((performance.now() - t0) / 1000).toFixed(0)} s`;
  figures['schema version'] = v1 === v2 ? `${v1} in both` : `DIFFERS: ${v1} → ${v2}`;
  figures.date = new Date().toISOString();
  figures.machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`;
  console.log(
    [
      '| measure | figure |',
      '| --- | --- |',
      ...Object.entries(figures).map(([k, v]) => `| ${k} | ${v} |`),
    ].join('\n'),
  );
  if (differ.length || v1 !== v2) process.exitCode = 1;
} finally {
  if (!values.keep) {
    await rm(FILE, { force: true });
    await admin((c) => c.query(`drop database if exists ${COPY} with (force)`));
    await admin((c) => c.query(`drop database if exists ${TARGET} with (force)`));
    log(`dropped ${COPY}, ${TARGET} and ${FILE}`);
  }
}
