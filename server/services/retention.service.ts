// Storage limitation (GDPR art. 5.1.e; issue 15, part 5): once a day, per comune, with the comune's
// periods (comune-settings.ts, DEFAULT_RETENTION): reporters' contacts (and the mails to them, and the
// moderation originals) go 12 months after their ticket closed, supporters' addresses after 6, photos no
// report used after 24 hours (a report held for confirmation keeps its own), join/report/alert links 48
// hours after use or expiry, alert subscriptions unconfirmed once their link expired and confirmed ones
// 12 months after confirmation, the address and payload of data-copy and erasure requests and the mails tied
// to no ticket after the reporter contact period, rate-limit windows after 48 hours, audit rows after 5
// years, their e-mails pseudonymised and client addresses truncated once past the contact period.
// `dryRun` does the same and rolls it back (`npm run retention -- --dry-run`). Statistics read none of the columns it changes.
import type pg from 'pg';
import type { Config } from '../config.js';
import type { MunicipalityRow } from '../db/municipality.queries.js';
import { mailSecret } from '../db/outbox.queries.js';
import { withTransaction, type Queryable } from '../db/pool.js';
import {
  anonymiseReporters,
  anonymiseSupporters,
  auditToPseudonymise,
  deleteOldAudit,
  deleteOldRateLimits,
  deleteOldUnlinkedMails,
  deleteLapsedAlerts,
  deleteOldUploads,
  deleteUnconfirmedAlerts,
  deleteSpentConfirmations,
  forgetOldRequests,
  writePseudonymisedAudit,
} from '../db/retention.queries.js';
import { truncatedAddress } from '../domain/client-address.js';
import { CONFIRMATION_TTL_HOURS, SPENT_CONFIRMATION_HOURS } from '../domain/email-confirmation.js';
import { pseudonymiseEmails } from '../domain/pseudonym.js';
import { comuneSettings, unlinkedUploadHoursOf } from './comune-settings.js';

export interface RetentionReport {
  comune: string;
  /** Reporters whose e-mail, name and phone were removed. */
  reporters: number;
  supporters: number;
  /** Queued or sent mails to those addresses, deleted. */
  mails: number;
  /** Moderation records (before/after texts) deleted. */
  moderations: number;
  /** Tickets whose original text was replaced by its public (masked or moderated) copy. */
  originalTexts: number;
  unlinkedUploads: number;
  /** Join, held-report and alert links (address, draft) deleted 48 hours after use or expiry. */
  confirmations: number;
  /** Alert subscriptions never confirmed, their link expired. */
  alertsUnconfirmed: number;
  /** Confirmed alert subscriptions past retention.alertSubscriptionMonths. */
  alertsLapsed: number;
  /** Data-copy and erasure requests past the reporter contact period, address and payload removed. */
  requestsForgotten: number;
  /** Mails tied to no ticket (links, data copies, invitations) older than the reporter contact period. */
  unlinkedMails: number;
  rateLimitWindows: number;
  auditPseudonymised: number;
  auditDeleted: number;
}

const AUDIT_BATCH = 500;

/** Thrown to roll a dry run back: it does exactly what the real run does, then undoes it. */
class DryRunDone extends Error {
  constructor(readonly report: RetentionReport) {
    super('dry run');
  }
}

export async function runRetention(
  pool: pg.Pool,
  config: Config,
  municipality: MunicipalityRow,
  options: { at?: Date; dryRun?: boolean } = {},
): Promise<RetentionReport> {
  const at = options.at ?? new Date();
  const r = comuneSettings(config, municipality).retention;
  const m = municipality.id;
  // One transaction: a reporter is never half anonymised (contact gone, originals kept), and a dry run
  // counts by doing the very statements of the real run and rolling them back, so the two never disagree.
  const round = async (tx: Queryable): Promise<RetentionReport> => {
    const reporter = await anonymiseReporters(tx, m, at, {
      closedMonthsAgo: r.reporterContactMonths,
    });
    const supporter = await anonymiseSupporters(tx, m, at, {
      closedMonthsAgo: r.supporterContactMonths,
    });
    return {
      comune: municipality.name,
      reporters: reporter.reporters,
      supporters: supporter.supporters,
      mails: reporter.mails + supporter.mails,
      moderations: reporter.moderations,
      originalTexts: reporter.texts,
      auditPseudonymised: await pseudonymiseAudit(tx, m, at, r.reporterContactMonths, r.auditYears),
      unlinkedUploads: await deleteOldUploads(
        tx,
        m,
        at,
        unlinkedUploadHoursOf(municipality.settings, config.uploads.unlinkedTtlHours),
      ),
      confirmations: await deleteSpentConfirmations(tx, m, at, SPENT_CONFIRMATION_HOURS),
      alertsUnconfirmed: await deleteUnconfirmedAlerts(tx, m, at, CONFIRMATION_TTL_HOURS.alert),
      alertsLapsed: await deleteLapsedAlerts(tx, m, at, r.alertSubscriptionMonths),
      requestsForgotten: await forgetOldRequests(tx, m, at, r.reporterContactMonths),
      unlinkedMails: await deleteOldUnlinkedMails(tx, m, at, r.reporterContactMonths),
      rateLimitWindows: await deleteOldRateLimits(tx, m, at, r.rateLimitHours),
      auditDeleted: await deleteOldAudit(tx, m, at, r.auditYears),
    };
  };
  if (!options.dryRun) return withTransaction(pool, round);
  try {
    await withTransaction(pool, async (tx) => {
      throw new DryRunDone(await round(tx));
    });
  } catch (error) {
    if (error instanceof DryRunDone) return error.report;
    throw error;
  }
  throw new Error('unreachable: a dry run always rolls back');
}

async function pseudonymiseAudit(
  db: Queryable,
  municipalityId: number,
  at: Date,
  months: number,
  years: number,
): Promise<number> {
  const secret = await mailSecret(db, municipalityId);
  let done = 0;
  for (;;) {
    const rows = await auditToPseudonymise(db, municipalityId, at, months, years, AUDIT_BATCH);
    if (rows.length === 0) return done;
    await writePseudonymisedAudit(
      db,
      municipalityId,
      at,
      rows.map((row) => ({
        id: row.id,
        target: row.target === null ? null : pseudonymiseEmails(row.target, secret),
        details: pseudonymiseEmails(row.details, secret),
        address: row.address === null ? null : truncatedAddress(row.address),
      })),
    );
    done += rows.length;
  }
}

/** One line per figure, for `npm run retention` and the job's log. */
export function describeRetention(report: RetentionReport, dryRun: boolean): string {
  const verb = dryRun ? 'would' : 'did';
  return [
    `${report.comune}: retention ${dryRun ? '(dry run: nothing changed)' : ''}`.trim(),
    `  reporters anonymised (${verb}): ${report.reporters}`,
    `  supporters anonymised (${verb}): ${report.supporters}`,
    `  mails to them deleted (${verb}): ${report.mails}`,
    `  moderation records deleted (${verb}): ${report.moderations}`,
    `  original texts replaced by the public copy (${verb}): ${report.originalTexts}`,
    `  unlinked photos deleted (${verb}): ${report.unlinkedUploads}`,
    `  spent confirmation links deleted (${verb}): ${report.confirmations}`,
    `  unconfirmed alert subscriptions deleted (${verb}): ${report.alertsUnconfirmed}`,
    `  alert subscriptions past their life deleted (${verb}): ${report.alertsLapsed}`,
    `  data-copy and erasure requests stripped of address and payload (${verb}): ${report.requestsForgotten}`,
    `  mails tied to no ticket deleted (${verb}): ${report.unlinkedMails}`,
    `  rate-limit windows deleted (${verb}): ${report.rateLimitWindows}`,
    `  audit rows pseudonymised (${verb}): ${report.auditPseudonymised}`,
    `  audit rows deleted (${verb}): ${report.auditDeleted}`,
  ].join('\n');
}
