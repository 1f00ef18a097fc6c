// GraphQL types of the KPIs and time series. Each field description is the definition of the measure
// (the SQL functions of sql/030.do.analytics-definitions.sql say the same).
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import type { KpiRow as KpiData, SeriesRow } from '../db/kpi.queries.js';

export enum KpiGroupBy {
  CATEGORY = 'category',
  OFFICE = 'office',
  MONTH = 'month',
  STREET = 'street',
  MUNICIPALITY = 'municipality',
  CHANNEL = 'channel',
}
registerEnumType(KpiGroupBy, {
  name: 'KpiGroupBy',
  description:
    'How KPI rows are grouped. MONTH is the month of the report in Italian local time (key "YYYY-MM"). MUNICIPALITY gives one row per comune (key: its ISTAT code, label: its name), side by side over the comuni of filter.municipalityIds. CHANNEL is how reports arrived (key "web", "phone", "desk", "email", "pec", "in_person", "api").',
});

export enum SeriesInterval {
  DAY = 'day',
  WEEK = 'week',
  MONTH = 'month',
}
registerEnumType(SeriesInterval, {
  name: 'SeriesInterval',
  description:
    'Length of a time-series interval, cut in Italian local time (weeks start on Monday).',
});

@ObjectType({
  description:
    'Key performance indicators of one group of the tickets matching the filter. Durations are calendar time: hours to acknowledge ' +
    'and to resolve are counted in completed hours (2 h 40 min counts 2), ages of open tickets in fractional days. ' +
    'Grouped by category, office or comune and filtered only by category, office, status or comuni, they are read from aggregates kept up to date ' +
    'by the database (the same figures, much faster); other filters compute them from the tickets.',
})
export class KpiRow {
  @Field(() => ID, {
    description:
      'Group key: category/office/street id, "YYYY-MM", or the ISTAT code of a comune; "" for tickets without a street.',
  })
  key!: string;
  @Field(() => String, { description: 'Group name for display.' }) label!: string;
  @Field(() => Int, {
    description:
      'Received: all matching tickets reported in the group, whatever their state (duplicates and rejected included).',
  })
  received!: number;
  @Field(() => Int, {
    description: 'Resolved: matching tickets whose current state is resolved (conclusa).',
  })
  resolved!: number;
  @Field(() => Int, {
    description:
      'Open backlog: matching tickets still open now (received, acknowledged or in progress).',
  })
  openBacklog!: number;
  @Field(() => Int, {
    description: 'Overdue: open tickets whose due time (report + category SLA) has passed.',
  })
  overdue!: number;
  @Field(() => Float, {
    nullable: true,
    description:
      'Median (percentile_cont) of the completed hours from report to acknowledgement (presa in carico), over tickets ever acknowledged; null when none.',
  })
  medianAckHours!: number | null;
  @Field(() => Float, {
    nullable: true,
    description:
      '90th percentile (linear interpolation, percentile_cont) of the same hours to acknowledge.',
  })
  p90AckHours!: number | null;
  @Field(() => Float, {
    nullable: true,
    description:
      'Median (percentile_cont) of the completed hours from report to resolution, over tickets resolved now; null when none.',
  })
  medianResolveHours!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: '90th percentile (percentile_cont) of the same hours to resolve.',
  })
  p90ResolveHours!: number | null;
  @Field(() => Float, {
    nullable: true,
    description:
      'Share (0–1) of the tickets resolved now (with a known resolution time) that were resolved at or before their due time; null when none.',
  })
  resolvedWithinSlaShare!: number | null;
  @Field(() => Float, {
    nullable: true,
    description:
      'Reopen rate (0–1): tickets reopened at least once / tickets resolved at least once (resolved now or reopened); null when none.',
  })
  reopenRate!: number | null;
  @Field(() => Float, {
    nullable: true,
    description:
      'Median age in days of the tickets still open (so a growing backlog is not hidden by quick easy closures); null when none open.',
  })
  openAgeP50Days!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: '90th percentile (percentile_cont) of the age in days of the tickets still open.',
  })
  openAgeP90Days!: number | null;
  @Field(() => Float, {
    nullable: true,
    description:
      'Average satisfaction (1–5) the reporters gave the resolutions of these tickets ("Com’è andata?"); null when none answered.',
  })
  satisfactionAverage!: number | null;
  @Field(() => Int, { description: 'How many reporters answered the satisfaction survey.' })
  satisfactionCount!: number;
}

export function toKpiRow(row: KpiData): KpiRow {
  const at = (values: (number | null)[] | null, i: number) => values?.[i] ?? null;
  return {
    key: row.key,
    label: row.label,
    received: row.received,
    resolved: row.resolved,
    openBacklog: row.open_backlog,
    overdue: row.overdue,
    medianAckHours: at(row.ack, 0),
    p90AckHours: at(row.ack, 1),
    medianResolveHours: at(row.resolve, 0),
    p90ResolveHours: at(row.resolve, 1),
    resolvedWithinSlaShare: row.within_sla_share,
    reopenRate: row.reopen_rate,
    openAgeP50Days: at(row.open_age, 0),
    openAgeP90Days: at(row.open_age, 1),
    satisfactionAverage: row.satisfaction_avg,
    satisfactionCount: row.satisfaction_count,
  };
}

@ObjectType({ description: 'One interval of a time series over the tickets matching the filter.' })
export class TimeSeriesPoint {
  @Field(() => GraphQLDateTime, {
    description: 'Start of the interval (local midnight, Monday or first of the month).',
  })
  start!: Date;
  @Field(() => Int, { description: 'Tickets reported in the interval.' }) received!: number;
  @Field(() => Int, {
    description: 'Tickets resolved in the interval (by resolved_at; resolved now).',
  })
  resolved!: number;
  @Field(() => Int, {
    description:
      'Tickets that left the backlog in the interval: resolved, rejected or marked duplicate.',
  })
  closed!: number;
  @Field(() => Int, {
    description:
      'Backlog at the end of the interval: tickets reported so far and not closed by then.',
  })
  backlog!: number;
}

export function toTimeSeriesPoint(row: SeriesRow): TimeSeriesPoint {
  return {
    start: row.start,
    received: row.received,
    resolved: row.resolved,
    closed: row.closed,
    backlog: row.backlog,
  };
}
