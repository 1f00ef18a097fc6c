// Citus (SEGNALA_CITUS=true): after the migrations, the tables become Citus tables. Every tenant table is
// hash-distributed by municipality_id, all co-located with `office` (so a comune's rows, and every foreign
// key between them, live in one shard group on one worker); the tables every comune shares, `municipality`
// and `territory`, become reference tables (a copy on every node, so each shard joins them locally).
// The migrations stay plain PostgreSQL; this runs after them, is idempotent (a table already distributed is
// left alone) and does its work in one transaction. The cluster itself (the citus extension in this database
// on the coordinator and on every worker, PostGIS on each, citus_add_node) is the operator's: see
// docs/scale.md, "Citus".
import type pg from 'pg';
import { StartupError } from '../startup-error.js';

/** Shared by every comune: replicated to every node. */
export const CITUS_REFERENCE_TABLES = ['municipality', 'territory'] as const;
/** The first tenant table distributed; every other one is co-located with it. */
const ANCHOR = 'office';
/** Tables of the migration runner and others that stay local to the coordinator. */
const LOCAL_TABLES = new Set(['schema_version']);

/**
 * Unique keys that do not start with municipality_id cannot be enforced across shards. Each is a SHA-256
 * of a random token, looked up with the comune it belongs to (invites by hash alone: that query visits
 * every shard): under Citus each is unique within its comune.
 */
const GLOBAL_UNIQUE_KEYS: { table: string; column: string }[] = [
  { table: 'api_token', column: 'token_hash' },
  { table: 'staff_session', column: 'token_hash' },
  { table: 'staff_invite', column: 'token_hash' },
];

/**
 * The trigger on the reference table `municipality` that rebuilds every rollup when a comune's heat sizes
 * change would fire once on every node's copy. Under Citus it is dropped: run `select
 * segnala_rebuild_rollups()` after changing heat_rollup_cells or local_srid (docs/scale.md).
 */
const REFERENCE_TRIGGERS_DROPPED = [{ table: 'municipality', trigger: 'municipality_rollup_cells' }];

export interface CitusResult {
  reference: string[];
  distributed: string[];
}

async function names(client: pg.PoolClient, sql: string, params: unknown[] = []) {
  return (await client.query<{ name: string }>(sql, params)).rows.map((r) => r.name);
}

/** Makes every Segnala table a Citus table; returns the ones it converted now (none on a second run). */
export async function distributeForCitus(pool: pg.Pool): Promise<CitusResult> {
  const client = await pool.connect();
  try {
    const citus = await client.query(`select 1 from pg_extension where extname = 'citus'`);
    if (citus.rowCount === 0)
      throw new StartupError(
        'SEGNALA_CITUS',
        'is true but this database has no citus extension',
        'Create the citus extension (and PostGIS) in this database on the coordinator and on every worker, add the workers with citus_add_node, then start again (docs/scale.md, "Citus").',
      );
    const workers = await client.query(
      `select 1 from pg_dist_node where noderole = 'primary' and groupid <> 0 and isactive`,
    );
    if (workers.rowCount === 0)
      throw new StartupError(
        'SEGNALA_CITUS',
        'is true but the coordinator has no active worker',
        'Add the workers with select citus_add_node(host, port) on the coordinator (docs/scale.md, "Citus").',
      );
    const done = new Set(
      await names(client, `select logicalrelid::regclass::text as name from pg_dist_partition`),
    );
    const tables = await names(
      client,
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
         -- PostGIS's spatial_ref_sys belongs to its extension (Citus keeps extensions' tables apart).
         and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
       order by c.relname`,
    );
    const reference = CITUS_REFERENCE_TABLES.filter((t) => tables.includes(t) && !done.has(t));
    const tenant = tables.filter(
      (t) =>
        !LOCAL_TABLES.has(t) &&
        !(CITUS_REFERENCE_TABLES as readonly string[]).includes(t) &&
        !done.has(t),
    );
    if (reference.length === 0 && tenant.length === 0) return { reference: [], distributed: [] };
    const missing = await names(
      client,
      `select c.relname as name from pg_class c
       where c.oid = any($1::regclass[])
         and not exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'municipality_id' and not a.attisdropped)`,
      [tenant],
    );
    if (missing.length > 0)
      throw new Error(`Citus: tables without municipality_id cannot be distributed: ${missing}`);

    await client.query('begin');
    try {
      // One connection per worker for the whole transaction: the foreign keys to the reference tables
      // make Citus refuse parallel shard commands after a reference table was written in it.
      await client.query(`set local citus.multi_shard_modify_mode = 'sequential'`);
      // The rollup triggers on ticket are statement triggers writing co-located rollup shards (allowed:
      // a trigger on a shard may run local tasks only, which co-location guarantees).
      await client.query('set local citus.enable_unsafe_triggers = on');
      const converting = [...reference, ...tenant];
      // Foreign keys between tables still to convert: dropped, then added again once both sides are Citus
      // tables (Citus cannot distribute a table that a local table references).
      const fks = (
        await client.query<{ tbl: string; name: string; def: string }>(
          `select conrelid::regclass::text as tbl, conname as name, pg_get_constraintdef(oid) as def
           from pg_constraint
           where contype = 'f' and (conrelid = any($1::regclass[]) or confrelid = any($1::regclass[]))
           order by conrelid::regclass::text, conname`,
          [converting],
        )
      ).rows;
      for (const fk of fks)
        await client.query(`alter table ${fk.tbl} drop constraint ${quoteIdent(fk.name)}`);
      for (const { table, column } of GLOBAL_UNIQUE_KEYS) {
        if (!tenant.includes(table)) continue;
        const unique = await names(
          client,
          `select conname as name from pg_constraint
           where conrelid = $1::regclass and contype = 'u'
             and conkey = array[(select attnum from pg_attribute where attrelid = $1::regclass and attname = $2)]`,
          [table, column],
        );
        for (const name of unique)
          await client.query(`alter table ${table} drop constraint ${quoteIdent(name)}`);
        await client.query(`alter table ${table} add unique (municipality_id, ${column})`);
      }
      for (const { table, trigger } of REFERENCE_TRIGGERS_DROPPED)
        if (reference.includes(table as (typeof CITUS_REFERENCE_TABLES)[number]))
          await client.query(`drop trigger if exists ${trigger} on ${table}`);
      for (const table of reference)
        await client.query('select create_reference_table($1::regclass)', [table]);
      const ordered = tenant.includes(ANCHOR)
        ? [ANCHOR, ...tenant.filter((t) => t !== ANCHOR)]
        : tenant;
      for (const table of ordered) {
        const colocate = table === ANCHOR ? 'default' : ANCHOR;
        await client.query(
          `select create_distributed_table($1::regclass, 'municipality_id', colocate_with => $2)`,
          [table, colocate],
        );
      }
      for (const fk of fks)
        await client.query(
          `alter table ${fk.tbl} add constraint ${quoteIdent(fk.name)} ${fk.def}`,
        );
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    }
    return { reference, distributed: tenant };
  } finally {
    client.release();
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
