// Interventions, their linked tickets and their history. Every update names the version it was based
// on (`where version = $n`): zero rows means someone else changed the intervention first (CONFLICT).
import type { InterventionStatus } from '../domain/intervention.js';
import type { TicketStatus } from '../domain/ticket-status.js';
import { query, queryOne, type Queryable } from './pool.js';
import { OPEN_STATUS_SQL } from './ticket-status.sql.js';

export interface InterventionRow {
  id: number;
  title: string;
  description: string;
  office_id: number;
  contractor_id: number | null;
  estimated_cost_eur: number;
  planned_start: string;
  planned_end: string;
  status: InterventionStatus;
  area_kind: 'street' | 'polygon' | 'tickets';
  street_id: number | null;
  /** GeoJSON of the covered area (WGS84), or null before any ticket. */
  area: string | null;
  closing_note: string | null;
  version: number;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
  cancelled_at: Date | null;
  total_count?: number;
}

const COLUMNS = `id, title, description, office_id, contractor_id, estimated_cost_eur,
  to_char(planned_start, 'YYYY-MM-DD') as planned_start, to_char(planned_end, 'YYYY-MM-DD') as planned_end,
  status, area_kind, street_id, st_asgeojson(area, 7) as area, closing_note, version, created_by,
  created_at, updated_at, completed_at, cancelled_at`;

export interface NewIntervention {
  title: string;
  description: string;
  officeId: number;
  contractorId: number | null;
  estimatedCost: number;
  plannedStart: string;
  plannedEnd: string;
  areaKind: InterventionRow['area_kind'];
  streetId: number | null;
  /** GeoJSON Polygon or MultiPolygon, for area_kind 'polygon'. */
  polygon: string | null;
  createdBy: number;
}

export async function insertIntervention(db: Queryable, m: number, n: NewIntervention) {
  const row = await queryOne<{ id: number }>(
    db,
    `insert into intervention (municipality_id, title, description, office_id, contractor_id, estimated_cost_eur,
       planned_start, planned_end, area_kind, street_id, area, created_by)
     values ($1, $2, $3, $4, $5, $6, $7::date, $8::date, $9, $10,
             case when $11::text is not null then st_setsrid(st_geomfromgeojson($11::text), 4326) end, $12)
     returning id`,
    [
      m,
      n.title,
      n.description,
      n.officeId,
      n.contractorId,
      n.estimatedCost,
      n.plannedStart,
      n.plannedEnd,
      n.areaKind,
      n.streetId,
      n.polygon,
      n.createdBy,
    ],
  );
  return row!.id;
}

export function findIntervention(
  db: Queryable,
  m: number,
  id: number,
  lock = false,
): Promise<InterventionRow | undefined> {
  return queryOne<InterventionRow>(
    db,
    `select ${COLUMNS} from intervention where municipality_id = $1 and id = $2${lock ? ' for update' : ''}`,
    [m, id],
  );
}

export interface InterventionListQuery {
  statuses?: InterventionStatus[];
  officeIds?: number[];
  /** Keyset: the page continues after this id (newest first). */
  afterId: number | null;
  limit: number;
}

export function listInterventions(db: Queryable, m: number, q: InterventionListQuery) {
  return query<InterventionRow>(
    db,
    `select ${COLUMNS}, count(*) over ()::int as total_count from (
       select * from intervention
       where municipality_id = $1
         and ($2::text[] is null or status = any($2::text[]))
         and ($3::int[] is null or office_id = any($3::int[]))
     ) i
     order by id desc`,
    [m, q.statuses ?? null, q.officeIds ?? null],
  ).then((rows) => {
    // The total is over the whole filtered list; the page is cut here (interventions are few per comune).
    const after = q.afterId === null ? rows : rows.filter((r) => r.id < q.afterId!);
    return after.slice(0, q.limit + 1).map((r) => ({ ...r, total_count: rows.length }));
  });
}

/** A state move and its timestamps; the new version, or undefined when the version was stale. */
export async function updateInterventionStatus(
  db: Queryable,
  m: number,
  id: number,
  version: number,
  to: InterventionStatus,
  closingNote: string | null,
): Promise<number | undefined> {
  const row = await queryOne<{ version: number }>(
    db,
    // The time from outside the CASEs (Citus refuses now() inside one; docs/scale.md, "Citus").
    `update intervention set status = $4, version = version + 1, updated_at = clock.at,
       started_at = case when $4 = 'in_progress' then clock.at else started_at end,
       completed_at = case when $4 = 'completed' then clock.at else completed_at end,
       cancelled_at = case when $4 = 'cancelled' then clock.at else cancelled_at end,
       closing_note = coalesce($5, closing_note)
     from (select now() as at) clock
     where municipality_id = $1 and id = $2 and version = $3 returning version`,
    [m, id, version, to, closingNote],
  );
  return row?.version;
}

export async function updateInterventionDates(
  db: Queryable,
  m: number,
  id: number,
  version: number,
  start: string,
  end: string,
): Promise<number | undefined> {
  const row = await queryOne<{ version: number }>(
    db,
    `update intervention set planned_start = $4::date, planned_end = $5::date, version = version + 1, updated_at = now()
     where municipality_id = $1 and id = $2 and version = $3 returning version`,
    [m, id, version, start, end],
  );
  return row?.version;
}

/** A change without a field of its own (links, unlinks) still moves the version: the new one, or undefined when stale. */
export async function bumpIntervention(
  db: Queryable,
  m: number,
  id: number,
  version: number,
): Promise<number | undefined> {
  const row = await queryOne<{ version: number }>(
    db,
    `update intervention set version = version + 1, updated_at = now()
     where municipality_id = $1 and id = $2 and version = $3 returning version`,
    [m, id, version],
  );
  return row?.version;
}

/** For area_kind 'tickets': 30 m around the hull of the active tickets, so a new report beside them falls inside. */
export async function refreshTicketArea(db: Queryable, m: number, id: number): Promise<void> {
  await query(
    db,
    `update intervention i set area = (
       select st_buffer(st_convexhull(st_collect(t.location::geometry))::geography, 30)::geometry
       from intervention_ticket it join ticket t on t.municipality_id = it.municipality_id and t.id = it.ticket_id
       where it.municipality_id = i.municipality_id and it.intervention_id = i.id and it.active)
     where i.municipality_id = $1 and i.id = $2 and i.area_kind = 'tickets'`,
    [m, id],
  );
}

/** The covered area of a street: 30 m either side of its line. */
export async function setStreetArea(db: Queryable, m: number, id: number): Promise<void> {
  await query(
    db,
    `update intervention i set area = (select st_buffer(s.geom::geography, 30)::geometry from street s
                                       where s.municipality_id = i.municipality_id and s.id = i.street_id)
     where i.municipality_id = $1 and i.id = $2`,
    [m, id],
  );
}

export interface LinkedTicketRow {
  ticket_id: number;
  code: string;
  status: TicketStatus;
  office_id: number;
  category_id: number;
  status_before: TicketStatus;
  active: boolean;
}

/** The tickets of an intervention (active ones, or every one it ever had, e.g. once completed). */
export function listLinkedTickets(
  db: Queryable,
  m: number,
  interventionId: number,
  activeOnly: boolean,
): Promise<LinkedTicketRow[]> {
  return query<LinkedTicketRow>(
    db,
    `select it.ticket_id, t.code, t.status, t.office_id, t.category_id, it.status_before, it.active
     from intervention_ticket it join ticket t on t.municipality_id = it.municipality_id and t.id = it.ticket_id
     where it.municipality_id = $1 and it.intervention_id = $2 and ($3::boolean = false or it.active)
     order by it.ticket_id`,
    [m, interventionId, activeOnly],
  );
}

/** The active intervention holding each of these tickets, if any. */
export function findActiveLinks(
  db: Queryable,
  m: number,
  ticketIds: readonly number[],
): Promise<{ ticket_id: number; intervention_id: number }[]> {
  return query(
    db,
    `select ticket_id, intervention_id from intervention_ticket
     where municipality_id = $1 and ticket_id = any($2::bigint[]) and active`,
    [m, ticketIds],
  );
}

export async function insertLink(
  db: Queryable,
  m: number,
  interventionId: number,
  ticketId: number,
  statusBefore: TicketStatus,
  autoLinked = false,
): Promise<void> {
  // linked_at from the row proposed (its default, now()): Citus refuses now() in DO UPDATE SET.
  await query(
    db,
    `insert into intervention_ticket (municipality_id, intervention_id, ticket_id, status_before, auto_linked)
     values ($1, $2, $3, $4::ticket_status, $5)
     on conflict (municipality_id, intervention_id, ticket_id)
       do update set active = true, status_before = excluded.status_before, linked_at = excluded.linked_at`,
    [m, interventionId, ticketId, statusBefore, autoLinked],
  );
}

/** Ends the link of these tickets (all the intervention's when ticketIds is null). */
export async function deactivateLinks(
  db: Queryable,
  m: number,
  interventionId: number,
  ticketIds: readonly number[] | null,
): Promise<void> {
  await query(
    db,
    `update intervention_ticket set active = false
     where municipality_id = $1 and intervention_id = $2 and active and ($3::bigint[] is null or ticket_id = any($3::bigint[]))`,
    [m, interventionId, ticketIds],
  );
}

export interface NewInterventionEvent {
  interventionId: number;
  kind:
    | 'created'
    | 'scheduled'
    | 'started'
    | 'completed'
    | 'cancelled'
    | 'linked'
    | 'unlinked'
    | 'rescheduled';
  actorStaffId: number | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  note?: string | null;
}

export async function insertInterventionEvent(
  db: Queryable,
  m: number,
  e: NewInterventionEvent,
): Promise<void> {
  await query(
    db,
    `insert into intervention_event (municipality_id, intervention_id, kind, actor_staff_id, before, after, note)
     values ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7)`,
    [
      m,
      e.interventionId,
      e.kind,
      e.actorStaffId,
      e.before ? JSON.stringify(e.before) : null,
      e.after ? JSON.stringify(e.after) : null,
      e.note ?? null,
    ],
  );
}

export interface InterventionEventRow {
  id: number;
  kind: NewInterventionEvent['kind'];
  actor_staff_id: number | null;
  note: string | null;
  created_at: Date;
}

export function listInterventionEvents(db: Queryable, m: number, interventionId: number) {
  return query<InterventionEventRow>(
    db,
    `select id, kind, actor_staff_id, note, created_at from intervention_event
     where municipality_id = $1 and intervention_id = $2 order by id`,
    [m, interventionId],
  );
}

// Open tickets inside the covered area, of a category the intervention's tickets have, reported after it
// was created and in no active intervention: the ones to suggest (or to link when interventionAutoLink).
const SUGGESTED = `
  select t.id as ticket_id, t.code, t.status, t.office_id, t.category_id
  from intervention i
  join ticket t on t.municipality_id = i.municipality_id
   and st_intersects(t.location::geometry, i.area)
   and t.status in ${OPEN_STATUS_SQL}
   and t.created_at >= i.created_at
  where i.municipality_id = $1 and i.id = $2 and i.area is not null
    and t.category_id in (select t2.category_id from intervention_ticket it
                          join ticket t2 on t2.municipality_id = it.municipality_id and t2.id = it.ticket_id
                          where it.municipality_id = i.municipality_id and it.intervention_id = i.id)
    and not exists (select 1 from intervention_ticket x where x.municipality_id = t.municipality_id
                    and x.ticket_id = t.id and x.active)
  order by t.id`;

export function listSuggestedTickets(db: Queryable, m: number, interventionId: number) {
  return query<{
    ticket_id: number;
    code: string;
    status: TicketStatus;
    office_id: number;
    category_id: number;
  }>(db, SUGGESTED, [m, interventionId]);
}

/** The active intervention whose area holds this new ticket and whose tickets share its category (oldest first). */
export function findInterventionForNewTicket(
  db: Queryable,
  m: number,
  ticketId: number,
): Promise<{ id: number } | undefined> {
  return queryOne<{ id: number }>(
    db,
    `select i.id from ticket t
     join intervention i on i.municipality_id = t.municipality_id
      and i.status in ('planned', 'scheduled', 'in_progress') and i.area is not null
      and st_intersects(t.location::geometry, i.area)
     where t.municipality_id = $1 and t.id = $2
       and exists (select 1 from intervention_ticket it join ticket t2 on t2.municipality_id = it.municipality_id and t2.id = it.ticket_id
                   where it.municipality_id = i.municipality_id and it.intervention_id = i.id and t2.category_id = t.category_id)
     order by i.id limit 1`,
    [m, ticketId],
  );
}

export interface InterventionKpiRow {
  intervention_count: number;
  planned_count: number;
  scheduled_count: number;
  in_progress_count: number;
  completed_count: number;
  cancelled_count: number;
  planned_cost_eur: number;
  spent_cost_eur: number;
  tickets_closed: number;
  median_days_to_complete: number | null;
  on_time_share: number | null;
}

// The programme's figures over the filtered interventions (issue 13 part 4). Planned cost: every
// intervention not cancelled; spent: the completed ones (the model has the estimate only, no final
// invoice). Tickets closed: those each completion resolved (its 'completed' event lists them, so a
// ticket unlinked before completion or already resolved does not count). Days to completion: from
// creation (when it was planned) to completion, in days; on time: completed on or before its planned
// last day, as a calendar day in Europe/Rome.
const KPIS = `
  with f as (
    select * from intervention
    where municipality_id = $1
      and ($2::text[] is null or status = any($2::text[]))
      and ($3::int[] is null or office_id = any($3::int[]))
  )
  select
    count(*)::int as intervention_count,
    count(*) filter (where status = 'planned')::int as planned_count,
    count(*) filter (where status = 'scheduled')::int as scheduled_count,
    count(*) filter (where status = 'in_progress')::int as in_progress_count,
    count(*) filter (where status = 'completed')::int as completed_count,
    count(*) filter (where status = 'cancelled')::int as cancelled_count,
    coalesce(sum(estimated_cost_eur) filter (where status <> 'cancelled'), 0)::float8 as planned_cost_eur,
    coalesce(sum(estimated_cost_eur) filter (where status = 'completed'), 0)::float8 as spent_cost_eur,
    (select coalesce(sum(jsonb_array_length(coalesce(e.after -> 'tickets', '[]'::jsonb))), 0)::int
       from intervention_event e join f on f.id = e.intervention_id
       where e.municipality_id = $1 and e.kind = 'completed' and f.status = 'completed') as tickets_closed,
    (percentile_cont(0.5) within group (order by extract(epoch from completed_at - created_at) / 86400)
       filter (where status = 'completed'))::float8 as median_days_to_complete,
    (avg(case when (completed_at at time zone 'Europe/Rome')::date <= planned_end then 1.0 else 0.0 end)
       filter (where status = 'completed'))::float8 as on_time_share
  from f`;

export async function interventionKpis(
  db: Queryable,
  m: number,
  filter: { statuses?: InterventionStatus[]; officeIds?: number[] },
): Promise<InterventionKpiRow> {
  const row = await queryOne<InterventionKpiRow>(db, KPIS, [
    m,
    filter.statuses ?? null,
    filter.officeIds ?? null,
  ]);
  return row!;
}
