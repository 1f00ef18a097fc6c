// The writes of a new report (ticket, reporter, first event) and the lookups that place it.
import { maskPersonalData } from '../domain/personal-data-mask.js';
import { named, queryOne, type Queryable } from './pool.js';

export interface PlacementRow {
  category_active: boolean | null;
  office_id: number | null;
  sla_hours: number | null;
  inside: boolean;
  street_id: number | null;
}

// One round trip decides the category's routing, whether the point is in the municipality, and the
// street it snaps to: the 5 nearest streets by KNN (<-> on the GiST index, planar degrees) re-ranked
// by true distance in metres (geography), accepted within $5 metres. Street and category name the comune
// as $1, not through m.id: Citus routes a query to one shard group only when every distributed table in
// it is filtered by the same municipality_id value.
const PLACEMENT = named(
  'report.placement',
  `
  with p as (select st_setsrid(st_makepoint($2, $3), 4326) as g)
  select c.active as category_active, c.office_id, c.sla_hours,
    st_contains(m.boundary, p.g) as inside,
    (select n.id from (
       select s.id, st_distance(s.geom::geography, p.g::geography) as d
       from street s where s.municipality_id = $1 order by s.geom <-> p.g limit 5
     ) n where n.d <= $5 order by n.d limit 1) as street_id
  from municipality m cross join p
  left join category c on c.municipality_id = $1 and c.id = $4
  where m.id = $1`,
);

export function findPlacement(
  db: Queryable,
  municipalityId: number,
  lon: number,
  lat: number,
  categoryId: number,
  snapM: number,
): Promise<PlacementRow | undefined> {
  return queryOne<PlacementRow>(db, PLACEMENT, [municipalityId, lon, lat, categoryId, snapM]);
}

export interface NewTicket {
  code: string;
  categoryId: number;
  officeId: number;
  streetId: number | null;
  title: string;
  description: string;
  lon: number;
  lat: number;
  address: string | null;
  houseNumber?: string | null;
  locale: 'it' | 'en';
  idempotencyKey: string | null;
  slaHours: number;
}

// One statement writes the ticket, its reporter (none when a report taken by staff carries no contact)
// and its first public event (its actor: the member of staff who took it). "on conflict do nothing"
// covers both unique keys: a code collision (redrawn by the caller) and a concurrent request with the
// same idempotency key (the caller then returns the first ticket); either way nothing is written.
const INSERT_REPORT = named(
  'report.insert',
  `
  with t as (
    insert into ticket (municipality_id, code, category_id, office_id, street_id, title, description, location,
      address, locale, idempotency_key, due_at, channel, public_title, public_description, house_number)
    values ($1, $2, $3, $4, $5, $6, $7, st_setsrid(st_makepoint($8, $9), 4326)::geography, $10, $11, $12,
      now() + make_interval(hours => $13), $16, $20, $21, $22)
    on conflict do nothing
    returning municipality_id, id
  ), r as (
    insert into reporter (municipality_id, ticket_id, email, name, phone, locale, privacy_notice_version)
    select municipality_id, id, $14, $15, $17, $11, $19 from t where coalesce($14, $15, $17) is not null
  ), e as (
    insert into ticket_event (municipality_id, ticket_id, kind, to_status, public, actor_staff_id)
    select municipality_id, id, 'received', 'received', true, $18 from t
  )
  select id from t`,
);

export interface NewReport extends NewTicket {
  email: string | null;
  name: string | null;
  phone?: string | null;
  /** 'web' for the citizen form; the channel a member of staff took it by otherwise. */
  channel?: string;
  takenByStaffId?: number | null;
  /** The privacy notice version the reporter accepted (sql/056); null: the app's default text. */
  privacyNoticeVersion?: number | null;
}

export async function insertReport(
  db: Queryable,
  municipalityId: number,
  t: NewReport,
): Promise<number | undefined> {
  const row = await queryOne<{ id: number }>(db, INSERT_REPORT, [
    municipalityId,
    t.code,
    t.categoryId,
    t.officeId,
    t.streetId,
    t.title,
    t.description,
    t.lon,
    t.lat,
    t.address,
    t.locale,
    t.idempotencyKey,
    t.slaHours,
    t.email,
    t.name,
    t.channel ?? 'web',
    t.phone ?? null,
    t.takenByStaffId ?? null,
    t.privacyNoticeVersion ?? null,
    // The public copy, masked once here (server/domain/personal-data-mask.ts); the office keeps the original.
    maskPersonalData(t.title),
    maskPersonalData(t.description),
    t.houseNumber ?? null,
  ]);
  return row?.id;
}

const CODE_BY_IDEMPOTENCY_KEY = named(
  'report.by_idempotency_key',
  'select code from ticket where municipality_id = $1 and idempotency_key = $2',
);

export async function findCodeByIdempotencyKey(
  db: Queryable,
  municipalityId: number,
  key: string,
): Promise<string | undefined> {
  const row = await queryOne<{ code: string }>(db, CODE_BY_IDEMPOTENCY_KEY, [municipalityId, key]);
  return row?.code;
}

export async function insertPublicEvent(
  db: Queryable,
  municipalityId: number,
  ticketId: number,
  kind: string,
  toStatus: string | null,
): Promise<void> {
  await db.query(
    'insert into ticket_event (municipality_id, ticket_id, kind, to_status, public) values ($1, $2, $3, $4, true)',
    [municipalityId, ticketId, kind, toStatus],
  );
}
