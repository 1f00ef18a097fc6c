// Planning analytics on the map: duplicate clusters (DBSCAN), hexagon heat and packed ticket points.
// Every query selects its tickets with the one TicketFilter builder; the measures are the SQL functions
// of sql/030.do.analytics-definitions.sql. Values travel as $n parameters.
import type { TicketFilter } from '../domain/ticket-filter.js';
import { query, type Queryable } from './pool.js';
import { SqlParams, ticketFilterSql } from './ticket-filter.sql.js';

export interface AnalyticsScope {
  municipalityId: number;
  /** The municipality's metric SRID (e.g. 32632), where distances and hexagons are measured. */
  localSrid: number;
  filter: TicketFilter;
  /** "Now" for ages and overdue checks; a parameter so tests can pin it. */
  now: Date;
}

export interface ClusterTicketJson {
  code: string;
  status: string;
  ageDays: number;
  supporters: number;
}

export interface ClusterRow {
  category_id: number;
  first_id: number;
  count: number;
  supporters_total: number;
  centroid: string;
  hull: string;
  radius_m: number;
  suggested_original: string;
  tickets: ClusterTicketJson[];
}

// DBSCAN per category in the local SRID over the open tickets that match the filter. A cluster's id is
// "<category>-<lowest ticket id>": DBSCAN numbers change from run to run, the lowest member does not.
// The suggested original is the most supported ticket, then the oldest.
function clustersSql(scope: AnalyticsScope, epsM: number, minPoints: number, limit: number): { text: string; values: unknown[] } {
  const p = new SqlParams();
  const where = ticketFilterSql(scope.municipalityId, scope.filter, p);
  const srid = p.add(scope.localSrid);
  const eps = p.add(epsM);
  const min = p.add(minPoints);
  const now = p.add(scope.now);
  const lim = p.add(limit);
  const text = `
    with t as (
      select t.id, t.code, t.category_id, t.status, t.created_at, t.supporters_count,
             st_transform(t.location::geometry, ${srid}::integer) as g
      from ticket t
      where ${where} and segnala_is_open(t.status)
    ), c as (
      select t.*, st_clusterdbscan(g, ${eps}::float8, ${min}::integer) over (partition by category_id) as cid
      from t
    ), top as (
      -- Rank clusters on cheap aggregates first; hulls, radii and ticket lists only for the clusters sent.
      select category_id, cid, st_centroid(st_collect(g)) as centre
      from c where cid is not null
      group by category_id, cid
      order by count(*) desc, sum(supporters_count) desc, min(id)
      limit ${lim}
    )
    select c.category_id, min(c.id) as first_id, count(*)::int as count,
           sum(c.supporters_count)::int as supporters_total,
           st_asgeojson(st_transform(k.centre, 4326), 7) as centroid,
           st_asgeojson(st_transform(st_convexhull(st_collect(c.g)), 4326), 7) as hull,
           max(st_distance(c.g, k.centre)) as radius_m,
           (array_agg(c.code order by c.supporters_count desc, c.created_at, c.id))[1] as suggested_original,
           json_agg(json_build_object('code', c.code, 'status', c.status, 'supporters', c.supporters_count,
                    'ageDays', segnala_age_days(c.created_at, ${now})) order by c.created_at, c.id) as tickets
    from c join top k on k.category_id = c.category_id and k.cid = c.cid
    group by c.category_id, c.cid, k.centre
    order by count(*) desc, sum(c.supporters_count) desc, min(c.id)`;
  return { text, values: p.values };
}

export function findDuplicateClusters(db: Queryable, scope: AnalyticsScope, epsM: number, minPoints: number, limit: number): Promise<ClusterRow[]> {
  const { text, values } = clustersSql(scope, epsM, minPoints, limit);
  return query<ClusterRow>(db, text, values);
}

export interface HeatCellRow {
  i: number;
  j: number;
  count: number;
  open_count: number;
  weight: number;
  geometry: string;
  centre: string;
}

// Hexagon bins in the local SRID. The point → cell step is arithmetic (segnala_hex_cell, same indices as
// ST_HexagonGrid / ST_Hexagon); only the non-empty cells are turned into polygons. "offset 0" keeps the
// projected x, y as plain columns so that the planner inlines segnala_hex_cell.
export function heatmapCells(db: Queryable, scope: AnalyticsScope, cellM: number): Promise<HeatCellRow[]> {
  const p = new SqlParams();
  const where = ticketFilterSql(scope.municipalityId, scope.filter, p);
  const srid = p.add(scope.localSrid);
  const size = p.add(cellM);
  const text = `
    with pts as (
      select st_x(l) as x, st_y(l) as y, open, weight
      from (select st_transform(t.location::geometry, ${srid}::integer) as l, segnala_is_open(t.status) as open,
                   case when segnala_is_open(t.status) then 1 + t.supporters_count else 0 end as weight
            from ticket t where ${where} offset 0) s
      offset 0
    ), cells as (
      select segnala_hex_cell(x, y, ${size}::float8) as cell, count(*)::int as count,
             count(*) filter (where open)::int as open_count, sum(weight)::int as weight
      from pts group by 1
    ), hex as (
      select cell[1] as i, cell[2] as j, count, open_count, weight,
             st_hexagon(${size}::float8, cell[1], cell[2], st_setsrid(st_makepoint(0, 0), ${srid}::integer)) as h
      from cells
    )
    select i, j, count, open_count, weight,
           st_asgeojson(st_transform(h, 4326), 7) as geometry,
           st_asgeojson(st_transform(st_centroid(h), 4326), 7) as centre
    from hex order by i, j`;
  return query<HeatCellRow>(db, text, p.values);
}

export interface PackedPointsRow {
  count: number;
  /** Big-endian float32 lon, lat per ticket (PostgreSQL's float4send). */
  positions: Buffer | null;
  categories: Buffer | null;
  statuses: Buffer | null;
  /** Big-endian uint16 per ticket. */
  age_days: Buffer | null;
}

// The arrays are built in SQL, one bytea per attribute: parsing 10^5 rows of five columns in Node cost
// several times the query itself. All four aggregates see the rows in the same order, so entry i of each
// array is the same ticket. legendIds and statusOrder give the indices: a value's index is its position there.
export function packedTicketPoints(
  db: Queryable, scope: AnalyticsScope, legendIds: readonly number[], statusOrder: readonly string[],
): Promise<PackedPointsRow[]> {
  const p = new SqlParams();
  const where = ticketFilterSql(scope.municipalityId, scope.filter, p);
  const legend = p.add(legendIds);
  const now = p.add(scope.now);
  const statuses = p.add(statusOrder);
  const text = `
    select count(*)::int as count,
           string_agg(float4send(st_x(t.location::geometry)::float4) || float4send(st_y(t.location::geometry)::float4), ''::bytea) as positions,
           string_agg(set_byte('\\x00'::bytea, 0, coalesce(array_position(${legend}::int[], t.category_id) - 1, 255)), ''::bytea) as categories,
           string_agg(set_byte('\\x00'::bytea, 0, array_position(${statuses}::text[], t.status::text) - 1), ''::bytea) as statuses,
           string_agg(substring(int4send(least(65535, greatest(0, floor(segnala_age_days(t.created_at, ${now}))))::int) from 3 for 2), ''::bytea) as age_days
    from ticket t where ${where}`;
  return query<PackedPointsRow>(db, text, p.values);
}
