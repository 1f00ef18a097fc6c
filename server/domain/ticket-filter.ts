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

/** The most vertices a filter polygon may have (all rings together). */
export const MAX_POLYGON_POSITIONS = 10_000;

function isPosition(p: unknown): boolean {
  if (!Array.isArray(p) || p.length < 2 || p.length > 3) return false;
  if (!p.every((n) => typeof n === 'number' && Number.isFinite(n))) return false;
  return Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;
}

/** The vertices of a GeoJSON Polygon's rings, or -1 when it is not one. */
function polygonPositions(rings: unknown): number {
  if (!Array.isArray(rings) || rings.length === 0) return -1;
  let n = 0;
  for (const ring of rings) {
    if (!Array.isArray(ring) || ring.length < 4 || !ring.every(isPosition)) return -1;
    n += ring.length;
  }
  return n;
}

function multiPolygonPositions(polygons: unknown): number {
  if (!Array.isArray(polygons) || polygons.length === 0) return -1;
  let n = 0;
  for (const polygon of polygons) {
    const k = polygonPositions(polygon);
    if (k < 0) return -1;
    n += k;
  }
  return n;
}

export function validatePolygon(value: unknown): TicketFilter['polygon'] {
  const v = value as { type?: unknown; coordinates?: unknown } | null;
  const c = v?.coordinates;
  const positions =
    v?.type === 'Polygon'
      ? polygonPositions(c)
      : v?.type === 'MultiPolygon'
        ? multiPolygonPositions(c)
        : -1;
  if (!v || positions < 0 || positions > MAX_POLYGON_POSITIONS) {
    throw badInput(
      'polygon',
      `Poligono non valido: serve una geometria GeoJSON Polygon o MultiPolygon (WGS84, anelli di almeno 4 vertici, al massimo ${MAX_POLYGON_POSITIONS} vertici).`,
    );
  }
  return { type: v.type as 'Polygon' | 'MultiPolygon', coordinates: c };
}

export function validateDateRange(from: Date | undefined, to: Date | undefined): void {
  if (from && to && from > to)
    throw badInput('createdFrom', 'La data iniziale è successiva a quella finale.');
}
