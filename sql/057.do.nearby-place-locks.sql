-- The stored nearby-open counts of sql/051 under locks per place instead of per category.
--
-- 051 serialised every writer of a (comune, category) on one advisory lock held to the end of its
-- commit, WAL flush included: all reports of one category were filed one after the other, whatever
-- their distance (Open311 POST at 1,000,000 tickets: 75 reports/s with 20 clients, docs/scale.md).
-- Only writers near each other need to wait for each other. A writer at p recounts p and the open
-- tickets within r of p (r: the category's duplicate radius), and each of those counts what lies within
-- r of it: its change can only meet the change of a writer at q when |p - q| <= 2r. So each writer now
-- locks the cells of a fixed grid (cell side 2r) that the box p ± r touches (at most 2 × 3 cells here):
-- two boxes that overlap share a cell, and two writers closer than 2r have overlapping boxes, so they
-- still take turns, and each recounts from the state the other committed, exactly as before. Writers
-- far apart no longer wait.
--
-- The category lock stays, shared by the writers of places and exclusive for the operations that
-- recount a whole category (a radius change, segnala_rebuild_nearby): those still wait for every
-- writer and every writer for them. A writer reads the radius only after its shared lock, so a
-- radius change either ended before (its new grid is used) or recounts everything after it.
-- Cell locks live in the key space (-comune, hash of category and cell), apart from the category
-- locks (comune, category); a hash collision only makes two writers wait for each other.

-- The cells (as lock keys) of category `cat`'s grid that the box of its radius around p touches. The box
-- is wider than the circle: degrees of latitude are at least 110,574 m, degrees of longitude taken at
-- the box's far edge from the equator, plus 1 %.
create function segnala_nearby_cell_keys(m integer, cat integer, p geography)
  returns setof integer
  language sql stable as $$
  with box as (
    select st_x(p::geometry) as lon, st_y(p::geometry) as lat,
           greatest(c.duplicate_radius_m, 1)::float8 / 110574.0 * 1.01 as dlat,
           2 * greatest(c.duplicate_radius_m, 1)::float8 / 110574.0 as cell,
           greatest(c.duplicate_radius_m, 1)::float8 as r
    from category c where c.municipality_id = m and c.id = cat),
  wide as (
    select box.*, r / (111320.0 * greatest(cos(radians(least(abs(lat) + dlat, 89.9))), 0.001)) * 1.01 as dlon
    from box)
  select distinct hashtext(cat::text || ':' || ix::text || ':' || iy::text)
  from wide,
       generate_series(floor((lon - dlon) / cell)::bigint, floor((lon + dlon) / cell)::bigint) ix,
       generate_series(floor((lat - dlat) / cell)::bigint, floor((lat + dlat) / cell)::bigint) iy
$$;

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

create or replace function segnala_nearby_ticket_trigger() returns trigger
  language plpgsql as $$
declare
  m integer;
  ids bigint[];
begin
  if tg_op = 'INSERT' then
    m := new.municipality_id;
    perform segnala_nearby_place_lock(m, array[new.category_id], array[new.location]);
    ids := array[new.id] || array(select segnala_open_around(m, new.category_id, new.location));
  elsif tg_op = 'DELETE' then
    m := old.municipality_id;
    perform segnala_nearby_place_lock(m, array[old.category_id], array[old.location]);
    ids := array[old.id] || array(select segnala_open_around(m, old.category_id, old.location));
  else
    m := new.municipality_id;
    perform segnala_nearby_place_lock(m, array[old.category_id, new.category_id],
                                      array[old.location, new.location]);
    ids := array[new.id]
      || array(select segnala_open_around(m, old.category_id, old.location))
      || array(select segnala_open_around(m, new.category_id, new.location));
  end if;
  perform segnala_nearby_recount(m, ids);
  return null;
end $$;
