// The one rule for a WGS84 point sent by a client (a report's location, a duplicate-hint search).
import { badInput } from './app-error.js';

export interface Point {
  lon: number;
  lat: number;
}

/** Finite, latitude -90…90, longitude -180…180; else BAD_USER_INPUT on `field`. */
export function validatePoint(point: Point, field = 'location'): Point {
  const { lat, lon } = point;
  if (
    !Number.isFinite(lat) ||
    !Number.isFinite(lon) ||
    lat < -90 ||
    lat > 90 ||
    lon < -180 ||
    lon > 180
  ) {
    throw badInput(
      field,
      'Coordinate non valide: latitudine tra -90 e 90, longitudine tra -180 e 180.',
    );
  }
  return { lon, lat };
}
