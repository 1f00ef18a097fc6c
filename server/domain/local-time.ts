// The comune's wall-clock time (Europe/Rome) of an instant, without a Date per call where it matters:
// an export writes five timestamps per row for up to 10^6 rows.

/** Where Italian comuni live: every local date and time the citizens and offices read. */
export const LOCAL_TIME_ZONE = 'Europe/Rome';

/** Offset of a time zone at an instant, in minutes (memoised per zone and hour: offsets change on the hour). */
const offsets = new Map<string, number>();
export function offsetMinutes(date: Date, timeZone = LOCAL_TIME_ZONE): number {
  const hour = Math.floor(date.getTime() / 3_600_000);
  const key = `${timeZone}:${hour}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(date)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
  if (offsets.size > 10_000) offsets.clear();
  offsets.set(key, minutes);
  return minutes;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The instant shifted to local wall-clock time: read its fields with getUTC…(). */
export function localClock(date: Date, timeZone = LOCAL_TIME_ZONE): Date {
  return new Date(date.getTime() + offsetMinutes(date, timeZone) * 60_000);
}

/** "04/12/2026 18:30": an instant (Date or ISO 8601 text) as an Italian office reads it, in Europe/Rome. */
export function italianDateTime(value: Date | string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  const l = localClock(date);
  return (
    `${pad(l.getUTCDate())}/${pad(l.getUTCMonth() + 1)}/${l.getUTCFullYear()} ` +
    `${pad(l.getUTCHours())}:${pad(l.getUTCMinutes())}`
  );
}

/** "15/03/2027": a calendar day YYYY-MM-DD (already local, no time zone) written the Italian way. */
export function italianDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}
