// The audit log of staff actions: logins, token use, every change to a ticket, reads of reporter data.
import { named, query, queryOne, type Queryable } from './pool.js';

export interface AuditEntry {
  actorStaffId: number | null;
  /** An external contractor acting from their link (actorStaffId is then null). */
  actorContractorId?: number | null;
  action: string;
  target?: string | null;
  details?: Record<string, unknown>;
  address?: string | null;
}

export interface AuditRow {
  id: number;
  actor_staff_id: number | null;
  actor_email: string | null;
  actor_contractor_name: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  address: string | null;
  created_at: Date;
  total_count: number;
}

const INSERT_AUDIT = named(
  'audit.insert',
  `insert into audit_log (municipality_id, actor_staff_id, action, target, details, address, actor_contractor_id)
   values ($1, $2, $3, $4, $5, $6, $7)`,
);

export async function insertAudit(
  db: Queryable,
  municipalityId: number,
  entry: AuditEntry,
): Promise<void> {
  await query(db, INSERT_AUDIT, [
    municipalityId,
    entry.actorStaffId,
    entry.action,
    entry.target ?? null,
    JSON.stringify(entry.details ?? {}),
    entry.address ?? null,
    entry.actorContractorId ?? null,
  ]);
}

/**
 * Failed logins in the window: from one address (any e-mail); for one e-mail (known or not) from that
 * address and from everywhere; and whether that address signed in to that account successfully in the
 * last 30 days (a "known" address, spared by the account-wide lock so that strangers cannot lock staff out).
 */
const LOGIN_FAILURES = `
  select
    (select count(*) from audit_log where municipality_id = $1 and action = 'login.failed'
       and address = $2 and created_at > now() - make_interval(mins => $4))::int as by_address,
    (select count(*) from audit_log where municipality_id = $1 and action = 'login.failed'
       and target = $3 and address = $2 and created_at > now() - make_interval(mins => $4))::int as by_account_here,
    (select count(*) from audit_log where municipality_id = $1 and action = 'login.failed'
       and target = $3 and created_at > now() - make_interval(mins => $4))::int as by_account,
    exists (select 1 from audit_log a
            where a.municipality_id = $1 and a.action = 'login' and a.address = $2
              and a.actor_staff_id = (select id from staff_user where municipality_id = $1 and email_key = $3)
              and a.created_at > now() - interval '30 days') as known_address`;

export interface LoginFailures {
  by_address: number;
  by_account_here: number;
  by_account: number;
  known_address: boolean;
}

/** `email` is the caller's one normalised spelling (trimmed, lowercased), the same it writes to the audit log. */
export async function countLoginFailures(
  db: Queryable,
  municipalityId: number,
  address: string,
  email: string,
  windowMinutes: number,
): Promise<LoginFailures> {
  const row = await queryOne<LoginFailures>(db, LOGIN_FAILURES, [
    municipalityId,
    address,
    email,
    windowMinutes,
  ]);
  return row ?? { by_address: 0, by_account_here: 0, by_account: 0, known_address: false };
}

export interface AuditQuery {
  actorStaffId?: number;
  actionPrefix?: string;
  target?: string;
  from?: Date;
  to?: Date;
  beforeId?: number;
  limit: number;
}

// Newest first, keyset on id (ids grow with time).
const LIST_AUDIT = `
  with matches as (
    select a.*, s.email as actor_email, k.name as actor_contractor_name from audit_log a
    left join staff_user s on s.municipality_id = a.municipality_id and s.id = a.actor_staff_id
    left join contractor k on k.municipality_id = a.municipality_id and k.id = a.actor_contractor_id
    where a.municipality_id = $1
      and ($2::int is null or a.actor_staff_id = $2)
      and ($3::text is null or a.action like $3 || '%')
      and ($4::text is null or a.target = $4)
      and ($5::timestamptz is null or a.created_at >= $5)
      and ($6::timestamptz is null or a.created_at < $6)
  )
  select id, actor_staff_id, actor_email, actor_contractor_name, action, target, details, address, created_at,
    (select count(*) from matches)::int as total_count
  from matches where ($7::bigint is null or id < $7) order by id desc limit $8`;

export function listAudit(
  db: Queryable,
  municipalityId: number,
  q: AuditQuery,
): Promise<AuditRow[]> {
  return query<AuditRow>(db, LIST_AUDIT, [
    municipalityId,
    q.actorStaffId ?? null,
    q.actionPrefix ?? null,
    q.target ?? null,
    q.from ?? null,
    q.to ?? null,
    q.beforeId ?? null,
    q.limit,
  ]);
}
