import { decodeCursor, encodeCursor } from './cursor.js';

/** One page of a paginated list, before it is shaped into a GraphQL connection. */
export interface Page<T> {
  nodes: T[];
  cursors: string[];
  hasNextPage: boolean;
  totalCount: number;
}

/** The offset an `after` cursor of an offset-paginated list points past (0 without a cursor). */
export function offsetAfter(after: string | null | undefined): number {
  return after ? Number(decodeCursor(after, 1)[0]) : 0;
}

/**
 * Shapes rows fetched with `limit first + 1` from `offset` into a page whose cursors are positions.
 * For small or stably ordered lists; the rows carry the total (count(*) over ()) as total_count.
 */
export function offsetPage<T extends { total_count: number }>(
  rows: T[],
  first: number,
  offset: number,
): Page<T> {
  const nodes = rows.slice(0, first);
  return {
    nodes,
    cursors: nodes.map((_, i) => encodeCursor([offset + i + 1])),
    hasNextPage: rows.length > first,
    totalCount: rows[0]?.total_count ?? 0,
  };
}
