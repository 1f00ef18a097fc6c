// Per-street statistics: rank all streets by one measure, then compute the measures asked for on one page.
// The counts are cheap; category counts, resolve percentiles and especially recurrence (a spatial probe
// per ticket) are computed only when the caller asks for them.
import { scopeMunicipalities, type AnalyticsScope } from '../db/analytics.queries.js';
import type { Queryable } from '../db/pool.js';
import {
  rankStreets,
  streetCategoryCounts,
  streetCounts,
  streetRecurrence,
  streetResolveTimes,
  streetShapes,
  type RecurrenceRule,
  type StreetOrderKey,
} from '../db/street-stats.queries.js';
import type { StreetRow } from '../db/street.queries.js';
import { badInput } from '../domain/app-error.js';
import { decodeOffsetCursor, encodeOffsetCursor } from '../domain/cursor.js';
import { listTotal, type Page } from '../domain/page.js';

export const DEFAULT_RECURRENCE: RecurrenceRule = { radiusM: 50, days: 90 };

/** Optional measures; omitted ones come back empty (byCategory []) or null. */
export interface StreetMeasureSet {
  byCategory: boolean;
  resolveTimes: boolean;
  recurrence: boolean;
  geometry: boolean;
}

export const ALL_STREET_MEASURES: StreetMeasureSet = {
  byCategory: true,
  resolveTimes: true,
  recurrence: true,
  geometry: true,
};

export interface StreetStats {
  street: StreetRow;
  geometry: string | null;
  total: number;
  open: number;
  overdue: number;
  byCategory: { categoryId: number; count: number }[];
  ticketsPerKm: number | null;
  medianResolveHours: number | null;
  p90ResolveHours: number | null;
  recurrence: number | null;
}

function validate(rule: RecurrenceRule, after: string | null | undefined): number {
  if (!(rule.radiusM >= 1 && rule.radiusM <= 1000))
    throw badInput('recurrenceRadiusM', 'Raggio di ricorrenza tra 1 e 1000 metri.');
  if (!Number.isInteger(rule.days) || rule.days < 1 || rule.days > 3650)
    throw badInput('recurrenceDays', 'Finestra di ricorrenza tra 1 e 3650 giorni.');
  return decodeOffsetCursor(after);
}

function byStreet<T extends { street_id: number }>(rows: T[]): Map<number, T> {
  return new Map(rows.map((r) => [r.street_id, r]));
}

export async function streetStatsPage(
  db: Queryable,
  scope: AnalyticsScope,
  order: StreetOrderKey,
  first: number,
  after: string | null | undefined,
  rule: RecurrenceRule = DEFAULT_RECURRENCE,
  want: StreetMeasureSet = ALL_STREET_MEASURES,
): Promise<Page<StreetStats>> {
  const offset = validate(rule, after);
  const ranked = await rankStreets(db, scope, order, rule, offset, first + 1);
  const page = ranked.slice(0, first);
  const ids = page.map((r) => r.street_id);
  const none = Promise.resolve([]);
  const [counts, categories, resolve, recurrence, shapes] = await Promise.all([
    streetCounts(db, scope, ids),
    want.byCategory ? streetCategoryCounts(db, scope, ids) : none,
    want.resolveTimes ? streetResolveTimes(db, scope, ids) : none,
    order === 'recurrence'
      ? Promise.resolve(page.map((r) => ({ street_id: r.street_id, recurrence: r.value ?? 0 })))
      : want.recurrence
        ? streetRecurrence(db, scope, ids, rule)
        : none,
    streetShapes(db, scopeMunicipalities(scope), ids, want.geometry),
  ]);
  const c = byStreet(counts);
  const cat = byStreet(categories);
  const res = byStreet(resolve);
  const rec = byStreet(recurrence);
  const s = new Map(shapes.map((row) => [row.id, row]));
  const nodes = page.map((row): StreetStats => {
    const shape = s.get(row.street_id);
    const total = c.get(row.street_id)?.total ?? 0;
    const lengthKm = (shape?.length_m ?? 0) / 1000;
    const times = res.get(row.street_id)?.resolve;
    return {
      street: shape ?? {
        id: row.street_id,
        name: '',
        name_display: '',
        locality: null,
        length_m: 0,
        geometry_source: 'generated',
      },
      geometry: shape?.geometry ?? null,
      total,
      open: c.get(row.street_id)?.open ?? 0,
      overdue: c.get(row.street_id)?.overdue ?? 0,
      byCategory: cat.get(row.street_id)?.by_category ?? [],
      ticketsPerKm: lengthKm > 0 ? total / lengthKm : null,
      medianResolveHours: times?.[0] ?? null,
      p90ResolveHours: times?.[1] ?? null,
      recurrence:
        want.recurrence || order === 'recurrence'
          ? (rec.get(row.street_id)?.recurrence ?? 0)
          : null,
    };
  });
  return {
    nodes,
    cursors: nodes.map((_, i) => encodeOffsetCursor(offset + i + 1)),
    hasNextPage: ranked.length > first,
    totalCount: await listTotal(ranked, offset > 0, () =>
      rankStreets(db, scope, order, rule, 0, 1),
    ),
  };
}
