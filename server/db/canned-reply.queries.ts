// canned_reply (migration 046): the reply texts admins keep per category and phase (null: all).
import type { TicketStatus } from '../domain/ticket-status.js';
import { query, queryOne, type Queryable } from './pool.js';

export interface CannedReplyRow {
  id: number;
  category_id: number | null;
  status: TicketStatus | null;
  title: string;
  text_it: string;
  text_en: string;
  version: number;
  updated_at: Date;
}

export interface CannedReplyFields {
  categoryId: number | null;
  status: TicketStatus | null;
  title: string;
  textIt: string;
  textEn: string;
}

const COLUMNS = 'id, category_id, status, title, text_it, text_en, version, updated_at';

/**
 * The replies that fit a ticket of this category in this phase (each either names it or leaves it open),
 * the most specific first; with neither given, every reply (the admins' list).
 */
export function listCannedReplies(
  db: Queryable,
  municipalityId: number,
  categoryId: number | null,
  status: TicketStatus | null,
): Promise<CannedReplyRow[]> {
  return query<CannedReplyRow>(
    db,
    `select ${COLUMNS} from canned_reply
     where municipality_id = $1
       and ($2::int is null or category_id is null or category_id = $2)
       and ($3::ticket_status is null or status is null or status = $3)
     order by (category_id is null), (status is null), lower(title), id`,
    [municipalityId, categoryId, status],
  );
}

export function findCannedReply(
  db: Queryable,
  municipalityId: number,
  id: number,
): Promise<CannedReplyRow | undefined> {
  return queryOne<CannedReplyRow>(
    db,
    `select ${COLUMNS} from canned_reply where municipality_id = $1 and id = $2`,
    [municipalityId, id],
  );
}

export async function insertCannedReply(
  db: Queryable,
  municipalityId: number,
  r: CannedReplyFields,
): Promise<number> {
  const row = await queryOne<{ id: number }>(
    db,
    `insert into canned_reply (municipality_id, category_id, status, title, text_it, text_en)
     values ($1, $2, $3, $4, $5, $6) returning id`,
    [municipalityId, r.categoryId, r.status, r.title, r.textIt, r.textEn],
  );
  return row!.id;
}

/** false when the reply is gone or its version was not the expected one. */
export async function updateCannedReply(
  db: Queryable,
  municipalityId: number,
  id: number,
  version: number,
  r: CannedReplyFields,
): Promise<boolean> {
  const result = await db.query(
    `update canned_reply set category_id = $4, status = $5, title = $6, text_it = $7, text_en = $8,
       version = version + 1, updated_at = now()
     where municipality_id = $1 and id = $2 and version = $3`,
    [municipalityId, id, version, r.categoryId, r.status, r.title, r.textIt, r.textEn],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function deleteCannedReply(
  db: Queryable,
  municipalityId: number,
  id: number,
): Promise<boolean> {
  const result = await db.query('delete from canned_reply where municipality_id = $1 and id = $2', [
    municipalityId,
    id,
  ]);
  return (result.rowCount ?? 0) > 0;
}
