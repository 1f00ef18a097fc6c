// The pool, the pg type parsers and the query helpers: query modules call query<Row>() / queryOne<Row>()
// on a Queryable (the pool, or the client of a withTransaction). Elsewhere in server/ pg appears only as the
// pg.Pool type, except where one client must be held: the migration lock (migrate.ts) and the export cursor
// (ticket-export.queries.ts).
import pg from 'pg';

export type Queryable = Pick<pg.Pool, 'query'>;

// int8 (counts) as JS numbers: our counts never pass 2^53. numeric stays a string unless cast.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export function createPool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, idleTimeoutMillis: 30_000 });
  // An idle client error (e.g. the server restarted) must not crash the process.
  pool.on('error', () => undefined);
  return pool;
}

/** Connects once and disconnects: fails within timeoutMs when the server cannot be reached. */
export async function probeConnection(connectionString: string, timeoutMs = 10_000): Promise<void> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function query<Row extends object>(
  db: Queryable,
  text: string,
  values: readonly unknown[] = [],
): Promise<Row[]> {
  const result = await db.query<Row>(text, values as unknown[]);
  return result.rows;
}

export async function queryOne<Row extends object>(
  db: Queryable,
  text: string,
  values: readonly unknown[] = [],
): Promise<Row | undefined> {
  const rows = await query<Row>(db, text, values);
  return rows[0];
}

/**
 * Runs fn in one transaction on one client; commits when it resolves, rolls back when it throws.
 * `begin` may carry transaction modes and `set local` settings (e.g. "begin read only; set local …").
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  fn: (tx: pg.PoolClient) => Promise<T>,
  begin = 'begin',
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await fn(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
