// Retries and crowds: the same idempotency key files one ticket; concurrent "mi associo" counts right.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  categoryId,
  JOIN_REPORT,
  reportInput,
  rowCounts,
  streetPoint,
  submit,
  type StreetPoint,
} from '../helpers/citizen.js';
import {
  allConfirmationTokens,
  latestConfirmationToken,
  postConfirmation,
} from '../helpers/confirmation.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';

describe('idempotency and concurrent joins', () => {
  let db: TestDatabase;
  let app: TestApp;
  let point: StreetPoint;
  let pothole: string;

  beforeAll(async () => {
    // 0 = no limit: these tests are about counting, not abuse.
    db = await createTestDatabase({
      RATE_JOINS_PER_HOUR_ADDRESS: '0',
      RATE_JOINS_PER_HOUR_EMAIL: '0',
      RATE_REPORTS_PER_HOUR_ADDRESS: '0',
    });
    app = await startTestApp(db.services);
    point = await streetPoint(db, 7);
    pothole = await categoryId(db, 'buca_stradale');
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  async function supporters(
    code: string,
  ): Promise<{ rows: number; count: number; events: number; mails: number }> {
    const { rows } = await db.pool.query(
      `select (select count(*)::int from ticket_supporter s where s.municipality_id = t.municipality_id and s.ticket_id = t.id) as rows,
         t.supporters_count as count,
         (select count(*)::int from ticket_event e where e.municipality_id = t.municipality_id and e.ticket_id = t.id and e.kind = 'supported') as events,
         (select count(*)::int from notification_outbox o where o.municipality_id = t.municipality_id and o.ticket_id = t.id and o.kind = 'joined') as mails
       from ticket t where t.code = $1`,
      [code],
    );
    return rows[0];
  }

  it('the same idempotencyKey twice returns the first ticket and writes nothing new', async () => {
    const input = reportInput(pothole, point, {
      idempotencyKey: 'form-7d1b0c9e',
      email: 'retry@example.org',
    });
    const first = await submit(app, input);
    expect(first.errors).toBeUndefined();
    const before = await rowCounts(db);
    const second = await submit(app, input);
    expect(second.data?.submitReport.ticket.code).toBe(first.data?.submitReport.ticket.code);
    expect(await rowCounts(db)).toEqual(before);
  });

  it('a repeat after the category closed still answers the first ticket, and writes nothing', async () => {
    const input = reportInput(pothole, point, {
      idempotencyKey: 'form-closed-since',
      email: 'late.retry@example.org',
    });
    const first = await submit(app, input);
    expect(first.errors).toBeUndefined();
    const before = await rowCounts(db);
    await db.pool.query('update category set active = false where id = $1', [pothole]);
    try {
      const again = await submit(app, input);
      expect(again.errors).toBeUndefined();
      expect(again.data?.submitReport.ticket.code).toBe(first.data?.submitReport.ticket.code);
      // A new report in the closed category is refused as before.
      const fresh = await submit(app, { ...input, idempotencyKey: 'form-closed-new' });
      expect(fresh.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    } finally {
      await db.pool.query('update category set active = true where id = $1', [pothole]);
    }
    expect(await rowCounts(db)).toEqual(before);
  });

  it('the same idempotencyKey sent 5 times at once files one ticket', async () => {
    const before = await rowCounts(db);
    const input = reportInput(pothole, point, {
      idempotencyKey: 'form-concurrent-1',
      email: 'burst@example.org',
    });
    const results = await Promise.all(Array.from({ length: 5 }, () => submit(app, input)));
    const codes = new Set(results.map((r) => r.data?.submitReport.ticket.code));
    expect(results.every((r) => r.errors === undefined)).toBe(true);
    expect(codes.size).toBe(1);
    const after = await rowCounts(db);
    expect(after.ticket - before.ticket).toBe(1);
    expect(after.reporter - before.reporter).toBe(1);
    expect(after.notification_outbox - before.notification_outbox).toBe(2); // reporter + office
  });

  it('50 concurrent joinReport with different e-mails, each confirmed → exactly 50 supporters', async () => {
    const { data } = await submit(
      app,
      reportInput(pothole, point, { email: 'owner50@example.org' }),
    );
    const code = data!.submitReport.ticket.code;
    const emails = Array.from({ length: 50 }, (_, i) => `neighbour${i}@example.org`);
    const results = await Promise.all(
      emails.map((email) =>
        app.gql<{ joinReport: { status: string } }>(JOIN_REPORT, { code, email }),
      ),
    );
    expect(results.filter((r) => r.errors)).toEqual([]);
    expect(results.every((r) => r.data?.joinReport.status === 'CONFIRMATION_SENT')).toBe(true);
    // Nobody counts before confirming.
    expect(await supporters(code)).toEqual({ rows: 0, count: 0, events: 0, mails: 0 });
    const tokens = await Promise.all(
      emails.map((e) => latestConfirmationToken(db, e, 'confirm_join')),
    );
    const confirmed = await Promise.all(tokens.map((t) => postConfirmation(app.url, t)));
    expect(confirmed.map((r) => r.status)).toEqual(tokens.map(() => 200));
    expect(await supporters(code)).toEqual({ rows: 50, count: 50, events: 50, mails: 50 });
  });

  it('20 concurrent joinReport with the same e-mail (any case), all links used at once → exactly 1', async () => {
    const { data } = await submit(
      app,
      reportInput(pothole, point, { email: 'owner20@example.org' }),
    );
    const code = data!.submitReport.ticket.code;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        app.gql<{ joinReport: { status: string } }>(JOIN_REPORT, {
          code,
          email: i % 2 ? 'Same.Person@example.org' : 'same.person@EXAMPLE.org',
        }),
      ),
    );
    expect(results.filter((r) => r.errors)).toEqual([]);
    const tokens = await allConfirmationTokens(db, 'same.person@example.org', 'confirm_join');
    expect(tokens).toHaveLength(20);
    await Promise.all(tokens.map((t) => postConfirmation(app.url, t)));
    expect(await supporters(code)).toEqual({ rows: 1, count: 1, events: 1, mails: 1 });
    // The reporter joining their own report is told so, and nothing changes.
    const own = await app.gql<{ joinReport: { status: string } }>(JOIN_REPORT, {
      code,
      email: 'OWNER20@example.org',
    });
    expect(own.data?.joinReport.status).toBe('CONFIRMATION_SENT');
    expect((await supporters(code)).count).toBe(1);
  });
});
