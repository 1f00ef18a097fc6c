// Who in an office a ticket may be given to, and the assignment itself (versioned like every change).
import { query, queryOne, type Queryable } from './pool.js';

export interface OfficeOperatorRow {
  id: number;
  email: string;
  name: string;
}

// Active operators (not disabled) who belong to the office.
const OFFICE_OPERATORS = `
  select s.id, s.email, s.name from staff_user s
  join staff_office so on so.municipality_id = s.municipality_id and so.staff_id = s.id
  where s.municipality_id = $1 and so.office_id = $2 and s.role = 'operator' and s.disabled_at is null`;

export function listOfficeOperators(
  db: Queryable,
  municipalityId: number,
  officeId: number,
): Promise<OfficeOperatorRow[]> {
  return query<OfficeOperatorRow>(db, `${OFFICE_OPERATORS} order by lower(s.name), s.email_key`, [
    municipalityId,
    officeId,
  ]);
}

export function findOfficeOperator(
  db: Queryable,
  municipalityId: number,
  officeId: number,
  staffId: number,
): Promise<OfficeOperatorRow | undefined> {
  return queryOne<OfficeOperatorRow>(db, `${OFFICE_OPERATORS} and s.id = $3`, [
    municipalityId,
    officeId,
    staffId,
  ]);
}

/** The new version, or undefined when the ticket's version was not the expected one. */
export async function updateAssignee(
  db: Queryable,
  municipalityId: number,
  id: number,
  version: number,
  assigneeId: number | null,
): Promise<number | undefined> {
  const row = await queryOne<{ version: number }>(
    db,
    `update ticket set assignee_id = $4, version = version + 1, updated_at = now()
     where municipality_id = $1 and id = $2 and version = $3 returning version`,
    [municipalityId, id, version, assigneeId],
  );
  return row?.version;
}
