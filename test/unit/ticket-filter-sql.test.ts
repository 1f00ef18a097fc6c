import { describe, expect, it } from 'vitest';
import { SqlParams, ticketFilterSql } from '../../server/db/ticket-filter.sql.js';
import { validateBBox } from '../../server/domain/ticket-filter.js';

describe('ticketFilterSql', () => {
  it('puts every value in a parameter, never in the SQL text', () => {
    const params = new SqlParams();
    const sql = ticketFilterSql(
      1,
      {
        statuses: ['received'],
        categoryIds: [3],
        text: "'; drop table ticket; --",
        bbox: { west: 10.1, south: 43.9, east: 10.3, north: 44.1 },
      },
      params,
    );
    expect(sql).not.toContain('drop table');
    expect(sql).not.toContain('10.1');
    expect(params.values).toContain("'; drop table ticket; --");
    expect(new Set(sql.match(/\$\d+/g)).size).toBe(params.values.length);
  });

  it('with no filter selects the municipality only', () => {
    const params = new SqlParams();
    expect(ticketFilterSql(7, undefined, params, 'x')).toBe('x.municipality_id = $1');
    expect(params.values).toEqual([7]);
  });

  it('reads one comune as before, several (a sovracomunale planner) with = any', () => {
    const one = new SqlParams();
    expect(ticketFilterSql([7], undefined, one)).toBe('t.municipality_id = $1');
    expect(one.values).toEqual([7]);
    const several = new SqlParams();
    expect(ticketFilterSql([7, 9], undefined, several)).toBe('t.municipality_id = any($1::int[])');
    expect(several.values).toEqual([[7, 9]]);
    expect(() => ticketFilterSql([], undefined, new SqlParams())).toThrow();
  });
});

describe('filters and cursors reject bad input with a coded error', () => {
  it('an inverted bounding box is BAD_USER_INPUT on bbox', () => {
    expect(() => validateBBox({ west: 10.3, south: 43.9, east: 10.1, north: 44.1 })).toThrowError(
      expect.objectContaining({ code: 'BAD_USER_INPUT', details: { field: 'bbox' } }),
    );
  });

  it.each(['west', 'south', 'east', 'north'] as const)(
    'a bounding box with %s not a finite number is BAD_USER_INPUT on bbox',
    (side) => {
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        const bbox = { west: 0, south: 0, east: 0, north: 0, [side]: bad };
        expect(() => validateBBox(bbox)).toThrowError(
          expect.objectContaining({ code: 'BAD_USER_INPUT', details: { field: 'bbox' } }),
        );
      }
    },
  );
});
