// Turns export row batches into CSV or GeoJSON text chunks (one chunk per batch).
import { EXPORT_COLUMNS, REPORTER_COLUMNS, type ExportRow } from '../db/ticket-export.queries.js';

type Column = (typeof EXPORT_COLUMNS)[number] | (typeof REPORTER_COLUMNS)[number];

export function exportColumns(includeReporter: boolean): Column[] {
  return includeReporter ? [...EXPORT_COLUMNS, ...REPORTER_COLUMNS] : [...EXPORT_COLUMNS];
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return String(value);
  let s = typeof value === 'object' ? JSON.stringify(value) : String(value);
  // A cell starting with = + - @ is a formula for spreadsheets: neutralise it (CSV injection).
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeader(columns: readonly Column[]): string {
  return '\ufeff' + columns.join(',') + '\r\n';
}

export function csvChunk(rows: readonly ExportRow[], columns: readonly Column[]): string {
  let out = '';
  for (const row of rows) out += columns.map((c) => cell(row[c])).join(',') + '\r\n';
  return out;
}

/** The collection's opening, naming its comune (a foreign member, RFC 7946 §6.1). */
export function geojsonHead(comune: { istatCode: string; name: string }, exportedAt: Date): string {
  const meta = {
    istatCode: comune.istatCode,
    name: comune.name,
    exportedAt: exportedAt.toISOString(),
  };
  return `{"type":"FeatureCollection","comune":${JSON.stringify(meta)},"features":[\n`;
}
export const GEOJSON_TAIL = '\n]}\n';

/** Features of one batch; `first` says whether this is the first batch (no leading comma). */
export function geojsonChunk(
  rows: readonly ExportRow[],
  columns: readonly Column[],
  first: boolean,
): string {
  const props = columns.filter((c) => c !== 'lon' && c !== 'lat');
  const features = rows.map((row) => {
    const properties: Record<string, unknown> = {};
    for (const c of props) properties[c] = row[c] ?? null;
    return JSON.stringify({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [row.lon, row.lat] },
      properties,
    });
  });
  return (first ? '' : ',\n') + features.join(',\n');
}
