// Rights of the data subject end to end, with mail delivered to a real SMTP server: requestMyData and
// requestErasure answer the same for every address (one confirmation row, one mail, one audit row);
// the link shows the copy as a page and as JSON; the erasure anonymises the address on every report and
// follow while tickets, texts and counts stay; the admins see each request and its state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSegnalaSchema } from '../../server/graphql/build-schema.js';
import type { Viewer } from '../../server/domain/viewer.js';
import { createOutboxSender, type OutboxSender } from '../../server/mail/outbox-sender.js';
import { categoryId, reportInput, rowCounts, streetPoint, submit } from '../helpers/citizen.js';
import {
  joinConfirmed,
  latestConfirmationToken,
  postConfirmation,
} from '../helpers/confirmation.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.js';
import { addSecondComune } from '../helpers/second-comune.js';
import { createGql, createStaff } from '../helpers/staff-fixtures.js';

const ASK = (op: string) => `mutation($e: String!) { ${op}(email: $e, locale: "it") { status } }`;

describe('rights of the data subject', () => {
  let db: TestDatabase;
  let app: TestApp;
  let smtp: TestSmtp;
  let sender: OutboxSender;
  let gql: ReturnType<typeof createGql>;
  let admin: Viewer;
  let operator: Viewer;
  let code: string;
  let followed: string;
  const citizen = 'Maria.Interessata@example.org';

  async function raw(op: string, email: string): Promise<string> {
    const r = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: ASK(op), variables: { e: email } }),
    });
    return r.text();
  }

  async function ticketFacts(c: string) {
    const { rows } = await db.pool.query(
      'select title, description, status, supporters_count, version from ticket where code = $1',
      [c],
    );
    return rows[0];
  }

  beforeAll(async () => {
    smtp = await startTestSmtp();
    db = await createTestDatabase({ SMTP_URL: smtp.url, MAIL_POLL_MS: '100' });
    app = await startTestApp(db.services);
    sender = createOutboxSender(db.pool, db.config, {
      info: () => undefined,
      warn: () => undefined,
    });
    sender.start();
    gql = createGql(db, await buildSegnalaSchema());
    admin = await createStaff(db, 'admin.diritti@example.org', 'admin');
    operator = await createStaff(db, 'operatore.diritti@example.org', 'operator', [
      'lavori_pubblici',
    ]);
    const point = await streetPoint(db, 6);
    const pothole = await categoryId(db, 'buca_stradale');
    const mine = await submit(
      app,
      reportInput(pothole, point, {
        email: citizen,
        name: 'Maria Interessata',
        title: 'Buca in piazza',
        houseNumber: '14/B',
      }),
    );
    code = mine.data!.submitReport.ticket.code;
    // The report the citizen follows was written by someone else, with a phone number in its title.
    const other = await submit(
      app,
      reportInput(pothole, point, {
        email: 'altro@example.org',
        title: 'Buca, chiamare Luca al 333 1234567',
      }),
    );
    followed = other.data!.submitReport.ticket.code;
    await joinConfirmed(db, followed, citizen.toLowerCase());
  });

  afterAll(async () => {
    await sender?.stop();
    await app?.close();
    await smtp?.close();
    await db?.close();
  });

  it('answers the same for an address with data and one without, and writes the same rows', async () => {
    for (const op of ['requestMyData', 'requestErasure']) {
      const diffs: Record<string, number>[] = [];
      const bodies: string[] = [];
      for (const email of [citizen, 'nessun.dato@example.org']) {
        const before = await rowCounts(db);
        bodies.push(await raw(op, email));
        const after = await rowCounts(db);
        diffs.push(
          Object.fromEntries(
            Object.keys(after)
              .filter((t) => after[t] !== before[t] && t !== 'rate_limit_counter')
              .map((t) => [t, after[t] - before[t]]),
          ),
        );
      }
      expect(JSON.parse(bodies[0])).toEqual({ data: { [op]: { status: 'REQUEST_SENT' } } });
      expect(bodies[1]).toBe(bodies[0]);
      expect(diffs[0]).toEqual({ email_confirmation: 1, notification_outbox: 1, audit_log: 1 });
      expect(diffs[1]).toEqual(diffs[0]);
    }
    await smtp.waitFor(2, (m) => m.to.includes('nessun.dato@example.org'));
  });

  it('a bad address is BAD_USER_INPUT and writes nothing', async () => {
    const before = await rowCounts(db);
    const r = JSON.parse(await raw('requestMyData', 'non-un-indirizzo'));
    expect(r.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await rowCounts(db)).toEqual(before);
  });

  it('mails a link that shows the copy as a page and as JSON', async () => {
    const [mail] = await smtp.waitFor(
      1,
      (m) => m.to.includes(citizen) && m.subject.includes('La copia dei tuoi dati'),
    );
    const token = /\/conferma\/([\w-]{32})/.exec(mail.decoded)![1];
    const ask = await fetch(`${app.url}/conferma/${token}`);
    expect(ask.status).toBe(200);
    expect(await ask.text()).not.toContain(code); // GET shows no data, only the button
    const page = await postConfirmation(app.url, token);
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const text of [
      code,
      followed,
      'Buca in piazza',
      'Maria Interessata',
      '<td>14/B</td>',
      'name="format" value="json"',
    ])
      expect(html).toContain(text);
    const json = await postConfirmation(app.url, token, 'format=json');
    expect(json.headers.get('content-type')).toContain('application/json');
    const copy = (await json.json()) as {
      reports: { code: string; name: string; house_number: string | null }[];
      follows: { code: string; title: string }[];
      mails: unknown[];
    };
    expect(copy.reports.map((r) => r.code)).toEqual([code]);
    expect(copy.reports[0].name).toBe('Maria Interessata');
    // The civic number given with the report is part of what the comune holds (sql/065).
    expect(copy.reports[0].house_number).toBe('14/B');
    expect(copy.follows.map((f) => f.code)).toEqual([followed]);
    // Someone else's text comes as the public read it: their phone number masked.
    expect(copy.follows[0].title).toBe('Buca, chiamare Luca al [telefono nascosto]');
    expect(html).not.toContain('1234567');
    expect(copy.mails.length).toBeGreaterThan(0);
  });

  it('the erasure, once confirmed, anonymises every report and follow; tickets and counts stay', async () => {
    const mineBefore = await ticketFacts(code);
    const followedBefore = await ticketFacts(followed);
    const kpisBefore = await gql(admin, '{ kpis(groupBy: CATEGORY) { key openBacklog } }');
    const token = await latestConfirmationToken(db, citizen, 'confirm_erasure');
    // A report of the same address held for e-mail confirmation: its draft is in the link's payload.
    await db.pool.query(
      `insert into email_confirmation (municipality_id, purpose, token_hash, email, email_hash, payload, expires_at)
       select municipality_id, 'report', sha256(convert_to('held-draft', 'UTF8')), email, email_hash,
         '{"draft": {"title": "Buca sotto casa di Maria", "email": "maria.interessata@example.org"}}'::jsonb,
         now() + interval '1 day'
       from email_confirmation where purpose = 'erasure' and lower(email) = lower($1) limit 1`,
      [citizen],
    );
    // Opening the link does nothing.
    expect((await fetch(`${app.url}/conferma/${token}`)).status).toBe(200);
    const still = await db.pool.query('select email from reporter where lower(email) = lower($1)', [
      citizen,
    ]);
    expect(still.rows).toHaveLength(1);

    const done = await postConfirmation(app.url, token);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Dati cancellati');
    const reporters = await db.pool.query(
      `select r.email, r.name, r.anonymised_at from reporter r join ticket t on t.id = r.ticket_id where t.code = $1`,
      [code],
    );
    expect(reporters.rows[0]).toMatchObject({ email: null, name: null });
    expect(reporters.rows[0].anonymised_at).not.toBeNull();
    const left = await db.pool.query(
      `select (select count(*)::int from reporter where lower(email) = lower($1)) +
              (select count(*)::int from ticket_supporter where email_key = lower($1)) +
              (select count(*)::int from notification_outbox where lower(recipient) = lower($1)) +
              (select count(*)::int from email_confirmation where lower(email) = lower($1)) as n`,
      [citizen],
    );
    expect(left.rows[0].n).toBe(0);
    // No link of the address keeps what it carried (the held draft above).
    const payloads = await db.pool.query<{ payload: unknown }>(
      `select payload from email_confirmation where email is null and email_hash =
         (select email_hash from email_confirmation where token_hash = sha256(convert_to('held-draft', 'UTF8')))`,
    );
    expect(payloads.rows.length).toBeGreaterThanOrEqual(3);
    expect(payloads.rows.every((r) => JSON.stringify(r.payload) === '{}')).toBe(true);
    expect(await ticketFacts(code)).toEqual(mineBefore);
    expect(await ticketFacts(followed)).toEqual(followedBefore);
    expect(await gql(admin, '{ kpis(groupBy: CATEGORY) { key openBacklog } }')).toEqual(kpisBefore);
    // The office no longer reaches the contact.
    const { rows } = await db.pool.query('select id from ticket where code = $1', [code]);
    const reporter = await gql(
      admin,
      'query($id: ID!) { staffTicket(id: $id) { reporter { email } } }',
      {
        id: String(rows[0].id),
      },
    );
    expect(JSON.stringify(reporter)).not.toMatch(/interessata/i);

    // A second use of the link changes nothing.
    expect((await postConfirmation(app.url, token)).status).toBe(410);
  });

  it('the admins see every request with its state; others do not; each step is audited', async () => {
    const r = await gql(
      admin,
      '{ privacyRequests(first: 20) { totalCount edges { node { id kind state email requestedAt completedAt } } } }',
    );
    expect(r.errors).toBeUndefined();
    const connection = r.data!.privacyRequests as {
      totalCount: number;
      edges: { node: { kind: string; state: string; email: string | null } }[];
    };
    const list = connection.edges.map((e) => e.node);
    expect(connection.totalCount).toBe(list.length);
    expect(list.filter((x) => x.kind === 'ERASURE' && x.state === 'COMPLETED')).toHaveLength(1);
    expect(list.filter((x) => x.kind === 'DATA_COPY' && x.state === 'COMPLETED')).toHaveLength(1);
    expect(list.filter((x) => x.state === 'PENDING')).toHaveLength(2); // the address without data
    // The erased address is kept by no request.
    expect(list.every((x) => x.email?.toLowerCase() !== citizen.toLowerCase())).toBe(true);
    expect(
      (await gql(operator, '{ privacyRequests { totalCount } }')).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
    const audit = await db.pool.query<{ action: string }>(
      `select action from audit_log where action like 'privacy.%' order by id`,
    );
    expect(audit.rows.map((a) => a.action)).toEqual([
      'privacy.request.data_copy',
      'privacy.request.data_copy',
      'privacy.request.erasure',
      'privacy.request.erasure',
      'privacy.completed.data_copy',
      'privacy.completed.erasure',
    ]);
    const details = await db.pool.query(
      `select details::text, target from audit_log where action like 'privacy.%'`,
    );
    expect(JSON.stringify(details.rows)).not.toMatch(/@/);
  });

  it('the admins’ list pages newest first with a total; past the end and in a comune with none it is empty', async () => {
    for (let i = 0; i < 7; i++)
      await db.services.dataSubject.request(
        'data_copy',
        `pagina${i}@example.org`,
        'it',
        `203.0.113.${60 + i}`,
      );
    const PAGE = `query($after: String) { privacyRequests(first: 3, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id requestedAt } } } }`;
    type Conn = {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: { node: { id: string; requestedAt: string } }[];
    };
    const { rows } = await db.pool.query<{ n: number }>(
      `select count(*)::int as n from email_confirmation where municipality_id = $1 and purpose in ('data_copy', 'erasure')`,
      [db.municipality.id],
    );
    const total = rows[0].n;
    expect(total).toBeGreaterThan(7);
    const seen: { id: string; requestedAt: string }[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const r = await gql(admin, PAGE, { after });
      expect(r.errors).toBeUndefined();
      const c = r.data!.privacyRequests as Conn;
      expect(c.totalCount).toBe(total);
      expect(c.edges.length).toBeLessThanOrEqual(3);
      seen.push(...c.edges.map((e) => e.node));
      pages++;
      if (!c.pageInfo.hasNextPage) {
        after = c.pageInfo.endCursor;
        break;
      }
      after = c.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(total / 3));
    expect(new Set(seen.map((x) => x.id)).size).toBe(total);
    const times = seen.map((x) => Date.parse(x.requestedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // Past the end: no rows, the same total.
    const past = (await gql(admin, PAGE, { after })).data!.privacyRequests as Conn;
    expect(past).toMatchObject({ totalCount: total, edges: [], pageInfo: { hasNextPage: false } });
    const bad = await gql(admin, PAGE, { after: 'not-a-cursor' });
    expect(bad.errors?.[0].extensions?.code).toBe('INVALID_CURSOR');
    expect(
      (await gql(admin, '{ privacyRequests(first: 101) { totalCount } }')).errors?.[0].extensions
        ?.code,
    ).toBe('BAD_USER_INPUT');

    // A comune where nobody asked: an empty page, total 0.
    const b = await addSecondComune(db);
    const bAdmin = await createStaff(b.db, 'admin.b.diritti@example.org', 'admin');
    const bGql = createGql(b.db, await buildSegnalaSchema(), { services: b.services });
    const empty = await bGql(bAdmin, PAGE, { after: null });
    expect(empty.errors).toBeUndefined();
    expect(empty.data!.privacyRequests).toEqual({
      totalCount: 0,
      pageInfo: { hasNextPage: false, endCursor: null },
      edges: [],
    });
  });
});
