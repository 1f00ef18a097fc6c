// The privacy notice per comune with versions (GDPR art. 13): admins publish, older versions stay and
// stay readable; the form's version travels with a report and a join and is stored; a version that does
// not exist is refused and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSegnalaSchema } from '../../server/graphql/build-schema.js';
import { createServices } from '../../server/services/services.js';
import type { Viewer } from '../../server/domain/viewer.js';
import { categoryId, reportInput, rowCounts, streetPoint } from '../helpers/citizen.js';
import { latestConfirmationToken } from '../helpers/confirmation.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createGql, createStaff } from '../helpers/staff-fixtures.js';

const PUBLISH =
  'mutation($it: String!, $en: String!) { publishPrivacyNotice(it: $it, en: $en) { version it en } }';
const SUBMIT = `mutation($input: SubmitReportInput!) { submitReport(input: $input) { ticket { code } } }`;

describe('privacy notice with versions', () => {
  let db: TestDatabase;
  let gql: ReturnType<typeof createGql>;
  let admin: Viewer;

  beforeAll(async () => {
    db = await createTestDatabase();
    gql = createGql(db, await buildSegnalaSchema());
    admin = await createStaff(db, 'admin.informativa@example.org', 'admin');
  });

  afterAll(async () => {
    await db?.close();
  });

  it('admins publish versions; the current one is the newest; older ones stay readable; each is audited', async () => {
    const start = (
      await db.pool.query<{ n: number }>(
        'select coalesce(max(version), 0)::int as n from privacy_notice where municipality_id = $1',
        [db.municipality.id],
      )
    ).rows[0].n;
    const one = await gql(admin, PUBLISH, { it: 'Informativa uno.', en: 'Notice one.' });
    const two = await gql(admin, PUBLISH, { it: 'Informativa due.', en: 'Notice two.' });
    expect(one.data!.publishPrivacyNotice).toEqual({
      version: start + 1,
      it: 'Informativa uno.',
      en: 'Notice one.',
    });
    expect((two.data!.publishPrivacyNotice as { version: number }).version).toBe(start + 2);
    const current = await gql(
      null,
      '{ municipality { privacyNotice { it } privacyNoticeVersion } privacyNotice { version } }',
    );
    expect(current.data).toEqual({
      municipality: { privacyNotice: { it: 'Informativa due.' }, privacyNoticeVersion: start + 2 },
      privacyNotice: { version: start + 2 },
    });
    const old = await gql(null, 'query($v: Int) { privacyNotice(version: $v) { it } }', {
      v: start + 1,
    });
    expect(old.data).toEqual({ privacyNotice: { it: 'Informativa uno.' } });
    const list = await gql(admin, '{ privacyNotices { version } }');
    expect((list.data!.privacyNotices as unknown[]).length).toBe(start + 2);
    const audit = await db.pool.query(
      `select count(*)::int as n from audit_log where action = 'privacy.publishNotice'`,
    );
    expect(audit.rows[0].n).toBe(2);
  });

  it('an empty or missing language is BAD_USER_INPUT and publishes nothing', async () => {
    const before = await rowCounts(db);
    const r = await gql(admin, PUBLISH, { it: '   ', en: 'Notice.' });
    expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0].extensions?.field).toBe('it');
    expect(await rowCounts(db)).toEqual(before);
  });

  it('a report and a join store the version the form showed; an unknown version is refused', async () => {
    const version = (await db.services.privacyNotices.current())!.version!;
    const point = await streetPoint(db, 7);
    const pothole = await categoryId(db, 'buca_stradale');
    const shown = version - 1;
    const r = await gql(null, SUBMIT, {
      input: {
        ...reportInput(pothole, point, { email: 'versione@example.org' }),
        privacyNoticeVersion: shown,
      },
    });
    expect(r.errors).toBeUndefined();
    const code = (r.data!.submitReport as { ticket: { code: string } }).ticket.code;
    const stored = await db.pool.query(
      'select r.privacy_notice_version as v from reporter r join ticket t on t.id = r.ticket_id where t.code = $1',
      [code],
    );
    expect(stored.rows[0].v).toBe(shown);

    // Without a version: the current one.
    await db.services.joins.join(code, 'sostiene@example.org', 'it', '192.0.2.5');
    await db.services.confirmations.confirm(
      await latestConfirmationToken(db, 'sostiene@example.org', 'confirm_join'),
      '192.0.2.5',
    );
    const follow = await db.pool.query(
      `select privacy_notice_version as v from ticket_supporter where email_key = 'sostiene@example.org'`,
    );
    expect(follow.rows[0].v).toBe(version);

    const before = await rowCounts(db);
    const bad = await gql(null, SUBMIT, {
      input: {
        ...reportInput(pothole, point, { email: 'versione@example.org' }),
        privacyNoticeVersion: 999,
      },
    });
    expect(bad.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'privacyNoticeVersion',
    });
    const badJoin = await gql(
      null,
      'mutation($c: String!) { joinReport(code: $c, email: "altro@example.org", privacyNoticeVersion: 999) { status } }',
      { c: code },
    );
    expect(badJoin.errors?.[0].extensions?.field).toBe('privacyNoticeVersion');
    const after = await rowCounts(db);
    delete before.rate_limit_counter;
    delete after.rate_limit_counter;
    expect(after).toEqual(before);
  });

  it('citizens read {dpo} and {retention} filled with the periods the retention job applies; admins keep the placeholders', async () => {
    const published = await gql(admin, PUBLISH, {
      it: 'Conservazione: {retention} {dpo}',
      en: 'Retention: {retention} {dpo}',
    });
    const version = (published.data!.publishPrivacyNotice as { version: number }).version;
    const pub = await gql(
      null,
      'query($v: Int) { municipality { privacyNotice { it en } } privacyNotice(version: $v) { it en } }',
      { v: version },
    );
    const text = JSON.stringify(pub.data);
    expect(text).not.toMatch(/\{retention\}|\{dpo\}/);
    expect(text).toContain('cancellati dopo 12 mesi');
    expect(text).toContain('(«mi associo») dopo 6 mesi');
    expect(text).toContain('deleted after 12 months');
    const list = await gql(admin, '{ privacyNotices { version it } }');
    expect(
      (list.data!.privacyNotices as { version: number; it: string }[]).find(
        (n) => n.version === version,
      )?.it,
    ).toBe('Conservazione: {retention} {dpo}');
    // A comune's own periods (and the older retentionMonths, for the reporter's) reach the notice.
    for (const [settings, reporter, supporter] of [
      [{ retention: { reporterContactMonths: 18, supporterContactMonths: 3 } }, 18, 3],
      [{ retentionMonths: 24 }, 24, 6],
    ] as const) {
      const services = createServices({
        pool: db.pool,
        config: db.config,
        municipality: { ...db.municipality, settings },
      });
      const notice = await services.privacyNotices.current();
      expect(notice!.text!.it).toContain(`cancellati dopo ${reporter} mesi`);
      expect(notice!.text!.it).toContain(`dopo ${supporter} mesi.`);
      expect(notice!.text!.en).toContain(`deleted after ${reporter} months`);
    }
  });
});
