// GraphQL types of the per-street statistics connection.
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import type { StreetOrderKey } from '../db/street-stats.queries.js';
import type { StreetStats as StreetStatsData } from '../services/street-stats.service.js';
import { Connection } from './connection.js';
import { Street, toStreet } from './street.type.js';

export enum StreetStatsOrder {
  OPEN_DESC = 'open',
  TOTAL_DESC = 'total',
  OVERDUE_DESC = 'overdue',
  PER_KM_DESC = 'perKm',
  MEDIAN_RESOLVE_DESC = 'medianResolve',
  P90_RESOLVE_DESC = 'p90Resolve',
  RECURRENCE_DESC = 'recurrence',
}
registerEnumType(StreetStatsOrder, {
  name: 'StreetStatsOrder',
  description:
    'Order of streetStats: the measure, largest first (streets without a value last, then by name).',
});

export function toOrderKey(order: StreetStatsOrder): StreetOrderKey {
  return order as unknown as StreetOrderKey;
}

@ObjectType({ description: 'Tickets of one category on a street.' })
export class CategoryCount {
  @Field(() => ID) categoryId!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({
  description:
    'Statistics of one street over the tickets matching the filter (tickets are on the street they were snapped to).',
})
export class StreetStats {
  @Field(() => Street) street!: Street;
  @Field(() => Int, { description: 'Matching tickets on the street.' }) total!: number;
  @Field(() => Int, { description: 'Of those, still open.' }) open!: number;
  @Field(() => Int, { description: 'Open and past their due time.' }) overdue!: number;
  @Field(() => [CategoryCount], { description: 'Matching tickets per category, most first.' })
  byCategory!: CategoryCount[];
  @Field(() => Float, {
    nullable: true,
    description: 'total / street length in km; null for a street of no length.',
  })
  ticketsPerKm!: number | null;
  @Field(() => Float, {
    nullable: true,
    description:
      'Median (percentile_cont) of the completed hours from report to resolution over the resolved matching tickets.',
  })
  medianResolveHours!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: '90th percentile (percentile_cont) of the same.',
  })
  p90ResolveHours!: number | null;
  @Field(() => Int, {
    nullable: true,
    description:
      'Recurrence: matching tickets reported within recurrenceRadiusM metres of a ticket of the same category that had been resolved ' +
      'in the recurrenceDays days before (the fix did not last). One spatial probe per ticket: ask for it only when needed.',
  })
  recurrence!: number | null;
  @Field(() => GraphQLJSON, {
    nullable: true,
    description:
      'GeoJSON MultiLineString (WGS84) of the street, simplified to about 1 m for drawing.',
  })
  geometry!: unknown;
}

export function toStreetStats(data: StreetStatsData): StreetStats {
  return {
    street: toStreet(data.street),
    total: data.total,
    open: data.open,
    overdue: data.overdue,
    byCategory: data.byCategory.map((c) => ({ categoryId: String(c.categoryId), count: c.count })),
    ticketsPerKm: data.ticketsPerKm,
    medianResolveHours: data.medianResolveHours,
    p90ResolveHours: data.p90ResolveHours,
    recurrence: data.recurrence,
    geometry: data.geometry === null ? null : (JSON.parse(data.geometry) as unknown),
  };
}

@ObjectType()
export class StreetStatsConnection extends Connection(StreetStats, 'StreetStats') {}
