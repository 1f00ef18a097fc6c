// Per-client limits on the citizen writes (reports, "mi associo"). Counters live in a table so they
// survive restarts and hold across processes; keys are hashed, so no address or e-mail is stored.
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/pool.js';
import { hitRateLimits, pruneRateLimits } from '../db/rate-limit.queries.js';
import { AppError } from '../domain/app-error.js';
import { clientAddressKey } from '../domain/client-address.js';

export type RateLimitedAction = 'report:address' | 'report:email' | 'join:address' | 'join:email';

function bucket(action: RateLimitedAction, key: string): string {
  // Addresses count per client (an IPv6 /64 is one client); e-mails case-insensitively.
  const unit = action.endsWith(':address') ? clientAddressKey(key) : key.trim().toLowerCase();
  return `${action}:${createHash('sha256').update(unit).digest('base64url').slice(0, 32)}`;
}

export interface RateLimit {
  action: RateLimitedAction;
  key: string;
  /** Hits allowed per hour; 0 means "no limit". */
  perHour: number;
}

/** Counts one hit for each limit in the caller's transaction and throws RATE_LIMITED past any of them. */
export async function enforceRateLimits(
  tx: Queryable,
  municipalityId: number,
  limits: readonly RateLimit[],
): Promise<void> {
  const active = limits
    .filter((l) => l.perHour > 0)
    .map((l) => ({ ...l, bucket: bucket(l.action, l.key) }));
  if (active.length === 0) return;
  const hits = await hitRateLimits(
    tx,
    municipalityId,
    active.map((l) => l.bucket),
  );
  if (active.some((l) => (hits.get(l.bucket) ?? 0) > l.perHour)) {
    const retryAfterSeconds = 3600 - (Math.floor(Date.now() / 1000) % 3600);
    throw new AppError('RATE_LIMITED', 'Troppe richieste in poco tempo: riprova più tardi.', {
      retryAfterSeconds,
    });
  }
  // Old windows are useless; dropping them now and then keeps the table at a few rows per client.
  if (Math.random() < 0.001) await pruneRateLimits(tx);
}
