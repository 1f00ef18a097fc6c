// Alert subscriptions (issue 14, part 8): what a request must say, and how its place reads in mails.
import { badInput } from './app-error.js';
import { parseId } from './id.js';
import { validatePoint, type Point } from './point.js';

/** Below this a radius is a spot, not an area: nothing would ever be reported inside it. */
export const ALERT_RADIUS_MIN_M = 50;
/** The column's bound (sql/062); a comune's own size (its boundary's extent) is usually far smaller. */
export const ALERT_RADIUS_MAX_M = 50_000;

/**
 * A digest goes to a subscription at most once in this many hours: a daily job that runs a little early
 * (a restart, a slow round) does not send twice, nor does a second process beside the first.
 */
export const ALERT_DIGEST_GAP_HOURS = 20;

export type AlertPlace =
  { kind: 'street'; streetId: number } | { kind: 'radius'; point: Point; radiusM: number };

export interface RawAlertPlace {
  streetId?: string | null;
  location?: Point | null;
  radiusM?: number | null;
}

/** Exactly one place: a street, or a point with its radius; else BAD_USER_INPUT naming the field. */
export function validateAlertPlace(raw: RawAlertPlace): AlertPlace {
  const hasStreet = raw.streetId !== null && raw.streetId !== undefined;
  const hasPoint = raw.location !== null && raw.location !== undefined;
  if (hasStreet === hasPoint || (hasStreet && raw.radiusM != null))
    throw badInput(
      'input',
      'Indica una via (streetId) oppure un punto con il suo raggio (location e radiusM), non entrambi.',
    );
  if (hasStreet) return { kind: 'street', streetId: parseId(raw.streetId!, 'streetId', 'int4') };
  const point = validatePoint(raw.location!, 'location');
  const radiusM = raw.radiusM;
  if (radiusM === null || radiusM === undefined || !Number.isInteger(radiusM))
    throw badInput('radiusM', 'Indica il raggio in metri, un numero intero.');
  if (radiusM < ALERT_RADIUS_MIN_M || radiusM > ALERT_RADIUS_MAX_M)
    throw badInput(
      'radiusM',
      `Il raggio deve essere tra ${ALERT_RADIUS_MIN_M} e ${ALERT_RADIUS_MAX_M.toLocaleString('it-IT')} metri.`,
    );
  return { kind: 'radius', point, radiusM };
}

/** The place as a person says it: "Via Roma", or "entro 300 m dal punto scelto vicino a Via Roma". */
export function alertPlaceLabel(
  a: {
    kind: 'street' | 'radius';
    street_name: string | null;
    near_street: string | null;
    radius_m: number | null;
    lon: number | null;
    lat: number | null;
  },
  locale: 'it' | 'en',
): string {
  if (a.kind === 'street') return a.street_name ?? '';
  const near = a.near_street ?? `${a.lat?.toFixed(5)}, ${a.lon?.toFixed(5)}`;
  const metres = (a.radius_m ?? 0).toLocaleString(locale === 'it' ? 'it-IT' : 'en-GB');
  return locale === 'it'
    ? `entro ${metres} m dal punto scelto vicino a ${near}`
    : `within ${metres} m of the chosen point near ${near}`;
}
