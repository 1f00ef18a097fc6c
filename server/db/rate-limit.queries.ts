import { query, type Queryable } from './pool.js';

// Counts one hit in the current one-hour window for each bucket and returns the windows' totals. Runs
// in the caller's transaction, so a request that fails for another reason leaves the counts as they
// were. Buckets are taken in sorted order so that two requests never lock them crosswise.
const HIT = `
  insert into rate_limit_counter (municipality_id, bucket, window_start, hits)
  select $1, b, date_trunc('hour', now()), 1 from unnest($2::text[]) as b order by b
  on conflict (municipality_id, bucket, window_start) do update set hits = rate_limit_counter.hits + 1
  returning bucket, hits`;

export async function hitRateLimits(
  db: Queryable,
  municipalityId: number,
  buckets: readonly string[],
): Promise<Map<string, number>> {
  const rows = await query<{ bucket: string; hits: number }>(db, HIT, [municipalityId, buckets]);
  return new Map(rows.map((r) => [r.bucket, r.hits]));
}

export async function pruneRateLimits(db: Queryable): Promise<void> {
  await db.query("delete from rate_limit_counter where window_start < now() - interval '2 hours'");
}
