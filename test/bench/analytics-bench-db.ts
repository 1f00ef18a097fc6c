// The bench database: a real PostGIS database holding the Seravezza reference seed and BENCH_TICKETS demo
// tickets (default 1,000,000), made once and reused by every bench run (seeding a million takes minutes).
// It is built as production builds its database: server/db/migrate.ts (postgrator) over every migration
// in sql/, then the seed. A size other than the default gets a database of its own (segnala_bench_<n>).
//   npx tsx test/bench/analytics-bench-db.ts [--tickets 1000000]   (BENCH_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres)
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { insertDemoTickets } from '../../seeds/demo-tickets.js';
import { SERAVEZZA } from '../../seeds/seravezza.catalog.js';
import { seedSeravezza } from '../../seeds/seed.js';
import { distributeForCitus } from '../../server/db/citus.js';
import { migrate } from '../../server/db/migrate.js';
import { createPool } from '../../server/db/pool.js';
import { createCitusDatabase, testCitusNodes } from '../helpers/citus.js';

export const BENCH_ADMIN_URL =
  process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_TICKETS = 1_000_000;
const ticketsArg = process.argv.indexOf('--tickets');
/** How many tickets the bench runs on: --tickets N or BENCH_TICKETS (default 1,000,000). */
export const BENCH_TICKETS = Number(
  ticketsArg > 0 ? process.argv[ticketsArg + 1] : (process.env.BENCH_TICKETS ?? DEFAULT_TICKETS),
);
if (!Number.isInteger(BENCH_TICKETS) || BENCH_TICKETS < 1000)
  throw new Error(`BENCH_TICKETS must be a whole number ≥ 1000, not ${BENCH_TICKETS}`);
export const BENCH_DB =
  process.env.BENCH_DB ??
  (BENCH_TICKETS === DEFAULT_TICKETS ? 'segnala_bench' : `segnala_bench_${BENCH_TICKETS}`);

export function benchUrl(): string {
  const url = new URL(BENCH_ADMIN_URL);
  url.pathname = `/${BENCH_DB}`;
  return url.toString();
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: BENCH_ADMIN_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** True for a bench database built before the migration runner was used (plain SQL files, no schema_version). */
async function builtWithoutRunner(): Promise<boolean> {
  const pool = createPool(benchUrl(), 1);
  try {
    const { rows } = await pool.query<{ old: boolean }>(
      `select to_regclass('public.schema_version') is null and to_regclass('public.bench_migration') is not null as old`,
    );
    return rows[0].old;
  } finally {
    await pool.end();
  }
}

/** Creates (if needed) and returns a pool on the bench database, with every migration applied by the runner. */
export async function openBenchDatabase(log: (m: string) => void = console.log): Promise<pg.Pool> {
  const exists = async () =>
    Boolean(
      await admin(
        async (c) =>
          (await c.query('select 1 from pg_database where datname = $1', [BENCH_DB])).rowCount,
      ),
    );
  if ((await exists()) && (await builtWithoutRunner())) {
    // Only some migrations were applied to it, by hand: the runner cannot take it over. Start again.
    log(`bench db: ${BENCH_DB} was built without the migration runner; dropping it`);
    await admin((c) => c.query(`drop database ${BENCH_DB} with (force)`));
  }
  // On Citus (SEGNALA_CITUS=true, SEGNALA_TEST_CITUS_WORKERS) the database is made on every node.
  const citus = testCitusNodes(BENCH_ADMIN_URL);
  if (!(await exists())) {
    if (citus) await createCitusDatabase(citus, BENCH_DB);
    else await admin((c) => c.query(`create database ${BENCH_DB}`));
  }
  const pool = createPool(benchUrl(), 4);
  const result = await migrate(pool);
  if (citus) await distributeForCitus(pool);
  log(
    `bench db ${BENCH_DB}: schema version ${result.version}${result.applied.length ? `, applied ${result.applied.join(', ')}` : ''}`,
  );
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
  const pool = await openBenchDatabase();
  try {
    console.log(`bench db ${BENCH_DB}: ${await ensureBenchTickets(pool, BENCH_TICKETS)} tickets`);
  } finally {
    await pool.end();
  }
}
