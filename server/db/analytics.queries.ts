// Planning analytics on the map: duplicate clusters (DBSCAN), hexagon heat and packed ticket points.
// Every query selects its tickets with the one TicketFilter builder; the measures are the SQL functions
// of sql/030.do.analytics-definitions.sql. Values travel as $n parameters.
import type { TicketFilter } from '../domain/ticket-filter.js';
import { UNKNOWN_CATEGORY_INDEX } from '../domain/ticket-points.js';
import { query, type Queryable } from './pool.js';
import { rollupServes } from './rollup.sql.js';
import { SqlParams, ticketFilterSql } from './ticket-filter.sql.js';

export interface AnalyticsScope {
  /** The comune of the request. */
  municipalityId: number;
  /** The comuni a sovracomunale planner asked for instead (filter municipalityIds); absent: the one above. */
  municipalityIds?: readonly number[];
  /** The municipality's metric SRID (e.g. 32632), where distances and hexagons are measured. */
  localSrid: number;
  filter: TicketFilter;
  /** "Now" for ages and overdue checks; a parameter so tests can pin it. */
  now: Date;
}

/** The comuni a scope reads: the planner's choice, or the request's comune. */
export function scopeMunicipalities(scope: AnalyticsScope): readonly number[] {
  return scope.municipalityIds?.length ? scope.municipalityIds : [scope.municipalityId];
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
function clustersSql(
  scope: AnalyticsScope,
  epsM: number,
  minPoints: number,
  limit: number,
): { text: string; values: unknown[] } {
  const p = new SqlParams();
  const where = ticketFilterSql(scopeMunicipalities(scope), scope.filter, p);
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
      -- Rank clusters on cheap aggregates first; centres, hulls, radii and ticket lists only for the clusters sent.
      select category_id, cid
      from c where cid is not null
      group by category_id, cid
      order by count(*) desc, sum(supporters_count) desc, min(id)
      limit ${lim}
    ), agg as (
      select c.category_id, min(c.id) as first_id, count(*)::int as count, sum(c.supporters_count)::int as supporters_total,
             st_collect(c.g) as points,
             (array_agg(c.code order by c.supporters_count desc, c.created_at, c.id))[1] as suggested_original,
             json_agg(json_build_object('code', c.code, 'status', c.status, 'supporters', c.supporters_count,
                      'ageDays', segnala_age_days(c.created_at, ${now})) order by c.created_at, c.id) as tickets
      from c join top k on k.category_id = c.category_id and k.cid = c.cid
      group by c.category_id, c.cid
    )
    select category_id, first_id, count, supporters_total,
           st_asgeojson(st_transform(st_centroid(points), 4326), 7) as centroid,
           st_asgeojson(st_transform(st_convexhull(points), 4326), 7) as hull,
           st_maxdistance(st_centroid(points), points) as radius_m,
           suggested_original, tickets
    from agg
    order by count desc, supporters_total desc, first_id`;
  return { text, values: p.values };
}

export function findDuplicateClusters(
  db: Queryable,
  scope: AnalyticsScope,
  epsM: number,
  minPoints: number,
  limit: number,
): Promise<ClusterRow[]> {
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

/** Where heatmapCells reads from: 'auto' takes ticket_heat_rollup when it holds the size and the filter. */
export type HeatSource = 'auto' | 'tickets' | 'rollup';

// The polygons of the non-empty cells (i, j, count, open_count, weight from `cells`).
function hexPolygonsSql(cells: string, size: string, srid: string): string {
  return `
    with cells as (${cells}), hex as (
      select i, j, count, open_count, weight,
             st_hexagon(${size}::float8, i, j, st_setsrid(st_makepoint(0, 0), ${srid}::integer)) as h
      from cells
    )
    select i, j, count, open_count, weight,
           st_asgeojson(st_transform(h, 4326), 7) as geometry,
           st_asgeojson(st_transform(st_centroid(h), 4326), 7) as centre
    from hex order by i, j`;
}

// Hexagon bins in the local SRID. The point → cell step is arithmetic (segnala_hex_cell, same indices as
// ST_HexagonGrid / ST_Hexagon); only the non-empty cells are turned into polygons. "offset 0" keeps the
// projected x, y as plain columns so that the planner inlines segnala_hex_cell. Sizes listed in
// municipality.heat_rollup_cells, filtered by category, office and status only, are summed from ticket_heat_rollup
// (sql/033) instead of binning every ticket; both give the same cells (test/integration/analytics-rollup.test.ts).
export async function heatmapCells(
  db: Queryable,
  scope: AnalyticsScope,
  cellM: number,
  source: HeatSource = 'auto',
): Promise<HeatCellRow[]> {
  const p = new SqlParams();
  let cells: string;
  const rolled =
    source === 'rollup' ||
    (source === 'auto' &&
      rollupServes(scope.filter) &&
      Number.isInteger(cellM) &&
      (
        await query(
          db,
          // Every comune read keeps the size, in the SRID the cells are drawn in (several comuni: all alike).
          'select 1 from municipality where id = any($1::int[]) and $2 = any(heat_rollup_cells) and local_srid = $3',
          [scopeMunicipalities(scope), cellM, scope.localSrid],
        )
      ).length === scopeMunicipalities(scope).length);
  if (rolled) {
    const where = ticketFilterSql(scopeMunicipalities(scope), scope.filter, p, 'r');
    cells = `
      select r.i, r.j, sum(r.tickets)::int as count,
             coalesce(sum(r.tickets) filter (where segnala_is_open(r.status)), 0)::int as open_count, sum(r.weight)::int as weight
      from ticket_heat_rollup r where ${where} and r.cell_m = ${p.add(cellM)}
      group by r.i, r.j having sum(r.tickets) > 0`;
  } else {
    const where = ticketFilterSql(scopeMunicipalities(scope), scope.filter, p);
    cells = `
      select cell[1] as i, cell[2] as j, count(*)::int as count, count(*) filter (where open)::int as open_count, sum(weight)::int as weight
      from (
        select segnala_hex_cell(x, y, ${p.add(cellM)}::float8) as cell, open, weight
        from (
          select st_x(l) as x, st_y(l) as y, open, weight
          from (select st_transform(t.location::geometry, ${p.add(scope.localSrid)}::integer) as l, segnala_is_open(t.status) as open,
                       case when segnala_is_open(t.status) then 1 + t.supporters_count else 0 end as weight
                from ticket t where ${where} offset 0) s
          offset 0
        ) pts
      ) binned
      group by cell`;
  }
  return query<HeatCellRow>(
    db,
    hexPolygonsSql(cells, p.add(cellM), p.add(scope.localSrid)),
    p.values,
  );
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
  db: Queryable,
  scope: AnalyticsScope,
  legendIds: readonly number[],
  statusOrder: readonly string[],
): Promise<PackedPointsRow[]> {
  const p = new SqlParams();
  const where = ticketFilterSql(scopeMunicipalities(scope), scope.filter, p);
  const legend = p.add(legendIds);
  const now = p.add(scope.now);
  const statuses = p.add(statusOrder);
  const text = `
    select count(*)::int as count,
           string_agg(float4send(st_x(t.location::geometry)::float4) || float4send(st_y(t.location::geometry)::float4), ''::bytea) as positions,
           string_agg(set_byte('\\x00'::bytea, 0, coalesce(array_position(${legend}::int[], t.category_id) - 1, ${UNKNOWN_CATEGORY_INDEX})), ''::bytea) as categories,
           string_agg(set_byte('\\x00'::bytea, 0, array_position(${statuses}::text[], t.status::text) - 1), ''::bytea) as statuses,
           string_agg(substring(int4send(least(65535, greatest(0, floor(segnala_age_days(t.created_at, ${now}))))::int) from 3 for 2), ''::bytea) as age_days
    from ticket t where ${where}`;
  return query<PackedPointsRow>(db, text, p.values);
}
