// Planner analytics queries. Thin: parse the arguments, call the analytics service (which checks the
// planner/admin role and the "read" token scope), map the rows.
import type { GraphQLResolveInfo } from 'graphql';
import { Args, Authorized, Ctx, Info, Query, Resolver } from 'type-graphql';
import type { AccessRule } from '../domain/staff-access.js';
import {
  DuplicateClustersArgs,
  FilterArgs,
  HeatmapArgs,
  KpisArgs,
  StreetStatsArgs,
  TimeSeriesArgs,
} from './analytics.args.js';
import {
  DuplicateCluster,
  HeatCell,
  TicketPoints,
  toDuplicateCluster,
  toHeatCell,
  toTicketPoints,
} from './analytics.type.js';
import type { Context } from './context.js';
import { MunicipalitySummary, toMunicipalitySummary } from './platform.type.js';
import { toConnection, type ConnectionShape } from './connection.js';
import { KpiRow, TimeSeriesPoint, toKpiRow, toTimeSeriesPoint } from './kpi.type.js';
import {
  StreetStats,
  StreetStatsConnection,
  toOrderKey,
  toStreetStats,
} from './street-stats.type.js';
import { selectedFields } from './selected-fields.js';
import { AnalyticsSource } from './analytics-source.type.js';
import { toAnalyticsFilter } from './ticket-filter.input.js';
import type { KpiGroup, SeriesInterval } from '../db/kpi.queries.js';

@Resolver()
export class AnalyticsResolver {
  @Authorized<AccessRule>('analytics:read')
  @Query(() => AnalyticsSource, {
    description:
      'Planner: whether the analytics read a hot standby (ANALYTICS_DATABASE_URL) and how many seconds behind the primary it is.',
  })
  async analyticsSource(@Ctx() ctx: Context): Promise<AnalyticsSource> {
    return ctx.services.analytics.source(ctx.viewer);
  }

  @Authorized<AccessRule>('analytics:read')
  @Query(() => [MunicipalitySummary], {
    description:
      'Planner: the comuni whose analytics you may read with filter.municipalityIds: your own first, then those granted to you (a sovracomunale planner).',
  })
  async analyticsMunicipalities(@Ctx() ctx: Context): Promise<MunicipalitySummary[]> {
    return (await ctx.services.analytics.municipalities(ctx.viewer)).map(toMunicipalitySummary);
  }

  @Authorized<AccessRule>('analytics:read')
  @Query(() => [DuplicateCluster], {
    description:
      'Planner: proximity clusters of open tickets per category (likely duplicates), largest first.',
  })
  async duplicateClusters(
    @Args(() => DuplicateClustersArgs) args: DuplicateClustersArgs,
    @Ctx() ctx: Context,
  ): Promise<DuplicateCluster[]> {
    const rows = await ctx.services.analytics.duplicateClusters(
      ctx.viewer,
      toAnalyticsFilter(args.filter),
      {
        epsM: args.epsM,
        minPoints: args.minPoints,
        limit: args.limit,
      },
    );
    return rows.map(toDuplicateCluster);
  }

  @Authorized<AccessRule>('analytics:read')
  @Query(() => StreetStatsConnection, {
    description: 'Planner: every street with its ticket statistics, ordered by one of them.',
  })
  async streetStats(
    @Args(() => StreetStatsArgs) args: StreetStatsArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConnectionShape<StreetStats>> {
    // Only the measures the query selects are computed: recurrence costs a spatial probe per ticket.
    const asked = selectedFields(info, ['edges', 'node']);
    const want = {
      byCategory: asked.has('byCategory'),
      resolveTimes: asked.has('medianResolveHours') || asked.has('p90ResolveHours'),
      recurrence: asked.has('recurrence'),
      geometry: asked.has('geometry'),
    };
    const rule = { radiusM: args.recurrenceRadiusM, days: args.recurrenceDays };
    const page = await ctx.services.analytics.streetStats(
      ctx.viewer,
      toAnalyticsFilter(args.filter),
      toOrderKey(args.orderBy),
      args.first,
      args.after,
      rule,
      want,
    );
    return toConnection({ ...page, nodes: page.nodes.map(toStreetStats) });
  }

  @Authorized<AccessRule>('analytics:read')
  @Query(() => [HeatCell], {
    description: 'Planner: hexagon heat map of the matching tickets; only non-empty cells.',
  })
  async heatmap(
    @Args(() => HeatmapArgs) args: HeatmapArgs,
    @Ctx() ctx: Context,
  ): Promise<HeatCell[]> {
    return (
      await ctx.services.analytics.heatmap(ctx.viewer, toAnalyticsFilter(args.filter), args.cellM)
    ).map(toHeatCell);
  }

  @Authorized<AccessRule>('analytics:read')
  @Query(() => TicketPoints, {
    description:
      'Planner: all matching tickets packed as typed arrays for deck.gl (see TicketPoints).',
  })
  async ticketPoints(
    @Args(() => FilterArgs) args: FilterArgs,
    @Ctx() ctx: Context,
  ): Promise<TicketPoints> {
    return toTicketPoints(
      await ctx.services.analytics.ticketPoints(ctx.viewer, toAnalyticsFilter(args.filter)),
    );
  }

  @Authorized<AccessRule>('analytics:read')
  @Query(() => [KpiRow], {
    description:
      'Planner: key performance indicators per group; every definition is in the KpiRow field descriptions.',
  })
  async kpis(@Args(() => KpisArgs) args: KpisArgs, @Ctx() ctx: Context): Promise<KpiRow[]> {
    const rows = await ctx.services.analytics.kpis(
      ctx.viewer,
      toAnalyticsFilter(args.filter),
      args.groupBy as unknown as KpiGroup,
    );
    return rows.map(toKpiRow);
  }

  @Authorized<AccessRule>('analytics:read')
  @Query(() => [TimeSeriesPoint], {
    description: 'Planner: received, resolved, closed and backlog per interval.',
  })
  async timeSeries(
    @Args(() => TimeSeriesArgs) args: TimeSeriesArgs,
    @Ctx() ctx: Context,
  ): Promise<TimeSeriesPoint[]> {
    const rows = await ctx.services.analytics.timeSeries(
      ctx.viewer,
      toAnalyticsFilter(args.filter),
      args.interval as unknown as SeriesInterval,
    );
    return rows.map(toTimeSeriesPoint);
  }
}
