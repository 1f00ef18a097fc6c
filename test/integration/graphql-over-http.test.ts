// graphql-http's server audit (the one graphql-http.com runs) against the real app on a local port:
// every MUST, SHOULD and MAY of the GraphQL-over-HTTP spec it checks must pass, with no warning.
import { serverAudits, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import { createStaff, TEST_PASSWORD } from '../helpers/staff-fixtures.js';

let db: TestDatabase;
let app: TestApp;
const results: AuditResult[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startTestApp(db.services);
});

afterAll(async () => {
  const tally = (status: string) => results.filter((r) => r.status === status).length;
  console.info(
    `graphql-http audit: ${tally('ok')} ok, ${tally('warn')} warn, ${tally('notice')} notice, ` +
      `${tally('error')} error of ${results.length}`,
  );
  await app?.close();
  await db?.close();
});

describe('GraphQL over HTTP (graphql-http server audit)', () => {
  const audits = serverAudits({ url: () => `${app.url}/graphql`, fetchFn: fetch });
  it.each(audits.map((audit) => [audit.name, audit] as const))('%s', async (_name, audit) => {
    const result = await audit.fn();
    results.push(result);
    const detail =
      result.status === 'ok'
        ? 'ok'
        : `${result.status}: ${result.reason} (HTTP ${result.response.status} ${await result.response.clone().text()})`;
    expect(detail).toBe('ok');
  });
});

async function send(init: RequestInit & { path?: string }) {
  const response = await fetch(`${app.url}${init.path ?? '/graphql'}`, init);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: JSON.parse(text) as {
      data?: Record<string, unknown> | null;
      errors?: { message: string; extensions?: { code?: string } }[];
    },
  };
}

/** A refusal in the GraphQL shape: one error with a message for people and a code. */
function expectRefusal(result: Awaited<ReturnType<typeof send>>, status: number, code: string) {
  expect({ status: result.status, code: result.body.errors?.[0]?.extensions?.code }).toEqual({
    status,
    code,
  });
  expect(result.body.errors?.[0]?.message).toMatch(/\w{4,}/);
  expect(Object.keys(result.body)).toEqual(['errors']);
}

describe('transport refusals on /graphql come in the GraphQL shape', () => {
  it('a body over the limit is 413 PAYLOAD_TOO_LARGE', async () => {
    const query = `{ __typename } # ${'x'.repeat(1024 * 1024)}`;
    const result = await send({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    expectRefusal(result, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('malformed JSON is 400 BAD_REQUEST', async () => {
    const result = await send({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": "{ __typename }"',
    });
    expectRefusal(result, 400, 'BAD_REQUEST');
  });

  it('PUT and DELETE are 405 METHOD_NOT_ALLOWED naming GET and POST', async () => {
    for (const method of ['PUT', 'DELETE']) {
      const result = await send({
        method,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expectRefusal(result, 405, 'METHOD_NOT_ALLOWED');
      expect(result.headers.get('allow')).toBe('GET, POST');
    }
  });

  it('a mutation over GET is refused with 405, with or without a preflight header', async () => {
    for (const headers of [{}, { 'apollo-require-preflight': 'true' }] as Record<
      string,
      string
    >[]) {
      const url = `/graphql?query=${encodeURIComponent('mutation { logout }')}`;
      const result = await send({ path: url, headers });
      expect(result.status).toBe(405);
      expect(result.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
      expect(result.body.data).toBeUndefined();
    }
  });
});

describe('cross-site request forgery', () => {
  const login = (contentType: string) =>
    send({
      method: 'POST',
      headers: { 'content-type': contentType },
      body: JSON.stringify({
        query: `mutation { login(email: "csrf@seravezza.demo", password: "${TEST_PASSWORD}") { token } }`,
      }),
    });

  it('a "simple" POST (text/plain, form, multipart) is 415 and never executes', async () => {
    await createStaff(db, 'csrf@seravezza.demo', 'operator', ['lavori_pubblici']);
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const result = await login(type);
      expectRefusal(result, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(result.headers.get('set-cookie')).toBeNull();
    }
    const { rows } = await db.pool.query<{ n: number }>(
      'select count(*)::int as n from staff_session',
    );
    expect(rows[0].n).toBe(0);
  });

  it('a GET query without a preflight header runs anonymously: the session cookie counts only with one', async () => {
    const logged = await login('application/json');
    expect(logged.status).toBe(200);
    const cookie = logged.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect(cookie).toMatch(/^segnala_session=/);
    const path = `/graphql?query=${encodeURIComponent('{ me { email } }')}`;
    const simple = await send({ path, headers: { cookie } });
    expect(simple).toMatchObject({ status: 200, body: { data: { me: null } } });
    const preflighted = await send({ path, headers: { cookie, 'apollo-require-preflight': '1' } });
    expect(preflighted).toMatchObject({
      status: 200,
      body: { data: { me: { email: 'csrf@seravezza.demo' } } },
    });
  });
});
