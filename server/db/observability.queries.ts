// What /readyz and /metrics ask the database: a read, a write, the applied migration, and the gauges
// of the outboxes (mail, webhooks) and rollups (each an index scan: notification_outbox_due, the rollups' *_new indexes).
import { queryOne, type Queryable } from './pool.js';
import { WEBHOOK_BACKLOG } from './webhook.queries.js';

/** A read of a real table, as any request makes. */
export async function probeRead(db: Queryable, municipalityId: number): Promise<void> {
  const row = await queryOne(db, 'select id from municipality where id = $1', [municipalityId]);
  if (!row) throw new Error('the municipality row is missing');
}

// A committed write, through the same path a report's rate limit takes: heap and index pages of
// rate_limit_counter, the WAL, and the commit (with its flush, and the synchronous standby's answer
// where there is one). A rolled-back insert would skip the commit; a temporary table would skip the
// WAL and the shared buffers. The bucket is not a hash, so it never meets a client's counter; it
// makes one row an hour, pruned with the other windows.
const WRITE_PROBE = `
  insert into rate_limit_counter (municipality_id, bucket, window_start, hits)
  values ($1, 'readyz:probe', date_trunc('hour', now()), 1)
  on conflict (municipality_id, bucket, window_start) do update set hits = rate_limit_counter.hits + 1`;

export async function probeWrite(db: Queryable, municipalityId: number): Promise<void> {
  await db.query(WRITE_PROBE, [municipalityId]);
}

/** The highest migration applied (postgrator's schema_version table). */
export async function appliedMigrationVersion(db: Queryable): Promise<number> {
  const row = await queryOne<{ version: number | null }>(
    db,
    'select max(version)::int as version from schema_version',
  );
  return row?.version ?? 0;
}

export interface ObservedGauges {
  outbox_unsent: number;
  outbox_due: number;
  outbox_oldest_due_seconds: number;
  rollup_uncompacted_rows: number;
  webhook_pending: number;
  webhook_due: number;
  webhook_oldest_due_seconds: number;
}

const GAUGES = `
  select
    (select count(*) from notification_outbox where sent_at is null)::int as outbox_unsent,
    (select count(*) from notification_outbox where sent_at is null and next_attempt_at <= now())::int as outbox_due,
    coalesce((select extract(epoch from now() - min(next_attempt_at)) from notification_outbox
              where sent_at is null and next_attempt_at <= now()), 0)::float8 as outbox_oldest_due_seconds,
    ((select count(*) from ticket_kpi_rollup where not compacted)
     + (select count(*) from ticket_duration_rollup where not compacted)
     + (select count(*) from ticket_heat_rollup where not compacted))::int as rollup_uncompacted_rows,
    w.webhook_pending, w.webhook_due, w.webhook_oldest_due_seconds
  from (${WEBHOOK_BACKLOG}) w`;

export async function readObservedGauges(db: Queryable): Promise<ObservedGauges> {
  const row = await queryOne<ObservedGauges>(db, GAUGES);
  if (!row) throw new Error('no gauge row');
  return row;
}
