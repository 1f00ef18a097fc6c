// Roles across comuni (issue 16), over real HTTP and the real database: a platform operator adds,
// configures, disables and enables comuni and reaches no ticket, reporter or export; a sovracomunale
// planner reads the analytics of the comuni granted to it (filter.municipalityIds), side by side with
// kpis(groupBy: MUNICIPALITY) giving each comune's own figures, and nothing of a comune not granted;
// an address with accounts in two comuni logs into the account of the comune it is used at.
import type { GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/domain/viewer.js';
import { buildSegnalaSchema } from '../../server/graphql/build-schema.js';
import { retentionOf } from '../../server/services/comune-settings.js';
import { getAt, gqlAt } from '../helpers/comune-http.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type GraphQLResult, type TestApp } from '../helpers/graphql.js';
import { addSecondComune, type SecondComune } from '../helpers/second-comune.js';
import { staffOperations } from '../helpers/staff-operations.js';
import {
  createGql,
  createPlatformOperator,
  createStaff,
  TEST_PASSWORD,
} from '../helpers/staff-fixtures.js';
import { categoryIds, hours, insertTickets, type FixtureTicket } from './analytics-fixtures.js';

const A = '/graphql';
const B = '/c/046024/graphql';
const NOW = new Date();

let db: TestDatabase;
let second: SecondComune;
let app: TestApp;
let schema: GraphQLSchema;
let platform: { cookie: Record<string, string>; jwt: Record<string, string> };
let idA: string;
let idB: string;

const code = (r: Pick<GraphQLResult, 'errors'>) => r.errors?.[0]?.extensions?.code;

/** Made-up tickets around a point: every state, a few days to a few months old. */
function tickets(category: number[], at: [number, number], n: number, seed: number) {
  let x = seed;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  const out: FixtureTicket[] = [];
  for (let i = 0; i < n; i++) {
    const createdAt = hours(NOW, -24 * (2 + 120 * rnd()));
    const fate = rnd();
    const ack = fate < 0.25 ? null : hours(createdAt, 1 + 30 * rnd());
    const resolved = fate > 0.55 ? hours(ack!, 1 + 100 * rnd()) : null;
    const done = resolved && resolved < NOW ? resolved : null;
    out.push({
      categoryId: category[i % category.length],
      at: [at[0] + (rnd() - 0.5) * 0.004, at[1] + (rnd() - 0.5) * 0.004],
      status: done ? 'resolved' : ack ? 'acknowledged' : 'received',
      createdAt,
      acknowledgedAt: ack,
      resolvedAt: done,
      closedAt: done,
      reopenCount: rnd() < 0.1 ? 1 : 0,
    });
  }
  return out;
}

async function loginPlatform(email = 'ops@example.org', password = TEST_PASSWORD) {
  const response = await fetch(`${app.url}${A}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation($e: String!, $p: String!) { platformLogin(email: $e, password: $p) { token operator { email } } }`,
      variables: { e: email, p: password },
    }),
  });
  const body = (await response.json()) as GraphQLResult<{ platformLogin: { token: string } }>;
  const cookie = response.headers
    .getSetCookie()
    .find((c) => c.startsWith('segnala_platform='))
    ?.split(';')[0];
  return { body, cookie };
}

beforeAll(async () => {
  db = await createTestDatabase();
  second = await addSecondComune(db);
  schema = await buildSegnalaSchema();
  app = await startTestApp(db.services);
  idA = String(db.municipality.id);
  idB = String(second.municipality.id);
  await createPlatformOperator(db, 'ops@example.org');
  const { body, cookie } = await loginPlatform();
  expect(body.errors).toBeUndefined();
  platform = {
    cookie: { cookie: cookie!, 'apollo-require-preflight': '1' },
    jwt: { authorization: `Bearer ${body.data!.platformLogin.token}` },
  };
  await insertTickets(
    db.pool,
    db.municipality.id,
    tickets(await categoryIds(db.pool, db.municipality.id), [10.2, 43.97], 60, 7),
  );
  await insertTickets(
    db.pool,
    second.municipality.id,
    tickets(await categoryIds(db.pool, second.municipality.id), [10.2276, 43.959], 35, 11),
  );
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('the platform operator', () => {
  it('logs in at the root address; a wrong password is the usual refusal, and staff are not platform operators', async () => {
    const me = await gqlAt(app, A, '{ platformMe { email } me { email } }', {}, platform.cookie);
    expect(me.data).toEqual({ platformMe: { email: 'ops@example.org' }, me: null });
    const wrong = await loginPlatform('ops@example.org', 'sbagliata-password');
    expect(code(wrong.body)).toBe('UNAUTHENTICATED');
    expect(wrong.cookie).toBeUndefined();
    await createStaff(db, 'admin.seravezza@example.org', 'admin');
    const staff = await loginPlatform('admin.seravezza@example.org');
    expect(code(staff.body)).toBe('UNAUTHENTICATED');
    expect(staff.body.errors![0].message).toBe(wrong.body.errors![0].message);
  });

  it('lists the comuni with their settings and sizes, nothing of their citizens', async () => {
    const r = await gqlAt(
      app,
      A,
      '{ platformComuni { id istatCode name alias enabled mailFrom settings { coatOfArms slaTargets { onTimeShare } } offices categories streets staffAccounts } }',
      {},
      platform.jwt,
    );
    expect(r.errors).toBeUndefined();
    const rows = r.data!.platformComuni as { istatCode: string; name: string }[];
    // Every comune of the database (Seravezza and Pietrasanta; with SEGNALA_TEST_COMUNE, that one too).
    const all = await db.pool.query<{ istat_code: string }>(
      'select istat_code from municipality order by istat_code',
    );
    expect(all.rows.map((c) => c.istat_code)).toContain('046024');
    expect(rows.map((c) => c.istatCode)).toEqual(all.rows.map((c) => c.istat_code));
    expect(JSON.stringify(r.data)).not.toMatch(/cittadino\d+@example\.org|Segnalazione di prova/);
  });

  it('adds a comune with the code path of comune:add, served at once without a restart', async () => {
    const comuni = async () =>
      (await db.pool.query<{ n: number }>('select count(*)::int as n from municipality')).rows[0].n;
    const before = await comuni();
    expect((await getAt(app, '/c/046013/graphql?query=%7Bmunicipality%7Bname%7D%7D')).status).toBe(
      404,
    );
    const add = await gqlAt(
      app,
      A,
      'mutation { addComune(istatCode: "046013", adminEmail: "sindaco@forte.example.org") { created adminEmail comune { istatCode name alias enabled offices categories streets staffAccounts settings { privacyNotice { it } slaTargets { onTimeShare firstResponseHours } } } } }',
      {},
      platform.cookie,
    );
    expect(add.errors).toBeUndefined();
    const payload = add.data!.addComune as {
      created: boolean;
      adminEmail: string;
      comune: Record<string, unknown> & { settings: { privacyNotice: { it: string } } };
    };
    expect(payload.created).toBe(true);
    expect(payload.adminEmail).toBe('sindaco@forte.example.org');
    expect(payload.comune).toMatchObject({
      istatCode: '046013',
      name: 'Forte dei Marmi',
      alias: 'forte-dei-marmi',
      enabled: true,
      staffAccounts: 1,
    });
    expect(payload.comune.streets).toBeGreaterThan(0);
    expect(payload.comune.settings.privacyNotice.it).toContain('Forte dei Marmi');
    // The first admin's invite is queued for the normal sender, as with the command.
    const { rows } = await db.pool.query(
      `select count(*)::int as n from notification_outbox o join municipality m on m.id = o.municipality_id
       where m.istat_code = '046013'`,
    );
    expect(rows[0].n).toBe(1);
    const served = await gqlAt(app, '/c/046013/graphql', '{ municipality { name } }');
    expect(served.data).toEqual({ municipality: { name: 'Forte dei Marmi' } });
    const again = await gqlAt(
      app,
      A,
      'mutation { addComune(istatCode: "046013") { created } }',
      {},
      platform.cookie,
    );
    expect(again.data).toEqual({ addComune: { created: false } });
    for (const [istat, field] of [
      ['12ab', 'istatCode'],
      ['058091', 'istatCode'],
    ]) {
      const bad = await gqlAt(
        app,
        A,
        'mutation($i: String!) { addComune(istatCode: $i) { created } }',
        { i: istat },
        platform.cookie,
      );
      expect(code(bad), istat).toBe('BAD_USER_INPUT');
      expect(bad.errors![0].extensions!.field).toBe(field);
    }
    const badAdmin = await gqlAt(
      app,
      A,
      'mutation { addComune(istatCode: "046033", adminEmail: "non-un-indirizzo") { created } }',
      {},
      platform.cookie,
    );
    expect(badAdmin.errors![0].extensions!.field).toBe('adminEmail');
    expect(await comuni()).toBe(before + 1);
  });

  it('configures a comune: name, sender and settings, each checked, a bad one changing nothing', async () => {
    const UPDATE =
      'mutation($id: ID!, $input: UpdateComuneInput!) { updateComune(id: $id, input: $input) { name mailFrom settings { coatOfArms privacyNotice { it en } slaTargets { onTimeShare firstResponseHours } } } }';
    const ok = await gqlAt(
      app,
      A,
      UPDATE,
      {
        id: idB,
        input: {
          name: 'Pietrasanta',
          mailFrom: 'Comune di Pietrasanta <segnala@comune.pietrasanta.example.org>',
          coatOfArms: 'https://comune.pietrasanta.example.org/stemma.svg',
          privacyNotice: { it: 'Informativa di Pietrasanta.', en: 'Pietrasanta privacy notice.' },
          slaTargets: { onTimeShare: 0.85, firstResponseHours: 24 },
        },
      },
      platform.cookie,
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.updateComune).toEqual({
      name: 'Pietrasanta',
      mailFrom: 'Comune di Pietrasanta <segnala@comune.pietrasanta.example.org>',
      settings: {
        coatOfArms: 'https://comune.pietrasanta.example.org/stemma.svg',
        privacyNotice: { it: 'Informativa di Pietrasanta.', en: 'Pietrasanta privacy notice.' },
        slaTargets: { onTimeShare: 0.85, firstResponseHours: 24 },
      },
    });
    const before = (
      await db.pool.query('select name, mail_from, settings from municipality where id = $1', [
        second.municipality.id,
      ])
    ).rows[0];
    for (const [input, field] of [
      [{ name: '   ' }, 'name'],
      [{ mailFrom: 'non è un indirizzo' }, 'mailFrom'],
      [{ coatOfArms: 'non-un-url' }, 'coatOfArms'],
      [{ privacyNotice: { it: '', en: 'x' } }, 'privacyNotice.it'],
      [{ slaTargets: { onTimeShare: 1.5, firstResponseHours: 24 } }, 'slaTargets.onTimeShare'],
      [
        { slaTargets: { onTimeShare: 0.9, firstResponseHours: 0 } },
        'slaTargets.firstResponseHours',
      ],
      // One bad part refuses the whole change.
      [
        { name: 'Nuovo nome', slaTargets: { onTimeShare: 0, firstResponseHours: 1 } },
        'slaTargets.onTimeShare',
      ],
    ] as const) {
      const r = await gqlAt(app, A, UPDATE, { id: idB, input }, platform.cookie);
      expect(code(r), JSON.stringify(input)).toBe('BAD_USER_INPUT');
      expect(r.errors![0].extensions!.field, JSON.stringify(input)).toBe(field);
    }
    const unknown = await gqlAt(
      app,
      A,
      UPDATE,
      { id: '99999', input: { name: 'X' } },
      platform.cookie,
    );
    expect(code(unknown)).toBe('NOT_FOUND');
    const after = (
      await db.pool.query('select name, mail_from, settings from municipality where id = $1', [
        second.municipality.id,
      ])
    ).rows[0];
    expect(after).toEqual(before);
    // The change is in the comune's own audit log, naming the platform operator.
    const audit = await db.pool.query(
      `select details from audit_log where municipality_id = $1 and action = 'platform.comune_update'`,
      [second.municipality.id],
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].details.platformUser).toBe('ops@example.org');
  });

  it("sets the rest of a comune's settings: DPO, report confirmation, citizens' photos, retention", async () => {
    const FULL = `mutation($id: ID!, $input: UpdateComuneInput!) { updateComune(id: $id, input: $input) {
      settings { dpoContact reportConfirmation citizenPhotos slaTargets { onTimeShare }
        retention { reporterContactMonths supporterContactMonths unlinkedUploadHours rateLimitHours auditYears } } } }`;
    const DPO = 'rpd@comune.pietrasanta.example.org';
    const stored = async () =>
      (
        await db.pool.query('select name, mail_from, settings from municipality where id = $1', [
          second.municipality.id,
        ])
      ).rows[0] as { settings: Record<string, unknown> };
    const publicB = async () =>
      (
        await gqlAt<{
          municipality: { reportConfirmation: boolean; privacyNotice: { it: string } };
        }>(app, B, '{ municipality { reportConfirmation privacyNotice { it } } }')
      ).data!.municipality;
    // An older retentionMonths (`comune:settings --retention-months`) counts as the reporter's months.
    await db.pool.query(
      `update municipality set settings = settings || '{"retentionMonths": 18}' where id = $1`,
      [second.municipality.id],
    );
    const set = await gqlAt(
      app,
      A,
      FULL,
      {
        id: idB,
        input: {
          dpoContact: DPO,
          reportConfirmation: true,
          citizenPhotos: 'IMMEDIATE',
          retention: { supporterContactMonths: 3, auditYears: 10 },
          privacyNotice: { it: 'Titolare: il Comune. {dpo} {retention}', en: '{dpo}' },
        },
      },
      platform.cookie,
    );
    expect(set.errors).toBeUndefined();
    expect(set.data!.updateComune).toEqual({
      settings: {
        dpoContact: DPO,
        reportConfirmation: true,
        citizenPhotos: 'IMMEDIATE',
        slaTargets: { onTimeShare: 0.85 },
        retention: {
          reporterContactMonths: 18,
          supporterContactMonths: 3,
          unlinkedUploadHours: null,
          rateLimitHours: null,
          auditYears: 10,
        },
      },
    });
    // Stored under the names the services read; the older name is written as the new one.
    const s = (await stored()).settings;
    expect(s).toMatchObject({
      dpoContact: DPO,
      reportConfirmation: true,
      citizenPhotos: 'immediate',
      retention: { reporterContactMonths: 18, supporterContactMonths: 3, auditYears: 10 },
    });
    expect(s).not.toHaveProperty('retentionMonths');
    expect(retentionOf(s)).toEqual({
      reporterContactMonths: 18,
      supporterContactMonths: 3,
      unlinkedUploadHours: 24,
      rateLimitHours: 48,
      auditYears: 10,
      alertSubscriptionMonths: 12,
    });
    // B serves them at once: its form holds reports for confirmation, its notice names the DPO.
    const served = await publicB();
    expect(served.reportConfirmation).toBe(true);
    expect(served.privacyNotice.it).toContain(`contattabile a: ${DPO}`);
    expect(served.privacyNotice.it).toContain('dopo 18 mesi');
    expect(served.privacyNotice.it).toContain('dopo 3 mesi');

    // null takes one default again; what is omitted stays.
    const back = await gqlAt(
      app,
      A,
      FULL,
      {
        id: idB,
        input: {
          reportConfirmation: null,
          citizenPhotos: null,
          retention: { reporterContactMonths: null },
        },
      },
      platform.cookie,
    );
    expect(back.errors).toBeUndefined();
    expect(back.data!.updateComune).toMatchObject({
      settings: {
        dpoContact: DPO,
        reportConfirmation: null,
        citizenPhotos: null,
        retention: { reporterContactMonths: null, supporterContactMonths: 3, auditYears: 10 },
      },
    });
    const s2 = (await stored()).settings;
    expect(s2).not.toHaveProperty('reportConfirmation');
    expect(s2).not.toHaveProperty('citizenPhotos');
    expect(s2.retention).toEqual({ supporterContactMonths: 3, auditYears: 10 });
    expect((await publicB()).reportConfirmation).toBe(false);

    // Each value is checked; one bad part refuses the whole change and nothing changes.
    const before = await stored();
    for (const [input, field] of [
      [{ dpoContact: 'x' }, 'dpoContact'],
      [{ dpoContact: '   ' }, 'dpoContact'],
      [{ retention: { reporterContactMonths: 0 } }, 'retention.reporterContactMonths'],
      [{ retention: { supporterContactMonths: 121 } }, 'retention.supporterContactMonths'],
      [{ retention: { unlinkedUploadHours: 721 } }, 'retention.unlinkedUploadHours'],
      [{ retention: { rateLimitHours: 1 } }, 'retention.rateLimitHours'],
      [{ retention: { auditYears: 31 } }, 'retention.auditYears'],
      [
        { reportConfirmation: true, citizenPhotos: 'IMMEDIATE', retention: { auditYears: 0 } },
        'retention.auditYears',
      ],
      [{ name: 'Nuovo nome', dpoContact: 'x' }, 'dpoContact'],
    ] as const) {
      const r = await gqlAt(app, A, FULL, { id: idB, input }, platform.cookie);
      expect(code(r), JSON.stringify(input)).toBe('BAD_USER_INPUT');
      expect(r.errors![0].extensions!.field, JSON.stringify(input)).toBe(field);
    }
    for (const input of [{ citizenPhotos: 'SOMETIMES' }, { reportConfirmation: 'yes' }]) {
      const r = await gqlAt(app, A, FULL, { id: idB, input }, platform.cookie);
      expect(code(r), JSON.stringify(input)).toBe('BAD_USER_INPUT');
    }
    const unknown = await gqlAt(
      app,
      A,
      FULL,
      { id: '99999', input: { retention: { auditYears: 7 } } },
      platform.cookie,
    );
    expect(code(unknown)).toBe('NOT_FOUND');
    expect(await stored()).toEqual(before);
    // retention: null takes every default again; dpoContact: null the notice's own wording.
    const reset = await gqlAt(
      app,
      A,
      FULL,
      { id: idB, input: { retention: null, dpoContact: null } },
      platform.jwt,
    );
    expect(reset.errors).toBeUndefined();
    expect(reset.data!.updateComune).toMatchObject({
      settings: {
        dpoContact: null,
        retention: {
          reporterContactMonths: null,
          supporterContactMonths: null,
          unlinkedUploadHours: null,
          rateLimitHours: null,
          auditYears: null,
        },
      },
    });
    const s3 = (await stored()).settings;
    expect(s3).not.toHaveProperty('retention');
    expect(s3.dpoContact).toBeNull();
    // Written to B's audit log, field by field; and nothing of B's citizens in any answer.
    const audit = await db.pool.query<{ details: { fields: string[] } }>(
      `select details from audit_log where municipality_id = $1 and action = 'platform.comune_update' order by id`,
      [second.municipality.id],
    );
    expect(audit.rows.slice(-3).map((r) => r.details.fields)).toEqual([
      [
        'privacyNotice',
        'dpoContact',
        'reportConfirmation',
        'citizenPhotos',
        'retention.supporterContactMonths',
        'retention.auditYears',
      ],
      ['reportConfirmation', 'citizenPhotos', 'retention.reporterContactMonths'],
      ['dpoContact', 'retention'],
    ]);
    const list = await gqlAt(
      app,
      A,
      '{ platformComuni { settings { dpoContact reportConfirmation citizenPhotos retention { auditYears } } } }',
      {},
      platform.jwt,
    );
    expect(list.errors).toBeUndefined();
    expect(JSON.stringify([set, back, reset, list])).not.toMatch(
      /cittadino\d+@example\.org|Segnalazione di prova/,
    );
  });

  it('disables and enables a comune, which this process stops and starts serving at once', async () => {
    const SET =
      'mutation($id: ID!, $on: Boolean!) { setComuneEnabled(id: $id, enabled: $on) { enabled } }';
    const forte = (await db.pool.query(`select id from municipality where istat_code = '046013'`))
      .rows[0].id as number;
    const off = await gqlAt(app, A, SET, { id: String(forte), on: false }, platform.cookie);
    expect(off.data).toEqual({ setComuneEnabled: { enabled: false } });
    const closed = await gqlAt(app, '/c/046013/graphql', '{ municipality { name } }');
    expect(closed.status).toBe(403);
    expect(code(closed)).toBe('MUNICIPALITY_DISABLED');
    const on = await gqlAt(app, A, SET, { id: String(forte), on: true }, platform.cookie);
    expect(on.data).toEqual({ setComuneEnabled: { enabled: true } });
    expect((await gqlAt(app, '/c/046013/graphql', '{ municipality { name } }')).data).toEqual({
      municipality: { name: 'Forte dei Marmi' },
    });
  });

  it('is refused every ticket, reporter and staff operation, at every comune, with its cookie or its JWT', async () => {
    // Every staff operation, one by one, is in test/integration/authorization.test.ts (actor
    // "platform"); here over HTTP, at both comuni: the inbox, a ticket with its reporter, the KPIs,
    // the audit log, exports.
    const staffOnly = staffOperations(schema);
    expect(staffOnly).toEqual(expect.arrayContaining(['inbox', 'staffTicket', 'kpis', 'auditLog']));
    const ticket = (
      await db.pool.query('select id from ticket where municipality_id = $1 limit 1', [
        db.municipality.id,
      ])
    ).rows[0].id as number;
    for (const headers of [platform.cookie, platform.jwt])
      for (const [path, exportPath] of [
        [A, '/export/tickets.csv'],
        [B, '/c/046024/export/tickets.csv'],
      ]) {
        const inbox = await gqlAt(app, path, '{ inbox { totalCount } }', {}, headers);
        expect(code(inbox)).toBe('UNAUTHENTICATED');
        const one = await gqlAt(
          app,
          path,
          'query($id: ID!) { staffTicket(id: $id) { reporter { email } } }',
          { id: String(ticket) },
          headers,
        );
        expect(code(one)).toBe('UNAUTHENTICATED');
        for (const q of [
          '{ kpis { received } }',
          '{ auditLog { totalCount } }',
          '{ me { email } }',
        ])
          expect(JSON.stringify(await gqlAt(app, path, q, {}, headers))).toMatch(
            /UNAUTHENTICATED|"me":null/,
          );
        expect((await getAt(app, exportPath, headers)).status).toBe(401);
        expect((await getAt(app, exportPath.replace('.csv', '.geojson'), headers)).status).toBe(
          401,
        );
      }
  });

  it('is the only one let into the platform operations: staff of the comune are FORBIDDEN', async () => {
    await createStaff(db, 'admin.forbidden@example.org', 'admin');
    const login = await gqlAt<{ login: { token: string } }>(
      app,
      A,
      `mutation { login(email: "admin.forbidden@example.org", password: "${TEST_PASSWORD}") { token } }`,
    );
    const admin = { authorization: `Bearer ${login.data!.login.token}` };
    const r = await gqlAt(
      app,
      A,
      'mutation($id: ID!) { setComuneEnabled(id: $id, enabled: false) { enabled } }',
      { id: idB },
      admin,
    );
    expect(code(r)).toBe('FORBIDDEN');
    expect(
      (await db.pool.query('select enabled from municipality where id = $1', [idB])).rows[0],
    ).toEqual({ enabled: true });
    expect(code(await gqlAt(app, A, '{ platformComuni { id } }'))).toBe('UNAUTHENTICATED');
  });

  it('logs out: the cookie no longer counts', async () => {
    const { cookie } = await loginPlatform();
    const headers = { cookie: cookie!, 'apollo-require-preflight': '1' };
    expect((await gqlAt(app, A, 'mutation { platformLogout }', {}, headers)).data).toEqual({
      platformLogout: true,
    });
    expect((await gqlAt(app, A, '{ platformMe { email } }', {}, headers)).data).toEqual({
      platformMe: null,
    });
  });
});

describe('the sovracomunale planner', () => {
  let planner: Viewer;
  let plannerB: Viewer;
  let gqlA: ReturnType<typeof createGql>;
  let gqlB: ReturnType<typeof createGql>;
  let forte: string;

  const GRANT =
    'mutation($m: ID!, $e: String!, $g: [ID!]!) { setPlannerGrants(municipalityId: $m, email: $e, grantedMunicipalityIds: $g) { email municipality { istatCode } granted { istatCode name } } }';

  beforeAll(async () => {
    const created = await createStaff(db, 'unione@example.org', 'planner');
    forte = String(
      (await db.pool.query(`select id from municipality where istat_code = '046013'`)).rows[0].id,
    );
    const r = await gqlAt(
      app,
      A,
      GRANT,
      { m: idA, e: 'unione@example.org', g: [idB, idA] },
      platform.cookie,
    );
    expect(r.data).toEqual({
      setPlannerGrants: {
        email: 'unione@example.org',
        municipality: { istatCode: db.municipality.istat_code },
        granted: [{ istatCode: '046024', name: 'Pietrasanta' }],
      },
    });
    planner = (await db.services.auth.activeViewer(created.staffId))!;
    expect(planner.grantedMunicipalityIds).toEqual([second.municipality.id]);
    plannerB = await createStaff(second.db, 'planner.b@example.org', 'planner');
    gqlA = createGql(db, schema);
    gqlB = createGql(second.db, schema);
  });

  const ANALYTICS: Record<string, string> = {
    kpis: 'query($f: TicketFilterInput) { kpis(filter: $f) { key received } }',
    heatmap: 'query($f: TicketFilterInput) { heatmap(filter: $f) { count } }',
    ticketPoints:
      'query($f: TicketFilterInput) { ticketPoints(filter: $f) { count legend { code } } }',
    duplicateClusters: 'query($f: TicketFilterInput) { duplicateClusters(filter: $f) { count } }',
    streetStats: 'query($f: TicketFilterInput) { streetStats(filter: $f) { totalCount } }',
    timeSeries: 'query($f: TicketFilterInput) { timeSeries(filter: $f) { received } }',
  };

  it('knows which comuni it may read', async () => {
    const r = await gqlA(planner, '{ analyticsMunicipalities { id istatCode name } }');
    expect(r.data).toEqual({
      analyticsMunicipalities: [
        { id: idA, istatCode: db.municipality.istat_code, name: db.municipality.name },
        { id: idB, istatCode: '046024', name: 'Pietrasanta' },
      ],
    });
  });

  it('gets every analytics query over its comuni; a comune not granted is FORBIDDEN', async () => {
    for (const [op, query] of Object.entries(ANALYTICS)) {
      const both = await gqlA(planner, query, { f: { municipalityIds: [idA, idB] } });
      expect(both.errors, op).toBeUndefined();
      for (const ids of [[forte], [idA, forte], ['99999']]) {
        const r = await gqlA(planner, query, { f: { municipalityIds: ids } });
        expect(code(r), `${op} ${ids.join(',')}`).toBe('FORBIDDEN');
        expect(r.data?.[op] ?? null).toBeNull();
      }
      // A planner of B without grants, at B's address: its own comune only.
      expect(code(await gqlB(plannerB, query, { f: { municipalityIds: [idA] } })), op).toBe(
        'FORBIDDEN',
      );
      expect(
        (await gqlB(plannerB, query, { f: { municipalityIds: [idB] } })).errors,
      ).toBeUndefined();
    }
  });

  it('adds up: points, heat, streets and series over two comuni are the sums of each alone', async () => {
    const sum = async (query: string, pick: (data: Record<string, unknown>) => number) => {
      const both = await gqlA(planner, query, { f: { municipalityIds: [idA, idB] } });
      const a = await gqlA(planner, query, {});
      const b = await gqlB(plannerB, query, {});
      return [pick(both.data!), pick(a.data!) + pick(b.data!), pick(b.data!)];
    };
    const points = await sum(
      ANALYTICS.ticketPoints,
      (d) => (d.ticketPoints as { count: number }).count,
    );
    expect(points[0]).toBe(95);
    expect(points[0]).toBe(points[1]);
    const heat = await sum(ANALYTICS.heatmap, (d) =>
      (d.heatmap as { count: number }[]).reduce((s, c) => s + c.count, 0),
    );
    expect(heat[0]).toBe(heat[1]);
    const series = await sum(ANALYTICS.timeSeries, (d) =>
      (d.timeSeries as { received: number }[]).reduce((s, c) => s + c.received, 0),
    );
    expect(series[0]).toBe(series[1]);
    const streets = await sum(
      ANALYTICS.streetStats,
      (d) => (d.streetStats as { totalCount: number }).totalCount,
    );
    expect(streets[0]).toBe(streets[1]);
    expect(streets[2]).toBe(3);
    // Each comune's categories are in the legend.
    const legend = await gqlA(planner, ANALYTICS.ticketPoints, {
      f: { municipalityIds: [idA, idB] },
    });
    const codes = (legend.data!.ticketPoints as { legend: { code: string }[] }).legend.map(
      (l) => l.code,
    );
    expect(codes.filter((c) => c === 'buca_stradale')).toHaveLength(2);
  });

  it('kpis(groupBy: MUNICIPALITY): one row per comune, equal to the figures of each comune alone', async () => {
    const KPIS =
      'query($f: TicketFilterInput) { kpis(groupBy: MUNICIPALITY, filter: $f) { key label received resolved openBacklog overdue medianAckHours p90AckHours medianResolveHours p90ResolveHours resolvedWithinSlaShare reopenRate openAgeP50Days openAgeP90Days } }';
    type Row = { key: string; label: string; received: number; [k: string]: unknown };
    const both = await gqlA(planner, KPIS, { f: { municipalityIds: [idA, idB] } });
    expect(both.errors).toBeUndefined();
    const rows = both.data!.kpis as Row[];
    expect(rows.map((r) => [r.key, r.label])).toEqual([
      [db.municipality.istat_code, db.municipality.name],
      ['046024', 'Pietrasanta'],
    ]);
    const aloneA = (await gqlA(planner, KPIS, {})).data!.kpis as Row[];
    const aloneB = (await gqlB(plannerB, KPIS, {})).data!.kpis as Row[];
    // Figures with "now" in them (ages) are computed a moment apart: compare to a few seconds.
    const close = (x: Row, y: Row) => {
      for (const k of Object.keys(x))
        if (typeof x[k] === 'number' && /Days$/.test(k))
          expect(x[k] as number).toBeCloseTo(y[k] as number, 3);
        else expect(x[k], k).toEqual(y[k]);
    };
    close(rows[0], aloneA[0]);
    close(rows[1], aloneB[0]);
    expect(rows[0].received).toBe(60);
    expect(rows[1].received).toBe(35);
    // The same figures as grouping by category at each comune and adding up the counts.
    const byCategory = (await gqlB(plannerB, ANALYTICS.kpis, {})).data!.kpis as Row[];
    expect(byCategory.reduce((s, r) => s + r.received, 0)).toBe(35);
    // The rollups answered that; a filter they cannot serve reads the tickets, with the same figures.
    const fromTickets = (
      await gqlA(planner, KPIS, {
        f: { municipalityIds: [idA, idB], createdFrom: '2000-01-01T00:00:00Z' },
      })
    ).data!.kpis as Row[];
    close(fromTickets[0], rows[0]);
    close(fromTickets[1], rows[1]);
  });

  it('loses a comune at once when its grant is removed; operators cannot be granted', async () => {
    await createStaff(db, 'operatore@example.org', 'operator', ['lavori_pubblici']);
    const op = await gqlAt(
      app,
      A,
      GRANT,
      { m: idA, e: 'operatore@example.org', g: [idB] },
      platform.cookie,
    );
    expect(code(op)).toBe('BAD_USER_INPUT');
    const nobody = await gqlAt(
      app,
      A,
      GRANT,
      { m: idA, e: 'nessuno@example.org', g: [idB] },
      platform.cookie,
    );
    expect(code(nobody)).toBe('NOT_FOUND');
    const unknown = await gqlAt(
      app,
      A,
      GRANT,
      { m: idA, e: 'unione@example.org', g: ['99999'] },
      platform.cookie,
    );
    expect(code(unknown)).toBe('BAD_USER_INPUT');
    // Over HTTP with its JWT: grants are read on every request.
    const login = await gqlAt<{ login: { token: string } }>(
      app,
      A,
      `mutation { login(email: "unione@example.org", password: "${TEST_PASSWORD}") { token } }`,
    );
    const jwt = { authorization: `Bearer ${login.data!.login.token}` };
    const q = 'query($f: TicketFilterInput) { kpis(groupBy: MUNICIPALITY, filter: $f) { key } }';
    const f = { f: { municipalityIds: [idA, idB] } };
    expect((await gqlAt(app, A, q, f, jwt)).errors).toBeUndefined();
    await gqlAt(app, A, GRANT, { m: idA, e: 'unione@example.org', g: [] }, platform.cookie);
    expect(code(await gqlAt(app, A, q, f, jwt))).toBe('FORBIDDEN');
    // Its own comune needs no grant; other lists take no municipalityIds.
    expect((await gqlAt(app, A, q, { f: { municipalityIds: [idA] } }, jwt)).errors).toBeUndefined();
    const inbox = await gqlAt(
      app,
      A,
      'query($f: InboxFilterInput) { inbox(filter: $f) { totalCount } }',
      { f: { municipalityIds: [idA] } },
      jwt,
    );
    expect(inbox.errors?.[0]?.extensions?.field).toBe('municipalityIds');
    await gqlAt(app, A, GRANT, { m: idA, e: 'unione@example.org', g: [idB] }, platform.cookie);
    expect((await gqlAt(app, A, q, f, jwt)).errors).toBeUndefined();
    // Grants are a planner's: the same account made admin of its comune reads its comune only.
    const again = (role: 'admin' | 'planner') =>
      db.services.auth.upsertStaffUser({
        email: 'unione@example.org',
        role,
        password: TEST_PASSWORD,
      });
    await again('admin');
    expect(code(await gqlAt(app, A, q, f, jwt))).toBe('FORBIDDEN');
    await again('planner');
    planner = (await db.services.auth.activeViewer(planner.staffId))!;
    expect(planner.grantedMunicipalityIds).toEqual([second.municipality.id]);
  });

  it('is a planner of its own comune only for everything else: no ticket of a granted comune', async () => {
    const ticketB = (
      await db.pool.query('select id from ticket where municipality_id = $1 limit 1', [idB])
    ).rows[0].id as number;
    const r = await gqlA(planner, 'query($id: ID!) { staffTicket(id: $id) { id } }', {
      id: String(ticketB),
    });
    expect(code(r)).toBe('NOT_FOUND');
    const inbox = await gqlA(planner, '{ inbox(first: 100) { totalCount } }');
    expect(inbox.data).toEqual({ inbox: { totalCount: 60 } });
  });
});

describe('an address with accounts in two comuni', () => {
  it('logs into the account of the comune it is used at, and only that one', async () => {
    await createStaff(db, 'doppio@example.org', 'admin');
    await second.services.auth.upsertStaffUser({
      email: 'doppio@example.org',
      role: 'planner',
      password: 'altra-password-di-b',
    });
    const LOGIN =
      'mutation($p: String!) { login(email: "doppio@example.org", password: $p) { token user { role } } }';
    const atA = await gqlAt<{ login: { token: string; user: { role: string } } }>(app, A, LOGIN, {
      p: TEST_PASSWORD,
    });
    expect(atA.data!.login.user.role).toBe('ADMIN');
    // B's password at A's address is wrong for A's account, and does not reach B's.
    expect(code(await gqlAt(app, A, LOGIN, { p: 'altra-password-di-b' }))).toBe('UNAUTHENTICATED');
    const atB = await gqlAt<{ login: { token: string; user: { role: string } } }>(app, B, LOGIN, {
      p: 'altra-password-di-b',
    });
    expect(atB.data!.login.user.role).toBe('PLANNER');
    expect(code(await gqlAt(app, B, LOGIN, { p: TEST_PASSWORD }))).toBe('UNAUTHENTICATED');
    // Each JWT counts at its own comune only.
    const jwtA = { authorization: `Bearer ${atA.data!.login.token}` };
    const jwtB = { authorization: `Bearer ${atB.data!.login.token}` };
    expect((await gqlAt(app, A, '{ me { role } }', {}, jwtA)).data).toEqual({
      me: { role: 'ADMIN' },
    });
    expect((await gqlAt(app, B, '{ me { role } }', {}, jwtA)).data).toEqual({ me: null });
    expect((await gqlAt(app, B, '{ me { role } }', {}, jwtB)).data).toEqual({
      me: { role: 'PLANNER' },
    });
    expect((await gqlAt(app, A, '{ me { role } }', {}, jwtB)).data).toEqual({ me: null });
    // A's admin of the same address changes nothing in B: its staff list is A's.
    const staff = await gqlAt(app, A, '{ staffUsers { email role } }', {}, jwtA);
    expect(
      (staff.data!.staffUsers as { email: string; role: string }[]).filter(
        (s) => s.email === 'doppio@example.org',
      ),
    ).toEqual([{ email: 'doppio@example.org', role: 'ADMIN' }]);
  });
});
