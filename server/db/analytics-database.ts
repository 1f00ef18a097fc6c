// The analytics pool of ANALYTICS_DATABASE_URL: a hot standby that serves the planner's queries and the
// exports, so that a heavy export does not slow the offices. Its sessions refuse writes on their own
// (default_transaction_read_only), its waits are bounded (a replica that is down answers
// SERVICE_UNAVAILABLE, never a hang), and at start it is checked: a primary, a standby of another
// cluster, a database without this schema or one that cannot be reached is accepted with a warning,
// since the offices can work without it.
import type pg from 'pg';
import { causeOf } from './connection-error.js';
import { DEFAULT_TIMING, parseMultiHostUrl } from './multi-host.js';
import { createPool } from './pool.js';
import { readClusterIdentity } from './replica.queries.js';

/** How the analytics sessions show in pg_stat_activity on the replica. */
export const ANALYTICS_APPLICATION_NAME = 'segnala-analytics';
/** A connection to the replica (or a free pool slot) waited for at most this long. */
export const ANALYTICS_CONNECT_TIMEOUT_MS = 5_000;

export function createAnalyticsPool(url: string, max: number): pg.Pool {
  return createPool(url, max, DEFAULT_TIMING, {
    application_name: ANALYTICS_APPLICATION_NAME,
    // Whatever a query on this pool tried, its session refuses writes: also on a primary given by mistake.
    options: '-c default_transaction_read_only=on',
    connectionTimeoutMillis: ANALYTICS_CONNECT_TIMEOUT_MS,
  });
}

/** "host:port,…/database" of a URL, without user or password. */
export function describeAnalyticsServer(url: string): string {
  const multi = parseMultiHostUrl(url);
  const match = /^postgres(?:ql)?:\/\/(?:[^@/?]*@)?([^/?]*)(\/[^?]*)?/.exec(url);
  if (!match) return 'the server of ANALYTICS_DATABASE_URL';
  const hosts = multi ? multi.hosts.map((h) => `${h.host}:${h.port}`).join(',') : match[1];
  return `${hosts}${match[2] ?? ''}`;
}

const NAME = 'ANALYTICS_DATABASE_URL';

/**
 * The start-up checks; returns the warnings (each also given to `warn`). Never throws: with the replica
 * unusable, the offices still work and the planner gets SERVICE_UNAVAILABLE until it is back.
 */
export async function checkAnalyticsDatabase(
  analytics: pg.Pool,
  primary: pg.Pool,
  url: string,
  warn: (line: string) => void,
): Promise<string[]> {
  const server = describeAnalyticsServer(url);
  const warnings: string[] = [];
  const say = (line: string) => {
    warnings.push(line);
    warn(line);
  };
  const [replica, main] = await Promise.all([
    readClusterIdentity(analytics).catch((error: unknown) => error as Error),
    readClusterIdentity(primary),
  ]);
  if (replica instanceof Error) {
    say(
      `${NAME}: ${server} ${causeOf(replica) ?? `could not be read (${replica.name})`}. Segnala starts without it: the planning dashboard and the exports answer SERVICE_UNAVAILABLE until it can be reached, and /readyz reports analytics_database failed (degraded).`,
    );
    return warnings;
  }
  const sameCluster =
    replica.systemIdentifier !== null && replica.systemIdentifier === main.systemIdentifier;
  if (!replica.inRecovery) {
    say(
      `${NAME}: ${server} is a primary (not in recovery)${sameCluster ? ', the very server of DATABASE_URL' : ''}. Accepted: analytics and exports read it, read-only, but they load a server that takes writes. Point it at a hot standby of DATABASE_URL (docs/high-availability.md).`,
    );
  } else if (replica.systemIdentifier !== null && main.systemIdentifier !== null && !sameCluster) {
    say(
      `${NAME}: ${server} is a standby of another cluster than DATABASE_URL (system identifier ${replica.systemIdentifier}, the primary's is ${main.systemIdentifier}): the planning dashboard would show that cluster's data. Point it at a standby of DATABASE_URL.`,
    );
  }
  if (replica.schemaVersion === null) {
    say(
      `${NAME}: ${server} has no Segnala schema (no schema_version table): planner queries will fail there. Is it a replica of DATABASE_URL's database?`,
    );
  } else if (replica.schemaVersion !== main.schemaVersion) {
    say(
      `${NAME}: ${server} has schema version ${replica.schemaVersion}, DATABASE_URL has ${main.schemaVersion ?? 0}: the replica has not replayed the latest migrations yet (or replicates another database); planner queries may fail until it has.`,
    );
  }
  return warnings;
}
