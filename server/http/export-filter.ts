// Reads the TicketFilter of the export URLs from query parameters (the same filter as GraphQL):
//   statuses=RECEIVED,IN_PROGRESS  categoryIds=1,2  officeIds=…  streetIds=…  createdFrom=ISO  createdTo=ISO
//   bbox=west,south,east,north  polygon=<GeoJSON>  text=…  includeReporter=true (admins only)
// Every parameter is checked here, before the export starts: once the first row is sent the status is
// 200 for good, and a value the database refuses could only cut the download short.
import { badInput } from '../domain/app-error.js';
import { parseIds } from '../domain/id.js';
import {
  validateBBox,
  validateDateRange,
  validatePolygon,
  validateSearchText,
  type TicketFilter,
} from '../domain/ticket-filter.js';
import { isTicketStatus, type TicketStatus } from '../domain/ticket-status.js';
import { INTERVENTION_STATUSES, type InterventionStatus } from '../domain/intervention.js';
import type { InterventionExportFilter } from '../db/intervention-export.queries.js';

export type ExportQuery = Record<string, string | string[] | undefined>;

const PARAMETERS = new Set([
  'statuses',
  'categoryIds',
  'officeIds',
  'streetIds',
  'createdFrom',
  'createdTo',
  'bbox',
  'polygon',
  'text',
  'includeReporter',
]);

/** ISO 8601 as toISOString writes it, or a plain date; four-digit years keep within PostgreSQL's range. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

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
  const d = ISO_DATE.test(v) ? new Date(v) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw badInput(name, `Data non valida: "${v}" (serve ISO 8601).`);
  return d;
}

function bbox(q: ExportQuery): TicketFilter['bbox'] {
  const parts = one(q, 'bbox')?.split(',');
  if (!parts) return undefined;
  const [west, south, east, north] = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (parts.length !== 4) throw badInput('bbox', 'bbox=west,south,east,north');
  return validateBBox({ west, south, east, north });
}

function polygon(q: ExportQuery): TicketFilter['polygon'] {
  const text = one(q, 'polygon');
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badInput('polygon', 'Poligono non valido: il parametro non è JSON.');
  }
  return validatePolygon(value);
}

export function parseExportFilter(q: ExportQuery): TicketFilter {
  const unknown = Object.keys(q).find((name) => !PARAMETERS.has(name));
  if (unknown !== undefined)
    throw badInput(
      unknown,
      `Parametro sconosciuto: "${unknown}". Ammessi: ${[...PARAMETERS].join(', ')}.`,
    );
  const statuses = list(q, 'statuses')?.map((s): TicketStatus => {
    const v = s.toLowerCase();
    if (!isTicketStatus(v)) throw badInput('statuses', `Stato sconosciuto: "${s}".`);
    return v;
  });
  const filter: TicketFilter = {
    statuses,
    categoryIds: ids(q, 'categoryIds'),
    officeIds: ids(q, 'officeIds'),
    streetIds: ids(q, 'streetIds'),
    createdFrom: date(q, 'createdFrom'),
    createdTo: date(q, 'createdTo'),
    bbox: bbox(q),
    polygon: polygon(q),
    text: validateSearchText(one(q, 'text')),
  };
  validateDateRange(filter.createdFrom, filter.createdTo);
  return filter;
}

export function wantsReporter(q: ExportQuery): boolean {
  const v = one(q, 'includeReporter');
  if (v !== undefined && v !== 'true' && v !== 'false')
    throw badInput('includeReporter', 'includeReporter vale true oppure false.');
  return v === 'true';
}

const INTERVENTION_PARAMETERS = new Set(['statuses', 'officeIds']);

/** The programme export's filter: statuses=PLANNED,SCHEDULED  officeIds=1,2 (as `interventions(filter)`). */
export function parseInterventionExportFilter(q: ExportQuery): InterventionExportFilter {
  const unknown = Object.keys(q).find((name) => !INTERVENTION_PARAMETERS.has(name));
  if (unknown !== undefined)
    throw badInput(
      unknown,
      `Parametro sconosciuto: "${unknown}". Ammessi: ${[...INTERVENTION_PARAMETERS].join(', ')}.`,
    );
  const statuses = list(q, 'statuses')?.map((s): InterventionStatus => {
    const v = s.toLowerCase();
    if (!(INTERVENTION_STATUSES as readonly string[]).includes(v))
      throw badInput('statuses', `Stato sconosciuto: "${s}".`);
    return v as InterventionStatus;
  });
  return { statuses, officeIds: ids(q, 'officeIds') };
}
