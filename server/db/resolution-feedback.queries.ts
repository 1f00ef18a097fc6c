// The reporter's answers to a resolution (sql/079): "non è risolto" requests and the office's decision on
// them, and the one satisfaction rating per ticket. Every statement names the comune first.
import { query, queryOne, type Queryable } from './pool.js';

/** A resolved ticket as its reporter's answer links see it: who reported it and when it was resolved. */
export interface FeedbackTicketRow {
  id: number;
  code: string;
  status: string;
  resolved_at: Date | null;
  reporter_email: string | null;
}

export function findFeedbackTicket(
  db: Queryable,
  municipalityId: number,
  code: string,
  lock = false,
): Promise<FeedbackTicketRow | undefined> {
  return queryOne<FeedbackTicketRow>(
    db,
    `select t.id, t.code, t.status, t.resolved_at, r.email as reporter_email
     from ticket t
     left join reporter r on r.municipality_id = t.municipality_id and r.ticket_id = t.id and r.anonymised_at is null
     where t.municipality_id = $1 and t.code = $2${lock ? ' for update of t' : ''}`,
    [municipalityId, code],
  );
}

export type ReopenState = 'pending' | 'accepted' | 'declined';

export interface ReopenRequestRow {
  id: number;
  ticket_id: number;
  comment: string;
  attachment_id: string | null;
  state: ReopenState;
  decline_reason: string | null;
  created_at: Date;
  decided_at: Date | null;
}

const REOPEN_COLUMNS =
  'id, ticket_id, comment, attachment_id, state, decline_reason, created_at, decided_at';

export async function insertReopenRequest(
  db: Queryable,
  municipalityId: number,
  r: { ticketId: number; comment: string; attachmentId: string | null },
): Promise<number> {
  const row = await queryOne<{ id: number }>(
    db,
    `insert into reopen_request (municipality_id, ticket_id, comment, attachment_id)
     values ($1, $2, $3, $4) returning id`,
    [municipalityId, r.ticketId, r.comment, r.attachmentId],
  );
  return Number(row!.id);
}

export function hasPendingReopen(
  db: Queryable,
  municipalityId: number,
  ticketId: number,
): Promise<{ id: number } | undefined> {
  return queryOne<{ id: number }>(
    db,
    `select id from reopen_request where municipality_id = $1 and ticket_id = $2 and state = 'pending'`,
    [municipalityId, ticketId],
  );
}

/** A ticket's requests, newest first (the staff ticket page). */
export function listReopenRequests(
  db: Queryable,
  municipalityId: number,
  ticketId: number,
): Promise<ReopenRequestRow[]> {
  return query<ReopenRequestRow>(
    db,
    `select ${REOPEN_COLUMNS} from reopen_request where municipality_id = $1 and ticket_id = $2
     order by created_at desc, id desc`,
    [municipalityId, ticketId],
  );
}

export function findReopenRequest(
  db: Queryable,
  municipalityId: number,
  id: number,
  lock = false,
): Promise<ReopenRequestRow | undefined> {
  return queryOne<ReopenRequestRow>(
    db,
    `select ${REOPEN_COLUMNS} from reopen_request where municipality_id = $1 and id = $2${lock ? ' for update' : ''}`,
    [municipalityId, id],
  );
}

/** Decides a pending request; false when it was decided meanwhile. */
export async function decideReopenRequest(
  db: Queryable,
  municipalityId: number,
  id: number,
  d: { state: 'accepted' | 'declined'; reason: string | null; staffId: number | null },
): Promise<boolean> {
  const result = await db.query(
    `update reopen_request set state = $3, decline_reason = $4, decided_by = $5, decided_at = now()
     where municipality_id = $1 and id = $2 and state = 'pending'`,
    [municipalityId, id, d.state, d.reason, d.staffId],
  );
  return (result.rowCount ?? 0) === 1;
}

/** The one rating of a ticket; false when it was rated already (nothing written). */
export async function insertRating(
  db: Queryable,
  municipalityId: number,
  r: { ticketId: number; score: number; comment: string | null },
): Promise<boolean> {
  const result = await db.query(
    `insert into resolution_rating (municipality_id, ticket_id, score, comment) values ($1, $2, $3, $4)
     on conflict (municipality_id, ticket_id) do nothing`,
    [municipalityId, r.ticketId, r.score, r.comment],
  );
  return (result.rowCount ?? 0) === 1;
}

export interface RatingRow {
  score: number;
  comment: string | null;
  created_at: Date;
}

export function findRating(
  db: Queryable,
  municipalityId: number,
  ticketId: number,
): Promise<RatingRow | undefined> {
  return queryOne<RatingRow>(
    db,
    `select score, comment, created_at from resolution_rating where municipality_id = $1 and ticket_id = $2`,
    [municipalityId, ticketId],
  );
}
