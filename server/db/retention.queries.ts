// What the retention job removes (server/services/retention.service.ts), one statement per rule. A
// dry run runs these very statements and rolls them back (retention.service.ts), so the two never
// disagree. $1 is the comune, $2 the job's "now" (tests move it forward), $3 the period
// (or, for the contacts of an erasure, the address). None of them
// changes a column the statistics read: tickets keep their state, times, category, office, place and
// counts; only contacts, moderation originals, old uploads, spent confirmation links, alert
// subscriptions, mails tied to no ticket, counters and audit details change.
import { heldAttachmentCondition } from './email-confirmation.queries.js';
import { query, queryOne, type Queryable } from './pool.js';

// A ticket is past a contact period when it (and, for a duplicate, the original it follows) closed
// before the cutoff: segnala_closed_at is null while open, so open and reopened tickets keep everything.
const CLOSED_BEFORE = (t: string) => `
  segnala_closed_at(${t}.status, ${t}.resolved_at, ${t}.closed_at, ${t}.updated_at) < $2::timestamptz - make_interval(months => $3)
  and (${t}.duplicate_of is null or exists (select 1 from ticket o where o.municipality_id = ${t}.municipality_id
    and o.id = ${t}.duplicate_of
    and segnala_closed_at(o.status, o.resolved_at, o.closed_at, o.updated_at) < $2::timestamptz - make_interval(months => $3)))`;

/**
 * Whose contacts go: those of tickets closed `months` before the job's "now" (retention), or one
 * address on every ticket of the comune (an erasure, data-subject.queries.ts). $3 is the one or the other.
 */
export type ContactTarget = { closedMonthsAgo: number } | { email: string };

const targetParam = (target: ContactTarget) =>
  'email' in target ? target.email : target.closedMonthsAgo;

const REPORTER_TARGETS = (target: ContactTarget) => `
  select r.municipality_id, r.ticket_id, r.email from reporter r
  join ticket t on t.municipality_id = r.municipality_id and t.id = r.ticket_id
  where r.municipality_id = $1 and r.anonymised_at is null
    and ${'email' in target ? 'lower(r.email) = lower($3)' : CLOSED_BEFORE('t')}`;

// The reporter's contact goes, with the mails to it and the moderation originals: the before/after texts
// of ticket_moderation and the citizen's own text where it differs from the public (masked or moderated)
// copy, the one that stays for the office too.
const ANONYMISE_REPORTERS = (target: ContactTarget) => `
  with target as (${REPORTER_TARGETS(target)}),
  mails as (
    delete from notification_outbox n using target
    where n.municipality_id = $1 and n.ticket_id = target.ticket_id and lower(n.recipient) = lower(target.email)
    returning 1),
  moderations as (
    delete from ticket_moderation m using target
    where m.municipality_id = $1 and m.ticket_id = target.ticket_id returning 1),
  texts as (
    update ticket t set title = t.public_title, description = t.public_description from target
    where t.municipality_id = $1 and t.id = target.ticket_id and t.public_title is not null
      and t.public_description is not null
      and (t.title <> t.public_title or t.description <> t.public_description)
    returning 1),
  done as (
    update reporter r set email = null, name = null, phone = null, anonymised_at = $2 from target
    where r.municipality_id = $1 and r.ticket_id = target.ticket_id returning 1)
  select (select count(*) from done)::int as reporters, (select count(*) from mails)::int as mails,
    (select count(*) from moderations)::int as moderations, (select count(*) from texts)::int as texts`;

export interface ReporterRetention {
  reporters: number;
  mails: number;
  moderations: number;
  texts: number;
}

export async function anonymiseReporters(
  db: Queryable,
  municipalityId: number,
  at: Date,
  target: ContactTarget,
): Promise<ReporterRetention> {
  const row = await queryOne<ReporterRetention>(db, ANONYMISE_REPORTERS(target), [
    municipalityId,
    at,
    targetParam(target),
  ]);
  return row ?? { reporters: 0, mails: 0, moderations: 0, texts: 0 };
}

const SUPPORTER_TARGETS = (target: ContactTarget) => `
  select s.municipality_id, s.ticket_id, s.email_key from ticket_supporter s
  join ticket t on t.municipality_id = s.municipality_id and t.id = s.ticket_id
  where s.municipality_id = $1 and s.anonymised_at is null
    and ${'email' in target ? 's.email_key = lower($3)' : CLOSED_BEFORE('t')}`;

// A supporter's row stays (the ticket's supporters_count and any count of rows do not move) with a
// random placeholder address that no mail goes to.
const ANONYMISE_SUPPORTERS = (target: ContactTarget) => `
  with target as (${SUPPORTER_TARGETS(target)}),
  mails as (
    delete from notification_outbox n using target
    where n.municipality_id = $1 and n.ticket_id = target.ticket_id and lower(n.recipient) = target.email_key
    returning 1),
  done as (
    update ticket_supporter s
    set email = 'anonimo-' || replace(gen_random_uuid()::text, '-', '') || '@anonimo.invalid',
      unsubscribed_at = coalesce(s.unsubscribed_at, $2), anonymised_at = $2
    from target where s.municipality_id = $1 and s.ticket_id = target.ticket_id and s.email_key = target.email_key
    returning 1)
  select (select count(*) from done)::int as supporters, (select count(*) from mails)::int as mails`;

export async function anonymiseSupporters(
  db: Queryable,
  municipalityId: number,
  at: Date,
  target: ContactTarget,
): Promise<{ supporters: number; mails: number }> {
  const row = await queryOne<{ supporters: number; mails: number }>(
    db,
    ANONYMISE_SUPPORTERS(target),
    [municipalityId, at, targetParam(target)],
  );
  return row ?? { supporters: 0, mails: 0 };
}

async function deleteWhere(
  db: Queryable,
  table: string,
  where: string,
  values: unknown[],
): Promise<number> {
  const result = await db.query(`delete from ${table} where ${where}`, values);
  return result.rowCount ?? 0;
}

/** Photos no report used, older than `hours` at `at`; a report held for confirmation keeps its own. */
export function deleteOldUploads(
  db: Queryable,
  municipalityId: number,
  at: Date,
  hours: number,
): Promise<number> {
  return deleteWhere(
    db,
    'attachment',
    `municipality_id = $1 and ticket_id is null and created_at < $2::timestamptz - make_interval(hours => $3)
     and ${heldAttachmentCondition('$2::timestamptz')}`,
    [municipalityId, at, hours],
  );
}

/**
 * Join, held-report and alert links used, or expired unused, more than `hours` before `at`: the row goes
 * with its address (and a held report's whole draft). What was confirmed lives on in its own table.
 */
export function deleteSpentConfirmations(
  db: Queryable,
  municipalityId: number,
  at: Date,
  hours: number,
): Promise<number> {
  return deleteWhere(
    db,
    'email_confirmation',
    `municipality_id = $1 and purpose in ('join', 'report', 'alert', 'my_reports')
     and least(used_at, expires_at) < $2::timestamptz - make_interval(hours => $3)`,
    [municipalityId, at, hours],
  );
}

/**
 * Data-copy and erasure requests made more than `months` before `at` keep their row (the office's record
 * that the request was served, by the address's HMAC) without the address and the payload.
 */
export async function forgetOldRequests(
  db: Queryable,
  municipalityId: number,
  at: Date,
  months: number,
): Promise<number> {
  const result = await db.query(
    `update email_confirmation set email = null, payload = '{}'::jsonb
     where municipality_id = $1 and purpose in ('data_copy', 'erasure')
       and created_at < $2::timestamptz - make_interval(months => $3)
       and (email is not null or payload <> '{}'::jsonb)`,
    [municipalityId, at, months],
  );
  return result.rowCount ?? 0;
}

/** Mails tied to no ticket (confirmation links, data copies, staff invitations) older than `months`. */
export function deleteOldUnlinkedMails(
  db: Queryable,
  municipalityId: number,
  at: Date,
  months: number,
): Promise<number> {
  return deleteWhere(
    db,
    'notification_outbox',
    'municipality_id = $1 and ticket_id is null and created_at < $2::timestamptz - make_interval(months => $3)',
    [municipalityId, at, months],
  );
}

/**
 * Alert subscriptions never confirmed, asked more than `hours` (the link's life) before `at`: their link
 * has expired, nothing will ever confirm them.
 */
export function deleteUnconfirmedAlerts(
  db: Queryable,
  municipalityId: number,
  at: Date,
  hours: number,
): Promise<number> {
  return deleteWhere(
    db,
    'alert_subscription',
    'municipality_id = $1 and confirmed_at is null and created_at < $2::timestamptz - make_interval(hours => $3)',
    [municipalityId, at, hours],
  );
}

/** Confirmed alert subscriptions past their life (`months` from the confirmation); the citizen may ask again. */
export function deleteLapsedAlerts(
  db: Queryable,
  municipalityId: number,
  at: Date,
  months: number,
): Promise<number> {
  return deleteWhere(
    db,
    'alert_subscription',
    'municipality_id = $1 and confirmed_at < $2::timestamptz - make_interval(months => $3)',
    [municipalityId, at, months],
  );
}

/** Rate-limit windows (SHA-256 buckets, no address) older than `hours`. */
export function deleteOldRateLimits(
  db: Queryable,
  municipalityId: number,
  at: Date,
  hours: number,
): Promise<number> {
  return deleteWhere(
    db,
    'rate_limit_counter',
    'municipality_id = $1 and window_start < $2::timestamptz - make_interval(hours => $3)',
    [municipalityId, at, hours],
  );
}

/** Audit rows older than `years`. */
export function deleteOldAudit(
  db: Queryable,
  municipalityId: number,
  at: Date,
  years: number,
): Promise<number> {
  return deleteWhere(
    db,
    'audit_log',
    'municipality_id = $1 and created_at < $2::timestamptz - make_interval(years => $3)',
    [municipalityId, at, years],
  );
}

export interface AuditRow {
  id: number;
  target: string | null;
  details: string;
  address: string | null;
}

// Past the contact period, and not yet past the audit period (those rows are deleted instead).
const AUDIT_TO_PSEUDONYMISE = `
  from audit_log where municipality_id = $1 and pseudonymised_at is null
    and created_at < $2::timestamptz - make_interval(months => $3)
    and created_at >= $2::timestamptz - make_interval(years => $4)`;

export function auditToPseudonymise(
  db: Queryable,
  municipalityId: number,
  at: Date,
  months: number,
  years: number,
  limit: number,
): Promise<AuditRow[]> {
  return query<AuditRow>(
    db,
    `select id, target, details::text as details, address ${AUDIT_TO_PSEUDONYMISE} order by id limit ${Number(limit)}`,
    [municipalityId, at, months, years],
  );
}

export async function writePseudonymisedAudit(
  db: Queryable,
  municipalityId: number,
  at: Date,
  rows: readonly AuditRow[],
): Promise<void> {
  await db.query(
    `update audit_log a set target = u.target, details = u.details::jsonb, address = u.address, pseudonymised_at = $2
     from unnest($3::bigint[], $4::text[], $5::text[], $6::text[]) as u(id, target, details, address)
     where a.municipality_id = $1 and a.id = u.id`,
    [
      municipalityId,
      at,
      rows.map((r) => r.id),
      rows.map((r) => r.target),
      rows.map((r) => r.details),
      rows.map((r) => r.address),
    ],
  );
}
