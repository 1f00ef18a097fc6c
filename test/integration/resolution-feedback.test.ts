// Issue 14 items 6 and 7 end to end, mail through a real SMTP server: "le mie segnalazioni" answers the
// same for every address and mails a short-lived link in the person's language that lists the reports
// sent and followed, with phases and an unsubscribe each; the resolution mail carries "Non è risolto?"
// and "Com'è andata?" links whose token opens reportNotFixed (a reopen request the office accepts or
// declines) and one rating, counted in the KPIs; every bad input is a coded error that changes nothing.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kpiRows } from '../../server/db/kpi.queries.js';
import type { Viewer } from '../../server/domain/viewer.js';
import { buildSegnalaSchema } from '../../server/graphql/build-schema.js';
import { createOutboxSender, type OutboxSender } from '../../server/mail/outbox-sender.js';
import { categoryId, reportInput, rowCounts, streetPoint, submit } from '../helpers/citizen.js';
import { joinConfirmed, postConfirmation } from '../helpers/confirmation.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.js';
import { createGql, createStaff } from '../helpers/staff-fixtures.js';

const MY_REPORTS = `mutation($e: String!, $l: String) { requestMyReports(email: $e, locale: $l) { status } }`;
const NOT_FIXED = `mutation($c: String!, $t: String!, $m: String!, $a: ID) {
  reportNotFixed(code: $c, token: $t, comment: $m, attachmentId: $a) { state } }`;
const RATE = `mutation($c: String!, $t: String!, $s: Int!, $m: String) {
  rateResolution(code: $c, token: $t, score: $s, comment: $m) { score } }`;
const STAFF_TICKET = `query($id: ID!) { staffTicket(id: $id) { status
  reopenRequests { id comment attachmentId state declineReason } resolutionRating { score comment } } }`;

describe('my reports, "non è risolto" and the satisfaction survey', () => {
  let db: TestDatabase;
  let app: TestApp;
  let smtp: TestSmtp;
  let sender: OutboxSender;
  let gql: ReturnType<typeof createGql>;
  let admin: Viewer;
  let pothole: string;
  const reporter = 'giulia.segnala@example.org';
  const english = 'john.reporter@example.org';
  const supporter = 'sostenitore.feedback@example.org';
  let mine: { id: string; code: string };
  let followed: string;

  async function post(query: string, variables: Record<string, unknown>): Promise<string> {
    const r = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return r.text();
  }

  async function idOf(code: string): Promise<string> {
    const { rows } = await db.pool.query('select id from ticket where code = $1', [code]);
    return String(rows[0].id);
  }

  /** Files a report and resolves it; returns its id, code and the tokens of its resolution mail. */
  async function resolvedReport(
    email: string,
    locale: 'it' | 'en',
    title: string,
    supporters: string[] = [],
  ) {
    const point = await streetPoint(db, 3);
    const r = await submit(app, reportInput(pothole, point, { email, title, locale }));
    const code = (r.data!.submitReport.ticket as { code: string }).code;
    const t = { code, id: await idOf(code) };
    for (const s of supporters) await joinConfirmed(db, code, s);
    await db.services.workflow.changePhase(admin, 'resolveTicket', {
      id: Number(t.id),
      version: 'current',
      note: 'Buca chiusa con asfalto a freddo.',
    });
    const [mail] = await smtp.waitFor(
      1,
      (m) => m.to.includes(email) && m.decoded.includes(`${t.code}/valuta`),
    );
    const token = new RegExp(`${t.code}/valuta\\?t=([\\w-]{32})`).exec(mail.decoded)![1];
    return { ...t, token, mail };
  }

  async function counts() {
    const c = await rowCounts(db);
    const { rows } = await db.pool.query(
      `select (select count(*)::int from reopen_request) as reopen, (select count(*)::int from resolution_rating) as ratings,
        (select string_agg(status::text, ',' order by id) from ticket) as statuses`,
    );
    return { ...c, ...rows[0] };
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
    admin = await createStaff(db, 'admin.feedback@example.org', 'admin');
    pothole = await categoryId(db, 'buca_stradale');
    const point = await streetPoint(db, 5);
    const r = await submit(
      app,
      reportInput(pothole, point, { email: reporter, title: 'Buca davanti alla scuola' }),
    );
    const code = (r.data!.submitReport.ticket as { code: string }).code;
    mine = { code, id: await idOf(code) };
    const other = await submit(
      app,
      reportInput(pothole, point, { email: 'altra.persona@example.org', title: 'Tombino rotto' }),
    );
    followed = (other.data!.submitReport.ticket as { code: string }).code;
    await joinConfirmed(db, followed, reporter);
  });

  afterAll(async () => {
    await sender?.stop();
    await app?.close();
    await smtp?.close();
    await db?.close();
  });

  it('requestMyReports answers the same and writes the same rows for an address with reports and one without', async () => {
    const bodies: string[] = [];
    const diffs: Record<string, number>[] = [];
    for (const email of [reporter, 'nessuna.segnalazione@example.org']) {
      const before = await rowCounts(db);
      bodies.push(await post(MY_REPORTS, { e: email, l: 'it' }));
      const after = await rowCounts(db);
      diffs.push(
        Object.fromEntries(
          Object.keys(after)
            .filter((t) => after[t] !== before[t] && t !== 'rate_limit_counter')
            .map((t) => [t, after[t] - before[t]]),
        ),
      );
    }
    expect(JSON.parse(bodies[0])).toEqual({
      data: { requestMyReports: { status: 'REQUEST_SENT' } },
    });
    expect(bodies[1]).toBe(bodies[0]);
    expect(diffs[0]).toEqual({ email_confirmation: 1, notification_outbox: 1, audit_log: 1 });
    expect(diffs[1]).toEqual(diffs[0]);
    // The address without reports gets the same mail; its page lists nothing.
    const [empty] = await smtp.waitFor(1, (m) => m.to.includes('nessuna.segnalazione@example.org'));
    expect(empty.subject).toContain('Le tue segnalazioni');
    const token = /\/conferma\/([\w-]{32})/.exec(empty.decoded)![1];
    const html = await (await postConfirmation(app.url, token)).text();
    expect(html).toContain('Nessuna.');
    expect(html).not.toContain(mine.code);
  });

  it('a bad address is BAD_USER_INPUT and writes nothing; too many requests are RATE_LIMITED', async () => {
    const before = await rowCounts(db);
    const r = JSON.parse(await post(MY_REPORTS, { e: 'non-un-indirizzo' }));
    expect(r.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await rowCounts(db)).toEqual(before);
    const limit = db.config.rateLimits.privacyRequestsPerHourPerEmail;
    const codes: string[] = [];
    for (let i = 0; i <= limit; i++) {
      const x = JSON.parse(await post(MY_REPORTS, { e: 'molte.richieste@example.org' }));
      codes.push(x.errors?.[0].extensions.code ?? 'OK');
    }
    expect(codes.at(-1)).toBe('RATE_LIMITED');
  });

  it('the link lists the reports sent and followed with their phases, and stops the mails of one report', async () => {
    const [mail] = await smtp.waitFor(
      1,
      (m) => m.to.includes(reporter) && m.subject.includes('Le tue segnalazioni'),
    );
    expect(mail.decoded).toContain('Il link vale 24 ore');
    const token = /\/conferma\/([\w-]{32})/.exec(mail.decoded)![1];
    const ask = await (await fetch(`${app.url}/conferma/${token}`)).text();
    expect(ask).toContain('Mostra le mie segnalazioni');
    expect(ask).not.toContain(mine.code); // GET shows only the button
    const html = await (await postConfirmation(app.url, token)).text();
    for (const text of [
      mine.code,
      followed,
      'Buca davanti alla scuola',
      'Tombino rotto',
      'ricevuta',
      'Segnalazioni seguite',
    ])
      expect(html).toContain(text);
    expect(html).not.toContain(reporter);
    // The link opens again until it expires.
    expect((await postConfirmation(app.url, token)).status).toBe(200);
    // Per-report unsubscribe: the button posts to that report's own unsubscribe link.
    const action = new RegExp(`action="([^"]*/unsubscribe/${followed}/[\\w-]{32})"`).exec(html)![1];
    const path = new URL(action.replaceAll('&amp;', '&')).pathname;
    expect((await fetch(`${app.url}${path}`, { method: 'POST' })).status).toBe(200);
    const { rows } = await db.pool.query(
      `select s.unsubscribed_at from ticket_supporter s join ticket t on t.id = s.ticket_id where t.code = $1 and s.email_key = $2`,
      [followed, reporter],
    );
    expect(rows[0].unsubscribed_at).not.toBeNull();
    const again = await (await postConfirmation(app.url, token)).text();
    expect(again).toContain('Non ricevi più e-mail');
    // Expired: refused, nothing shown.
    await db.pool.query(
      `update email_confirmation set expires_at = now() - interval '1 second' where purpose = 'my_reports'`,
    );
    const late = await postConfirmation(app.url, token);
    expect(late.status).toBe(410);
    expect(await late.text()).not.toContain(mine.code);
  });

  it('in English: the mail and the page follow the language asked in', async () => {
    await post(MY_REPORTS, { e: reporter, l: 'en' });
    const [mail] = await smtp.waitFor(
      1,
      (m) => m.to.includes(reporter) && m.subject.includes('Your reports'),
    );
    const token = /\/conferma\/([\w-]{32})/.exec(mail.decoded)![1];
    const html = await (await postConfirmation(app.url, token)).text();
    expect(html).toContain('Reports followed');
    expect(html).toContain('received');
    expect(html).toContain('lang="en"');
    expect(html).not.toContain('Segnalazioni seguite');
  });

  it('no e-mail reaches anonymous queries, and reopen requests are for staff only', async () => {
    const pub = await post(
      `query($c: String!) { ticket(code: $c) { code title description status } }`,
      { c: mine.code },
    );
    expect(pub.toLowerCase()).not.toContain(reporter);
    const anon = JSON.parse(await post(STAFF_TICKET, { id: mine.id }));
    expect(anon.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const decline = JSON.parse(
      await post(`mutation { declineReopenRequest(id: "1", reason: "x") { id } }`, {}),
    );
    expect(decline.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('the resolution mail carries both links in the reporter’s language; the supporter’s has none', async () => {
    const it1 = await resolvedReport(reporter, 'it', 'Buca in via Roma');
    expect(it1.mail.decoded).toContain('Non è risolto?');
    expect(it1.mail.decoded).toContain('Com’è andata?');
    expect(it1.mail.decoded).toContain(`${it1.code}/non-risolto?t=${it1.token}`);
    const en = await resolvedReport(english, 'en', 'Pothole in the square');
    expect(en.mail.decoded).toContain('Not fixed?');
    expect(en.mail.decoded).toContain('How did it go?');
    expect(en.mail.decoded).toContain(`${en.code}/valuta?t=${en.token}&lang=en`);
    // A supporter of a resolved report is thanked, never handed the reporter's token.
    await joinConfirmed(db, mine.code, supporter);
    await db.services.workflow.changePhase(admin, 'resolveTicket', {
      id: Number(mine.id),
      version: 'current',
      note: 'Fatto.',
    });
    const [sup] = await smtp.waitFor(
      1,
      (m) => m.to.includes(supporter) && m.subject.includes('Segnalazione conclusa'),
    );
    expect(sup.decoded).not.toContain('/valuta');
  });

  it('rateResolution: bad score, wrong token, second rating and 30 days late are coded errors that change nothing', async () => {
    const t = await resolvedReport(reporter, 'it', 'Lampione spento');
    const before = await counts();
    const refused = async (vars: Record<string, unknown>, code: string) => {
      const r = JSON.parse(await post(RATE, { c: t.code, t: t.token, s: 4, ...vars }));
      expect(r.errors?.[0].extensions.code, JSON.stringify(vars)).toBe(code);
      expect(JSON.stringify(r)).not.toMatch(/select|stack|at .*\.ts/i);
    };
    await refused({ s: 0 }, 'BAD_USER_INPUT');
    await refused({ s: 6 }, 'BAD_USER_INPUT');
    await refused({ t: 'x'.repeat(32) }, 'INVALID_TOKEN');
    await refused({ t: 'short' }, 'INVALID_TOKEN');
    await refused({ c: followed }, 'INVALID_TOKEN'); // another report's code with this token
    await refused({ m: 'x'.repeat(2001) }, 'BAD_USER_INPUT');
    expect(await counts()).toEqual(before);

    const ok = JSON.parse(await post(RATE, { c: t.code, t: t.token, s: 4, m: 'Veloci, grazie' }));
    expect(ok).toEqual({ data: { rateResolution: { score: 4 } } });
    const mid = await counts();
    await refused({ s: 5 }, 'ALREADY_ANSWERED');
    expect(await counts()).toEqual(mid);
    const staff = await gql(admin, STAFF_TICKET, { id: t.id });
    expect(staff.data?.staffTicket).toMatchObject({
      resolutionRating: { score: 4, comment: 'Veloci, grazie' },
    });

    const late = await resolvedReport(reporter, 'it', 'Marciapiede rotto');
    await db.pool.query(
      `update ticket set resolved_at = now() - interval '31 days' where code = $1`,
      [late.code],
    );
    const b2 = await counts();
    const r = JSON.parse(await post(RATE, { c: late.code, t: late.token, s: 3 }));
    expect(r.errors[0].extensions.code).toBe('FEEDBACK_CLOSED');
    const n = JSON.parse(await post(NOT_FIXED, { c: late.code, t: late.token, m: 'Ancora rotto' }));
    expect(n.errors[0].extensions.code).toBe('FEEDBACK_CLOSED');
    expect(await counts()).toEqual(b2);
  });

  it('satisfaction appears in the KPIs per category and office, the same from the rollups and the tickets', async () => {
    const en = await resolvedReport(english, 'en', 'Broken bench');
    expect(JSON.parse(await post(RATE, { c: en.code, t: en.token, s: 2 })).data).toBeTruthy();
    for (const groupBy of ['CATEGORY', 'OFFICE']) {
      const k = await gql(
        admin,
        `{ kpis(groupBy: ${groupBy}) { label satisfactionAverage satisfactionCount } }`,
      );
      const rows = k.data!.kpis as {
        label: string;
        satisfactionAverage: number | null;
        satisfactionCount: number;
      }[];
      const rated = rows.filter((x) => x.satisfactionCount > 0);
      expect(rated, groupBy).toHaveLength(1);
      expect(rated[0]).toMatchObject({ satisfactionAverage: 3, satisfactionCount: 2 });
    }
    const scope = { municipalityIds: [db.municipality.id], filter: {}, now: new Date() };
    for (const group of ['category', 'office'] as const) {
      const fromTickets = await kpiRows(db.pool, scope as never, group, 'tickets');
      const fromRollup = await kpiRows(db.pool, scope as never, group, 'rollup');
      const pick = (rows: typeof fromTickets) =>
        rows.map((r) => [r.key, r.satisfaction_avg, r.satisfaction_count]);
      expect(pick(fromRollup)).toEqual(pick(fromTickets));
    }
  });

  it('"non è risolto" with a photo: the office declines with a reason the reporter receives, then accepts and everyone is told', async () => {
    const t = await resolvedReport(reporter, 'it', 'Semaforo guasto', [supporter]);
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    const data = new FormData();
    data.append('file', new Blob([png], { type: 'image/png' }), 'p.png');
    const photo = (
      (await (await fetch(`${app.url}/attachments`, { method: 'POST', body: data })).json()) as {
        id: string;
      }
    ).id;

    const before = await counts();
    const cases: [Record<string, string>, string][] = [
      [{ m: '   ' }, 'BAD_USER_INPUT'],
      [{ t: 'y'.repeat(32) }, 'INVALID_TOKEN'],
      [{ a: '00000000-0000-0000-0000-000000000000' }, 'BAD_USER_INPUT'],
    ];
    for (const [vars, code] of cases) {
      const r = JSON.parse(
        await post(NOT_FIXED, { c: t.code, t: t.token, m: 'Lampeggia ancora', ...vars }),
      );
      expect(r.errors?.[0].extensions.code).toBe(code);
    }
    expect(await counts()).toEqual(before);

    const asked = JSON.parse(
      await post(NOT_FIXED, { c: t.code, t: t.token, m: 'Lampeggia ancora', a: photo }),
    );
    expect(asked).toEqual({ data: { reportNotFixed: { state: 'PENDING' } } });
    const twice = JSON.parse(await post(NOT_FIXED, { c: t.code, t: t.token, m: 'Ancora' }));
    expect(twice.errors[0].extensions.code).toBe('ALREADY_ANSWERED');
    const seen = await gql(admin, STAFF_TICKET, { id: t.id });
    const req = (
      seen.data!.staffTicket as {
        reopenRequests: { id: string; attachmentId: string; state: string }[];
      }
    ).reopenRequests;
    expect(req).toHaveLength(1);
    expect(req[0]).toMatchObject({ state: 'PENDING', attachmentId: photo });
    const { rows: att } = await db.pool.query(
      'select ticket_id, public from attachment where id = $1',
      [photo],
    );
    expect(att[0]).toMatchObject({ ticket_id: Number(t.id), public: false });

    const empty = await gql(
      admin,
      `mutation($id: ID!) { declineReopenRequest(id: $id, reason: " ") { state } }`,
      { id: req[0].id },
    );
    expect(empty.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const declined = await gql(
      admin,
      `mutation($id: ID!) { declineReopenRequest(id: $id, reason: "Il semaforo funziona: il lampeggio notturno è previsto.") { state declineReason } }`,
      { id: req[0].id },
    );
    expect(declined.data?.declineReopenRequest).toMatchObject({ state: 'DECLINED' });
    const [why] = await smtp.waitFor(
      1,
      (m) => m.to.includes(reporter) && m.subject.includes('Richiesta di riapertura non accolta'),
    );
    expect(why.decoded).toContain('il lampeggio notturno è previsto');
    expect((await gql(admin, STAFF_TICKET, { id: t.id })).data?.staffTicket).toMatchObject({
      status: 'RESOLVED',
    });
    const again = await gql(
      admin,
      `mutation($id: ID!) { acceptReopenRequest(id: $id) { state } }`,
      { id: req[0].id },
    );
    expect(again.errors?.[0].extensions?.code).toBe('ALREADY_ANSWERED');

    // A second request, accepted: back to in lavorazione, reporter and supporter told.
    JSON.parse(await post(NOT_FIXED, { c: t.code, t: t.token, m: 'Di notte è spento del tutto' }));
    const second = await gql(admin, STAFF_TICKET, { id: t.id });
    const pending = (
      second.data!.staffTicket as { reopenRequests: { id: string; state: string }[] }
    ).reopenRequests[0];
    expect(pending.state).toBe('PENDING');
    const accepted = await gql(
      admin,
      `mutation($id: ID!) { acceptReopenRequest(id: $id) { state } }`,
      { id: pending.id },
    );
    expect(accepted.data?.acceptReopenRequest).toEqual({ state: 'ACCEPTED' });
    expect((await gql(admin, STAFF_TICKET, { id: t.id })).data?.staffTicket).toMatchObject({
      status: 'IN_PROGRESS',
    });
    for (const to of [reporter, supporter])
      await smtp.waitFor(
        1,
        (m) => m.to.includes(to) && m.subject.includes(`[${t.code}] Segnalazione riaperta`),
      );
    // Reopened, the ticket is no longer resolved: no further answers.
    const closed = JSON.parse(await post(RATE, { c: t.code, t: t.token, s: 5 }));
    expect(closed.errors[0].extensions.code).toBe('FEEDBACK_CLOSED');
  });
});
