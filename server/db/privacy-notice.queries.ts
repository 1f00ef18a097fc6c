// privacy_notice (sql/056): each comune's notice to citizens, by version; the highest is current.
import { query, queryOne, type Queryable } from './pool.js';

export interface PrivacyNoticeRow {
  version: number;
  text_it: string;
  text_en: string;
  created_at: Date;
  created_by: number | null;
}

const COLUMNS = 'version, text_it, text_en, created_at, created_by';

/** One version, or the current one when `version` is omitted. */
export function findPrivacyNotice(
  db: Queryable,
  municipalityId: number,
  version?: number,
): Promise<PrivacyNoticeRow | undefined> {
  return version === undefined
    ? queryOne<PrivacyNoticeRow>(
        db,
        `select ${COLUMNS} from privacy_notice where municipality_id = $1 order by version desc limit 1`,
        [municipalityId],
      )
    : queryOne<PrivacyNoticeRow>(
        db,
        `select ${COLUMNS} from privacy_notice where municipality_id = $1 and version = $2`,
        [municipalityId, version],
      );
}

export function listPrivacyNotices(
  db: Queryable,
  municipalityId: number,
): Promise<PrivacyNoticeRow[]> {
  return query<PrivacyNoticeRow>(
    db,
    `select ${COLUMNS} from privacy_notice where municipality_id = $1 order by version desc`,
    [municipalityId],
  );
}

/**
 * The next version, numbered after the highest. The lock on the comune's row makes two admins
 * publishing at once take 1 and 2, not both 1.
 */
export async function insertPrivacyNotice(
  db: Queryable,
  municipalityId: number,
  text: { it: string; en: string },
  createdBy: number | null,
): Promise<PrivacyNoticeRow> {
  await db.query('select 1 from municipality where id = $1 for update', [municipalityId]);
  const row = await queryOne<PrivacyNoticeRow>(
    db,
    `insert into privacy_notice (municipality_id, version, text_it, text_en, created_by)
     select $1, coalesce(max(version), 0) + 1, $2, $3, $4 from privacy_notice where municipality_id = $1
     returning ${COLUMNS}`,
    [municipalityId, text.it, text.en, createdBy],
  );
  return row!;
}
