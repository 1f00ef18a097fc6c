// Delivers notification_outbox rows. Rows are claimed with FOR UPDATE SKIP LOCKED in one short
// statement that pushes next_attempt_at past a lease; the SMTP talk happens with no transaction open
// (the embedded database has a single connection); then each row is marked sent, or rescheduled with
// exponential backoff. No row is ever dropped: a failing address keeps being retried, capped at
// mailRetryMaxMs apart, and last_error tells staff why.
import type pg from 'pg';
import type { Config } from '../config.js';
import {
  claimDueMail,
  claimDueMailByComune,
  markMailFailed,
  markMailSent,
} from '../db/outbox.queries.js';
import { backoffMs, pollLoop } from '../db/poll-loop.js';
import { createMailTransport, type MailTransport } from './mail-transport.js';
import { redact } from '../domain/redact.js';
import { Heartbeat } from '../domain/heartbeat.js';
import { senderOf } from '../services/comune-settings.js';

export interface MailLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface OutboxSender {
  start(): void;
  /** Sends everything due now; resolves with how many were sent. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
  /** Beats after every claim and every mail attempt: a sender stuck or failing its rounds goes stale. */
  readonly heartbeat: Heartbeat;
}

/** A claimed batch must be done within this; after it the rows come due again (crashed sender). */
const LEASE_SECONDS = 300;

export function retryDelayMs(config: Config, attempts: number): number {
  return backoffMs(config.mailRetryBaseMs, config.mailRetryMaxMs, attempts);
}

export function createOutboxSender(
  pool: pg.Pool,
  config: Config,
  log: MailLog,
  transport: MailTransport = createMailTransport(config),
): OutboxSender {
  const heartbeat = new Heartbeat('mail-sender', config.mailPollMs);

  async function sendBatch(): Promise<{ claimed: number; sent: number }> {
    const rows = await (config.citus ? claimDueMailByComune : claimDueMail)(
      pool,
      config.mailBatchSize,
      LEASE_SECONDS,
    );
    heartbeat.beat();
    let sent = 0;
    for (const row of rows) {
      try {
        const where = await transport.send({
          id: row.id,
          to: row.recipient,
          subject: row.subject,
          text: row.body_text,
          html: row.body_html,
          headers: row.headers,
          from: senderOf(config, row),
        });
        await markMailSent(pool, row.municipality_id, row.id);
        sent += 1;
        log.info(
          config.smtpUrl ? `Mail ${row.id} sent (${where}).` : `Mail ${row.id} written to ${where}`,
        );
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const delay = retryDelayMs(config, row.attempts);
        await markMailFailed(pool, row.municipality_id, row.id, delay, message);
        log.warn(
          `Mail ${row.id} not sent (attempt ${row.attempts}), retry in ${Math.round(delay / 1000)} s: ${redact(message)}`,
        );
      }
      // A refused address is the mail's problem, not the sender's: it keeps working.
      heartbeat.beat();
    }
    return { claimed: rows.length, sent };
  }

  async function runOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const { claimed, sent } = await sendBatch();
      total += sent;
      if (claimed < config.mailBatchSize || !loop.running) return total;
    }
  }

  const loop = pollLoop(config.mailPollMs, runOnce, log, 'Mail sender round failed');

  return {
    heartbeat,
    start: () => loop.start(),
    runOnce: () => runOnce(),
    async stop() {
      await loop.stop();
      transport.close();
    },
  };
}
