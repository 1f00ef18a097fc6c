// Multi-host DATABASE_URL as libpq reads it (postgres://h1:5433,h2:5434/db?target_session_attrs=read-write),
// which pg does not: the hosts are tried in order, each with a bounded connect and probe, and the first that
// matches target_session_attrs is remembered until one of its connections fails or it stops matching; the
// next connection then looks again. No matching host within the wait → NoMatchingHostError (a clear message).
import pg from 'pg';

export const TARGET_SESSION_ATTRS = [
  'any',
  'read-write',
  'read-only',
  'primary',
  'standby',
  'prefer-standby',
] as const;
export type TargetSessionAttrs = (typeof TARGET_SESSION_ATTRS)[number];

export interface HostPort {
  host: string;
  port: number;
}

export interface MultiHostUrl {
  hosts: HostPort[];
  targetSessionAttrs: TargetSessionAttrs;
  /** The URL for one host, without target_session_attrs (pg's own parser reads it). */
  urlFor(host: HostPort): string;
}

/** Bounds of the search for a matching host; every wait is bounded so that no request hangs. */
export interface MultiHostTiming {
  /** Per host: TCP connect + startup. */
  connectTimeoutMs: number;
  /** How long one new connection may look for a matching host before giving up. */
  waitMs: number;
  /** Pause between two passes over the hosts. */
  retryDelayMs: number;
}

export const DEFAULT_TIMING: MultiHostTiming = {
  connectTimeoutMs: 2_000,
  waitMs: 5_000,
  retryDelayMs: 250,
};

/** No host of the list accepted a session of the asked kind within the wait. */
export class NoMatchingHostError extends Error {
  constructor(
    readonly hosts: HostPort[],
    readonly targetSessionAttrs: TargetSessionAttrs,
    waitedMs: number,
    readonly reasons: string[],
  ) {
    super(
      `No database host is ${targetSessionAttrs} after ${Math.round(waitedMs)} ms: ` +
        hosts.map((h, i) => `${h.host}:${h.port} (${reasons[i] ?? 'not tried'})`).join(', '),
    );
    this.name = 'NoMatchingHostError';
  }
}

/** The host is reachable but no longer of the asked kind (e.g. a demoted primary). */
export class HostMismatchError extends Error {
  constructor(host: HostPort, targetSessionAttrs: TargetSessionAttrs) {
    super(`Database host ${host.host}:${host.port} is not ${targetSessionAttrs} any more`);
    this.name = 'HostMismatchError';
  }
}

const URL_PARTS = /^(postgres(?:ql)?:\/\/)([^@/?#]*@)?([^/?#]*)(.*)$/;

function parseHost(text: string): HostPort {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracket) return { host: bracket[1], port: Number(bracket[2] ?? 5432) };
  const [host, port] = text.split(':');
  return { host: host || 'localhost', port: Number(port || 5432) };
}

function formatHost({ host, port }: HostPort): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * The hosts and target_session_attrs of a URL, or undefined for a plain one-host URL without
 * target_session_attrs (that one goes to pg untouched).
 */
export function parseMultiHostUrl(url: string): MultiHostUrl | undefined {
  const parts = URL_PARTS.exec(url);
  if (!parts) return undefined;
  const [, scheme, auth = '', hostList, rest] = parts;
  const queryAt = rest.indexOf('?');
  const path = queryAt < 0 ? rest : rest.slice(0, queryAt);
  const params = new URLSearchParams(queryAt < 0 ? '' : rest.slice(queryAt + 1));
  const attrs = params.get('target_session_attrs');
  if (!hostList.includes(',') && attrs === null) return undefined;
  if (attrs !== null && !(TARGET_SESSION_ATTRS as readonly string[]).includes(attrs))
    throw new Error(
      `DATABASE_URL: target_session_attrs=${attrs} is not one of ${TARGET_SESSION_ATTRS.join(', ')}`,
    );
  params.delete('target_session_attrs');
  const query = params.toString();
  return {
    hosts: hostList.split(',').map(parseHost),
    targetSessionAttrs: (attrs ?? 'any') as TargetSessionAttrs,
    urlFor: (host) => `${scheme}${auth}${formatHost(host)}${path}${query ? `?${query}` : ''}`,
  };
}

interface SessionKind {
  inRecovery: boolean;
  readOnly: boolean;
}

function matches(kind: SessionKind, attrs: TargetSessionAttrs): boolean {
  switch (attrs) {
    case 'any':
    case 'prefer-standby':
      return true;
    case 'read-write':
      return !kind.readOnly;
    case 'read-only':
      return kind.readOnly;
    case 'primary':
      return !kind.inRecovery;
    case 'standby':
      return kind.inRecovery;
  }
}

const PROBE = `select pg_is_in_recovery() as "inRecovery", current_setting('transaction_read_only') = 'on' as "readOnly"`;

async function sessionKind(client: pg.Client, timeoutMs: number): Promise<SessionKind> {
  const { rows } = await client.query<SessionKind>({
    text: PROBE,
    query_timeout: timeoutMs,
  } as pg.QueryConfig);
  return rows[0];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Finds and remembers the host to connect to; one search at a time, shared by all who wait. */
export class HostResolver {
  private current: HostPort | undefined;
  private search: Promise<HostPort | string[]> | undefined;

  constructor(
    readonly url: MultiHostUrl,
    readonly timing: MultiHostTiming = DEFAULT_TIMING,
  ) {}

  /** The remembered host, or a new search (passes over the hosts until timing.waitMs). */
  async resolve(): Promise<HostPort> {
    if (this.current) return this.current;
    const started = Date.now();
    for (;;) {
      this.search ??= this.onePass().finally(() => (this.search = undefined));
      const found = await this.search;
      if (!Array.isArray(found)) return found;
      const waited = Date.now() - started;
      if (waited + this.timing.retryDelayMs >= this.timing.waitMs)
        throw new NoMatchingHostError(this.url.hosts, this.url.targetSessionAttrs, waited, found);
      await sleep(this.timing.retryDelayMs);
    }
  }

  /** Forget host (when it is the remembered one): its connection failed or it is of another kind now. */
  forget(host: HostPort): void {
    if (this.current?.host === host.host && this.current.port === host.port)
      this.current = undefined;
  }

  /** Whether a connected session still is of the asked kind (checked on every new connection). */
  async check(client: pg.Client, host: HostPort): Promise<boolean> {
    if (this.url.targetSessionAttrs === 'any' || this.url.targetSessionAttrs === 'prefer-standby')
      return true;
    const ok = matches(
      await sessionKind(client, this.timing.connectTimeoutMs),
      this.url.targetSessionAttrs,
    );
    if (!ok) this.forget(host);
    return ok;
  }

  /** One pass over the hosts in order: the first match (remembered), or why each one failed. */
  private async onePass(): Promise<HostPort | string[]> {
    const reasons: string[] = [];
    let fallback: HostPort | undefined;
    for (const host of this.url.hosts) {
      const probe = new pg.Client({
        connectionString: this.url.urlFor(host),
        connectionTimeoutMillis: this.timing.connectTimeoutMs,
      });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        const kind = await sessionKind(probe, this.timing.connectTimeoutMs);
        const wanted =
          this.url.targetSessionAttrs === 'prefer-standby'
            ? kind.inRecovery
            : matches(kind, this.url.targetSessionAttrs);
        if (wanted) return (this.current = host);
        fallback ??= host;
        reasons.push(kind.inRecovery ? 'standby' : kind.readOnly ? 'read-only' : 'primary');
      } catch (error) {
        reasons.push((error as Error).message || String(error));
      } finally {
        await probe.end().catch(() => undefined);
      }
    }
    if (this.url.targetSessionAttrs === 'prefer-standby' && fallback)
      return (this.current = fallback);
    return reasons;
  }
}

/**
 * A pg.Client class for pg.Pool that connects to the host the resolver finds, checks that the session
 * is of the asked kind, and makes the resolver look again when its connection fails.
 */
export function multiHostClient(resolver: HostResolver): typeof pg.Client {
  return class MultiHostClient extends pg.Client {
    private target: HostPort | undefined;

    constructor(config?: string | pg.ClientConfig) {
      super({
        ...(typeof config === 'string' ? { connectionString: config } : config),
        connectionTimeoutMillis: resolver.timing.connectTimeoutMs,
      });
      const forget = () => {
        if (this.target) resolver.forget(this.target);
      };
      this.on('error', forget);
    }

    override connect(): Promise<pg.Client>;
    override connect(callback: (err: Error) => void): void;
    override connect(callback?: (err: Error) => void): Promise<pg.Client> | undefined {
      const done = this.connectToTarget().then(() => this);
      if (!callback) return done;
      done.then(
        () => callback(undefined as unknown as Error),
        (error: Error) => callback(error),
      );
      return undefined;
    }

    private async connectToTarget(): Promise<void> {
      const target = await resolver.resolve();
      this.target = target;
      const self = this as unknown as {
        host: string;
        port: number;
        connectionParameters: { host: string; port: number };
      };
      self.host = self.connectionParameters.host = target.host;
      self.port = self.connectionParameters.port = target.port;
      try {
        await super.connect();
      } catch (error) {
        resolver.forget(target);
        throw error;
      }
      if (!(await resolver.check(this, target))) {
        await this.end().catch(() => undefined);
        throw new HostMismatchError(target, resolver.url.targetSessionAttrs);
      }
    }
  };
}
