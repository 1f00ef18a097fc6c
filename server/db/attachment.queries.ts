// Photos: stored re-encoded in the database, linked to a ticket when a report uses them.
import { heldAttachmentCondition } from './email-confirmation.queries.js';
import { queryOne, query, type Queryable } from './pool.js';

export interface NewAttachment {
  id: string;
  contentType: 'image/jpeg' | 'image/png' | 'image/webp';
  width: number;
  height: number;
  bytes: Buffer;
}

export async function insertAttachment(
  db: Queryable,
  municipalityId: number,
  a: NewAttachment,
): Promise<void> {
  await db.query(
    `insert into attachment (municipality_id, id, content_type, size_bytes, width, height, bytes)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [municipalityId, a.id, a.contentType, a.bytes.length, a.width, a.height, a.bytes],
  );
}

/** How many of these ids exist and are still free (not yet used by a report). */
export async function countFreeAttachments(
  db: Queryable,
  municipalityId: number,
  ids: readonly string[],
): Promise<number> {
  const row = await queryOne<{ n: number }>(
    db,
    'select count(*)::int as n from attachment where municipality_id = $1 and id = any($2::uuid[]) and ticket_id is null',
    [municipalityId, ids],
  );
  return row?.n ?? 0;
}

/**
 * Links free attachments to a ticket; returns how many were linked (the caller checks all were).
 * `publicAtOnce` false leaves them hidden and unreviewed: an operator approves or hides each (sql/054).
 */
export async function linkAttachments(
  db: Queryable,
  municipalityId: number,
  ticketId: number,
  ids: readonly string[],
  publicAtOnce: boolean,
): Promise<number> {
  const result = await db.query(
    `update attachment set ticket_id = $3, public = $4, reviewed_at = null
     where municipality_id = $1 and id = any($2::uuid[]) and ticket_id is null`,
    [municipalityId, ids, ticketId, publicAtOnce],
  );
  return result.rowCount ?? 0;
}

export interface AttachmentMetaRow {
  id: string;
  content_type: string;
  width: number;
  height: number;
  size_bytes: number;
  public: boolean;
  /** Null while no operator has approved or hidden it. */
  reviewed_at: Date | null;
}

/** A ticket's photos; only the public ones unless `all` (staff). */
export function listTicketAttachments(
  db: Queryable,
  municipalityId: number,
  ticketId: number,
  all = false,
): Promise<AttachmentMetaRow[]> {
  return query<AttachmentMetaRow>(
    db,
    `select id, content_type, width, height, size_bytes, public, reviewed_at from attachment
     where municipality_id = $1 and ticket_id = $2${all ? '' : ' and public'} order by created_at, id`,
    [municipalityId, ticketId],
  );
}

export interface LinkedAttachmentRow {
  content_type: string;
  bytes: Buffer;
  public: boolean;
  ticket_id: number;
  office_id: number;
}

/** The bytes of a photo that belongs to a ticket, with what decides who may see it. */
export function findLinkedAttachment(
  db: Queryable,
  municipalityId: number,
  id: string,
): Promise<LinkedAttachmentRow | undefined> {
  return queryOne<LinkedAttachmentRow>(
    db,
    `select a.content_type, a.bytes, a.public, t.id as ticket_id, t.office_id from attachment a
     join ticket t on t.municipality_id = a.municipality_id and t.id = a.ticket_id
     where a.municipality_id = $1 and a.id = $2`,
    [municipalityId, id],
  );
}

/** Shows or hides one photo of a ticket; false when the ticket has no such photo. */
export async function updateAttachmentPublic(
  db: Queryable,
  municipalityId: number,
  ticketId: number,
  id: string,
  isPublic: boolean,
): Promise<boolean> {
  const result = await db.query(
    'update attachment set public = $4, reviewed_at = now() where municipality_id = $1 and ticket_id = $2 and id = $3',
    [municipalityId, ticketId, id, isPublic],
  );
  return (result.rowCount ?? 0) > 0;
}

/**
 * Deletes up to `batch` photos no report has used that are older than the TTL; returns how many went.
 * A report linking one at the same moment wins: the delete re-reads ticket_id after the link's lock.
 */
export async function deleteUnlinkedAttachments(
  db: Queryable,
  municipalityId: number,
  olderThanHours: number,
  batch: number,
): Promise<number> {
  const result = await db.query(
    `delete from attachment where municipality_id = $1 and id in (
       select id from attachment
       where municipality_id = $1 and ticket_id is null and created_at < now() - make_interval(hours => $2)
         and ${heldAttachmentCondition()}
       limit $3)
     and ticket_id is null`,
    [municipalityId, olderThanHours, batch],
  );
  return result.rowCount ?? 0;
}

/** The ticket a linked photo belongs to, for setAttachmentPublic(id, public). */
export async function findAttachmentTicket(
  db: Queryable,
  municipalityId: number,
  id: string,
): Promise<number | undefined> {
  const row = await queryOne<{ ticket_id: number }>(
    db,
    'select ticket_id from attachment where municipality_id = $1 and id = $2 and ticket_id is not null',
    [municipalityId, id],
  );
  return row?.ticket_id;
}
