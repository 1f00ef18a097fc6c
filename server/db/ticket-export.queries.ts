// Ticket export rows read through a server-side cursor (export-cursor.ts), batch by batch, so that
// exporting 10^6 tickets holds one batch in memory. Reporter contacts are joined only when asked for
// (admins, audited).
import type pg from 'pg';
import type { AnalyticsScope } from './analytics.queries.js';
import { cursorBatches } from './export-cursor.js';
import { SqlParams, ticketFilterSql } from './ticket-filter.sql.js';

export interface ExportRow {
  code: string;
  category: string;
  office: string;
  /** The names an office reads (the Italian export); the codes above are for integrators. */
  category_name: string;
  office_name: string;
  house_number: string | null;
  status: string;
  priority: number;
  title: string;
  description: string;
  lon: number;
  lat: number;
  address: string | null;
  street: string | null;
  supporters: number;
  reopen_count: number;
  duplicate_of: string | null;
  /** Timestamps come as ISO 8601 UTC text: parsing 5 × 10^6 Date objects was most of the export's Node time. */
  created_at: string;
  acknowledged_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  due_at: string;
  /** The report's answers to its category's questions, by question code (null: none). */
  answers: Record<string, unknown> | null;
  /** The same answers by the question's Italian label (only in the Italian export: `labelledAnswers`). */
  answers_it?: Record<string, unknown> | null;
  reporter_email?: string | null;
  reporter_name?: string | null;
}

export const EXPORT_COLUMNS = [
  'code',
  'category',
  'office',
  'status',
  'priority',
  'title',
  'description',
  'lon',
  'lat',
  'address',
  'street',
  'supporters',
  'reopen_count',
  'duplicate_of',
  'created_at',
  'acknowledged_at',
  'resolved_at',
  'closed_at',
  'due_at',
  'answers',
] as const;
export const REPORTER_COLUMNS = ['reporter_email', 'reporter_name'] as const;

const iso = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export interface ExportOptions {
  includeReporter: boolean;
  /** Also the answers keyed by the questions' Italian labels (answers_it). */
  labelledAnswers?: boolean;
}

const answersBy = (key: string) =>
  `(select jsonb_object_agg(${key}, a.value order by q.sort_order, q.id) from ticket_answer a
    join category_question q on q.municipality_id = a.municipality_id and q.id = a.question_id
    where a.municipality_id = t.municipality_id and a.ticket_id = t.id)`;

function exportSql(
  scope: AnalyticsScope,
  { includeReporter, labelledAnswers = false }: ExportOptions,
): { text: string; values: unknown[] } {
  const p = new SqlParams();
  // Only an admin's export with contacts carries (and searches) the original text; every other export
  // the masked public copy (sql/054), masked again by ExportService on the way out.
  const where = ticketFilterSql(
    scope.municipalityId,
    scope.filter,
    p,
    't',
    includeReporter ? 'office' : 'public',
  );
  const text = includeReporter
    ? 't.title, t.description'
    : 'coalesce(t.public_title, t.title) as title, coalesce(t.public_description, t.description) as description';
  // An anonymised reporter stays anonymous here too.
  const reporter = includeReporter
    ? ', case when r.anonymised_at is null then r.email end as reporter_email, case when r.anonymised_at is null then r.name end as reporter_name'
    : '';
  const reporterJoin = includeReporter
    ? 'left join reporter r on r.municipality_id = t.municipality_id and r.ticket_id = t.id'
    : '';
  const sql = `
    select t.code, c.code as category, o.code as office, c.name_it as category_name, o.name as office_name,
           t.house_number, t.status::text as status, t.priority, ${text},
           st_x(t.location::geometry) as lon, st_y(t.location::geometry) as lat, t.address, s.name_display as street,
           t.supporters_count as supporters, t.reopen_count, d.code as duplicate_of,
           ${iso('t.created_at')} as created_at, ${iso('t.acknowledged_at')} as acknowledged_at, ${iso('t.resolved_at')} as resolved_at,
           ${iso('t.closed_at')} as closed_at, ${iso('t.due_at')} as due_at,
           ${answersBy('q.code')} as answers${labelledAnswers ? `, ${answersBy('q.label_it')} as answers_it` : ''}${reporter}
    from ticket t
    join category c on c.municipality_id = t.municipality_id and c.id = t.category_id
    join office o on o.municipality_id = t.municipality_id and o.id = t.office_id
    left join street s on s.municipality_id = t.municipality_id and s.id = t.street_id
    left join ticket d on d.municipality_id = t.municipality_id and d.id = t.duplicate_of
    ${reporterJoin}
    where ${where}
    order by t.id`;
  return { text: sql, values: p.values };
}

/** Yields the matching tickets in batches from one pooled connection, released when iteration ends or stops. */
export function exportBatches(
  pool: pg.Pool,
  scope: AnalyticsScope,
  options: ExportOptions,
  batchSize = 2000,
): AsyncGenerator<ExportRow[]> {
  const { text, values } = exportSql(scope, options);
  return cursorBatches<ExportRow>(pool, text, values, batchSize);
}
