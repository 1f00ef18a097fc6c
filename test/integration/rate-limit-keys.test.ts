// Rate-limit buckets are keyed: an HMAC of the client address or mailbox under the server's
// rate-limit secret (RATE_LIMIT_SECRET, else derived from JWT_SECRET), never a plain SHA-256 that
// anyone holding a copy of rate_limit_counter could match by hashing guessed addresses. The records
// still go after the comune's rateLimitHours (48 by default).
import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { runRetention } from '../../server/services/retention.service.js';
import { rateLimitBucket } from '../../server/services/rate-limit.js';
import { categoryId, reportInput, streetPoint, submit } from '../helpers/citizen.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';

const SECRET = 'a-rate-limit-secret-of-at-least-32-chars';

describe('rate-limit keys', () => {
  let db: TestDatabase;
  let app: TestApp;
  let code: string;

  async function buckets(): Promise<string[]> {
    const { rows } = await db.pool.query<{ bucket: string }>(
      'select bucket from rate_limit_counter where municipality_id = $1 order by bucket',
      [db.municipality.id],
    );
    return rows.map((r) => r.bucket);
  }

  beforeAll(async () => {
    db = await createTestDatabase({ RATE_LIMIT_SECRET: SECRET });
    app = await startTestApp(db.services);
    const r = await submit(
      app,
      reportInput(await categoryId(db, 'buca_stradale'), await streetPoint(db, 3)),
    );
    code = r.data!.submitReport.ticket.code;
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('stores the HMAC of the mailbox and client under the secret, not sha256 of them', async () => {
    const email = 'Chi.Sono+tag@Example.org';
    const client = '198.51.100.23';
    await db.pool.query('delete from rate_limit_counter');
    await db.services.joins.join(code, email, 'it', client);
    const stored = await buckets();
    const mailbox = 'chi.sono@example.org';
    const hmac = (unit: string) =>
      createHmac('sha256', SECRET).update(unit).digest('base64url').slice(0, 32);
    const sha = (unit: string) =>
      createHash('sha256').update(unit).digest('base64url').slice(0, 32);
    expect(stored).toEqual([`join:address:${hmac(client)}`, `join:email:${hmac(mailbox)}`]);
    expect(stored).toEqual(
      [
        rateLimitBucket(SECRET, 'join:address', client),
        rateLimitBucket(SECRET, 'join:email', email),
      ].sort(),
    );
    // Whoever guesses the address cannot find its row without the secret.
    for (const guess of [mailbox, email, email.toLowerCase(), client])
      expect(stored.join('\n')).not.toContain(sha(guess));
    expect(stored.join('\n')).not.toMatch(/chi\.sono|example|198\.51/i);
  });

  it('the secret: RATE_LIMIT_SECRET, else derived from JWT_SECRET (not JWT_SECRET itself), else a development key', () => {
    const jwt = 'j'.repeat(40);
    expect(loadConfig({ RATE_LIMIT_SECRET: SECRET, JWT_SECRET: jwt }).rateLimitSecret).toBe(SECRET);
    const derived = loadConfig({ JWT_SECRET: jwt }).rateLimitSecret;
    expect(derived).not.toBe(jwt);
    expect(derived).toBe(loadConfig({ JWT_SECRET: jwt }).rateLimitSecret);
    expect(derived).not.toBe(loadConfig({ JWT_SECRET: 'k'.repeat(40) }).rateLimitSecret);
    expect(loadConfig({}).rateLimitSecret).toBe(loadConfig({}).rateLimitSecret);
    expect(loadConfig({}).rateLimitSecret).not.toBe(derived);
    expect(() => loadConfig({ RATE_LIMIT_SECRET: 'short' })).toThrow(/RATE_LIMIT_SECRET/);
  });

  it('retention deletes the keyed records after 48 hours and keeps the recent ones', async () => {
    await db.pool.query('delete from rate_limit_counter');
    await db.services.joins.join(code, 'vecchio@example.org', 'it', '198.51.100.40');
    await db.pool.query(
      `update rate_limit_counter set window_start = date_trunc('hour', now()) - interval '49 hours'`,
    );
    await db.services.joins.join(code, 'recente@example.org', 'it', '198.51.100.41');
    const recent = [
      rateLimitBucket(SECRET, 'join:address', '198.51.100.41'),
      rateLimitBucket(SECRET, 'join:email', 'recente@example.org'),
    ].sort();
    expect(await buckets()).toHaveLength(4);
    const report = await runRetention(db.pool, db.config, db.municipality);
    expect(report.rateLimitWindows).toBe(2);
    expect(await buckets()).toEqual(recent);
  });
});
