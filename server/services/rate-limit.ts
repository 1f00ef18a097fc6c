// Per-client limits on the citizen writes (reports, "mi associo"). Counters live in a table so they
// survive restarts and hold across processes; keys are hashed, so no address or e-mail is stored.
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/pool.js';
import { hitRateLimit, pruneRateLimits } from '../db/rate-limit.queries.js';
import { AppError } from '../domain/app-error.js';

export type RateLimitedAction = 'report:address' | 'report:email' | 'join:address' | 'join:email';

function bucket(action: RateLimitedAction, key: string): string {
  return `${action}:${createHash('sha256').update(key.trim().toLowerCase()).digest('base64url').slice(0, 32)}`;
}

/**
 * Counts one hit for (action, key) in the caller's transaction and throws RATE_LIMITED past `perHour`.
 * A limit of 0 means "no limit".
 */
export async function enforceRateLimit(tx: Queryable, municipalityId: number, action: RateLimitedAction, key: string, perHour: number): Promise<void> {
  if (perHour <= 0) return;
  const hits = await hitRateLimit(tx, municipalityId, bucket(action, key));
  if (hits > perHour) {
    const retryAfterSeconds = 3600 - (Math.floor(Date.now() / 1000) % 3600);
    throw new AppError('RATE_LIMITED', 'Troppe richieste in poco tempo: riprova più tardi.', { retryAfterSeconds });
  }
  // Old windows are useless; dropping them now and then keeps the table at a few rows per client.
  if (Math.random() < 0.001) await pruneRateLimits(tx);
}
