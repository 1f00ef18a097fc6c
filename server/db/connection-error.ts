// A PostgreSQL that cannot be reached at start-up, named by host (never by password) with the cause.
import { StartupError } from '../startup-error.js';

const CAUSES: Record<string, string> = {
  ECONNREFUSED: 'refused the connection (is PostgreSQL running there, on that port?)',
  ENOTFOUND: 'is not a known host name',
  EAI_AGAIN: 'could not be looked up (DNS did not answer)',
  ETIMEDOUT: 'did not answer in time',
  EHOSTUNREACH: 'is unreachable from here',
  ENETUNREACH: 'is unreachable from here (no route)',
  ECONNRESET: 'closed the connection',
  '28P01': 'refused the user name or password',
  '28000': 'refused this user (pg_hba.conf)',
  '3D000': 'has no such database',
};

/** "host:port/database" of a connection URL, without user or password. */
export function describeServer(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname || 'localhost'}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'the server of DATABASE_URL';
  }
}

/** Why a connection failed, in words; undefined for an error that is not about reaching the server. */
export function causeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && CAUSES[code]) return CAUSES[code];
  // pg's connectionTimeoutMillis and a server closing the socket during the handshake.
  const message = error instanceof Error ? error.message : '';
  if (/timeout/i.test(message)) return CAUSES.ETIMEDOUT;
  if (/Connection terminated unexpectedly/.test(message)) return CAUSES.ECONNRESET;
  return undefined;
}

/** A StartupError when `error` says the server cannot be reached or refuses us; otherwise `error`. */
export function connectionError(databaseUrl: string, error: unknown): unknown {
  const cause = causeOf(error);
  if (!cause) return error;
  return new StartupError(
    'DATABASE_URL',
    `the PostgreSQL server ${describeServer(databaseUrl)} ${cause}.`,
    'Check the server and DATABASE_URL (postgres://user:password@host:5432/database), or unset DATABASE_URL to use the embedded database.',
    { cause: error },
  );
}
