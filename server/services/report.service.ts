// submitReport and createStaffReport: validate, place (category, boundary, street), then write ticket + reporter + event +
// outbox mails + photo links in one transaction. Nothing is written when any check fails.
import type pg from 'pg';
import type { Config } from '../config.js';
import { countFreeAttachments, linkAttachments } from '../db/attachment.queries.js';
import { withTransaction } from '../db/pool.js';
import type { MunicipalityRow } from '../db/municipality.queries.js';
import { findCodeByIdempotencyKey, findPlacement, insertReport } from '../db/report.queries.js';
import { comuneSettings } from './comune-settings.js';
import { badInput } from '../domain/app-error.js';
import {
  validateReport,
  validateStaffReport,
  type RawReport,
  type RawStaffReport,
  type ReportChannel,
  type ReportDraft,
} from '../domain/report.js';
import { insertAudit } from '../db/audit.queries.js';
import { findStaffTicketByCode, type StaffTicketRow } from '../db/inbox.queries.js';
import { requireTicketWrite } from '../domain/staff-access.js';
import type { Viewer } from '../domain/viewer.js';
import { generateTrackingCode } from '../domain/tracking-code.js';
import { notifyNewReport } from '../mail/notify.js';
import { enforceRateLimits, type RateLimit } from './rate-limit.js';
import type { TerritoryService } from './territory.service.js';

/** A point is snapped to a street only when one passes within this many metres. */
export const STREET_SNAP_M = 150;

/** Thrown inside the transaction when the idempotency key was taken meanwhile: roll back, answer with the first ticket. */
class IdempotentReplay extends Error {
  constructor(readonly code: string) {
    super('idempotent replay');
  }
}

export class ReportService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly config: Config,
    private readonly municipality: MunicipalityRow,
    private readonly territory: TerritoryService,
  ) {}

  /** The comune's setting (comune-settings.ts): photos public at once, or after an operator's approval. */
  private get photosPublicAtOnce(): boolean {
    return comuneSettings(this.config, this.municipality).citizenPhotos === 'immediate';
  }

  /** Files a report and returns its tracking code. */
  submit(raw: RawReport, clientAddress: string): Promise<string> {
    const draft = validateReport(raw);
    const limits = this.config.rateLimits;
    return this.file(draft, { channel: 'web' }, () => [
      { action: 'report:address', key: clientAddress, perHour: limits.reportsPerHourPerAddress },
      { action: 'report:email', key: draft.email ?? '', perHour: limits.reportsPerHourPerEmail },
    ]);
  }

  /**
   * A report a member of staff took from a citizen (phone, desk, e-mail, PEC, in person): the citizen
   * form's rules, routing, tracking code and mails, with the e-mail optional and the channel stored.
   * Staff are not rate-limited like anonymous callers (an URP desk files many reports from one address);
   * the report is audited under the member of staff instead.
   */
  async submitStaff(
    viewer: Viewer | null,
    raw: RawStaffReport,
    address?: string,
  ): Promise<StaffTicketRow> {
    const staff = requireTicketWrite(viewer);
    const draft = validateStaffReport(raw);
    const code = await this.file(
      draft,
      { channel: draft.channel, phone: draft.phone, staffId: staff.staffId },
      () => [],
      async (tx, ticketId, code) =>
        insertAudit(tx, this.municipality.id, {
          actorStaffId: staff.staffId,
          action: 'ticket.createStaffReport',
          target: `ticket:${ticketId}`,
          address,
          details: {
            code,
            channel: draft.channel,
            withEmail: draft.email !== null,
            ...(staff.tokenId !== undefined ? { tokenId: staff.tokenId } : {}),
          },
        }),
    );
    // The one who took it sees it whatever office it was routed to (to read the code to the citizen).
    const row = await findStaffTicketByCode(this.pool, this.municipality.id, code);
    if (!row) throw new Error(`Staff report ${code} not found after commit`);
    return row;
  }

  private async file(
    draft: ReportDraft,
    how: { channel: ReportChannel; phone?: string | null; staffId?: number },
    rateLimits: () => RateLimit[],
    after?: (tx: pg.PoolClient, ticketId: number, code: string) => Promise<void>,
  ): Promise<string> {
    const m = this.municipality.id;
    if (draft.idempotencyKey) {
      const existing = await findCodeByIdempotencyKey(this.pool, m, draft.idempotencyKey);
      if (existing) return existing;
    }
    const place = await findPlacement(
      this.pool,
      m,
      draft.lon,
      draft.lat,
      draft.categoryId,
      STREET_SNAP_M,
    );
    if (!place?.office_id || !place.sla_hours || !place.category_active)
      throw badInput('categoryId', 'Categoria sconosciuta o non più attiva.');
    if (!place.inside) throw await this.territory.outside(this.municipality, draft);
    if (
      draft.attachmentIds.length &&
      (await countFreeAttachments(this.pool, m, draft.attachmentIds)) !== draft.attachmentIds.length
    ) {
      throw badInput(
        'attachmentIds',
        'Una delle foto non esiste o è già usata da un’altra segnalazione.',
      );
    }
    try {
      return await withTransaction(this.pool, (tx) =>
        this.write(
          tx,
          draft,
          {
            officeId: place.office_id as number,
            slaHours: place.sla_hours as number,
            streetId: place.street_id,
          },
          how,
          rateLimits(),
          after,
        ),
      );
    } catch (error) {
      if (error instanceof IdempotentReplay) return error.code;
      throw error;
    }
  }

  private async write(
    tx: pg.PoolClient,
    draft: ReportDraft,
    place: { officeId: number; slaHours: number; streetId: number | null },
    how: { channel: ReportChannel; phone?: string | null; staffId?: number },
    rateLimits: RateLimit[],
    after?: (tx: pg.PoolClient, ticketId: number, code: string) => Promise<void>,
  ): Promise<string> {
    const m = this.municipality.id;
    if (rateLimits.length) await enforceRateLimits(tx, m, rateLimits);
    let ticketId: number | undefined;
    let code = '';
    for (let attempt = 0; ticketId === undefined; attempt++) {
      code = generateTrackingCode(this.municipality.code_prefix);
      ticketId = await insertReport(tx, m, {
        ...draft,
        ...place,
        code,
        categoryId: draft.categoryId,
        channel: how.channel,
        phone: how.phone ?? null,
        takenByStaffId: how.staffId ?? null,
      });
      if (ticketId !== undefined) break;
      const replay = draft.idempotencyKey
        ? await findCodeByIdempotencyKey(tx, m, draft.idempotencyKey)
        : undefined;
      if (replay) throw new IdempotentReplay(replay);
      if (attempt >= 5) throw new Error('Could not draw a free tracking code');
    }
    if (
      draft.attachmentIds.length &&
      (await linkAttachments(
        tx,
        m,
        ticketId,
        draft.attachmentIds,
        // Staff taking a report are the ones who would approve its photos.
        how.staffId !== undefined || this.photosPublicAtOnce,
      )) !== draft.attachmentIds.length
    ) {
      throw badInput(
        'attachmentIds',
        'Una delle foto non esiste o è già usata da un’altra segnalazione.',
      );
    }
    await notifyNewReport(tx, this.config, m, ticketId, {
      email: draft.email,
      locale: draft.locale,
    });
    await after?.(tx, ticketId, code);
    return code;
  }
}
