// Webhooks end to end against a real receiver on 127.0.0.1 (test/helpers/webhook-receiver.ts): the
// signature checked by the receiver, every event type from the real mutations, no personal data, the
// order per ticket across retries after the receiver was down, nothing for a rolled-back change, the
// delivery log and redelivery, pausing after repeated failures with the owner's mail, giving up, the
// SSRF refusals (at registration and at connection, redirects not followed) and the scope refusals.
import type { GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/domain/viewer.js';
import { buildSegnalaSchema } from '../../server/graphql/build-schema.js';
import { createServices } from '../../server/services/services.js';
import { createWebhookSender, type WebhookSender } from '../../server/webhooks/webhook-sender.js';
import { categoryId, reportInput, streetPoint, SUBMIT_REPORT } from '../helpers/citizen.js';
import { createTestDatabase, testConfig, type TestDatabase } from '../helpers/database.js';
import { createGql, createStaff, errorCode, type GqlResult } from '../helpers/staff-fixtures.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

const LOCAL = {
  WEBHOOK_ALLOW_HTTP: 'true',
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
  WEBHOOK_RETRY_BASE_MS: '1',
  WEBHOOK_RETRY_MAX_MS: '1',
  WEBHOOK_TIMEOUT_MS: '2000',
  WEBHOOK_PAUSE_AFTER_FAILURES: '50',
};
const quiet = { info: () => undefined, warn: () => undefined };

let db: TestDatabase;
let schema: GraphQLSchema;
let gql: ReturnType<typeof createGql>;
let admin: Viewer;
let operator: Viewer;
let receiver: Receiver;
let sender: WebhookSender;
let point: { lon: number; lat: number };
let category: string;

const CREATE = `mutation($url: String!, $events: [String!]!) {
  createWebhook(input: { url: $url, events: $events }) { secret webhook { id url events status } } }`;

async function createHook(
  events: string[] = [
    'ticket.created',
    'ticket.status_changed',
    'ticket.public_note',
    'ticket.assigned',
  ],
  url = receiver.url,
): Promise<string> {
  const r = await gql(admin, CREATE, { url, events });
  expect(r.errors).toBeUndefined();
  const created = r.data!.createWebhook as { secret: string; webhook: { id: string } };
  receiver.secret = created.secret;
  return created.webhook.id;
}

async function submitReport(overrides = {}): Promise<{ id: number; code: string }> {
  const r = await gql(null, SUBMIT_REPORT, { input: reportInput(category, point, overrides) });
  expect(r.errors).toBeUndefined();
  const code = (r.data!.submitReport as { ticket: { code: string } }).ticket.code;
  const { rows } = await db.pool.query<{ id: number }>('select id from ticket where code = $1', [
    code,
  ]);
  return { id: Number(rows[0].id), code };
}

async function act(mutation: string, vars: Record<string, unknown>): Promise<GqlResult> {
  const r = await gql(admin, mutation, vars);
  expect(r.errors).toBeUndefined();
  return r;
}

async function version(ticketId: number): Promise<number> {
  const { rows } = await db.pool.query('select version from ticket where id = $1', [ticketId]);
  return rows[0].version as number;
}

/** Runs the sender until nothing more is due (retries are 1 ms apart here). */
async function drain(rounds = 50): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await sender.runOnce();
    const { rows } = await db.pool.query(
      `select count(*)::int as n from webhook_delivery d join webhook_subscription s on s.municipality_id = d.municipality_id and s.id = d.webhook_id
       where d.state = 'pending' and s.status = 'active'`,
    );
    if (rows[0].n === 0) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

beforeAll(async () => {
  db = await createTestDatabase(LOCAL);
  schema = await buildSegnalaSchema();
  gql = createGql(db, schema);
  admin = await createStaff(db, 'integrazioni@example.org', 'admin');
  operator = await createStaff(db, 'op.webhook@example.org', 'operator', ['lavori_pubblici']);
  receiver = await startReceiver();
  sender = createWebhookSender(db.pool, db.config, quiet);
  point = await streetPoint(db);
  category = await categoryId(db, 'buca_stradale');
}, 120_000);

afterAll(async () => {
  await sender?.stop();
  await receiver?.stop();
  await db?.close();
});

beforeEach(async () => {
  await db.pool.query('delete from webhook_subscription');
  receiver.received.length = 0;
  receiver.answer = { status: 200 };
  // The citizens' rate limits would stop the many reports of this file.
  await db.pool.query('delete from rate_limit_counter');
});

describe('webhook deliveries', { timeout: 180_000 }, () => {
  it('signs every change of a ticket, in order, with the event types and no personal data', async () => {
    await createHook();
    const t = await submitReport({
      email: 'segreto.cittadino@example.org',
      name: 'Giulia Segreta',
      title: 'Buca davanti alla AB 123 CD',
      description: 'Descrizione che resta al comune',
    });
    await act(
      'mutation($id: ID!, $v: Int!) { acknowledgeTicket(id: $id, version: $v, note: "Presa in carico", public: true) { ticket { id } } }',
      { id: String(t.id), v: await version(t.id) },
    );
    await act(
      'mutation($id: ID!) { addNote(id: $id, text: "Nota interna riservata", public: false) { ticket { id } } }',
      { id: String(t.id) },
    );
    await act(
      'mutation($id: ID!) { addNote(id: $id, text: "Interveniamo lunedì, info al 333 123 4567", public: true) { ticket { id } } }',
      { id: String(t.id) },
    );
    await act(
      'mutation($id: ID!, $a: ID, $v: Int!) { assignTicket(id: $id, assigneeId: $a, version: $v) { ticket { id } } }',
      { id: String(t.id), a: String(operator.staffId), v: await version(t.id) },
    );
    await act(
      'mutation($id: ID!, $v: Int!) { startWork(id: $id, version: $v) { ticket { id } } }',
      { id: String(t.id), v: await version(t.id) },
    );
    await act(
      'mutation($id: ID!, $v: Int!) { resolveTicket(id: $id, version: $v, note: "Buca chiusa") { ticket { id } } }',
      { id: String(t.id), v: await version(t.id) },
    );
    await drain();

    expect(receiver.received.map((r) => r.eventType)).toEqual([
      'ticket.created',
      'ticket.status_changed',
      'ticket.public_note',
      'ticket.public_note',
      'ticket.assigned',
      'ticket.status_changed',
      'ticket.status_changed',
      'ticket.public_note',
    ]);
    for (const r of receiver.received) {
      expect(r.verified, r.eventId).toBe(true);
      expect(r.payload.id).toBe(r.eventId);
      expect(r.payload.type).toBe(r.eventType);
      expect(r.payload.ticket.code).toBe(t.code);
      expect(r.eventId).toMatch(new RegExp(`^${db.municipality.istat_code}\\.\\d+\\.ticket\\.`));
      for (const secret of [
        'segreto.cittadino@example.org',
        'Giulia Segreta',
        'Descrizione che resta al comune',
        'op.webhook@example.org',
        'Nota interna riservata',
        'integrazioni@example.org',
        // Personal data typed in public text goes out masked (personal-data-mask.ts).
        'AB 123 CD',
        '333 123 4567',
      ])
        expect(r.body, r.eventType).not.toContain(secret);
    }
    expect(receiver.received[0].payload.ticket.title).toBe('Buca davanti alla [targa nascosta]');
    expect((receiver.received[3].payload.change as { note?: string }).note).toBe(
      'Interveniamo lunedì, info al [telefono nascosto]',
    );
    const [created, acknowledged] = receiver.received.map((r) => r.payload);
    expect(created.ticket).toMatchObject({
      status: 'received',
      category: { code: 'buca_stradale' },
    });
    expect(acknowledged.change).toEqual({
      from: 'received',
      to: 'acknowledged',
      action: 'acknowledged',
      note: 'Presa in carico',
    });
    expect(receiver.received[4].payload.change).toMatchObject({ operatorAssigned: true });
    expect(receiver.received.at(-2)!.payload.change).toMatchObject({
      from: 'in_progress',
      to: 'resolved',
    });
    // Ordered by the events' ids: the order they were committed in, per ticket.
    const ids = receiver.received.map((r) => Number(r.eventId.split('.')[1]));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('carries the public title as an operator moderated it, which the masking regex cannot know', async () => {
    await createHook(['ticket.status_changed']);
    // A name: no regex of personal-data-mask.ts catches it, only the operator's moderation does.
    const t = await submitReport({ title: 'Auto di Gianni Vettori sul marciapiede' });
    const moderated = await gql(
      operator,
      `mutation($id: ID!, $v: Int!, $t: String!, $d: String!, $r: String!) {
        moderateTicket(id: $id, version: $v, publicTitle: $t, publicDescription: $d, reason: $r) { ticket { version } } }`,
      {
        id: String(t.id),
        v: await version(t.id),
        t: 'Auto sul marciapiede',
        d: 'Un’auto in sosta sul marciapiede.',
        r: 'personal_data',
      },
    );
    expect(moderated.errors).toBeUndefined();
    await act(
      'mutation($id: ID!, $v: Int!) { acknowledgeTicket(id: $id, version: $v) { ticket { id } } }',
      { id: String(t.id), v: await version(t.id) },
    );
    await drain();
    expect(receiver.received.map((r) => r.eventType)).toEqual(['ticket.status_changed']);
    const [changed] = receiver.received;
    expect(changed.verified).toBe(true);
    expect(changed.payload.ticket.title).toBe('Auto sul marciapiede');
    expect(changed.body).not.toContain('Vettori');
  });

  it('keeps each ticket in order across retries after the receiver was down', async () => {
    await createHook(['ticket.created', 'ticket.status_changed', 'ticket.public_note']);
    await receiver.stop();
    const tickets = [await submitReport(), await submitReport(), await submitReport()];
    for (const t of tickets) {
      await act(
        'mutation($id: ID!, $v: Int!) { acknowledgeTicket(id: $id, version: $v) { ticket { id } } }',
        { id: String(t.id), v: await version(t.id) },
      );
      await act(
        'mutation($id: ID!) { addNote(id: $id, text: "Uno", public: true) { ticket { id } } }',
        { id: String(t.id) },
      );
      await act(
        'mutation($id: ID!) { addNote(id: $id, text: "Due", public: true) { ticket { id } } }',
        { id: String(t.id) },
      );
    }
    for (let i = 0; i < 3; i++) await sender.runOnce();
    // Only the head of each ticket's queue was tried; the later events waited.
    const { rows } = await db.pool.query(
      `select ticket_id, array_agg(attempts order by id) as attempts from webhook_delivery group by ticket_id order by ticket_id`,
    );
    for (const row of rows) {
      expect(row.attempts[0]).toBeGreaterThanOrEqual(3);
      expect(row.attempts.slice(1).every((a: number) => a === 0)).toBe(true);
    }
    await receiver.restart();
    await drain();
    expect(receiver.received).toHaveLength(12);
    for (const t of tickets) {
      const mine = receiver.received.filter((r) => r.payload.ticket.code === t.code);
      expect(mine.map((r) => r.eventType)).toEqual([
        'ticket.created',
        'ticket.status_changed',
        'ticket.public_note',
        'ticket.public_note',
      ]);
      expect(mine.map((r) => (r.payload.change as { note?: string }).note ?? null)).toEqual([
        null,
        null,
        'Uno',
        'Due',
      ]);
    }
    const log = await gql(
      admin,
      'query($w: ID!) { webhookDeliveries(webhookId: $w, first: 1) { totalCount edges { node { state attempts latencyMs lastStatus } } } }',
      {
        w: String((await db.pool.query('select id from webhook_subscription')).rows[0].id),
      },
    );
    expect(log.data!.webhookDeliveries).toMatchObject({ totalCount: 12 });
  });

  it('delivers nothing for a change that rolled back', async () => {
    await createHook();
    const t = await submitReport();
    await drain();
    receiver.received.length = 0;
    const client = await db.pool.connect();
    try {
      await client.query('begin');
      await client.query(
        `insert into ticket_event (municipality_id, ticket_id, kind, note, public) values ($1, $2, 'note', 'Mai vista', true)`,
        [db.municipality.id, t.id],
      );
      const inside = await client.query(
        'select count(*)::int as n from webhook_delivery where state = $1',
        ['pending'],
      );
      expect(inside.rows[0].n).toBe(1);
      await client.query('rollback');
    } finally {
      client.release();
    }
    await drain();
    expect(receiver.received).toEqual([]);
    const { rows } = await db.pool.query(
      `select count(*)::int as n from webhook_delivery where state = 'pending'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('keeps the delivery log, pages it and redelivers with the same event id', async () => {
    const hook = await createHook(['ticket.created']);
    for (let i = 0; i < 3; i++) await submitReport();
    await drain();
    const page = async (after?: string) =>
      (
        await gql(
          admin,
          'query($w: ID!, $a: String) { webhookDeliveries(webhookId: $w, first: 2, after: $a) { totalCount pageInfo { hasNextPage endCursor } edges { node { id eventId state attempts latencyMs lastStatus deliveredAt } } } }',
          { w: hook, a: after ?? null },
        )
      ).data!.webhookDeliveries as {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string };
        edges: {
          node: {
            id: string;
            eventId: string;
            state: string;
            attempts: number;
            latencyMs: number;
            lastStatus: number;
          };
        }[];
      };
    const first = await page();
    expect(first.totalCount).toBe(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await page(first.pageInfo.endCursor);
    expect(second.edges).toHaveLength(1);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const node = first.edges[0].node;
    expect(node).toMatchObject({ state: 'DELIVERED', attempts: 1, lastStatus: 200 });
    expect(node.latencyMs).toBeGreaterThanOrEqual(0);

    const again = await gql(
      admin,
      'mutation($d: ID!) { redeliverWebhook(deliveryId: $d) { id eventId state redeliveryOf } }',
      { d: node.id },
    );
    expect(again.data!.redeliverWebhook).toMatchObject({
      eventId: node.eventId,
      state: 'PENDING',
      redeliveryOf: node.id,
    });
    await drain();
    expect(receiver.received.filter((r) => r.eventId === node.eventId)).toHaveLength(2);
    expect(
      errorCode(await gql(admin, 'mutation { redeliverWebhook(deliveryId: "999999999") { id } }')),
    ).toBe('NOT_FOUND');
    expect(
      errorCode(
        await gql(
          admin,
          'query { webhookDeliveries(webhookId: "999999", first: 2) { totalCount } }',
        ),
      ),
    ).toBe('NOT_FOUND');
    expect(
      errorCode(
        await gql(
          admin,
          'query($w: ID!) { webhookDeliveries(webhookId: $w, first: 2, after: "nope") { totalCount } }',
          { w: hook },
        ),
      ),
    ).toBe('INVALID_CURSOR');
  });

  it('pauses a subscription that keeps failing, mails its owner, and resumes it with its backlog in order', async () => {
    const services = createServices({
      pool: db.pool,
      config: testConfig({ ...LOCAL, WEBHOOK_PAUSE_AFTER_FAILURES: '3' }),
      municipality: db.municipality,
    });
    const pausing = createWebhookSender(db.pool, services.deps.config, quiet);
    const hook = await createHook(['ticket.created', 'ticket.public_note']);
    receiver.answer = { status: 503 };
    const t = await submitReport();
    await act(
      'mutation($id: ID!) { addNote(id: $id, text: "Dopo", public: true) { ticket { id } } }',
      { id: String(t.id) },
    );
    await db.pool.query(`delete from notification_outbox where kind = 'webhook_paused'`);
    for (let i = 0; i < 6; i++) {
      await pausing.runOnce();
      await new Promise((r) => setTimeout(r, 5));
    }
    await pausing.stop();
    const listed = (await gql(admin, '{ webhooks { id status pausedReason consecutiveFailures } }'))
      .data!.webhooks;
    expect(listed).toEqual([
      { id: hook, status: 'PAUSED', pausedReason: 'failing', consecutiveFailures: 3 },
    ]);
    const mails = await db.pool.query(
      `select recipient, subject, body_text from notification_outbox where kind = 'webhook_paused'`,
    );
    expect(mails.rows).toHaveLength(1);
    expect(mails.rows[0].recipient).toBe('integrazioni@example.org');
    expect(mails.rows[0].body_text).toContain('resumeWebhook');
    expect(mails.rows[0].body_text).toContain('HTTP 503');

    receiver.answer = { status: 200 };
    const resumed = await gql(
      admin,
      'mutation($id: ID!) { resumeWebhook(id: $id) { status consecutiveFailures } }',
      { id: hook },
    );
    expect(resumed.data!.resumeWebhook).toEqual({ status: 'ACTIVE', consecutiveFailures: 0 });
    await drain();
    expect(receiver.received.map((r) => r.eventType)).toEqual([
      'ticket.created',
      'ticket.public_note',
    ]);
  });

  it('gives a delivery up after WEBHOOK_GIVE_UP_HOURS, pauses the subscription, and the ticket moves on when resumed', async () => {
    const hook = await createHook(['ticket.created', 'ticket.public_note']);
    receiver.answer = { status: 500 };
    const t = await submitReport();
    await act(
      'mutation($id: ID!) { addNote(id: $id, text: "Seguito", public: true) { ticket { id } } }',
      { id: String(t.id) },
    );
    await db.pool.query(
      `update webhook_delivery set created_at = now() - interval '25 hours' where event_type = 'ticket.created'`,
    );
    await sender.runOnce();
    const { rows } = await db.pool.query(
      'select event_type, state from webhook_delivery order by id',
    );
    expect(rows).toEqual([
      { event_type: 'ticket.created', state: 'failed' },
      { event_type: 'ticket.public_note', state: 'pending' },
    ]);
    receiver.answer = { status: 200 };
    await gql(admin, 'mutation($id: ID!) { resumeWebhook(id: $id) { id } }', { id: hook });
    await drain();
    expect(receiver.received.map((r) => r.eventType)).toEqual(['ticket.public_note']);
  });

  it('pauses, resumes and deletes on request; a paused subscription keeps its events for later', async () => {
    const hook = await createHook(['ticket.created']);
    const paused = await gql(
      admin,
      'mutation($id: ID!) { pauseWebhook(id: $id) { status pausedReason } }',
      { id: hook },
    );
    expect(paused.data!.pauseWebhook).toEqual({ status: 'PAUSED', pausedReason: 'owner' });
    await submitReport();
    await drain();
    expect(receiver.received).toEqual([]);
    await gql(admin, 'mutation($id: ID!) { resumeWebhook(id: $id) { id } }', { id: hook });
    await drain();
    expect(receiver.received).toHaveLength(1);
    const deleted = await gql(admin, 'mutation($id: ID!) { deleteWebhook(id: $id) { id } }', {
      id: hook,
    });
    expect(deleted.data!.deleteWebhook).toEqual({ id: hook });
    expect((await gql(admin, '{ webhooks { id } }')).data!.webhooks).toEqual([]);
    await submitReport();
    expect((await db.pool.query('select count(*)::int as n from webhook_delivery')).rows[0].n).toBe(
      0,
    );
    expect(
      errorCode(
        await gql(admin, 'mutation($id: ID!) { deleteWebhook(id: $id) { id } }', { id: hook }),
      ),
    ).toBe('NOT_FOUND');
    const audit = await db.pool.query(
      `select action from audit_log where target = $1 order by id`,
      [`webhook:${hook}`],
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'webhook.create',
      'webhook.pause',
      'webhook.resume',
      'webhook.delete',
    ]);
  });

  it('does not follow a redirect, not even to a local receiver', async () => {
    const target = await startReceiver();
    try {
      await createHook(['ticket.created']);
      receiver.answer = { status: 302, location: target.url };
      await submitReport();
      await sender.runOnce();
      const { rows } = await db.pool.query(
        'select state, last_status, last_error from webhook_delivery',
      );
      expect(rows[0]).toMatchObject({ state: 'pending', last_status: 302 });
      expect(rows[0].last_error).toContain('redirects are not followed');
      expect(target.received).toEqual([]);
    } finally {
      await target.stop();
    }
  });
});

describe('webhook URLs and rights', { timeout: 120_000 }, () => {
  let strict: ReturnType<typeof createGql>;
  beforeAll(() => {
    const services = createServices({
      pool: db.pool,
      config: testConfig(),
      municipality: db.municipality,
    });
    strict = createGql(db, schema, { services });
  });

  const long = `https://example.org/${'x'.repeat(2001)}`;
  it.each([
    ['http://example.org/hook', 'NOT_HTTPS'],
    ['ftp://example.org/hook', 'NOT_HTTPS'],
    ['https://127.0.0.1/hook', 'PRIVATE_ADDRESS'],
    ['https://localhost:8443/hook', 'PRIVATE_ADDRESS'],
    ['https://10.1.2.3/hook', 'PRIVATE_ADDRESS'],
    ['https://192.168.1.10/hook', 'PRIVATE_ADDRESS'],
    ['https://172.16.0.1/hook', 'PRIVATE_ADDRESS'],
    ['https://169.254.169.254/latest/meta-data', 'PRIVATE_ADDRESS'],
    ['https://[::1]/hook', 'PRIVATE_ADDRESS'],
    ['https://[fe80::1]/hook', 'PRIVATE_ADDRESS'],
    ['https://[::ffff:127.0.0.1]/hook', 'PRIVATE_ADDRESS'],
    ['https://0.0.0.0/hook', 'PRIVATE_ADDRESS'],
    ['https://user:pw@example.org/hook', 'CREDENTIALS'],
    ['not a url', 'INVALID'],
    ['https://example.org/ and 2,001 more characters', 'INVALID'],
  ])('refuses %s (%s) and stores nothing', async (url, reason) => {
    const r = await strict(admin, CREATE, {
      url: url.includes(' and 2,001') ? long : url,
      events: ['ticket.created'],
    });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions).toMatchObject({ field: 'url', reason });
    expect(
      (await db.pool.query('select count(*)::int as n from webhook_subscription')).rows[0].n,
    ).toBe(0);
  });

  it('refuses unknown or missing event types', async () => {
    for (const events of [['ticket.deleted'], [], ['intervention.deleted']]) {
      const r = await gql(admin, CREATE, { url: receiver.url, events });
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
      expect(r.errors![0].extensions).toMatchObject({ field: 'events' });
    }
    expect(
      (await db.pool.query('select count(*)::int as n from webhook_subscription')).rows[0].n,
    ).toBe(0);
  });

  it('checks the addresses again when it connects: a stored URL that now points to a private address gets nothing', async () => {
    const id = await createHook(['ticket.created']);
    const strictSender = createWebhookSender(
      db.pool,
      testConfig({ WEBHOOK_ALLOW_HTTP: 'true' }),
      quiet,
    );
    try {
      await submitReport();
      await strictSender.runOnce();
      const { rows } = await db.pool.query(
        'select state, last_error from webhook_delivery where webhook_id = $1',
        [id],
      );
      expect(rows[0].state).toBe('pending');
      expect(rows[0].last_error).toContain('private');
      expect(receiver.received).toEqual([]);
    } finally {
      await strictSender.stop();
    }
  });

  it('needs the webhooks:manage scope of an admin', async () => {
    const tokenFor = async (scopes: string[]) => {
      const { token } = await db.services.apiTokens.create(
        admin,
        `t-${scopes.join('-')}`,
        scopes,
        '127.0.0.1',
      );
      return (await db.services.apiTokens.viewerForToken(token, '127.0.0.1'))!;
    };
    const read = await tokenFor(['tickets:read', 'tickets:write', 'admin']);
    const manage = await tokenFor(['webhooks:manage']);
    for (const viewer of [read, operator]) {
      expect(
        errorCode(await gql(viewer, CREATE, { url: receiver.url, events: ['ticket.created'] })),
      ).toBe('FORBIDDEN');
      expect(errorCode(await gql(viewer, '{ webhooks { id } }'))).toBe('FORBIDDEN');
    }
    expect(errorCode(await gql(null, '{ webhooks { id } }'))).toBe('UNAUTHENTICATED');
    const r = await gql(manage, CREATE, { url: receiver.url, events: ['ticket.created'] });
    expect(r.errors).toBeUndefined();
    const { rows } = await db.pool.query(
      'select owner_staff_id, token_id from webhook_subscription',
    );
    expect(rows[0]).toEqual({ owner_staff_id: admin.staffId, token_id: manage.tokenId });
    // An operator cannot even put the scope on a token of its own.
    await expect(
      db.services.apiTokens.create(operator, 'x', ['webhooks:manage'], '127.0.0.1'),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
