// alert_subscription (sql/062): subscriptions to the daily digest of new reports in a street or within a
// radius of a point, and the reports each digest lists. Every statement names the comune first.
import { query, queryOne, type Queryable } from './pool.js';

export type AlertKind = 'street' | 'radius';

export interface AlertRow {
  id: number;
  email: string;
  kind: AlertKind;
  street_id: number | null;
  /** The street's name (kind street) or null. */
  street_name: string | null;
  /** The street nearest the point (kind radius), to name the place as a person says it. */
  near_street: string | null;
  lon: number | null;
  lat: number | null;
  radius_m: number | null;
  locale: 'it' | 'en';
  privacy_notice_version: number | null;
  confirmed_at: Date | null;
  last_digest_at: Date | null;
  created_at: Date;
}

const COLUMNS = `a.id, a.email, a.kind, a.street_id, s.name_display as street_name,
  case when a.center is null then null else (select n.name_display from street n
    where n.municipality_id = a.municipality_id order by n.geom <-> a.center::geometry limit 1) end as near_street,
  st_x(a.center::geometry) as lon, st_y(a.center::geometry) as lat, a.radius_m, a.locale,
  a.privacy_notice_version, a.confirmed_at, a.last_digest_at, a.created_at`;

const FROM = `alert_subscription a
  left join street s on s.municipality_id = a.municipality_id and s.id = a.street_id`;

/** What the place of a new subscription must fit: inside the comune, a radius within its size. */
export interface ComuneExtentRow {
  /** The larger side of the boundary's extent, in metres of the comune's local SRID. */
  size_m: number;
  /** Whether the point (when given) lies inside the boundary. */
  covers: boolean | null;
}

export async function comuneExtent(
  db: Queryable,
  municipalityId: number,
  point: { lon: number; lat: number } | null,
): Promise<ComuneExtentRow> {
  const row = await queryOne<ComuneExtentRow>(
    db,
    `select greatest(st_xmax(l) - st_xmin(l), st_ymax(l) - st_ymin(l)) as size_m,
       case when $2::float8 is null then null
            else st_covers(m.boundary, st_setsrid(st_makepoint($2, $3), 4326)) end as covers
     from municipality m, lateral (select st_transform(m.boundary, m.local_srid) as l) t
     where m.id = $1`,
    [municipalityId, point?.lon ?? null, point?.lat ?? null],
  );
  if (!row) throw new Error(`municipality ${municipalityId} not found`);
  return row;
}

export interface NewAlert {
  email: string;
  kind: AlertKind;
  streetId: number | null;
  point: { lon: number; lat: number } | null;
  radiusM: number | null;
  locale: 'it' | 'en';
  privacyNoticeVersion: number | null;
}

export async function insertAlert(
  db: Queryable,
  municipalityId: number,
  a: NewAlert,
): Promise<number> {
  const row = await queryOne<{ id: number }>(
    db,
    `insert into alert_subscription (municipality_id, email, kind, street_id, center, radius_m, locale, privacy_notice_version)
     values ($1, $2, $3, $4, case when $5::float8 is null then null else st_setsrid(st_makepoint($5, $6), 4326)::geography end, $7, $8, $9)
     returning id`,
    [
      municipalityId,
      a.email,
      a.kind,
      a.streetId,
      a.point?.lon ?? null,
      a.point?.lat ?? null,
      a.radiusM,
      a.locale,
      a.privacyNoticeVersion,
    ],
  );
  return row!.id;
}

/**
 * A confirmed subscription of the same address to the same place (the same street; the same point, within
 * a metre, and radius), other than `exceptId`: the request then only tells the address it has one.
 */
export async function findSameConfirmed(
  db: Queryable,
  municipalityId: number,
  a: Pick<NewAlert, 'email' | 'kind' | 'streetId' | 'point' | 'radiusM'>,
  exceptId = 0,
): Promise<number | undefined> {
  const row = await queryOne<{ id: number }>(
    db,
    `select id from alert_subscription
     where municipality_id = $1 and email_key = lower($2) and confirmed_at is not null and id <> $8 and kind = $3
       and (kind = 'street' and street_id = $4
         or kind = 'radius' and radius_m = $7 and st_dwithin(center, st_setsrid(st_makepoint($5, $6), 4326)::geography, 1))
     limit 1`,
    [
      municipalityId,
      a.email,
      a.kind,
      a.streetId,
      a.point?.lon ?? null,
      a.point?.lat ?? null,
      a.radiusM,
      exceptId,
    ],
  );
  return row?.id;
}

export function findAlert(
  db: Queryable,
  municipalityId: number,
  id: number,
  lock = false,
): Promise<AlertRow | undefined> {
  return queryOne<AlertRow>(
    db,
    `select ${COLUMNS} from ${FROM} where a.municipality_id = $1 and a.id = $2${lock ? ' for update of a' : ''}`,
    [municipalityId, id],
  );
}

export async function confirmAlert(
  db: Queryable,
  municipalityId: number,
  id: number,
  unsubscribeTokenHash: Buffer,
): Promise<void> {
  await db.query(
    `update alert_subscription set confirmed_at = now(), unsubscribe_token_hash = $3
     where municipality_id = $1 and id = $2`,
    [municipalityId, id, unsubscribeTokenHash],
  );
}

export function findAlertByUnsubscribeHash(
  db: Queryable,
  municipalityId: number,
  tokenHash: Buffer,
): Promise<AlertRow | undefined> {
  return queryOne<AlertRow>(
    db,
    `select ${COLUMNS} from ${FROM} where a.municipality_id = $1 and a.unsubscribe_token_hash = $2`,
    [municipalityId, tokenHash],
  );
}

export async function deleteAlert(
  db: Queryable,
  municipalityId: number,
  id: number,
): Promise<boolean> {
  const r = await db.query(
    'delete from alert_subscription where municipality_id = $1 and id = $2',
    [municipalityId, id],
  );
  return (r.rowCount ?? 0) > 0;
}

/** An address's subscriptions (data copy), confirmed or not, oldest first. */
export function listAlertsOf(
  db: Queryable,
  municipalityId: number,
  email: string,
): Promise<AlertRow[]> {
  return query<AlertRow>(
    db,
    `select ${COLUMNS} from ${FROM} where a.municipality_id = $1 and a.email_key = lower($2) order by a.id`,
    [municipalityId, email],
  );
}

/** An erasure: every subscription of the address goes. */
export async function deleteAlertsOf(
  db: Queryable,
  municipalityId: number,
  email: string,
): Promise<number> {
  const r = await db.query(
    'delete from alert_subscription where municipality_id = $1 and email_key = lower($2)',
    [municipalityId, email],
  );
  return r.rowCount ?? 0;
}

/** The confirmed subscriptions due a digest at `at` (none in the last `gapHours`), locked for the round. */
export function lockDueAlerts(
  db: Queryable,
  municipalityId: number,
  at: Date,
  gapHours: number,
): Promise<AlertRow[]> {
  return query<AlertRow>(
    db,
    `select ${COLUMNS} from ${FROM}
     where a.municipality_id = $1 and a.confirmed_at is not null
       and coalesce(a.last_digest_at, a.confirmed_at) <= $2::timestamptz - make_interval(hours => $3)
     order by a.id for update of a skip locked`,
    [municipalityId, at, gapHours],
  );
}

export interface DigestTicketRow {
  alert_id: number;
  code: string;
  /** The public copy of the title (masked by the service before it leaves). */
  title: string;
  category_it: string;
  category_en: string;
  address: string | null;
  created_at: Date;
}

// The public reports filed in each subscription's place since its previous digest (or its confirmation),
// up to `at`: the street's by the snapped street, a radius's by distance on the spheroid.
const DIGEST_TICKETS = `
  select a.id as alert_id, t.code, coalesce(t.public_title, t.title) as title, c.name_it as category_it,
         c.name_en as category_en, t.address, t.created_at
  from alert_subscription a
  join ticket t on t.municipality_id = a.municipality_id
    and t.created_at > coalesce(a.last_digest_at, a.confirmed_at) and t.created_at <= $3
    and (a.kind = 'street' and t.street_id = a.street_id
      or a.kind = 'radius' and st_dwithin(t.location, a.center, a.radius_m))
  join category c on c.municipality_id = t.municipality_id and c.id = t.category_id
  where a.municipality_id = $1 and a.id = any($2::bigint[])
  order by a.id, t.created_at, t.id`;

export function findDigestTickets(
  db: Queryable,
  municipalityId: number,
  alertIds: readonly number[],
  at: Date,
): Promise<DigestTicketRow[]> {
  return query<DigestTicketRow>(db, DIGEST_TICKETS, [municipalityId, alertIds, at]);
}

export async function markDigested(
  db: Queryable,
  municipalityId: number,
  alertIds: readonly number[],
  at: Date,
): Promise<void> {
  await db.query(
    'update alert_subscription set last_digest_at = $3 where municipality_id = $1 and id = any($2::bigint[])',
    [municipalityId, alertIds, at],
  );
}
