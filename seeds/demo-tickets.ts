// Bulk-loads demo reports for a municipality: streets, categories and boundary are read from the
// database (so it also works after `import:streets`), reports come from the pure generator, and rows
// go in with COPY in batches (multi-row INSERT from JSON on the embedded PGlite). Scales to 1M.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MultiLineString, MultiPolygon, Polygon } from 'geojson';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { generateDemoTickets, type DemoContext, type DemoTicket } from './demo-ticket-generator.js';
import { NEARBY_BULK_SQL, rebuildNearby } from '../server/db/nearby.sql.js';
import { compactRollups } from '../server/db/rollup.sql.js';
import { toCopyText, toJsonRecords, toRows, type TableRows } from './demo-ticket-rows.js';

export { generateDemoTickets } from './demo-ticket-generator.js';

export interface DemoTicketOptions {
  count: number;
  seed: number;
  batchSize?: number;
  /** Epoch ms the two years of reports end at (default: now). */
  now?: number;
  /** Force a load method; by default COPY, or INSERT on the embedded PGlite (see copyWorks). */
  method?: 'copy' | 'insert';
  /**
   * Drop the secondary indexes, load everything in one transaction, build them again. Default: on
   * PostgreSQL for loads of 100,000+ reports into a smaller table (not on PGlite: one huge transaction).
   */
  rebuildIndexes?: boolean;
  log?: (message: string) => void;
}

export async function loadDemoContext(
  db: pg.Pool | pg.PoolClient,
  municipalityId: number,
  now: number,
): Promise<DemoContext> {
  const m = await db.query<{ code_prefix: string; boundary: string }>(
    'select code_prefix, st_asgeojson(boundary) as boundary from municipality where id = $1',
    [municipalityId],
  );
  if (m.rows.length === 0)
    throw new Error(`No municipality ${municipalityId}: run the seed first.`);
  const categories = await db.query<{
    id: number;
    code: string;
    office_id: number;
    sla_hours: number;
    duplicate_radius_m: number;
  }>(
    `select id, code, office_id, sla_hours, duplicate_radius_m from category
     where municipality_id = $1 and active order by sort_order, id`,
    [municipalityId],
  );
  const streets = await db.query<{ id: number; name_display: string; geojson: string }>(
    `select id, name_display, st_asgeojson(geom, 6) as geojson from street
     where municipality_id = $1 and not st_isempty(geom) order by id`,
    [municipalityId],
  );
  const codes = await db.query<{ code: string }>(
    'select code from ticket where municipality_id = $1',
    [municipalityId],
  );
  return {
    codePrefix: m.rows[0].code_prefix,
    boundary: JSON.parse(m.rows[0].boundary) as Polygon | MultiPolygon,
    categories: categories.rows.map((c) => ({
      id: c.id,
      code: c.code,
      officeId: c.office_id,
      slaHours: c.sla_hours,
      duplicateRadiusM: c.duplicate_radius_m,
    })),
    streets: streets.rows.map((s) => ({
      id: s.id,
      nameDisplay: s.name_display,
      lines: (JSON.parse(s.geojson) as MultiLineString).coordinates,
    })),
    now,
    firstId: 0,
    usedCodes: new Set(codes.rows.map((r) => r.code)),
  };
}

// Reserves `count` ids from the ticket identity, past any id already used, and returns the first.
const RESERVE_IDS = `
  select setval(s.seq, greatest(coalesce(pg_sequence_last_value(s.seq::regclass), 0),
                                (select coalesce(max(id), 0) from ticket)) + $1::bigint) - $1::bigint + 1 as first
  from (select pg_get_serial_sequence('ticket', 'id') as seq) s`;

async function copyTable(client: pg.PoolClient, t: TableRows): Promise<void> {
  if (t.rows.length === 0) return;
  const stream = client.query(copyFrom(`copy ${t.table} (${t.columns.join(', ')}) from stdin`));
  await pipeline(Readable.from([toCopyText(t.rows)]), stream);
}

async function insertTable(client: pg.PoolClient, t: TableRows): Promise<void> {
  if (t.rows.length === 0) return;
  const cols = t.columns.join(', ');
  await client.query(
    `insert into ${t.table} (${cols}) select ${cols} from json_populate_recordset(null::${t.table}, $1::json)`,
    [toJsonRecords(t.columns, t.rows)],
  );
}

async function writeRows(
  client: pg.PoolClient,
  municipalityId: number,
  batch: DemoTicket[],
  method: 'copy' | 'insert',
): Promise<void> {
  for (const table of toRows(municipalityId, batch)) {
    await (method === 'copy' ? copyTable(client, table) : insertTable(client, table));
  }
}

async function inTransaction(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<void>,
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    // The nearby-open counts (sql/051) are rebuilt once at the end, not recounted row by row.
    await client.query(NEARBY_BULK_SQL);
    await fn(client);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

// Indexes that back no constraint on the tables we fill. A big load into few existing rows goes
// faster when they are dropped and built once at the end (GIN trigram and GiST above all).
const SECONDARY_INDEXES = `
  select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
  from pg_index i join pg_class t on t.oid = i.indrelid
  where t.relname = any($1::text[]) and t.relnamespace = 'public'::regnamespace
    and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
  order by 1`;
const BULK_TABLES = ['ticket', 'reporter', 'ticket_event', 'ticket_supporter'];

/**
 * COPY FROM STDIN over the embedded PGlite socket loses protocol sync and the server drops the
 * connection (FATAL 08P01, checked with PGlite 0.5.8 / pglite-socket 0.2.11), so there we use
 * multi-row INSERTs fed from JSON instead. A failed COPY cannot be retried on that connection.
 */
async function copyWorks(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ pglite: boolean }>(
    `select version() like '%PGlite%' as pglite`,
  );
  return !rows[0].pglite;
}

export async function insertDemoTickets(
  pool: pg.Pool,
  municipalityId: number,
  opts: DemoTicketOptions,
): Promise<{ inserted: number; ms: number }> {
  const started = Date.now();
  const log = opts.log ?? (opts.count >= 100_000 ? (m: string) => console.log(m) : () => undefined);
  const batchSize = opts.batchSize ?? 10_000;
  const ctx = await loadDemoContext(pool, municipalityId, opts.now ?? Date.now());
  ctx.firstId = Number(
    (await pool.query<{ first: string }>(RESERVE_IDS, [opts.count])).rows[0].first,
  );
  const method = opts.method ?? ((await copyWorks(pool)) ? 'copy' : 'insert');
  // One transaction around drop, load and rebuild: if anything fails, the indexes come back with the
  // rollback. It holds an exclusive lock on the tables meanwhile, which is fine for a seeding run.
  const rebuild =
    opts.rebuildIndexes ??
    (method === 'copy' && opts.count >= 100_000 && (ctx.usedCodes?.size ?? 0) < opts.count);
  let inserted = 0;
  const load = async (write: (batch: DemoTicket[]) => Promise<void>): Promise<void> => {
    let batch: DemoTicket[] = [];
    const flush = async (): Promise<void> => {
      await write(batch);
      inserted += batch.length;
      batch = [];
      if (opts.count >= 100_000 && inserted % 100_000 < batchSize) {
        log(
          `  ${inserted.toLocaleString('it-IT')} / ${opts.count.toLocaleString('it-IT')} segnalazioni (${((Date.now() - started) / 1000).toFixed(0)} s)`,
        );
      }
    };
    for (const ticket of generateDemoTickets(ctx, { count: opts.count, seed: opts.seed })) {
      batch.push(ticket);
      if (batch.length >= batchSize) await flush();
    }
    if (batch.length > 0) await flush();
  };
  if (rebuild) {
    await inTransaction(pool, async (client) => {
      const indexes = (
        await client.query<{ name: string; def: string }>(SECONDARY_INDEXES, [BULK_TABLES])
      ).rows;
      for (const index of indexes) await client.query(`drop index ${index.name}`);
      await load((batch) => writeRows(client, municipalityId, batch, method));
      log(
        `  ricostruisco ${indexes.length} indici (${((Date.now() - started) / 1000).toFixed(0)} s)…`,
      );
      await client.query(`set local maintenance_work_mem = '256MB'`);
      for (const index of indexes) await client.query(index.def);
    });
  } else {
    await load((batch) =>
      inTransaction(pool, (client) => writeRows(client, municipalityId, batch, method)),
    );
  }
  // The analytics rollups (sql/033) grew by a few rows per batch; fold them before anyone reads them.
  await compactRollups(pool);
  await rebuildNearby(pool, municipalityId);
  return { inserted, ms: Date.now() - started };
}
