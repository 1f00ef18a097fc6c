// The same day's work for Seravezza (the seeded comune) and for Pietrasanta added by `comune:add`, over
// real HTTP under each comune's own prefix, with mail to a real SMTP server: a citizen files and tracks a
// report, a supporter joins, the office works it through its phases, everyone gets the phase mails, the
// public lists, the street's active reports, the KPIs and the export see it — and each comune only its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addComune } from '../../seeds/comune.js';
import { findMunicipalityByIstat } from '../../server/db/municipality.queries.js';
import { createOutboxSender, type OutboxSender } from '../../server/mail/outbox-sender.js';
import { createServices } from '../../server/services/services.js';
import {
  categoryId,
  JOIN_REPORT,
  reportInput,
  streetPoint,
  SUBMIT_REPORT,
} from '../helpers/citizen.js';
import { gqlAt } from '../helpers/comune-http.js';
import { latestConfirmationToken, postConfirmation } from '../helpers/confirmation.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.js';
import { createStaff, TEST_PASSWORD } from '../helpers/staff-fixtures.js';

interface Comune {
  istat: string;
  name: string;
  prefix: string;
  db: TestDatabase;
  code?: string;
  ticketId?: string;
  streetId?: number;
  cookie?: string;
  plannerCookie?: string;
}

let db: TestDatabase;
let app: TestApp;
let smtp: TestSmtp;
let sender: OutboxSender;
const comuni: Comune[] = [];

const STAFF_HEADERS = (c: Comune) => ({ cookie: c.cookie!, 'apollo-require-preflight': '1' });

beforeAll(async () => {
  smtp = await startTestSmtp();
  db = await createTestDatabase({ SMTP_URL: smtp.url, MAIL_POLL_MS: '100' });
  await addComune(db.pool, { istat: '046024', config: db.config });
  const pietrasanta = (await findMunicipalityByIstat(db.pool, '046024'))!;
  const second = {
    ...db,
    municipality: pietrasanta,
    services: createServices({ pool: db.pool, config: db.config, municipality: pietrasanta }),
  };
  comuni.push(
    {
      istat: db.municipality.istat_code,
      name: db.municipality.name,
      prefix: `/c/${db.municipality.istat_code}`,
      db,
    },
    { istat: '046024', name: pietrasanta.name, prefix: '/pietrasanta', db: second },
  );
  app = await startTestApp(db.services);
  sender = createOutboxSender(db.pool, db.config, { info: () => undefined, warn: () => undefined });
  sender.start();
  for (const c of comuni) {
    await createStaff(c.db, `tecnico.${c.istat}@example.org`, 'operator', ['lavori_pubblici']);
    await createStaff(c.db, `pianificatore.${c.istat}@example.org`, 'planner');
  }
});

afterAll(async () => {
  await sender?.stop();
  await app?.close();
  await smtp?.close();
  await db?.close();
});

async function login(c: Comune, email: string): Promise<string> {
  const response = await fetch(`${app.url}${c.prefix}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation { login(email: "${email}", password: "${TEST_PASSWORD}") { token } }`,
    }),
  });
  expect(response.status).toBe(200);
  return response.headers
    .getSetCookie()
    .find((x) => x.startsWith('segnala_session='))!
    .split(';')[0];
}

describe.each([0, 1])(
  'the same journey in each comune (%i: Seravezza, then Pietrasanta added by comune:add)',
  (i) => {
    const c = () => comuni[i];
    const other = () => comuni[1 - i];
    const reporter = () => `cittadino.${c().istat}@example.org`;
    const supporter = () => `vicino.${c().istat}@example.org`;

    it('a citizen files a report on a street of the comune and gets the tracking code by mail', async () => {
      const point = await streetPoint(c().db, 3);
      c().streetId = point.streetId;
      const input = reportInput(await categoryId(c().db, 'buca_stradale'), point, {
        email: reporter(),
      });
      const result = await gqlAt<{
        submitReport: { ticket: { code: string; street: { id: string } } };
      }>(app, `${c().prefix}/graphql`, SUBMIT_REPORT, { input });
      expect(result.errors).toBeUndefined();
      const { code, street } = result.data!.submitReport.ticket;
      expect(code.slice(0, 3)).toBe(c().db.municipality.code_prefix);
      expect(street.id).toBe(String(point.streetId));
      c().code = code;
      const [mail] = await smtp.waitFor(
        1,
        (m) => m.to.includes(reporter()) && m.decoded.includes(code),
      );
      expect(mail.decoded).toContain(c().name);
    });

    it('the tracking code answers under its comune and is not found under the other', async () => {
      const query = `query($code: String!) { ticket(code: $code) { code status } }`;
      const here = await gqlAt<{ ticket: { code: string } | null }>(
        app,
        `${c().prefix}/graphql`,
        query,
        {
          code: c().code,
        },
      );
      expect(here.data?.ticket?.code).toBe(c().code);
      const there = await gqlAt<{ ticket: unknown }>(app, `${other().prefix}/graphql`, query, {
        code: c().code,
      });
      expect(there.data?.ticket ?? null).toBeNull();
    });

    it('a neighbour presses "mi associo"', async () => {
      const result = await gqlAt<{ joinReport: { status: string } }>(
        app,
        `${c().prefix}/graphql`,
        JOIN_REPORT,
        { code: c().code, email: supporter(), locale: 'it' },
      );
      expect(result.errors).toBeUndefined();
      expect(result.data!.joinReport.status).toBe('CONFIRMATION_SENT');
      // The link mailed names the comune's own address, and works there.
      const token = await latestConfirmationToken(db, supporter(), 'confirm_join');
      const confirmed = await postConfirmation(`${app.url}${c().prefix}`, token);
      expect(confirmed.status).toBe(200);
      const read = await gqlAt<{ ticket: { supportersCount: number } }>(
        app,
        `${c().prefix}/graphql`,
        'query($code: String!) { ticket(code: $code) { supportersCount } }',
        { code: c().code },
      );
      expect(read.data!.ticket.supportersCount).toBe(1);
    });

    it('the office finds it in its inbox and works it through presa in carico → in lavorazione → conclusa', async () => {
      c().cookie = await login(c(), `tecnico.${c().istat}@example.org`);
      const inbox = await gqlAt<{
        inbox: { edges: { node: { id: string; code: string; version: number } }[] };
      }>(
        app,
        `${c().prefix}/graphql`,
        `{ inbox(first: 100) { edges { node { id code version } } } }`,
        {},
        STAFF_HEADERS(c()),
      );
      expect(inbox.errors).toBeUndefined();
      const codes = inbox.data!.inbox.edges.map((e) => e.node.code);
      expect(codes).toContain(c().code);
      expect(codes).not.toContain(other().code);
      let ticket = inbox.data!.inbox.edges.find((e) => e.node.code === c().code)!.node;
      c().ticketId = ticket.id;
      for (const [mutation, note] of [
        ['acknowledgeTicket', null],
        ['startWork', 'Squadra in arrivo domattina.'],
        ['resolveTicket', 'Buca chiusa con asfalto a freddo.'],
      ] as const) {
        const result = await gqlAt<
          Record<string, { ticket: { id: string; code: string; version: number } }>
        >(
          app,
          `${c().prefix}/graphql`,
          `mutation($id: ID!, $version: Int!, $note: String) {
           ${mutation}(id: $id, version: $version, note: $note, public: true) { ticket { id code version } }
         }`,
          { id: ticket.id, version: ticket.version, note },
          STAFF_HEADERS(c()),
        );
        expect(result.errors, mutation).toBeUndefined();
        ticket = result.data![mutation].ticket;
      }
    });

    it('the reporter and the supporter get a mail at each phase, naming their comune', async () => {
      for (const who of [reporter(), supporter()]) {
        const mails = await smtp.waitFor(
          3,
          (m) => m.to.includes(who) && m.decoded.includes(c().code!),
          15_000,
        );
        for (const mail of mails) {
          expect(mail.decoded).toContain(c().name);
          expect(mail.decoded).not.toContain(other().name);
        }
      }
    });

    it('the public list and the street see the report, and only their own comune’s', async () => {
      const list = await gqlAt<{
        tickets: { totalCount: number; edges: { node: { code: string } }[] };
      }>(
        app,
        `${c().prefix}/graphql`,
        `{ tickets(first: 100) { totalCount edges { node { code } } } }`,
      );
      const codes = list.data!.tickets.edges.map((e) => e.node.code);
      expect(codes).toContain(c().code);
      expect(codes).not.toContain(other().code);
      expect(JSON.stringify(list.data)).not.toContain('@example.org');
      const street = await gqlAt<{ street: { name: string } | null }>(
        app,
        `${other().prefix}/graphql`,
        `query($id: ID!) { street(id: $id) { name } }`,
        { id: String(c().streetId) },
      );
      expect(street.data?.street ?? null).toBeNull();
    });

    it("the planner's KPIs count it, and only in its comune", async () => {
      const cookie = await login(c(), `pianificatore.${c().istat}@example.org`);
      c().plannerCookie = cookie;
      const kpis = await gqlAt<{ kpis: { key: string; received: number; openBacklog: number }[] }>(
        app,
        `${c().prefix}/graphql`,
        `{ kpis(groupBy: CATEGORY) { key received openBacklog } }`,
        {},
        { cookie, 'apollo-require-preflight': '1' },
      );
      expect(kpis.errors).toBeUndefined();
      const total = kpis.data!.kpis.reduce((n, r) => n + r.received, 0);
      expect(total).toBe(1);
      expect(kpis.data!.kpis.reduce((n, r) => n + r.openBacklog, 0)).toBe(0);
    });

    it("the planner's export of the comune holds its report, not the other's, and no e-mail", async () => {
      const response = await fetch(`${app.url}${c().prefix}/export/tickets.csv`, {
        headers: { cookie: c().plannerCookie! },
      });
      expect(response.status).toBe(200);
      const csv = await response.text();
      expect(csv).toContain(c().code);
      expect(csv).not.toContain(other().code ?? 'never');
      expect(csv).not.toContain('@example.org');
    });
  },
);
