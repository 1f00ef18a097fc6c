import { named, query, type Queryable } from './pool.js';

// Adds each bucket's cost (1 for a request, its size for a byte budget) to the current one-hour window
// and returns the windows' totals. Runs in the caller's transaction, so a request that fails for another
// reason leaves the counts as they were. Buckets are taken in sorted order so that two requests never
// lock them crosswise.
const HIT = named(
  'rate_limit.hit',
  `
  insert into rate_limit_counter (municipality_id, bucket, window_start, hits)
  select $1, h.b, date_trunc('hour', now()), h.n from unnest($2::text[], $3::int[]) as h(b, n) order by h.b
  on conflict (municipality_id, bucket, window_start) do update set hits = rate_limit_counter.hits + excluded.hits
  returning bucket, hits`,
);

// The current window's totals, counting nothing: lets a costly request be refused before its work.
const READ = named(
  'rate_limit.read',
  `
  select bucket, hits from rate_limit_counter
  where municipality_id = $1 and bucket = any($2::text[]) and window_start = date_trunc('hour', now())`,
);

export async function hitRateLimits(
  db: Queryable,
  municipalityId: number,
  hits: readonly { bucket: string; cost: number }[],
): Promise<Map<string, number>> {
  const rows = await query<{ bucket: string; hits: number }>(db, HIT, [
    municipalityId,
    hits.map((h) => h.bucket),
    hits.map((h) => h.cost),
  ]);
  return new Map(rows.map((r) => [r.bucket, r.hits]));
}

export async function readRateLimits(
  db: Queryable,
  municipalityId: number,
  buckets: readonly string[],
): Promise<Map<string, number>> {
  const rows = await query<{ bucket: string; hits: number }>(db, READ, [municipalityId, buckets]);
  return new Map(rows.map((r) => [r.bucket, r.hits]));
}

export async function pruneRateLimits(db: Queryable): Promise<void> {
  await db.query("delete from rate_limit_counter where window_start < now() - interval '2 hours'");
}
