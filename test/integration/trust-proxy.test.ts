// Without TRUST_PROXY a client cannot choose its own address with X-Forwarded-For, so it cannot
// dodge the per-address rate limit by sending a new one with every report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryId, reportInput, streetPoint, submit } from '../helpers/citizen.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { errorCode, startTestApp, type TestApp } from '../helpers/graphql.js';

let db: TestDatabase;
let app: TestApp;

beforeAll(async () => {
  db = await createTestDatabase({
    TRUST_PROXY: 'false',
    RATE_REPORTS_PER_HOUR_ADDRESS: '2',
    RATE_REPORTS_PER_HOUR_EMAIL: '0',
  });
  app = await startTestApp(db.services);
});

afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('client address when Segnala is not behind a trusted proxy', () => {
  it('ignores X-Forwarded-For: a third report from one machine is RATE_LIMITED whatever it claims', async () => {
    const pothole = await categoryId(db, 'buca_stradale');
    const point = await streetPoint(db);
    const results = [];
    for (let i = 0; i < 3; i++) {
      results.push(
        await submit(app, reportInput(pothole, point, { email: `proxy${i}@example.org` }), {
          'x-forwarded-for': `198.51.100.${i + 1}`,
        }),
      );
    }
    expect(results.slice(0, 2).map((r) => r.errors)).toEqual([undefined, undefined]);
    expect(errorCode(results[2])).toBe('RATE_LIMITED');
  });
});
