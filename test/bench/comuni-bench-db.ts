// The two databases of the many-comuni bench (issue 16), built once and reused (BENCH_COMUNI_REBUILD=1 drops
// them first):
//   segnala_bench_comuni50  — 50 Tuscan comuni, BENCH_COMUNI_TICKETS (default 20,000) tickets each;
//   segnala_bench_comune1   — the measured comune (BENCH_COMUNE, default Pietrasanta 046024) alone, with
//                             the very same tickets.
// Both are built as production builds a database: the migration runner, the Toscana boundaries
// (seeds/territory.ts), and `comune:add`'s own addComune for every comune (boundary from the shipped
// ISTAT file, ANNCSU streets, the default template's offices and categories). The tickets come from the
// demo generator through COPY (seeds/demo-tickets.ts: 10,000 rows a statement, not one GraphQL call a
// report), seeded by the ISTAT code with one fixed `now`, so the measured comune gets byte-for-byte the
// same reports in both databases. The measured comune is added first in both, so it gets the same id,
// ticket-code prefix and street ids.
//   npx tsx test/bench/comuni-bench-db.ts
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { addComune } from '../../seeds/comune.js';
import { insertDemoTickets } from '../../seeds/demo-tickets.js';
import { SERAVEZZA } from '../../seeds/seravezza.catalog.js';
import { loadTerritory, TERRITORY_FILE } from '../../seeds/territory.js';
import { migrate } from '../../server/db/migrate.js';
import { createPool } from '../../server/db/pool.js';

const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const COMUNI = Number(process.env.BENCH_COMUNI ?? 50);
export const TICKETS_PER_COMUNE = Number(process.env.BENCH_COMUNI_TICKETS ?? 20_000);
/** The comune measured in both databases. */
export const MEASURED_ISTAT = process.env.BENCH_COMUNE ?? '046024';
export const MANY_DB = `segnala_bench_comuni${COMUNI}`;
export const ALONE_DB = `segnala_bench_comune1_${MEASURED_ISTAT}`;
/** The reports of every comune end at this instant (two years of them), in both databases. */
const NOW = Date.UTC(2026, 10, 30, 12);

export function urlOf(db: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${db}`;
  return url.toString();
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * The comuni of the big database, in the order they are added: the measured one, then the other
 * comuni of Massa-Carrara (045) and Lucca (046) and onwards by ISTAT code, leaving out Seravezza, whose
 * id and prefix `comune:add` keeps for its own seed.
 */
export async function comuniToAdd(): Promise<string[]> {
  const { features } = JSON.parse(await readFile(TERRITORY_FILE, 'utf8')) as {
    features: { properties: { com_istat_code: string } }[];
  };
  const codes = features
    .map((f) => f.properties.com_istat_code)
    .filter((c) => c !== MEASURED_ISTAT && c !== SERAVEZZA.istatCode)
    .sort();
  return [MEASURED_ISTAT, ...codes.slice(0, COMUNI - 1)];
}

/** Creates (if needed) one bench database holding `istats`, each with TICKETS_PER_COMUNE tickets. */
async function build(db: string, istats: string[], log: (m: string) => void): Promise<void> {
  const exists = async () =>
    Boolean(
      (await admin((c) => c.query('select 1 from pg_database where datname = $1', [db]))).rowCount,
    );
  if (process.env.BENCH_COMUNI_REBUILD === '1' && (await exists()))
    await admin((c) => c.query(`drop database ${db} with (force)`));
  if (!(await exists())) await admin((c) => c.query(`create database ${db}`));
  const pool = createPool(urlOf(db), 4);
  try {
    await migrate(pool);
    await loadTerritory(pool);
    const config = {
      publicUrl: 'http://bench.invalid',
      mailFrom: 'Segnala <segnala@bench.invalid>',
      municipalityIstat: MEASURED_ISTAT,
    };
    const started = Date.now();
    let added = 0;
    for (const [i, istat] of istats.entries()) {
      const comune = await addComune(pool, { istat, config });
      if (comune.tickets < TICKETS_PER_COMUNE) {
        if (comune.tickets > 0)
          throw new Error(`${db}: ${comune.name} has ${comune.tickets} tickets: rebuild it`);
        await insertDemoTickets(pool, comune.id, {
          count: TICKETS_PER_COMUNE,
          seed: Number(istat),
          now: NOW,
        });
        added++;
        log(
          `${db}: ${i + 1}/${istats.length} ${comune.name} (${istat}, ${comune.streets} vie), ${TICKETS_PER_COMUNE} tickets (${((Date.now() - started) / 1000).toFixed(0)} s)`,
        );
      }
    }
    if (added > 0) {
      log(`${db}: vacuum analyze…`);
      await pool.query('vacuum analyze');
    }
  } finally {
    await pool.end();
  }
}

export interface ComuniBenchDatabases {
  many: { db: string; url: string; comuni: number; tickets: number };
  alone: { db: string; url: string; comuni: number; tickets: number };
  measured: { istat: string; name: string; id: number; tickets: number };
}

async function describe(db: string) {
  const pool = createPool(urlOf(db), 1);
  try {
    const { rows } = await pool.query<{ comuni: number; tickets: number }>(
      `select (select count(*)::int from municipality) as comuni, (select count(*)::int from ticket) as tickets`,
    );
    const m = await pool.query<{ id: number; name: string; tickets: number }>(
      `select m.id, m.name, (select count(*)::int from ticket t where t.municipality_id = m.id) as tickets
       from municipality m where m.istat_code = $1`,
      [MEASURED_ISTAT],
    );
    return { db, url: urlOf(db), ...rows[0], measured: m.rows[0] };
  } finally {
    await pool.end();
  }
}

export async function ensureComuniBenchDatabases(
  log: (m: string) => void = console.log,
): Promise<ComuniBenchDatabases> {
  const istats = await comuniToAdd();
  await build(ALONE_DB, [MEASURED_ISTAT], log);
  await build(MANY_DB, istats, log);
  const alone = await describe(ALONE_DB);
  const many = await describe(MANY_DB);
  if (alone.measured.id !== many.measured.id || alone.measured.tickets !== many.measured.tickets)
    throw new Error('the measured comune differs between the two bench databases: rebuild them');
  return {
    many: { db: many.db, url: many.url, comuni: many.comuni, tickets: many.tickets },
    alone: { db: alone.db, url: alone.url, comuni: alone.comuni, tickets: alone.tickets },
    measured: { istat: MEASURED_ISTAT, ...many.measured },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await ensureComuniBenchDatabases(), null, 2));
}
