-- The stored nearby-open counts of sql/051, kept by changing only what a change changes, under locks
-- per place instead of per category.
--
-- 051 recounted, at each commit, the changed ticket and every open ticket within r of it (r: the
-- category's duplicate radius), each of them a count of its own neighbours: at 1,000,000 demo tickets,
-- 32 open neighbours on average, ~1,000 rows read per report. And it held one lock per (comune, category)
-- through the commit's WAL flush, so all reports of a category were filed one after the other, whatever
-- their distance (Open311 POST at 1M: 75 reports/s with 20 clients, docs/scale.md).
--
-- Now a change of ticket X adds 1 to the count of each open ticket it starts to be near (open at its new
-- place, same category) and takes 1 from each it stops being near (open at its old place), and recounts
-- only X itself, live. The neighbours are found at commit, when every change of the transaction is done:
-- a neighbour that this transaction changed too (its row version's xmin is this transaction) is
-- recounted live instead of adjusted, since its own change may have been counted already (by its own
-- trigger) or be counted later; a live recount at commit is right whenever it runs. Each event of X
-- (an insert, then an update, ...) adjusts from its own old to its own new state, so several events of
-- one ticket in one transaction add up to the change from first to last. Writers of tickets use no
-- savepoints (a row written in a subtransaction would not be recognised as this transaction's).
--
-- Locks: a writer at p changes counts within r of p, and each live recount reads what lies within r of
-- that ticket: its change can only meet the change of a writer at q when |p - q| <= 2r. So each writer
-- locks the cells of a fixed grid (cell side 2r) that the box p ± r touches (at most 2 × 3 cells here):
-- two boxes that overlap share a cell, and two writers closer than 2r have overlapping boxes, so they
-- take turns, the second adjusting and recounting from what the first committed. Writers far apart no
-- longer wait. The category lock stays, shared by the writers of places and exclusive for the operations
-- that recount a whole category (a radius change, segnala_rebuild_nearby): those wait for every writer
-- and every writer for them. A writer reads the radius only after its shared lock, so a radius change
-- either ended before (its new grid is used) or recounts everything after it. Cell locks live in the key
-- space (-comune, hash of category and cell), apart from the category locks (comune, category); a hash
-- collision only makes two writers wait for each other.

-- The cells (as lock keys) of category `cat`'s grid that the box of its radius around p touches. The box
-- is wider than the circle: degrees of latitude are at least 110,574 m, degrees of longitude taken at
-- the box's far edge from the equator, plus 1 %.
create function segnala_nearby_cell_keys(m integer, cat integer, p geography)
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
  select greatest(c.duplicate_radius_m, 1) into r from category c where c.municipality_id = m and c.id = cat;
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
end $$;

-- The locks of a writer whose changes touch these (category, place) pairs: each category shared, then
-- every cell, in one sorted order (two single-ticket writers never deadlock).
create function segnala_nearby_place_lock(m integer, cats integer[], places geography[])
  returns void
  language plpgsql as $$
begin
  perform count(pg_advisory_xact_lock_shared(m, c))
  from (select distinct c from unnest(cats) c order by c) l;
  -- A statement of its own: the radius is read after the shared lock was granted.
  perform count(pg_advisory_xact_lock(-m, k))
  from (select distinct k from unnest(cats, places) as u (c, p),
          lateral segnala_nearby_cell_keys(m, u.c, u.p) as k order by k) l;
end $$;

-- Adds d (+1 or -1) to the stored count of these open tickets, except those this transaction changed,
-- which are recounted live; a count that reaches 0 loses its row.
create function segnala_nearby_adjust(m integer, ids bigint[], d integer)
  returns void
  language plpgsql as $$
declare
  mine xid := pg_current_xact_id()::xid;
  changed bigint[];
  others bigint[];
begin
  select coalesce(array_agg(t.id) filter (where t.xmin = mine), '{}'),
         coalesce(array_agg(t.id) filter (where t.xmin <> mine), '{}')
  into changed, others
  from ticket t where t.municipality_id = m and t.id = any(ids);
  if d > 0 then
    insert into ticket_nearby (municipality_id, ticket_id, open_nearby)
    select m, id, d from unnest(others) id
    on conflict (municipality_id, ticket_id) do update set open_nearby = ticket_nearby.open_nearby + d;
  else
    delete from ticket_nearby
    where municipality_id = m and ticket_id = any(others) and open_nearby + d <= 0;
    update ticket_nearby set open_nearby = open_nearby + d
    where municipality_id = m and ticket_id = any(others);
  end if;
  perform segnala_nearby_recount(m, changed);
end $$;

create or replace function segnala_nearby_ticket_trigger() returns trigger
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
  -- The ticket itself, live: its open neighbours now (the same set it adds 1 to), or no row once closed
  -- or deleted. A later event of it in this transaction writes it again from that event's state.
  if is_open then
    around := array(select o from segnala_open_around(m, new.category_id, new.location) o where o <> tid);
    perform segnala_nearby_adjust(m, around, 1);
  end if;
  if cardinality(around) > 0 then
    insert into ticket_nearby (municipality_id, ticket_id, open_nearby) values (m, tid, cardinality(around))
    on conflict (municipality_id, ticket_id) do update set open_nearby = excluded.open_nearby;
  else
    delete from ticket_nearby where municipality_id = m and ticket_id = tid;
  end if;
  return null;
end $$;
