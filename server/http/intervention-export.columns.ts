// What an export of the programme of interventions carries, column by column, for each dialect of
// export-format.ts: integrator (snake_case fields, ISO 8601 UTC, raw status) or it (Italian headers and
// labels — INTERVENTION_STATUS_LABELS is their one home —, euro with a decimal comma, Europe/Rome).
import type { InterventionExportRow } from '../db/intervention-export.queries.js';
import { INTERVENTION_STATUS_LABELS } from '../domain/intervention.js';
import { italianDateTime, italianDay } from '../domain/local-time.js';
import type { CsvDialect, ExportColumn } from './export-format.js';

type Row = InterventionExportRow;
type Column = ExportColumn<Row>;

const rome = (v: string | null) => (v === null ? null : italianDateTime(v));

export const AREA_KIND_LABELS: Readonly<Record<Row['area_kind'], string>> = {
  street: 'la via',
  polygon: 'area disegnata',
  tickets: 'attorno alle segnalazioni',
};

const ITALIAN: Column[] = [
  { header: 'Numero', value: (r) => r.id },
  { header: 'Titolo', value: (r) => r.title },
  { header: 'Descrizione', value: (r) => r.description },
  { header: 'Ufficio', value: (r) => r.office },
  { header: 'Ditta', value: (r) => r.contractor },
  { header: 'Stato', value: (r) => INTERVENTION_STATUS_LABELS[r.status].it },
  { header: 'Costo stimato (€)', value: (r) => r.estimated_cost_eur, euro: true },
  { header: 'Inizio previsto', value: (r) => italianDay(r.planned_start) },
  { header: 'Fine prevista', value: (r) => italianDay(r.planned_end) },
  { header: 'Area', value: (r) => AREA_KIND_LABELS[r.area_kind] },
  { header: 'Via', value: (r) => r.street },
  { header: 'Segnalazioni', value: (r) => r.ticket_count },
  { header: 'Codici delle segnalazioni', value: (r) => r.ticket_codes },
  { header: 'Nota di chiusura', value: (r) => r.closing_note },
  { header: 'Creato il', value: (r) => rome(r.created_at) },
  { header: 'Iniziato il', value: (r) => rome(r.started_at) },
  { header: 'Concluso il', value: (r) => rome(r.completed_at) },
  { header: 'Annullato il', value: (r) => rome(r.cancelled_at) },
];

const FIELDS = [
  'id',
  'title',
  'description',
  'office',
  'contractor',
  'status',
  'estimated_cost_eur',
  'planned_start',
  'planned_end',
  'area_kind',
  'street',
  'ticket_count',
  'ticket_codes',
  'closing_note',
  'created_at',
  'started_at',
  'completed_at',
  'cancelled_at',
] as const satisfies readonly (keyof Row)[];

const INTEGRATOR: Column[] = FIELDS.map((name) => ({
  header: name,
  value: (r: Row) => r[name],
  euro: name === 'estimated_cost_eur',
}));

/** The columns (CSV) and properties (GeoJSON, whose geometry is the covered area) in this dialect. */
export function interventionColumns(dialect: CsvDialect): Column[] {
  return dialect === 'it' ? ITALIAN : INTEGRATOR;
}

export const interventionGeometry = (r: Row): string | null => r.area;
