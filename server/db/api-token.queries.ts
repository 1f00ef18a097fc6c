// Long-lived API tokens for integrators: only the sha256 of a token is stored.
import { query, queryOne, type Queryable } from './pool.js';

export interface ApiTokenRow {
  id: number;
  staff_id: number;
  name: string;
  scopes: string[];
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  expires_at: Date | null;
}

const TOKEN_COLUMNS =
  'id, staff_id, name, scopes, created_at, last_used_at, revoked_at, expires_at';

export function insertApiToken(
  db: Queryable,
  municipalityId: number,
  staffId: number,
  name: string,
  tokenHash: string,
  scopes: readonly string[],
): Promise<ApiTokenRow | undefined> {
  return queryOne<ApiTokenRow>(
    db,
    `insert into api_token (municipality_id, staff_id, name, token_hash, scopes) values ($1, $2, $3, $4, $5)
     returning ${TOKEN_COLUMNS}`,
    [municipalityId, staffId, name, tokenHash, scopes],
  );
}

/**
 * "Last used" to the minute: an integrator's token used 200 times a second would otherwise write (and
 * row-lock) its row on every request, one after the other.
 */
export const TOKEN_TOUCH_INTERVAL_MS = 60_000;

export async function touchToken(db: Queryable, municipalityId: number, id: number): Promise<void> {
  await db.query(
    `update api_token set last_used_at = now() where municipality_id = $1 and id = $2
       and (last_used_at is null or last_used_at < now() - make_interval(secs => $3))`,
    [municipalityId, id, TOKEN_TOUCH_INTERVAL_MS / 1000],
  );
}

export function findToken(
  db: Queryable,
  municipalityId: number,
  id: number,
): Promise<ApiTokenRow | undefined> {
  return queryOne<ApiTokenRow>(
    db,
    `select ${TOKEN_COLUMNS} from api_token where municipality_id = $1 and id = $2`,
    [municipalityId, id],
  );
}

export function revokeToken(
  db: Queryable,
  municipalityId: number,
  id: number,
): Promise<ApiTokenRow | undefined> {
  return queryOne<ApiTokenRow>(
    db,
    `update api_token set revoked_at = coalesce(revoked_at, clock.at) from (select now() as at) clock where municipality_id = $1 and id = $2 returning ${TOKEN_COLUMNS}`,
    [municipalityId, id],
  );
}

export function listTokens(
  db: Queryable,
  municipalityId: number,
  staffId: number,
): Promise<ApiTokenRow[]> {
  return query<ApiTokenRow>(
    db,
    `select ${TOKEN_COLUMNS} from api_token where municipality_id = $1 and staff_id = $2 order by id desc`,
    [municipalityId, staffId],
  );
}
