import { named, query, queryOne, type Queryable } from './pool.js';

export interface StreetRow {
  id: number;
  name: string;
  name_display: string;
  locality: string | null;
  length_m: number;
  geometry_source: 'generated' | 'imported';
}

export interface StreetSearchRow extends StreetRow {
  rank: number;
  total_count: number;
}

const STREET_COLUMNS = 'id, name, name_display, locality, length_m, geometry_source';

// Search is case- and accent-insensitive (segnala_fold) and typo-tolerant (trigram word similarity):
// "federighi" finds "Via Fortunato Federigi". Without a search text, streets come in name order.
// A municipality has a few hundred streets, so an offset cursor over this stable order is enough.
const SEARCH_STREETS = `
  with matches as (
    select ${STREET_COLUMNS},
      case when $2::text is null then 0::real
           when search_name like '%' || segnala_fold($2) || '%' then 1::real
           else word_similarity(segnala_fold($2), search_name) end as rank,
      -- among equal matches, the name closest to the whole query first ("Via X" before "Traversa A di Via X")
      case when $2::text is null then 0::real else similarity(segnala_fold($2), search_name) end as closeness
    from street
    where municipality_id = $1
      and ($2::text is null or segnala_fold($2) <% search_name or search_name like '%' || segnala_fold($2) || '%')
  )
  select *, count(*) over () as total_count from matches
  order by rank desc, closeness desc, name_display, id
  offset $3 limit $4`;

export function searchStreets(
  db: Queryable,
  municipalityId: number,
  search: string | null,
  offset: number,
  limit: number,
): Promise<StreetSearchRow[]> {
  return query<StreetSearchRow>(db, SEARCH_STREETS, [municipalityId, search, offset, limit]);
}

export function findStreet(
  db: Queryable,
  municipalityId: number,
  id: number,
): Promise<StreetRow | undefined> {
  return queryOne<StreetRow>(
    db,
    `select ${STREET_COLUMNS} from street where municipality_id = $1 and id = $2`,
    [municipalityId, id],
  );
}

export interface StreetGeometryRow {
  id: number;
  name_display: string;
  geometry: string;
}

/** All streets with simplified GeoJSON, for drawing the offline basemap. */
export function listStreetGeometries(
  db: Queryable,
  municipalityId: number,
): Promise<StreetGeometryRow[]> {
  return query<StreetGeometryRow>(
    db,
    `select id, name_display, st_asgeojson(st_simplifypreservetopology(geom, 0.00001), 6) as geometry
     from street where municipality_id = $1 order by id`,
    [municipalityId],
  );
}

export interface AddressAtRow {
  inside: boolean;
  street: StreetRow | null;
  distance_m: number | null;
}

// The nearest street of the comune to a point, as addressAt answers it ("Via Roma, vicino al civico…"):
// the 5 nearest by KNN (<-> on the street GiST, planar degrees) re-ranked by true distance in metres,
// as the placement of a report does (report.queries.ts), and whether the point is inside the boundary.
const ADDRESS_AT = named(
  'street.address_at',
  `
  with p as (select st_setsrid(st_makepoint($2, $3), 4326) as g),
  best as (
    select n.* from (
      select ${STREET_COLUMNS}, st_distance(s.geom::geography, st_setsrid(st_makepoint($2, $3), 4326)::geography) as d
      from street s where s.municipality_id = $1
      order by s.geom <-> st_setsrid(st_makepoint($2, $3), 4326) limit 5
    ) n order by n.d limit 1
  )
  select st_contains(m.boundary, p.g) as inside,
    (select to_jsonb(best) - 'd' from best) as street,
    (select d from best) as distance_m
  from municipality m cross join p
  where m.id = $1`,
);

export function findAddressAt(
  db: Queryable,
  municipalityId: number,
  lon: number,
  lat: number,
): Promise<AddressAtRow | undefined> {
  return queryOne<AddressAtRow>(db, ADDRESS_AT, [municipalityId, lon, lat]);
}
