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

export function validatePolygon(value: unknown): TicketFilter['polygon'] {
  const v = value as { type?: unknown; coordinates?: unknown } | null;
  if (!v || (v.type !== 'Polygon' && v.type !== 'MultiPolygon') || !Array.isArray(v.coordinates)) {
    throw badInput(
      'polygon',
      'Poligono non valido: serve una geometria GeoJSON Polygon o MultiPolygon.',
    );
  }
  return { type: v.type, coordinates: v.coordinates };
}

export function validateDateRange(from: Date | undefined, to: Date | undefined): void {
  if (from && to && from > to)
    throw badInput('createdFrom', 'La data iniziale è successiva a quella finale.');
}
