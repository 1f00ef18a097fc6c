// Automatic persisted queries over the real HTTP app: a hash alone is PERSISTED_QUERY_NOT_FOUND until
// the text was sent once with it; then the hash alone runs over GET and POST; a mutation reached by
// hash over GET is still refused; a document the limits refuse is never stored; the store is bounded;
// malformed persistedQuery extensions are coded client errors, never a 500.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { persistedQueries } from '../../server/graphql/persisted-queries.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';

let db: TestDatabase;
let app: TestApp;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startTestApp(db.services);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const persisted = (query: string) => ({
  persistedQuery: { version: 1, sha256Hash: sha256(query) },
});

interface Answer {
  status: number;
  allow: string | null;
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, allow: response.headers.get('allow'), ...JSON.parse(text) };
}

async function post(base: string, body: Record<string, unknown>): Promise<Answer> {
  return answer(
    await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

async function get(base: string, params: Record<string, string>): Promise<Answer> {
  return answer(await fetch(`${base}/graphql?${new URLSearchParams(params)}`));
}

const hashOnlyGet = (base: string, query: string, variables?: Record<string, unknown>) =>
  get(base, {
    extensions: JSON.stringify(persisted(query)),
    ...(variables ? { variables: JSON.stringify(variables) } : {}),
  });

const code = (a: Answer) => a.errors?.[0]?.extensions?.code;

describe('automatic persisted queries', () => {
  const QUERY = 'query Categories { categories { code } }';

  it('a hash alone before registration is PERSISTED_QUERY_NOT_FOUND over GET and POST', async () => {
    const overGet = await hashOnlyGet(app.url, QUERY);
    const overPost = await post(app.url, { extensions: persisted(QUERY) });
    for (const a of [overGet, overPost]) {
      expect({ status: a.status, code: code(a) }).toEqual({
        status: 200,
        code: 'PERSISTED_QUERY_NOT_FOUND',
      });
      expect(a.data).toBeUndefined();
    }
  });

  it('after one request with the text and the hash, the hash alone works over GET and POST', async () => {
    const registered = await post(app.url, { query: QUERY, extensions: persisted(QUERY) });
    expect(registered.errors).toBeUndefined();
    const categories = registered.data?.categories as { code: string }[];
    expect(categories.length).toBeGreaterThan(0);

    const overGet = await hashOnlyGet(app.url, QUERY);
    const overPost = await post(app.url, { extensions: persisted(QUERY) });
    expect(overGet).toMatchObject({ status: 200, data: { categories } });
    expect(overPost).toMatchObject({ status: 200, data: { categories } });
    expect(overGet.errors).toBeUndefined();
  });

  it('a stored query takes variables and an operation name like any other', async () => {
    const query = 'query Streets($s: String!) { streets(search: $s, first: 2) { totalCount } }';
    await post(app.url, { query, variables: { s: 'via' }, extensions: persisted(query) });
    const a = await get(app.url, {
      operationName: 'Streets',
      variables: JSON.stringify({ s: 'via' }),
      extensions: JSON.stringify(persisted(query)),
    });
    expect(a.errors).toBeUndefined();
    expect(a.data).toMatchObject({ streets: { totalCount: expect.any(Number) } });
    // The variables are still checked: a stored document is no way around the input rules.
    const bad = await hashOnlyGet(app.url, query, { s: 'a\u0000b' });
    expect(code(bad)).toBe('BAD_USER_INPUT');
  });

  it('a mutation reached by its hash over GET is still refused with 405; over POST it runs', async () => {
    const mutation = 'mutation Revoke { revokeApiToken(id: "1") { id } }';
    // Registered through POST (anonymously: the resolver refuses it, but the document is valid).
    const registered = await post(app.url, { query: mutation, extensions: persisted(mutation) });
    expect(code(registered)).toBe('UNAUTHENTICATED');
    const overGet = await hashOnlyGet(app.url, mutation);
    expect({ status: overGet.status, allow: overGet.allow, data: overGet.data }).toEqual({
      status: 405,
      allow: 'POST',
      data: undefined,
    });
    expect(overGet.errors?.[0].message).toMatch(/GET/);
    const overPost = await post(app.url, { extensions: persisted(mutation) });
    expect(code(overPost)).toBe('UNAUTHENTICATED');
  });

  it('a document refused by the query limits is not stored', async () => {
    const deep =
      '{ street(id: "1") { activeTickets { edges { node { category { office { id } } street { activeTickets { edges { node { id } } } } } } } } }';
    const refused = await post(app.url, { query: deep, extensions: persisted(deep) });
    expect(code(refused)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(code(await hashOnlyGet(app.url, deep))).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('malformed persistedQuery extensions are coded client errors, never a 500', async () => {
    const cases: Record<string, unknown>[] = [
      { extensions: { persistedQuery: { version: 2, sha256Hash: sha256(QUERY) } } },
      { query: QUERY, extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } },
      { query: QUERY, extensions: { persistedQuery: { version: 1, sha256Hash: 42 } } },
      { extensions: { persistedQuery: { version: 1, sha256Hash: 'x'.repeat(10_000) } } },
      { extensions: { persistedQuery: { version: 1 } } },
      { extensions: { persistedQuery: 'v1' } },
      { extensions: 'persisted' },
    ];
    for (const body of cases) {
      const a = await post(app.url, body);
      expect(a.status, JSON.stringify(body)).toBeLessThan(500);
      expect(code(a), JSON.stringify(body)).toMatch(/^(PERSISTED_QUERY_|BAD_REQUEST)/);
    }
    const notJson = await get(app.url, { extensions: '{persistedQuery' });
    expect(notJson.status).toBe(400);
    expect(code(notJson)).toBe('BAD_REQUEST');
  });

  it('the store is bounded: past its size the least recently used hash is evicted', async () => {
    // 600 bytes hold a few short documents: registering more evicts the first.
    const small = await startTestApp(db.services, { persistedQueries: persistedQueries(600) });
    try {
      const first = '{ categories { code } }';
      await post(small.url, { query: first, extensions: persisted(first) });
      expect((await hashOnlyGet(small.url, first)).errors).toBeUndefined();
      for (let i = 0; i < 40; i++) {
        const other = `query Other${i} { categories { code name description } }`;
        expect(
          (await post(small.url, { query: other, extensions: persisted(other) })).errors,
        ).toBeUndefined();
      }
      expect(code(await hashOnlyGet(small.url, first))).toBe('PERSISTED_QUERY_NOT_FOUND');
      // A client that gets NOT_FOUND registers again, as the protocol says.
      await post(small.url, { query: first, extensions: persisted(first) });
      expect((await hashOnlyGet(small.url, first)).errors).toBeUndefined();
    } finally {
      await small.close();
    }
  });
});
