// The planning page's scales: quantile classes shown in the legends (and used to colour the hexagons and
// streets) and their labels. (The range, the sort and the zoom: test/e2e/staff-planning.test.ts.)
import { describe, expect, it } from 'vitest';
import {
  classColor,
  classEntries,
  HEAT_RAMP,
  quantileBreaks,
} from '../../dashboard/src/layers/palette.js';
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
});
