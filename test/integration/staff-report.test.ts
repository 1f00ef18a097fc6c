// Reports taken by staff (issue 12, part 5): the citizen form's rules, routing and tracking code, the
// e-mail optional (none: no citizen mail; given: the same mails, delivered to a real SMTP server), the
// channel stored, filterable and counted in the KPIs; a point outside the comune refused as a citizen's is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/domain/viewer.js';
import { categoryId, reportInput, rowCounts, streetPoint } from '../helpers/citizen.js';
import { createStaff, errorCode } from '../helpers/staff-fixtures.js';
import { startWorkflowFixture, type WorkflowFixture } from '../helpers/workflow-fixture.js';

const CREATE = `mutation($input: StaffReportInput!) {
  createStaffReport(input: $input) { ticket { id code channel status office { name } } } }`;

describe('createStaffReport', () => {
  let fx: WorkflowFixture;
  let desk: Viewer;
  let planner: Viewer;
  let pothole: string;
  let point: { lon: number; lat: number };

  beforeAll(async () => {
    fx = await startWorkflowFixture();
    fx.sender.start();
    // A desk operator of another office than the one the pothole is routed to.
    desk = await createStaff(fx.db, 'urp@example.org', 'operator', ['polizia_municipale']);
    planner = await createStaff(fx.db, 'planner@example.org', 'planner');
    pothole = await categoryId(fx.db, 'buca_stradale');
    point = await streetPoint(fx.db, 5);
  });

  afterAll(async () => {
    await fx?.close();
  });

  const input = (overrides: Record<string, unknown> = {}) => {
    const { email: _e, privacyConsent: _p, ...base } = reportInput(pothole, point);
    void _e;
    void _p;
    return { ...base, name: null, channel: 'PHONE', ...overrides };
  };

  it('without an e-mail: a tracking code, routed like a citizen report, channel stored, no citizen mail', async () => {
    const r = await fx.gql(desk, CREATE, { input: input() });
    expect(r.errors).toBeUndefined();
    const t = (r.data!.createStaffReport as { ticket: Record<string, unknown> }).ticket;
    expect(t.code).toMatch(
      new RegExp(`^${fx.db.municipality.code_prefix}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$`),
    );
    expect(t).toMatchObject({ channel: 'PHONE', status: 'RECEIVED' });
    expect((t.office as { name: string }).name).toBe('Ufficio Tecnico – Lavori Pubblici');
    const { rows } = await fx.db.pool.query(
      `select t.channel, (select count(*)::int from reporter r where r.municipality_id = t.municipality_id and r.ticket_id = t.id) as reporters,
         (select array_agg(kind order by id) from notification_outbox o where o.municipality_id = t.municipality_id and o.ticket_id = t.id) as mails,
         (select actor_staff_id from ticket_event e where e.municipality_id = t.municipality_id and e.ticket_id = t.id and e.kind = 'received') as actor
       from ticket t where t.municipality_id = $1 and t.code = $2`,
      [fx.db.municipality.id, t.code],
    );
    expect(rows[0]).toEqual({
      channel: 'phone',
      reporters: 0,
      mails: ['office_new_ticket'],
      actor: desk.staffId,
    });
    const audit = await fx.db.pool.query(
      `select details from audit_log where municipality_id = $1 and action = 'ticket.createStaffReport' and actor_staff_id = $2`,
      [fx.db.municipality.id, desk.staffId],
    );
    expect(audit.rows[0].details).toMatchObject({
      code: t.code,
      channel: 'phone',
      withEmail: false,
    });
    // The public page shows it like any report; public timeline as a citizen's.
    const pub = await fx.gql(
      null,
      `query($c: String!) { ticket(code: $c) { code timeline { kind } } }`,
      {
        c: t.code,
      },
    );
    expect(pub.data?.ticket).toMatchObject({ code: t.code, timeline: [{ kind: 'received' }] });
  });

  it('with an e-mail: the citizen gets the same confirmation mail, over real SMTP', async () => {
    const r = await fx.gql(desk, CREATE, {
      input: input({
        channel: 'DESK',
        email: 'Giulia.Bianchi@example.org',
        name: 'Giulia Bianchi',
        phone: '+39 0584 111111',
        privacyConsent: true,
        locale: 'en',
      }),
    });
    expect(r.errors).toBeUndefined();
    const code = (r.data!.createStaffReport as { ticket: { code: string; channel: string } })
      .ticket;
    expect(code.channel).toBe('DESK');
    const [mail] = await fx.smtp.waitFor(1, (m) => m.to.includes('Giulia.Bianchi@example.org'));
    expect(mail.subject).toContain(code.code);
    expect(mail.decoded).toContain(`/segnalazioni/${code.code}`);
    expect(mail.headers.get('list-unsubscribe')).toMatch(/\/unsubscribe\//);
    const reporter = await fx.db.pool.query(
      `select r.email, r.name, r.phone, r.locale from reporter r join ticket t on t.municipality_id = r.municipality_id and t.id = r.ticket_id
       where t.municipality_id = $1 and t.code = $2`,
      [fx.db.municipality.id, code.code],
    );
    expect(reporter.rows[0]).toEqual({
      email: 'Giulia.Bianchi@example.org',
      name: 'Giulia Bianchi',
      phone: '+39 0584 111111',
      locale: 'en',
    });
  });

  it('a contact without consent, an unknown channel or WEB, a point outside the comune: refused, nothing written', async () => {
    const before = await rowCounts(fx.db);
    const noConsent = await fx.gql(desk, CREATE, { input: input({ email: 'x@example.org' }) });
    expect(errorCode(noConsent)).toBe('BAD_USER_INPUT');
    expect(noConsent.errors?.[0].extensions?.field).toBe('privacyConsent');
    const web = await fx.gql(desk, CREATE, { input: input({ channel: 'WEB' }) });
    expect(web.errors?.[0].extensions?.field).toBe('channel');
    const badEmail = await fx.gql(desk, CREATE, {
      input: input({ email: 'not-an-email', privacyConsent: true }),
    });
    expect(badEmail.errors?.[0].extensions?.field).toBe('email');
    // Pietrasanta, the next town to the south: the same refusal as a citizen's.
    const outside = await fx.gql(desk, CREATE, {
      input: input({ location: { lon: 10.2277, lat: 43.9593 } }),
    });
    expect(errorCode(outside)).toBe('OUTSIDE_MUNICIPALITY');
    expect(await rowCounts(fx.db)).toEqual(before);
  });

  it('planners and citizens may not file one', async () => {
    expect(errorCode(await fx.gql(planner, CREATE, { input: input() }))).toBe('FORBIDDEN');
    expect(errorCode(await fx.gql(null, CREATE, { input: input() }))).toBe('UNAUTHENTICATED');
  });

  it('the channel filters staff and analytics lists and is counted in the KPIs', async () => {
    await fx.gql(desk, CREATE, { input: input({ channel: 'PEC', title: 'Lampione spento PEC' }) });
    const admin = await createStaff(fx.db, 'admin-channel@example.org', 'admin');
    const inbox = await fx.gql(
      admin,
      `{ inbox(filter: { channels: [PHONE, PEC] }, first: 50) { totalCount edges { node { channel } } } }`,
    );
    expect(inbox.errors).toBeUndefined();
    const page = inbox.data!.inbox as {
      totalCount: number;
      edges: { node: { channel: string } }[];
    };
    expect(page.totalCount).toBe(2);
    expect(new Set(page.edges.map((e) => e.node.channel))).toEqual(new Set(['PHONE', 'PEC']));

    const kpis = await fx.gql(admin, `{ kpis(groupBy: CHANNEL) { key label received } }`);
    expect(kpis.errors).toBeUndefined();
    const rows = kpis.data!.kpis as { key: string; label: string; received: number }[];
    // The oracle: counted straight from the tickets.
    const { rows: oracle } = await fx.db.pool.query<{ channel: string; n: number }>(
      'select channel, count(*)::int as n from ticket where municipality_id = $1 group by 1',
      [fx.db.municipality.id],
    );
    expect(Object.fromEntries(rows.map((r) => [r.key, r.received]))).toEqual(
      Object.fromEntries(oracle.map((o) => [o.channel, o.n])),
    );
    expect(rows.find((r) => r.key === 'phone')).toMatchObject({ label: 'telefono', received: 1 });
    expect(rows.find((r) => r.key === 'desk')?.received).toBe(1);
    // Filtering by channel is never answered from the rollups (they have no channel).
    const byCategory = await fx.gql(
      admin,
      `{ kpis(groupBy: CATEGORY, filter: { channels: [PEC] }) { received } }`,
    );
    expect(
      (byCategory.data!.kpis as { received: number }[]).reduce((n, r) => n + r.received, 0),
    ).toBe(1);
  });
});
