// Per-street aggregates for planners, in two steps: rank every street by the requested measure (cheap
// for counts: only the tickets the measure needs are read), then compute all measures for one page.
import { query, type Queryable } from './pool.js';
import { municipalitySql, SqlParams, ticketFilterSql } from './ticket-filter.sql.js';
import { scopeMunicipalities, type AnalyticsScope } from './analytics.queries.js';
import type { StreetRow } from './street.queries.js';

export type StreetOrderKey =
  'open' | 'total' | 'overdue' | 'perKm' | 'medianResolve' | 'p90Resolve' | 'recurrence';

/** The measure (over the street's filtered tickets `t`) each order uses, and the rows it needs. Code-chosen text only. */
const ORDER_SQL: Record<StreetOrderKey, { value: string; where: string }> = {
  open: { value: 'count(*)::float8', where: 'segnala_is_open(t.status)' },
  total: { value: 'count(*)::float8', where: 'true' },
  overdue: { value: 'count(*)::float8', where: 'segnala_is_overdue(t.status, t.due_at, $NOW)' },
  perKm: { value: 'count(*)::float8', where: 'true' },
  medianResolve: {
    value:
      'percentile_cont(0.5) within group (order by segnala_resolve_hours(t.status, t.created_at, t.resolved_at))',
    where: "t.status = 'resolved'",
  },
  p90Resolve: {
    value:
      'percentile_cont(0.9) within group (order by segnala_resolve_hours(t.status, t.created_at, t.resolved_at))',
    where: "t.status = 'resolved'",
  },
  recurrence: {
    value: 'count(*)::float8',
    where:
      'segnala_is_recurrence(t.municipality_id, t.id, t.category_id, t.location, t.created_at, $RADIUS, $DAYS)',
  },
};

export interface RecurrenceRule {
  radiusM: number;
  days: number;
}

export interface StreetRankRow {
  street_id: number;
  value: number | null;
  total_count: number;
}

/** Streets (all of the municipality, or those in filter.streetIds) ordered by the measure, one page. */
export function rankStreets(
  db: Queryable,
  scope: AnalyticsScope,
  order: StreetOrderKey,
  rule: RecurrenceRule,
  offset: number,
  limit: number,
): Promise<StreetRankRow[]> {
  const p = new SqlParams();
  const where = ticketFilterSql(scopeMunicipalities(scope), scope.filter, p);
  const measure = ORDER_SQL[order];
  // Only placeholders the measure uses become parameters (an unused $n has no type and fails).
  const extra = measure.where
    .replace('$NOW', () => `${p.add(scope.now)}::timestamptz`)
    .replace('$RADIUS', () => `${p.add(rule.radiusM)}::float8`)
    .replace('$DAYS', () => `${p.add(rule.days)}::integer`);
  const value = order === 'perKm' ? 'k.value / nullif(s.length_m / 1000.0, 0)' : 'k.value';
  const streetIds = scope.filter.streetIds?.length
    ? `and s.id = any(${p.add(scope.filter.streetIds)}::int[])`
    : '';
  const text = `
    with k as (
      select t.street_id, ${measure.value} as value
      from ticket t where ${where} and t.street_id is not null and ${extra}
      group by t.street_id
    )
    select s.id as street_id, ${value} as value, count(*) over ()::int as total_count
    from street s left join k on k.street_id = s.id
    where ${municipalitySql('s.municipality_id', scopeMunicipalities(scope), p)} ${streetIds}
    order by ${value} desc nulls last, s.name_display, s.id
    offset ${p.add(offset)} limit ${p.add(limit)}`;
  return query<StreetRankRow>(db, text, p.values);
}

export interface StreetCountsRow {
  street_id: number;
  total: number;
  open: number;
  overdue: number;
}

/**
 * Total, open and overdue matching tickets of the given streets: the total from ticket_street_status, open and
 * overdue from the partial index of open tickets (ticket_open_street_due), both index-only.
 */
export function streetCounts(
  db: Queryable,
  scope: AnalyticsScope,
  streetIds: readonly number[],
): Promise<StreetCountsRow[]> {
  const p = new SqlParams();
  const ids = p.add(streetIds);
  const all = ticketFilterSql(scopeMunicipalities(scope), scope.filter, p);
  const open = ticketFilterSql(scopeMunicipalities(scope), scope.filter, p);
  const text = `
    select s.street_id, coalesce(a.total, 0)::int as total, coalesce(o.open, 0)::int as open, coalesce(o.overdue, 0)::int as overdue
    from unnest(${ids}::int[]) as s(street_id)
    left join (select t.street_id, count(*) as total from ticket t
               where ${all} and t.street_id = any(${ids}::int[]) group by t.street_id) a on a.street_id = s.street_id
    left join (select t.street_id, count(*) as open, count(*) filter (where t.due_at < ${p.add(scope.now)}) as overdue from ticket t
               where ${open} and segnala_is_open(t.status) and t.street_id = any(${ids}::int[]) group by t.street_id) o on o.street_id = s.street_id`;
  return query<StreetCountsRow>(db, text, p.values);
}

export interface StreetCategoryRow {
  street_id: number;
  by_category: { categoryId: number; count: number }[];
}

/** Matching tickets per street and category, most first. */
export function streetCategoryCounts(
  db: Queryable,
  scope: AnalyticsScope,
  streetIds: readonly number[],
): Promise<StreetCategoryRow[]> {
  const p = new SqlParams();
  const where = ticketFilterSql(scopeMunicipalities(scope), scope.filter, p);
  const text = `
    select street_id, json_agg(json_build_object('categoryId', category_id, 'count', n) order by n desc, category_id) as by_category
    from (select t.street_id, t.category_id, count(*)::int as n
          from ticket t where ${where} and t.street_id = any(${p.add(streetIds)}::int[])
          group by 1, 2) c
    group by street_id`;
  return query<StreetCategoryRow>(db, text, p.values);
}

export interface StreetResolveRow {
  street_id: number;
  resolve: [number | null, number | null];
}

/** Median and 90th percentile hours to resolve (one shared sort) of the given streets' resolved matching tickets. */
export function streetResolveTimes(
  db: Queryable,
  scope: AnalyticsScope,
  streetIds: readonly number[],
): Promise<StreetResolveRow[]> {
  const p = new SqlParams();
  const where = ticketFilterSql(scopeMunicipalities(scope), scope.filter, p);
  const text = `
    select t.street_id,
           percentile_cont(array[0.5, 0.9]) within group (order by segnala_resolve_hours(t.status, t.created_at, t.resolved_at)) as resolve
    from ticket t where ${where} and t.street_id = any(${p.add(streetIds)}::int[]) and t.status = 'resolved'
    group by t.street_id`;
  return query<StreetResolveRow>(db, text, p.values);
}

/** Tickets of each given street that came back after a fix (segnala_is_recurrence). */
export function streetRecurrence(
  db: Queryable,
  scope: AnalyticsScope,
  streetIds: readonly number[],
  rule: RecurrenceRule,
): Promise<{ street_id: number; recurrence: number }[]> {
  const p = new SqlParams();
  const where = ticketFilterSql(scopeMunicipalities(scope), scope.filter, p);
  const text = `
    select t.street_id, count(*)::int as recurrence
    from ticket t
    where ${where} and t.street_id = any(${p.add(streetIds)}::int[])
      and segnala_is_recurrence(t.municipality_id, t.id, t.category_id, t.location, t.created_at, ${p.add(rule.radiusM)}::float8, ${p.add(rule.days)}::integer)
    group by t.street_id`;
  return query<{ street_id: number; recurrence: number }>(db, text, p.values);
}

export interface StreetShapeRow extends StreetRow {
  geometry: string | null;
}

/** Street names, lengths and geometry simplified for drawing (about 1 m tolerance). */
export function streetShapes(
  db: Queryable,
  municipalityIds: number | readonly number[],
  ids: readonly number[],
  withGeometry: boolean,
): Promise<StreetShapeRow[]> {
  return query<StreetShapeRow>(
    db,
    `select id, name, name_display, locality, length_m, geometry_source,
            case when $3 then st_asgeojson(st_simplifypreservetopology(geom, 0.00001), 6) end as geometry
     from street where municipality_id = any($1::int[]) and id = any($2::int[])`,
    [typeof municipalityIds === 'number' ? [municipalityIds] : municipalityIds, ids, withGeometry],
  );
}
