// How the programme pages write money and calendar days: euro as "1.234,50 €" in Italian (grouping
// always, which Italian's CLDR default leaves out below 10.000), planned days as the calendar days
// they are (YYYY-MM-DD, Europe/Rome), named through Intl in the page's language.

export function intlLocale(lang: string): string {
  return lang.startsWith('en') ? 'en-GB' : 'it-IT';
}

export function formatEuro(value: number, lang: string, decimals = 2): string {
  return new Intl.NumberFormat(intlLocale(lang), {
    style: 'currency',
    currency: 'EUR',
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: 'always',
  }).format(value);
}

export function formatNumber(value: number, lang: string, decimals = 0): string {
  return new Intl.NumberFormat(intlLocale(lang), {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: 'always',
  }).format(value);
}

/** A calendar day "YYYY-MM-DD" as a UTC midnight, so day arithmetic never crosses a DST change. */
export function dayToDate(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

export function dateToDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  const d = dayToDate(day);
  d.setUTCDate(d.getUTCDate() + n);
  return dateToDay(d);
}

/** Today as a calendar day in Europe/Rome. */
export function todayInRome(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(now);
}

/** A calendar day written in the page's language ("15 mar 2027"), or with the weekday. */
export function formatDay(
  day: string,
  lang: string,
  options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' },
): string {
  return new Intl.DateTimeFormat(intlLocale(lang), { ...options, timeZone: 'UTC' }).format(
    dayToDate(day),
  );
}

/** An instant (createdAt, completedAt) as a day and time in Europe/Rome. */
export function formatInstant(value: string, lang: string): string {
  return new Intl.DateTimeFormat(intlLocale(lang), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Rome',
  }).format(new Date(value));
}

export function formatRange(start: string, end: string, lang: string): string {
  return start === end
    ? formatDay(start, lang)
    : `${formatDay(start, lang)} – ${formatDay(end, lang)}`;
}

/**
 * An amount typed in the page's language: Italian "50.000" or "12.500,50", English "50,000" or
 * "12500.50" (the group separator may be left out). Null when it is not an amount ≥ 0.
 */
export function parseEuro(text: string, lang: string): number | null {
  const [group, decimal] = lang.startsWith('en') ? [',', '.'] : ['.', ','];
  const plain = text.trim().replace(/\s|€/g, '').split(group).join('').replace(decimal, '.');
  if (!/^\d+(\.\d{1,2})?$/.test(plain)) return null;
  return Number(plain);
}
