// The whole citizen journey over HTTP, with mail delivered to a real SMTP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxSender, type OutboxSender } from '../../server/mail/outbox-sender.js';
import { categoryId, JOIN_REPORT, reportInput, streetPoint, submit } from '../helpers/citizen.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.js';
import { officeEmail } from '../helpers/test-comune.js';

describe('citizen flow over HTTP', () => {
  let db: TestDatabase;
  let app: TestApp;
  let smtp: TestSmtp;
  let sender: OutboxSender;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    db = await createTestDatabase({ SMTP_URL: smtp.url, MAIL_POLL_MS: '100' });
    app = await startTestApp(db.services);
    sender = createOutboxSender(db.pool, db.config, {
      info: () => undefined,
      warn: () => undefined,
    });
    sender.start();
  });

  afterAll(async () => {
    await sender?.stop();
    await app?.close();
    await smtp?.close();
    await db?.close();
  });

  it('submit → confirmation mail → ticket(code) → nearbyTickets → joinReport → supporter mail', async () => {
    const point = await streetPoint(db, 3);
    const pothole = await categoryId(db, 'buca_stradale');
    const submitted = await submit(
      app,
      reportInput(pothole, point, { email: 'Mario.Rossi@example.org', locale: 'it' }),
    );
    expect(submitted.errors).toBeUndefined();
    const ticket = submitted.data!.submitReport.ticket;
    expect(ticket.code).toMatch(
      new RegExp(`^${db.municipality.code_prefix}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$`),
    );
    expect(ticket.status).toBe('RECEIVED');
    expect(ticket.street?.id).toBe(String(point.streetId));
    expect(ticket.office.name).toBe('Ufficio Tecnico – Lavori Pubblici');

    // The reporter's confirmation (and the office's notice) arrive at the SMTP server.
    const [confirmation] = await smtp.waitFor(1, (m) => m.to.includes('Mario.Rossi@example.org'));
    expect(confirmation.subject).toContain(ticket.code);
    expect(confirmation.decoded).toContain(`http://segnala.test/segnalazioni/${ticket.code}`);
    expect(confirmation.headers.get('list-unsubscribe')).toMatch(
      new RegExp(`^<http://segnala.test/unsubscribe/${ticket.code}/[\\w-]{32}>$`),
    );
    expect(confirmation.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(confirmation.raw).toContain('text/html');
    const office = await officeEmail(db, 'lavori_pubblici');
    await smtp.waitFor(1, (m) => m.to.includes(office));

    // Anyone can read it by code, without any personal data.
    const read = await app.gql<{ ticket: Record<string, unknown> }>(
      `query($code: String!) { ticket(code: $code) { code status statusLabel statusLabelEn title supportersCount
         category { code } street { name } location { lon lat } timeline { kind status } } }`,
      { code: ticket.code.toLowerCase() },
    );
    expect(read.data?.ticket).toMatchObject({
      code: ticket.code,
      statusLabel: 'ricevuta',
      statusLabelEn: 'received',
      supportersCount: 0,
    });
    expect(read.data?.ticket.timeline).toEqual([{ kind: 'received', status: 'RECEIVED' }]);
    expect(JSON.stringify(read)).not.toMatch(/rossi/i);

    // A second citizen, a few metres away, is offered the same ticket as "È lo stesso problema?".
    const nearby = await app.gql<{
      nearbyTickets: { code: string; distanceM: number; supportersCount: number }[];
    }>(
      `query($location: PointInput!, $categoryId: ID) { nearbyTickets(location: $location, categoryId: $categoryId) { code distanceM supportersCount status } }`,
      { location: { lon: point.lon + 0.0001, lat: point.lat }, categoryId: pothole },
    );
    expect(nearby.data?.nearbyTickets[0].code).toBe(ticket.code);
    expect(nearby.data?.nearbyTickets[0].distanceM).toBeGreaterThan(5);
    expect(nearby.data?.nearbyTickets[0].distanceM).toBeLessThan(12);

    const joined = await app.gql<{ joinReport: { status: string } }>(JOIN_REPORT, {
      code: ticket.code,
      email: 'giulia.bianchi@example.org',
      locale: 'en',
    });
    expect(joined.errors).toBeUndefined();
    expect(joined.data?.joinReport).toEqual({ status: 'CONFIRMATION_SENT' });

    // Double opt-in: the link arrives by mail; opening it (as a scanner would) changes nothing.
    const [ask] = await smtp.waitFor(
      1,
      (m) => m.to.includes('giulia.bianchi@example.org') && m.decoded.includes('/conferma/'),
    );
    expect(ask.subject).toContain('Confirm that you join the report');
    const confirmLink = /(http:\/\/segnala\.test\/conferma\/[\w-]{32})/
      .exec(ask.decoded)![1]
      .replace('http://segnala.test', app.url);
    expect((await fetch(confirmLink)).status).toBe(200);
    const count = async () =>
      (
        await app.gql<{ ticket: { supportersCount: number } }>(
          'query($code: String!) { ticket(code: $code) { supportersCount } }',
          { code: ticket.code },
        )
      ).data!.ticket.supportersCount;
    expect(await count()).toBe(0);
    expect((await fetch(confirmLink, { method: 'POST' })).status).toBe(200);
    expect(await count()).toBe(1);

    const [supporterMail] = await smtp.waitFor(
      1,
      (m) => m.to.includes('giulia.bianchi@example.org') && m.subject.includes('You now follow'),
    );
    expect(supporterMail.subject).toContain('You now follow the report');
    // Her language travels in the link: the page opens in English.
    expect(supporterMail.decoded).toContain(
      `http://segnala.test/segnalazioni/${ticket.code}?lang=en`,
    );
    expect(supporterMail.headers.get('list-unsubscribe')).toBeTruthy();

    // The unsubscribe link works with one click and stops that address only.
    const link = /<([^>]+)>/
      .exec(supporterMail.headers.get('list-unsubscribe')!)![1]
      .replace('http://segnala.test', app.url);
    // Opening the link (as a mail scanner would) only asks for confirmation.
    const opened = await fetch(link);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain('<form method="post">');
    const before = await db.pool.query(
      'select unsubscribed_at from ticket_supporter where email_key = $1',
      ['giulia.bianchi@example.org'],
    );
    expect(before.rows[0].unsubscribed_at).toBeNull();
    const click = await fetch(link, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(click.status).toBe(200);
    const { rows } = await db.pool.query(
      'select unsubscribed_at from ticket_supporter where email_key = $1',
      ['giulia.bianchi@example.org'],
    );
    expect(rows[0].unsubscribed_at).not.toBeNull();
    expect(
      (await fetch(link.replace(/\/[\w-]{32}$/, '/' + 'x'.repeat(32)), { method: 'POST' })).status,
    ).toBe(404);
  });
});
