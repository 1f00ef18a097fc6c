// SMTP down while citizens file reports: no request fails, and every mail arrives once SMTP is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxSender, type OutboxSender } from '../../server/mail/outbox-sender.js';
import { categoryId, JOIN_REPORT, reportInput, streetPoint, submit } from '../helpers/citizen.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.js';

async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('mail delivery survives an SMTP outage', () => {
  let db: TestDatabase;
  let app: TestApp;
  let smtp: TestSmtp | undefined;
  let sender: OutboxSender;
  let port: number;
  const warnings: string[] = [];

  beforeAll(async () => {
    const probe = await startTestSmtp();
    port = probe.port;
    await probe.close(); // nothing listens there now: the server is "down"
    db = await createTestDatabase({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_POLL_MS: '100',
      MAIL_RETRY_BASE_MS: '200',
      MAIL_RETRY_MAX_MS: '1000',
    });
    app = await startTestApp(db.services);
    sender = createOutboxSender(db.pool, db.config, {
      info: () => undefined,
      warn: (m) => warnings.push(m),
    });
    sender.start();
  });

  afterAll(async () => {
    await sender?.stop();
    await app?.close();
    await smtp?.close();
    await db?.close();
  });

  it('queues, retries with backoff, then delivers every message exactly once', async () => {
    const point = await streetPoint(db, 11);
    const pothole = await categoryId(db, 'buca_stradale');
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await submit(app, reportInput(pothole, point, { email: `outage${i}@example.org` }));
      expect(r.errors).toBeUndefined();
      codes.push(r.data!.submitReport.ticket.code);
    }
    for (let i = 0; i < 3; i++) {
      const r = await app.gql(JOIN_REPORT, {
        code: codes[0],
        email: `outage-join${i}@example.org`,
      });
      expect(r.errors).toBeUndefined();
    }
    const expected = 4 * 2 + 3; // reporter + office per report, one per join

    // The sender tried, failed, and rescheduled; nothing was dropped.
    await until(async () => {
      const { rows } = await db.pool.query(
        `select count(*)::int as n from notification_outbox where attempts >= 2 and last_error is not null and sent_at is null`,
      );
      return rows[0].n === expected;
    });
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.join('\n')).not.toMatch(/@example\.org/);

    smtp = await startTestSmtp(port);
    await smtp.waitFor(expected, undefined, 20_000);
    await until(
      async () =>
        (
          await db.pool.query(
            'select count(*)::int as n from notification_outbox where sent_at is null',
          )
        ).rows[0].n === 0,
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.mails).toHaveLength(expected);
    const recipients = smtp.mails.flatMap((m) => m.to).sort();
    expect(new Set(recipients).size).toBe(4 + 3 + 1); // the office got 4 mails
  });
});
