// API tokens: shown once, stored hashed, last use recorded, revocation effective on the next request.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSegnalaSchema } from '../../server/graphql/build-schema.js';
import { buildApp } from '../../server/http/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createStaff, TEST_PASSWORD } from '../helpers/staff-fixtures.js';

let db: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await buildApp({ schema: await buildSegnalaSchema(), services: db.services });
  await createStaff(db, 'integratore@example.org', 'operator', ['lavori_pubblici']);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

type Body = {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
};

async function post(
  query: string,
  variables: Record<string, unknown>,
  bearer?: string,
): Promise<Body> {
  const res = await app.inject({
    method: 'POST',
    url: '/graphql',
    payload: { query, variables },
    headers: {
      'content-type': 'application/json',
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    },
  });
  return res.json();
}

async function loginJwt(): Promise<string> {
  const body = await post(
    'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
    { e: 'integratore@example.org', p: TEST_PASSWORD },
  );
  return (body.data!.login as { token: string }).token;
}

const CREATE =
  'mutation($n: String!, $s: [String!]!) { createApiToken(name: $n, scopes: $s) { token apiToken { id name scopes lastUsedAt revokedAt } } }';

describe('API tokens', () => {
  it('are shown once, stored as sha256, record their last use, and stop working at once when revoked', async () => {
    const jwt = await loginJwt();
    const created = await post(CREATE, { n: 'Gestionale lavori', s: ['tickets:read'] }, jwt);
    expect(created.errors).toBeUndefined();
    const { token, apiToken } = created.data!.createApiToken as {
      token: string;
      apiToken: { id: string; scopes: string[]; lastUsedAt: null };
    };
    expect(token).toMatch(/^sgn_[A-Za-z0-9_-]{40,}$/);
    expect(apiToken).toMatchObject({ scopes: ['tickets:read'], lastUsedAt: null, revokedAt: null });
    const { rows } = await db.pool.query('select token_hash from api_token where id = $1', [
      apiToken.id,
    ]);
    expect(rows[0].token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token);

    expect((await post('{ me { email scopes } }', {}, token)).data).toEqual({
      me: { email: 'integratore@example.org', scopes: ['tickets:read'] },
    });
    const used = await post('{ apiTokens { id lastUsedAt } }', {}, jwt);
    expect((used.data!.apiTokens as { lastUsedAt: string | null }[])[0].lastUsedAt).not.toBeNull();
    const audit = await db.pool.query(
      `select count(*)::int as n from audit_log where action = 'token.use' and target = $1`,
      [`token:${apiToken.id}`],
    );
    expect(audit.rows[0].n).toBe(1);

    // A token cannot mint tokens.
    expect(
      (await post(CREATE, { n: 'altro', s: ['tickets:read'] }, token)).errors![0].extensions!.code,
    ).toBe('FORBIDDEN');

    const revoked = await post(
      'mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }',
      { id: apiToken.id },
      jwt,
    );
    expect((revoked.data!.revokeApiToken as { revokedAt: string }).revokedAt).toBeTruthy();
    expect((await post('{ me { email } }', {}, token)).data).toEqual({ me: null });
    expect((await post('{ apiTokens { id } }', {}, token)).errors![0].extensions!.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('refuses scopes beyond the role and unknown scopes', async () => {
    const jwt = await loginJwt();
    const res = await post(CREATE, { n: 'troppo', s: ['admin'] }, jwt);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'scopes' });
    expect((await post(CREATE, { n: 'x', s: ['boh'] }, jwt)).errors![0].extensions!.code).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('rejects anonymous token management with UNAUTHENTICATED', async () => {
    expect((await post(CREATE, { n: 'x', s: ['tickets:read'] })).errors![0].extensions!.code).toBe(
      'UNAUTHENTICATED',
    );
  });
});
