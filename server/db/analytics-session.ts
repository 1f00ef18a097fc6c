// Analytics queries read up to 10^6 rows once. Two settings matter there, measured with EXPLAIN ANALYZE
// on the 1M-ticket bench database: JIT compilation alone took 4.4 s of a 19.8 s kpis query (it pays off
// only for queries that run much longer), and the percentile sorts spilled to disk with the default
// 4 MB work_mem. So every analytics query runs in its own short read-only transaction with both set.
import type pg from 'pg';
import { withTransaction, type Queryable } from './pool.js';

export const ANALYTICS_SETTINGS = "set local jit = off; set local work_mem = '64MB'";

/**
 * The heat map groups 10^6 rows into a few hundred hexagons, but the planner cannot estimate the number of
 * cells of a computed key and sorts all rows (5.6 s of 9.7 s, spilling to disk) where a hash table of the
 * cells takes a few MB (the whole query: 4.5 s under the same load). Without sorts it hashes.
 */
export const HASH_AGGREGATE_SETTINGS = 'set local enable_sort = off';

/** A Queryable whose every query runs with ANALYTICS_SETTINGS (plus `extra`), on one pooled client at a time. */
export function analyticsDb(pool: pg.Pool, extra = ''): Queryable {
  const begin = `begin read only; ${ANALYTICS_SETTINGS}${extra ? `; ${extra}` : ''}`;
  const run = (...args: unknown[]): Promise<unknown> =>
    withTransaction(
      pool,
      (client) => (client.query as (...a: unknown[]) => Promise<unknown>)(...args),
      begin,
    );
  return { query: run as Queryable['query'] };
}
