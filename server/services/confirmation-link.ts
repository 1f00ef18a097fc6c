// Opening and using a confirmation link (the GET page and the POST of /conferma/:token): which link it
// is, and one use of it inside the caller's transaction. A link that is not ours, expired or already
// used is refused with a reason for the page, and nothing is changed.
import type { Queryable } from '../db/pool.js';
import {
  findConfirmation,
  markConfirmationUsed,
  type ConfirmationRow,
} from '../db/email-confirmation.queries.js';
import { reusable } from '../domain/email-confirmation.js';
import { confirmationTokenHash } from './email-confirmation.js';

export type LinkRefusal = 'INVALID' | 'EXPIRED' | 'USED';

export class LinkRefused extends Error {
  constructor(readonly reason: LinkRefusal) {
    super(`confirmation link refused: ${reason}`);
  }
}

/** The confirmation of a token, or why it cannot be used (lock: inside the transaction that uses it). */
export async function openConfirmation(
  db: Queryable,
  municipalityId: number,
  token: string,
  lock = false,
): Promise<ConfirmationRow> {
  const hash = confirmationTokenHash(token);
  const row = hash ? await findConfirmation(db, municipalityId, hash, lock) : undefined;
  if (!row || row.outcome === 'already') throw new LinkRefused('INVALID');
  if (row.used_at && !reusable(row.purpose)) throw new LinkRefused('USED');
  if (row.expires_at.getTime() <= Date.now()) throw new LinkRefused('EXPIRED');
  return row;
}

/** Locks the confirmation, checks it, runs `use` and marks it used, all in the caller's transaction. */
export async function useConfirmation<T>(
  tx: Queryable,
  municipalityId: number,
  token: string,
  use: (row: ConfirmationRow) => Promise<T>,
): Promise<T> {
  const row = await openConfirmation(tx, municipalityId, token, true);
  const result = await use(row);
  await markConfirmationUsed(tx, municipalityId, row.id);
  return result;
}
