// The precomputed all-time aggregates of sql/033 (ticket_kpi_rollup, ticket_duration_rollup,
// ticket_heat_rollup): which filters they can answer, and their compaction.
import type { TicketFilter } from '../domain/ticket-filter.js';
import { query, type Queryable } from './pool.js';

/**
 * True when the rollups can answer the filter: only the dimensions they are grouped by (category, office,
 * status; not the channel). Their conditions are then ticketFilterSql's with the rollup's alias, since the rollups name those
 * columns as the ticket table does.
 */
export function rollupServes(filter: TicketFilter): boolean {
  const f = filter;
  return (
    !f.createdFrom &&
    !f.createdTo &&
    !f.streetIds?.length &&
    !f.channels?.length &&
    !f.bbox &&
    !f.polygon &&
    !f.text?.trim()
  );
}

/** Folds the rows the rollup triggers appended into one per group; returns how many rows it folded. */
export async function compactRollups(db: Queryable): Promise<number> {
  const [row] = await query<{ folded: number }>(db, 'select segnala_compact_rollups() as folded');
  return row.folded;
}
