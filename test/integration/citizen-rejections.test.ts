// Every refused report or join answers with a code (and the field) and leaves every table as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  categoryId,
  JOIN_REPORT,
  reportInput,
  rowCounts,
  streetPoint,
  submit,
  type ReportInput,
  type StreetPoint,
} from '../helpers/citizen.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { errorCode, startTestApp, type GraphQLResult, type TestApp } from '../helpers/graphql.js';

describe('rejected citizen requests write nothing', () => {
  let db: TestDatabase;
  let app: TestApp;
  let point: StreetPoint;
  let pothole: string;
  let clients = 0;
  /** A fresh client address per request, so that only the rate-limit case meets the limit. */
  const client = () => ({ 'x-forwarded-for': `198.51.100.${++clients}` });

  beforeAll(async () => {
    db = await createTestDatabase({
      RATE_REPORTS_PER_HOUR_ADDRESS: '2',
      RATE_REPORTS_PER_HOUR_EMAIL: '2',
      RATE_JOINS_PER_HOUR_ADDRESS: '2',
    });
    app = await startTestApp(db.services);
    point = await streetPoint(db, 5);
    pothole = await categoryId(db, 'buca_stradale');
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  async function expectNothingWritten(
    run: () => Promise<GraphQLResult>,
    code: string,
    field?: string,
  ) {
    const before = await rowCounts(db);
    const result = await run();
    expect(result.data ?? null).toBeNull();
    expect(errorCode(result)).toBe(code);
    if (field) expect(result.errors?.[0].extensions?.field).toBe(field);
    expect(JSON.stringify(result)).not.toMatch(/select |insert |stack|at .*\.ts/i);
    expect(await rowCounts(db)).toEqual(before);
  }

  const report = (overrides: Partial<ReportInput>) => () =>
    submit(app, reportInput(pothole, point, overrides), client());

  it('a point outside the municipality → OUTSIDE_MUNICIPALITY', async () => {
    // Pietrasanta, the next town to the south.
    await expectNothingWritten(
      report({ location: { lon: 10.2277, lat: 43.9593 } }),
      'OUTSIDE_MUNICIPALITY',
      'location',
    );
  });

  it('coordinates out of range → BAD_USER_INPUT location', async () => {
    await expectNothingWritten(
      report({ location: { lon: 10.2, lat: 91 } }),
      'BAD_USER_INPUT',
      'location',
    );
    await expectNothingWritten(
      report({ location: { lon: 181, lat: 44 } }),
      'BAD_USER_INPUT',
      'location',
    );
  });

  it('coordinates that are not finite numbers are refused before any resolver', async () => {
    const before = await rowCounts(db);
    const result = await app.gql(
      `mutation { submitReport(input: { categoryId: "${pothole}", location: { lat: 1e400, lon: 10.2 }, title: "t", description: "d",
         email: "a@example.org", privacyConsent: true }) { ticket { code } } }`,
    );
    expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(errorCode(result));
    expect(await rowCounts(db)).toEqual(before);
  });

  it('an unknown or inactive category → BAD_USER_INPUT categoryId', async () => {
    await expectNothingWritten(report({ categoryId: '999999' }), 'BAD_USER_INPUT', 'categoryId');
    await expectNothingWritten(report({ categoryId: 'abc' }), 'BAD_USER_INPUT', 'categoryId');
    const inactive = await categoryId(db, 'altro');
    await db.pool.query(
      'update category set active = false where municipality_id = $1 and id = $2',
      [db.municipality.id, inactive],
    );
    await expectNothingWritten(report({ categoryId: inactive }), 'BAD_USER_INPUT', 'categoryId');
  });

  it('an e-mail that is not an address → BAD_USER_INPUT email', async () => {
    for (const email of [
      '',
      'mario',
      'mario@',
      'mario@example',
      'ma rio@example.org',
      'a@b@example.org',
    ]) {
      await expectNothingWritten(report({ email }), 'BAD_USER_INPUT', 'email');
    }
  });

  it('no consent → BAD_USER_INPUT privacyConsent', async () => {
    await expectNothingWritten(
      report({ privacyConsent: false }),
      'BAD_USER_INPUT',
      'privacyConsent',
    );
  });

  it('empty or too long texts → BAD_USER_INPUT with the field', async () => {
    await expectNothingWritten(report({ title: '   ' }), 'BAD_USER_INPUT', 'title');
    await expectNothingWritten(report({ title: 'x'.repeat(121) }), 'BAD_USER_INPUT', 'title');
    await expectNothingWritten(report({ description: '' }), 'BAD_USER_INPUT', 'description');
    await expectNothingWritten(
      report({ description: 'x'.repeat(4001) }),
      'BAD_USER_INPUT',
      'description',
    );
    await expectNothingWritten(report({ locale: 'fr' }), 'BAD_USER_INPUT', 'locale');
  });

  it('an unknown, malformed or already used attachment → BAD_USER_INPUT attachmentIds', async () => {
    await expectNothingWritten(
      report({ attachmentIds: ['7f1c7e38-3f5e-4b4e-9d4c-2b1a0e9f0c11'] }),
      'BAD_USER_INPUT',
      'attachmentIds',
    );
    await expectNothingWritten(
      report({ attachmentIds: ['not-a-uuid'] }),
      'BAD_USER_INPUT',
      'attachmentIds',
    );
    const used = '0b9e5d0e-8a57-4c3e-9f57-3c8d1b2a4e61';
    const ok = await submit(
      app,
      reportInput(pothole, point, { email: 'first@example.org' }),
      client(),
    );
    const { rows } = await db.pool.query('select id from ticket where code = $1', [
      ok.data!.submitReport.ticket.code,
    ]);
    await db.pool.query(
      `insert into attachment (municipality_id, id, ticket_id, content_type, size_bytes, width, height, bytes) values ($1, $2, $3, 'image/png', 1, 1, 1, '\\x00')`,
      [db.municipality.id, used, rows[0].id],
    );
    await expectNothingWritten(
      report({ attachmentIds: [used] }),
      'BAD_USER_INPUT',
      'attachmentIds',
    );
    const four = ['a', 'b', 'c', 'd'].map((c) => `${c.repeat(8)}-aaaa-4aaa-8aaa-${'a'.repeat(12)}`);
    await expectNothingWritten(report({ attachmentIds: four }), 'BAD_USER_INPUT', 'attachmentIds');
  });

  it('too many reports from one address → RATE_LIMITED', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.7' };
    for (let i = 0; i < 2; i++) {
      const ok = await submit(
        app,
        reportInput(pothole, point, { email: `rate${i}@example.org` }),
        headers,
      );
      expect(ok.errors).toBeUndefined();
    }
    await expectNothingWritten(
      () => submit(app, reportInput(pothole, point, { email: 'rate9@example.org' }), headers),
      'RATE_LIMITED',
    );
  });

  it('an IPv6 client is one address for its whole /64 → RATE_LIMITED after rotating addresses', async () => {
    for (let i = 0; i < 2; i++) {
      const ok = await submit(app, reportInput(pothole, point, { email: `v6-${i}@example.org` }), {
        'x-forwarded-for': `2001:db8:77:1::${i + 1}`,
      });
      expect(ok.errors).toBeUndefined();
    }
    await expectNothingWritten(
      () =>
        submit(app, reportInput(pothole, point, { email: 'v6-9@example.org' }), {
          'x-forwarded-for': '2001:db8:77:1:abcd::9',
        }),
      'RATE_LIMITED',
    );
    // The next /64 is another client.
    expect(
      (
        await submit(app, reportInput(pothole, point, { email: 'v6-10@example.org' }), {
          'x-forwarded-for': '2001:db8:77:2::1',
        })
      ).errors,
    ).toBeUndefined();
  });

  it('too many reports with one e-mail (any case, from any address) → RATE_LIMITED', async () => {
    for (const email of ['same@example.org', 'SAME@example.org']) {
      expect(
        (await submit(app, reportInput(pothole, point, { email }), client())).errors,
      ).toBeUndefined();
    }
    await expectNothingWritten(report({ email: 'Same@Example.org' }), 'RATE_LIMITED');
  });

  it('plus-addressing is the same e-mail for the limit, and mail still goes to the address as typed', async () => {
    for (const email of ['rl-b@example.org', 'rl-b+x@example.org']) {
      expect(
        (await submit(app, reportInput(pothole, point, { email }), client())).errors,
      ).toBeUndefined();
    }
    await expectNothingWritten(report({ email: 'RL-B+other@example.org' }), 'RATE_LIMITED');
    const { rows } = await db.pool.query<{ email: string }>(
      `select email from reporter where municipality_id = $1 and email like 'rl-b%' order by email`,
      [db.municipality.id],
    );
    expect(rows.map((r) => r.email)).toEqual(['rl-b+x@example.org', 'rl-b@example.org']);
  });

  describe('joinReport', () => {
    let open: string;
    let resolved: string;
    let duplicate: string;

    beforeAll(async () => {
      const codes: string[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await submit(
          app,
          reportInput(pothole, point, { email: `join-owner${i}@example.org` }),
          client(),
        );
        codes.push(r.data!.submitReport.ticket.code);
      }
      [open, resolved, duplicate] = codes;
      const m = db.municipality.id;
      await db.pool.query(
        `update ticket set status = 'resolved', resolved_at = now() where municipality_id = $1 and code = $2`,
        [m, resolved],
      );
      await db.pool.query(
        `update ticket set status = 'duplicate', duplicate_of = (select id from ticket where municipality_id = $1 and code = $3) where municipality_id = $1 and code = $2`,
        [m, duplicate, open],
      );
    });

    const join =
      (code: string, email: string, headers = client()) =>
      () =>
        app.gql(JOIN_REPORT, { code, email }, headers);

    it('a closed ticket → TICKET_CLOSED; a duplicate names its original', async () => {
      await expectNothingWritten(join(resolved, 'late@example.org'), 'TICKET_CLOSED');
      const before = await rowCounts(db);
      const result = await join(duplicate, 'late@example.org')();
      expect(errorCode(result)).toBe('TICKET_CLOSED');
      expect(result.errors?.[0].extensions?.originalCode).toBe(open);
      expect(await rowCounts(db)).toEqual(before);
    });

    it('an unknown code → NOT_FOUND; a bad e-mail → BAD_USER_INPUT email', async () => {
      await expectNothingWritten(join('SRV-2222-2222', 'who@example.org'), 'NOT_FOUND');
      await expectNothingWritten(join(open, 'not-an-email'), 'BAD_USER_INPUT', 'email');
    });

    it('too many joins from one address → RATE_LIMITED', async () => {
      const headers = { 'x-forwarded-for': '203.0.113.9' };
      for (let i = 0; i < 2; i++)
        expect((await join(open, `j${i}@example.org`, headers)()).errors).toBeUndefined();
      await expectNothingWritten(join(open, 'j9@example.org', headers), 'RATE_LIMITED');
    });
  });

  it('a query deeper than the limit is refused before it runs', async () => {
    const deep = `{ streets { edges { node { activeTickets { edges { node { street { activeTickets { edges { node { code } } } } } } } } } } }`;
    const result = await app.gql(deep);
    expect(errorCode(result)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors?.[0].message).toMatch(/depth/i);
  });
});
