// Rows of an export read through a server-side cursor, batch by batch, in one read-only transaction on
// one pooled connection: exporting 10^6 rows holds one batch in memory. Every export reads this way.
import Cursor from 'pg-cursor';
import type pg from 'pg';
import { ANALYTICS_SETTINGS } from './analytics-session.js';

/** Yields the query's rows in batches; the connection is released when iteration ends or stops. */
export async function* cursorBatches<Row>(
  pool: pg.Pool,
  text: string,
  values: unknown[],
  batchSize = 2000,
): AsyncGenerator<Row[]> {
  const client = await pool.connect();
  try {
    await client.query(`begin read only; ${ANALYTICS_SETTINGS}`);
  } catch (error) {
    client.release(true);
    throw error;
  }
  const cursor = client.query(new Cursor<Row>(text, values));
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
