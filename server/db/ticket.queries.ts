// Tickets as citizens see them: one ticket, lists, markers, counts, nearby reports and the public timeline.
// Public reads never select reporter data (a new report is written by report.queries.ts), and read the
// public copy of the text (sql/054), which PublicTicketService masks once more on the way out.
import type { CategoryRow } from './category.queries.js';
import { named, query, queryOne, type Queryable } from './pool.js';
import type { StreetRow } from './street.queries.js';
import { rollupServes } from './rollup.sql.js';
import { SqlParams, ticketFilterSql } from './ticket-filter.sql.js';
import { OPEN_STATUS_SQL } from './ticket-status.sql.js';
import type { TicketFilter } from '../domain/ticket-filter.js';
import type { TicketStatus } from '../domain/ticket-status.js';

export interface PublicTicketRow {
  id: number;
  code: string;
  status: TicketStatus;
  title: string;
  description: string;
  lon: number;
  lat: number;
  address: string | null;
  house_number: string | null;
  supporters_count: number;
  created_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
  duplicate_of_code: string | null;
  category: CategoryRow;
  office: { id: number; code: string; name: string };
  street: StreetRow | null;
}

// Category, office and street come as JSON so that one query serves a whole list without N+1.
const PUBLIC_TICKET_SELECT = `
  select t.id, t.code, t.status,
    coalesce(t.public_title, t.title) as title, coalesce(t.public_description, t.description) as description,
    st_x(t.location::geometry) as lon, st_y(t.location::geometry) as lat, t.address, t.house_number, t.supporters_count,
    t.created_at, t.updated_at, t.resolved_at,
    d.code as duplicate_of_code,
    to_jsonb(c) - 'municipality_id' as category,
    jsonb_build_object('id', o.id, 'code', o.code, 'name', o.name) as office,
    case when s.id is null then null else jsonb_build_object('id', s.id, 'name', s.name, 'name_display', s.name_display,
      'locality', s.locality, 'length_m', s.length_m, 'geometry_source', s.geometry_source) end as street
  from ticket t
  join category c on c.municipality_id = t.municipality_id and c.id = t.category_id
  join office o on o.municipality_id = t.municipality_id and o.id = t.office_id
  left join street s on s.municipality_id = t.municipality_id and s.id = t.street_id
  left join ticket d on d.municipality_id = t.municipality_id and d.id = t.duplicate_of`;

export function findPublicTicketByCode(
  db: Queryable,
  municipalityId: number,
  code: string,
): Promise<PublicTicketRow | undefined> {
  return queryOne<PublicTicketRow>(
    db,
    `${PUBLIC_TICKET_SELECT} where t.municipality_id = $1 and t.code = $2`,
    [municipalityId, code],
  );
}

/**
 * One page, newest first, keyset on (created_at, id); `afterId` is the id of the last row of the previous
 * page, whose (created_at, id) is read by primary key (an unknown id gives an empty page).
 */
export function listPublicTickets(
  db: Queryable,
  municipalityId: number,
  filter: TicketFilter,
  afterId: number | null,
  limit: number,
): Promise<PublicTicketRow[]> {
  const params = new SqlParams();
  let where = ticketFilterSql(municipalityId, filter, params, 't');
  if (afterId !== null)
    where += ` and (t.created_at, t.id) < (select k.created_at, k.id from ticket k where k.municipality_id = ${params.add(municipalityId)} and k.id = ${params.add(afterId)}::bigint)`;
  const sql = `${PUBLIC_TICKET_SELECT} where ${where} order by t.created_at desc, t.id desc limit ${params.add(limit)}`;
  return query<PublicTicketRow>(db, sql, params.values);
}

/**
 * How many tickets match. Filters on category, office and status only are summed from ticket_kpi_rollup
 * (sql/033: ~100 rows instead of counting up to 10^6 tickets); `source` forces one way, for the tests.
 */
export async function countTickets(
  db: Queryable,
  municipalityId: number,
  filter: TicketFilter,
  source: 'auto' | 'tickets' = 'auto',
): Promise<number> {
  const params = new SqlParams();
  const text =
    source === 'auto' && rollupServes(filter)
      ? `select coalesce(sum(r.tickets), 0)::int as n from ticket_kpi_rollup r where ${ticketFilterSql(municipalityId, filter, params, 'r')}`
      : `select count(*)::int as n from ticket t where ${ticketFilterSql(municipalityId, filter, params, 't')}`;
  const row = await queryOne<{ n: number }>(db, text, params.values);
  return row?.n ?? 0;
}

export interface TicketMarkerRow {
  code: string;
  status: TicketStatus;
  category_id: number;
  lon: number;
  lat: number;
}

/** Where the matching tickets are, newest first, at most `limit`: the public map's markers. */
export function listTicketMarkers(
  db: Queryable,
  municipalityId: number,
  filter: TicketFilter,
  limit: number,
): Promise<TicketMarkerRow[]> {
  const params = new SqlParams();
  const where = ticketFilterSql(municipalityId, filter, params, 't');
  return query<TicketMarkerRow>(
    db,
    `select t.code, t.status, t.category_id, st_x(t.location::geometry) as lon, st_y(t.location::geometry) as lat
     from ticket t where ${where} order by t.created_at desc, t.id desc limit ${params.add(limit)}`,
    params.values,
  );
}

export interface NearbyTicketRow {
  code: string;
  title: string;
  status: TicketStatus;
  supporters_count: number;
  created_at: Date;
  distance_m: number;
  category_id: number;
  lon: number;
  lat: number;
}

// Open tickets near a point, nearest first, then newest. The open list is a constant in the text
// (OPEN_STATUS_SQL), the same as the predicate of the partial GiST index ticket_open_location_gist
// (test/integration/sql-rules.test.ts), so the planner can use that index; ST_DWithin on geography
// measures metres on the spheroid. The radius is $5, else the category's duplicate radius, else 100 m:
// one statement, one round trip (the index is still used with the radius as a run-time value).
// `+ 0` on the comune and category keeps the planner on the open-tickets GiST (a handful of rows, then
// filtered by comune and category): on a table of many comuni it ANDed that bitmap with a 2,500-row one
// from a btree leading with municipality_id (0.39 ms instead of 0.27 ms a call on 1M tickets of 50 comuni;
// `npm run bench -- comuni`, and the same reason in inbox.queries.ts NEARBY_OPEN).
export const NEARBY_TICKETS = named(
  'ticket.nearby',
  `
  select t.code, coalesce(t.public_title, t.title) as title, t.status, t.supporters_count, t.created_at, t.category_id,
    st_distance(t.location, p.g) as distance_m, st_x(t.location::geometry) as lon, st_y(t.location::geometry) as lat
  from ticket t,
    (select st_setsrid(st_makepoint($2, $3), 4326)::geography as g) p,
    (select coalesce($5::float8, (select c.duplicate_radius_m from category c where c.municipality_id = $1 and c.id = $4), 100) as radius) r
  where t.municipality_id + 0 = $1 and t.status in ${OPEN_STATUS_SQL}
    and ($4::int is null or t.category_id + 0 = $4) and st_dwithin(t.location, p.g, r.radius)
  order by distance_m, t.created_at desc
  limit 10`,
);

/**
 * NEARBY_TICKETS on Citus (SEGNALA_CITUS): the comune compared as the column itself, which Citus routes
 * to its one shard. With "+ 0" it cannot tell the shard and sends the query to all 32, the category's
 * radius first as a subplan of its own (~300 ms instead of 2.5-6 ms a query on the bench database).
 */
export const NEARBY_TICKETS_CITUS = named(
  'ticket.nearby.citus',
  NEARBY_TICKETS.text.replace('t.municipality_id + 0 = $1', 't.municipality_id = $1'),
);

if (NEARBY_TICKETS_CITUS.text === NEARBY_TICKETS.text)
  throw new Error('NEARBY_TICKETS_CITUS: the comune condition of NEARBY_TICKETS was not found');

export function findNearbyTickets(
  db: Queryable,
  municipalityId: number,
  lon: number,
  lat: number,
  categoryId: number | null,
  radiusM: number | null,
  citus = false,
): Promise<NearbyTicketRow[]> {
  return query<NearbyTicketRow>(db, citus ? NEARBY_TICKETS_CITUS : NEARBY_TICKETS, [
    municipalityId,
    lon,
    lat,
    categoryId,
    radiusM,
  ]);
}

export interface StreetCountsRow {
  active: number;
  resolved: number;
  total: number;
}

export async function countStreetTickets(
  db: Queryable,
  municipalityId: number,
  streetId: number,
): Promise<StreetCountsRow> {
  const row = await queryOne<StreetCountsRow>(
    db,
    `select count(*) filter (where status in ${OPEN_STATUS_SQL})::int as active,
       count(*) filter (where status = 'resolved')::int as resolved, count(*)::int as total
     from ticket where municipality_id = $1 and street_id = $2`,
    [municipalityId, streetId],
  );
  return row ?? { active: 0, resolved: 0, total: 0 };
}

export interface PublicEventRow {
  kind: string;
  to_status: TicketStatus | null;
  note: string | null;
  created_at: Date;
  /** The other report of a 'duplicate' (its original) or 'merged' (the duplicate merged in) event. */
  related_code: string | null;
}

/** The public timeline: only events marked public, never who did them. */
export function listPublicEvents(
  db: Queryable,
  municipalityId: number,
  ticketId: number,
): Promise<PublicEventRow[]> {
  return query<PublicEventRow>(
    db,
    `select kind, to_status, note, created_at,
       case kind when 'duplicate' then after ->> 'duplicateOfCode' when 'merged' then after ->> 'duplicateCode' end as related_code
     from ticket_event
     where municipality_id = $1 and ticket_id = $2 and public order by created_at, id`,
    [municipalityId, ticketId],
  );
}
