// Staff reads of tickets: one ticket with everything, the inbox list, the history and the reporter.
// overdue / due_soon / age_hours are computed here so every list shows them alike; nearby_open is the
// stored count of sql/051 (server/db/nearby.sql.ts).
import type { TicketFilter } from '../domain/ticket-filter.js';
import type { TicketStatus } from '../domain/ticket-status.js';
import { NEARBY_OPEN_STORED, TICKET_NEARBY_JOIN } from './nearby.sql.js';
import { query, queryOne, type Queryable } from './pool.js';
import { suggestedScoreSql } from './priority.sql.js';
import { SqlParams, ticketFilterSql } from './ticket-filter.sql.js';
import { OPEN_STATUS_SQL as OPEN } from './ticket-status.sql.js';

export interface StaffTicketRow {
  id: number;
  code: string;
  status: TicketStatus;
  version: number;
  priority: number;
  title: string;
  description: string;
  /** The public copy (sql/054); null only until the start-up backfill reached the row. */
  public_title: string | null;
  public_description: string | null;
  address: string | null;
  house_number: string | null;
  locale: string;
  channel: string;
  category_id: number;
  office_id: number;
  office_code: string;
  office_name: string;
  street_id: number | null;
  street_name: string | null;
  lon: number;
  lat: number;
  created_at: Date;
  updated_at: Date;
  acknowledged_at: Date | null;
  started_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  due_at: Date;
  duplicate_of: number | null;
  duplicate_of_code: string | null;
  reject_reason: string | null;
  supporters_count: number;
  reopen_count: number;
  sla_hours: number;
  nearby_open: number;
  age_hours: number;
  overdue: boolean;
  due_soon: boolean;
  assignee_id: number | null;
  assignee_email: string | null;
  assignee_name: string | null;
}

/** Hours before the due date from which an open ticket counts as "due soon". */
export const DUE_SOON_HOURS = 24;

const STAFF_TICKET_FROM = `
  select t.id, t.code, t.status, t.version, t.priority, t.title, t.description, t.public_title, t.public_description,
    t.address, t.house_number, t.locale, t.channel,
    t.category_id, t.office_id, o.code as office_code, o.name as office_name, t.street_id, s.name_display as street_name,
    st_x(t.location::geometry) as lon, st_y(t.location::geometry) as lat,
    t.created_at, t.updated_at, t.acknowledged_at, t.started_at, t.resolved_at, t.closed_at, t.due_at,
    t.duplicate_of, d.code as duplicate_of_code, t.reject_reason, t.supporters_count, t.reopen_count, c.sla_hours,
    ${NEARBY_OPEN_STORED} as nearby_open,
    extract(epoch from coalesce(t.closed_at, now()) - t.created_at)::float8 / 3600 as age_hours,
    (t.status in ${OPEN} and t.due_at < now()) as overdue,
    (t.status in ${OPEN} and t.due_at >= now() and t.due_at < now() + make_interval(hours => ${DUE_SOON_HOURS})) as due_soon,
    t.assignee_id, a.email as assignee_email, a.name as assignee_name
  from ticket t
  join category c on c.municipality_id = t.municipality_id and c.id = t.category_id
  join office o on o.municipality_id = t.municipality_id and o.id = t.office_id
  left join street s on s.municipality_id = t.municipality_id and s.id = t.street_id
  left join ticket d on d.municipality_id = t.municipality_id and d.id = t.duplicate_of
  left join staff_user a on a.municipality_id = t.municipality_id and a.id = t.assignee_id
  ${TICKET_NEARBY_JOIN}`;

/** By tracking code: the ticket a member of staff just filed for a citizen (any office). */
export function findStaffTicketByCode(
  db: Queryable,
  municipalityId: number,
  code: string,
): Promise<StaffTicketRow | undefined> {
  return queryOne<StaffTicketRow>(
    db,
    `${STAFF_TICKET_FROM} where t.municipality_id = $1 and t.code = $2`,
    [municipalityId, code],
  );
}

export function findStaffTicket(
  db: Queryable,
  municipalityId: number,
  id: number,
): Promise<StaffTicketRow | undefined> {
  return queryOne<StaffTicketRow>(
    db,
    `${STAFF_TICKET_FROM} where t.municipality_id = $1 and t.id = $2`,
    [municipalityId, id],
  );
}

const SUGGESTED_SCORE_SQL = suggestedScoreSql({
  ageHours: 'b.age_hours',
  slaHours: 'b.sla_hours',
  supporters: 'b.supporters_count',
  nearbyOpen: 'b.nearby_open',
});

export type InboxOrderKey =
  'suggested' | 'priority' | 'due' | 'created' | 'updated' | 'code' | 'status' | 'supporters';
export type SortDirection = 'asc' | 'desc';

/**
 * Sort keys chosen from code only, in ascending reading; every list ends on id so the order is total
 * and descending is the exact reverse (each key flipped), hence every row on exactly one offset page.
 * The suggested order reads like the priority: ascending is most urgent first (score descending).
 */
const ORDER_KEYS: Readonly<Record<InboxOrderKey, readonly [string, SortDirection][]>> = {
  suggested: [
    ['score', 'desc'],
    ['b.due_at', 'asc'],
  ],
  priority: [
    ['b.priority', 'asc'],
    ['b.due_at', 'asc'],
  ],
  due: [['b.due_at', 'asc']],
  created: [['b.created_at', 'asc']],
  updated: [['b.updated_at', 'asc']],
  code: [['b.code', 'asc']],
  status: [
    ['b.status', 'asc'],
    ['b.due_at', 'asc'],
  ],
  supporters: [
    ['b.supporters_count', 'asc'],
    ['b.created_at', 'asc'],
  ],
};

const flip = (d: SortDirection): SortDirection => (d === 'asc' ? 'desc' : 'asc');

export function orderSql(order: InboxOrderKey, direction: SortDirection): string {
  const keys: [string, SortDirection][] = [...ORDER_KEYS[order], ['b.id', 'asc']];
  return keys.map(([k, d]) => `${k} ${direction === 'asc' ? d : flip(d)}`).join(', ');
}

/** The inbox's own conditions beside the shared TicketFilter. */
export interface InboxConditions {
  filter: TicketFilter;
  /** Restrict to these offices (an operator's own); undefined = all. */
  officeIds?: number[];
  priorities?: number[];
  overdue?: boolean;
  dueSoon?: boolean;
  /** Only tickets assigned to this member of staff. */
  assigneeId?: number;
}

export interface InboxQuery extends InboxConditions {
  order: InboxOrderKey;
  direction: SortDirection;
  offset: number;
  limit: number;
}

function inboxWhere(municipalityId: number, q: InboxConditions, params: SqlParams): string {
  const where = [ticketFilterSql(municipalityId, q.filter, params, 't', 'office')];
  if (q.officeIds) where.push(`t.office_id = any(${params.add(q.officeIds)}::int[])`);
  if (q.priorities?.length) where.push(`t.priority = any(${params.add(q.priorities)}::int[])`);
  if (q.assigneeId !== undefined) where.push(`t.assignee_id = ${params.add(q.assigneeId)}`);
  const overdue = `(t.status in ${OPEN} and t.due_at < now())`;
  const dueSoon = `(t.status in ${OPEN} and t.due_at >= now() and t.due_at < now() + make_interval(hours => ${DUE_SOON_HOURS}))`;
  if (q.overdue !== undefined) where.push(q.overdue ? overdue : `not ${overdue}`);
  if (q.dueSoon !== undefined) where.push(q.dueSoon ? dueSoon : `not ${dueSoon}`);
  return where.join(' and ');
}

/**
 * One inbox page in two steps: first the ids of the page (ordering and counting over the ticket and
 * category columns only, plus the stored nearby-open count when the suggested order needs it), then the
 * full rows of those ids. The nearby count used to be one GiST probe per open ticket on every page (2,518
 * for a comune of 20,000 tickets, and each probe 50x dearer among 50 comuni); it is now kept per ticket by
 * sql/051, so a page reads one row of ticket_nearby per ticket that has neighbours.
 */
export async function listInbox(
  db: Queryable,
  municipalityId: number,
  q: InboxQuery,
): Promise<(StaffTicketRow & { total_count: number })[]> {
  const params = new SqlParams();
  const where = inboxWhere(municipalityId, q, params);
  const suggested = q.order === 'suggested';
  // With a text filter, finding the matching tickets is the dear part (a trigram scan and a recheck of
  // every candidate's folded text): it is done once, and counted from there. Without one, the matching
  // rows come from the office's covering index, and counting them apart lets the page query keep only
  // its top rows instead of sorting all of them (docs/scale.md, "The inbox at 1,000,000 tickets").
  const once = Boolean(q.filter.text?.trim());
  const sql = `
    with b as ${once ? 'materialized ' : ''}(
      select t.id, t.code, t.status, t.priority, t.due_at, t.created_at, t.updated_at, t.supporters_count,
        c.sla_hours, ${suggested ? NEARBY_OPEN_STORED : '0'} as nearby_open,
        extract(epoch from coalesce(t.closed_at, now()) - t.created_at)::float8 / 3600 as age_hours
      from ticket t join category c on c.municipality_id = t.municipality_id and c.id = t.category_id
      ${suggested ? TICKET_NEARBY_JOIN : ''}
      where ${where})
    select b.id, ${suggested ? SUGGESTED_SCORE_SQL : '0'}::float8 as score
      ${once ? ', (select count(*) from b)::int as total_count' : ''}
    from b order by ${orderSql(q.order, q.direction)} offset ${params.add(q.offset)} limit ${params.add(q.limit)}`;
  const keys = await query<{ id: number; total_count?: number }>(db, sql, params.values);
  if (!keys.length) return [];
  let total = keys[0].total_count ?? 0;
  if (!once) {
    const countParams = new SqlParams();
    const counted = await queryOne<{ n: number }>(
      db,
      `select count(*)::int as n from ticket t
       join category c on c.municipality_id = t.municipality_id and c.id = t.category_id
       where ${inboxWhere(municipalityId, q, countParams)}`,
      countParams.values,
    );
    total = counted?.n ?? 0;
  }
  const rows = await query<StaffTicketRow>(
    db,
    `${STAFF_TICKET_FROM} where t.municipality_id = $1 and t.id = any($2::bigint[])`,
    [municipalityId, keys.map((k) => k.id)],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return keys.flatMap((k) => {
    const row = byId.get(k.id);
    return row ? [{ ...row, total_count: total }] : [];
  });
}

export interface InboxPointRow {
  id: number;
  code: string;
  title: string;
  status: TicketStatus;
  lon: number;
  lat: number;
}

/**
 * The map of the inbox: where each ticket of the same conditions lies, newest first, at most `limit`
 * (the caller asks one more to know whether the list was cut). One scan of the matching tickets, no
 * joins: the list's own page query is not needed for a dot on the map.
 */
export function listInboxPoints(
  db: Queryable,
  municipalityId: number,
  q: InboxConditions,
  limit: number,
): Promise<InboxPointRow[]> {
  const params = new SqlParams();
  const where = inboxWhere(municipalityId, q, params);
  return query<InboxPointRow>(
    db,
    `select t.id, t.code, t.title, t.status,
       st_x(t.location::geometry) as lon, st_y(t.location::geometry) as lat
     from ticket t where ${where}
     order by t.created_at desc, t.id desc limit ${params.add(limit)}`,
    params.values,
  );
}

/** How many tickets of each status match the conditions (the filter's own statuses left out). */
export async function countInboxByStatus(
  db: Queryable,
  municipalityId: number,
  q: InboxConditions,
): Promise<{ status: TicketStatus; count: number }[]> {
  const params = new SqlParams();
  const where = inboxWhere(
    municipalityId,
    { ...q, filter: { ...q.filter, statuses: undefined } },
    params,
  );
  return query<{ status: TicketStatus; count: number }>(
    db,
    `select t.status, count(*)::int as count from ticket t where ${where} group by t.status order by t.status`,
    params.values,
  );
}

export interface TicketEventRow {
  id: number;
  kind: string;
  actor_staff_id: number | null;
  actor_email: string | null;
  from_status: TicketStatus | null;
  to_status: TicketStatus | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  note: string | null;
  public: boolean;
  created_at: Date;
}

export function listTicketEvents(
  db: Queryable,
  municipalityId: number,
  ticketId: number,
): Promise<TicketEventRow[]> {
  return query<TicketEventRow>(
    db,
    `select e.id, e.kind, e.actor_staff_id, s.email as actor_email, e.from_status, e.to_status, e.before, e.after, e.note, e.public, e.created_at
     from ticket_event e left join staff_user s on s.municipality_id = e.municipality_id and s.id = e.actor_staff_id
     where e.municipality_id = $1 and e.ticket_id = $2 order by e.created_at, e.id`,
    [municipalityId, ticketId],
  );
}

export interface ReporterRow {
  email: string | null;
  name: string | null;
  phone: string | null;
  locale: string;
  anonymised_at: Date | null;
}

export function findReporter(
  db: Queryable,
  municipalityId: number,
  ticketId: number,
): Promise<ReporterRow | undefined> {
  return queryOne<ReporterRow>(
    db,
    'select email, name, phone, locale, anonymised_at from reporter where municipality_id = $1 and ticket_id = $2',
    [municipalityId, ticketId],
  );
}
