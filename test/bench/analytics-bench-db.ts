// The analytics bench database: a real PostGIS database (default segnala_bench) holding the Seravezza
// reference seed and 1,000,000 demo tickets, made once and reused by every bench run (seeding takes minutes).
// Migrations are applied as plain SQL files (the data model and the analytics ones), not through
// postgrator, so that work in progress in other migrations cannot block the bench.
//   npx tsx test/bench/analytics-bench-db.ts [--tickets 1000000]   (BENCH_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres)
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { insertDemoTickets } from '../../seeds/demo-tickets.js';
import { SERAVEZZA } from '../../seeds/seravezza.catalog.js';
import { seedSeravezza } from '../../seeds/seed.js';
import { createPool } from '../../server/db/pool.js';

const SQL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../sql');
export const BENCH_ADMIN_URL =
  process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const BENCH_DB = process.env.BENCH_DB ?? 'segnala_bench';
export const BENCH_TICKETS = 1_000_000;

export function benchUrl(): string {
  const url = new URL(BENCH_ADMIN_URL);
  url.pathname = `/${BENCH_DB}`;
  return url.toString();
}

/** The data model (001) and every analytics migration (030–039), in order; each is idempotent or guarded. */
async function analyticsMigrations(): Promise<string[]> {
  const files = (await readdir(SQL_DIR)).filter((f) => /^(001|03\d)\.do\..*\.sql$/.test(f)).sort();
  return files.map((f) => path.join(SQL_DIR, f));
}

async function applied(pool: pg.Pool): Promise<Set<string>> {
  await pool.query(
    'create table if not exists bench_migration (name text primary key, at timestamptz default now())',
  );
  return new Set(
    (await pool.query<{ name: string }>('select name from bench_migration')).rows.map(
      (r) => r.name,
    ),
  );
}

/** Creates (if needed) and returns a pool on the bench database, with the analytics migrations applied. */
export async function openBenchDatabase(log: (m: string) => void = console.log): Promise<pg.Pool> {
  const admin = new pg.Client({ connectionString: BENCH_ADMIN_URL });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', [BENCH_DB]);
  if (exists.rowCount === 0) await admin.query(`create database ${BENCH_DB}`);
  await admin.end();
  const pool = createPool(benchUrl(), 4);
  const done = await applied(pool);
  for (const file of await analyticsMigrations()) {
    const name = path.basename(file);
    if (done.has(name)) continue;
    log(`bench db: applying ${name}`);
    await pool.query(await readFile(file, 'utf8'));
    await pool.query('insert into bench_migration (name) values ($1)', [name]);
  }
  return pool;
}

/** Makes sure the bench database holds `target` tickets (adds the missing ones), then vacuums and analyzes. */
export async function ensureBenchTickets(
  pool: pg.Pool,
  target: number,
  log: (m: string) => void = console.log,
): Promise<number> {
  await seedSeravezza(pool, { demo: true, demoTickets: 0, log });
  const { rows } = await pool.query<{ n: number }>(
    'select count(*)::int as n from ticket where municipality_id = $1',
    [SERAVEZZA.id],
  );
  const have = rows[0].n;
  if (have < target) {
    log(`bench db: ${have} tickets, adding ${target - have}…`);
    const result = await insertDemoTickets(pool, SERAVEZZA.id, {
      count: target - have,
      seed: 46028 + have,
      log,
    });
    log(
      `bench db: inserted ${result.inserted} in ${(result.ms / 1000).toFixed(0)} s; vacuum analyze…`,
    );
    await pool.query('vacuum analyze');
  }
  return Math.max(have, target);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--tickets');
  const target = i > 0 ? Number(process.argv[i + 1]) : BENCH_TICKETS;
  const pool = await openBenchDatabase();
  try {
    console.log(`bench db ${BENCH_DB}: ${await ensureBenchTickets(pool, target)} tickets`);
  } finally {
    await pool.end();
  }
}
