// Which comune a point is in, over the ISTAT boundaries of `territory` (served comuni or not), and
// whether this deployment serves it (an enabled municipality row with the same ISTAT code).
import { query, queryOne, type Queryable } from './pool.js';

export interface TerritoryAtRow {
  istat_code: string;
  name: string;
  served: boolean;
  host: string | null;
}

// Over the boundaries cut in small parts (territory_part, sql/073): the point meets one or two parts of
// at most 128 vertices instead of whole boundaries. Boundaries of neighbours share their edges: a point
// exactly on one belongs to both, and the smaller ISTAT code answers, so the same point always gets the
// same comune.
const TERRITORY_AT = `
  select t.istat_code, t.name, coalesce(m.enabled, false) as served, m.host
  from territory t
  left join municipality m on m.istat_code = t.istat_code
  where t.istat_code in (
    select p.istat_code from territory_part p
    where st_intersects(p.part, st_setsrid(st_makepoint($1, $2), 4326)))
  order by t.istat_code
  limit 1`;

export function findTerritoryAt(
  db: Queryable,
  lon: number,
  lat: number,
): Promise<TerritoryAtRow | undefined> {
  return queryOne<TerritoryAtRow>(db, TERRITORY_AT, [lon, lat]);
}

export interface PlaceMatchRow {
  istat_code: string;
  name: string;
  served: boolean;
  host: string | null;
  /** The street that matched, or null when the comune's name did. */
  street: string | null;
}

// "Dove si trova questo posto?": comuni of the territory by name, then streets of the served comuni
// (the only ones whose streets are known), both folded (case, accents) by segnala_fold.
const PLACES_BY_NAME = `
  with q as (select '%' || segnala_fold($1) || '%' as pattern)
  (select t.istat_code, t.name, coalesce(m.enabled, false) as served, m.host, null::text as street
   from territory t cross join q left join municipality m on m.istat_code = t.istat_code
   where segnala_fold(t.name) like q.pattern order by t.name limit 10)
  union all
  (select m.istat_code, m.name, true, m.host, s.name_display
   from street s cross join q join municipality m on m.id = s.municipality_id
   where m.enabled and s.search_name like q.pattern order by s.name_display, m.name limit 10)`;

export function findPlacesByName(db: Queryable, text: string): Promise<PlaceMatchRow[]> {
  return query<PlaceMatchRow>(db, PLACES_BY_NAME, [text]);
}
