// Delivers webhook_delivery rows, the way the mail outbox sender delivers mail: rows claimed in one
// short statement that pushes next_attempt_at past a lease (FOR UPDATE SKIP LOCKED), the HTTP talk with
// no transaction open, then each row marked delivered, or rescheduled with exponential backoff until
// WEBHOOK_GIVE_UP_HOURS after its event. Only the head of each ticket's queue is claimed, so one
// ticket's events arrive in order; different tickets' go WEBHOOK_CONCURRENCY at once. A subscription
// failing WEBHOOK_PAUSE_AFTER_FAILURES attempts in a row, or giving up a delivery, is paused and its
// owner mailed through the mail outbox, in the same transaction.
import type pg from 'pg';
import type { Config } from '../config.js';
import { insertOutbox } from '../db/outbox.queries.js';
import { withTransaction } from '../db/pool.js';
import { backoffMs, pollLoop } from '../db/poll-loop.js';
import {
  claimDueDeliveries,
  countWebhookFailure,
  markDeliveryFailed,
  markDelivered,
  pauseWebhook,
  type ClaimedDeliveryRow,
  type DeliveredMark,
} from '../db/webhook.queries.js';
import { Heartbeat } from '../domain/heartbeat.js';
import { redact } from '../domain/redact.js';
import {
  DELIVERY_ID_HEADER,
  EVENT_ID_HEADER,
  EVENT_TYPE_HEADER,
  SIGNATURE_HEADER,
  signatureHeader,
} from '../domain/webhook-signature.js';
import { comuneBaseUrl } from '../domain/comune-url.js';
import { renderWebhookPausedMail } from '../mail/webhook-mail.template.js';
import {
  createWebhookPoster,
  DeliveryError,
  type PostResult,
  type WebhookPoster,
} from './webhook-post.js';

export interface WebhookLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface WebhookSender {
  start(): void;
  /** Delivers everything due now (heads of the queues, round after round); resolves with how many were delivered. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
  /** Beats after every claim and every attempt: a sender stuck or failing its rounds goes stale. */
  readonly heartbeat: Heartbeat;
}

/**
 * A claimed batch must be done within its lease: each lane posts batch/concurrency rows, each bounded by
 * WEBHOOK_TIMEOUT_MS, plus a margin for the marks. After it a crashed sender's rows come due again.
 */
export function webhookLeaseSeconds(config: Config): number {
  const { timeoutMs, batchSize, concurrency } = config.webhooks;
  return Math.ceil(timeoutMs / 1000) * Math.ceil(batchSize / concurrency) + 5;
}

export function webhookRetryDelayMs(config: Config, attempts: number): number {
  return backoffMs(config.webhooks.retryBaseMs, config.webhooks.retryMaxMs, attempts);
}

export function createWebhookSender(
  pool: pg.Pool,
  config: Config,
  log: WebhookLog,
  poster: WebhookPoster = createWebhookPoster(
    config.webhooks,
    config.webhooks.timeoutMs,
    config.webhooks.concurrency,
  ),
): WebhookSender {
  const settings = config.webhooks;
  let stopping = false;
  const heartbeat = new Heartbeat('webhook-sender', settings.pollMs);
  // Answers waiting to be marked: written together, one statement for all that came meanwhile.
  let marks: DeliveredMark[] = [];
  let flushing: Promise<void> | undefined;

  function flush(): Promise<void> {
    flushing ??= (async () => {
      try {
        while (marks.length > 0) {
          const batch = marks;
          marks = [];
          await markDelivered(pool, batch);
        }
      } finally {
        flushing = undefined;
      }
    })();
    return flushing;
  }

  async function failed(row: ClaimedDeliveryRow, error: unknown): Promise<void> {
    const status = error instanceof DeliveryError ? error.status : null;
    const latencyMs = error instanceof DeliveryError ? error.latencyMs : 0;
    const message = redact(error instanceof Error ? error.message : String(error));
    const retryMs = webhookRetryDelayMs(config, row.attempts);
    await withTransaction(pool, async (tx) => {
      const marked = await markDeliveryFailed(tx, row.municipality_id, row.id, {
        status,
        latencyMs,
        error: message,
        retryMs,
        giveUpHours: settings.giveUpHours,
      });
      const webhook = await countWebhookFailure(tx, row.municipality_id, row.webhook_id);
      if (!marked || !webhook || webhook.status !== 'active') return;
      if (marked.state !== 'failed' && webhook.consecutive_failures < settings.pauseAfterFailures)
        return;
      await pauseWebhook(tx, row.municipality_id, row.webhook_id, 'failing');
      const mail = renderWebhookPausedMail({
        webhookId: row.webhook_id,
        url: webhook.url,
        failures: webhook.consecutive_failures,
        lastError: message,
        municipalityName: webhook.municipality_name,
        // The comune's own API (/c/{istat}/graphql or its host), where its staff resume it.
        apiUrl: `${comuneBaseUrl(config.publicUrl, config.municipalityIstat, webhook)}/graphql`,
      });
      await insertOutbox(tx, row.municipality_id, null, [
        {
          recipient: webhook.owner_email,
          kind: 'webhook_paused',
          locale: 'it',
          subject: mail.subject,
          bodyText: mail.text,
          bodyHtml: mail.html,
          headers: {},
        },
      ]);
      log.warn(
        `Webhook ${row.webhook_id} paused after ${webhook.consecutive_failures} failed deliveries; its owner is mailed.`,
      );
    });
    log.warn(
      `Webhook delivery ${row.id} (${row.event_type}) failed, attempt ${row.attempts}: ${message}`,
    );
  }

  async function deliver(row: ClaimedDeliveryRow): Promise<boolean> {
    const timestamp = Math.floor(Date.now() / 1000);
    let result: PostResult;
    try {
      result = await poster.post(
        row.url,
        {
          [SIGNATURE_HEADER]: signatureHeader(row.secret, timestamp, row.payload),
          [EVENT_ID_HEADER]: row.event_id,
          [EVENT_TYPE_HEADER]: row.event_type,
          [DELIVERY_ID_HEADER]: String(row.id),
        },
        row.payload,
      );
    } catch (error) {
      await failed(row, error);
      // A refusing receiver is the subscription's problem, not the sender's: it keeps working.
      heartbeat.beat();
      return false;
    }
    // Delivered. Should the mark fail (the database away), the round fails and the row, still leased,
    // is sent again after the lease, with the same event id: at least once.
    marks.push({
      municipalityId: row.municipality_id,
      id: row.id,
      status: result.status,
      latencyMs: result.latencyMs,
    });
    await flush();
    heartbeat.beat();
    return true;
  }

  async function sendBatch(): Promise<{ claimed: number; delivered: number }> {
    const rows = await claimDueDeliveries(pool, settings.batchSize, webhookLeaseSeconds(config));
    heartbeat.beat();
    let next = 0;
    let delivered = 0;
    const lane = async () => {
      while (next < rows.length) {
        const row = rows[next++];
        if (await deliver(row)) delivered += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(settings.concurrency, rows.length) }, lane));
    return { claimed: rows.length, delivered };
  }

  async function runOnce(): Promise<number> {
    let total = 0;
    // A ticket's next event becomes the head of its queue once this round delivered the previous one.
    for (;;) {
      const { claimed, delivered } = await sendBatch();
      total += delivered;
      if (claimed === 0 || delivered === 0 || stopping) return total;
    }
  }

  const loop = pollLoop(settings.pollMs, runOnce, log, 'Webhook sender round failed');

  return {
    heartbeat,
    start: () => loop.start(),
    runOnce: () => runOnce(),
    async stop() {
      stopping = true;
      await loop.stop();
      poster.close();
    },
  };
}
