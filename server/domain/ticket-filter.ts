// One filter shape for every ticket list: citizen lists, staff inbox, analytics and exports.
import { badInput } from './app-error.js';
import type { TicketStatus } from './ticket-status.js';

export interface BBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

export interface TicketFilter {
  statuses?: TicketStatus[];
  categoryIds?: number[];
  officeIds?: number[];
  streetIds?: number[];
  /** How the reports arrived (ticket.channel: web, phone, desk, email, pec, in_person, api). */
  channels?: string[];
  createdFrom?: Date;
  createdTo?: Date;
  bbox?: BBox;
  /** GeoJSON Polygon or MultiPolygon (WGS84). */
  polygon?: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
  /** Free text matched against title and description (case- and accent-insensitive). */
  text?: string;
}

export function validateBBox(bbox: BBox): BBox {
  const { west, south, east, north } = bbox;
  const finite = [west, south, east, north].every(Number.isFinite);
  if (
    !finite ||
    west < -180 ||
    east > 180 ||
    south < -90 ||
    north > 90 ||
    west > east ||
    south > north
  ) {
    throw badInput(
      'bbox',
      'Riquadro non valido: servono west ≤ east tra -180 e 180, south ≤ north tra -90 e 90.',
    );
  }
  return bbox;
}

const POLYGON_ERROR = 'Poligono non valido: serve una geometria GeoJSON Polygon o MultiPolygon.';
/** Enough vertices for any hand-drawn or administrative area; more is a payload, not a filter. */
export const MAX_POLYGON_POSITIONS = 10_000;

/** A closed ring of at least four [longitude, latitude] positions, each in range. */
function isRing(ring: unknown): ring is [number, number][] {
  if (!Array.isArray(ring) || ring.length < 4) return false;
  const inRange = ring.every(
    (p: unknown) =>
      Array.isArray(p) &&
      (p.length === 2 || p.length === 3) &&
      p.every(Number.isFinite) &&
      Math.abs(p[0] as number) <= 180 &&
      Math.abs(p[1] as number) <= 90,
  );
  const [first, last] = [ring[0] as number[], ring[ring.length - 1] as number[]];
  return inRange && first[0] === last[0] && first[1] === last[1];
}

const isPolygonRings = (rings: unknown): rings is unknown[][] =>
  Array.isArray(rings) && rings.length > 0 && rings.every(isRing);

/**
 * The whole shape is checked here, so that PostGIS never meets a geometry it cannot build (an open
 * ring, a missing coordinate): that would fail inside the query, as an internal error or, in an
 * export, after the first bytes were sent.
 */
export function validatePolygon(value: unknown): TicketFilter['polygon'] {
  const v = value as { type?: unknown; coordinates?: unknown } | null;
  const polygons =
    v?.type === 'Polygon' ? [v.coordinates] : v?.type === 'MultiPolygon' ? v.coordinates : null;
  if (!v || !Array.isArray(polygons) || polygons.length === 0 || !polygons.every(isPolygonRings))
    throw badInput('polygon', POLYGON_ERROR);
  const positions = (polygons as unknown[][][]).flat().reduce((n, ring) => n + ring.length, 0);
  if (positions > MAX_POLYGON_POSITIONS)
    throw badInput(
      'polygon',
      `Poligono troppo complesso (massimo ${MAX_POLYGON_POSITIONS} vertici).`,
    );
  return { type: v.type as 'Polygon' | 'MultiPolygon', coordinates: v.coordinates };
}

/** Search text: at most 200 characters and no control characters (PostgreSQL refuses NUL). */
export function validateSearchText(text: string | null | undefined): string | undefined {
  const trimmed = text?.trim();
  if (!trimmed) return undefined;
  if (trimmed.length > 200)
    throw badInput('text', 'Testo di ricerca troppo lungo (massimo 200 caratteri).');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(trimmed))
    throw badInput('text', 'Il testo di ricerca contiene caratteri di controllo.');
  return trimmed;
}

export function validateDateRange(from: Date | undefined, to: Date | undefined): void {
  if (from && to && from > to)
    throw badInput('createdFrom', 'La data iniziale è successiva a quella finale.');
}
