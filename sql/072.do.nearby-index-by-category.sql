-- The open-ticket GiST index carries the category too, so that the nearby counts of sql/051/057 read
-- only the open tickets of the report's own category within its radius instead of every open ticket
-- there. At 1,000,000 demo tickets an insert's neighbour search (segnala_open_around, run twice per
-- report: the neighbours to adjust, then its own live count) fetched ~150 heap rows to keep the ~5 of
-- its category; the category is now checked in the index, before the heap (btree_gist gives integers a
-- GiST operator class). Location stays the first column, so the tree is still split by place and every
-- query that asks only for a place (nearbyTickets without a category, the map) uses it as before.
create extension if not exists btree_gist;

drop index ticket_open_location_gist;
create index ticket_open_location_gist on ticket using gist (location, category_id)
  where status in ('received', 'acknowledged', 'in_progress');

-- As in 051, with the category as a plain comparison so that it becomes an index condition (the comune
-- stays "+ 0": it is not in this index, and a btree leading with it must not be chosen instead).
create or replace function segnala_open_around(m integer, cat integer, p geography)
  returns setof bigint
  language sql stable as $$
  select o.id from ticket o join category c on c.municipality_id = m and c.id = cat
  where o.municipality_id + 0 = m and o.category_id = cat
    and o.status in ('received', 'acknowledged', 'in_progress')
    and st_dwithin(o.location, p, c.duplicate_radius_m)
$$;

-- As in 057, without the statements that have nothing to do: a report with no open neighbour of its
-- kind, and the usual case of neighbours this transaction did not change. segnala_nearby_recount is a
-- SQL function with a writing CTE, planned afresh at every call (~1 ms at 1,000,000 tickets), even for
-- an empty list.
create or replace function segnala_nearby_adjust(m integer, ids bigint[], d integer)
  returns void
  language plpgsql as $$
declare
  mine xid := pg_current_xact_id()::xid;
  changed bigint[];
  others bigint[];
begin
  if cardinality(ids) = 0 then
    return;
  end if;
  select coalesce(array_agg(t.id) filter (where t.xmin = mine), '{}'),
         coalesce(array_agg(t.id) filter (where t.xmin <> mine), '{}')
  into changed, others
  from ticket t where t.municipality_id = m and t.id = any(ids);
  if cardinality(others) > 0 then
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
  end if;
  if cardinality(changed) > 0 then
    perform segnala_nearby_recount(m, changed);
  end if;
end $$;
