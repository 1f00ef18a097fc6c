// /conferma/:token: what a confirmation link asks (the GET page) and what using it does (the POST), per
// purpose. Every refusal (not ours, expired, used) changes nothing; so does a report that can no
// longer be filed (its category closed meanwhile).
import type pg from 'pg';
import { withTransaction } from '../db/pool.js';
import { AppError } from '../domain/app-error.js';
import { findConfirmation, type ConfirmationRow } from '../db/email-confirmation.queries.js';
import type { ConfirmationPurpose } from '../domain/email-confirmation.js';
import type { Locale } from '../mail/citizen-mail.template.js';
import { confirmationTokenHash } from './email-confirmation.js';
import { unreachable } from '../domain/unreachable.js';
import {
  LinkRefused,
  openConfirmation,
  useConfirmation,
  type LinkRefusal,
} from './confirmation-link.js';
import type { AlertConfirmation, AlertService } from './alert.service.js';
import type { DataCopy, DataSubjectService, MyReports } from './data-subject.service.js';
import type { JoinService } from './join.service.js';
import type { ReportService } from './report.service.js';

export type ConfirmationPreview =
  | { kind: 'refused'; reason: LinkRefusal }
  | { kind: 'ask'; purpose: ConfirmationPurpose; code?: string; title?: string };

export type ConfirmationResult =
  | { kind: 'refused'; reason: LinkRefusal }
  | { kind: 'joined' | 'already' | 'closed'; code: string }
  | { kind: 'reported'; code: string }
  | { kind: 'not_filed'; message: string }
  | { kind: 'data'; copy: DataCopy }
  | { kind: 'my_reports'; list: MyReports }
  | { kind: 'erased'; reports: number; follows: number; alerts: number }
  | AlertConfirmation;

/** The locale a confirmation's payload carries (sql/055: `locale`, or a held report's `draft.locale`). */
export function storedLocaleOf(row: Pick<ConfirmationRow, 'payload'>): Locale | null {
  const p = row.payload as { locale?: unknown; draft?: { locale?: unknown } };
  const locale = p.locale ?? p.draft?.locale;
  return locale === 'it' || locale === 'en' ? locale : null;
}

export class ConfirmationService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly municipalityId: number,
    private readonly joins: JoinService,
    private readonly reports: ReportService,
    private readonly dataSubject: DataSubjectService,
    private readonly alerts: AlertService,
  ) {}

  /**
   * The language the person asked in (a join's, a data request's, a held report's), or null: the page
   * then follows ?lang= or the browser. Read before a use, since an erasure forgets what its link carried.
   */
  async storedLocale(token: string): Promise<Locale | null> {
    const hash = confirmationTokenHash(token);
    const row = hash ? await findConfirmation(this.pool, this.municipalityId, hash) : undefined;
    return row ? storedLocaleOf(row) : null;
  }

  /** What the link would confirm; reads only (mail scanners open every link). */
  async preview(token: string): Promise<ConfirmationPreview> {
    try {
      const row = await openConfirmation(this.pool, this.municipalityId, token);
      const p = row.payload as { code?: string; draft?: { title?: string }; place?: string };
      return { kind: 'ask', purpose: row.purpose, code: p.code, title: p.draft?.title ?? p.place };
    } catch (error) {
      if (error instanceof LinkRefused) return { kind: 'refused', reason: error.reason };
      throw error;
    }
  }

  async confirm(token: string, clientAddress: string): Promise<ConfirmationResult> {
    const m = this.municipalityId;
    try {
      const row = await openConfirmation(this.pool, m, token);
      switch (row.purpose) {
        case 'join':
          return await withTransaction(this.pool, (tx) =>
            useConfirmation(tx, m, token, (r) => this.joins.confirm(tx, r)),
          );
        case 'report':
          try {
            return { kind: 'reported', code: await this.reports.confirmHeld(row, token) };
          } catch (error) {
            if (error instanceof AppError && error.code !== 'RATE_LIMITED')
              return { kind: 'not_filed', message: error.message };
            throw error;
          }
        case 'data_copy':
          return await withTransaction(this.pool, async (tx) => ({
            kind: 'data' as const,
            copy: await useConfirmation(tx, m, token, (r) =>
              this.dataSubject.dataCopy(tx, r, clientAddress),
            ),
          }));
        case 'erasure':
          return await withTransaction(this.pool, async (tx) => ({
            kind: 'erased' as const,
            ...(await useConfirmation(tx, m, token, (r) =>
              this.dataSubject.erase(tx, r, clientAddress),
            )),
          }));
        case 'my_reports':
          return await withTransaction(this.pool, async (tx) => ({
            kind: 'my_reports' as const,
            list: await useConfirmation(tx, m, token, (r) => this.dataSubject.myReports(tx, r)),
          }));
        case 'alert':
          return await withTransaction(this.pool, (tx) =>
            useConfirmation(tx, m, token, (r) => this.alerts.confirm(tx, r)),
          );
        default:
          return unreachable(row.purpose);
      }
    } catch (error) {
      if (error instanceof LinkRefused) return { kind: 'refused', reason: error.reason };
      throw error;
    }
  }
}
