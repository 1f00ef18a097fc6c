import { describe, expect, it } from 'vitest';
import {
  PRIORITY_LABELS,
  priorityForScore,
  suggestPriority,
} from '../../server/domain/priority.js';

describe('suggested priority', () => {
  it('labels 1 urgente … 4 bassa', () => {
    expect(Object.values(PRIORITY_LABELS).map((l) => l.it)).toEqual([
      'urgente',
      'alta',
      'normale',
      'bassa',
    ]);
  });

  it('adds the SLA, supporters, cluster and category components, each capped', () => {
    const s = suggestPriority({ ageHours: 84, slaHours: 168, supporters: 2, nearbyOpen: 1 });
    expect(s.components.map((c) => [c.name, c.points])).toEqual([
      ['sla', 15],
      ['supporters', 8],
      ['cluster', 5],
      ['category', 6],
    ]);
    expect(s).toMatchObject({ score: 34, value: 3 });
    const max = suggestPriority({ ageHours: 10_000, slaHours: 24, supporters: 50, nearbyOpen: 50 });
    expect(max).toMatchObject({ score: 100, value: 1 });
    expect(max.components.every((c) => c.points <= c.max)).toBe(true);
  });

  it('maps scores to priorities at 60, 40 and 20', () => {
    expect([60, 59.9, 40, 39.9, 20, 19.9, 0].map(priorityForScore)).toEqual([1, 2, 2, 3, 3, 4, 4]);
  });
});
