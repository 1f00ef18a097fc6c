// The planning page's scales and windows: quantile classes shown in the legends (and used to colour the
// hexagons and streets), their labels, the from–to range turned into the API's filter and the points' ages.
import { describe, expect, it } from 'vitest';
import {
  classColor,
  classEntries,
  HEAT_RAMP,
  quantileBreaks,
} from '../../dashboard/src/layers/palette.js';
import {
  ageWindow,
  DEFAULT_LAYERS,
  toFilter,
  type PlanningState,
} from '../../dashboard/src/views/planning/planning-state.js';
import { sortStreets } from '../../dashboard/src/views/planning/street-table.js';
import type { StreetStat } from '../../dashboard/src/api/planning.operations.js';

const state = (patch: Partial<PlanningState>): PlanningState => ({
  layers: DEFAULT_LAYERS,
  metric: 'OPEN_DESC',
  categoryIds: [],
  statuses: [],
  officeIds: [],
  comuni: [],
  month: null,
  from: null,
  to: null,
  view: null,
  ...patch,
});

describe('planning scales', () => {
  it('quantile breaks are ascending, distinct, end at the maximum and colour every value by its class', () => {
    const values = [1, 1, 1, 1, 2, 2, 3, 5, 8, 13, 21, 47];
    const breaks = quantileBreaks(values, 5);
    expect(breaks).toEqual([1, 2, 5, 13, 47]);
    expect(classColor(1, breaks)).toEqual(HEAT_RAMP[0]);
    expect(classColor(4, breaks)).toEqual(classColor(5, breaks));
    expect(classColor(47, breaks)).toEqual(HEAT_RAMP[HEAT_RAMP.length - 1]);
    expect(classEntries(breaks, 1, String, true).map((e) => e.label)).toEqual([
      '1',
      '2',
      '3–5',
      '6–13',
      '14–47',
    ]);
    // Few distinct values: fewer classes, never an empty one.
    expect(quantileBreaks([3, 3, 3, 3], 5)).toEqual([3]);
    expect(quantileBreaks([], 5)).toEqual([]);
  });

  it('a from–to range is local days, both included, and replaces the month', () => {
    const f = toFilter(state({ from: '2026-03-01', to: '2026-03-31', month: 2 }), true);
    expect(new Date(f.createdFrom!).getTime()).toBe(new Date(2026, 2, 1).getTime());
    expect(new Date(f.createdTo!).getTime()).toBe(new Date(2026, 3, 1).getTime());
    expect(toFilter(state({ from: '2026-03-01' }), true).createdTo).toBeUndefined();
    expect(toFilter(state({ from: '2026-03-01' }), false).createdFrom).toBeUndefined();
    const now = new Date(2026, 3, 11, 12);
    expect(ageWindow(state({ from: '2026-04-01', to: '2026-04-10' }), now)).toEqual([0, 10]);
    expect(ageWindow(state({}), now)).toBeNull();
  });

  it('streets sort on every figure both ways, ties by name', () => {
    const s = (name: string, open: number, ticketsPerKm: number | null): StreetStat => ({
      street: { id: name, name },
      total: open,
      open,
      overdue: 0,
      ticketsPerKm,
      recurrence: 0,
      geometry: { type: 'LineString', coordinates: [] },
    });
    const rows = [s('Via B', 2, null), s('Via A', 2, 3.5), s('Via C', 5, 1)];
    const names = (key: 'open' | 'ticketsPerKm' | 'name', desc: boolean) =>
      sortStreets(rows, { key, desc }, 'it-IT').map((r) => r.street.name);
    expect(names('open', true)).toEqual(['Via C', 'Via A', 'Via B']);
    expect(names('open', false)).toEqual(['Via A', 'Via B', 'Via C']);
    expect(names('ticketsPerKm', true)).toEqual(['Via A', 'Via C', 'Via B']);
    expect(names('name', false)).toEqual(['Via A', 'Via B', 'Via C']);
  });
});
