// staff_invite: one-time links that let a new staff account set its password. Only the SHA-256 of a
// token is stored; a token is looked up across comuni (the link alone says which account it is for).
import { queryOne, type Queryable } from './pool.js';

export interface InviteRow {
  municipality_id: number;
  id: number;
  staff_id: number;
  expires_at: Date;
  used_at: Date | null;
  istat_code: string;
  slug: string;
}

export function insertInvite(
  db: Queryable,
  municipalityId: number,
  staffId: number,
  tokenHash: string,
  ttlHours: number,
): Promise<{ id: number } | undefined> {
  return queryOne(
    db,
    `insert into staff_invite (municipality_id, staff_id, token_hash, expires_at)
     values ($1, $2, $3, now() + make_interval(hours => $4)) returning id`,
    [municipalityId, staffId, tokenHash, ttlHours],
  );
}

const FIND_INVITE = `
  select i.municipality_id, i.id, i.staff_id, i.expires_at, i.used_at, i.expires_at <= now() as expired,
         m.istat_code, m.slug
  from staff_invite i join municipality m on m.id = i.municipality_id
  where i.token_hash = $1`;

/**
 * The invite with this token hash; with forUpdate it stays locked until the transaction ends (a
 * second use of the same link waits, then sees used_at).
 */
export function findInvite(
  db: Queryable,
  tokenHash: string,
  forUpdate = false,
): Promise<(InviteRow & { expired: boolean }) | undefined> {
  return queryOne(db, forUpdate ? `${FIND_INVITE} for update of i` : FIND_INVITE, [tokenHash]);
}

export async function markInviteUsed(
  db: Queryable,
  municipalityId: number,
  id: number,
): Promise<void> {
  await db.query('update staff_invite set used_at = now() where municipality_id = $1 and id = $2', [
    municipalityId,
    id,
  ]);
}

/** Sets the password of an invited account and clears any lock-out; false when it is disabled. */
export async function setInvitedPassword(
  db: Queryable,
  municipalityId: number,
  staffId: number,
  passwordHash: string,
): Promise<boolean> {
  const result = await db.query(
    `update staff_user set password_hash = $3, failed_logins = 0, locked_until = null
     where municipality_id = $1 and id = $2 and disabled_at is null`,
    [municipalityId, staffId, passwordHash],
  );
  return (result.rowCount ?? 0) > 0;
}
