// What the comune holds for one e-mail address (GDPR art. 15) and its erasure (art. 17): the reporter
// rows of its reports, the supporter rows of what it follows, and the mail sent to it. Every statement
// names the comune first.
import { anonymiseReporters, anonymiseSupporters } from './retention.queries.js';
import { query, type Queryable } from './pool.js';

export interface HeldReportRow {
  code: string;
  title: string;
  description: string;
  status: string;
  category_it: string;
  category_en: string;
  address: string | null;
  /** The civic number the reporter gave (sql/065). */
  house_number: string | null;
  created_at: Date;
  name: string | null;
  phone: string | null;
  locale: string;
  unsubscribed_at: Date | null;
  privacy_notice_version: number | null;
  photos: number;
}

export function findHeldReports(
  db: Queryable,
  municipalityId: number,
  email: string,
): Promise<HeldReportRow[]> {
  return query<HeldReportRow>(
    db,
    `select t.code, t.title, t.description, t.status, c.name_it as category_it, c.name_en as category_en, t.address, t.house_number,
            t.created_at, r.name, r.phone, r.locale, r.unsubscribed_at, r.privacy_notice_version,
            (select count(*)::int from attachment a where a.municipality_id = $1 and a.ticket_id = t.id) as photos
     from reporter r
     join ticket t on t.municipality_id = $1 and t.id = r.ticket_id
     join category c on c.municipality_id = $1 and c.id = t.category_id
     where r.municipality_id = $1 and lower(r.email) = lower($2) and r.anonymised_at is null
     order by t.created_at, t.id`,
    [municipalityId, email],
  );
}

export interface HeldFollowRow {
  code: string;
  /** The public copy: the report was written by someone else (masked by the service). */
  title: string;
  status: string;
  created_at: Date;
  locale: string;
  source: string;
  unsubscribed_at: Date | null;
  privacy_notice_version: number | null;
}

export function findHeldFollows(
  db: Queryable,
  municipalityId: number,
  email: string,
): Promise<HeldFollowRow[]> {
  return query<HeldFollowRow>(
    db,
    `select t.code, coalesce(t.public_title, t.title) as title, t.status, s.created_at, s.locale, s.source,
            s.unsubscribed_at, s.privacy_notice_version
     from ticket_supporter s
     join ticket t on t.municipality_id = $1 and t.id = s.ticket_id
     where s.municipality_id = $1 and s.email_key = lower($2) and s.anonymised_at is null
     order by s.created_at, t.id`,
    [municipalityId, email],
  );
}

export interface HeldMailRow {
  subject: string;
  created_at: Date;
  sent_at: Date | null;
}

export function findHeldMails(
  db: Queryable,
  municipalityId: number,
  email: string,
): Promise<HeldMailRow[]> {
  return query<HeldMailRow>(
    db,
    `select subject, created_at, sent_at from notification_outbox
     where municipality_id = $1 and lower(recipient) = lower($2) order by created_at, id`,
    [municipalityId, email],
  );
}

/** Where an erased address stood: a placeholder that no mail server accepts (RFC 2606 .invalid). */
export const ERASED_RECIPIENT = 'cancellato@anonimo.invalid';

/**
 * Anonymises the address on every report and follow of this comune as the retention job does once a
 * contact's period is over (retention.queries.ts: contact, mails about those tickets and moderation
 * originals gone, the office's text replaced by the public copy), and on the other mail already sent to
 * it; mail not yet sent to it is dropped. Tickets, their public texts, counts and events stay, so the
 * statistics do not move. Returns how many reports and follows were touched.
 */
export async function eraseAddress(
  db: Queryable,
  municipalityId: number,
  email: string,
): Promise<{ reports: number; follows: number }> {
  const at = new Date();
  const reports = await anonymiseReporters(db, municipalityId, at, { email });
  const follows = await anonymiseSupporters(db, municipalityId, at, { email });
  await db.query(
    `delete from notification_outbox where municipality_id = $1 and lower(recipient) = lower($2) and sent_at is null`,
    [municipalityId, email],
  );
  await db.query(
    `update notification_outbox set recipient = $3 where municipality_id = $1 and lower(recipient) = lower($2)`,
    [municipalityId, email, ERASED_RECIPIENT],
  );
  return { reports: reports.reporters, follows: follows.supporters };
}
