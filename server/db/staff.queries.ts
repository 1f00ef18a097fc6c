// Staff accounts, their offices and their dashboard sessions.
import { named, query, queryOne, type Queryable } from './pool.js';

export type StaffRoleValue = 'operator' | 'planner' | 'admin';

export interface StaffRow {
  id: number;
  email: string;
  name: string;
  role: StaffRoleValue;
  password_hash: string;
  disabled_at: Date | null;
  office_ids: number[];
  /** Comuni granted to a planner besides its own (planner_grant). */
  granted_municipality_ids: number[];
}

const STAFF_SELECT = `
  select s.id, s.email, s.name, s.role, s.password_hash, s.disabled_at,
    coalesce(array(select so.office_id from staff_office so
                   where so.municipality_id = s.municipality_id and so.staff_id = s.id order by so.office_id), '{}') as office_ids,
    coalesce(array(select g.granted_municipality_id from planner_grant g
                   where g.municipality_id = s.municipality_id and g.staff_id = s.id
                   order by g.granted_municipality_id), '{}') as granted_municipality_ids
  from staff_user s`;

export function findStaffByEmail(
  db: Queryable,
  municipalityId: number,
  email: string,
): Promise<StaffRow | undefined> {
  return queryOne<StaffRow>(
    db,
    `${STAFF_SELECT} where s.municipality_id = $1 and s.email_key = lower($2)`,
    [municipalityId, email],
  );
}

/** A member of staff with the usable API token (not revoked, not expired) they own. */
export interface TokenStaffRow extends StaffRow {
  token_id: number;
  token_scopes: string[];
  token_last_used_at: Date | null;
}

// Read on every API call: the token and its owner's role and offices afresh, in one round trip.
const STAFF_BY_LIVE_TOKEN = named(
  'staff.by_live_token',
  `select st.*, t.id as token_id, t.scopes as token_scopes, t.last_used_at as token_last_used_at
   from api_token t
   cross join lateral (${STAFF_SELECT} where s.municipality_id = t.municipality_id and s.id = t.staff_id) st
   where t.municipality_id = $1 and t.token_hash = $2 and t.revoked_at is null
     and (t.expires_at is null or t.expires_at > now())`,
);

export function findStaffByLiveToken(
  db: Queryable,
  municipalityId: number,
  tokenHash: string,
): Promise<TokenStaffRow | undefined> {
  return queryOne<TokenStaffRow>(db, STAFF_BY_LIVE_TOKEN, [municipalityId, tokenHash]);
}

// Read on every staff request (role and offices afresh).
const STAFF_BY_ID = named(
  'staff.by_id',
  `${STAFF_SELECT} where s.municipality_id = $1 and s.id = $2`,
);

export function findStaffById(
  db: Queryable,
  municipalityId: number,
  id: number,
): Promise<StaffRow | undefined> {
  return queryOne<StaffRow>(db, STAFF_BY_ID, [municipalityId, id]);
}

/** Creates the account, or updates role, name and password when the e-mail exists. */
const UPSERT_STAFF = `
  insert into staff_user (municipality_id, email, name, role, password_hash) values ($1, $2, $3, $4, $5)
  on conflict (municipality_id, email_key) do update
    set name = excluded.name, role = excluded.role, password_hash = excluded.password_hash,
        failed_logins = 0, locked_until = null, disabled_at = null
  returning id`;

export async function upsertStaff(
  db: Queryable,
  municipalityId: number,
  staff: { email: string; name: string; role: StaffRoleValue; passwordHash: string },
): Promise<number> {
  const row = await queryOne<{ id: number }>(db, UPSERT_STAFF, [
    municipalityId,
    staff.email,
    staff.name,
    staff.role,
    staff.passwordHash,
  ]);
  return row!.id;
}

export async function setStaffOffices(
  db: Queryable,
  municipalityId: number,
  staffId: number,
  officeIds: readonly number[],
): Promise<void> {
  await db.query('delete from staff_office where municipality_id = $1 and staff_id = $2', [
    municipalityId,
    staffId,
  ]);
  await db.query(
    `insert into staff_office (municipality_id, staff_id, office_id) select $1, $2, unnest($3::int[]) on conflict do nothing`,
    [municipalityId, staffId, officeIds],
  );
}

export function findOfficeIdsByCodes(
  db: Queryable,
  municipalityId: number,
  codes: readonly string[],
): Promise<{ id: number; code: string }[]> {
  return query(
    db,
    'select id, code from office where municipality_id = $1 and code = any($2::text[])',
    [municipalityId, codes],
  );
}

/** Keeps the account's counters current (shown to admins); the lock-out itself is counted from audit_log. */
export async function recordLoginOutcome(
  db: Queryable,
  municipalityId: number,
  staffId: number,
  success: boolean,
  lockMinutes: number,
  maxFailures: number,
): Promise<void> {
  await db.query(
    success
      ? 'update staff_user set failed_logins = 0, locked_until = null where municipality_id = $1 and id = $2'
      : `update staff_user set failed_logins = failed_logins + 1,
           locked_until = case when failed_logins + 1 >= $4 then clock.at + make_interval(mins => $3) else locked_until end
         from (select now() as at) clock
         where municipality_id = $1 and id = $2`,
    success ? [municipalityId, staffId] : [municipalityId, staffId, lockMinutes, maxFailures],
  );
}

export async function insertSession(
  db: Queryable,
  municipalityId: number,
  staffId: number,
  tokenHash: string,
  address: string,
  ttlHours: number,
): Promise<void> {
  await db.query(
    `insert into staff_session (municipality_id, staff_id, token_hash, address, expires_at)
     values ($1, $2, $3, $4, now() + make_interval(hours => $5))`,
    [municipalityId, staffId, tokenHash, address, ttlHours],
  );
}

export function findSessionStaffId(
  db: Queryable,
  municipalityId: number,
  tokenHash: string,
): Promise<{ staff_id: number } | undefined> {
  return queryOne(
    db,
    `select staff_id from staff_session
     where municipality_id = $1 and token_hash = $2 and revoked_at is null and expires_at > now()`,
    [municipalityId, tokenHash],
  );
}

export async function revokeSession(
  db: Queryable,
  municipalityId: number,
  tokenHash: string,
): Promise<void> {
  await db.query(
    'update staff_session set revoked_at = now() where municipality_id = $1 and token_hash = $2 and revoked_at is null',
    [municipalityId, tokenHash],
  );
}

export function isDemoMunicipality(
  db: Queryable,
  municipalityId: number,
): Promise<{ demo: boolean } | undefined> {
  return queryOne(db, 'select demo from municipality where id = $1', [municipalityId]);
}

export function listDemoAccounts(
  db: Queryable,
  municipalityId: number,
): Promise<{ email: string; role: StaffRoleValue }[]> {
  return query(
    db,
    `select email, role from staff_user where municipality_id = $1 and email_key like '%@seravezza.demo' order by id`,
    [municipalityId],
  );
}
