// Admin changes to the catalogue (offices, categories and their SLA) and to staff accounts.
import { query, queryOne, type Queryable } from './pool.js';
import type { StaffRow } from './staff.queries.js';

export interface StaffListRow extends Omit<StaffRow, 'password_hash'> {
  locked_until: Date | null;
  failed_logins: number;
}

export function listStaff(db: Queryable, municipalityId: number): Promise<StaffListRow[]> {
  return query<StaffListRow>(
    db,
    `select s.id, s.email, s.name, s.role, s.disabled_at, s.locked_until, s.failed_logins,
       coalesce(array(select so.office_id from staff_office so where so.municipality_id = s.municipality_id and so.staff_id = s.id order by 1), '{}') as office_ids
     from staff_user s where s.municipality_id = $1 order by s.email_key`,
    [municipalityId],
  );
}

export async function setStaffDisabled(
  db: Queryable,
  municipalityId: number,
  id: number,
  disabled: boolean,
): Promise<boolean> {
  const result = await db.query(
    `update staff_user set disabled_at = case when $3 then coalesce(disabled_at, clock.at) else null end from (select now() as at) clock where municipality_id = $1 and id = $2`,
    [municipalityId, id, disabled],
  );
  return (result.rowCount ?? 0) > 0;
}

/** A disabled account's sessions and tokens end with it (they would fail anyway; this makes it visible). */
export async function revokeStaffCredentials(
  db: Queryable,
  municipalityId: number,
  id: number,
): Promise<void> {
  await db.query(
    'update staff_session set revoked_at = now() where municipality_id = $1 and staff_id = $2 and revoked_at is null',
    [municipalityId, id],
  );
  await db.query(
    'update api_token set revoked_at = now() where municipality_id = $1 and staff_id = $2 and revoked_at is null',
    [municipalityId, id],
  );
}

export async function updateStaffProfile(
  db: Queryable,
  municipalityId: number,
  id: number,
  name: string,
  role: string,
  passwordHash: string | null,
): Promise<boolean> {
  const result = await db.query(
    `update staff_user set name = $3, role = $4::staff_role, password_hash = coalesce($5, password_hash) where municipality_id = $1 and id = $2`,
    [municipalityId, id, name, role, passwordHash],
  );
  return (result.rowCount ?? 0) > 0;
}

export function insertStaffUser(
  db: Queryable,
  municipalityId: number,
  email: string,
  name: string,
  role: string,
  passwordHash: string,
): Promise<{ id: number } | undefined> {
  return queryOne(
    db,
    `insert into staff_user (municipality_id, email, name, role, password_hash) values ($1, $2, $3, $4::staff_role, $5)
     on conflict (municipality_id, email_key) do nothing returning id`,
    [municipalityId, email, name, role, passwordHash],
  );
}

export async function updateOfficeRow(
  db: Queryable,
  municipalityId: number,
  id: number,
  o: { name: string | null; email: string | null; active: boolean | null },
): Promise<boolean> {
  const result = await db.query(
    `update office set name = coalesce($3, name), email = coalesce($4, email), active = coalesce($5, active) where municipality_id = $1 and id = $2`,
    [municipalityId, id, o.name, o.email, o.active],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function updateCategoryRow(
  db: Queryable,
  municipalityId: number,
  id: number,
  c: {
    slaHours: number | null;
    duplicateRadiusM: number | null;
    officeId: number | null;
    active: boolean | null;
  },
): Promise<boolean> {
  const result = await db.query(
    `update category set sla_hours = coalesce($3, sla_hours), duplicate_radius_m = coalesce($4, duplicate_radius_m),
       office_id = coalesce($5, office_id), active = coalesce($6, active)
     where municipality_id = $1 and id = $2`,
    [municipalityId, id, c.slaHours, c.duplicateRadiusM, c.officeId, c.active],
  );
  return (result.rowCount ?? 0) > 0;
}
