// A comune that asks reporters to confirm their e-mail (settings.reportConfirmation): submitReport only
// mails a link; until it is used the report is nowhere — not in the office's inbox and its counts, the
// public list, the nearby hints, the planners' KPIs, the street's reports — and then it is everywhere,
// with its tracking code mailed as usual. Off (the default) the single step stays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSegnalaSchema } from '../../server/graphql/build-schema.js';
import { createServices, type Services } from '../../server/services/services.js';
import {
  categoryId,
  reportInput,
  rowCounts,
  streetPoint,
  type StreetPoint,
} from '../helpers/citizen.js';
import { latestConfirmationToken, postConfirmation } from '../helpers/confirmation.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import { createGql, createStaff } from '../helpers/staff-fixtures.js';
import type { Viewer } from '../../server/domain/viewer.js';

const SUBMIT = `mutation($input: SubmitReportInput!) { submitReport(input: $input) { confirmationRequired ticket { code } } }`;

describe('optional report confirmation', () => {
  let db: TestDatabase;
  let held: Services;
  let app: TestApp;
  let gql: ReturnType<typeof createGql>;
  let admin: Viewer;
  let point: StreetPoint;
  let pothole: string;

  /** Everything that could show a report, as one comparable object. */
  async function views() {
    const inbox = await gql(admin, '{ inbox(first: 1) { totalCount } inboxCounts { total } }');
    const kpis = await gql(admin, '{ kpis(groupBy: CATEGORY) { key openBacklog } }');
    const near = await app.gql<{ nearbyTickets: { code: string }[] }>(
      'query($l: PointInput!) { nearbyTickets(location: $l, radiusM: 200) { code } }',
      { l: { lon: point.lon, lat: point.lat } },
    );
    const list = await app.gql<{ tickets: { totalCount: number } }>(
      '{ tickets(first: 1) { totalCount } }',
    );
    const street = await app.gql<{ street: { activeTickets: { totalCount: number } } }>(
      'query($id: ID!) { street(id: $id) { activeTickets(first: 1) { totalCount } } }',
      { id: String(point.streetId) },
    );
    return {
      inbox: inbox.data,
      kpis: kpis.data,
      nearby: near.data!.nearbyTickets.map((t) => t.code).sort(),
      list: list.data!.tickets.totalCount,
      street: street.data!.street.activeTickets.totalCount,
    };
  }

  beforeAll(async () => {
    db = await createTestDatabase({
      RATE_REPORTS_PER_HOUR_ADDRESS: '0',
      RATE_REPORTS_PER_HOUR_EMAIL: '0',
    });
    // The comune's own setting, as comune:settings or the platform would write it.
    await db.pool.query(
      `update municipality set settings = settings || '{"reportConfirmation": true}' where id = $1`,
      [db.municipality.id],
    );
    const municipality = {
      ...db.municipality,
      settings: { ...db.municipality.settings, reportConfirmation: true },
    };
    held = createServices({ pool: db.pool, config: db.config, municipality });
    app = await startTestApp(held);
    gql = createGql(db, await buildSegnalaSchema(), { services: held });
    admin = await createStaff(db, 'admin.conferma@example.org', 'admin');
    point = await streetPoint(db, 5);
    pothole = await categoryId(db, 'buca_stradale');
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('is off by default: the seed comune files at once', async () => {
    // db.services was made from the seed's row, before the setting was switched on.
    expect(db.services.comune.reportConfirmation).toBe(false);
    expect(held.comune.reportConfirmation).toBe(true);
    const r = await app.gql<{ municipality: { reportConfirmation: boolean } }>(
      '{ municipality { reportConfirmation } }',
    );
    expect(r.data!.municipality.reportConfirmation).toBe(true);
  });

  it('holds the report out of every view until the link is used, then files it with its code', async () => {
    const email = 'da.confermare@example.org';
    const before = await views();
    const counts = await rowCounts(db);
    const r = await app.gql<{ submitReport: { confirmationRequired: boolean; ticket: null } }>(
      SUBMIT,
      { input: reportInput(pothole, point, { email, title: 'Buca da confermare' }) },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.submitReport).toEqual({ confirmationRequired: true, ticket: null });
    // Only the link was written: no ticket, reporter, event, office mail.
    const after = await rowCounts(db);
    expect(after.ticket).toBe(counts.ticket);
    expect(after.reporter).toBe(counts.reporter);
    expect(after.ticket_event).toBe(counts.ticket_event);
    expect(after.email_confirmation - counts.email_confirmation).toBe(1);
    expect(after.notification_outbox - counts.notification_outbox).toBe(1);
    const { rows: mails } = await db.pool.query<{ kind: string; recipient: string }>(
      'select kind, recipient from notification_outbox order by id desc limit 1',
    );
    expect(mails[0]).toEqual({ kind: 'confirm_report', recipient: email });
    expect(await views()).toEqual(before);

    // Opening the link changes nothing; the button files it.
    const token = await latestConfirmationToken(db, email, 'confirm_report');
    expect((await fetch(`${app.url}/conferma/${token}`)).status).toBe(200);
    expect(await views()).toEqual(before);
    const done = await postConfirmation(app.url, token);
    expect(done.status).toBe(200);
    const code = new RegExp(
      `${db.municipality.code_prefix}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}`,
    ).exec(await done.text())![0];
    const now = await views();
    expect(now.nearby).toContain(code);
    expect(now.list).toBe(before.list + 1);
    expect(now.street).toBe(before.street + 1);
    expect(now.inbox).not.toEqual(before.inbox);
    expect(now.kpis).not.toEqual(before.kpis);
    const { rows } = await db.pool.query<{ kind: string }>(
      `select kind from notification_outbox o join ticket t on t.id = o.ticket_id and t.municipality_id = o.municipality_id
       where t.code = $1 order by o.id`,
      [code],
    );
    expect(rows.map((x) => x.kind).sort()).toEqual(['office_new_ticket', 'received']);

    // A second use files nothing more.
    const tickets = (await rowCounts(db)).ticket;
    expect((await postConfirmation(app.url, token)).status).toBe(410);
    expect((await rowCounts(db)).ticket).toBe(tickets);
  });

  it('a bad report is refused at once, before any link is mailed', async () => {
    const counts = await rowCounts(db);
    const r = await app.gql(SUBMIT, {
      input: reportInput('999999', point, { email: 'sbagliato@example.org' }),
    });
    expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await rowCounts(db)).toEqual(counts);
  });

  it('a held report whose category closed meanwhile is not filed, with a page saying so', async () => {
    const email = 'categoria.chiusa@example.org';
    const light = await categoryId(db, 'illuminazione_pubblica');
    await app.gql(SUBMIT, { input: reportInput(light, point, { email }) });
    const token = await latestConfirmationToken(db, email, 'confirm_report');
    await db.pool.query('update category set active = false where id = $1', [light]);
    try {
      const tickets = (await rowCounts(db)).ticket;
      const r = await postConfirmation(app.url, token);
      expect(r.status).toBe(409);
      expect(await r.text()).toContain('non può più essere inviata');
      expect((await rowCounts(db)).ticket).toBe(tickets);
    } finally {
      await db.pool.query('update category set active = true where id = $1', [light]);
    }
  });

  it('keeps the photos of a held report from the cleaner of unused uploads', async () => {
    const { rows } = await db.pool.query<{ id: string }>(
      `insert into attachment (municipality_id, id, content_type, size_bytes, width, height, bytes, created_at)
       values ($1, gen_random_uuid(), 'image/png', 1, 1, 1, '\\x00', now() - interval '30 hours') returning id::text`,
      [db.municipality.id],
    );
    const email = 'con.foto@example.org';
    const r = await app.gql(SUBMIT, {
      input: reportInput(pothole, point, { email, attachmentIds: [rows[0].id] }),
    });
    expect(r.errors).toBeUndefined();
    const { deleteUnlinkedAttachments } = await import('../../server/db/attachment.queries.js');
    await deleteUnlinkedAttachments(db.pool, db.municipality.id, 24, 100);
    const token = await latestConfirmationToken(db, email, 'confirm_report');
    expect((await postConfirmation(app.url, token)).status).toBe(200);
    const linked = await db.pool.query('select ticket_id from attachment where id = $1', [
      rows[0].id,
    ]);
    expect(linked.rows[0].ticket_id).not.toBeNull();
  });
});
