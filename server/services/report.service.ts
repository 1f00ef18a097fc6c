// submitReport and createStaffReport: validate, place (category, boundary, street), then write ticket + reporter + event +
// outbox mails + photo links in one transaction. Nothing is written when any check fails.
import type pg from 'pg';
import type { Config } from '../config.js';
import { countFreeAttachments, linkAttachments } from '../db/attachment.queries.js';
import { withTransaction } from '../db/pool.js';
import type { MunicipalityRow } from '../db/municipality.queries.js';
import { findCodeByIdempotencyKey, findPlacement, insertReport } from '../db/report.queries.js';
import { insertAnswers } from '../db/category-question.queries.js';
import { badInput } from '../domain/app-error.js';
import { checkAnswers, type Answer, type Question } from '../domain/category-question.js';
import {
  validateApiReport,
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
import { notifyConfirmationLink, notifyNewReport } from '../mail/notify.js';
import type { ConfirmationRow } from '../db/email-confirmation.queries.js';
import { CONFIRMATION_TTL_HOURS } from '../domain/email-confirmation.js';
import { comuneSettings, interventionAutoLinkOf } from './comune-settings.js';
import { autoLinkNewReport } from './intervention-auto-link.js';
import { useConfirmation } from './confirmation-link.js';
import { createConfirmation } from './email-confirmation.js';
import { acceptedNoticeVersion } from './privacy-notice.service.js';
import { enforceRateLimits, type RateLimit } from './rate-limit.js';
import type { CategoryQuestionService } from './category-question.service.js';
import type { TerritoryService } from './territory.service.js';

/** A point is snapped to a street only when one passes within this many metres. */
export const STREET_SNAP_M = 150;

/** Thrown inside the transaction when the idempotency key was taken meanwhile: roll back, answer with the first ticket. */
class IdempotentReplay extends Error {
  constructor(readonly code: string) {
    super('idempotent replay');
  }
}

/** How a report is filed: its channel, the staff who took it, the privacy notice its reporter accepted. */
interface Filing {
  channel: ReportChannel;
  phone?: string | null;
  staffId?: number;
  privacyNoticeVersion?: number | null;
}

export class ReportService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly config: Config,
    private readonly municipality: MunicipalityRow,
    private readonly territory: TerritoryService,
    private readonly questions: CategoryQuestionService,
  ) {}

  /** The comune's setting (comune-settings.ts): photos public at once, or after an operator's approval. */
  private get photosPublicAtOnce(): boolean {
    return comuneSettings(this.config, this.municipality).citizenPhotos === 'immediate';
  }

  /**
   * Files a report and returns its tracking code; null when the comune holds reports until their
   * reporter confirms the e-mail (reportConfirmation): then only the confirmation mail is written.
   */
  async submit(
    raw: RawReport & { privacyNoticeVersion?: number | null },
    clientAddress: string,
  ): Promise<string | null> {
    const draft = validateReport(raw);
    const m = this.municipality.id;
    const privacyNoticeVersion = await acceptedNoticeVersion(
      this.pool,
      m,
      raw.privacyNoticeVersion,
    );
    const limits = this.config.rateLimits;
    const rateLimits = () => [
      {
        action: 'report:address' as const,
        key: clientAddress,
        perHour: limits.reportsPerHourPerAddress,
      },
      {
        action: 'report:email' as const,
        key: draft.email ?? '',
        perHour: limits.reportsPerHourPerEmail,
      },
    ];
    const settings = comuneSettings(this.config, this.municipality);
    if (!settings.reportConfirmation)
      return this.file(draft, { channel: 'web', privacyNoticeVersion }, rateLimits);
    const existing = draft.idempotencyKey
      ? await findCodeByIdempotencyKey(this.pool, m, draft.idempotencyKey)
      : undefined;
    if (existing) return existing;
    // Every check of a filed report now, so that the citizen hears of a bad one at once; the same
    // checks run again when the link is used (a category may have closed meanwhile).
    await this.placeDraft(draft);
    await withTransaction(this.pool, async (tx) => {
      await enforceRateLimits(tx, m, this.config.rateLimitSecret, rateLimits());
      const email = draft.email ?? '';
      const { token } = await createConfirmation(tx, m, {
        purpose: 'report',
        email,
        payload: { draft: { ...draft }, privacyNoticeVersion },
      });
      await notifyConfirmationLink(
        tx,
        m,
        { name: this.municipality.name, baseUrl: settings.baseUrl },
        { email, locale: draft.locale },
        'confirm_report',
        token,
        CONFIRMATION_TTL_HOURS.report,
        draft.title,
      );
    });
    return null;
  }

  /** Files a held report when its link is used: the link is spent in the report's own transaction. */
  confirmHeld(row: ConfirmationRow, token: string): Promise<string> {
    const payload = row.payload as { draft: ReportDraft; privacyNoticeVersion: number | null };
    return this.file(
      payload.draft,
      { channel: 'web', privacyNoticeVersion: payload.privacyNoticeVersion },
      () => [],
      async (tx) => {
        await useConfirmation(tx, this.municipality.id, token, async () => undefined);
      },
    );
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
      {
        channel: draft.channel,
        phone: draft.phone,
        staffId: staff.staffId,
        // The operator reads the current notice to the citizen who gives a contact.
        privacyNoticeVersion: await acceptedNoticeVersion(this.pool, this.municipality.id, null),
      },
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

  /**
   * A report an integrator's app files with an API token that carries tickets:write (Open311 POST
   * requests): the citizen form's validation, routing, rate limits, idempotency and mails, channel 'api',
   * contact optional. Audited under the token's owner. Returns the tracking code.
   */
  async submitApi(
    viewer: Viewer | null,
    raw: Omit<RawStaffReport, 'channel'>,
    clientAddress: string,
    /** The category's active questions, when the caller has just read them (Open311 maps attributes). */
    questions?: Question[],
  ): Promise<string> {
    const staff = requireTicketWrite(viewer);
    const draft = validateApiReport(raw);
    const limits = this.config.rateLimits;
    return this.file(
      draft,
      { channel: 'api', phone: draft.phone },
      () => [
        { action: 'report:address', key: clientAddress, perHour: limits.reportsPerHourPerAddress },
        ...(draft.email
          ? [
              {
                action: 'report:email' as const,
                key: draft.email,
                perHour: limits.reportsPerHourPerEmail,
              },
            ]
          : []),
      ],
      (tx, ticketId, code) =>
        insertAudit(tx, this.municipality.id, {
          actorStaffId: staff.staffId,
          action: 'ticket.submitApi',
          target: `ticket:${ticketId}`,
          address: clientAddress,
          details: { code, tokenId: staff.tokenId ?? null },
        }),
      questions,
    );
  }

  private async file(
    draft: ReportDraft,
    how: Filing,
    rateLimits: () => RateLimit[],
    after?: (tx: pg.PoolClient, ticketId: number, code: string) => Promise<void>,
    questions?: Question[],
  ): Promise<string> {
    const m = this.municipality.id;
    // A repeated key is found by the insert itself (write: "on conflict do nothing", then the first
    // ticket's code), with no query of its own. Only a report with photos is looked up first: its photos
    // are linked to the first ticket by now, and placeDraft would refuse them as taken.
    if (draft.idempotencyKey && draft.attachmentIds.length) {
      const existing = await findCodeByIdempotencyKey(this.pool, m, draft.idempotencyKey);
      if (existing) return existing;
    }
    try {
      const { place, answers } = await this.placeDraft(draft, questions).catch(async (error) => {
        // A repeat of a report filed before a check changed (its category closed since): the first code.
        const first = draft.idempotencyKey
          ? await findCodeByIdempotencyKey(this.pool, m, draft.idempotencyKey)
          : undefined;
        throw first ? new IdempotentReplay(first) : error;
      });
      return await withTransaction(this.pool, (tx) =>
        this.write(
          tx,
          draft,
          {
            officeId: place.office_id as number,
            slaHours: place.sla_hours as number,
            streetId: place.street_id,
          },
          answers,
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

  /** Category, boundary and photos of a draft: its placement, or the coded error of the first bad one. */
  private async placeDraft(draft: ReportDraft, questions?: Question[]) {
    const m = this.municipality.id;
    const place = await findPlacement(
      this.pool,
      m,
      draft.lon,
      draft.lat,
      draft.categoryId,
      STREET_SNAP_M,
    );
    if (!place?.office_id || !place.sla_hours || !place.category_active)
      throw badInput(
        'categoryId',
        'La categoria scelta non esiste o non è più attiva: scegline un’altra dall’elenco «Tipo di problema».',
      );
    if (!place.inside) throw await this.territory.outside(this.municipality, draft);
    const answers = checkAnswers(
      questions ?? (await this.questions.forCategories([draft.categoryId])),
      draft.answers,
    );
    if (
      draft.attachmentIds.length &&
      (await countFreeAttachments(this.pool, m, draft.attachmentIds)) !== draft.attachmentIds.length
    ) {
      throw badInput(
        'attachmentIds',
        'Una delle foto non esiste o è già usata da un’altra segnalazione.',
      );
    }
    return { place, answers };
  }

  private async write(
    tx: pg.PoolClient,
    draft: ReportDraft,
    place: { officeId: number; slaHours: number; streetId: number | null },
    answers: Answer[],
    how: Filing,
    rateLimits: RateLimit[],
    after?: (tx: pg.PoolClient, ticketId: number, code: string) => Promise<void>,
  ): Promise<string> {
    const m = this.municipality.id;
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
        privacyNoticeVersion: how.privacyNoticeVersion ?? null,
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
    await insertAnswers(tx, m, ticketId, answers);
    await notifyNewReport(tx, this.config, m, ticketId, {
      email: draft.email,
      locale: draft.locale,
      name: draft.name,
    });
    // A comune that asked for it (interventionAutoLink): the report joins the active intervention
    // covering its place and category, in this transaction (one mail: the intervention's).
    if (interventionAutoLinkOf(this.municipality.settings))
      await autoLinkNewReport(tx, this.config, m, ticketId);
    await after?.(tx, ticketId, code);
    // Counted (and decided) last, so that the counter row, which the reports of one client or one shared
    // address (a carrier's NAT) all update, stays locked only from here to the commit. A refused report
    // rolls back everything above; it is not read first, which would cost every report a round trip.
    if (rateLimits.length) await enforceRateLimits(tx, m, this.config.rateLimitSecret, rateLimits);
    return code;
  }
}
