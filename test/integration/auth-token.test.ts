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

  it('stop working at once when their owner is disabled, and again when enabled', async () => {
    const jwt = await loginJwt();
    const created = await post(CREATE, { n: 'Protocollo', s: ['tickets:read'] }, jwt);
    const { token } = created.data!.createApiToken as { token: string };
    const me = '{ me { email } }';
    expect((await post(me, {}, token)).data).toEqual({
      me: { email: 'integratore@example.org' },
    });
    const owner =
      "update staff_user set disabled_at = $1 where email_key = 'integratore@example.org'";
    await db.pool.query(owner, [new Date()]);
    try {
      expect((await post(me, {}, token)).data).toEqual({ me: null });
    } finally {
      await db.pool.query(owner, [null]);
    }
    expect((await post(me, {}, token)).data).toEqual({
      me: { email: 'integratore@example.org' },
    });
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

  it('are created atomically: when the audit row cannot be written, no token is left either', async () => {
    const owner = await createStaff(db, 'atomico@example.org', 'operator', ['lavori_pubblici']);
    const counts = async () =>
      (
        await db.pool.query(
          `select (select count(*)::int from api_token where staff_id = $1) as tokens,
                  (select count(*)::int from audit_log where actor_staff_id = $1 and action = 'token.create') as audits`,
          [owner.staffId],
        )
      ).rows[0];
    // A lone surrogate reaches the service: PostgreSQL refuses it in the audit row's JSON details.
    await expect(
      db.services.apiTokens.create(owner, '\ud800', ['tickets:read'], '127.0.0.1'),
    ).rejects.toThrow();
    expect(await counts()).toEqual({ tokens: 0, audits: 0 });

    // Any failure of the audit write, whatever the input: the database itself refuses the row.
    const { row } = await db.services.apiTokens.create(
      owner,
      'Da revocare',
      ['tickets:read'],
      '127.0.0.1',
    );
    await db.pool.query(`
      create function refuse_token_audit() returns trigger language plpgsql as
        $$ begin raise exception 'audit refused by the test'; end $$;
      create trigger refuse_token_audit before insert on audit_log
        for each row when (new.action in ('token.create', 'token.revoke'))
        execute function refuse_token_audit();`);
    try {
      await expect(
        db.services.apiTokens.create(owner, 'Gestionale', ['tickets:read'], '127.0.0.1'),
      ).rejects.toThrow(/audit refused/);
      // Revocation and its audit row go together too.
      await expect(db.services.apiTokens.revoke(owner, row.id, '127.0.0.1')).rejects.toThrow(
        /audit refused/,
      );
    } finally {
      await db.pool.query(
        'drop trigger refuse_token_audit on audit_log; drop function refuse_token_audit()',
      );
    }
    expect(await counts()).toEqual({ tokens: 1, audits: 1 });
    const after = await db.pool.query('select revoked_at from api_token where id = $1', [row.id]);
    expect(after.rows[0].revoked_at).toBeNull();
  });

  it('cannot be listed, revoked or created by a token without tokens:manage, and tokens:manage cannot mint', async () => {
    const jwt = await loginJwt();
    const make = async (n: string, s: string[]) => {
      const body = await post(CREATE, { n, s }, jwt);
      expect(body.errors).toBeUndefined();
      return body.data!.createApiToken as { token: string; apiToken: { id: string } };
    };
    const reader = await make('Sola lettura', ['tickets:read']);
    const writer = await make('Scrittura', ['tickets:write']);
    const manager = await make('Gestione token', ['tokens:manage']);
    const REVOKE = 'mutation($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }';
    const code = (b: Body) => b.errors?.[0]?.extensions?.code;

    for (const scoped of [reader, writer]) {
      expect(code(await post('{ apiTokens { id } }', {}, scoped.token))).toBe('FORBIDDEN');
      expect(code(await post(REVOKE, { id: writer.apiToken.id }, scoped.token))).toBe('FORBIDDEN');
      expect(code(await post(CREATE, { n: 'figlio', s: ['tickets:read'] }, scoped.token))).toBe(
        'FORBIDDEN',
      );
    }
    // Nothing changed: the write token is live and still signs in.
    const live = await db.pool.query('select revoked_at from api_token where id = $1', [
      writer.apiToken.id,
    ]);
    expect(live.rows[0].revoked_at).toBeNull();
    expect((await post('{ me { email } }', {}, writer.token)).data).toEqual({
      me: { email: 'integratore@example.org' },
    });
    const names = await db.pool.query(
      `select count(*)::int as n from api_token where name = 'figlio'`,
    );
    expect(names.rows[0].n).toBe(0);

    // tokens:manage lists and revokes its owner's tokens, but still cannot create one.
    const listed = await post('{ apiTokens { id } }', {}, manager.token);
    expect((listed.data!.apiTokens as { id: string }[]).map((t) => t.id)).toEqual(
      expect.arrayContaining([reader.apiToken.id, writer.apiToken.id, manager.apiToken.id]),
    );
    expect(code(await post(CREATE, { n: 'figlio', s: ['tickets:read'] }, manager.token))).toBe(
      'FORBIDDEN',
    );
    const revoked = await post(REVOKE, { id: writer.apiToken.id }, manager.token);
    expect(revoked.errors).toBeUndefined();
    expect((await post('{ me { email } }', {}, writer.token)).data).toEqual({ me: null });
  });
});
