-- The rollup trigger of sql/033 with its statements written out instead of built and EXECUTEd on every
-- call. An EXECUTE is parsed and planned each time: three grouped inserts, ~9 ms for a one-row INSERT on
-- the 1,000,000-ticket bench database under load, most of what filing a report cost the database
-- (Open311 POST at ~90 requests/s, docs/scale.md). A static statement of a PL/pgSQL function is planned
-- once per connection and reused, transition tables included: 300 one-row inserts in a loop took 3.1 s
-- with the EXECUTEd trigger and 0.4 s with this one (the ticket's own indexes included).
-- The statements are still the ones segnala_rollup_sql (033) writes, one home for what the rollups count:
-- this migration pastes them into the body once. Whoever changes segnala_rollup_sql re-runs the block
-- below in their migration. Citus replaces the function with its own EXECUTEd variant
-- (server/db/citus.ts), which must rewrite the statements' target tables per shard.
do $migration$
declare
  ins text[] := segnala_rollup_sql('select n.*, 1 as sign from rollup_new n');
  upd text[] := segnala_rollup_sql(
    'select n.*, 1 as sign from rollup_new n union all select o.*, -1 from rollup_old o');
  del text[] := segnala_rollup_sql('select o.*, -1 as sign from rollup_old o');
begin
  execute format($fn$
  create or replace function segnala_rollup_trigger() returns trigger
    language plpgsql
    as $body$
    begin
      if tg_op = 'INSERT' then
        %s;
        %s;
        %s;
        return null;
      end if;
      if tg_op = 'DELETE' then
        %s;
        %s;
        %s;
        return null;
      end if;
      -- Most updates (a note, a priority, the version) change nothing the rollups count: stop before
      -- their three inserts.
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
      %s;
      %s;
      %s;
      return null;
    end
    $body$;
  $fn$, ins[1], ins[2], ins[3], del[1], del[2], del[3], upd[1], upd[2], upd[3]);
end
$migration$;
