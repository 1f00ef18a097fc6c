// docs/integrators.md stays true: every `graphql` block validates against the schema, every `sh`
// block runs (bash + curl) against the real app with an API token and answers what the guide says,
// and examples/segnala-client.ts (the guide's TypeScript client) pages, persists and reports errors
// against the same server.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { parse, validate, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SegnalaClient, SegnalaError } from '../../examples/segnala-client.js';
import { buildSegnalaSchema } from '../../server/graphql/build-schema.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import { createStaff, insertTicket, TEST_PASSWORD } from '../helpers/staff-fixtures.js';

const GUIDE = readFileSync(new URL('../../docs/integrators.md', import.meta.url), 'utf8');
const EMAIL = 'integratore@example.org';
const run = promisify(execFile);

let db: TestDatabase;
let app: TestApp;
let schema: GraphQLSchema;
let token: string;

/** The fenced blocks of one language in the guide. */
function blocks(language: string): string[] {
  const fence = new RegExp('^```' + language + '\\n([\\s\\S]*?)^```', 'gm');
  return [...GUIDE.matchAll(fence)].map((m) => m[1]);
}

beforeAll(async () => {
  db = await createTestDatabase();
  schema = await buildSegnalaSchema();
  app = await startTestApp(db.services);
  await createStaff(db, EMAIL, 'admin');
  for (let i = 0; i < 5; i++)
    await insertTicket(db, { title: `Buca numero ${i}`, createdHoursAgo: i + 1 });
  const login = await app.gql<{ login: { token: string } }>(
    'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
    { e: EMAIL, p: TEST_PASSWORD },
  );
  const created = await app.gql<{ createApiToken: { token: string } }>(
    'mutation { createApiToken(name: "Guida", scopes: ["tickets:read"]) { token } }',
    {},
    { authorization: `Bearer ${login.data!.login.token}` },
  );
  token = created.data!.createApiToken.token;
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('docs/integrators.md', () => {
  it('links the Open311 and webhook guides', () => {
    expect(GUIDE).toContain('](open311.md)');
    expect(GUIDE).toContain('](webhooks.md)');
  });

  it('every graphql block validates against the schema', () => {
    const documents = blocks('graphql');
    expect(documents.length).toBeGreaterThan(0);
    for (const text of documents) expect(validate(schema, parse(text)), text).toEqual([]);
  });

  // A block prints one JSON line per command line starting with `curl`; a `# → CODE` line before
  // one says the answer is that error, any other must be data without errors.
  const shell = blocks('sh');
  it.each(shell.map((text, i) => [i + 1, text] as const))(
    'curl example %i answers as documented',
    async (_n, text) => {
      const expected: string[] = [];
      let pending = 'data';
      for (const line of text.split('\n')) {
        const arrow = /^# → (\w+)/.exec(line);
        if (arrow) pending = arrow[1];
        if (/^curl /.test(line)) {
          expected.push(pending);
          pending = 'data';
        }
      }
      const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', text], {
        env: {
          PATH: process.env.PATH,
          SEGNALA: app.url,
          TOKEN: token,
          SEGNALA_EMAIL: EMAIL,
          SEGNALA_PASSWORD: TEST_PASSWORD,
        },
        timeout: 20_000,
      });
      const answers = stdout
        .split('\n')
        .filter((line) => line.trim())
        .map(
          (line) =>
            JSON.parse(line) as { data?: unknown; errors?: { extensions?: { code?: string } }[] },
        );
      expect(
        answers.map((a) => (a.errors ? a.errors[0].extensions?.code : a.data ? 'data' : '?')),
      ).toEqual(expected);
    },
  );
});

describe('examples/segnala-client.ts', () => {
  it('pages through the inbox with a token, every ticket once', async () => {
    const client = new SegnalaClient({ baseUrl: app.url, token });
    const page = `query Inbox($after: String, $filter: InboxFilterInput) {
      inbox(first: 2, after: $after, filter: $filter) {
        edges { node { code title } }
        pageInfo { endCursor hasNextPage }
      }
    }`;
    const codes: string[] = [];
    for await (const ticket of client.paginate<{ code: string }>(page, 'inbox', {
      filter: { statuses: ['RECEIVED'] },
    }))
      codes.push(ticket.code);
    expect(codes.length).toBe(5);
    expect(new Set(codes).size).toBe(5);
  });

  it('sends a known query as a hash over GET, with no text in the request', async () => {
    const requests: { method: string; url: string; body?: string }[] = [];
    const client = new SegnalaClient({
      baseUrl: app.url,
      fetch: (input, init) => {
        requests.push({
          method: init?.method ?? 'GET',
          url: String(input),
          body: init?.body as string,
        });
        return fetch(input, init);
      },
    });
    const query = 'query GuideCategories { categories { code name } }';
    const first = await client.query<{ categories: { code: string }[] }>(query);
    const second = await client.query<{ categories: { code: string }[] }>(query);
    expect(second).toEqual(first);
    // First use: the hash over GET (not found), then the text over POST; then the hash alone.
    expect(requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
    expect(requests[2].url).not.toContain('categories');
    expect(requests[2].url).toContain('sha256Hash');
  });

  it('reports errors with their code and field, and without a token the inbox is refused', async () => {
    const client = new SegnalaClient({ baseUrl: app.url, token });
    const error = await client
      .query('{ tickets(first: 500) { totalCount } }')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SegnalaError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const anonymous = new SegnalaClient({ baseUrl: app.url });
    await expect(anonymous.query('{ inbox(first: 1) { totalCount } }')).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });

  it('runs mutations over POST by hash, and retries SERVICE_UNAVAILABLE', async () => {
    let calls = 0;
    const client = new SegnalaClient({
      baseUrl: app.url,
      token,
      fetch: async (input, init) => {
        calls += 1;
        expect(init?.method).toBe('POST');
        if (calls === 1)
          return Response.json({
            errors: [
              {
                message: 'switching',
                extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 0.01 },
              },
            ],
          });
        return fetch(input, init);
      },
    });
    // A token cannot make tokens: a coded refusal, reached after one retried failure.
    await expect(
      client.mutate('mutation { createApiToken(name: "x", scopes: ["tickets:read"]) { token } }'),
    ).rejects.toBeInstanceOf(SegnalaError);
    expect(calls).toBeGreaterThanOrEqual(3);
  });
});
