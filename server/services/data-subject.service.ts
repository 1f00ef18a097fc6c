// Rights of the data subject (GDPR art. 15 and 17): anyone asks, for an address, a copy of what the
// comune holds or its erasure; the answer and the work are the same for every address (nothing is
// looked up until the link mailed to it is used), each request and its completion are audited, and the
// office's admins see the requests and their state.
import type pg from 'pg';
import type { Config } from '../config.js';
import { deleteAlertsOf, listAlertsOf } from '../db/alert.queries.js';
import { insertAudit } from '../db/audit.queries.js';
import {
  findHeldFollows,
  findHeldMails,
  findHeldReports,
  eraseAddress,
  type HeldFollowRow,
  type HeldMailRow,
  type HeldReportRow,
} from '../db/data-subject.queries.js';
import {
  forgetConfirmationEmail,
  listPrivacyRequests,
  type ConfirmationRow,
} from '../db/email-confirmation.queries.js';
import type { MunicipalityRow } from '../db/municipality.queries.js';
import { withTransaction, type Queryable } from '../db/pool.js';
import { alertPlaceLabel } from '../domain/alert.js';
import { validateEmail } from '../domain/email.js';
import { CONFIRMATION_TTL_HOURS } from '../domain/email-confirmation.js';
import { validateLocale } from '../domain/report.js';
import { offsetPage, type Page } from '../domain/page.js';
import { requireAdmin } from '../domain/staff-access.js';
import type { Viewer } from '../domain/viewer.js';
import { langQuery, notifyConfirmationLink } from '../mail/notify.js';
import { unsubscribeTag, unsubscribeUrl } from '../mail/unsubscribe-token.js';
import { mailSecret } from '../db/outbox.queries.js';
import { storedLocaleOf } from './confirmation.service.js';
import { comuneSettings } from './comune-settings.js';
import { maskPublicText } from './public-ticket.service.js';
import { createConfirmation } from './email-confirmation.js';
import { enforceRateLimits } from './rate-limit.js';

export type DataSubjectRequestKind = 'data_copy' | 'erasure' | 'my_reports';

const REQUEST_MAIL = {
  data_copy: 'data_copy',
  erasure: 'confirm_erasure',
  my_reports: 'my_reports',
} as const;

/** "Le mie segnalazioni": what a my_reports link lists, each with its unsubscribe link. */
export interface MyReports {
  reports: (HeldReportRow & { unsubscribeUrl: string })[];
  follows: (HeldFollowRow & { unsubscribeUrl: string })[];
}

/** The copy of one address's data (the HTML page and the JSON download are made from it). */
export interface DataCopy {
  email: string;
  comune: string;
  generatedAt: string;
  reports: HeldReportRow[];
  follows: HeldFollowRow[];
  /** Alert subscriptions of the address, confirmed or waiting for confirmation. */
  alerts: HeldAlert[];
  mails: HeldMailRow[];
}

export interface HeldAlert {
  place: string;
  kind: 'street' | 'radius';
  streetId: number | null;
  location: { lon: number; lat: number } | null;
  radiusM: number | null;
  locale: string;
  privacy_notice_version: number | null;
  created_at: Date;
  confirmed_at: Date | null;
  last_digest_at: Date | null;
}

export class DataSubjectService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly config: Config,
    private readonly municipality: MunicipalityRow,
  ) {}

  /**
   * requestMyData / requestErasure / requestMyReports: mails the link to the address; the same answer,
   * rows and mail for every address (nothing is looked up until the link is used).
   */
  async request(
    kind: DataSubjectRequestKind,
    rawEmail: string,
    rawLocale: string | null | undefined,
    clientAddress: string,
  ): Promise<void> {
    const email = validateEmail(rawEmail);
    const locale = validateLocale(rawLocale);
    const m = this.municipality.id;
    const limits = this.config.rateLimits;
    const settings = comuneSettings(this.config, this.municipality);
    await withTransaction(this.pool, async (tx) => {
      await enforceRateLimits(tx, m, this.config.rateLimitSecret, [
        {
          action: 'privacy:address',
          key: clientAddress,
          perHour: limits.privacyRequestsPerHourPerAddress,
        },
        { action: 'privacy:email', key: email, perHour: limits.privacyRequestsPerHourPerEmail },
      ]);
      const { id, token } = await createConfirmation(tx, m, {
        purpose: kind,
        email,
        payload: { locale },
      });
      await notifyConfirmationLink(
        tx,
        m,
        { name: this.municipality.name, baseUrl: settings.baseUrl },
        { email, locale },
        REQUEST_MAIL[kind],
        token,
        CONFIRMATION_TTL_HOURS[kind],
      );
      await this.audit(tx, `privacy.request.${kind}`, id, clientAddress);
    });
  }

  /** The copy a data_copy link opens; the first opening completes (and audits) the request. */
  async dataCopy(tx: Queryable, row: ConfirmationRow, clientAddress: string): Promise<DataCopy> {
    const m = this.municipality.id;
    const email = row.email ?? '';
    if (!row.used_at) await this.audit(tx, 'privacy.completed.data_copy', row.id, clientAddress);
    return {
      email,
      comune: `Comune di ${this.municipality.name}`,
      generatedAt: new Date().toISOString(),
      reports: await findHeldReports(tx, m, email),
      // Followed reports were written by others: their public copy, masked, as anyone reads it.
      follows: (await findHeldFollows(tx, m, email)).map(maskPublicText),
      alerts: (await listAlertsOf(tx, m, email)).map((a) => ({
        place: alertPlaceLabel(a, 'it'),
        kind: a.kind,
        streetId: a.street_id,
        location: a.lon === null || a.lat === null ? null : { lon: a.lon, lat: a.lat },
        radiusM: a.radius_m,
        locale: a.locale,
        privacy_notice_version: a.privacy_notice_version,
        created_at: a.created_at,
        confirmed_at: a.confirmed_at,
        last_digest_at: a.last_digest_at,
      })),
      mails: await findHeldMails(tx, m, email),
    };
  }

  /** The reports and follows a my_reports link lists, with their phases and unsubscribe links. */
  async myReports(tx: Queryable, row: ConfirmationRow): Promise<MyReports> {
    const m = this.municipality.id;
    const email = row.email ?? '';
    const secret = await mailSecret(tx, m);
    const base = comuneSettings(this.config, this.municipality).baseUrl;
    const locale = storedLocaleOf(row) ?? 'it';
    const link = (code: string) =>
      `${unsubscribeUrl(base, code, unsubscribeTag(secret, m, code, email))}${langQuery(locale)}`;
    return {
      reports: (await findHeldReports(tx, m, email)).map((r) => ({
        ...r,
        unsubscribeUrl: link(r.code),
      })),
      follows: (await findHeldFollows(tx, m, email))
        .map(maskPublicText)
        .map((f) => ({ ...f, unsubscribeUrl: link(f.code) })),
    };
  }

  /** The erasure an erasure link confirms, in the transaction that spends the link. */
  async erase(
    tx: Queryable,
    row: ConfirmationRow,
    clientAddress: string,
  ): Promise<{ reports: number; follows: number; alerts: number }> {
    const m = this.municipality.id;
    const done = {
      ...(await eraseAddress(tx, m, row.email ?? '')),
      alerts: await deleteAlertsOf(tx, m, row.email ?? ''),
    };
    await forgetConfirmationEmail(tx, m, row.email_hash);
    await this.audit(tx, 'privacy.completed.erasure', row.id, clientAddress, done);
    return done;
  }

  /** Admins: one page of the requests, newest first, with their state and the total. */
  list(
    viewer: Viewer | null,
    first: number,
    after?: string | null,
  ): Promise<Page<ConfirmationRow>> {
    requireAdmin(viewer);
    return offsetPage(
      (offset, limit) => listPrivacyRequests(this.pool, this.municipality.id, offset, limit),
      first,
      after,
    );
  }

  private audit(
    tx: Queryable,
    action: string,
    requestId: number,
    address: string,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    // The address is not written: the request row holds its HMAC (and the address until an erasure).
    return insertAudit(tx, this.municipality.id, {
      actorStaffId: null,
      action,
      target: `privacy_request:${requestId}`,
      address,
      details,
    });
  }
}
