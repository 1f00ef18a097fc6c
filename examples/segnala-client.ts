// A small Segnala GraphQL client for integrators (docs/integrators.md), with no dependency: it runs on
// Node ≥ 20 and in browsers (fetch and WebCrypto). Copy it into your project and adapt it.
//  - Authentication: an API token as `Authorization: Bearer <token>`.
//  - Automatic persisted queries: a query goes out as its SHA-256 hash over GET (a short, cacheable
//    URL); on PERSISTED_QUERY_NOT_FOUND it is sent once with its text over POST, which registers it.
//    Mutations go over POST (the server refuses them over GET), by hash too.
//  - Errors: every GraphQL error becomes a SegnalaError with its `extensions.code` (and `field`).
//    SERVICE_UNAVAILABLE and SERVER_BUSY are retried after `retryAfterSeconds`, a few times.
//  - Pagination: `paginate` follows a connection's `pageInfo.endCursor` until `hasNextPage` is false.
// test/integration/integrators-guide.test.ts runs this file against a real server.

export interface SegnalaClientOptions {
  /** The server, or one comune on it: https://segnala.example.it or https://…/c/046028 */
  baseUrl: string;
  /** An API token (createApiToken); omitted: anonymous, public data only. */
  token?: string;
  /** Send hashes instead of query text (default true). */
  persistedQueries?: boolean;
  /** Retries of a retryable error (SERVICE_UNAVAILABLE, SERVER_BUSY); default 3. */
  retries?: number;
  /** Longest wait for one retry, in seconds (default 10); a longer retryAfterSeconds is thrown. */
  maxRetryWaitSeconds?: number;
  fetch?: typeof fetch;
}

export type Variables = Record<string, unknown>;

interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string; retryAfterSeconds?: number };
}

interface GraphQLBody<T> {
  data?: T | null;
  errors?: GraphQLErrorBody[];
}

/** A GraphQL error from the server, with its code (e.g. BAD_USER_INPUT, FORBIDDEN, RATE_LIMITED). */
export class SegnalaError extends Error {
  readonly code: string;
  readonly field?: string;
  readonly retryAfterSeconds?: number;
  constructor(
    error: GraphQLErrorBody,
    readonly status: number,
  ) {
    super(error.message);
    this.name = 'SegnalaError';
    this.code = error.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
    this.field = error.extensions?.field;
    this.retryAfterSeconds = error.extensions?.retryAfterSeconds;
  }
}

const RETRYABLE = new Set(['SERVICE_UNAVAILABLE', 'SERVER_BUSY']);

async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class SegnalaClient {
  private readonly endpoint: string;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: SegnalaClientOptions) {
    this.endpoint = `${options.baseUrl.replace(/\/+$/, '')}/graphql`;
    this.fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** Runs a query (over GET by hash when persisted queries are on) and returns its data. */
  query<T>(document: string, variables: Variables = {}): Promise<T> {
    return this.run<T>(document, variables, 'GET');
  }

  /** Runs a mutation (always POST) and returns its data. */
  mutate<T>(document: string, variables: Variables = {}): Promise<T> {
    return this.run<T>(document, variables, 'POST');
  }

  /**
   * Every node of a connection, page after page. The query must take `$after: String` and select
   * `edges { node { … } } pageInfo { endCursor hasNextPage }` under the field `connection`.
   */
  async *paginate<N>(
    document: string,
    connection: string,
    variables: Variables = {},
  ): AsyncGenerator<N, void, undefined> {
    let after: string | null = null;
    for (;;) {
      const data: Record<string, Connection<N>> = await this.query(document, {
        ...variables,
        after,
      });
      const page = data[connection];
      for (const edge of page.edges) yield edge.node;
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return;
      after = page.pageInfo.endCursor;
    }
  }

  private async run<T>(document: string, variables: Variables, method: 'GET' | 'POST'): Promise<T> {
    const retries = this.options.retries ?? 3;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once<T>(document, variables, method);
      } catch (error) {
        const wait = error instanceof SegnalaError ? (error.retryAfterSeconds ?? 1) : Infinity;
        const retryable = error instanceof SegnalaError && RETRYABLE.has(error.code);
        if (!retryable || attempt >= retries || wait > (this.options.maxRetryWaitSeconds ?? 10))
          throw error;
        await sleep(wait * 1000);
      }
    }
  }

  private async once<T>(
    document: string,
    variables: Variables,
    method: 'GET' | 'POST',
  ): Promise<T> {
    if (this.options.persistedQueries === false)
      return this.send<T>('POST', { query: document, variables });
    const extensions = { persistedQuery: { version: 1, sha256Hash: await sha256Hex(document) } };
    try {
      return await this.send<T>(method, { variables, extensions });
    } catch (error) {
      if (!(error instanceof SegnalaError) || error.code !== 'PERSISTED_QUERY_NOT_FOUND')
        throw error;
      // First use of this document on this server (or evicted): send the text once, which registers it.
      return this.send<T>('POST', { query: document, variables, extensions });
    }
  }

  private async send<T>(method: 'GET' | 'POST', body: Record<string, unknown>): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    let url = this.endpoint;
    let init: RequestInit = { method, headers };
    if (method === 'GET') {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(body)) params.set(key, JSON.stringify(value));
      url = `${url}?${params}`;
    } else {
      headers['content-type'] = 'application/json';
      init = { ...init, body: JSON.stringify(body) };
    }
    const response = await this.fetchFn(url, init);
    const answer = (await response.json()) as GraphQLBody<T>;
    if (answer.errors?.length) throw new SegnalaError(answer.errors[0], response.status);
    if (answer.data === undefined || answer.data === null)
      throw new SegnalaError({ message: `HTTP ${response.status} without data` }, response.status);
    return answer.data;
  }
}

export interface Connection<N> {
  edges: { node: N }[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}
