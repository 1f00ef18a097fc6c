// The precomputed all-time aggregates of sql/033 (ticket_kpi_rollup, ticket_duration_rollup,
// ticket_heat_rollup): which filters they can answer, their conditions, and their compaction.
import type { TicketFilter } from '../domain/ticket-filter.js';
import { query, type Queryable } from './pool.js';
import type { SqlParams } from './ticket-filter.sql.js';

/** True when the rollups can answer the filter: only the dimensions they are grouped by (category, office, status). */
export function rollupServes(filter: TicketFilter): boolean {
  const f = filter;
  return !f.createdFrom && !f.createdTo && !f.streetIds?.length && !f.bbox && !f.polygon && !f.text?.trim();
}

/** The rollups' conditions (alias r) for a filter that rollupServes. */
export function rollupFilterSql(scope: { municipalityId: number; filter: TicketFilter }, p: SqlParams): string {
  const f = scope.filter;
  const where = [`r.municipality_id = ${p.add(scope.municipalityId)}`];
  if (f.statuses?.length) where.push(`r.status = any(${p.add(f.statuses)}::ticket_status[])`);
  if (f.categoryIds?.length) where.push(`r.category_id = any(${p.add(f.categoryIds)}::int[])`);
  if (f.officeIds?.length) where.push(`r.office_id = any(${p.add(f.officeIds)}::int[])`);
  return where.join(' and ');
}

/** Folds the rows the rollup triggers appended into one per group; returns how many rows it folded. */
export async function compactRollups(db: Queryable): Promise<number> {
  const [row] = await query<{ folded: number }>(db, 'select segnala_compact_rollups() as folded');
  return row.folded;
}
