// The rows of Open311 GET requests: public fields only (never the reporter), the public copy of the
// description (masked once more by the service, as the note), the last public note, the first public
// photo, and the office. One statement for a page of up to 1,000 requests.
import type { RequestsQuery } from '../domain/open311.js';
import { CLOSED_STATUSES, OPEN_STATUSES, type TicketStatus } from '../domain/ticket-status.js';
import { query, queryOne, type Queryable } from './pool.js';
import { SqlParams, ticketFilterSql } from './ticket-filter.sql.js';

export interface Open311RequestRow {
  code: string;
  status: TicketStatus;
  category_code: string;
  category_name_it: string;
  category_name_en: string;
  description: string;
  office_name: string;
  address: string | null;
  street_name: string | null;
  street_id: number | null;
  lon: number;
  lat: number;
  created_at: Date;
  updated_at: Date;
  due_at: Date;
  note: string | null;
  photo_id: string | null;
}

// The note and the photo are read per row through their (municipality_id, ticket_id …) indexes.
const REQUEST_SELECT = `
  select t.code, t.status, c.code as category_code, c.name_it as category_name_it, c.name_en as category_name_en,
    coalesce(t.public_description, t.description) as description, o.name as office_name, t.address, s.name_display as street_name, t.street_id,
    st_x(t.location::geometry) as lon, st_y(t.location::geometry) as lat,
    t.created_at, t.updated_at, t.due_at,
    (select e.note from ticket_event e
      where e.municipality_id = t.municipality_id and e.ticket_id = t.id and e.public and e.note is not null
      order by e.created_at desc, e.id desc limit 1) as note,
    (select a.id from attachment a
      where a.municipality_id = t.municipality_id and a.ticket_id = t.id and a.public
      order by a.created_at, a.id limit 1)::text as photo_id
  from ticket t
  join category c on c.municipality_id = t.municipality_id and c.id = t.category_id
  join office o on o.municipality_id = t.municipality_id and o.id = t.office_id
  left join street s on s.municipality_id = t.municipality_id and s.id = t.street_id`;

export async function listOpen311Requests(
  db: Queryable,
  municipalityId: number,
  q: RequestsQuery,
  categoryIds: number[] | undefined,
): Promise<Open311RequestRow[]> {
  const p = new SqlParams();
  // With service_request_id the spec ignores every other parameter.
  if (q.codes) {
    const where = `t.municipality_id = ${p.add(municipalityId)} and t.code = any(${p.add(q.codes)}::text[])`;
    return query<Open311RequestRow>(
      db,
      `${REQUEST_SELECT} where ${where} order by t.created_at desc, t.id desc`,
      p.values,
    );
  }
  const statuses = q.status
    ? [...(q.status === 'open' ? OPEN_STATUSES : CLOSED_STATUSES)]
    : undefined;
  let where = ticketFilterSql(
    municipalityId,
    {
      statuses,
      categoryIds,
      createdFrom: q.startDate,
      // end_date is inclusive in the spec
      createdTo: q.endDate ? new Date(q.endDate.getTime() + 1) : undefined,
    },
    p,
    't',
  );
  if (q.updatedAfter) where += ` and t.updated_at > ${p.add(q.updatedAfter)}`;
  // Newest first; a sync by updated_after reads the changes oldest first, so its pages follow on.
  const order = q.updatedAfter ? 't.updated_at, t.id' : 't.created_at desc, t.id desc';
  const offset = (q.page - 1) * q.pageSize;
  return query<Open311RequestRow>(
    db,
    `${REQUEST_SELECT} where ${where} order by ${order} limit ${p.add(q.pageSize)} offset ${p.add(offset)}`,
    p.values,
  );
}

/** The category ids of these service codes; an unknown code is missing from the answer. */
export function findCategoryIdsByCodes(
  db: Queryable,
  municipalityId: number,
  codes: readonly string[],
): Promise<{ id: number; code: string }[]> {
  return query<{ id: number; code: string }>(
    db,
    'select id, code from category where municipality_id = $1 and code = any($2::text[])',
    [municipalityId, codes],
  );
}

/** A point on a street (the point of its line nearest its centre), for address_string. */
export function findStreetPoint(
  db: Queryable,
  municipalityId: number,
  streetId: number,
): Promise<{ lon: number; lat: number } | undefined> {
  return queryOne<{ lon: number; lat: number }>(
    db,
    `select st_x(p) as lon, st_y(p) as lat
     from (select st_closestpoint(geom, st_centroid(geom)) as p from street where municipality_id = $1 and id = $2) s`,
    [municipalityId, streetId],
  );
}
