// KPI rows and time series over the filtered tickets. The measures are the functions of
// sql/030.do.analytics-definitions.sql (durations in completed hours since sql/033 redefined
// segnala_hours_between), read from the tickets or, when the filter allows, summed from the rollups of
// sql/033; percentile_cont takes an array so that p50 and p90 share one sort.
import { LOCAL_TIME_ZONE } from '../domain/local-time.js';
import { query, type Queryable } from './pool.js';
import { municipalitySql, SqlParams, ticketFilterSql } from './ticket-filter.sql.js';
import { rollupServes } from './rollup.sql.js';
import { scopeMunicipalities, type AnalyticsScope } from './analytics.queries.js';

export type KpiGroup = 'category' | 'office' | 'month' | 'street' | 'municipality' | 'channel';

// Months and intervals are cut in Italian local time (LOCAL_TIME_ZONE, server/domain/local-time.ts).

// key is grouped on in its own type (an integer sorts and hashes faster than its text) and sent as text.
// keyText, when set, is the key sent (the ISTAT code of a comune rather than its internal id).
const GROUP_SQL: Record<KpiGroup, { key: string; label: string; join: string; keyText?: string }> =
  {
    category: {
      key: 't.category_id',
      label: 'min(g.name_it)',
      join: 'left join category g on g.municipality_id = t.municipality_id and g.id = t.category_id',
    },
    office: {
      key: 't.office_id',
      label: 'min(g.name)',
      join: 'left join office g on g.municipality_id = t.municipality_id and g.id = t.office_id',
    },
    month: {
      key: `date_trunc('month', t.created_at at time zone '${LOCAL_TIME_ZONE}')`,
      label: `to_char(date_trunc('month', t.created_at at time zone '${LOCAL_TIME_ZONE}'), 'YYYY-MM')`,
      join: '',
    },
    // Received by channel (web form, phone, desk…): read from the tickets, the rollups have no channel.
    channel: {
      key: 't.channel',
      label: `min(case t.channel when 'web' then 'modulo web' when 'phone' then 'telefono' when 'desk' then 'sportello (URP)'
        when 'email' then 'e-mail' when 'pec' then 'PEC' when 'in_person' then 'di persona' else t.channel end)`,
      join: '',
    },
    municipality: {
      key: 't.municipality_id',
      label: 'min(g.name)',
      join: 'left join municipality g on g.id = t.municipality_id',
      keyText: 'min(g.istat_code)',
    },
    street: {
      key: 't.street_id',
      label: "coalesce(min(g.name_display), 'senza via')",
      join: 'left join street g on g.municipality_id = t.municipality_id and g.id = t.street_id',
    },
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
  satisfaction_avg: number | null;
  satisfaction_count: number;
}

/** Where kpiRows reads from: 'auto' takes the rollups when they can answer, else the tickets. */
export type KpiSource = 'auto' | 'tickets' | 'rollup';

/**
 * One KPI row per group. Group by category or office, filtered by category, office and status only, is read
 * from the rollups of sql/033 (a few thousand rows, and the open tickets for what depends on "now"); every
 * other request reads the tickets. The two give the same numbers (test/integration/analytics-rollup.test.ts).
 */
export function kpiRows(
  db: Queryable,
  scope: AnalyticsScope,
  group: KpiGroup,
  source: KpiSource = 'auto',
): Promise<KpiRow[]> {
  const rollupGroup =
    group === 'category' || group === 'office' || group === 'municipality' ? group : null;
  if (source === 'rollup' && !rollupGroup)
    throw new Error(`kpi rollups have no ${group} dimension`);
  const fromRollup =
    rollupGroup && (source === 'rollup' || (source === 'auto' && rollupServes(scope.filter)));
  const { text, values } = fromRollup
    ? kpiRollupSql(scope, rollupGroup)
    : kpiTicketsSql(scope, group);
  return query<KpiRow>(db, text, values);
}

// Overdue and open-age depend on "now", so they are always counted on the open tickets (a partial covering
// index, ~7-12 % of the tickets). Age percentiles sort intervals: date_part on each row costs 5× more.
function openSql(p: SqlParams, where: string, key: string, now: string): string {
  return `
    select ${key} as k, count(*) filter (where t.due_at < ${now})::int as overdue,
      array(select date_part('epoch', a) / 86400.0
            from unnest(percentile_cont(array[0.5, 0.9]) within group (order by ${now} - t.created_at)) a) as open_age
    from ticket t
    where ${where} and segnala_is_open(t.status)
    group by 1`;
}

// The reporters' ratings (sql/079, "Com'è andata?") of the filtered tickets: always read through the
// tickets (a few per cent of them are rated), so both sources give the same numbers.
function satisfactionSql(where: string, key: string): string {
  return `
    select ${key} as k, avg(s.score)::float8 as satisfaction_avg, count(*)::int as satisfaction_count
    from ticket t
    join resolution_rating s on s.municipality_id = t.municipality_id and s.ticket_id = t.id
    where ${where}
    group by 1`;
}

function kpiTicketsSql(
  scope: AnalyticsScope,
  group: KpiGroup,
): { text: string; values: unknown[] } {
  const p = new SqlParams();
  const where = ticketFilterSql(scopeMunicipalities(scope), scope.filter, p);
  const now = `${p.add(scope.now)}::timestamptz`;
  const g = GROUP_SQL[group];
  const text = `
    with o as (${openSql(p, where, g.key, now)}),
    sat as (${satisfactionSql(where, g.key)}),
    a as (
      select ${g.key} as k, ${g.keyText ?? (group === 'month' ? g.label : `coalesce(${g.key}::text, '')`)} as key, ${g.label} as label,
        count(*)::int as received,
        count(*) filter (where t.status = 'resolved')::int as resolved,
        count(*) filter (where segnala_is_open(t.status))::int as open_backlog,
        percentile_cont(array[0.5, 0.9]) within group (order by segnala_ack_hours(t.created_at, t.acknowledged_at)) as ack,
        percentile_cont(array[0.5, 0.9]) within group (order by segnala_resolve_hours(t.status, t.created_at, t.resolved_at)) as resolve,
        count(*) filter (where segnala_within_sla(t.status, t.resolved_at, t.due_at))::float8
          / nullif(count(*) filter (where segnala_within_sla(t.status, t.resolved_at, t.due_at) is not null), 0) as within_sla_share,
        (count(*) filter (where t.reopen_count > 0))::float8
          / nullif(count(*) filter (where segnala_was_resolved(t.status, t.reopen_count)), 0) as reopen_rate
      from ticket t ${g.join}
      where ${where}
      group by ${g.key}
    )
    select a.key, a.label, a.received, a.resolved, a.open_backlog, coalesce(o.overdue, 0) as overdue, a.ack, a.resolve,
           o.open_age, a.within_sla_share, a.reopen_rate,
           sat.satisfaction_avg, coalesce(sat.satisfaction_count, 0) as satisfaction_count
    from a left join o on o.k is not distinct from a.k
    left join sat on sat.k is not distinct from a.k
    order by a.k`;
  return { text, values: p.values };
}

type RollupGroup = 'category' | 'office' | 'municipality';
// The rollups are grouped by municipality_id first, so a comune is one of their own dimensions.
const ROLLUP_LABEL: Record<RollupGroup, { table: string; column: string; key: string }> = {
  category: { table: 'category', column: 'g.name_it', key: 'c.k::text' },
  office: { table: 'office', column: 'g.name', key: 'c.k::text' },
  municipality: { table: 'municipality', column: 'g.name', key: 'g.istat_code' },
};

// The median and p90 from a histogram of whole hours, exactly as percentile_cont computes them from the
// values: rank pos = p·(n − 1), the values at floor(pos) and ceil(pos), lo + (pos − floor(pos))·(hi − lo).
function kpiRollupSql(
  scope: AnalyticsScope,
  group: RollupGroup,
): { text: string; values: unknown[] } {
  const p = new SqlParams();
  const rollupWhere = ticketFilterSql(scopeMunicipalities(scope), scope.filter, p, 'r');
  const ticketWhere = ticketFilterSql(scopeMunicipalities(scope), scope.filter, p);
  const now = `${p.add(scope.now)}::timestamptz`;
  const g = GROUP_SQL[group];
  const label = ROLLUP_LABEL[group];
  const rk = group === 'municipality' ? 'r.municipality_id' : `r.${group}_id`;
  const labelJoin =
    group === 'municipality'
      ? 'g.id = c.k'
      : `${municipalitySql('g.municipality_id', scopeMunicipalities(scope), p)} and g.id = c.k`;
  const text = `
    with c as (
      select ${rk} as k, sum(r.tickets)::int as received,
        coalesce(sum(r.tickets) filter (where r.status = 'resolved'), 0)::int as resolved,
        coalesce(sum(r.tickets) filter (where segnala_is_open(r.status)), 0)::int as open_backlog,
        sum(r.within_sla) as within_sla, sum(r.reopened) as reopened,
        coalesce(sum(r.tickets) filter (where r.status = 'resolved'), 0)
          + coalesce(sum(r.reopened) filter (where r.status <> 'resolved'), 0) as was_resolved
      from ticket_kpi_rollup r where ${rollupWhere}
      group by 1 having sum(r.tickets) > 0
    ), h as (
      select ${rk} as k, r.measure, r.hours, sum(r.tickets) as n
      from ticket_duration_rollup r where ${rollupWhere}
      group by 1, 2, 3 having sum(r.tickets) > 0
    ), cum as (
      select k, measure, hours, sum(n) over w - n as before, sum(n) over w as upto
      from h window w as (partition by k, measure order by hours)
    ), ranks as (
      select k, measure, ord, q.p * (sum(n) - 1)::float8 as pos
      from h, unnest(array[0.5, 0.9]::float8[]) with ordinality q(p, ord)
      group by k, measure, ord, q.p
    ), vals as (
      -- one join: every histogram row of the group that holds the value at rank floor(pos) or ceil(pos)
      select r.k, r.measure, r.ord, r.pos,
             min(c.hours) filter (where floor(r.pos) >= c.before and floor(r.pos) < c.upto) as lo,
             min(c.hours) filter (where ceil(r.pos) >= c.before and ceil(r.pos) < c.upto) as hi
      from ranks r join cum c on c.k = r.k and c.measure = r.measure and c.upto > floor(r.pos) and c.before <= ceil(r.pos)
      group by r.k, r.measure, r.ord, r.pos
    ), timed as (
      -- resolved tickets whose resolution time is known: the histogram of hours to resolve
      select k, sum(n) as n from h where measure = 'resolve' group by k
    ), pct as (
      select k, measure, array_agg(lo + (pos - floor(pos)) * (hi - lo) order by ord) as v
      from vals group by k, measure
    ), o as (${openSql(p, ticketWhere, g.key, now)}),
    sat as (${satisfactionSql(ticketWhere, g.key)})
    select ${label.key} as key, ${label.column} as label, c.received, c.resolved, c.open_backlog,
           coalesce(o.overdue, 0) as overdue,
           ack.v as ack, res.v as resolve,
           o.open_age,
           c.within_sla::float8 / nullif(timed.n, 0) as within_sla_share,
           c.reopened::float8 / nullif(c.was_resolved, 0) as reopen_rate,
           sat.satisfaction_avg, coalesce(sat.satisfaction_count, 0) as satisfaction_count
    from c
    left join ${label.table} g on ${labelJoin}
    left join pct ack on ack.k = c.k and ack.measure = 'ack'
    left join pct res on res.k = c.k and res.measure = 'resolve'
    left join timed on timed.k = c.k
    left join o on o.k = c.k
    left join sat on sat.k = c.k
    order by c.k`;
  return { text, values: p.values };
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
export function timeSeriesRows(
  db: Queryable,
  scope: AnalyticsScope,
  interval: SeriesInterval,
  maxBuckets: number,
): Promise<SeriesRow[]> {
  const p = new SqlParams();
  const where = ticketFilterSql(scopeMunicipalities(scope), scope.filter, p);
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
