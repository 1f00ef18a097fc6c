// Moderations of a ticket's public text (sql/054): admins read them; the retention job deletes them.
import { query, type Queryable } from './pool.js';
import type { ModerationReason } from '../domain/moderation-reason.js';

export interface NewModeration {
  ticketId: number;
  actorStaffId: number | null;
  reasonCode: ModerationReason;
  reasonText: string | null;
  before: { title: string; description: string };
  after: { title: string; description: string };
}

export async function insertModeration(
  db: Queryable,
  municipalityId: number,
  m: NewModeration,
): Promise<number> {
  const rows = await query<{ id: number }>(
    db,
    `insert into ticket_moderation (municipality_id, ticket_id, actor_staff_id, reason_code, reason_text,
       before_title, before_description, after_title, after_description)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [
      municipalityId,
      m.ticketId,
      m.actorStaffId,
      m.reasonCode,
      m.reasonText,
      m.before.title,
      m.before.description,
      m.after.title,
      m.after.description,
    ],
  );
  return rows[0].id;
}

export interface ModerationRow {
  id: number;
  actor_email: string | null;
  reason_code: ModerationReason;
  reason_text: string | null;
  before_title: string;
  before_description: string;
  after_title: string;
  after_description: string;
  created_at: Date;
}

export function listModerations(
  db: Queryable,
  municipalityId: number,
  ticketId: number,
): Promise<ModerationRow[]> {
  return query<ModerationRow>(
    db,
    `select m.id, u.email as actor_email, m.reason_code, m.reason_text, m.before_title, m.before_description,
       m.after_title, m.after_description, m.created_at
     from ticket_moderation m
     left join staff_user u on u.municipality_id = m.municipality_id and u.id = m.actor_staff_id
     where m.municipality_id = $1 and m.ticket_id = $2 order by m.created_at, m.id`,
    [municipalityId, ticketId],
  );
}
