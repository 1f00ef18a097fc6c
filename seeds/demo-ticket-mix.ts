// How demo reports are spread over time and categories: more potholes and dark street lights in winter,
// more overgrown green in spring and summer, storms bringing down branches in autumn, fewer reports at
// weekends and at night, and a service that gets used a little more each month.

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

const WINTER = [0, 1, 2, 10, 11];
const SUMMER = [5, 6, 7];

/** Relative share of a category in a month (0 = January). */
export function categoryWeight(code: string, month: number): number {
  const winter = WINTER.includes(month);
  switch (code) {
    case 'buca_stradale':
      return 22 * (winter ? 1.8 : 1);
    case 'marciapiede':
      return 8;
    case 'illuminazione_pubblica':
      return 13 * (winter ? 1.5 : 1);
    case 'segnaletica':
      return 9;
    case 'albero_caduto':
      return 5 * ([9, 10, 11, 0, 1].includes(month) ? 2.2 : 0.7);
    case 'verde_pubblico':
      return 10 * (month >= 3 && month <= 7 ? 2.4 : winter ? 0.4 : 1);
    case 'rifiuti_abbandonati':
      return 15 * (SUMMER.includes(month) ? 1.5 : 1);
    case 'arredo_urbano':
      return 7 * (SUMMER.includes(month) ? 1.3 : 1);
    case 'barriere_architettoniche':
      return 4;
    default:
      return 5;
  }
}

/** Relative number of reports on a day. */
export function dayWeight(day: Date, fractionOfPeriod: number): number {
  const weekday = day.getUTCDay();
  const weekend = weekday === 0 || weekday === 6 ? 0.6 : 1;
  const summerVisitors = SUMMER.includes(day.getUTCMonth()) ? 1.25 : 1;
  return weekend * summerVisitors * (0.7 + 0.3 * fractionOfPeriod);
}

/** Hour-of-day weights (UTC), people report from morning to late evening. */
export const HOUR_WEIGHTS = [
  1, 0.5, 0.3, 0.3, 0.4, 1, 3, 6, 8, 9, 9, 8, 7, 7, 8, 8, 8, 7, 6, 5, 4, 3, 2, 1.5,
];

/** Priority 1 (urgent) … 4 (low) weights by category. */
export function priorityWeights(code: string): number[] {
  switch (code) {
    case 'albero_caduto':
      return [40, 40, 15, 5];
    case 'buca_stradale':
    case 'illuminazione_pubblica':
      return [10, 30, 45, 15];
    default:
      return [4, 18, 55, 23];
  }
}

/** Splits `count` over days in proportion to weights, exactly (cumulative rounding). */
export function apportion(count: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  let cumulative = 0;
  let given = 0;
  for (const w of weights) {
    cumulative += w;
    const upTo = Math.round((count * cumulative) / total);
    out.push(upTo - given);
    given = upTo;
  }
  return out;
}
