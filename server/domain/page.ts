import { decodeOffsetCursor, encodeOffsetCursor } from './cursor.js';

/** One page of a paginated list, before it is shaped into a GraphQL connection. */
export interface Page<T> {
  nodes: T[];
  cursors: string[];
  hasNextPage: boolean;
  totalCount: number;
}

/**
 * The total of a list whose rows carry count(*) over the whole list as total_count. It does not depend on
 * the page: a cursor past the end gets an empty page, and then the total comes from the list's first row.
 */
export async function listTotal<T extends { total_count: number }>(
  rows: readonly T[],
  paged: boolean,
  firstRow: () => Promise<readonly T[]>,
): Promise<number> {
  const source = rows.length > 0 || !paged ? rows : await firstRow();
  return Number(source[0]?.total_count ?? 0);
}

/**
 * One page of an offset-paginated list: `fetch(offset, limit)` returns rows in a stable order with the
 * total (count(*) over ()) as total_count; the page's cursors are positions. For small or stably ordered lists.
 */
export async function offsetPage<T extends { total_count: number }>(
  fetch: (offset: number, limit: number) => Promise<T[]>,
  first: number,
  after: string | null | undefined,
): Promise<Page<T>> {
  const offset = decodeOffsetCursor(after);
  const rows = await fetch(offset, first + 1);
  const nodes = rows.slice(0, first);
  return {
    nodes,
    cursors: nodes.map((_, i) => encodeOffsetCursor(offset + i + 1)),
    hasNextPage: rows.length > first,
    totalCount: await listTotal(rows, offset > 0, () => fetch(0, 1)),
  };
}
