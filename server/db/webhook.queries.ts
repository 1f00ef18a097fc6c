// webhook_subscription and webhook_delivery (sql/052): the integrator's subscriptions, the delivery
// outbox the ticket_event trigger fills, the sender's claim and marks, and the delivery log.
import { maskJsonText } from '../domain/personal-data-mask.js';
import { query, queryOne, type Queryable } from './pool.js';

export interface WebhookRow {
  id: number;
  url: string;
  events: string[];
  owner_staff_id: number;
  token_id: number | null;
  status: 'active' | 'paused';
  paused_reason: 'failing' | 'owner' | null;
  consecutive_failures: number;
  created_at: Date;
  updated_at: Date;
}

const WEBHOOK_COLUMNS =
  'id, url, events, owner_staff_id, token_id, status, paused_reason, consecutive_failures, created_at, updated_at';

export function insertWebhook(
  db: Queryable,
  municipalityId: number,
  w: {
    url: string;
    events: readonly string[];
    secret: string;
    ownerStaffId: number;
    tokenId: number | null;
  },
): Promise<WebhookRow | undefined> {
  return queryOne<WebhookRow>(
    db,
    `insert into webhook_subscription (municipality_id, url, events, secret, owner_staff_id, token_id)
     values ($1, $2, $3, $4, $5, $6) returning ${WEBHOOK_COLUMNS}`,
    [municipalityId, w.url, w.events, w.secret, w.ownerStaffId, w.tokenId],
  );
}

export function listWebhooks(db: Queryable, municipalityId: number): Promise<WebhookRow[]> {
  return query<WebhookRow>(
    db,
    `select ${WEBHOOK_COLUMNS} from webhook_subscription where municipality_id = $1 order by id`,
    [municipalityId],
  );
}

export function findWebhook(
  db: Queryable,
  municipalityId: number,
  id: number,
): Promise<WebhookRow | undefined> {
  return queryOne<WebhookRow>(
    db,
    `select ${WEBHOOK_COLUMNS} from webhook_subscription where municipality_id = $1 and id = $2`,
    [municipalityId, id],
  );
}

/** Deletes the subscription and its delivery log (on delete cascade). */
export function deleteWebhook(
  db: Queryable,
  municipalityId: number,
  id: number,
): Promise<WebhookRow | undefined> {
  return queryOne<WebhookRow>(
    db,
    `delete from webhook_subscription where municipality_id = $1 and id = $2 returning ${WEBHOOK_COLUMNS}`,
    [municipalityId, id],
  );
}

export function pauseWebhook(
  db: Queryable,
  municipalityId: number,
  id: number,
  reason: 'failing' | 'owner',
): Promise<WebhookRow | undefined> {
  return queryOne<WebhookRow>(
    db,
    `update webhook_subscription set status = 'paused', paused_reason = $3, updated_at = now()
     where municipality_id = $1 and id = $2 returning ${WEBHOOK_COLUMNS}`,
    [municipalityId, id, reason],
  );
}

// Resuming counts failures from zero and makes its waiting deliveries due now, oldest first as always.
const RESUME = `
  with w as (
    update webhook_subscription set status = 'active', paused_reason = null, consecutive_failures = 0, updated_at = now()
    where municipality_id = $1 and id = $2 returning ${WEBHOOK_COLUMNS}
  ), due as (
    update webhook_delivery d set next_attempt_at = now()
    from w where d.municipality_id = $1 and d.webhook_id = w.id and d.state = 'pending'
  )
  select * from w`;

export function resumeWebhook(
  db: Queryable,
  municipalityId: number,
  id: number,
): Promise<WebhookRow | undefined> {
  return queryOne<WebhookRow>(db, RESUME, [municipalityId, id]);
}

export interface DeliveryRow {
  id: number;
  webhook_id: number;
  event_id: string;
  event_type: string;
  ticket_id: number | null;
  payload: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: Date;
  created_at: Date;
  last_attempt_at: Date | null;
  delivered_at: Date | null;
  last_status: number | null;
  latency_ms: number | null;
  last_error: string | null;
  redelivery_of: number | null;
}

const DELIVERY_COLUMNS =
  'id, webhook_id, event_id, event_type, ticket_id, payload, state, attempts, next_attempt_at, created_at, last_attempt_at, delivered_at, last_status, latency_ms, last_error, redelivery_of';

// Newest first, keyset on id.
const LIST_DELIVERIES = `
  select ${DELIVERY_COLUMNS},
    (select count(*) from webhook_delivery c where c.municipality_id = $1 and c.webhook_id = $2)::int as total_count
  from webhook_delivery
  where municipality_id = $1 and webhook_id = $2 and ($3::bigint is null or id < $3)
  order by id desc limit $4`;

export function listDeliveries(
  db: Queryable,
  municipalityId: number,
  webhookId: number,
  beforeId: number | null,
  limit: number,
): Promise<(DeliveryRow & { total_count: number })[]> {
  return query<DeliveryRow & { total_count: number }>(db, LIST_DELIVERIES, [
    municipalityId,
    webhookId,
    beforeId,
    limit,
  ]).then((rows) => rows.map((r) => ({ ...r, payload: maskJsonText(r.payload) })));
}

/** A copy of a delivery, due now: the same event id and body, a new row in the log. */
export function insertRedelivery(
  db: Queryable,
  municipalityId: number,
  deliveryId: number,
): Promise<DeliveryRow | undefined> {
  return queryOne<DeliveryRow>(
    db,
    `insert into webhook_delivery (municipality_id, webhook_id, event_id, event_type, ticket_id, payload, redelivery_of)
     select municipality_id, webhook_id, event_id, event_type, ticket_id, payload, id
     from webhook_delivery where municipality_id = $1 and id = $2
     returning ${DELIVERY_COLUMNS}`,
    [municipalityId, deliveryId],
  );
}

export interface ClaimedDeliveryRow {
  municipality_id: number;
  id: number;
  webhook_id: number;
  event_id: string;
  event_type: string;
  ticket_id: number | null;
  payload: string;
  attempts: number;
  created_at: Date;
  url: string;
  secret: string;
}

// Claims due deliveries of active subscriptions by pushing next_attempt_at past a lease, in one short
// statement (the HTTP talk happens outside any transaction; a crashed sender's rows come due again when
// the lease ends). Only the head of each (subscription, ticket) queue: a delivery waits while an earlier
// one of its ticket is pending, claimed or not, so the order per ticket holds across senders too.
const CLAIM_DUE = `
  update webhook_delivery d set next_attempt_at = now() + make_interval(secs => $2), attempts = d.attempts + 1,
    last_attempt_at = now()
  from (
    select q.municipality_id, q.id from webhook_delivery q
    join webhook_subscription s on s.municipality_id = q.municipality_id and s.id = q.webhook_id
    where q.state = 'pending' and q.next_attempt_at <= now() and s.status = 'active'
      and not exists (
        select 1 from webhook_delivery p
        where p.municipality_id = q.municipality_id and p.webhook_id = q.webhook_id and p.ticket_id = q.ticket_id
          and p.state = 'pending' and p.id < q.id)
    order by q.next_attempt_at, q.id limit $1
    for update of q skip locked
  ) due, webhook_subscription s
  where d.municipality_id = due.municipality_id and d.id = due.id
    and s.municipality_id = d.municipality_id and s.id = d.webhook_id
  returning d.municipality_id, d.id, d.webhook_id, d.event_id, d.event_type, d.ticket_id, d.payload, d.attempts,
    d.created_at, s.url, s.secret`;

export function claimDueDeliveries(
  db: Queryable,
  batchSize: number,
  leaseSeconds: number,
): Promise<ClaimedDeliveryRow[]> {
  // The body leaves the comune: people's free text in it is masked here (personal-data-mask.ts).
  return query<ClaimedDeliveryRow>(db, CLAIM_DUE, [batchSize, leaseSeconds]).then((rows) =>
    rows.map((r) => ({ ...r, payload: maskJsonText(r.payload) })),
  );
}

// Many at once (the sender coalesces the answers of a round): unnest keeps it one statement.
const MARK_DELIVERED = `
  with done as (
    select * from unnest($1::int[], $2::bigint[], $3::int[], $4::int[]) as m (municipality_id, id, status, latency_ms)
  ), d as (
    update webhook_delivery w set state = 'delivered', delivered_at = now(), last_status = done.status,
      latency_ms = done.latency_ms, last_error = null
    from done where w.municipality_id = done.municipality_id and w.id = done.id
    returning w.municipality_id, w.webhook_id
  )
  update webhook_subscription s set consecutive_failures = 0
  from (select distinct municipality_id, webhook_id from d) x
  where s.municipality_id = x.municipality_id and s.id = x.webhook_id and s.consecutive_failures <> 0`;

export interface DeliveredMark {
  municipalityId: number;
  id: number;
  status: number;
  latencyMs: number;
}

export async function markDelivered(db: Queryable, marks: readonly DeliveredMark[]): Promise<void> {
  if (marks.length === 0) return;
  await db.query(MARK_DELIVERED, [
    marks.map((m) => m.municipalityId),
    marks.map((m) => m.id),
    marks.map((m) => m.status),
    marks.map((m) => m.latencyMs),
  ]);
}

/** A failed attempt: retried after retryMs, or given up ('failed') once giveUpHours have passed since the event. */
export function markDeliveryFailed(
  db: Queryable,
  municipalityId: number,
  id: number,
  f: {
    status: number | null;
    latencyMs: number;
    error: string;
    retryMs: number;
    giveUpHours: number;
  },
): Promise<{ webhook_id: number; state: DeliveryRow['state'] } | undefined> {
  return queryOne(
    db,
    `update webhook_delivery set
       state = case when created_at <= now() - make_interval(secs => $7) then 'failed' else 'pending' end,
       next_attempt_at = now() + make_interval(secs => $6), last_status = $3, latency_ms = $4, last_error = $5
     where municipality_id = $1 and id = $2 returning webhook_id, state`,
    [
      municipalityId,
      id,
      f.status,
      f.latencyMs,
      f.error.slice(0, 500),
      f.retryMs / 1000,
      f.giveUpHours * 3600,
    ],
  );
}

export interface FailingWebhookRow {
  status: 'active' | 'paused';
  consecutive_failures: number;
  url: string;
  owner_email: string;
  municipality_name: string;
  /** The comune's ISTAT code and host: the base of the mail's link (comuneBaseUrl). */
  istat_code: string;
  host: string | null;
}

/** Counts one more failure of the subscription (locked until the caller's transaction ends). */
export function countWebhookFailure(
  db: Queryable,
  municipalityId: number,
  webhookId: number,
): Promise<FailingWebhookRow | undefined> {
  return queryOne<FailingWebhookRow>(
    db,
    `update webhook_subscription w set consecutive_failures = w.consecutive_failures + 1
     from staff_user u, municipality m
     where w.municipality_id = $1 and w.id = $2 and u.municipality_id = w.municipality_id and u.id = w.owner_staff_id
       and m.id = w.municipality_id
     returning w.status, w.consecutive_failures, w.url, u.email as owner_email, m.name as municipality_name,
       m.istat_code, m.host`,
    [municipalityId, webhookId],
  );
}

// For /metrics (observability.queries.ts reads it with the other gauges): deliveries waiting (paused
// subscriptions' too), due now to active ones, and how late the oldest of those is.
export const WEBHOOK_BACKLOG = `
  select count(*)::int as webhook_pending,
    (count(*) filter (where d.next_attempt_at <= now() and s.status = 'active'))::int as webhook_due,
    coalesce(extract(epoch from now() - min(d.next_attempt_at)
      filter (where d.next_attempt_at <= now() and s.status = 'active')), 0)::float8 as webhook_oldest_due_seconds
  from webhook_delivery d
  join webhook_subscription s on s.municipality_id = d.municipality_id and s.id = d.webhook_id
  where d.state = 'pending'`;
