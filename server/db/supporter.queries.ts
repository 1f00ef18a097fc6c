// "Mi associo": supporters of a ticket, and the unsubscribe flags of everyone who follows it.
import { query, queryOne, type Queryable } from './pool.js';
import type { TicketStatus } from '../domain/ticket-status.js';

export interface JoinTargetRow {
  id: number;
  status: TicketStatus;
  duplicate_of_code: string | null;
  /** The address already sends or follows the ticket (as its reporter or a supporter). */
  follows: boolean;
}

// Locks the ticket row: joins of one ticket queue here, so the count and a concurrent phase change
// never cross. Whether the address already follows (reporter or supporter) is checked in the same statement. Every table names the comune
// as $1, so that Citus can route the locking statement to one shard (SEGNALA_CITUS).
const LOCK_JOIN_TARGET = `
  select t.id, t.status, d.code as duplicate_of_code,
    (exists (select 1 from reporter r where r.municipality_id = $1 and r.ticket_id = t.id and lower(r.email) = lower($3))
     or exists (select 1 from ticket_supporter s where s.municipality_id = $1 and s.ticket_id = t.id and s.email_key = lower($3))) as follows
  from ticket t
  left join ticket d on d.municipality_id = $1 and d.id = t.duplicate_of
  where t.municipality_id = $1 and t.code = $2
  for update of t`;

export function lockJoinTarget(
  db: Queryable,
  municipalityId: number,
  code: string,
  email: string,
): Promise<JoinTargetRow | undefined> {
  return queryOne<JoinTargetRow>(db, LOCK_JOIN_TARGET, [municipalityId, code, email]);
}

/** Adds the supporter once per lower-cased e-mail; true when a row was added. */
export async function insertSupporter(
  db: Queryable,
  municipalityId: number,
  ticketId: number,
  email: string,
  locale: string,
  privacyNoticeVersion: number | null = null,
): Promise<boolean> {
  const result = await db.query(
    `insert into ticket_supporter (municipality_id, ticket_id, email, locale, privacy_notice_version) values ($1, $2, $3, $4, $5)
     on conflict (municipality_id, ticket_id, email_key) do nothing`,
    [municipalityId, ticketId, email, locale, privacyNoticeVersion],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function incrementSupporters(
  db: Queryable,
  municipalityId: number,
  ticketId: number,
): Promise<void> {
  await db.query(
    'update ticket set supporters_count = supporters_count + 1, updated_at = now() where municipality_id = $1 and id = $2',
    [municipalityId, ticketId],
  );
}

export interface FollowerAddressRow {
  email: string;
  role: 'reporter' | 'supporter';
}

/** Every address following a ticket (with its role), for matching an unsubscribe link. */
export function listFollowerAddresses(
  db: Queryable,
  municipalityId: number,
  code: string,
): Promise<(FollowerAddressRow & { ticket_id: number })[]> {
  return query<FollowerAddressRow & { ticket_id: number }>(
    db,
    `select r.email, 'reporter' as role, t.id as ticket_id from ticket t join reporter r on r.municipality_id = t.municipality_id and r.ticket_id = t.id
     where t.municipality_id = $1 and t.code = $2 and r.email is not null
     union all
     select s.email, 'supporter', t.id from ticket t join ticket_supporter s on s.municipality_id = t.municipality_id and s.ticket_id = t.id
     where t.municipality_id = $1 and t.code = $2`,
    [municipalityId, code],
  );
}

export async function unsubscribeFollower(
  db: Queryable,
  municipalityId: number,
  ticketId: number,
  email: string,
): Promise<void> {
  await db.query(
    'update reporter set unsubscribed_at = coalesce(unsubscribed_at, clock.at) from (select now() as at) clock where municipality_id = $1 and ticket_id = $2 and lower(email) = lower($3)',
    [municipalityId, ticketId, email],
  );
  await db.query(
    'update ticket_supporter set unsubscribed_at = coalesce(unsubscribed_at, clock.at) from (select now() as at) clock where municipality_id = $1 and ticket_id = $2 and email_key = lower($3)',
    [municipalityId, ticketId, email],
  );
}
