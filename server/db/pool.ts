// The pool, the pg type parsers and the query helpers: query modules call query<Row>() / queryOne<Row>()
// on a Queryable (the pool, or the client of a withTransaction). Elsewhere in server/ pg appears only as the
// pg.Pool type, except where one client must be held: the migration lock (migrate.ts) and the export cursor
// (ticket-export.queries.ts).
import pg from 'pg';
import { AppError } from '../domain/app-error.js';
import {
  DEFAULT_TIMING,
  HostMismatchError,
  HostResolver,
  multiHostClient,
  NoMatchingHostError,
  parseMultiHostUrl,
  type MultiHostTiming,
} from './multi-host.js';

export type Queryable = Pick<pg.Pool, 'query'>;

// int8 (counts) as JS numbers: our counts never pass 2^53. numeric stays a string unless cast.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

/**
 * A pool on connectionString. A multi-host URL (libpq's form, with target_session_attrs) gets a client
 * class that finds the matching host and looks again after a failover (multi-host.ts); the pool's own
 * wait for a connection is bounded past that search, so no request waits without end.
 */
export function createPool(
  connectionString: string,
  max: number,
  timing: MultiHostTiming = DEFAULT_TIMING,
  /** Session settings of every connection (e.g. the analytics pool's application_name, options). */
  session: Pick<pg.PoolConfig, 'application_name' | 'options' | 'connectionTimeoutMillis'> = {},
): pg.Pool {
  const multi = parseMultiHostUrl(connectionString);
  const pool = multi
    ? new pg.Pool({
        ...session,
        connectionString: multi.urlFor(multi.hosts[0]),
        max,
        idleTimeoutMillis: 30_000,
        Client: multiHostClient(new HostResolver(multi, timing)),
        connectionTimeoutMillis: timing.waitMs + 2 * timing.connectTimeoutMs + 1_000,
        keepAlive: true,
      })
    : new pg.Pool({ ...session, connectionString, max, idleTimeoutMillis: 30_000 });
  // An idle client error (e.g. the server restarted) must not crash the process.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Connects once and disconnects: fails within timeoutMs when the server cannot be reached. A multi-host
 * URL is not probed here: its pool searches the hosts within a bounded wait and names each one.
 */
export async function probeConnection(connectionString: string, timeoutMs = 10_000): Promise<void> {
  if (parseMultiHostUrl(connectionString)) return;
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** SQLSTATEs of a server that is going away or refuses writes (a standby, a demoted primary). */
const SWITCH_SQLSTATES = new Set(['25006', '57P01', '57P02', '57P03']);
/**
 * A hot standby cancels a read that holds back the replay of the primary's changes (40001 with this
 * message, not a serialization failure of the primary): the analytics read may simply be asked again.
 */
const RECOVERY_CONFLICT = /^canceling statement due to conflict with recovery/;
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
/** pg and pg-pool say a connection died or never came only in their messages. */
const LOST_CONNECTION =
  /^(Connection terminated|timeout exceeded when trying to connect|timeout expired|Client has encountered a connection error|Query read timeout)/;

/**
 * The one rule for "the database is switching or unreachable": true for a failed or lost connection,
 * a server shutting down, or a write refused by a read-only server. Such a request may be retried.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof NoMatchingHostError || error instanceof HostMismatchError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (SWITCH_SQLSTATES.has(code) || code.startsWith('08')))
    return true;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  if (code === '40001' && RECOVERY_CONFLICT.test(error.message)) return true;
  return LOST_CONNECTION.test(error.message);
}

/** The client-facing error for a request the database could not serve now (retryable). */
export function serviceUnavailable(): AppError {
  return new AppError(
    'SERVICE_UNAVAILABLE',
    'Il servizio non è momentaneamente disponibile (cambio del server del database): riprova tra qualche secondo.',
    { retryAfterSeconds: 2 },
  );
}

/**
 * A statement of the hot paths (every report, every API call), prepared once per connection under its
 * name: PostgreSQL then parses and analyses it once instead of on every call, which is most of the cost
 * of a small statement. Only for statements whose plan does not depend on their values (a key lookup,
 * an insert): after five calls the server may keep one generic plan for all values. The name must be
 * unique; `named` refuses a name given twice to different texts.
 */
export interface NamedStatement {
  readonly name: string;
  readonly text: string;
}

const statementNames = new Map<string, string>();

export function named(name: string, text: string): NamedStatement {
  const known = statementNames.get(name);
  if (known !== undefined && known !== text)
    throw new Error(`Statement name ${name} is already used by another text`);
  statementNames.set(name, text);
  return { name, text };
}

export async function query<Row extends object>(
  db: Queryable,
  statement: string | NamedStatement,
  values: readonly unknown[] = [],
): Promise<Row[]> {
  const result =
    typeof statement === 'string'
      ? await db.query<Row>(statement, values as unknown[])
      : await db.query<Row>({ ...statement, values: values as unknown[] });
  return result.rows;
}

export async function queryOne<Row extends object>(
  db: Queryable,
  text: string | NamedStatement,
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
  let result: T;
  try {
    await client.query(begin);
    result = await fn(client);
    await client.query('commit');
  } catch (error) {
    const lost = isDatabaseUnavailable(error);
    if (!lost) await client.query('rollback').catch(() => undefined);
    // A client whose server went away (or turned read-only) leaves the pool instead of returning to it.
    client.release(lost ? (error as Error) : undefined);
    throw error;
  }
  client.release();
  return result;
}
