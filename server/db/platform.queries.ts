// Platform operators (not staff of a comune), their sessions, and the planner grants they set. These
// tables are of the deployment, not of a comune: platform_user and platform_session carry no
// municipality_id; planner_grant leads with the planner's comune as every staff table does.
import { query, queryOne, type Queryable } from './pool.js';

export interface PlatformUserRow {
  id: number;
  email: string;
  name: string;
  password_hash: string;
  disabled_at: Date | null;
}

const PLATFORM_SELECT = 'select id, email, name, password_hash, disabled_at from platform_user';

export function findPlatformUserByEmail(
  db: Queryable,
  email: string,
): Promise<PlatformUserRow | undefined> {
  return queryOne(db, `${PLATFORM_SELECT} where email_key = lower($1)`, [email]);
}

export function findPlatformUserById(
  db: Queryable,
  id: number,
): Promise<PlatformUserRow | undefined> {
  return queryOne(db, `${PLATFORM_SELECT} where id = $1`, [id]);
}

/** Creates the operator, or sets name and password (and enables it) when the e-mail exists. */
export async function upsertPlatformUser(
  db: Queryable,
  user: { email: string; name: string; passwordHash: string },
): Promise<number> {
  const row = await queryOne<{ id: number }>(
    db,
    `insert into platform_user (email, name, password_hash) values ($1, $2, $3)
     on conflict (email_key) do update
       set name = excluded.name, password_hash = excluded.password_hash, disabled_at = null
     returning id`,
    [user.email, user.name, user.passwordHash],
  );
  return row!.id;
}

export async function insertPlatformSession(
  db: Queryable,
  userId: number,
  tokenHash: string,
  address: string,
  ttlHours: number,
): Promise<void> {
  await db.query(
    `insert into platform_session (platform_user_id, token_hash, address, expires_at)
     values ($1, $2, $3, now() + make_interval(hours => $4))`,
    [userId, tokenHash, address, ttlHours],
  );
}

export function findPlatformSessionUserId(
  db: Queryable,
  tokenHash: string,
): Promise<{ platform_user_id: number } | undefined> {
  return queryOne(
    db,
    `select platform_user_id from platform_session
     where token_hash = $1 and revoked_at is null and expires_at > now()`,
    [tokenHash],
  );
}

export async function revokePlatformSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query(
    'update platform_session set revoked_at = now() where token_hash = $1 and revoked_at is null',
    [tokenHash],
  );
}

export interface PlatformComuneRow {
  id: number;
  istat_code: string;
  name: string;
  slug: string;
  host: string | null;
  enabled: boolean;
  demo: boolean;
  mail_from: string | null;
  settings: Record<string, unknown>;
  offices: number;
  categories: number;
  streets: number;
  staff: number;
}

const COMUNE_SELECT = `
  select m.id, m.istat_code, m.name, m.slug, m.host, m.enabled, m.demo, m.mail_from, m.settings,
    (select count(*)::int from office where municipality_id = m.id) as offices,
    (select count(*)::int from category where municipality_id = m.id) as categories,
    (select count(*)::int from street where municipality_id = m.id) as streets,
    (select count(*)::int from staff_user where municipality_id = m.id) as staff
  from municipality m`;

/** Every comune with its settings and sizes; no ticket or citizen is read. */
export function listPlatformComuni(db: Queryable): Promise<PlatformComuneRow[]> {
  return query(db, `${COMUNE_SELECT} order by m.istat_code`);
}

export function findPlatformComune(
  db: Queryable,
  id: number,
): Promise<PlatformComuneRow | undefined> {
  return queryOne(db, `${COMUNE_SELECT} where m.id = $1`, [id]);
}

export async function updateComuneSettings(
  db: Queryable,
  id: number,
  patch: {
    name?: string;
    mailFrom?: string | null;
    settings?: Record<string, unknown>;
    /** Keys of settings removed (the deployment's default applies again), before `settings` is merged. */
    remove?: string[];
  },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update municipality set
       name = coalesce($2, name),
       mail_from = case when $3::boolean then $4 else mail_from end,
       settings = (settings - coalesce($6::text[], '{}'::text[])) || coalesce($5::jsonb, '{}'::jsonb)
     where id = $1`,
    [
      id,
      patch.name ?? null,
      patch.mailFrom !== undefined,
      patch.mailFrom ?? null,
      patch.settings ? JSON.stringify(patch.settings) : null,
      patch.remove?.length ? patch.remove : null,
    ],
  );
  return (rowCount ?? 0) > 0;
}

/** A comune's stored settings, its row locked until the transaction ends; undefined: no such comune. */
export async function lockComuneSettings(
  db: Queryable,
  id: number,
): Promise<Record<string, unknown> | undefined> {
  const { rows } = await db.query<{ settings: Record<string, unknown> }>(
    'select settings from municipality where id = $1 for update',
    [id],
  );
  return rows[0]?.settings;
}

/** The comuni a planner may read besides its own (planner_grant). */
export function grantedMunicipalityIds(
  db: Queryable,
  municipalityId: number,
  staffId: number,
): Promise<{ granted_municipality_id: number }[]> {
  return query(
    db,
    `select granted_municipality_id from planner_grant
     where municipality_id = $1 and staff_id = $2 order by granted_municipality_id`,
    [municipalityId, staffId],
  );
}

/** Replaces a planner's grants with `granted` (its own comune is never stored). */
export async function replacePlannerGrants(
  db: Queryable,
  municipalityId: number,
  staffId: number,
  granted: readonly number[],
): Promise<void> {
  await db.query('delete from planner_grant where municipality_id = $1 and staff_id = $2', [
    municipalityId,
    staffId,
  ]);
  await db.query(
    `insert into planner_grant (municipality_id, staff_id, granted_municipality_id)
     select $1, $2, g from unnest($3::int[]) g where g <> $1
     on conflict do nothing`,
    [municipalityId, staffId, granted],
  );
}

export interface MunicipalityNameRow {
  id: number;
  istat_code: string;
  name: string;
}

export function municipalityNames(
  db: Queryable,
  ids: readonly number[],
): Promise<MunicipalityNameRow[]> {
  return query(
    db,
    'select id, istat_code, name from municipality where id = any($1::int[]) order by name, id',
    [ids],
  );
}
