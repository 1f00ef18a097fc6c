// Ticket export rows read through a server-side cursor, batch by batch, so that exporting 10^6 tickets
// holds one batch in memory. Reporter contacts are joined only when asked for (admins, audited).
import Cursor from 'pg-cursor';
import type pg from 'pg';
import type { AnalyticsScope } from './analytics.queries.js';
import { ANALYTICS_SETTINGS } from './analytics-session.js';
import { SqlParams, ticketFilterSql } from './ticket-filter.sql.js';

export interface ExportRow {
  code: string;
  category: string;
  office: string;
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
  created_at: Date;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  due_at: Date;
  reporter_email?: string | null;
  reporter_name?: string | null;
}

export const EXPORT_COLUMNS = [
  'code', 'category', 'office', 'status', 'priority', 'title', 'description', 'lon', 'lat', 'address', 'street',
  'supporters', 'reopen_count', 'duplicate_of', 'created_at', 'acknowledged_at', 'resolved_at', 'closed_at', 'due_at',
] as const;
export const REPORTER_COLUMNS = ['reporter_email', 'reporter_name'] as const;

function exportSql(scope: AnalyticsScope, includeReporter: boolean): { text: string; values: unknown[] } {
  const p = new SqlParams();
  const where = ticketFilterSql(scope.municipalityId, scope.filter, p);
  const reporter = includeReporter ? ', r.email as reporter_email, r.name as reporter_name' : '';
  const reporterJoin = includeReporter ? 'left join reporter r on r.municipality_id = t.municipality_id and r.ticket_id = t.id' : '';
  const text = `
    select t.code, c.code as category, o.code as office, t.status::text as status, t.priority, t.title, t.description,
           st_x(t.location::geometry) as lon, st_y(t.location::geometry) as lat, t.address, s.name_display as street,
           t.supporters_count as supporters, t.reopen_count, d.code as duplicate_of,
           t.created_at, t.acknowledged_at, t.resolved_at, t.closed_at, t.due_at${reporter}
    from ticket t
    join category c on c.municipality_id = t.municipality_id and c.id = t.category_id
    join office o on o.municipality_id = t.municipality_id and o.id = t.office_id
    left join street s on s.municipality_id = t.municipality_id and s.id = t.street_id
    left join ticket d on d.municipality_id = t.municipality_id and d.id = t.duplicate_of
    ${reporterJoin}
    where ${where}
    order by t.id`;
  return { text, values: p.values };
}

/** Yields the matching tickets in batches from one pooled connection, released when iteration ends or stops. */
export async function* exportBatches(pool: pg.Pool, scope: AnalyticsScope, includeReporter: boolean, batchSize = 2000): AsyncGenerator<ExportRow[]> {
  const { text, values } = exportSql(scope, includeReporter);
  const client = await pool.connect();
  await client.query(`begin read only; ${ANALYTICS_SETTINGS}`);
  const cursor = client.query(new Cursor<ExportRow>(text, values));
  try {
    for (;;) {
      const rows = await cursor.read(batchSize);
      if (rows.length === 0) return;
      yield rows;
    }
  } finally {
    await cursor.close().catch(() => undefined);
    await client.query('commit').catch(() => undefined);
    client.release();
  }
}
