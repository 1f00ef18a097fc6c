// The comune's webhook subscriptions, for admins (a session, or a token with webhooks:manage): register
// an https URL for some event types (the secret is shown once), list, pause, resume, delete, read the
// delivery log and redeliver. Every change is audited. Deliveries are written by the ticket_event
// trigger (sql/052) and sent by server/webhooks/webhook-sender.ts.
import type pg from 'pg';
import type { Config } from '../config.js';
import { insertAudit } from '../db/audit.queries.js';
import { withTransaction } from '../db/pool.js';
import {
  deleteWebhook,
  findWebhook,
  insertRedelivery,
  insertWebhook,
  listDeliveries,
  listWebhooks,
  pauseWebhook,
  resumeWebhook,
  type DeliveryRow,
  type WebhookRow,
} from '../db/webhook.queries.js';
import { AppError } from '../domain/app-error.js';
import { decodeKeyCursor, encodeKeyCursor } from '../domain/cursor.js';
import { listTotal, type Page } from '../domain/page.js';
import { requireWebhookManagement } from '../domain/staff-access.js';
import type { Viewer } from '../domain/viewer.js';
import { validateWebhookEvents } from '../domain/webhook-event.js';
import { checkWebhookUrl } from '../webhooks/address-guard.js';
import { randomToken } from './auth-token.js';

/** Subscriptions per comune: enough for every integrator, not an amplifier of each change. */
export const MAX_WEBHOOKS = 20;
const SECRET_PREFIX = 'whsec_';

function notFound(): AppError {
  return new AppError('NOT_FOUND', 'Webhook non trovato.');
}

export class WebhookService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly config: Config,
    private readonly municipalityId: number,
  ) {}

  async create(
    viewer: Viewer | null,
    input: { url: string; events: readonly string[] },
    address: string,
  ): Promise<{ secret: string; row: WebhookRow }> {
    const staff = requireWebhookManagement(viewer);
    const events = validateWebhookEvents(input.events);
    const url = (await checkWebhookUrl(input.url, this.config.webhooks)).toString();
    const secret = randomToken(SECRET_PREFIX);
    const row = await withTransaction(this.pool, async (tx) => {
      const existing = await listWebhooks(tx, this.municipalityId);
      if (existing.length >= MAX_WEBHOOKS)
        throw new AppError(
          'BAD_USER_INPUT',
          `Al massimo ${MAX_WEBHOOKS} webhook per comune: eliminane uno.`,
          { field: 'url' },
        );
      const inserted = await insertWebhook(tx, this.municipalityId, {
        url,
        events,
        secret,
        ownerStaffId: staff.staffId,
        tokenId: staff.tokenId ?? null,
      });
      if (!inserted) throw new Error('insert into webhook_subscription returned no row');
      await this.audit(tx, staff, 'webhook.create', inserted.id, address, { url, events });
      return inserted;
    });
    return { secret, row };
  }

  list(viewer: Viewer | null): Promise<WebhookRow[]> {
    requireWebhookManagement(viewer);
    return listWebhooks(this.pool, this.municipalityId);
  }

  delete(viewer: Viewer | null, id: number, address: string): Promise<WebhookRow> {
    return this.change(viewer, id, 'webhook.delete', address, (tx) =>
      deleteWebhook(tx, this.municipalityId, id),
    );
  }

  pause(viewer: Viewer | null, id: number, address: string): Promise<WebhookRow> {
    return this.change(viewer, id, 'webhook.pause', address, (tx) =>
      pauseWebhook(tx, this.municipalityId, id, 'owner'),
    );
  }

  /** Active again, failures counted from zero, its waiting deliveries due at once (in order). */
  resume(viewer: Viewer | null, id: number, address: string): Promise<WebhookRow> {
    return this.change(viewer, id, 'webhook.resume', address, (tx) =>
      resumeWebhook(tx, this.municipalityId, id),
    );
  }

  /** The delivery log of one subscription, newest first. */
  async deliveries(
    viewer: Viewer | null,
    webhookId: number,
    first: number,
    after?: string | null,
  ): Promise<Page<DeliveryRow>> {
    requireWebhookManagement(viewer);
    const beforeId = decodeKeyCursor(after);
    if (!(await findWebhook(this.pool, this.municipalityId, webhookId))) throw notFound();
    const rows = await listDeliveries(
      this.pool,
      this.municipalityId,
      webhookId,
      beforeId,
      first + 1,
    );
    const nodes = rows.slice(0, first);
    return {
      nodes,
      cursors: nodes.map((n) => encodeKeyCursor(n.id)),
      hasNextPage: rows.length > first,
      totalCount: await listTotal(rows, beforeId !== null, () =>
        listDeliveries(this.pool, this.municipalityId, webhookId, null, 1),
      ),
    };
  }

  /** Sends a delivery again (any state): a new row of the log with the same event id and body, due now. */
  async redeliver(
    viewer: Viewer | null,
    deliveryId: number,
    address: string,
  ): Promise<DeliveryRow> {
    const staff = requireWebhookManagement(viewer);
    return withTransaction(this.pool, async (tx) => {
      const row = await insertRedelivery(tx, this.municipalityId, deliveryId);
      if (!row) throw new AppError('NOT_FOUND', 'Consegna non trovata.');
      await this.audit(tx, staff, 'webhook.redeliver', row.webhook_id, address, {
        deliveryId,
        redeliveryId: row.id,
      });
      return row;
    });
  }

  private async change(
    viewer: Viewer | null,
    id: number,
    action: string,
    address: string,
    write: (tx: pg.PoolClient) => Promise<WebhookRow | undefined>,
  ): Promise<WebhookRow> {
    const staff = requireWebhookManagement(viewer);
    return withTransaction(this.pool, async (tx) => {
      const row = await write(tx);
      if (!row) throw notFound();
      await this.audit(tx, staff, action, id, address, {});
      return row;
    });
  }

  private audit(
    tx: pg.PoolClient,
    staff: Viewer,
    action: string,
    webhookId: number,
    address: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    return insertAudit(tx, this.municipalityId, {
      actorStaffId: staff.staffId,
      action,
      target: `webhook:${webhookId}`,
      address,
      details: { ...details, ...(staff.tokenId !== undefined ? { tokenId: staff.tokenId } : {}) },
    });
  }
}
