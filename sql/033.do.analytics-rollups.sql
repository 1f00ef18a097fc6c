-- 033 — all-time aggregates kept up to date by triggers, so that the planning view's KPIs and heat map do
-- not read 10^6 tickets on every request.
--
-- EXPLAIN ANALYZE on the 1,000,000-ticket bench database: kpis by category spent ~150 ms reading the
-- covering index and ~500 ms sorting 1.8 million durations for the percentiles (2.9 s before, with
-- date_part on both timestamps of every row); the 100 m heat map spent ~250 ms handing 10^6 rows from
-- the parallel workers to one hash table. Neither can reach the 200/300 ms targets reading every ticket.
--
-- So three small tables hold the same figures already grouped by every dimension a planner filters on
-- without a time window (category, office, status):
--   ticket_kpi_rollup       tickets, reopened tickets, tickets resolved within the SLA;
--   ticket_duration_rollup  how many tickets took h whole hours to be acknowledged / resolved (histograms:
--                           the median and p90 of whole hours are exact from them);
--   ticket_heat_rollup      tickets and weight per hexagon, for each size in municipality.heat_rollup_cells.
-- Requests with a time window, streets, an area or text read the tickets instead (a month is ~1/24 of them,
-- through the created_at indexes). Both ways give the same numbers: test/integration/analytics-rollup.test.ts
-- compares them after inserts, phase changes, joins, merges, deletes and compaction.
--
-- The triggers only ever append signed rows (+1 for a ticket's new state, -1 for its old one), so reports
-- arriving together never wait for each other on a shared counter row; segnala_compact_rollups() folds
-- those rows into one per group from time to time (the server runs it every minute). Readers sum rows, so a
-- figure is right before compaction too.

-- Durations are counted in completed hours, the unit of the histograms (a ticket resolved after 2 h 40 min
-- took 2 hours). One interval subtraction instead of two date_part calls: it is also 4× cheaper.
create or replace function segnala_hours_between(from_at timestamptz, to_at timestamptz) returns double precision
  language sql immutable parallel safe
  as $$ select case when isfinite(from_at) and isfinite(to_at) then floor(date_part('epoch', to_at - from_at) / 3600.0) end $$;
comment on function segnala_hours_between(timestamptz, timestamptz) is
  'Elapsed wall-clock hours from from_at to to_at, in completed hours (2 h 40 min is 2; null when either is null or infinite). '
  'Calendar hours, not working hours: a citizen waits through nights and weekends too. Whole hours are what the '
  'precomputed histograms hold, so medians and percentiles are the same from them and from the tickets.';

-- Same definition, cheaper: one date_part of the interval instead of two of the timestamps (ages are computed for
-- every ticket sent in clusters and map points: 880 -> 715 ms for clusters over 125,000 open tickets).
create or replace function segnala_age_days(created_at timestamptz, at_time timestamptz) returns double precision
  language sql immutable parallel safe
  as $$ select case when isfinite(created_at) and isfinite(at_time) then date_part('epoch', at_time - created_at) / 86400.0 end $$;

-- What depends on "now" (overdue, age of the open tickets) is still counted on the tickets, the open ones
-- only: this partial covering index makes that an index-only scan (10 ms for 125,000 open tickets).
create index if not exists ticket_open_kpi_cover on ticket (municipality_id, category_id)
  include (office_id, status, created_at, due_at)
  where status in ('received', 'acknowledged', 'in_progress');

-- The planner queries are index-only scans, which must read the table itself for every page not marked
-- all-visible since its last vacuum. By default autovacuum waits until 20 % of the ticket table has changed
-- (200,000 rows at 10^6): after a busy day the open-ticket ranking of streetStats read 47,000 heap pages
-- (73 ms instead of 20). Vacuum after 1 % instead; analyze likewise, so that plans follow the data.
alter table ticket set (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01,
                        autovacuum_analyze_scale_factor = 0.01);

alter table municipality add column heat_rollup_cells integer[] not null default '{100}'
  check (10 <= all (heat_rollup_cells) and 5000 >= all (heat_rollup_cells) and array_position(heat_rollup_cells, null) is null);
comment on column municipality.heat_rollup_cells is
  'Hexagon sizes (edge, metres) whose heat map is kept precomputed in ticket_heat_rollup; other sizes are '
  'computed from the tickets. Changing them (or local_srid) rebuilds the rollups (trigger municipality_rollup_cells).';

create table ticket_kpi_rollup (
  municipality_id integer not null,
  category_id     integer not null,
  office_id       integer not null,
  status          ticket_status not null,
  tickets         integer not null,
  reopened        integer not null,
  within_sla      integer not null,
  compacted       boolean not null default false
);
create index ticket_kpi_rollup_key on ticket_kpi_rollup (municipality_id, category_id, office_id, status);
create index ticket_kpi_rollup_new on ticket_kpi_rollup (municipality_id) where not compacted;

create table ticket_duration_rollup (
  municipality_id integer not null,
  category_id     integer not null,
  office_id       integer not null,
  status          ticket_status not null,
  measure         text not null check (measure in ('ack', 'resolve')),
  hours           integer not null,
  tickets         integer not null,
  compacted       boolean not null default false
);
create index ticket_duration_rollup_key on ticket_duration_rollup (municipality_id, measure, category_id, office_id, status, hours);
create index ticket_duration_rollup_new on ticket_duration_rollup (municipality_id) where not compacted;

create table ticket_heat_rollup (
  municipality_id integer not null,
  cell_m          integer not null,
  category_id     integer not null,
  office_id       integer not null,
  status          ticket_status not null,
  i               integer not null,
  j               integer not null,
  tickets         integer not null,
  weight          integer not null,
  compacted       boolean not null default false
);
create index ticket_heat_rollup_key on ticket_heat_rollup (municipality_id, cell_m, category_id, office_id, status, i, j);
create index ticket_heat_rollup_new on ticket_heat_rollup (municipality_id) where not compacted;

-- The trigger: after every statement that writes tickets, the three rollups' contributions of the rows it
-- wrote, with sign +1 for their new state and -1 for their old one (transition tables, so a COPY of 10^5
-- tickets is one grouped insert). Groups whose contributions cancel (an update that changed nothing they
-- count, such as a new note) write nothing.
create or replace function segnala_rollup_sql(changes text) returns text[]
  language sql immutable
  as $fn$
    select array[
      format($q$
      insert into ticket_kpi_rollup (municipality_id, category_id, office_id, status, tickets, reopened, within_sla)
      select municipality_id, category_id, office_id, status, sum(sign), sum(reopened), sum(within_sla)
      from (
        select municipality_id, category_id, office_id, status, sign,
               case when reopen_count > 0 then sign else 0 end as reopened,
               case when segnala_within_sla(status, resolved_at, due_at) then sign else 0 end as within_sla
        from (%s) c
      ) k
      group by 1, 2, 3, 4
      having sum(sign) <> 0 or sum(reopened) <> 0 or sum(within_sla) <> 0
      $q$, changes),
      format($q$
      insert into ticket_duration_rollup (municipality_id, category_id, office_id, status, measure, hours, tickets)
      select municipality_id, category_id, office_id, status, measure, hours, sum(sign)
      from (
        select municipality_id, category_id, office_id, status, sign, 'ack' as measure,
               segnala_ack_hours(created_at, acknowledged_at)::integer as hours
        from (%1$s) a where acknowledged_at is not null
        union all
        select municipality_id, category_id, office_id, status, sign, 'resolve',
               segnala_resolve_hours(status, created_at, resolved_at)::integer
        from (%1$s) r where status = 'resolved' and resolved_at is not null
      ) d
      group by 1, 2, 3, 4, 5, 6
      having sum(sign) <> 0
      $q$, changes),
      format($q$
      insert into ticket_heat_rollup (municipality_id, cell_m, category_id, office_id, status, i, j, tickets, weight)
      select municipality_id, cell_m, category_id, office_id, status, cell[1], cell[2], sum(sign), sum(sign * weight)
      from (
        select c.municipality_id, s.cell_m, c.category_id, c.office_id, c.status, c.sign,
               case when segnala_is_open(c.status) then 1 + c.supporters_count else 0 end as weight,
               segnala_hex_cell(st_x(p.l), st_y(p.l), s.cell_m::float8) as cell
        from (%s) c
        join municipality m on m.id = c.municipality_id
        cross join unnest(m.heat_rollup_cells) s(cell_m)
        cross join lateral (select st_transform(c.location::geometry, m.local_srid) as l offset 0) p
      ) h
      group by 1, 2, 3, 4, 5, 6, 7
      having sum(sign) <> 0 or sum(sign * weight) <> 0
      $q$, changes)
    ]
  $fn$;
comment on function segnala_rollup_sql(text) is
  'The three inserts that add the rollup contributions of `changes` (ticket rows plus a sign column, +1 or -1).';

-- The trigger: after every statement that writes tickets, the contributions of the rows it wrote, +1 for
-- their new state and -1 for their old one (transition tables, so a COPY of 10^5 tickets is one grouped
-- insert per rollup). Groups whose contributions cancel (an update that changed nothing they count, such
-- as a new note) write nothing.
create or replace function segnala_rollup_trigger() returns trigger
  language plpgsql
  as $$
  declare
    statement text;
  begin
    -- Most updates (a note, a priority, the version) change nothing the rollups count: stop before planning
    -- their three inserts. (Nested: an INSERT trigger has no rollup_old to parse.)
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
    -- The transition tables rollup_new / rollup_old are visible to the dynamic statements of this call.
    foreach statement in array segnala_rollup_sql(case tg_op
      when 'INSERT' then 'select n.*, 1 as sign from rollup_new n'
      when 'UPDATE' then 'select n.*, 1 as sign from rollup_new n union all select o.*, -1 from rollup_old o'
      else 'select o.*, -1 as sign from rollup_old o'
    end) loop
      execute statement;
    end loop;
    return null;
  end
  $$;

create trigger ticket_rollup_insert after insert on ticket
  referencing new table as rollup_new for each statement execute function segnala_rollup_trigger();
create trigger ticket_rollup_update after update on ticket
  referencing old table as rollup_old new table as rollup_new for each statement execute function segnala_rollup_trigger();
create trigger ticket_rollup_delete after delete on ticket
  referencing old table as rollup_old for each statement execute function segnala_rollup_trigger();

create or replace function segnala_rollup_truncate() returns trigger
  language plpgsql
  as $$
  begin
    truncate ticket_kpi_rollup, ticket_duration_rollup, ticket_heat_rollup;
    return null;
  end
  $$;
create trigger ticket_rollup_truncate after truncate on ticket
  for each statement execute function segnala_rollup_truncate();

-- Folds the rows appended since the last run into one row per group (dropping groups that sum to nothing).
-- Only groups with new rows are rewritten; rows appended meanwhile by other transactions are not seen by
-- this statement's delete and stay for the next run, so nothing is counted twice or lost. Returns the number
-- of rows folded. One rollup table, named with its group columns and its summed columns.
create or replace function segnala_compact_rollup(rollup regclass, keys text[], sums text[]) returns integer
  language plpgsql
  as $$
  declare
    key_list text := (select string_agg(format('%I', k), ', ') from unnest(keys) k);
    r_keys text := (select string_agg(format('r.%I', k), ', ') from unnest(keys) k);
    t_keys text := (select string_agg(format('t.%I', k), ', ') from unnest(keys) k);
    sum_list text := (select string_agg(format('%I', m), ', ') from unnest(sums) m);
    totals text := (select string_agg(format('sum(%I)', m), ', ') from unnest(sums) m);
    nonzero text := (select string_agg(format('sum(%I) <> 0', m), ' or ') from unnest(sums) m);
    folded integer;
  begin
    execute format($q$
      with touched as (
        select distinct %2$s from %1$s where not compacted
      ), gone as (
        delete from %1$s r using touched t where (%3$s) = (%4$s) returning r.*
      ), kept as (
        insert into %1$s (%2$s, %5$s, compacted)
        select %2$s, %6$s, true from gone group by %2$s having %7$s
        returning 1
      )
      select count(*) from gone
    $q$, rollup, key_list, r_keys, t_keys, sum_list, totals, nonzero) into folded;
    return folded;
  end
  $$;

-- All three rollups. Concurrent runs skip (advisory lock).
create or replace function segnala_compact_rollups() returns integer
  language plpgsql
  as $$
  begin
    if not pg_try_advisory_xact_lock(hashtext('segnala_compact_rollups')) then
      return 0;
    end if;
    return segnala_compact_rollup('ticket_kpi_rollup',
             array['municipality_id', 'category_id', 'office_id', 'status'], array['tickets', 'reopened', 'within_sla'])
         + segnala_compact_rollup('ticket_duration_rollup',
             array['municipality_id', 'measure', 'category_id', 'office_id', 'status', 'hours'], array['tickets'])
         + segnala_compact_rollup('ticket_heat_rollup',
             array['municipality_id', 'cell_m', 'category_id', 'office_id', 'status', 'i', 'j'], array['tickets', 'weight']);
  end
  $$;
comment on function segnala_compact_rollups() is
  'Folds the rows the rollup triggers appended into one row per group. Safe at any time and concurrently with '
  'writes; the server runs it every ROLLUP_COMPACT_SECONDS.';

-- Recomputes the rollups from the tickets (after adding a heat size, or to repair them): the trigger's own
-- statements, fed every ticket once.
create or replace function segnala_rebuild_rollups() returns void
  language plpgsql
  as $$
  declare
    statement text;
  begin
    lock table ticket in share mode;
    truncate ticket_kpi_rollup, ticket_duration_rollup, ticket_heat_rollup;
    foreach statement in array segnala_rollup_sql('select t.*, 1 as sign from ticket t') loop
      execute statement;
    end loop;
    update ticket_kpi_rollup set compacted = true;
    update ticket_duration_rollup set compacted = true;
    update ticket_heat_rollup set compacted = true;
  end
  $$;
-- The heat rollup is binned in the municipality's metric SRID at its listed sizes: when either changes, every
-- rollup is recomputed, so no request ever reads cells of a size that was never built.
create or replace function segnala_rollup_cells_changed() returns trigger
  language plpgsql
  as $$
  begin
    perform segnala_rebuild_rollups();
    return null;
  end
  $$;
create trigger municipality_rollup_cells after update of heat_rollup_cells, local_srid on municipality
  for each row when (old.heat_rollup_cells is distinct from new.heat_rollup_cells or old.local_srid is distinct from new.local_srid)
  execute function segnala_rollup_cells_changed();

comment on function segnala_rebuild_rollups() is
  'Recomputes ticket_kpi_rollup, ticket_duration_rollup and ticket_heat_rollup from the tickets.';

select segnala_rebuild_rollups();
