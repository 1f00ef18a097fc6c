// "Every mail says the right comune" (issue 16) for the mails comuni-settings.test.ts does not send: a
// second comune's join confirmation and "already following" notice, its report confirmation link (a
// comune with settings.reportConfirmation, sql/055) and the mails once it is used, the link mailed to a
// contractor, and the notice that a failing webhook was paused. Each is delivered to a real SMTP server
// and carries B's name, B's sender and links under /c/{B}/ only: nothing of the default comune.
import type { GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/domain/viewer.js';
import { buildSegnalaSchema } from '../../server/graphql/build-schema.js';
import { createOutboxSender } from '../../server/mail/outbox-sender.js';
import { comuniChanged } from '../../server/services/comune-changes.js';
import { createWebhookSender } from '../../server/webhooks/webhook-sender.js';
import { categoryId, reportInput, streetPoint } from '../helpers/citizen.js';
import { gqlAt } from '../helpers/comune-http.js';
import { latestConfirmationToken, postConfirmation } from '../helpers/confirmation.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import { addSecondComune, type SecondComune } from '../helpers/second-comune.js';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../helpers/smtp.js';
import { createGql, createStaff } from '../helpers/staff-fixtures.js';

const B_FROM = 'Comune di Pietrasanta <urp@pietrasanta.example.org>';
const B_BASE = 'http://segnala.test/c/046024/';
const B_API = '/c/046024/graphql';
const SUBMIT = `mutation($input: SubmitReportInput!) { submitReport(input: $input) { confirmationRequired ticket { code } } }`;
const JOIN = `mutation($code: String!, $email: String!) { joinReport(code: $code, email: $email, locale: "it") { status } }`;
const quiet = { info: () => undefined, warn: () => undefined };

let smtp: TestSmtp;
let db: TestDatabase;
let b: SecondComune;
let app: TestApp;
let schema: GraphQLSchema;
let adminB: Viewer;
let operatorB: Viewer;
let address = 0;

const sendOutbox = () => createOutboxSender(db.pool, db.config, quiet).runOnce();

/**
 * A mail of comune B: B's sender, name and links, and not a word of Seravezza (the default comune).
 * `others`: links the mail names that are no page of Segnala (a webhook receiver's origin).
 */
function expectOfB(mail: ReceivedMail, others: string[] = []): void {
  expect(mail.headers.get('from')).toBe(B_FROM);
  expect(mail.subject).toContain('Comune di Pietrasanta');
  // decoded starts with the raw message; after it, the text and HTML parts, decoded.
  const body = mail.decoded.slice(mail.raw.length);
  expect(body).toContain('Comune di Pietrasanta');
  expect(`${mail.subject}\n${mail.decoded}`).not.toMatch(/Seravezza|segnala@localhost|SRV-/);
  const links = (body.match(/https?:\/\/[^\s"'<>)\]]+/g) ?? []).filter((l) => !others.includes(l));
  expect(links.length).toBeGreaterThan(0);
  for (const link of links) expect(link.startsWith(B_BASE), link).toBe(true);
  const unsubscribe = mail.headers.get('list-unsubscribe');
  if (unsubscribe) expect(unsubscribe).toContain(`<${B_BASE}unsubscribe/`);
}

async function submitAtB(email: string): Promise<{ confirmationRequired: boolean; code?: string }> {
  const point = await streetPoint(b.db);
  address += 1;
  const r = await gqlAt<{
    submitReport: { confirmationRequired: boolean; ticket: { code: string } | null };
  }>(
    app,
    B_API,
    SUBMIT,
    { input: reportInput(await categoryId(b.db, 'buca_stradale'), point, { email }) },
    { 'x-forwarded-for': `198.51.100.${address}` },
  );
  expect(r.errors).toBeUndefined();
  return {
    confirmationRequired: r.data!.submitReport.confirmationRequired,
    code: r.data!.submitReport.ticket?.code,
  };
}

async function ticketOfB(code: string): Promise<{ id: number; version: number }> {
  const { rows } = await db.pool.query<{ id: number; version: number }>(
    'select id, version from ticket where municipality_id = $1 and code = $2',
    [b.municipality.id, code],
  );
  return { id: Number(rows[0].id), version: rows[0].version };
}

/** The one mail to `to` that arrived after `sent` mails. */
async function nextMailTo(to: string, sent: number, match = (_: ReceivedMail) => true) {
  const [mail] = await smtp.waitFor(
    1,
    (m) => m.to.includes(to) && smtp.mails.indexOf(m) >= sent && match(m),
  );
  return mail;
}

beforeAll(async () => {
  smtp = await startTestSmtp();
  db = await createTestDatabase({
    SMTP_URL: smtp.url,
    WEBHOOK_ALLOW_HTTP: 'true',
    WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
    WEBHOOK_RETRY_BASE_MS: '1',
    WEBHOOK_RETRY_MAX_MS: '1',
    WEBHOOK_TIMEOUT_MS: '2000',
    WEBHOOK_PAUSE_AFTER_FAILURES: '1',
  });
  b = await addSecondComune(db);
  await db.pool.query('update municipality set mail_from = $2 where id = $1', [
    b.municipality.id,
    B_FROM,
  ]);
  comuniChanged();
  schema = await buildSegnalaSchema();
  adminB = await createStaff(b.db, 'integrazioni@pietrasanta.example.org', 'admin');
  operatorB = await createStaff(b.db, 'operatore@pietrasanta.example.org', 'operator', [
    'lavori_pubblici',
  ]);
  app = await startTestApp(db.services);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await smtp?.close();
  await db?.close();
});

describe("a second comune's mails name it, and only it", { timeout: 60_000 }, () => {
  it("joining B's report: the confirmation link and the 'already following' notice", async () => {
    const reporter = 'segnalante.b@example.org';
    const { code } = await submitAtB(reporter);
    const sent = smtp.mails.length;
    for (const email of ['sostenitrice.b@example.org', reporter]) {
      const r = await gqlAt(app, B_API, JOIN, { code, email });
      expect(r.errors).toBeUndefined();
    }
    await sendOutbox();
    const join = await nextMailTo('sostenitrice.b@example.org', sent);
    expectOfB(join);
    expect(join.decoded).toMatch(/http:\/\/segnala\.test\/c\/046024\/conferma\/[A-Za-z0-9_-]{32}/);
    const already = await nextMailTo(reporter, sent, (m) => !m.subject.includes('ricevuta'));
    expectOfB(already);
    expect(already.decoded).toContain(`${B_BASE}segnalazioni/${code}`);
  });

  it('a report held for confirmation at B: the link, then the mails of the filed report', async () => {
    await db.pool.query(
      `update municipality set settings = settings || '{"reportConfirmation": true}' where id = $1`,
      [b.municipality.id],
    );
    comuniChanged();
    try {
      const email = 'da.confermare.b@example.org';
      const held = await submitAtB(email);
      expect(held).toEqual({ confirmationRequired: true, code: undefined });
      const sent = smtp.mails.length;
      await sendOutbox();
      const link = await nextMailTo(email, sent);
      expectOfB(link);
      expect(link.decoded).toMatch(
        /http:\/\/segnala\.test\/c\/046024\/conferma\/[A-Za-z0-9_-]{32}/,
      );

      // Used under B's address, it files the report there; its mails name B too.
      const token = await latestConfirmationToken(db, email, 'confirm_report');
      expect((await postConfirmation(`${app.url}/c/046024`, token)).status).toBe(200);
      const { rows } = await db.pool.query<{ code: string; municipality_id: number }>(
        `select t.code, t.municipality_id from ticket t join reporter r
           on r.municipality_id = t.municipality_id and r.ticket_id = t.id where r.email = $1`,
        [email],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].municipality_id).toBe(b.municipality.id);
      const filed = smtp.mails.length;
      await sendOutbox();
      const received = await nextMailTo(email, filed);
      expectOfB(received);
      expect(received.decoded).toContain(`${B_BASE}segnalazioni/${rows[0].code}`);
    } finally {
      await db.pool.query(
        `update municipality set settings = settings - 'reportConfirmation' where id = $1`,
        [b.municipality.id],
      );
      comuniChanged();
    }
  });

  it("a ticket of B forwarded to B's contractor: the contractor's link is under /c/{B}/", async () => {
    const gqlB = createGql(b.db, schema);
    const saved = await gqlB(
      adminB,
      `mutation($input: ContractorInput!) { saveContractor(input: $input) { id } }`,
      {
        input: {
          name: 'Asfalti Versilia',
          email: 'lavori@asfalti-versilia.example',
          categoryIds: [await categoryId(b.db, 'buca_stradale')],
        },
      },
    );
    expect(saved.errors).toBeUndefined();
    const { code } = await submitAtB('per.la.ditta@example.org');
    const ticket = await ticketOfB(code!);
    const sent = smtp.mails.length;
    const forwarded = await gqlB(
      operatorB,
      `mutation($id: ID!, $version: Int!, $c: ID!) { forwardToContractor(id: $id, version: $version, contractorId: $c, instructions: "Chiudere la buca.") { ticket { id } } }`,
      {
        id: String(ticket.id),
        version: ticket.version,
        c: (saved.data!.saveContractor as { id: string }).id,
      },
    );
    expect(forwarded.errors).toBeUndefined();
    await sendOutbox();
    const mail = await nextMailTo('lavori@asfalti-versilia.example', sent);
    expectOfB(mail);
    expect(mail.decoded).toMatch(/http:\/\/segnala\.test\/c\/046024\/ditta\/[A-Za-z0-9_-]{43}/);
    expect(mail.decoded).not.toContain('per.la.ditta@example.org');
  });

  it("a failing webhook of B is paused: its owner's mail points to B's API", async () => {
    const gqlB = createGql(b.db, schema);
    // Nothing listens on port 9 of the loopback: every delivery fails at once.
    const created = await gqlB(
      adminB,
      `mutation { createWebhook(input: { url: "http://127.0.0.1:9/segnala", events: ["ticket.created"] }) { webhook { id } } }`,
    );
    expect(created.errors).toBeUndefined();
    await submitAtB('evento.webhook@example.org');
    const sender = createWebhookSender(db.pool, db.config, quiet);
    try {
      for (let i = 0; i < 5; i++) {
        await sender.runOnce();
        const { rows } = await db.pool.query(
          `select 1 from webhook_subscription where municipality_id = $1 and status = 'paused'`,
          [b.municipality.id],
        );
        if (rows.length) break;
        await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      await sender.stop();
    }
    const sent = smtp.mails.length;
    await sendOutbox();
    const mail = await nextMailTo('integrazioni@pietrasanta.example.org', sent);
    expectOfB(mail, ['http://127.0.0.1:9']);
    expect(mail.subject).toMatch(/^Webhook \d+ sospeso/);
    expect(mail.decoded).toContain(`${B_BASE}graphql`);
    expect(mail.decoded).not.toContain('evento.webhook@example.org');
  });
});
