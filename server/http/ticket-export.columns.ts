// What a ticket export carries, column by column, for each dialect of export-format.ts:
//   integrator  the row's own fields under their snake_case names: codes, ISO 8601 UTC, raw status
//   it          Italian headers, category and office names, Italian status and priority labels
//               (STATUS_LABELS, PRIORITY_LABELS: their one home), dates in Europe/Rome, answers by label
// Reporter columns only when the export includes them (an admin who asked; ExportService decides).
import { EXPORT_COLUMNS, REPORTER_COLUMNS, type ExportRow } from '../db/ticket-export.queries.js';
import { italianDateTime } from '../domain/local-time.js';
import { isPriority, PRIORITY_LABELS } from '../domain/priority.js';
import { isTicketStatus, STATUS_LABELS } from '../domain/ticket-status.js';
import type { CsvDialect, ExportColumn } from './export-format.js';

type Column = ExportColumn<ExportRow>;

const rome = (v: string | null) => (v === null ? null : italianDateTime(v));

/** An answer as a person reads it: sì/no, choices joined, the rest as written. */
export function italianAnswer(value: unknown): string {
  if (value === true) return 'sì';
  if (value === false) return 'no';
  if (Array.isArray(value)) return value.map(italianAnswer).join(', ');
  if (typeof value === 'number') return String(value).replace('.', ',');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const answers = (a: Record<string, unknown> | null | undefined) =>
  a
    ? Object.entries(a)
        .map(([label, value]) => `${label}: ${italianAnswer(value)}`)
        .join(' | ')
    : null;

const ITALIAN: Column[] = [
  { header: 'Codice', value: (r) => r.code },
  { header: 'Categoria', value: (r) => r.category_name },
  { header: 'Ufficio', value: (r) => r.office_name },
  {
    header: 'Stato',
    value: (r) => (isTicketStatus(r.status) ? STATUS_LABELS[r.status].it : r.status),
  },
  {
    header: 'Priorità',
    value: (r) => (isPriority(r.priority) ? PRIORITY_LABELS[r.priority].it : r.priority),
  },
  { header: 'Titolo', value: (r) => r.title },
  { header: 'Descrizione', value: (r) => r.description },
  { header: 'Via', value: (r) => r.street },
  { header: 'Civico', value: (r) => r.house_number },
  { header: 'Indirizzo indicato', value: (r) => r.address },
  { header: 'Longitudine', value: (r) => r.lon },
  { header: 'Latitudine', value: (r) => r.lat },
  { header: 'Persone associate', value: (r) => r.supporters },
  { header: 'Riaperture', value: (r) => r.reopen_count },
  { header: 'Duplicata di', value: (r) => r.duplicate_of },
  { header: 'Ricevuta il', value: (r) => rome(r.created_at) },
  { header: 'Presa in carico il', value: (r) => rome(r.acknowledged_at) },
  { header: 'Conclusa il', value: (r) => rome(r.resolved_at) },
  { header: 'Chiusa il', value: (r) => rome(r.closed_at) },
  { header: 'Scadenza', value: (r) => rome(r.due_at) },
  { header: 'Risposte', value: (r) => answers(r.answers_it) },
];
const ITALIAN_REPORTER: Column[] = [
  { header: 'E-mail del segnalante', value: (r) => r.reporter_email },
  { header: 'Nome del segnalante', value: (r) => r.reporter_name },
];

const field = (name: keyof ExportRow): Column => ({ header: name, value: (r) => r[name] });

/** The CSV columns of a ticket export in this dialect. */
export function ticketColumns(dialect: CsvDialect, includeReporter: boolean): Column[] {
  if (dialect === 'it') return includeReporter ? [...ITALIAN, ...ITALIAN_REPORTER] : ITALIAN;
  const names = includeReporter ? [...EXPORT_COLUMNS, ...REPORTER_COLUMNS] : [...EXPORT_COLUMNS];
  return names.map(field);
}

/** The GeoJSON properties: the CSV's columns without the coordinates (they are the geometry). */
export function ticketProperties(dialect: CsvDialect, includeReporter: boolean): Column[] {
  const coordinates = dialect === 'it' ? ['Longitudine', 'Latitudine'] : ['lon', 'lat'];
  return ticketColumns(dialect, includeReporter).filter((c) => !coordinates.includes(c.header));
}

export const ticketGeometry = (r: ExportRow): string =>
  `{"type":"Point","coordinates":[${r.lon},${r.lat}]}`;
