// Planning analytics for planners and admins (and API tokens with the "read" scope): duplicate clusters,
// hexagon heat, packed map points, KPIs and time series. Street statistics live in street-stats.service.ts.
import type pg from 'pg';
import { analyticsDb, HASH_AGGREGATE_SETTINGS } from '../db/analytics-session.js';
import type { Queryable } from '../db/pool.js';
import { listCategories } from '../db/category.queries.js';
import {
  findDuplicateClusters,
  heatmapCells,
  packedTicketPoints,
  scopeMunicipalities,
  type AnalyticsScope,
  type ClusterRow,
  type HeatCellRow,
} from '../db/analytics.queries.js';
import {
  kpiRows,
  timeSeriesRows,
  type KpiGroup,
  type KpiRow,
  type SeriesInterval,
  type SeriesRow,
} from '../db/kpi.queries.js';
import type { MunicipalityRow } from '../db/municipality.queries.js';
import { readReplicaState } from '../db/replica.queries.js';
import { municipalityNames, type MunicipalityNameRow } from '../db/platform.queries.js';
import { AppError, badInput } from '../domain/app-error.js';
import type { TicketFilter } from '../domain/ticket-filter.js';
import { packPoints, POINT_STATUS_ORDER, type PackedPoints } from '../domain/ticket-points.js';
import { requireAnalyticsRead } from '../domain/staff-access.js';
import type { Viewer } from '../domain/viewer.js';
import type { RecurrenceRule, StreetOrderKey } from '../db/street-stats.queries.js';
import type { Page } from '../domain/page.js';
import {
  ALL_STREET_MEASURES,
  DEFAULT_RECURRENCE,
  streetStatsPage,
  type StreetMeasureSet,
  type StreetStats,
} from './street-stats.service.js';

export const CLUSTER_LIMITS = {
  epsM: { min: 1, max: 1000, default: 30 },
  minPoints: { min: 2, max: 1000, default: 2 },
  limit: { max: 5000, default: 500 },
};
export const HEAT_CELL_LIMITS = { min: 10, max: 5000, default: 100 };
export const MAX_SERIES_BUCKETS = 3700;

/** The ticket filter of the analytics, plus the comuni of a sovracomunale planner (default: this one). */
export type AnalyticsFilter = TicketFilter & { municipalityIds?: readonly number[] };

export interface LegendEntry {
  index: number;
  categoryId: number;
  code: string;
  nameIt: string;
  nameEn: string;
}

/** Where the planner's figures come from, and how old they may be. */
export interface AnalyticsSource {
  /** The analytics database is a standby (ANALYTICS_DATABASE_URL), not the primary the offices write to. */
  replica: boolean;
  /** How far behind the primary its data are, in seconds (0 on the primary, or on a caught-up standby). */
  lagSeconds: number;
}

export interface TicketPoints extends PackedPoints {
  legend: LegendEntry[];
}

function inRange(field: string, value: number, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max)
    throw badInput(field, `Valore fuori intervallo: serve un numero tra ${min} e ${max}.`);
  return value;
}

/** The comuni granted to a planner (a grant left on an account that is no planner any more counts for nothing). */
function granted(staff: Viewer): readonly number[] {
  return staff.role === 'planner' ? (staff.grantedMunicipalityIds ?? []) : [];
}

export class AnalyticsService {
  private readonly db: Queryable;
  private readonly hashingDb: Queryable;

  constructor(
    /** The analytics pool: ANALYTICS_DATABASE_URL's standby, or the primary's pool. Only read. */
    pool: pg.Pool,
    private readonly municipality: Pick<MunicipalityRow, 'id' | 'local_srid'>,
  ) {
    this.db = analyticsDb(pool);
    this.hashingDb = analyticsDb(pool, HASH_AGGREGATE_SETTINGS);
  }

  /**
   * Checks the viewer may read analytics (and, with municipalityIds, every comune named: its own or one
   * granted to it) and builds the query scope. A comune not granted is FORBIDDEN, whether it exists or not.
   */
  scope(
    viewer: Viewer | null | undefined,
    filter: AnalyticsFilter,
    now = new Date(),
  ): AnalyticsScope {
    const staff = requireAnalyticsRead(viewer);
    const { municipalityIds, ...rest } = filter;
    const ids = municipalityIds?.length
      ? [...new Set(municipalityIds)].sort((a, b) => a - b)
      : undefined;
    if (ids) {
      const allowed = new Set([this.municipality.id, ...granted(staff)]);
      const refused = ids.filter((id) => !allowed.has(id));
      if (refused.length)
        throw new AppError(
          'FORBIDDEN',
          "Non hai accesso alle analisi di uno dei comuni chiesti: chiedi all'operatore della piattaforma.",
          { field: 'municipalityIds', municipalityIds: refused.map(String) },
        );
    }
    return {
      municipalityId: this.municipality.id,
      // Only the request's comune: the same scope, and the same SQL, as before.
      municipalityIds:
        ids && !(ids.length === 1 && ids[0] === this.municipality.id) ? ids : undefined,
      localSrid: this.municipality.local_srid,
      filter: rest,
      now,
    };
  }

  /** Standby or primary, and the standby's lag, read where every other figure here is read. */
  async source(viewer: Viewer | null | undefined): Promise<AnalyticsSource> {
    requireAnalyticsRead(viewer);
    const row = await readReplicaState(this.db);
    return { replica: row.in_recovery, lagSeconds: row.lag_seconds ?? 0 };
  }

  /** The comuni this viewer may read: its own first, then those granted to it, by name. */
  async municipalities(viewer: Viewer | null | undefined): Promise<MunicipalityNameRow[]> {
    const staff = requireAnalyticsRead(viewer);
    const rows = await municipalityNames(this.db, [this.municipality.id, ...granted(staff)]);
    return [
      ...rows.filter((r) => r.id === this.municipality.id),
      ...rows.filter((r) => r.id !== this.municipality.id),
    ];
  }

  async duplicateClusters(
    viewer: Viewer | null | undefined,
    filter: AnalyticsFilter,
    options: { epsM?: number | null; minPoints?: number | null; limit?: number | null } = {},
    now?: Date,
  ): Promise<ClusterRow[]> {
    const scope = this.scope(viewer, filter, now);
    const l = CLUSTER_LIMITS;
    const eps = inRange('epsM', options.epsM ?? l.epsM.default, l.epsM.min, l.epsM.max);
    const minPoints = inRange(
      'minPoints',
      options.minPoints ?? l.minPoints.default,
      l.minPoints.min,
      l.minPoints.max,
    );
    const limit = inRange('limit', options.limit ?? l.limit.default, 1, l.limit.max);
    return findDuplicateClusters(this.db, scope, eps, Math.round(minPoints), Math.round(limit));
  }

  async heatmap(
    viewer: Viewer | null | undefined,
    filter: AnalyticsFilter,
    cellM?: number | null,
    now?: Date,
  ): Promise<HeatCellRow[]> {
    const scope = this.scope(viewer, filter, now);
    const size = inRange(
      'cellM',
      cellM ?? HEAT_CELL_LIMITS.default,
      HEAT_CELL_LIMITS.min,
      HEAT_CELL_LIMITS.max,
    );
    return heatmapCells(this.hashingDb, scope, size);
  }

  async ticketPoints(
    viewer: Viewer | null | undefined,
    filter: AnalyticsFilter,
    now?: Date,
  ): Promise<TicketPoints> {
    const scope = this.scope(viewer, filter, now);
    const categories = (
      await Promise.all(scopeMunicipalities(scope).map((id) => listCategories(this.db, id, true)))
    ).flat();
    const legend = categories.slice(0, 255).map((c, index) => ({
      index,
      categoryId: c.id,
      code: c.code,
      nameIt: c.name_it,
      nameEn: c.name_en,
    }));
    const [row] = await packedTicketPoints(
      this.db,
      scope,
      legend.map((l) => l.categoryId),
      POINT_STATUS_ORDER,
    );
    return {
      ...packPoints({
        count: row.count,
        positions: row.positions,
        categories: row.categories,
        statuses: row.statuses,
        ageDays: row.age_days,
      }),
      legend,
    };
  }

  async kpis(
    viewer: Viewer | null | undefined,
    filter: AnalyticsFilter,
    groupBy: KpiGroup,
    now?: Date,
  ): Promise<KpiRow[]> {
    return kpiRows(this.db, this.scope(viewer, filter, now), groupBy);
  }

  async streetStats(
    viewer: Viewer | null | undefined,
    filter: AnalyticsFilter,
    order: StreetOrderKey,
    first: number,
    after?: string | null,
    rule: RecurrenceRule = DEFAULT_RECURRENCE,
    want: StreetMeasureSet = ALL_STREET_MEASURES,
    now?: Date,
  ): Promise<Page<StreetStats>> {
    return streetStatsPage(
      this.db,
      this.scope(viewer, filter, now),
      order,
      first,
      after,
      rule,
      want,
    );
  }

  async timeSeries(
    viewer: Viewer | null | undefined,
    filter: AnalyticsFilter,
    interval: SeriesInterval,
    now?: Date,
  ): Promise<SeriesRow[]> {
    const rows = await timeSeriesRows(
      this.db,
      this.scope(viewer, filter, now),
      interval,
      MAX_SERIES_BUCKETS,
    );
    if (rows.length > MAX_SERIES_BUCKETS) {
      throw badInput(
        'interval',
        `Troppi intervalli (più di ${MAX_SERIES_BUCKETS}): scegli un intervallo più lungo o restringi le date.`,
      );
    }
    return rows;
  }
}
