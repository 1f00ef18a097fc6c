// Issue 15, part 5: the retention round with time moved forward. Contacts of tickets closed long enough
// ago are gone (reporters after 12 months, supporters after 6, with the mails to them and the
// moderation originals), old unlinked photos (not those of a report held for confirmation), spent
// confirmation links, old mails tied to no ticket, rate-limit windows and 5-year-old audit rows are
// deleted, old data-copy requests keep only the address's HMAC, old audit rows pseudonymised; the statistics (KPIs from the tickets and from the rollups,
// counts, heat map) are exactly the same, and nothing else changed. A dry run counts the same and
// changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heatmapCells, type AnalyticsScope } from '../../server/db/analytics.queries.js';
import { analyticsDb, HASH_AGGREGATE_SETTINGS } from '../../server/db/analytics-session.js';
import { kpiRows } from '../../server/db/kpi.queries.js';
import { countTickets } from '../../server/db/ticket.queries.js';
import { maskPersonalData } from '../../server/domain/personal-data-mask.js';
import { runRetention } from '../../server/services/retention.service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import {
  categoryIds,
  hours,
  insertTickets,
  offset,
  prng,
  type FixtureTicket,
} from './analytics-fixtures.js';

const NOW = new Date('2026-06-15T10:00:00Z');
/** The job's clock, 13 months on: every ticket closed by NOW is past both contact periods. */
const LATER = new Date('2027-07-15T10:00:00Z');
const DAY = 24;

let db: TestDatabase;
let recent: number; // closed 3 months before LATER: everything kept
let middle: number; // closed 8 months before LATER: supporters go, the reporter stays
let open: number;
let masked: number; // closed long ago, its text had personal data, and it was moderated

function generate(rnd: () => number, cats: number[], n: number): FixtureTicket[] {
  const out: FixtureTicket[] = [];
  for (let i = 0; i < n; i++) {
    const createdAt = hours(NOW, -DAY * 300 * rnd());
    const fate = rnd();
    const ack = hours(createdAt, 30 * rnd());
    const resolved = fate < 0.6 ? hours(ack, 200 * rnd()) : null;
    out.push({
      categoryId: cats[Math.floor(rnd() * cats.length)],
      at: offset(rnd() * 1500, rnd() * 1500),
      status: fate < 0.6 ? 'resolved' : fate < 0.7 ? 'rejected' : 'in_progress',
      createdAt,
      acknowledgedAt: ack,
      resolvedAt: resolved,
      closedAt: resolved ?? (fate < 0.7 ? ack : null),
      supporters: 1,
    });
  }
  return out;
}

async function snapshot(): Promise<Record<string, unknown[]>> {
  const m = db.municipality.id;
  const rows = async (sql: string) => (await db.pool.query(sql, [m])).rows;
  return {
    ticket: await rows(
      'select to_jsonb(t) as r from ticket t where municipality_id = $1 order by id',
    ),
    event: await rows(
      'select to_jsonb(e) as r from ticket_event e where municipality_id = $1 order by id',
    ),
    reporter: await rows(
      'select to_jsonb(r) as r from reporter r where municipality_id = $1 order by ticket_id',
    ),
    supporter: await rows(
      'select to_jsonb(s) as r from ticket_supporter s where municipality_id = $1 order by ticket_id, email_key',
    ),
    attachment: await rows(
      'select id, ticket_id, public from attachment where municipality_id = $1 order by id',
    ),
    audit: await rows(
      'select to_jsonb(a) as r from audit_log a where municipality_id = $1 order by id',
    ),
    outbox: await rows(
      'select id, recipient, kind from notification_outbox where municipality_id = $1 order by id',
    ),
    moderation: await rows(
      'select id, ticket_id from ticket_moderation where municipality_id = $1 order by id',
    ),
    rate: await rows(
      'select bucket, window_start from rate_limit_counter where municipality_id = $1 order by 1, 2',
    ),
    confirmation: await rows(
      'select id, purpose, email, email_hash, payload from email_confirmation where municipality_id = $1 order by id',
    ),
  };
}

async function statistics(): Promise<unknown> {
  const scope: AnalyticsScope = {
    municipalityId: db.municipality.id,
    localSrid: db.municipality.local_srid,
    filter: {},
    now: LATER,
  };
  const plain = analyticsDb(db.pool);
  const hashing = analyticsDb(db.pool, HASH_AGGREGATE_SETTINGS);
  return {
    kpiTickets: await kpiRows(plain, scope, 'category', 'tickets'),
    kpiRollup: await kpiRows(plain, scope, 'office'),
    kpiOffice: await kpiRows(plain, scope, 'office', 'tickets'),
    count: await countTickets(db.pool, db.municipality.id, {}),
    countDirect: await countTickets(db.pool, db.municipality.id, {}, 'tickets'),
    resolved: await countTickets(db.pool, db.municipality.id, { statuses: ['resolved'] }),
    heat: await heatmapCells(hashing, scope, 100),
    heatDirect: await heatmapCells(hashing, scope, 100, 'tickets'),
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  const m = db.municipality.id;
  const cats = await categoryIds(db.pool, m);
  const many = await insertTickets(db.pool, m, generate(prng(54), cats, 60));
  const special = await insertTickets(db.pool, m, [
    {
      categoryId: cats[0],
      at: offset(100, 100),
      status: 'resolved',
      createdAt: hours(LATER, -DAY * 100),
      acknowledgedAt: hours(LATER, -DAY * 99),
      resolvedAt: hours(LATER, -DAY * 90),
      closedAt: hours(LATER, -DAY * 90),
      supporters: 1,
    },
    {
      categoryId: cats[1],
      at: offset(200, 200),
      status: 'resolved',
      createdAt: hours(LATER, -DAY * 260),
      acknowledgedAt: hours(LATER, -DAY * 250),
      resolvedAt: hours(LATER, -DAY * 240),
      closedAt: hours(LATER, -DAY * 240),
      supporters: 1,
    },
    {
      categoryId: cats[2],
      at: offset(300, 300),
      status: 'in_progress',
      createdAt: hours(NOW, -DAY * 600),
      acknowledgedAt: hours(NOW, -DAY * 599),
      supporters: 1,
    },
    {
      categoryId: cats[0],
      at: offset(400, 400),
      status: 'resolved',
      createdAt: hours(NOW, -DAY * 200),
      acknowledgedAt: hours(NOW, -DAY * 199),
      resolvedAt: hours(NOW, -DAY * 100),
      closedAt: hours(NOW, -DAY * 100),
      supporters: 1,
    },
  ]);
  [recent, middle, open, masked] = special.map((t) => t.id);
  // One supporter per ticket (supporters_count is already 1), and a mail to each contact.
  await db.pool.query(
    `insert into ticket_supporter (municipality_id, ticket_id, email)
     select municipality_id, id, 'sostenitore' || id || '@example.org' from ticket where municipality_id = $1`,
    [m],
  );
  await db.pool.query(
    `insert into notification_outbox (municipality_id, ticket_id, recipient, kind, subject, body_text, body_html, sent_at)
     select r.municipality_id, r.ticket_id, r.email, 'resolved', 's', 'b', 'b', now() from reporter r where r.municipality_id = $1
     union all
     select s.municipality_id, s.ticket_id, s.email, 'resolved', 's', 'b', 'b', now() from ticket_supporter s where s.municipality_id = $1`,
    [m],
  );
  // The ticket with personal data: its original text, its masked public copy and a moderation.
  const title = 'Auto AB 123 CD sul marciapiede';
  const description = 'Chiamatemi al 333 1234567.';
  await db.pool.query(
    'update ticket set title = $2, description = $3, public_title = $4, public_description = $5 where id = $1',
    [masked, title, description, maskPersonalData(title), 'Auto in sosta sul marciapiede.'],
  );
  await db.pool.query(
    `insert into ticket_moderation (municipality_id, ticket_id, reason_code, before_title, before_description, after_title, after_description)
     values ($1, $2, 'personal_data', $3, $4, $3, 'Auto in sosta sul marciapiede.')`,
    [m, masked, maskPersonalData(title), maskPersonalData(description)],
  );
  // Audit rows: one of 6 years ago, one of 2 years ago with an e-mail and an address, one of last week.
  await db.pool.query(
    `insert into audit_log (municipality_id, action, target, details, address, created_at) values
       ($1, 'login.failed', 'vecchio@example.org', '{}', '192.0.2.77', $2::timestamptz - interval '6 years'),
       ($1, 'user.create', 'staff:9', '{"email": "Operatore.Due@Example.org"}', '192.0.2.78', $2::timestamptz - interval '2 years'),
       ($1, 'login.failed', 'recente@example.org', '{}', '192.0.2.79', $2::timestamptz - interval '7 days')`,
    [m, LATER],
  );
  // Photos: one unlinked for 2 days at LATER, one unlinked for an hour; rate-limit windows: old and current.
  await db.pool.query(
    `insert into attachment (municipality_id, id, content_type, size_bytes, width, height, bytes, created_at) values
       ($1, '00000000-0000-4000-8000-000000000001', 'image/png', 1, 1, 1, '\\x00', $2::timestamptz - interval '2 days'),
       ($1, '00000000-0000-4000-8000-000000000002', 'image/png', 1, 1, 1, '\\x00', $2::timestamptz - interval '1 hour')`,
    [m, LATER],
  );
  // A report held for e-mail confirmation (its link still open at LATER) holds a 3-day-old photo.
  await db.pool.query(
    `insert into attachment (municipality_id, id, content_type, size_bytes, width, height, bytes, created_at) values
       ($1, '00000000-0000-4000-8000-000000000003', 'image/png', 1, 1, 1, '\\x00', $2::timestamptz - interval '3 days')`,
    [m, LATER],
  );
  // Confirmation links (name: purpose, when it was used or expired, relative to LATER), and requests.
  const confirmations: [string, string, string | null, string, string][] = [
    // [label, purpose, used, expires, created]
    ['held', 'report', null, '1 day', '-1 day'],
    ['join-used-old', 'join', '-3 days', '1 day', '-4 days'],
    ['alert-expired-old', 'alert', null, '-3 days', '-6 days'],
    ['report-expired-recent', 'report', null, '-1 hour', '-49 hours'],
    ['join-used-recent', 'join', '-1 hour', '2 days', '-2 hours'],
    ['copy-old', 'data_copy', '-13 months', '-13 months', '-13 months'],
    ['erasure-recent', 'erasure', '-1 month', '-1 month', '-1 month'],
  ];
  for (const [label, purpose, used, expires, created] of confirmations)
    await db.pool.query(
      `insert into email_confirmation (municipality_id, purpose, token_hash, email, email_hash, payload, created_at, expires_at, used_at)
       values ($1, $3, sha256(convert_to($4::text, 'UTF8')), $4::text || '@example.org', 'hash-' || $4::text, $5::jsonb,
         $2::timestamptz + $6::interval, $2::timestamptz + $7::interval, $2::timestamptz + $8::interval)`,
      [
        m,
        LATER,
        purpose,
        label,
        JSON.stringify(
          label === 'held'
            ? { draft: { attachmentIds: ['00000000-0000-4000-8000-000000000003'] } }
            : { label },
        ),
        created,
        expires,
        used,
      ],
    );
  // Mails tied to no ticket: one of 13 months before LATER, one of last week.
  await db.pool.query(
    `insert into notification_outbox (municipality_id, ticket_id, recipient, kind, subject, body_text, body_html, sent_at, created_at) values
       ($1, null, 'link.vecchio@example.org', 'join_confirm', 's', 'b', 'b', $2::timestamptz - interval '13 months', $2::timestamptz - interval '13 months'),
       ($1, null, 'link.recente@example.org', 'join_confirm', 's', 'b', 'b', $2::timestamptz - interval '7 days', $2::timestamptz - interval '7 days')`,
    [m, LATER],
  );
  await db.pool.query(
    `insert into rate_limit_counter (municipality_id, bucket, window_start, hits) values
       ($1, 'old', $2::timestamptz - interval '3 days', 1), ($1, 'current', $2::timestamptz - interval '1 hour', 1)`,
    [m, LATER],
  );
  expect(many.length).toBe(60);
});

afterAll(async () => db?.close());

describe('retention', () => {
  it('a dry run says what would go and changes nothing; the run does exactly that, and the statistics do not move', async () => {
    const before = await snapshot();
    const stats = await statistics();
    const dry = await runRetention(db.pool, db.config, db.municipality, {
      at: LATER,
      dryRun: true,
    });
    expect(await snapshot()).toEqual(before);

    const done = await runRetention(db.pool, db.config, db.municipality, { at: LATER });
    expect(done).toEqual(dry);
    expect(await isOpen(open)).toBe(true);
    const closedLongAgo = before.reporter.length - 2 - (await openCount());
    expect(done).toMatchObject({
      reporters: closedLongAgo,
      supporters: closedLongAgo + 1, // the middle one's supporter too
      moderations: 1,
      originalTexts: 1,
      unlinkedUploads: 1,
      confirmations: 2,
      requestsForgotten: 1,
      unlinkedMails: 1,
      rateLimitWindows: 1,
      auditDeleted: 1,
      auditPseudonymised: 1,
    });
    expect(done.mails).toBe(done.reporters + done.supporters);

    // Statistics exactly the same, from the tickets and from the rollups.
    expect(await statistics()).toEqual(stats);

    const after = await snapshot();
    // Tickets: only the one with personal data changed, and only its text (now the public copy).
    const changed = after.ticket.filter(
      (row, i) => JSON.stringify(row) !== JSON.stringify(before.ticket[i]),
    ) as { r: Record<string, unknown> }[];
    expect(changed.map((c) => c.r.id)).toEqual([masked]);
    const was = (before.ticket as { r: Record<string, unknown> }[]).find((t) => t.r.id === masked)!;
    // Only the office's text (and its folded search copy, sql/059) changed.
    expect({
      ...changed[0].r,
      title: was.r.title,
      description: was.r.description,
      search_text: was.r.search_text,
    }).toEqual(was.r);
    expect(changed[0].r).toMatchObject({
      title: 'Auto [targa nascosta] sul marciapiede',
      description: 'Auto in sosta sul marciapiede.',
    });
    expect(after.event).toEqual(before.event);
    expect(after.moderation).toEqual([]);

    const reporters = await db.pool.query<{
      ticket_id: number;
      email: string | null;
      anonymised_at: Date | null;
    }>('select ticket_id, email, anonymised_at from reporter where municipality_id = $1', [
      db.municipality.id,
    ]);
    for (const r of reporters.rows) {
      const kept = r.ticket_id === recent || r.ticket_id === middle || (await isOpen(r.ticket_id));
      expect(r.email === null, `reporter of ${r.ticket_id}`).toBe(!kept);
      expect(r.anonymised_at === null).toBe(kept);
    }
    const supporters = await db.pool.query<{
      ticket_id: number;
      email: string;
      anonymised_at: Date | null;
    }>('select ticket_id, email, anonymised_at from ticket_supporter where municipality_id = $1', [
      db.municipality.id,
    ]);
    expect(supporters.rows.length).toBe(before.supporter.length);
    for (const s of supporters.rows) {
      const kept = s.ticket_id === recent || (await isOpen(s.ticket_id));
      expect(s.email.startsWith('anonimo-'), `supporter of ${s.ticket_id}`).toBe(!kept);
    }
    // The mails left are those to contacts still held.
    const outbox = await db.pool.query<{ recipient: string }>(
      'select recipient from notification_outbox where municipality_id = $1',
      [db.municipality.id],
    );
    expect(outbox.rows.length).toBe(before.outbox.length - done.mails - 1);
    expect(outbox.rows.map((o) => o.recipient)).toContain('link.recente@example.org');
    expect(outbox.rows.map((o) => o.recipient)).not.toContain('link.vecchio@example.org');

    // Spent join/report/alert links older than 48 hours are gone; open or recent ones stay; an old
    // data-copy request keeps only the HMAC of its address.
    const links = await db.pool.query<{
      email: string | null;
      email_hash: string;
      payload: unknown;
    }>(
      'select email, email_hash, payload from email_confirmation where municipality_id = $1 order by id',
      [db.municipality.id],
    );
    expect(links.rows).toEqual([
      {
        email: 'held@example.org',
        email_hash: 'hash-held',
        payload: { draft: { attachmentIds: ['00000000-0000-4000-8000-000000000003'] } },
      },
      {
        email: 'report-expired-recent@example.org',
        email_hash: 'hash-report-expired-recent',
        payload: { label: 'report-expired-recent' },
      },
      {
        email: 'join-used-recent@example.org',
        email_hash: 'hash-join-used-recent',
        payload: { label: 'join-used-recent' },
      },
      { email: null, email_hash: 'hash-copy-old', payload: {} },
      {
        email: 'erasure-recent@example.org',
        email_hash: 'hash-erasure-recent',
        payload: { label: 'erasure-recent' },
      },
    ]);

    const audit = await db.pool.query<{ target: string; details: unknown; address: string }>(
      // The rows written above (a comune added by comune:add has its onboarding's rows too).
      `select target, details, address from audit_log
       where municipality_id = $1 and action in ('login.failed', 'user.create') order by created_at`,
      [db.municipality.id],
    );
    expect(audit.rows).toHaveLength(2);
    expect(JSON.stringify(audit.rows[0])).not.toMatch(/@/);
    expect(audit.rows[0]).toMatchObject({ target: 'staff:9', address: '192.0.2.0/24' });
    expect(JSON.stringify(audit.rows[0].details)).toMatch(/pseudonimo-[0-9a-f]{16}/);
    expect(audit.rows[1]).toMatchObject({ target: 'recente@example.org', address: '192.0.2.79' });

    // The photo of the report held for confirmation stays although unlinked for 3 days.
    expect(after.attachment.map((a) => (a as { id: string }).id)).toEqual([
      '00000000-0000-4000-8000-000000000002',
      '00000000-0000-4000-8000-000000000003',
    ]);
    expect(after.rate).toHaveLength(1);

    // A second round finds nothing more to do.
    const again = await runRetention(db.pool, db.config, db.municipality, { at: LATER });
    expect(Object.values(again).filter((v) => typeof v === 'number' && v > 0)).toEqual([]);
  });

  it('follows the comune’s own periods', async () => {
    const municipality = {
      ...db.municipality,
      settings: { retention: { reporterContactMonths: 1 } },
    };
    const dry = await runRetention(db.pool, db.config, municipality, { at: LATER, dryRun: true });
    // The recent (3 months) and middle (8 months) reporters are now past a 1-month period.
    expect(dry.reporters).toBe(2);
  });
});

async function isOpen(ticketId: number): Promise<boolean> {
  const { rows } = await db.pool.query<{ open: boolean }>(
    'select segnala_closed_at(status, resolved_at, closed_at, updated_at) is null as open from ticket where id = $1',
    [ticketId],
  );
  return rows[0].open;
}

async function openCount(): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(
    `select count(*)::int as n from ticket where municipality_id = $1 and segnala_closed_at(status, resolved_at, closed_at, updated_at) is null`,
    [db.municipality.id],
  );
  return rows[0].n;
}
