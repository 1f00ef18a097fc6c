import { query, queryOne, type Queryable } from './pool.js';

export interface OfficeRow {
  id: number;
  code: string;
  name: string;
  email: string;
  active: boolean;
}

const OFFICE_COLUMNS = 'id, code, name, email, active';

export function listOffices(db: Queryable, municipalityId: number): Promise<OfficeRow[]> {
  return query<OfficeRow>(
    db,
    `select ${OFFICE_COLUMNS} from office where municipality_id = $1 order by name`,
    [municipalityId],
  );
}

export function findOffice(
  db: Queryable,
  municipalityId: number,
  id: number,
): Promise<OfficeRow | undefined> {
  return queryOne<OfficeRow>(
    db,
    `select ${OFFICE_COLUMNS} from office where municipality_id = $1 and id = $2`,
    [municipalityId, id],
  );
}

export function findOfficesByIds(
  db: Queryable,
  municipalityId: number,
  ids: readonly number[],
): Promise<OfficeRow[]> {
  return query<OfficeRow>(
    db,
    `select ${OFFICE_COLUMNS} from office where municipality_id = $1 and id = any($2::int[])`,
    [municipalityId, ids],
  );
}
