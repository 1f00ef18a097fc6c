// The one writer of export files: rows and a list of columns in, CSV or GeoJSON text chunks out (one
// chunk per batch). A dialect says how a spreadsheet reads the CSV:
//   integrator  , separated, numbers with a point (what scripts and BI tools expect; unchanged since the start)
//   it          ; separated, decimal comma: what Excel and LibreOffice open as-is in an Italian locale
// Both start with a UTF-8 BOM (so accents survive Excel) and end lines with CRLF. What the columns hold
// (codes or names, UTC or Rome time, English or Italian headers) is the column list's business
// (ticket-export.columns.ts, intervention-export.columns.ts).

export type CsvDialect = 'integrator' | 'it';

export interface ExportColumn<Row> {
  header: string;
  value: (row: Row) => unknown;
  /** An amount in euro: two decimals in the CSV (1234,50 or 1234.50); GeoJSON keeps the number. */
  euro?: boolean;
}

const SEPARATOR: Record<CsvDialect, string> = { integrator: ',', it: ';' };
const NEEDS_QUOTES: Record<CsvDialect, RegExp> = { integrator: /[",\n\r]/, it: /[";\n\r]/ };

/** A number as the dialect writes it: 1234.5 or 1234,5 (no thousands separator: it stays a number). */
export function csvNumber(value: number, dialect: CsvDialect): string {
  return dialect === 'it' ? String(value).replace('.', ',') : String(value);
}

function cell(value: unknown, dialect: CsvDialect, euro = false): string {
  if (value === null || value === undefined) return '';
  if (euro && typeof value === 'number') {
    const fixed = value.toFixed(2);
    return dialect === 'it' ? fixed.replace('.', ',') : fixed;
  }
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return csvNumber(value, dialect);
  let s = typeof value === 'object' ? JSON.stringify(value) : String(value);
  // A cell starting with = + - @ is a formula for spreadsheets: neutralise it (CSV injection).
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return NEEDS_QUOTES[dialect].test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeader<Row>(columns: readonly ExportColumn<Row>[], dialect: CsvDialect): string {
  return '\ufeff' + columns.map((c) => cell(c.header, dialect)).join(SEPARATOR[dialect]) + '\r\n';
}

export function csvChunk<Row>(
  rows: readonly Row[],
  columns: readonly ExportColumn<Row>[],
  dialect: CsvDialect,
): string {
  const separator = SEPARATOR[dialect];
  let out = '';
  for (const row of rows)
    out += columns.map((c) => cell(c.value(row), dialect, c.euro)).join(separator) + '\r\n';
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

/**
 * Features of one batch; `first` says whether this is the first batch (no leading comma). `geometry`
 * gives each row's GeoJSON geometry as JSON text (null: a feature without a place, RFC 7946 §3.2).
 */
export function geojsonChunk<Row>(
  rows: readonly Row[],
  columns: readonly ExportColumn<Row>[],
  geometry: (row: Row) => string | null,
  first: boolean,
): string {
  const features = rows.map((row) => {
    const properties: Record<string, unknown> = {};
    for (const c of columns) properties[c.header] = c.value(row) ?? null;
    return `{"type":"Feature","geometry":${geometry(row) ?? 'null'},"properties":${JSON.stringify(properties)}}`;
  });
  return (first ? '' : ',\n') + features.join(',\n');
}
