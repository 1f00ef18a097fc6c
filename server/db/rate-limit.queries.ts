import { queryOne, type Queryable } from './pool.js';

// Counts one hit in the current one-hour window and returns the window's total. Runs in the caller's
// transaction, so a request that fails for another reason leaves the count as it was.
const HIT = `
  insert into rate_limit_counter (municipality_id, bucket, window_start, hits)
  values ($1, $2, date_trunc('hour', now()), 1)
  on conflict (municipality_id, bucket, window_start) do update set hits = rate_limit_counter.hits + 1
  returning hits`;

export async function hitRateLimit(db: Queryable, municipalityId: number, bucket: string): Promise<number> {
  const row = await queryOne<{ hits: number }>(db, HIT, [municipalityId, bucket]);
  return row?.hits ?? 0;
}

export async function pruneRateLimits(db: Queryable): Promise<void> {
  await db.query("delete from rate_limit_counter where window_start < now() - interval '2 hours'");
}
