// The status lists of domain/ticket-status.ts as SQL text, for queries that must name them literally: a partial
// index on open tickets serves a query only when the query's own condition implies the index predicate, which a
// constant list does (a `$n` array only once planned with its value). Built from the domain lists, never retyped.
import { CLOSED_STATUSES, OPEN_STATUSES, type TicketStatus } from '../domain/ticket-status.js';

/** `('a', 'b')` for `status in …`; the values are the domain's own constants, checked to be plain words. */
export function statusListSql(statuses: readonly TicketStatus[]): string {
  if (!statuses.length || !statuses.every((s) => /^[a-z_]+$/.test(s)))
    throw new Error(`not a status list: ${statuses.join(', ')}`);
  return `(${statuses.map((s) => `'${s}'`).join(', ')})`;
}

/** `('received', 'acknowledged', 'in_progress')`: OPEN_STATUSES. */
export const OPEN_STATUS_SQL = statusListSql(OPEN_STATUSES);

/** `('resolved', 'rejected', 'duplicate')`: CLOSED_STATUSES. */
export const CLOSED_STATUS_SQL = statusListSql(CLOSED_STATUSES);
