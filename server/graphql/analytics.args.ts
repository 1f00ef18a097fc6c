// Arguments of the planner analytics queries: the shared TicketFilterInput plus each query's tuning values.
import { ArgsType, Field, Float, Int } from 'type-graphql';
import { IsOptional, Max, Min } from 'class-validator';
import { CLUSTER_LIMITS, HEAT_CELL_LIMITS } from '../services/analytics.service.js';
import { PageArgs } from './connection.js';
import { KpiGroupBy, SeriesInterval } from './kpi.type.js';
import { StreetStatsOrder } from './street-stats.type.js';
import { TicketFilterInput } from './ticket-filter.input.js';

@ArgsType()
export class FilterArgs {
  @Field(() => TicketFilterInput, {
    nullable: true,
    description: 'Which tickets; omitted means all.',
  })
  filter?: TicketFilterInput | null;
}

@ArgsType()
export class DuplicateClustersArgs extends FilterArgs {
  @Field(() => Float, {
    defaultValue: CLUSTER_LIMITS.epsM.default,
    description: `DBSCAN distance in metres (${CLUSTER_LIMITS.epsM.min}–${CLUSTER_LIMITS.epsM.max}).`,
  })
  @Min(CLUSTER_LIMITS.epsM.min)
  @Max(CLUSTER_LIMITS.epsM.max)
  epsM: number = CLUSTER_LIMITS.epsM.default;

  @Field(() => Int, {
    defaultValue: CLUSTER_LIMITS.minPoints.default,
    description: 'DBSCAN minimum points of a cluster core (2 = any pair).',
  })
  @Min(CLUSTER_LIMITS.minPoints.min)
  @Max(CLUSTER_LIMITS.minPoints.max)
  minPoints: number = CLUSTER_LIMITS.minPoints.default;

  @Field(() => Int, {
    defaultValue: CLUSTER_LIMITS.limit.default,
    description: 'At most this many clusters, largest first.',
  })
  @Min(1)
  @Max(CLUSTER_LIMITS.limit.max)
  limit: number = CLUSTER_LIMITS.limit.default;
}

@ArgsType()
export class StreetStatsArgs extends PageArgs {
  @Field(() => TicketFilterInput, {
    nullable: true,
    description: 'Which tickets; omitted means all.',
  })
  filter?: TicketFilterInput | null;

  @Field(() => StreetStatsOrder, { defaultValue: StreetStatsOrder.OPEN_DESC })
  orderBy: StreetStatsOrder = StreetStatsOrder.OPEN_DESC;

  @Field(() => Float, {
    defaultValue: 50,
    description: 'Recurrence: distance in metres from the resolved ticket.',
  })
  @IsOptional()
  @Min(1)
  @Max(1000)
  recurrenceRadiusM: number = 50;

  @Field(() => Int, { defaultValue: 90, description: 'Recurrence: days after the resolution.' })
  @IsOptional()
  @Min(1)
  @Max(3650)
  recurrenceDays: number = 90;
}

@ArgsType()
export class HeatmapArgs extends FilterArgs {
  @Field(() => Float, {
    defaultValue: HEAT_CELL_LIMITS.default,
    description: `Hexagon edge in metres (${HEAT_CELL_LIMITS.min}–${HEAT_CELL_LIMITS.max}). The municipality's precomputed sizes (100 m by default) answer in milliseconds when the filter has no time window, streets, area or text; other requests bin the matching tickets.`,
  })
  @Min(HEAT_CELL_LIMITS.min)
  @Max(HEAT_CELL_LIMITS.max)
  cellM: number = HEAT_CELL_LIMITS.default;
}

@ArgsType()
export class KpisArgs extends FilterArgs {
  @Field(() => KpiGroupBy, { defaultValue: KpiGroupBy.CATEGORY })
  groupBy: KpiGroupBy = KpiGroupBy.CATEGORY;
}

@ArgsType()
export class TimeSeriesArgs extends FilterArgs {
  @Field(() => SeriesInterval, { defaultValue: SeriesInterval.MONTH })
  interval: SeriesInterval = SeriesInterval.MONTH;
}
