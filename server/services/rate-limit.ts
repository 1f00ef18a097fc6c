// Per-client limits on the citizen writes (reports, "mi associo", photos). Counters live in a table so
// they survive restarts and hold across processes; keys are an HMAC under the server's rate-limit secret
// (config.rateLimitSecret), so no address or e-mail is stored and a copy of the table cannot be reversed
// by hashing guessed addresses.
import { createHmac } from 'node:crypto';
import type { Queryable } from '../db/pool.js';
import { hitRateLimits, pruneRateLimits, readRateLimits } from '../db/rate-limit.queries.js';
import { AppError } from '../domain/app-error.js';
import { clientAddressKey } from '../domain/client-address.js';

export type RateLimitedAction =
  | 'report:address'
  | 'report:email'
  | 'join:address'
  | 'join:email'
  | 'privacy:address'
  | 'privacy:email'
  | 'alert:address'
  | 'alert:email'
  | 'upload:address'
  | 'upload-bytes:address';

/**
 * One mailbox, however it is spelled: case-insensitive, and without a "+tag" after the local part
 * (rl-b+x@example.org is rl-b@example.org), so plus-addressing does not make a new sender. Only the
 * rate key is folded; mail goes to the address as typed.
 */
export function emailRateKey(email: string): string {
  const folded = email.trim().toLowerCase();
  const at = folded.lastIndexOf('@');
  if (at < 0) return folded;
  const local = folded.slice(0, at);
  const plus = local.indexOf('+');
  return `${plus > 0 ? local.slice(0, plus) : local}${folded.slice(at)}`;
}

/** The stored bucket of one limit: the action and the HMAC of its client or mailbox. */
export function rateLimitBucket(secret: string, action: RateLimitedAction, key: string): string {
  // Addresses count per client (an IPv6 /64 is one client); e-mails per mailbox (emailRateKey).
  const unit = action.endsWith(':address') ? clientAddressKey(key) : emailRateKey(key);
  return `${action}:${createHmac('sha256', secret).update(unit).digest('base64url').slice(0, 32)}`;
}

export interface RateLimit {
  action: RateLimitedAction;
  key: string;
  /** Allowed per hour (hits, or the sum of the costs); 0 means "no limit". */
  perHour: number;
  /** What this request counts for: 1 (the default) or, for a byte budget, its size. */
  cost?: number;
}

function active(secret: string, limits: readonly RateLimit[]) {
  return limits
    .filter((l) => l.perHour > 0)
    .map((l) => ({ ...l, cost: l.cost ?? 1, bucket: rateLimitBucket(secret, l.action, l.key) }));
}

function refuseIfOver(
  limits: readonly { bucket: string; perHour: number; cost: number }[],
  total: (l: { bucket: string; cost: number }) => number,
): void {
  if (!limits.some((l) => total(l) > l.perHour)) return;
  const retryAfterSeconds = 3600 - (Math.floor(Date.now() / 1000) % 3600);
  throw new AppError('RATE_LIMITED', 'Troppe richieste in poco tempo: riprova più tardi.', {
    retryAfterSeconds,
  });
}

/** Counts one hit for each limit in the caller's transaction and throws RATE_LIMITED past any of them. */
export async function enforceRateLimits(
  tx: Queryable,
  municipalityId: number,
  secret: string,
  limits: readonly RateLimit[],
): Promise<void> {
  const counted = active(secret, limits);
  if (counted.length === 0) return;
  const hits = await hitRateLimits(tx, municipalityId, counted);
  refuseIfOver(counted, (l) => hits.get(l.bucket) ?? 0);
  // Old windows are useless; dropping them now and then keeps the table at a few rows per client.
  if (Math.random() < 0.001) await pruneRateLimits(tx);
}

/**
 * Throws RATE_LIMITED when counting these limits would pass one, and counts nothing: for work too costly to
 * do before finding out (decoding a photo). enforceRateLimits still counts, and decides, afterwards.
 */
export async function checkRateLimits(
  db: Queryable,
  municipalityId: number,
  secret: string,
  limits: readonly RateLimit[],
): Promise<void> {
  const checked = active(secret, limits);
  if (checked.length === 0) return;
  const hits = await readRateLimits(
    db,
    municipalityId,
    checked.map((l) => l.bucket),
  );
  refuseIfOver(checked, (l) => (hits.get(l.bucket) ?? 0) + l.cost);
}
