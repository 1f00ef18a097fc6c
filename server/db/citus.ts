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

/**
 * Shared by every comune: replicated to every node. The platform operators' tables (sql/043) belong to
 * the deployment, not to a comune (no municipality_id); they are small and read at each operator request.
 */
export const CITUS_REFERENCE_TABLES = [
  'municipality',
  'territory',
  'territory_part',
  'platform_user',
  'platform_session',
] as const;
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
 * The webhook trigger of sql/052 writes the deliveries from ticket_event's row trigger; on a shard it
 * would have to write the co-located delivery shard as the rollup trigger does, which nobody has tried
 * on a cluster yet. Under Citus it is dropped and the webhook sender does not start: webhooks are not
 * delivered on Citus (docs/webhooks.md).
 */
const TENANT_TRIGGERS_DROPPED = [
  { table: 'ticket_event', trigger: 'ticket_event_webhooks' },
  { table: 'intervention_event', trigger: 'intervention_event_webhooks' },
];

/**
 * The rollup functions of sql/033 as Citus runs them (created on the coordinator; Citus propagates every
 * function to the workers, since the migrations created them while the workers were already added).
 * - The rollup trigger fires on each ticket shard, on its worker. Its inserts cannot go through the
 *   distributed rollup tables there: Citus re-plans such a statement and loses the trigger's transition
 *   tables ("could not find named tuplestore"). On a shard it writes the co-located rollup shards (same
 *   hash range) and the local copy of municipality directly, as plain PostgreSQL.
 * - Compaction's delete-and-insert CTE is routed to one shard only when it names one comune: it runs once
 *   per comune.
 */
const CITUS_FUNCTIONS = [
  `create or replace function segnala_citus_local_shard(shard_table text, target regclass) returns text
     language sql stable
     as $$
       select shard_name(target, t.shardid)
       from pg_dist_shard s
       join pg_dist_shard t on t.logicalrelid = target
         -- a reference table has one shard, without a range
         and (t.shardminvalue = s.shardminvalue or t.shardminvalue is null)
       where s.shardid = substring(shard_table from '_([0-9]+)$')::bigint
       limit 1
     $$`,
  `create or replace function segnala_rollup_trigger() returns trigger
     language plpgsql
     as $$
     declare
       statement text;
       shard boolean := tg_table_name <> 'ticket';
     begin
       if tg_op = 'UPDATE' then
         if not exists (
           select 1 from rollup_new n full join rollup_old o on o.municipality_id = n.municipality_id and o.id = n.id
           where n.id is null or o.id is null
              or (n.category_id, n.office_id, n.status, n.created_at, n.acknowledged_at, n.resolved_at, n.due_at,
                  n.reopen_count, n.supporters_count, n.location::text)
                 is distinct from
                 (o.category_id, o.office_id, o.status, o.created_at, o.acknowledged_at, o.resolved_at, o.due_at,
                  o.reopen_count, o.supporters_count, o.location::text)
         ) then
           return null;
         end if;
       end if;
       foreach statement in array segnala_rollup_sql(case tg_op
         when 'INSERT' then 'select n.*, 1 as sign from rollup_new n'
         when 'UPDATE' then 'select n.*, 1 as sign from rollup_new n union all select o.*, -1 from rollup_old o'
         else 'select o.*, -1 as sign from rollup_old o'
       end) loop
         if shard then
           statement := replace(statement, 'insert into ticket_kpi_rollup ',
             'insert into ' || segnala_citus_local_shard(tg_table_name, 'ticket_kpi_rollup') || ' ');
           statement := replace(statement, 'insert into ticket_duration_rollup ',
             'insert into ' || segnala_citus_local_shard(tg_table_name, 'ticket_duration_rollup') || ' ');
           statement := replace(statement, 'insert into ticket_heat_rollup ',
             'insert into ' || segnala_citus_local_shard(tg_table_name, 'ticket_heat_rollup') || ' ');
           statement := replace(statement, 'join municipality m ',
             'join ' || segnala_citus_local_shard(tg_table_name, 'municipality') || ' m ');
         end if;
         execute statement;
       end loop;
       return null;
     end
     $$`,
  // sql/033's rebuild when a comune's heat sizes (or metric SRID) change. The trigger is on the reference
  // table municipality, so it fires on every node's copy; a rebuild of all rollups there would be a
  // distributed query from a shard. On the node holding the comune's ticket shard it rebuilds that
  // comune's rollups from it, in the co-located rollup shards, with the node's own copy of the row;
  // elsewhere it does nothing.
  `create or replace function segnala_rollup_cells_changed() returns trigger
     language plpgsql as $$
     declare
       tickets text;
       statement text;
       rollup text;
     begin
       if tg_table_name = 'municipality' then
         perform segnala_rebuild_rollups();
         return null;
       end if;
       tickets := shard_name('ticket', get_shard_id_for_distribution_column('ticket', new.id));
       if to_regclass(tickets) is null then
         return null;
       end if;
       execute format('lock table %s in share mode', tickets);
       foreach rollup in array array['ticket_kpi_rollup', 'ticket_duration_rollup', 'ticket_heat_rollup'] loop
         execute format('delete from %s where municipality_id = $1', segnala_citus_local_shard(tickets, rollup))
           using new.id;
       end loop;
       foreach statement in array segnala_rollup_sql(
         format('select t.*, 1 as sign from %s t where t.municipality_id = %s', tickets, new.id)) loop
         foreach rollup in array array['ticket_kpi_rollup', 'ticket_duration_rollup', 'ticket_heat_rollup'] loop
           statement := replace(statement, 'insert into ' || rollup || ' ',
             'insert into ' || segnala_citus_local_shard(tickets, rollup) || ' ');
         end loop;
         statement := replace(statement, 'join municipality m ', 'join ' || tg_table_name || ' m ');
         execute statement;
       end loop;
       foreach rollup in array array['ticket_kpi_rollup', 'ticket_duration_rollup', 'ticket_heat_rollup'] loop
         execute format('update %s set compacted = true where municipality_id = $1',
           segnala_citus_local_shard(tickets, rollup)) using new.id;
       end loop;
       return null;
     end $$`,
  // sql/073's parts of the boundaries. territory and territory_part are reference tables: a boundary
  // written on the coordinator is written to the copy on every node, and its trigger fires on each copy,
  // where a write to the distributed territory_part would be a write to every node from inside a shard
  // ("cannot execute a distributed query from a query on a shard"). On a copy it rewrites the same
  // node's copy of territory_part (each node cuts the same boundary the same way).
  `create or replace function segnala_territory_parts() returns trigger
     language plpgsql as $$
     declare
       parts text := case when tg_table_name = 'territory' then 'territory_part'
                          else segnala_citus_local_shard(tg_table_name, 'territory_part') end;
     begin
       execute format('delete from %s where istat_code = $1', parts) using new.istat_code;
       execute format('insert into %s (istat_code, part) select $1, st_subdivide($2, 128)', parts)
         using new.istat_code, new.boundary;
       return null;
     end $$`,
  // The nearby-open counts of sql/051, 057 and 072. Their triggers fire on a ticket (or category) shard,
  // on its worker, at commit. There a query of a distributed table may only reach shards of the same
  // node, and segnala_open_around's "o.municipality_id + 0" (kept for the plain planner) names no
  // shard at all. Each function reads and writes the comune's own shards by name when they are on
  // this node (always so inside those triggers: co-location puts every table of a comune on one
  // worker), and the distributed tables otherwise (a call made on the coordinator).
  `create or replace function segnala_citus_shard_of(target regclass, m integer) returns text
     language plpgsql stable as $$
     declare
       shard text := shard_name(target, get_shard_id_for_distribution_column(target, m));
     begin
       if to_regclass(shard) is not null then
         return shard;
       end if;
       return target::text;
     end $$`,
  `create or replace function segnala_open_around(m integer, cat integer, p geography)
     returns setof bigint
     language plpgsql stable as $$
     declare
       tickets text := segnala_citus_shard_of('ticket', m);
     begin
       return query execute format($q$
         select o.id from %s o join %s c on c.municipality_id = $1 and c.id = $2
         where %s = $1 and o.category_id = $2
           and o.status in ('received', 'acknowledged', 'in_progress')
           and st_dwithin(o.location, $3, c.duplicate_radius_m)$q$,
         tickets, segnala_citus_shard_of('category', m),
         -- "+ 0" only on a shard (plain PostgreSQL); Citus routes by the column itself.
         case when tickets = 'ticket' then 'o.municipality_id' else 'o.municipality_id + 0' end)
       using m, cat, p;
     end $$`,
  // The live count of one open ticket, from its values (a shard's row is not of type ticket).
  `create or replace function segnala_citus_open_count(m integer, tid bigint, cat integer, p geography)
     returns integer
     language sql stable as $$
     select count(*)::int from segnala_open_around(m, cat, p) o where o <> tid
   $$`,
  `create or replace function segnala_nearby_cell_keys(m integer, cat integer, p geography)
     returns setof integer
     language plpgsql stable as $$
     declare
       r float8;
       lon float8 := st_x(p::geometry);
       lat float8 := st_y(p::geometry);
       dlat float8;
       dlon float8;
       cell float8;
       ix bigint;
       iy bigint;
     begin
       execute format('select greatest(c.duplicate_radius_m, 1) from %s c where c.municipality_id = $1 and c.id = $2',
         segnala_citus_shard_of('category', m)) into r using m, cat;
       if r is null then
         return;
       end if;
       dlat := r / 110574.0 * 1.01;
       cell := 2 * r / 110574.0;
       dlon := r / (111320.0 * greatest(cos(radians(least(abs(lat) + dlat, 89.9))), 0.001)) * 1.01;
       for ix in floor((lon - dlon) / cell)::bigint .. floor((lon + dlon) / cell)::bigint loop
         for iy in floor((lat - dlat) / cell)::bigint .. floor((lat + dlat) / cell)::bigint loop
           return next hashtext(cat::text || ':' || ix::text || ':' || iy::text);
         end loop;
       end loop;
     end $$`,
  `create or replace function segnala_nearby_recount(m integer, ids bigint[])
     returns void
     language plpgsql as $$
     declare
       tickets text := segnala_citus_shard_of('ticket', m);
       counts text := segnala_citus_shard_of('ticket_nearby', m);
     begin
       execute format($q$
         with live as (
           select t.id as ticket_id,
                  case when t.status in ('received', 'acknowledged', 'in_progress')
                       then segnala_citus_open_count(t.municipality_id, t.id, t.category_id, t.location)
                       else 0 end as open_nearby
           from %1$s t where t.municipality_id = $1 and t.id = any($2)),
         gone as (
           delete from %2$s k
           where k.municipality_id = $1 and k.ticket_id = any($2)
             and not exists (select 1 from live where live.ticket_id = k.ticket_id and live.open_nearby > 0))
         insert into %2$s as n (municipality_id, ticket_id, open_nearby)
         select $1, live.ticket_id, live.open_nearby from live where live.open_nearby > 0
         on conflict (municipality_id, ticket_id) do update set open_nearby = excluded.open_nearby
           where n.open_nearby <> excluded.open_nearby$q$, tickets, counts)
       using m, ids;
     end $$`,
  `create or replace function segnala_nearby_adjust(m integer, ids bigint[], d integer)
     returns void
     language plpgsql as $$
     declare
       mine xid := pg_current_xact_id()::xid;
       changed bigint[];
       others bigint[];
       counts text := segnala_citus_shard_of('ticket_nearby', m);
     begin
       if cardinality(ids) = 0 then
         return;
       end if;
       execute format($q$
         select coalesce(array_agg(t.id) filter (where t.xmin = $3), '{}'),
                coalesce(array_agg(t.id) filter (where t.xmin <> $3), '{}')
         from %s t where t.municipality_id = $1 and t.id = any($2)$q$, segnala_citus_shard_of('ticket', m))
       into changed, others using m, ids, mine;
       if cardinality(others) > 0 then
         if d > 0 then
           execute format($q$
             insert into %s as n (municipality_id, ticket_id, open_nearby)
             select $1, id, $3 from unnest($2) id
             on conflict (municipality_id, ticket_id) do update set open_nearby = n.open_nearby + $3$q$, counts)
           using m, others, d;
         else
           execute format('delete from %s where municipality_id = $1 and ticket_id = any($2) and open_nearby + $3 <= 0', counts)
             using m, others, d;
           execute format('update %s set open_nearby = open_nearby + $3 where municipality_id = $1 and ticket_id = any($2)', counts)
             using m, others, d;
         end if;
       end if;
       if cardinality(changed) > 0 then
         perform segnala_nearby_recount(m, changed);
       end if;
     end $$`,
  `create or replace function segnala_nearby_ticket_trigger() returns trigger
     language plpgsql as $$
     declare
       m integer;
       tid bigint;
       around bigint[] := '{}';
       was_open boolean := false;
       is_open boolean := false;
     begin
       if tg_op = 'INSERT' then
         m := new.municipality_id;
         tid := new.id;
         perform segnala_nearby_place_lock(m, array[new.category_id], array[new.location]);
       elsif tg_op = 'DELETE' then
         m := old.municipality_id;
         tid := old.id;
         perform segnala_nearby_place_lock(m, array[old.category_id], array[old.location]);
       else
         m := new.municipality_id;
         tid := new.id;
         perform segnala_nearby_place_lock(m, array[old.category_id, new.category_id],
                                           array[old.location, new.location]);
       end if;
       if tg_op <> 'INSERT' then
         was_open := old.status in ('received', 'acknowledged', 'in_progress');
       end if;
       if tg_op <> 'DELETE' then
         is_open := new.status in ('received', 'acknowledged', 'in_progress');
       end if;
       if was_open then
         perform segnala_nearby_adjust(m, array(
           select o from segnala_open_around(m, old.category_id, old.location) o where o <> tid), -1);
       end if;
       if is_open then
         around := array(select o from segnala_open_around(m, new.category_id, new.location) o where o <> tid);
         perform segnala_nearby_adjust(m, around, 1);
       end if;
       if cardinality(around) > 0 then
         execute format($q$
           insert into %s (municipality_id, ticket_id, open_nearby) values ($1, $2, $3)
           on conflict (municipality_id, ticket_id) do update set open_nearby = excluded.open_nearby$q$,
           segnala_citus_shard_of('ticket_nearby', m))
         using m, tid, cardinality(around);
       else
         execute format('delete from %s where municipality_id = $1 and ticket_id = $2',
           segnala_citus_shard_of('ticket_nearby', m)) using m, tid;
       end if;
       return null;
     end $$`,
  `create or replace function segnala_nearby_category_trigger() returns trigger
     language plpgsql as $$
     declare
       ids bigint[];
     begin
       perform segnala_nearby_lock(new.municipality_id, array[new.id]);
       execute format($q$
         select array(select t.id from %s t where t.municipality_id = $1 and t.category_id = $2
           and t.status in ('received', 'acknowledged', 'in_progress'))$q$,
         segnala_citus_shard_of('ticket', new.municipality_id))
       into ids using new.municipality_id, new.id;
       perform segnala_nearby_recount(new.municipality_id, ids);
       return null;
     end $$`,
  // Run on the coordinator (after a bulk load): its locks must be the ones the triggers take, on the
  // comune's worker, so they are taken by a query routed there; the counts are computed there too.
  `create or replace function segnala_rebuild_nearby(m integer)
     returns integer
     language plpgsql as $$
     declare
       n integer;
     begin
       perform segnala_nearby_lock(m, array_agg(c.id)) from category c where c.municipality_id = m;
       delete from ticket_nearby where municipality_id = m;
       insert into ticket_nearby (municipality_id, ticket_id, open_nearby)
       select m, l.id, l.n
       from (select t.id, segnala_citus_open_count(t.municipality_id, t.id, t.category_id, t.location) as n
             from ticket t
             where t.municipality_id = m and t.status in ('received', 'acknowledged', 'in_progress')) l
       where l.n > 0;
       get diagnostics n = row_count;
       return n;
     end $$`,
  // sql/030's recurrence test runs inside a query on a ticket shard, on its worker, where a query of the
  // distributed table \`ticket\` would be a nested distributed query (refused): it reads the comune's shard,
  // which co-location puts on the same worker, as a plain table.
  `create or replace function segnala_is_recurrence(
     in_municipality_id integer, in_ticket_id bigint, in_category_id integer, in_location geography,
     in_created_at timestamptz, radius_m double precision, window_days integer
   ) returns boolean
     language plpgsql stable parallel safe
     as $$
     declare
       found boolean;
     begin
       execute format($q$
         select exists (
           select 1 from %s prev
           where prev.municipality_id = $1 and prev.category_id = $2 and prev.id <> $3
             and prev.status = 'resolved'
             and prev.resolved_at <= $4 and prev.resolved_at > $4 - make_interval(days => $5)
             and st_dwithin(prev.location, $6, $7)
         )$q$, shard_name('ticket', get_shard_id_for_distribution_column('ticket', in_municipality_id)))
         into found
         using in_municipality_id, in_category_id, in_ticket_id, in_created_at, window_days, in_location, radius_m;
       return found;
     end
     $$`,
  // segnala_compact_rollup of sql/033 for one comune (every statement filtered by its municipality_id).
  `create or replace function segnala_citus_compact_rollup(m integer, rollup regclass, keys text[], sums text[]) returns integer
     language plpgsql
     as $$
     declare
       key_list text := (select string_agg(format('%I', k), ', ') from unnest(keys) k);
       r_keys text := (select string_agg(format('r.%I', k), ', ') from unnest(keys) k);
       t_keys text := (select string_agg(format('t.%I', k), ', ') from unnest(keys) k);
       sum_list text := (select string_agg(format('%I', x), ', ') from unnest(sums) x);
       totals text := (select string_agg(format('sum(%I)', x), ', ') from unnest(sums) x);
       nonzero text := (select string_agg(format('sum(%I) <> 0', x), ' or ') from unnest(sums) x);
       folded integer;
     begin
       execute format($q$
         with touched as (
           select distinct %2$s from %1$s where municipality_id = %8$s and not compacted
         ), gone as (
           delete from %1$s r using touched t where r.municipality_id = %8$s and (%3$s) = (%4$s) returning r.*
         ), kept as (
           insert into %1$s (%2$s, %5$s, compacted)
           select %2$s, %6$s, true from gone group by %2$s having %7$s
           returning 1
         )
         select count(*) from gone
       $q$, rollup, key_list, r_keys, t_keys, sum_list, totals, nonzero, m) into folded;
       return folded;
     end
     $$`,
  `create or replace function segnala_compact_rollups() returns integer
     language plpgsql
     as $$
     declare
       m integer;
       folded integer := 0;
     begin
       if not pg_try_advisory_xact_lock(hashtext('segnala_compact_rollups')) then
         return 0;
       end if;
       for m in select id from municipality order by id loop
         folded := folded
           + segnala_citus_compact_rollup(m, 'ticket_kpi_rollup',
               array['municipality_id', 'category_id', 'office_id', 'status'], array['tickets', 'reopened', 'within_sla'])
           + segnala_citus_compact_rollup(m, 'ticket_duration_rollup',
               array['municipality_id', 'measure', 'category_id', 'office_id', 'status', 'hours'], array['tickets'])
           + segnala_citus_compact_rollup(m, 'ticket_heat_rollup',
               array['municipality_id', 'cell_m', 'category_id', 'office_id', 'status', 'i', 'j'], array['tickets', 'weight']);
       end loop;
       return folded;
     end
     $$`,
];

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
    if (reference.length === 0 && tenant.length === 0) {
      // Already distributed: the Citus versions of the rollup functions again, over any migration's.
      for (const sql of CITUS_FUNCTIONS) await client.query(sql);
      return { reference: [], distributed: [] };
    }
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
      for (const { table, trigger } of TENANT_TRIGGERS_DROPPED)
        if (tenant.includes(table))
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
        await client.query(`alter table ${fk.tbl} add constraint ${quoteIdent(fk.name)} ${fk.def}`);
      for (const sql of CITUS_FUNCTIONS) await client.query(sql);
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
