// The public list's address: what a reload, a shared link or back/forward reads back.
import { describe, expect, it } from 'vitest';
import { OPEN_STATUSES } from '../../dashboard/src/api/citizen.operations.js';
import {
  DEFAULT_LIST,
  filterOf,
  listUrlOf,
  MAX_PAGES,
  parseListUrl,
} from '../../dashboard/src/views/public/list-url.js';
import { formatKm, formatNumber } from '../../dashboard/src/views/common/format.js';

describe('the public list in the address', () => {
  it('an empty address is the default list (open reports, page 1), and the default writes nothing', () => {
    expect(parseListUrl('')).toEqual(DEFAULT_LIST);
    expect(listUrlOf(DEFAULT_LIST).toString()).toBe('');
  });

  it('reads back what it wrote, in a fixed order', () => {
    const state = {
      statuses: ['RESOLVED', 'RECEIVED'] as const,
      categoryId: '7',
      streetId: '42',
      text: 'buca  profonda',
      pages: 3,
    };
    const q = listUrlOf({ ...state, statuses: [...state.statuses] });
    expect(q.toString()).toBe(
      'stato=RECEIVED%2CRESOLVED&tipo=7&via=42&testo=buca++profonda&pagina=3',
    );
    expect(parseListUrl(q)).toEqual({ ...state, statuses: ['RECEIVED', 'RESOLVED'] });
    expect(filterOf(parseListUrl(q))).toEqual({
      statuses: ['RECEIVED', 'RESOLVED'],
      categoryIds: ['7'],
      streetIds: ['42'],
      text: 'buca  profonda',
    });
  });

  it('no status checked is kept as "nessuno", not read as the default', () => {
    const q = listUrlOf({ ...DEFAULT_LIST, statuses: [] });
    expect(q.get('stato')).toBe('nessuno');
    expect(parseListUrl(q).statuses).toEqual([]);
  });

  it('unknown or malformed values take their default', () => {
    expect(parseListUrl('stato=PERSA,RESOLVED,RESOLVED').statuses).toEqual(['RESOLVED']);
    expect(parseListUrl('stato=PERSA').statuses).toEqual(OPEN_STATUSES);
    expect(parseListUrl('tipo=1;drop&via=%3Cscript%3E').categoryId).toBe('');
    expect(parseListUrl('via=%3Cscript%3E').streetId).toBe('');
    expect(parseListUrl('pagina=-2').pages).toBe(1);
    expect(parseListUrl('pagina=2.5').pages).toBe(1);
    expect(parseListUrl('pagina=abc').pages).toBe(1);
    expect(parseListUrl('pagina=9999').pages).toBe(MAX_PAGES);
    expect(filterOf(parseListUrl('testo=%20%20')).text).toBeUndefined();
  });
});

describe('numbers in the page language', () => {
  it('uses the decimal comma in Italian and the point in English', () => {
    expect(formatKm(290, 'it')).toBe('0,29');
    expect(formatKm(290, 'en')).toBe('0.29');
    expect(formatKm(12_345, 'it')).toBe('12,35');
    expect(formatNumber(1234, 'it')).toBe('1234');
    expect(formatNumber(12_345, 'it')).toBe('12.345');
    expect(formatNumber(1234, 'en')).toBe('1,234');
  });
});
