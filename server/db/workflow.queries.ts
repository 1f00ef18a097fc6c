// Staff changes to tickets. Every update names the version it was based on (`where version = $n`):
// zero rows updated means someone else changed the ticket first, and the caller answers CONFLICT.
import type { TicketStatus } from '../domain/ticket-status.js';
import { queryOne, type Queryable } from './pool.js';
import { CLOSED_STATUS_SQL } from './ticket-status.sql.js';
import type { TicketEventKind } from '../domain/ticket-event.js';

export interface TicketStateRow {
  id: number;
  code: string;
  status: TicketStatus;
  version: number;
  office_id: number;
  category_id: number;
  priority: number;
  reject_reason: string | null;
  duplicate_of: number | null;
  assignee_id: number | null;
}

const STATE_COLUMNS =
  'id, code, status, version, office_id, category_id, priority, reject_reason, duplicate_of, assignee_id';

export function findTicketState(
  db: Queryable,
  municipalityId: number,
  id: number,
  lock = false,
): Promise<TicketStateRow | undefined> {
  return queryOne<TicketStateRow>(
    db,
    `select ${STATE_COLUMNS} from ticket where municipality_id = $1 and id = $2${lock ? ' for update' : ''}`,
    [municipalityId, id],
  );
}

// Timestamps follow the phase: taking in hand or starting sets acknowledged_at once; closing sets
// closed_at; reopening clears resolved_at/closed_at/reject_reason and counts the reopen. The time comes
// from \`clock\` (the same now()): Citus refuses now() inside CASE or COALESCE in an UPDATE.
const UPDATE_STATUS = `
  update ticket set
    status = $3::ticket_status,
    version = version + 1,
    updated_at = now(),
    acknowledged_at = case when $3 in ('acknowledged', 'in_progress', 'resolved') then coalesce(acknowledged_at, clock.at) else acknowledged_at end,
    started_at = case when $3 = 'in_progress' then coalesce(started_at, clock.at) else started_at end,
    resolved_at = case when $3 = 'resolved' then clock.at when $6::boolean then null else resolved_at end,
    closed_at = case when $3 in ${CLOSED_STATUS_SQL} then clock.at when $6 then null else closed_at end,
    reject_reason = case when $3 = 'rejected' then $5::text else null end,
    duplicate_of = case when $3 = 'duplicate' then $7::bigint else null end,
    reopen_count = reopen_count + case when $6::boolean then 1 else 0 end
  from (select now() as at) clock
  where municipality_id = $1 and id = $2 and version = $4
  returning version`;

export interface StatusChange {
  to: TicketStatus;
  version: number;
  rejectReason?: string | null;
  reopen?: boolean;
  duplicateOf?: number | null;
}

/** The new version, or undefined when the ticket's version was not the expected one. */
export async function updateStatus(
  db: Queryable,
  municipalityId: number,
  id: number,
  change: StatusChange,
): Promise<number | undefined> {
  const row = await queryOne<{ version: number }>(db, UPDATE_STATUS, [
    municipalityId,
    id,
    change.to,
    change.version,
    change.rejectReason ?? null,
    change.reopen ?? false,
    change.duplicateOf ?? null,
  ]);
  return row?.version;
}

export async function updatePriority(
  db: Queryable,
  municipalityId: number,
  id: number,
  version: number,
  priority: number,
): Promise<number | undefined> {
  const row = await queryOne<{ version: number }>(
    db,
    `update ticket set priority = $4, version = version + 1, updated_at = now()
     where municipality_id = $1 and id = $2 and version = $3 returning version`,
    [municipalityId, id, version, priority],
  );
  return row?.version;
}

export async function updateOffice(
  db: Queryable,
  municipalityId: number,
  id: number,
  version: number,
  officeId: number,
): Promise<number | undefined> {
  const row = await queryOne<{ version: number }>(
    db,
    // A new office clears the assignee: the operator belonged to the old one (migration 042).
    `update ticket set office_id = $4, assignee_id = null, version = version + 1, updated_at = now()
     where municipality_id = $1 and id = $2 and version = $3 returning version`,
    [municipalityId, id, version, officeId],
  );
  return row?.version;
}

/** A note changes the ticket's history, so it moves the version too (no expected version: notes never conflict). */
export async function bumpVersion(
  db: Queryable,
  municipalityId: number,
  id: number,
): Promise<number> {
  const row = await queryOne<{ version: number }>(
    db,
    'update ticket set version = version + 1, updated_at = now() where municipality_id = $1 and id = $2 returning version',
    [municipalityId, id],
  );
  return row!.version;
}

export interface NewEvent {
  ticketId: number;
  /** Received and supported are written by the citizen's own paths, not by staff changes. */
  kind: Exclude<TicketEventKind, 'received' | 'supported'>;
  /** Null for a step taken by an external contractor (actorContractorId) from their link. */
  actorStaffId: number | null;
  actorContractorId?: number | null;
  fromStatus?: TicketStatus | null;
  toStatus?: TicketStatus | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  note?: string | null;
  public: boolean;
}

export async function insertEvent(
  db: Queryable,
  municipalityId: number,
  e: NewEvent,
): Promise<void> {
  await db.query(
    `insert into ticket_event (municipality_id, ticket_id, kind, actor_staff_id, from_status, to_status, before, after, note, public, actor_contractor_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      municipalityId,
      e.ticketId,
      e.kind,
      e.actorStaffId,
      e.fromStatus ?? null,
      e.toStatus ?? null,
      e.before ? JSON.stringify(e.before) : null,
      e.after ? JSON.stringify(e.after) : null,
      e.note ?? null,
      e.public,
      e.actorContractorId ?? null,
    ],
  );
}

// The duplicate's reporter and supporters follow the original as 'merged' supporters: once per
// address (case-insensitive), never the original's own reporter, keeping who unsubscribed.
const MERGE_FOLLOWERS = `
  insert into ticket_supporter (municipality_id, ticket_id, email, locale, source, unsubscribed_at)
  select distinct on (lower(f.email)) $1, $3, f.email, f.locale, 'merged', f.unsubscribed_at
  from (
    select r.email, r.locale, r.unsubscribed_at, 0 as rank from reporter r
    where r.municipality_id = $1 and r.ticket_id = $2 and r.email is not null and r.anonymised_at is null
    union all
    select s.email, s.locale, s.unsubscribed_at, 1 from ticket_supporter s where s.municipality_id = $1 and s.ticket_id = $2
  ) f
  where not exists (select 1 from reporter o where o.municipality_id = $1 and o.ticket_id = $3 and lower(o.email) = lower(f.email))
  order by lower(f.email), f.rank
  on conflict (municipality_id, ticket_id, email_key) do nothing
  returning 1`;

/** How many new supporters the original got (the rows returned: Citus's row count of an INSERT … SELECT
 * that goes through the coordinator counts the skipped conflicts too). */
export async function mergeFollowers(
  db: Queryable,
  municipalityId: number,
  duplicateId: number,
  originalId: number,
): Promise<number> {
  const result = await db.query(MERGE_FOLLOWERS, [municipalityId, duplicateId, originalId]);
  return result.rowCount ?? 0;
}

/** Recounts supporters from the rows (so nobody is counted twice) and moves the version. */
export async function recountSupporters(
  db: Queryable,
  municipalityId: number,
  id: number,
): Promise<{ supporters_count: number; version: number }> {
  const row = await queryOne<{ supporters_count: number; version: number }>(
    db,
    `update ticket t set supporters_count = (select count(*) from ticket_supporter s where s.municipality_id = t.municipality_id and s.ticket_id = t.id),
       version = version + 1, updated_at = now()
     where t.municipality_id = $1 and t.id = $2 returning supporters_count, version`,
    [municipalityId, id],
  );
  return row!;
}
