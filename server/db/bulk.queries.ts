// The statements of bulk inbox actions that the single-ticket workflow has no statement for yet:
// the assignee of a ticket (ticket.assignee_id, migration 042).
import { query, queryOne, type Queryable } from './pool.js';

/** Is this member of staff active, not a planner, and in this office (staff_office)? */
export async function isActiveOfficeMember(
  db: Queryable,
  municipalityId: number,
  staffId: number,
  officeId: number,
): Promise<boolean> {
  const row = await queryOne<{ ok: boolean }>(
    db,
    `select true as ok from staff_user s
     join staff_office so on so.municipality_id = s.municipality_id and so.staff_id = s.id
     where s.municipality_id = $1 and s.id = $2 and so.office_id = $3
       and s.disabled_at is null and s.role <> 'planner'`,
    [municipalityId, staffId, officeId],
  );
  return row?.ok === true;
}

/** The new version, or undefined when the ticket's version was not the expected one. */
export async function updateAssignee(
  db: Queryable,
  municipalityId: number,
  id: number,
  version: number,
  assigneeId: number | null,
): Promise<{ version: number; before: number | null } | undefined> {
  return queryOne<{ version: number; before: number | null }>(
    db,
    `update ticket t set assignee_id = $4, version = t.version + 1, updated_at = now()
     from (select assignee_id from ticket where municipality_id = $1 and id = $2) old
     where t.municipality_id = $1 and t.id = $2 and t.version = $3
     returning t.version, old.assignee_id as before`,
    [municipalityId, id, version, assigneeId],
  );
}

export interface ColleagueRow {
  id: number;
  name: string;
  email: string;
  office_ids: number[];
}

/** Active non-planner staff of these offices (undefined: of every office), with their offices among them. */
export function listOfficeMembers(
  db: Queryable,
  municipalityId: number,
  officeIds: number[] | undefined,
): Promise<ColleagueRow[]> {
  return query<ColleagueRow>(
    db,
    `select s.id, s.name, s.email, array_agg(so.office_id order by so.office_id) as office_ids
     from staff_user s
     join staff_office so on so.municipality_id = s.municipality_id and so.staff_id = s.id
     where s.municipality_id = $1 and s.disabled_at is null and s.role <> 'planner'
       and ($2::int[] is null or so.office_id = any($2::int[]))
     group by s.id, s.name, s.email order by s.name, s.email, s.id`,
    [municipalityId, officeIds ?? null],
  );
}
