// Staff login: session cookie, bearer JWT, logout, and failures that never tell whether an account exists.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSegnalaSchema } from '../../server/graphql/build-schema.js';
import { buildApp } from '../../server/http/app.js';
import { createServices } from '../../server/services/services.js';
import { createTestDatabase, testConfig, type TestDatabase } from '../helpers/database.js';
import { createStaff, TEST_PASSWORD } from '../helpers/staff-fixtures.js';

let db: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  db = await createTestDatabase({
    LOGIN_MAX_FAILURES_ACCOUNT: '3',
    LOGIN_MAX_FAILURES_ACCOUNT_ALL: '6',
    LOGIN_MAX_FAILURES_ADDRESS: '12',
  });
  app = await buildApp({ schema: await buildSegnalaSchema(), services: db.services });
  await createStaff(db, 'tecnico@example.org', 'operator', ['lavori_pubblici']);
  await createStaff(db, 'bloccato@example.org', 'operator', ['lavori_pubblici']);
  await createStaff(db, 'disabilitato@example.org', 'planner');
  await db.pool.query(
    `update staff_user set disabled_at = now() where email = 'disabilitato@example.org'`,
  );
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

interface Reply {
  status: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
  cookies: { name: string; value: string; httpOnly?: boolean; sameSite?: string; path?: string }[];
}

async function post(
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
  ip = '198.51.100.7',
): Promise<Reply> {
  const res = await app.inject({
    method: 'POST',
    url: '/graphql',
    payload: { query, variables },
    headers: { 'content-type': 'application/json', ...headers },
    remoteAddress: ip,
  });
  return { status: res.statusCode, body: res.json(), cookies: res.cookies as Reply['cookies'] };
}

const LOGIN =
  'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token expiresAt user { email role offices { name } } } }';
const ME = '{ me { email role } }';

describe('login', () => {
  it('returns a bearer JWT and sets an HttpOnly, SameSite=Strict session cookie; both authenticate; logout ends the session', async () => {
    const res = await post(LOGIN, { email: 'Tecnico@Example.org', password: TEST_PASSWORD });
    expect(res.body.errors).toBeUndefined();
    const login = res.body.data!.login as {
      token: string;
      user: { email: string; role: string; offices: { name: string }[] };
    };
    expect(login.user).toEqual({
      email: 'tecnico@example.org',
      role: 'OPERATOR',
      offices: [{ name: 'Ufficio Tecnico – Lavori Pubblici' }],
    });
    expect(login.token.split('.')).toHaveLength(3);
    const cookie = res.cookies.find((c) => c.name === 'segnala_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });

    expect((await post(ME, {}, { authorization: `Bearer ${login.token}` })).body.data).toEqual({
      me: { email: 'tecnico@example.org', role: 'OPERATOR' },
    });
    const withCookie = { cookie: `segnala_session=${cookie.value}` };
    expect((await post(ME, {}, withCookie)).body.data).toEqual({
      me: { email: 'tecnico@example.org', role: 'OPERATOR' },
    });

    const out = await post('mutation { logout }', {}, withCookie);
    expect(out.body.data).toEqual({ logout: true });
    expect((await post(ME, {}, withCookie)).body.data).toEqual({ me: null });
    expect((await post(ME, {}, { authorization: 'Bearer not.a.jwt' })).body.data).toEqual({
      me: null,
    });
  });

  it('answers wrong password, unknown e-mail, locked-out and disabled accounts identically', async () => {
    const attempt = (email: string, password: string) =>
      post(LOGIN, { email, password }, {}, '198.51.100.20');
    const wrong = await attempt('tecnico@example.org', 'sbagliata-123');
    const unknown = await attempt('nessuno@example.org', 'sbagliata-123');
    for (let i = 0; i < 3; i++) await attempt('bloccato@example.org', 'sbagliata-123');
    // Locked out now: even the right password gets the same answer.
    const locked = await attempt('bloccato@example.org', TEST_PASSWORD);
    const disabled = await attempt('disabilitato@example.org', TEST_PASSWORD);
    for (const r of [wrong, unknown, locked, disabled]) {
      expect(r.status).toBe(wrong.status);
      expect(r.body).toEqual(wrong.body);
      expect(r.cookies).toEqual([]);
    }
    expect(wrong.body.errors![0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(wrong.body.errors![0].message).not.toMatch(/esiste|exist|bloccat[oa] l'account/i);
    const { rows } = await db.pool.query(
      `select details->>'reason' as reason from audit_log where action = 'login.failed' and address = '198.51.100.20' order by id`,
    );
    expect(rows.map((r) => r.reason)).toEqual([
      'password',
      'unknown',
      'password',
      'password',
      'password',
      'locked',
      'disabled',
    ]);
  });

  it('limits failures per address with RATE_LIMITED, whatever the e-mail', async () => {
    const ip = '198.51.100.99';
    for (let i = 0; i < 12; i++)
      await post(LOGIN, { email: `x${i}@example.org`, password: 'sbagliata-123' }, {}, ip);
    const limited = await post(
      LOGIN,
      { email: 'tecnico@example.org', password: TEST_PASSWORD },
      {},
      ip,
    );
    expect(limited.body.errors![0].extensions!.code).toBe('RATE_LIMITED');
    // Another address is not affected.
    expect(
      (
        await post(
          LOGIN,
          { email: 'tecnico@example.org', password: TEST_PASSWORD },
          {},
          '198.51.100.100',
        )
      ).body.errors,
    ).toBeUndefined();
  });

  it('locks an account out of the addresses that failed, never out of the desk its owner signs in from', async () => {
    await createStaff(db, 'sportello@example.org', 'operator', ['lavori_pubblici']);
    const right = { email: 'sportello@example.org', password: TEST_PASSWORD };
    const wrong = { email: 'sportello@example.org', password: 'sbagliata-123' };
    const errorCode = (r: Reply) => r.body.errors?.[0]?.extensions?.code;
    const desk = '203.0.113.5';
    expect((await post(LOGIN, right, {}, desk)).body.errors).toBeUndefined();

    // One address guessing: after 3 failures that address is locked out of the account, even with the right password.
    const attacker = '203.0.113.66';
    for (let i = 0; i < 3; i++) await post(LOGIN, wrong, {}, attacker);
    expect(errorCode(await post(LOGIN, right, {}, attacker))).toBe('UNAUTHENTICATED');
    // The owner at the desk, or anywhere else, still signs in.
    expect((await post(LOGIN, right, {}, desk)).body.errors).toBeUndefined();
    expect((await post(LOGIN, right, {}, '203.0.113.7')).body.errors).toBeUndefined();

    // Many addresses guessing (6 failures in all): every address the account has not signed in from lately is
    // locked out; the desk is not.
    for (let i = 0; i < 3; i++) await post(LOGIN, wrong, {}, `203.0.113.${100 + i}`);
    expect(errorCode(await post(LOGIN, right, {}, '203.0.113.200'))).toBe('UNAUTHENTICATED');
    expect((await post(LOGIN, right, {}, desk)).body.errors).toBeUndefined();
    const { rows } = await db.pool.query(
      `select details->>'reason' as reason from audit_log where action = 'login.failed' and address = '203.0.113.200'`,
    );
    expect(rows).toEqual([{ reason: 'locked' }]);
  });

  it('takes one spelling of the e-mail for lookup and counting: a Turkish capital İ finds no account', async () => {
    // PostgreSQL's lower('TECNİCO') may be 'tecnico' while JavaScript's is 'tecni̇co': a spelling that signed in
    // but was counted under another name would escape the per-account limits.
    const r = await post(
      LOGIN,
      { email: 'TECNİCO@EXAMPLE.ORG', password: TEST_PASSWORD },
      {},
      '203.0.113.77',
    );
    expect(r.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(
      (
        await post(
          LOGIN,
          { email: '  TECNICO@Example.org ', password: TEST_PASSWORD },
          {},
          '203.0.113.77',
        )
      ).body.errors,
    ).toBeUndefined();
  });

  it('counts parallel attempts one by one: a burst cannot get past the limit', async () => {
    await createStaff(db, 'raffica@example.org', 'operator', ['lavori_pubblici']);
    const ip = '203.0.113.90';
    const replies = await Promise.all(
      Array.from({ length: 8 }, () =>
        post(LOGIN, { email: 'raffica@example.org', password: 'sbagliata-123' }, {}, ip),
      ),
    );
    expect(replies.every((r) => r.body.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED')).toBe(
      true,
    );
    const { rows } = await db.pool.query<{ reason: string; n: number }>(
      `select details->>'reason' as reason, count(*)::int as n from audit_log where action = 'login.failed' and address = $1 group by 1 order by 1`,
      [ip],
    );
    // LOGIN_MAX_FAILURES_ACCOUNT is 3 here: three real password checks, then locked.
    expect(rows).toEqual([
      { reason: 'locked', n: 5 },
      { reason: 'password', n: 3 },
    ]);
  });

  it('writes logins and failures to the audit log', async () => {
    // Its own account and address, so that what the other tests did does not count here.
    await createStaff(db, 'registro@example.org', 'planner');
    const ip = '203.0.113.140';
    const ok = await post(
      LOGIN,
      { email: 'registro@example.org', password: TEST_PASSWORD },
      {},
      ip,
    );
    const cookie = ok.cookies.find((c) => c.name === 'segnala_session')!;
    await post(LOGIN, { email: 'registro@example.org', password: 'sbagliata-123' }, {}, ip);
    await post(LOGIN, { email: 'nessuno@example.org', password: 'sbagliata-123' }, {}, ip);
    await post('mutation { logout }', {}, { cookie: `segnala_session=${cookie.value}` }, ip);
    const { rows } = await db.pool.query<{ action: string; n: number }>(
      `select action, count(*)::int as n from audit_log where address = $1 group by action order by action`,
      [ip],
    );
    expect(rows).toEqual([
      { action: 'login', n: 1 },
      { action: 'login.failed', n: 2 },
      { action: 'logout', n: 1 },
    ]);
  });
});

describe('NODE_ENV', () => {
  // What README's configuration table says of it: production makes the session cookie Secure over http too.
  it('production marks the session cookie Secure even when PUBLIC_URL is http:; unset, it is not', async () => {
    const login = (target: FastifyInstance) =>
      target.inject({
        method: 'POST',
        url: '/graphql',
        payload: {
          query: LOGIN,
          variables: { email: 'tecnico@example.org', password: TEST_PASSWORD },
        },
        headers: { 'content-type': 'application/json' },
        remoteAddress: '198.51.100.90',
      });
    const session = (res: Awaited<ReturnType<typeof login>>) =>
      (res.cookies as { name: string; secure?: boolean }[]).find(
        (c) => c.name === 'segnala_session',
      );
    expect(db.config.publicUrl.startsWith('http:')).toBe(true);
    expect(session(await login(app))?.secure).toBeFalsy();

    // Production requires a JWT secret and a mail transport (server/config.ts); PUBLIC_URL stays http:.
    const config = testConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
      SMTP_URL: 'smtp://127.0.0.1:2525',
    });
    const production = await buildApp({
      schema: await buildSegnalaSchema(),
      services: createServices({ ...db.services.deps, config }),
    });
    try {
      expect(session(await login(production))?.secure).toBe(true);
    } finally {
      await production.close();
    }
  });
});
