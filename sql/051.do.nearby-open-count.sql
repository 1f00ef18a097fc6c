-- The inbox's suggested order needs, for every open ticket it ranks, how many other open tickets of the
-- same category lie within the category's duplicate radius. Counted live, that is one GiST probe per open
-- ticket of the office on every inbox page: 2,518 probes for a comune of 20,000 tickets, ~125,000 for one
-- of 1,000,000, and among 50 comuni each probe walks a tree 50x larger (the GiST on ticket.location does
-- not lead with the comune). Here the count is kept per ticket, exactly equal to the live count, so a page
-- reads it like any other column (test/integration/nearby-open.test.ts compares stored and live after every
-- kind of write).
--
-- ticket_nearby holds one row per open ticket with at least one open neighbour (no row = 0, as the live
-- count gives for a closed ticket). It has no foreign key to ticket on purpose: checking one takes a KEY
-- SHARE lock on the ticket row, which a phase change holding that row FOR UPDATE would make wait while it
-- itself waits for the comune-and-category lock below (a deadlock).
--
-- Who writes it: deferred constraint triggers, at commit, under a transaction advisory lock per (comune,
-- category). At commit a transaction takes no more row locks, so holding the advisory lock there cannot
-- wait on a ticket row held by a transaction that is itself waiting for it. Every writer of a category's
-- counts holds its lock; after the lock is granted each statement of the trigger sees every earlier writer
-- committed (READ COMMITTED, a new snapshot per statement), so it recounts from the true current state:
-- the changed ticket, and the open tickets around its old and its new place. Only a change that can alter
-- a count fires it: a ticket becoming open or closed, its category or place, a category's radius; a step
-- between two open phases (acknowledge, start), a priority, a reassignment, "mi associo" fire nothing.
-- Transactions that change tickets of several categories take the locks in the order of their changes,
-- so two of them in opposite orders can deadlock (PostgreSQL then aborts one); no operator action does
-- that (bulk actions never open or close a ticket), only maintenance statements.
--
-- Bulk loads (the demo generator, COPY of 10,000 rows a statement) set `segnala.nearby_bulk = on` in
-- their transaction, which keeps the row triggers from being queued at all, and call
-- segnala_rebuild_nearby(comune) once at the end.

create table ticket_nearby (
  municipality_id integer not null references municipality (id),
  ticket_id       bigint not null,
  open_nearby     integer not null check (open_nearby > 0),
  primary key (municipality_id, ticket_id)
);
comment on table ticket_nearby is
  'Per open ticket: other open tickets of its category within the category duplicate radius (absent = 0). Kept by sql/051 triggers.';

-- The open tickets of a category that a ticket at point p counts, and that count it (the relation is
-- symmetric: both sides use the category's radius): the one definition of "open nearby".
-- `+ 0` keeps the planner on the open-tickets GiST (a handful of rows, then filtered by comune and
-- category) instead of ANDing it with a btree bitmap of the whole comune, as inbox.queries.ts did live.
create function segnala_open_around(m integer, cat integer, p geography)
  returns setof bigint
  language sql stable as $$
  select o.id from ticket o join category c on c.municipality_id = m and c.id = cat
  where o.municipality_id + 0 = m and o.category_id + 0 = cat
    and o.status in ('received', 'acknowledged', 'in_progress')
    and st_dwithin(o.location, p, c.duplicate_radius_m)
$$;

-- The live count of one ticket: the stored value must always equal it (0 for a closed ticket).
create function segnala_open_nearby_count(t ticket)
  returns integer
  language sql stable as $$
  select case when t.status in ('received', 'acknowledged', 'in_progress') then
    (select count(*)::int from segnala_open_around(t.municipality_id, t.category_id, t.location) as o (id) where o.id <> t.id)
  else 0 end
$$;

-- Stores the live count of these tickets (a row when > 0; none for a closed, deleted or lone one).
create function segnala_nearby_recount(m integer, ids bigint[])
  returns void
  language sql as $$
  with live as (
    select t.id as ticket_id, segnala_open_nearby_count(t) as open_nearby
    from ticket t where t.municipality_id = m and t.id = any(ids)),
  gone as (
    delete from ticket_nearby k
    where k.municipality_id = m and k.ticket_id = any(ids)
      and not exists (select 1 from live where live.ticket_id = k.ticket_id and live.open_nearby > 0))
  insert into ticket_nearby (municipality_id, ticket_id, open_nearby)
  select m, live.ticket_id, live.open_nearby from live where live.open_nearby > 0
  on conflict (municipality_id, ticket_id) do update set open_nearby = excluded.open_nearby
    where ticket_nearby.open_nearby <> excluded.open_nearby
$$;

-- The lock every writer of one category's counts holds until its commit (two-key advisory locks are a
-- space of their own; nothing else in Segnala uses them).
create function segnala_nearby_lock(m integer, cats integer[])
  returns void
  language sql as $$
  select count(pg_advisory_xact_lock(m, c)) from (select distinct c from unnest(cats) c order by c) l
$$;

create function segnala_nearby_ticket_trigger() returns trigger
  language plpgsql as $$
declare
  m integer;
  ids bigint[];
begin
  if tg_op = 'INSERT' then
    m := new.municipality_id;
    perform segnala_nearby_lock(m, array[new.category_id]);
    ids := array[new.id] || array(select segnala_open_around(m, new.category_id, new.location));
  elsif tg_op = 'DELETE' then
    m := old.municipality_id;
    perform segnala_nearby_lock(m, array[old.category_id]);
    ids := array[old.id] || array(select segnala_open_around(m, old.category_id, old.location));
  else
    m := new.municipality_id;
    perform segnala_nearby_lock(m, array[old.category_id, new.category_id]);
    ids := array[new.id]
      || array(select segnala_open_around(m, old.category_id, old.location))
      || array(select segnala_open_around(m, new.category_id, new.location));
  end if;
  perform segnala_nearby_recount(m, ids);
  return null;
end $$;

create constraint trigger ticket_nearby_insert after insert on ticket
  deferrable initially deferred for each row
  when (new.status in ('received', 'acknowledged', 'in_progress')
        and coalesce(current_setting('segnala.nearby_bulk', true), '') <> 'on')
  execute function segnala_nearby_ticket_trigger();

create constraint trigger ticket_nearby_update after update of status, category_id, location on ticket
  deferrable initially deferred for each row
  when ((old.status in ('received', 'acknowledged', 'in_progress')) <> (new.status in ('received', 'acknowledged', 'in_progress'))
        or old.category_id <> new.category_id
        or st_asbinary(old.location) <> st_asbinary(new.location))
  execute function segnala_nearby_ticket_trigger();

create constraint trigger ticket_nearby_delete after delete on ticket
  deferrable initially deferred for each row
  when (old.status in ('received', 'acknowledged', 'in_progress')
        and coalesce(current_setting('segnala.nearby_bulk', true), '') <> 'on')
  execute function segnala_nearby_ticket_trigger();

-- A category's radius changed: every open ticket of it is recounted.
create function segnala_nearby_category_trigger() returns trigger
  language plpgsql as $$
begin
  perform segnala_nearby_lock(new.municipality_id, array[new.id]);
  perform segnala_nearby_recount(new.municipality_id, array(
    select t.id from ticket t where t.municipality_id = new.municipality_id and t.category_id = new.id
      and t.status in ('received', 'acknowledged', 'in_progress')));
  return null;
end $$;

create constraint trigger category_nearby_radius after update of duplicate_radius_m on category
  deferrable initially deferred for each row
  when (old.duplicate_radius_m <> new.duplicate_radius_m)
  execute function segnala_nearby_category_trigger();

-- TRUNCATE ticket fires no row trigger.
create function segnala_nearby_truncate() returns trigger
  language plpgsql as $$
begin
  truncate ticket_nearby;
  return null;
end $$;

create trigger ticket_nearby_truncate after truncate on ticket
  for each statement execute function segnala_nearby_truncate();

-- Every count of a comune from the tickets, under all of its categories' locks (after a bulk load, and
-- here for the tickets already there).
create function segnala_rebuild_nearby(m integer)
  returns integer
  language plpgsql as $$
declare
  n integer;
begin
  perform segnala_nearby_lock(m, array(select id from category where municipality_id = m));
  delete from ticket_nearby where municipality_id = m;
  insert into ticket_nearby (municipality_id, ticket_id, open_nearby)
  select m, l.id, l.n
  from (select t.id, segnala_open_nearby_count(t) as n from ticket t
        where t.municipality_id = m and t.status in ('received', 'acknowledged', 'in_progress')) l
  where l.n > 0;
  get diagnostics n = row_count;
  return n;
end $$;

select segnala_rebuild_nearby(id) from municipality order by id;

-- An operator's inbox (its offices, open tickets, the default) reads every column the suggested order
-- needs from this index alone: 10,356 open tickets of one office among 200,000 read 120 index pages
-- instead of 5,200 heap pages (EXPLAIN ANALYZE, docs/scale.md). Same keys as the index it replaces.
create index ticket_office_status_cover on ticket (municipality_id, office_id, status, due_at)
  include (id, category_id, created_at, closed_at, supporters_count);
drop index ticket_office_status;
