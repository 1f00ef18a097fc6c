// Turns demo reports into rows for bulk loading: the same columns either as COPY text (tab separated,
// \N for null) or as JSON records for `json_populate_recordset` when COPY is not available.
import { maskPersonalData } from '../server/domain/personal-data-mask.js';
import type { DemoTicket } from './demo-ticket-generator.js';

type Value = string | number | boolean | null;
export type Rows = Value[][];

export interface TableRows {
  table: 'ticket' | 'reporter' | 'ticket_event' | 'ticket_supporter';
  columns: readonly string[];
  rows: Rows;
}

export const COLUMNS = {
  ticket: [
    'municipality_id',
    'id',
    'code',
    'category_id',
    'office_id',
    'street_id',
    'status',
    'priority',
    'title',
    'description',
    'public_title',
    'public_description',
    'location',
    'address',
    'reject_reason',
    'duplicate_of',
    'supporters_count',
    'created_at',
    'updated_at',
    'acknowledged_at',
    'started_at',
    'resolved_at',
    'closed_at',
    'due_at',
  ],
  reporter: ['municipality_id', 'ticket_id', 'email', 'created_at'],
  ticket_event: [
    'municipality_id',
    'ticket_id',
    'kind',
    'from_status',
    'to_status',
    'public',
    'created_at',
  ],
  ticket_supporter: ['municipality_id', 'ticket_id', 'email', 'source', 'created_at'],
} as const;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

// Demo texts come from a short list: each is masked once, not once per ticket (10^6 in the bench).
const maskedTexts = new Map<string, string>();
function masked(text: string): string {
  let m = maskedTexts.get(text);
  if (m === undefined) {
    m = maskPersonalData(text);
    if (maskedTexts.size < 100_000) maskedTexts.set(text, m);
  }
  return m;
}

export function toRows(municipalityId: number, tickets: readonly DemoTicket[]): TableRows[] {
  const ticket: Rows = [];
  const reporter: Rows = [];
  const event: Rows = [];
  const supporter: Rows = [];
  for (const t of tickets) {
    ticket.push([
      municipalityId,
      t.id,
      t.code,
      t.categoryId,
      t.officeId,
      t.streetId,
      t.status,
      t.priority,
      t.title,
      t.description,
      masked(t.title),
      masked(t.description),
      `SRID=4326;POINT(${t.lon} ${t.lat})`,
      t.address,
      t.rejectReason,
      t.duplicateOf,
      t.supporters.length,
      iso(t.createdAt),
      iso(t.updatedAt),
      iso(t.acknowledgedAt),
      iso(t.startedAt),
      iso(t.resolvedAt),
      iso(t.closedAt),
      iso(t.dueAt),
    ]);
    reporter.push([municipalityId, t.id, t.reporterEmail, iso(t.createdAt)]);
    for (const e of t.events)
      event.push([municipalityId, t.id, e.kind, e.from, e.to, true, iso(e.at)]);
    for (const s of t.supporters)
      supporter.push([municipalityId, t.id, s.email, 'join', iso(s.at)]);
  }
  return [
    { table: 'ticket', columns: COLUMNS.ticket, rows: ticket },
    { table: 'reporter', columns: COLUMNS.reporter, rows: reporter },
    { table: 'ticket_event', columns: COLUMNS.ticket_event, rows: event },
    { table: 'ticket_supporter', columns: COLUMNS.ticket_supporter, rows: supporter },
  ];
}

function copyField(value: Value): string {
  if (value === null) return '\\N';
  if (typeof value !== 'string') return String(value);
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

export function toCopyText(rows: Rows): string {
  return rows.map((r) => r.map(copyField).join('\t')).join('\n') + '\n';
}

export function toJsonRecords(columns: readonly string[], rows: Rows): string {
  return JSON.stringify(rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]]))));
}
