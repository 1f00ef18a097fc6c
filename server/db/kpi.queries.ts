// KPI rows and time series over the filtered tickets. Every measure is a function of
// sql/030.do.analytics-definitions.sql; percentile_cont takes an array so that p50 and p90 share one sort.
import { query, type Queryable } from './pool.js';
import { SqlParams, ticketFilterSql } from './ticket-filter.sql.js';
import type { AnalyticsScope } from './analytics.queries.js';

export type KpiGroup = 'category' | 'office' | 'month' | 'street';

/** Months and intervals are cut in Italian local time. */
export const LOCAL_TIME_ZONE = 'Europe/Rome';

// key is grouped on in its own type (an integer sorts and hashes faster than its text) and sent as text.
const GROUP_SQL: Record<KpiGroup, { key: string; label: string; join: string }> = {
  category: { key: 't.category_id', label: 'min(g.name_it)', join: 'left join category g on g.municipality_id = t.municipality_id and g.id = t.category_id' },
  office: { key: 't.office_id', label: 'min(g.name)', join: 'left join office g on g.municipality_id = t.municipality_id and g.id = t.office_id' },
  month: { key: `date_trunc('month', t.created_at at time zone '${LOCAL_TIME_ZONE}')`, label: `to_char(date_trunc('month', t.created_at at time zone '${LOCAL_TIME_ZONE}'), 'YYYY-MM')`, join: '' },
  street: { key: 't.street_id', label: "coalesce(min(g.name_display), 'senza via')", join: 'left join street g on g.municipality_id = t.municipality_id and g.id = t.street_id' },
};

export interface KpiRow {
  key: string;
  label: string;
  received: number;
  resolved: number;
  open_backlog: number;
  overdue: number;
  ack: (number | null)[] | null;
  resolve: (number | null)[] | null;
  open_age: (number | null)[] | null;
  within_sla_share: number | null;
  reopen_rate: number | null;
}

export function kpiRows(db: Queryable, scope: AnalyticsScope, group: KpiGroup): Promise<KpiRow[]> {
  const p = new SqlParams();
  const where = ticketFilterSql(scope.municipalityId, scope.filter, p);
  const now = `${p.add(scope.now)}::timestamptz`;
  const g = GROUP_SQL[group];
  const text = `
    select ${group === 'month' ? g.label : `coalesce(${g.key}::text, '')`} as key, ${g.label} as label,
      count(*)::int as received,
      count(*) filter (where t.status = 'resolved')::int as resolved,
      count(*) filter (where segnala_is_open(t.status))::int as open_backlog,
      count(*) filter (where segnala_is_overdue(t.status, t.due_at, ${now}))::int as overdue,
      percentile_cont(array[0.5, 0.9]) within group (order by segnala_ack_hours(t.created_at, t.acknowledged_at)) as ack,
      percentile_cont(array[0.5, 0.9]) within group (order by segnala_resolve_hours(t.status, t.created_at, t.resolved_at)) as resolve,
      percentile_cont(array[0.5, 0.9]) within group (
        order by case when segnala_is_open(t.status) then segnala_age_days(t.created_at, ${now}) end) as open_age,
      avg(case segnala_within_sla(t.status, t.resolved_at, t.due_at) when true then 1.0 when false then 0.0 end)::float8 as within_sla_share,
      (count(*) filter (where t.reopen_count > 0))::float8
        / nullif(count(*) filter (where segnala_was_resolved(t.status, t.reopen_count)), 0) as reopen_rate
    from ticket t ${g.join}
    where ${where}
    group by ${g.key}
    order by ${g.key}`;
  return query<KpiRow>(db, text, p.values);
}

export type SeriesInterval = 'day' | 'week' | 'month';

export interface SeriesRow {
  start: Date;
  received: number;
  resolved: number;
  closed: number;
  backlog: number;
}

/**
 * Received, resolved and closed per interval (local time) from the first matching report (or createdFrom)
 * to createdTo (or now); backlog = matching tickets still open at the end of the interval, as
 * received so far minus closed so far (segnala_closed_at).
 */
export function timeSeriesRows(db: Queryable, scope: AnalyticsScope, interval: SeriesInterval, maxBuckets: number): Promise<SeriesRow[]> {
  const p = new SqlParams();
  const where = ticketFilterSql(scope.municipalityId, scope.filter, p);
  const unit = p.add(interval);
  const tz = `'${LOCAL_TIME_ZONE}'`;
  const from = p.add(scope.filter.createdFrom ?? null);
  const to = p.add(scope.filter.createdTo ?? scope.now);
  const text = `
    with f as (
      select date_trunc(${unit}, t.created_at at time zone ${tz}) as received_in,
             case when t.status = 'resolved' then date_trunc(${unit}, t.resolved_at at time zone ${tz}) end as resolved_in,
             date_trunc(${unit}, segnala_closed_at(t.status, t.resolved_at, t.closed_at, t.updated_at) at time zone ${tz}) as closed_in
      from ticket t where ${where}
    ), bounds as (
      select coalesce(date_trunc(${unit}, ${from}::timestamptz at time zone ${tz}), min(received_in)) as lo,
             date_trunc(${unit}, ${to}::timestamptz at time zone ${tz}) as hi
      from f
    ), buckets as (
      select gs as start from bounds, generate_series(lo, hi, ('1 ' || ${unit})::interval) gs limit ${p.add(maxBuckets + 1)}
    ), r as (select received_in as start, count(*) as n from f group by 1),
    s as (select resolved_in as start, count(*) as n from f where resolved_in is not null group by 1),
    c as (select closed_in as start, count(*) as n from f where closed_in is not null group by 1)
    select (b.start at time zone ${tz}) as start, coalesce(r.n, 0)::int as received, coalesce(s.n, 0)::int as resolved,
           coalesce(c.n, 0)::int as closed,
           (sum(coalesce(r.n, 0)) over w - sum(coalesce(c.n, 0)) over w)::int as backlog
    from buckets b
    left join r on r.start = b.start left join s on s.start = b.start left join c on c.start = b.start
    window w as (order by b.start)
    order by b.start`;
  return query<SeriesRow>(db, text, p.values);
}
