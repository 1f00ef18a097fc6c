// The per-ticket count of open tickets nearby (sql/051: ticket_nearby, kept by triggers at commit).
import { query, type Queryable } from './pool.js';

/**
 * For a bulk load's own transaction: its inserts queue no per-row recount; the loader calls
 * rebuildNearby for the comune once the rows are in.
 */
export const NEARBY_BULK_SQL = `set local segnala.nearby_bulk = 'on'`;

/** Recounts every open ticket of the comune from the tickets; returns how many have neighbours. */
export async function rebuildNearby(db: Queryable, municipalityId: number): Promise<number> {
  const [row] = await query<{ n: number }>(db, 'select segnala_rebuild_nearby($1) as n', [
    municipalityId,
  ]);
  return row.n;
}

/**
 * The stored count as a column of a query over `ticket t` (join TICKET_NEARBY_JOIN): equal to the live
 * count by sql/051's triggers (test/integration/nearby-open.test.ts).
 */
export const NEARBY_OPEN_STORED = 'coalesce(nb.open_nearby, 0)';
export const TICKET_NEARBY_JOIN =
  'left join ticket_nearby nb on nb.municipality_id = t.municipality_id and nb.ticket_id = t.id';
