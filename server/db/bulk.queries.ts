// Whom a ticket can be assigned to (colleagues of the inbox's bulk ASSIGN); the assignment itself is
// WorkflowService.assignTicket's (server/db/assignment.queries.ts).
import { query, type Queryable } from './pool.js';

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
