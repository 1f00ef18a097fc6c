// Issue 17's "Done when", as one journey over real HTTP: a client that knows only the GeoReport v2
// specification reads a service's attributes, files a report with them (form-urlencoded, XML answers)
// and polls it until it is closed, while the office acknowledges, starts, writes a public note and
// resolves it through GraphQL with an operator's token; an integrator who registered a webhook gets every
// change of it at a real local receiver, signed (checked by the receiver) and in order, with no personal
// data in any body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/domain/viewer.js';
import { createWebhookSender, type WebhookSender } from '../../server/webhooks/webhook-sender.js';
import { streetPoint, type StreetPoint } from '../helpers/citizen.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import { childNames, parseXml, type XmlNode } from '../helpers/open311-schemas.js';
import { createStaff } from '../helpers/staff-fixtures.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

const LOCAL = {
  WEBHOOK_ALLOW_HTTP: 'true',
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
  WEBHOOK_POLL_MS: '20',
  WEBHOOK_RETRY_BASE_MS: '1',
  WEBHOOK_RETRY_MAX_MS: '1',
  WEBHOOK_TIMEOUT_MS: '2000',
};
const quiet = { info: () => undefined, warn: () => undefined };

// What the client collected from its user, and what staff are: none of it may reach the integrator.
const CITIZEN = {
  email: 'marta.lucchesi@example.org',
  first_name: 'Marta',
  last_name: 'Lucchesi',
  phone: '+39 347 555 0199',
};
const STAFF_EMAILS = [
  'integratore.viaggio@example.org',
  'app.viaggio@example.org',
  'ufficio.viaggio@example.org',
];
const INTERNAL_NOTE = 'Nota interna: ditta Elettra, ordine 2291';
const PUBLIC_NOTE = 'La squadra interviene giovedì mattina.';
const CLOSING_NOTE = 'Lampada sostituita: il lampione è di nuovo acceso.';

let db: TestDatabase;
let app: TestApp;
let receiver: Receiver;
let sender: WebhookSender;
let point: StreetPoint;
let appKey: string;
let officeToken: string;
let hooksToken: string;

beforeAll(async () => {
  db = await createTestDatabase(LOCAL);
  app = await startTestApp(db.services);
  const [integrator, appOwner, office] = await Promise.all([
    createStaff(db, STAFF_EMAILS[0], 'admin'),
    createStaff(db, STAFF_EMAILS[1], 'operator', ['manutenzioni']),
    createStaff(db, STAFF_EMAILS[2], 'operator', ['manutenzioni']),
  ]);
  const token = async (viewer: Viewer, name: string, ...scopes: string[]) =>
    (await db.services.apiTokens.create(viewer, name, scopes, '127.0.0.1')).token;
  hooksToken = await token(integrator, 'ricevitore', 'webhooks:manage');
  appKey = await token(appOwner, 'app open311', 'tickets:write');
  // The office's own tool reads its inbox and works the ticket.
  officeToken = await token(office, 'gestionale', 'tickets:read', 'tickets:write');
  point = await streetPoint(db, 5);
  receiver = await startReceiver();
  // The sender as the server runs it: polling on its own, nothing drives it from the test.
  sender = createWebhookSender(db.pool, db.config, quiet);
  sender.start();
}, 180_000);

afterAll(async () => {
  await sender?.stop();
  await receiver?.stop();
  await app?.close();
  await db?.close();
});

/** GraphQL over HTTP with an API token, failing on any error. */
async function gql<T>(token: string, query: string, variables: Record<string, unknown> = {}) {
  const r = await app.gql<T>(query, variables, { authorization: `Bearer ${token}` });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data!;
}

async function getXml(path: string): Promise<XmlNode> {
  const r = await fetch(`${app.url}/open311/v2/${path}`);
  const text = await r.text();
  expect(r.status, text).toBe(200);
  expect(r.headers.get('content-type')).toContain('text/xml');
  return parseXml(text);
}

const child = (node: XmlNode, name: string) => node.children.find((c) => c.name === name);
const textOf = (node: XmlNode, name: string) => child(node, name)?.text ?? '';

describe('Open311 client and webhook receiver, one report from filed to closed', () => {
  it('files with an attribute, follows to closed, and the receiver gets every change signed and in order', async () => {
    // The integrator registers its receiver for every event type.
    const hook = await gql<{ createWebhook: { secret: string; webhook: { id: string } } }>(
      hooksToken,
      `mutation($url: String!, $events: [String!]!) {
        createWebhook(input: { url: $url, events: $events }) { secret webhook { id } } }`,
      {
        url: receiver.url,
        events: [
          'ticket.created',
          'ticket.status_changed',
          'ticket.public_note',
          'ticket.assigned',
        ],
      },
    );
    receiver.secret = hook.createWebhook.secret;

    // The client: which services have attributes, and what they are.
    const services = await getXml('services.xml');
    const light = services.children.find(
      (s) => textOf(s, 'service_code') === 'illuminazione_pubblica',
    )!;
    expect(textOf(light, 'metadata')).toBe('true');
    const definition = await getXml('services/illuminazione_pubblica.xml');
    const attributes = child(definition, 'attributes')!.children;
    const answers = new URLSearchParams();
    for (const a of attributes) {
      const code = textOf(a, 'code');
      const values = child(a, 'values')!.children;
      if (textOf(a, 'datatype') === 'singlevaluelist')
        answers.append(`attribute[${code}]`, textOf(values[0], 'key'));
      else if (textOf(a, 'datatype') === 'string') answers.append(`attribute[${code}]`, 'P-204');
    }
    expect([...answers.keys()]).toEqual(['attribute[numero_palo]', 'attribute[guasto]']);

    // It files the report, form-urlencoded as the spec says, and reads the XML answer.
    const body = new URLSearchParams({
      api_key: appKey,
      service_code: 'illuminazione_pubblica',
      lat: String(point.lat),
      long: String(point.lon),
      ...CITIZEN,
      description: 'Il lampione all’angolo è spento da tre sere.',
    });
    for (const [k, v] of answers) body.append(k, v);
    const filed = await fetch(`${app.url}/open311/v2/requests.xml`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': '10.77.0.1',
      },
      body: body.toString(),
    });
    const filedText = await filed.text();
    expect(filed.status, filedText).toBe(200);
    const answer = parseXml(filedText);
    expect(answer.name).toBe('service_requests');
    const code = textOf(answer.children[0], 'service_request_id');
    expect(code.startsWith(`${db.municipality.code_prefix}-`)).toBe(true);
    expect(textOf(answer.children[0], 'service_notice')).toContain(code);

    // The answers were stored as the form's are.
    const stored = await db.pool.query(
      `select q.code, a.value from ticket_answer a join ticket t on t.id = a.ticket_id
       join category_question q on q.id = a.question_id where t.code = $1 order by q.code`,
      [code],
    );
    expect(stored.rows.map((r) => r.code)).toEqual(['guasto', 'numero_palo']);

    // The client polls its request while the office works on it.
    const seen: { status: string; notes: string }[] = [];
    let polling = true;
    const follow = (async () => {
      const deadline = Date.now() + 60_000;
      while (polling && Date.now() < deadline) {
        const list = await getXml(`requests/${code}.xml`);
        expect(list.name).toBe('service_requests');
        const request = list.children[0];
        const state = { status: textOf(request, 'status'), notes: textOf(request, 'status_notes') };
        const last = seen.at(-1);
        if (!last || last.status !== state.status || last.notes !== state.notes) seen.push(state);
        if (state.status === 'closed') return request;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`request ${code} not closed: ${JSON.stringify(seen)}`);
    })();

    // The office, through GraphQL with its operator's token.
    const found = await gql<{ inbox: { edges: { node: { id: string; version: number } }[] } }>(
      officeToken,
      'query($c: String!) { inbox(filter: { text: $c }) { edges { node { id version } } } }',
      { c: code },
    );
    expect(found.inbox.edges).toHaveLength(1);
    const id = found.inbox.edges[0].node.id;
    let v = found.inbox.edges[0].node.version;
    type Change = Record<string, { ticket: { version: number } }>;
    const step = async (name: string, closingNote?: string) => {
      const r = await gql<Change>(
        officeToken,
        `mutation($id: ID!, $v: Int!, $n: String) { ${name}(id: $id, version: $v, note: $n) { ticket { version } } }`,
        { id, v, n: closingNote ?? null },
      );
      v = r[name].ticket.version;
      await new Promise((resolve) => setTimeout(resolve, 60));
    };
    const note = async (text: string, isPublic: boolean) => {
      const r = await gql<Change>(
        officeToken,
        'mutation($id: ID!, $t: String!, $p: Boolean!) { addNote(id: $id, text: $t, public: $p) { ticket { version } } }',
        { id, t: text, p: isPublic },
      );
      v = r.addNote.ticket.version;
      await new Promise((resolve) => setTimeout(resolve, 60));
    };
    await step('acknowledgeTicket');
    await step('startWork');
    await note(INTERNAL_NOTE, false);
    await note(PUBLIC_NOTE, true);
    await step('resolveTicket', CLOSING_NOTE);

    const closed = await follow.finally(() => {
      polling = false;
    });
    expect(textOf(closed, 'status')).toBe('closed');
    expect(textOf(closed, 'status_notes')).toBe(CLOSING_NOTE);
    expect(textOf(closed, 'service_request_id')).toBe(code);
    expect(textOf(closed, 'service_code')).toBe('illuminazione_pubblica');
    expect(textOf(closed, 'agency_responsible')).toBe('Ufficio Manutenzioni');
    expect(childNames(closed)).toEqual([
      'service_request_id',
      'status',
      'status_notes',
      'service_name',
      'service_code',
      'description',
      'agency_responsible',
      'service_notice',
      'requested_datetime',
      'updated_datetime',
      'expected_datetime',
      'address',
      'address_id',
      'zipcode',
      'lat',
      'long',
      'media_url',
    ]);
    // What the client saw: open (with the public note once written), then closed with the closing note;
    // never the internal note, never closed before the end.
    expect(seen[0]).toEqual({ status: 'open', notes: '' });
    expect(seen.at(-1)).toEqual({ status: 'closed', notes: CLOSING_NOTE });
    expect(seen.filter((s) => s.status === 'closed')).toHaveLength(1);
    expect(seen.map((s) => s.notes)).not.toContain(INTERNAL_NOTE);
    expect(seen.slice(0, -1).every((s) => s.status === 'open')).toBe(true);

    // The integrator's receiver: every public change, signed, in the order it happened.
    await receiver.waitFor(6, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const got = receiver.received;
    expect(got.map((r) => r.eventType)).toEqual([
      'ticket.created',
      'ticket.status_changed',
      'ticket.status_changed',
      'ticket.public_note',
      'ticket.status_changed',
      'ticket.public_note',
    ]);
    for (const r of got) {
      expect(r.verified, r.eventId).toBe(true);
      expect(r.payload.id).toBe(r.eventId);
      expect(r.payload.type).toBe(r.eventType);
      expect(r.payload.ticket.code).toBe(code);
      for (const secret of [...Object.values(CITIZEN), ...STAFF_EMAILS, INTERNAL_NOTE])
        expect(r.body, `${r.eventType} carries ${secret}`).not.toContain(secret);
    }
    expect(got.map((r) => r.payload.change)).toEqual([
      {},
      { from: 'received', to: 'acknowledged', action: 'acknowledged', note: null },
      { from: 'acknowledged', to: 'in_progress', action: 'started', note: null },
      { note: PUBLIC_NOTE },
      { from: 'in_progress', to: 'resolved', action: 'resolved', note: CLOSING_NOTE },
      { note: CLOSING_NOTE },
    ]);
    expect(got.map((r) => r.payload.ticket.status)).toEqual([
      'received',
      'acknowledged',
      'in_progress',
      'in_progress',
      'resolved',
      'resolved',
    ]);
    // In order: the events' ids (commit order), their times and the arrivals all ascend.
    const eventIds = got.map((r) => Number(r.eventId.split('.')[1]));
    // One change may give two events (a resolve with a public reply: status_changed and public_note)
    // with the ticket event's number in both ids: never decreasing, and each id once.
    expect(eventIds).toEqual([...eventIds].sort((a, b) => a - b));
    expect(new Set(got.map((r) => r.eventId)).size).toBe(got.length);
    const times = got.map((r) => Date.parse(r.payload.createdAt as string));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(got.map((r) => r.at)).toEqual([...got.map((r) => r.at)].sort((a, b) => a - b));
    // The same event id on the two events of one change (status and note) would let a receiver drop one.
    expect(new Set(got.map((r) => r.eventId)).size).toBe(got.length);

    // The integrator's delivery log says the same: all delivered, at the first attempt.
    const log = await gql<{
      webhookDeliveries: {
        edges: { node: { eventId: string; state: string; attempts: number } }[];
      };
    }>(
      hooksToken,
      'query($w: ID!) { webhookDeliveries(webhookId: $w, first: 20) { edges { node { eventId state attempts } } } }',
      { w: hook.createWebhook.webhook.id },
    );
    expect(log.webhookDeliveries.edges.map((e) => e.node).reverse()).toEqual(
      got.map((r) => ({ eventId: r.eventId, state: 'DELIVERED', attempts: 1 })),
    );
  });
});
