// Accounts: demo accounts only on a demo database, account validation, and the admins' audit log of
// logins, token use and ticket changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSegnalaSchema } from '../../server/graphql/build-schema.js';
import { DEMO_STAFF, seedDemoStaff } from '../../seeds/demo-staff.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createGql, createStaff, errorCode, insertTicket } from '../helpers/staff-fixtures.js';

let db: TestDatabase;
let gql: ReturnType<typeof createGql>;

beforeAll(async () => {
  db = await createTestDatabase();
  gql = createGql(db, await buildSegnalaSchema());
});
afterAll(async () => {
  await db?.close();
});

const staffCount = async (on: TestDatabase) =>
  (
    await on.pool.query(
      `select count(*)::int as n from staff_user where email like '%@seravezza.demo'`,
    )
  ).rows[0].n;

// Each on a database of its own: one turns the demo flag on, the other needs it off.
describe('demo accounts', () => {
  it('are never created on a database that the demo seed did not make', async () => {
    const db = await createTestDatabase();
    try {
      expect(await seedDemoStaff(db.pool, db.municipality.id)).toBe(0);
      expect(await staffCount(db)).toBe(0);
      expect(await db.services.auth.demoWarning()).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('are created on a demo database with the demo password, offices by code, and announced at start', async () => {
    const db = await createTestDatabase();
    try {
      await db.pool.query('update municipality set demo = true where id = $1', [
        db.municipality.id,
      ]);
      expect(await seedDemoStaff(db.pool, db.municipality.id)).toBe(4);
      expect(await seedDemoStaff(db.pool, db.municipality.id)).toBe(0); // idempotent, passwords kept
      const login = await db.services.auth.login(
        'tecnico@seravezza.demo',
        db.config.demoPassword,
        '127.0.0.1',
      );
      expect(login.staff).toMatchObject({ role: 'operator' });
      const offices = await db.pool.query(
        `select s.email, array_agg(o.code order by o.code) as codes from staff_user s
       left join staff_office so on so.staff_id = s.id left join office o on o.id = so.office_id
       where s.email like '%@seravezza.demo' group by s.email order by s.email`,
      );
      expect(offices.rows).toEqual([
        { email: 'admin@seravezza.demo', codes: [null] },
        { email: 'planner@seravezza.demo', codes: [null] },
        { email: 'polizia@seravezza.demo', codes: ['polizia_municipale'] },
        { email: 'tecnico@seravezza.demo', codes: ['lavori_pubblici'] },
      ]);
      const warning = await db.services.auth.demoWarning();
      expect(warning[0]).toContain(db.config.demoPassword);
      for (const s of DEMO_STAFF) expect(warning.join('\n')).toContain(s.email);
    } finally {
      await db.close();
    }
  });
});

describe('accounts and audit log', () => {
  it('validates new accounts: e-mail, password length, operator office', async () => {
    const auth = db.services.auth;
    await expect(
      auth.upsertStaffUser({ email: 'x', role: 'admin', password: 'abbastanza-lunga' }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'email' } });
    await expect(
      auth.upsertStaffUser({ email: 'a@b.it', role: 'admin', password: 'corta' }),
    ).rejects.toMatchObject({ details: { field: 'password' } });
    await expect(
      auth.upsertStaffUser({ email: 'a@b.it', role: 'operator', password: 'abbastanza-lunga' }),
    ).rejects.toMatchObject({ details: { field: 'office' } });
    await expect(
      auth.upsertStaffUser({
        email: 'a@b.it',
        role: 'operator',
        password: 'abbastanza-lunga',
        officeCodes: ['boh'],
      }),
    ).rejects.toMatchObject({ details: { field: 'office' } });
  });

  it('records logins, failed logins, token use and ticket changes for admins', async () => {
    const admin = await createStaff(db, 'capo@example.org', 'admin');
    const operator = await createStaff(db, 'op@example.org', 'operator', ['lavori_pubblici']);
    await db.services.auth
      .login('op@example.org', 'sbagliata-123', '192.0.2.5')
      .catch(() => undefined);
    const { token } = await db.services.apiTokens.create(
      operator,
      'integrazione',
      ['tickets:read'],
      '192.0.2.5',
    );
    await db.services.apiTokens.viewerForToken(token, '192.0.2.6');
    const t = await insertTicket(db);
    await gql(
      operator,
      'mutation($id: ID!) { acknowledgeTicket(id: $id, version: 1) { ticket { version } } }',
      { id: String(t.id) },
      '192.0.2.7',
    );
    const r = await gql(
      admin,
      '{ auditLog(first: 50) { totalCount edges { node { action actorEmail target address details } } } }',
    );
    expect(r.errors).toBeUndefined();
    const entries = (
      r.data!.auditLog as {
        edges: {
          node: {
            action: string;
            actorEmail: string | null;
            target: string;
            address: string;
            details: Record<string, unknown>;
          };
        }[];
      }
    ).edges.map((e) => e.node);
    const actions = entries.map((e) => e.action);
    for (const a of ['login.failed', 'token.create', 'token.use', 'ticket.acknowledgeTicket'])
      expect(actions).toContain(a);
    expect(entries.find((e) => e.action === 'ticket.acknowledgeTicket')).toMatchObject({
      actorEmail: 'op@example.org',
      target: `ticket:${t.id}`,
      address: '192.0.2.7',
      details: { code: t.code, from: 'received', to: 'acknowledged' },
    });
    const filtered = await gql(admin, '{ auditLog(filter: { action: "token." }) { totalCount } }');
    expect(filtered.data).toEqual({ auditLog: { totalCount: 2 } });
    expect(errorCode(await gql(operator, '{ auditLog { totalCount } }'))).toBe('FORBIDDEN');
  });
});
