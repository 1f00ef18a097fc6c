// How the programme pages write and read euro and calendar days (dashboard/src/views/interventions/format.ts).
import { describe, expect, it } from 'vitest';
import {
  addDays,
  formatDay,
  formatEuro,
  parseEuro,
  todayInRome,
} from '../../dashboard/src/views/interventions/format.js';

describe('programme formats', () => {
  it('writes euro as an Italian office reads them, grouping thousands too', () => {
    expect(formatEuro(1234.5, 'it')).toBe('1.234,50\u00a0€');
    expect(formatEuro(50_000, 'it', 0)).toBe('50.000\u00a0€');
    expect(formatEuro(1234.5, 'en')).toBe('€1,234.50');
  });

  it('reads amounts typed in each language, and refuses what is not one', () => {
    expect(parseEuro('50.000', 'it')).toBe(50_000);
    expect(parseEuro('12.500,50 €', 'it')).toBe(12_500.5);
    expect(parseEuro('0', 'it')).toBe(0);
    expect(parseEuro('50,000', 'en')).toBe(50_000);
    expect(parseEuro('12500.50', 'en')).toBe(12_500.5);
    for (const bad of ['', '-3', 'abc', '1,2,3', '10,999']) expect(parseEuro(bad, 'it')).toBeNull();
  });

  it('counts calendar days across the change to summer time and names them in Italian', () => {
    expect(addDays('2027-03-27', 1)).toBe('2027-03-28');
    expect(addDays('2027-03-28', 1)).toBe('2027-03-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(formatDay('2027-03-15', 'it', { weekday: 'long', day: 'numeric', month: 'long' })).toBe(
      'lunedì 15 marzo',
    );
    // 23:30 UTC on 31 December is already New Year's Day in Rome.
    expect(todayInRome(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });
});
