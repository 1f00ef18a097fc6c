// Reads the TicketFilter of the export URLs from query parameters (the same filter as GraphQL):
//   statuses=RECEIVED,IN_PROGRESS  categoryIds=1,2  officeIds=…  streetIds=…  createdFrom=ISO  createdTo=ISO
//   bbox=west,south,east,north  polygon=<GeoJSON>  text=…  includeReporter=true (admins only)
import { badInput } from '../domain/app-error.js';
import { parseIds } from '../domain/id.js';
import {
  validateBBox,
  validateDateRange,
  validatePolygon,
  type TicketFilter,
} from '../domain/ticket-filter.js';
import { isTicketStatus, type TicketStatus } from '../domain/ticket-status.js';

export type ExportQuery = Record<string, string | string[] | undefined>;

function one(q: ExportQuery, name: string): string | undefined {
  const v = q[name];
  const s = Array.isArray(v) ? v.join(',') : v;
  return s === undefined || s.trim() === '' ? undefined : s.trim();
}

function list(q: ExportQuery, name: string): string[] | undefined {
  return one(q, name)
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function ids(q: ExportQuery, name: string): number[] | undefined {
  return parseIds(list(q, name), name, 'int4');
}

function date(q: ExportQuery, name: string): Date | undefined {
  const v = one(q, name);
  if (!v) return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw badInput(name, `Data non valida: "${v}" (serve ISO 8601).`);
  return d;
}

export function parseExportFilter(q: ExportQuery): TicketFilter {
  const statuses = list(q, 'statuses')?.map((s): TicketStatus => {
    const v = s.toLowerCase();
    if (!isTicketStatus(v)) throw badInput('statuses', `Stato sconosciuto: "${s}".`);
    return v;
  });
  const bboxParts = list(q, 'bbox')?.map(Number);
  if (bboxParts && bboxParts.length !== 4) throw badInput('bbox', 'bbox=west,south,east,north');
  const polygonText = one(q, 'polygon');
  let polygon: TicketFilter['polygon'];
  if (polygonText) {
    try {
      polygon = validatePolygon(JSON.parse(polygonText));
    } catch {
      throw badInput(
        'polygon',
        'Poligono non valido: serve una geometria GeoJSON Polygon o MultiPolygon.',
      );
    }
  }
  const text = one(q, 'text');
  if (text && text.length > 200)
    throw badInput('text', 'Testo di ricerca troppo lungo (massimo 200 caratteri).');
  const filter: TicketFilter = {
    statuses,
    categoryIds: ids(q, 'categoryIds'),
    officeIds: ids(q, 'officeIds'),
    streetIds: ids(q, 'streetIds'),
    createdFrom: date(q, 'createdFrom'),
    createdTo: date(q, 'createdTo'),
    bbox: bboxParts
      ? validateBBox({
          west: bboxParts[0],
          south: bboxParts[1],
          east: bboxParts[2],
          north: bboxParts[3],
        })
      : undefined,
    polygon,
    text,
  };
  validateDateRange(filter.createdFrom, filter.createdTo);
  return filter;
}

export function wantsReporter(q: ExportQuery): boolean {
  return one(q, 'includeReporter') === 'true';
}
