// email_confirmation (sql/055): the links mailed to citizens, found by the hash of their token.
import type { ConfirmationPurpose } from '../domain/email-confirmation.js';
import { query, queryOne, type Queryable } from './pool.js';

export interface ConfirmationRow {
  id: number;
  purpose: ConfirmationPurpose;
  email: string | null;
  email_hash: string;
  payload: Record<string, unknown>;
  outcome: 'confirmed' | 'already' | null;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

const COLUMNS = 'id, purpose, email, email_hash, payload, outcome, created_at, expires_at, used_at';

export interface NewConfirmation {
  purpose: ConfirmationPurpose;
  tokenHash: Buffer;
  email: string;
  emailHash: string;
  payload: Record<string, unknown>;
  ttlHours: number;
  /** 'already': written only for the record, never confirmable (a join of an address that follows). */
  outcome?: 'already';
}

export async function insertConfirmation(
  db: Queryable,
  municipalityId: number,
  c: NewConfirmation,
): Promise<number> {
  const row = await queryOne<{ id: number }>(
    db,
    `insert into email_confirmation (municipality_id, purpose, token_hash, email, email_hash, payload, outcome, expires_at, used_at)
     values ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(hours => $8), case when $7::text is null then null else now() end)
     returning id`,
    [
      municipalityId,
      c.purpose,
      c.tokenHash,
      c.email,
      c.emailHash,
      JSON.stringify(c.payload),
      c.outcome ?? null,
      c.ttlHours,
    ],
  );
  return row!.id;
}

/** The confirmation of a token in this comune; `lock` holds it until the transaction ends (one use). */
export function findConfirmation(
  db: Queryable,
  municipalityId: number,
  tokenHash: Buffer,
  lock = false,
): Promise<ConfirmationRow | undefined> {
  return queryOne<ConfirmationRow>(
    db,
    `select ${COLUMNS} from email_confirmation where municipality_id = $1 and token_hash = $2${lock ? ' for update' : ''}`,
    [municipalityId, tokenHash],
  );
}

export async function markConfirmationUsed(
  db: Queryable,
  municipalityId: number,
  id: number,
): Promise<void> {
  await db.query(
    // The time from outside the COALESCE (Citus refuses now() inside one; docs/scale.md, "Citus").
    `update email_confirmation set used_at = coalesce(used_at, clock.at), outcome = 'confirmed'
     from (select now() as at) clock
     where municipality_id = $1 and id = $2`,
    [municipalityId, id],
  );
}

/**
 * After an erasure: no link keeps the address or what it carried (a held report's draft, a join's
 * ticket); its HMAC stays, to prove the request was served.
 */
export async function forgetConfirmationEmail(
  db: Queryable,
  municipalityId: number,
  emailHash: string,
): Promise<void> {
  await db.query(
    `update email_confirmation set email = null, payload = '{}'::jsonb where municipality_id = $1 and email_hash = $2`,
    [municipalityId, emailHash],
  );
}

/**
 * True for a photo no pending report confirmation holds (a held report's photos are not "unused" yet),
 * at the clock `now` (an SQL expression: `now()` for the cleaner, the job's "now" for retention).
 */
export const heldAttachmentCondition = (now = 'now()') => `not exists (
  select 1 from email_confirmation c
  where c.municipality_id = attachment.municipality_id and c.purpose = 'report' and c.used_at is null
    and c.expires_at > ${now} and c.payload -> 'draft' -> 'attachmentIds' ? attachment.id::text)`;

/** The data-copy and erasure requests, newest first, for the office; total_count over all of them. */
export function listPrivacyRequests(
  db: Queryable,
  municipalityId: number,
  offset: number,
  limit: number,
): Promise<(ConfirmationRow & { total_count: number })[]> {
  return query<ConfirmationRow & { total_count: number }>(
    db,
    `select ${COLUMNS}, count(*) over ()::int as total_count from email_confirmation
     where municipality_id = $1 and purpose in ('data_copy', 'erasure')
     order by created_at desc, id desc offset $2 limit $3`,
    [municipalityId, offset, limit],
  );
}
