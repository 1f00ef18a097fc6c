// The planning view's state lives in the URL (?layers=…&cat=…&month=…&lon=…), so a view can be shared.
import type { MapViewState } from '@deck.gl/core';
import { useSearchParams } from 'react-router-dom';
import type { TicketStatus } from '../../api/citizen.operations';
import type { PlanningFilter, StreetMetric } from '../../api/planning.operations';
import type { TicketFilterInput } from '../../api/ticket.operations';

export const LAYER_IDS = ['hexagons', 'heat', 'points', 'clusters', 'streets'] as const;
export type LayerId = (typeof LAYER_IDS)[number];
/** The one layer a planner sees first; the others are one click away (each costs a shader to compile). */
export const DEFAULT_LAYERS: LayerId[] = ['heat'];

export interface PlanningState {
  layers: LayerId[];
  metric: StreetMetric;
  categoryIds: string[];
  statuses: TicketStatus[];
  officeIds: string[];
  /** Comuni a sovracomunale planner reads (municipalityIds); empty: the comune of the page. */
  comuni: string[];
  /** Months back from the current month: 0 = this month; null = all time. */
  month: number | null;
  /** A from–to range of creation days (YYYY-MM-DD, both included); it replaces the month when set. */
  from: string | null;
  to: string | null;
  view: MapViewState | null;
}

const isDay = (v: string | null): v is string => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v);

/** Local midnight of a YYYY-MM-DD day, plus `addDays`. */
export function dayStart(day: string, addDays = 0): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + addDays);
}

/** The created-at window [from, to) of the state: the date range if any, else the month, else none. */
export function timeRange(
  state: PlanningState,
  now = new Date(),
): [Date | null, Date | null] | null {
  if (state.from || state.to)
    return [state.from ? dayStart(state.from) : null, state.to ? dayStart(state.to, 1) : null];
  if (state.month !== null) return monthRange(state.month, now);
  return null;
}

const list = (v: string | null) => (v ? v.split(',').filter(Boolean) : []);

/** The planning state a URL's parameters hold. */
function parseState(params: URLSearchParams): PlanningState {
  const lon = Number(params.get('lon'));
  const lat = Number(params.get('lat'));
  const zoom = Number(params.get('z'));
  return {
    layers: params.has('layers') ? (list(params.get('layers')) as LayerId[]) : DEFAULT_LAYERS,
    metric: (params.get('metric') as StreetMetric | null) ?? 'OPEN_DESC',
    categoryIds: list(params.get('cat')),
    statuses: list(params.get('status')) as TicketStatus[],
    officeIds: list(params.get('office')),
    comuni: list(params.get('comuni')),
    month: params.has('month') ? Number(params.get('month')) : null,
    from: isDay(params.get('from')) ? params.get('from') : null,
    to: isDay(params.get('to')) ? params.get('to') : null,
    view:
      params.has('lon') && Number.isFinite(lon + lat + zoom)
        ? { longitude: lon, latitude: lat, zoom, pitch: 0, bearing: 0 }
        : null,
  };
}

export function usePlanningState(): [PlanningState, (patch: Partial<PlanningState>) => void] {
  const [params, setParams] = useSearchParams();
  const state = parseState(params);
  // Each change merges into the URL as it is when it applies, not as this render saw it: a map still
  // moving after a zoom must not put back the from–to range (or a filter) that was changed meanwhile.
  const update = (patch: Partial<PlanningState>) =>
    setParams((current) => serialize({ ...parseState(current), ...patch }), { replace: true });
  return [state, update];
}

function serialize(next: PlanningState): URLSearchParams {
  const out = new URLSearchParams();
  out.set('layers', next.layers.join(','));
  out.set('metric', next.metric);
  if (next.categoryIds.length) out.set('cat', next.categoryIds.join(','));
  if (next.statuses.length) out.set('status', next.statuses.join(','));
  if (next.officeIds.length) out.set('office', next.officeIds.join(','));
  if (next.comuni.length) out.set('comuni', next.comuni.join(','));
  if (next.month !== null) out.set('month', String(next.month));
  if (next.from) out.set('from', next.from);
  if (next.to) out.set('to', next.to);
  if (next.view) {
    out.set('lon', next.view.longitude.toFixed(5));
    out.set('lat', next.view.latitude.toFixed(5));
    out.set('z', next.view.zoom.toFixed(2));
  }
  return out;
}

/** [start, end) of the month `back` months before the current one, in local time. */
export function monthRange(back: number, now = new Date()): [Date, Date] {
  const start = new Date(now.getFullYear(), now.getMonth() - back, 1);
  const end = new Date(now.getFullYear(), now.getMonth() - back + 1, 1);
  return [start, end];
}

/** [minAge, maxAge] in whole days of the tickets created in the state's window (for the packed points). */
export function ageWindow(state: PlanningState, now = new Date()): [number, number] | null {
  const range = timeRange(state, now);
  if (!range) return null;
  const [start, end] = range;
  const day = 86_400_000;
  return [
    end ? Math.max(0, Math.floor((now.getTime() - end.getTime()) / day)) : 0,
    start ? Math.floor((now.getTime() - start.getTime()) / day) : Number.MAX_SAFE_INTEGER,
  ];
}

export function toFilter(state: PlanningState, withTime: boolean): PlanningFilter {
  const filter: PlanningFilter = {};
  if (state.comuni.length) filter.municipalityIds = state.comuni;
  if (state.categoryIds.length) filter.categoryIds = state.categoryIds;
  if (state.statuses.length) filter.statuses = state.statuses;
  if (state.officeIds.length) filter.officeIds = state.officeIds;
  const range = withTime ? timeRange(state) : null;
  if (range?.[0]) filter.createdFrom = range[0].toISOString();
  if (range?.[1]) filter.createdTo = range[1].toISOString();
  return filter;
}

export function exportQuery(filter: TicketFilterInput): string {
  const q = new URLSearchParams();
  if (filter.categoryIds) q.set('categoryIds', filter.categoryIds.join(','));
  if (filter.statuses) q.set('statuses', filter.statuses.join(','));
  if (filter.officeIds) q.set('officeIds', filter.officeIds.join(','));
  if (filter.createdFrom) q.set('createdFrom', filter.createdFrom);
  if (filter.createdTo) q.set('createdTo', filter.createdTo);
  const s = q.toString();
  return s ? `?${s}` : '';
}
