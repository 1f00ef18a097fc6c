// The one mechanism behind every link that confirms an address (joins, held reports, alerts, data
// copies, erasures): a random token mailed to the address, only its SHA-256 stored, one use (a data copy
// may be opened again until it expires), a purpose naming what the confirmation does.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { insertConfirmation } from '../db/email-confirmation.queries.js';
import { mailSecret } from '../db/outbox.queries.js';
import type { Queryable } from '../db/pool.js';
import { CONFIRMATION_TTL_HOURS, type ConfirmationPurpose } from '../domain/email-confirmation.js';

const TOKEN = /^[A-Za-z0-9_-]{32}$/;

/** The stored key of a token, or null for anything that cannot be one of ours (tampered, truncated). */
export function confirmationTokenHash(token: string): Buffer | null {
  return TOKEN.test(token) ? createHash('sha256').update(token).digest() : null;
}

/** HMAC of the lower-cased address under the comune's mail secret: finds an address's rows, names none. */
export async function emailHashOf(db: Queryable, municipalityId: number, email: string) {
  const secret = await mailSecret(db, municipalityId);
  return createHmac('sha256', secret).update(email.trim().toLowerCase()).digest('base64url');
}

export function confirmationUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/conferma/${token}`;
}

/** Writes a confirmation in the caller's transaction; returns its id and the token for the mail (never stored). */
export async function createConfirmation(
  tx: Queryable,
  municipalityId: number,
  c: {
    purpose: ConfirmationPurpose;
    email: string;
    payload: Record<string, unknown>;
    /** Only for the record: an already-used row that no link opens (see sql/055 outcome). */
    already?: boolean;
  },
): Promise<{ id: number; token: string }> {
  const token = randomBytes(24).toString('base64url');
  const id = await insertConfirmation(tx, municipalityId, {
    purpose: c.purpose,
    tokenHash: createHash('sha256').update(token).digest(),
    email: c.email,
    emailHash: await emailHashOf(tx, municipalityId, c.email),
    payload: c.payload,
    ttlHours: CONFIRMATION_TTL_HOURS[c.purpose],
    outcome: c.already ? 'already' : undefined,
  });
  return { id, token };
}
