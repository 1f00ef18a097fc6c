// Storage limitation (GDPR art. 5.1.e; issue 15, part 5): once a day, per comune, with the comune's
// periods (comune-settings.ts, DEFAULT_RETENTION): reporters' contacts (and the mails to them, and the
// moderation originals) go 12 months after their ticket closed, supporters' addresses after 6, photos no
// report used after 24 hours, rate-limit windows after 48 hours, audit rows after 5 years, their e-mails
// pseudonymised and client addresses truncated once past the contact period. `dryRun` counts, changes
// nothing (`npm run retention -- --dry-run`). Statistics read none of the columns it changes.
import type pg from 'pg';
import type { Config } from '../config.js';
import type { MunicipalityRow } from '../db/municipality.queries.js';
import { mailSecret } from '../db/outbox.queries.js';
import { withTransaction } from '../db/pool.js';
import {
  anonymiseReporters,
  anonymiseSupporters,
  auditToPseudonymise,
  countAuditToPseudonymise,
  deleteOldAudit,
  deleteOldRateLimits,
  deleteOldUploads,
  writePseudonymisedAudit,
} from '../db/retention.queries.js';
import { truncatedAddress } from '../domain/client-address.js';
import { pseudonymiseEmails } from '../domain/pseudonym.js';
import { comuneSettings } from './comune-settings.js';

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
  rateLimitWindows: number;
  auditPseudonymised: number;
  auditDeleted: number;
}

const AUDIT_BATCH = 500;

export async function runRetention(
  pool: pg.Pool,
  config: Config,
  municipality: MunicipalityRow,
  options: { at?: Date; dryRun?: boolean } = {},
): Promise<RetentionReport> {
  const at = options.at ?? new Date();
  const dryRun = options.dryRun ?? false;
  const r = comuneSettings(config, municipality).retention;
  const m = municipality.id;
  // Contacts in one transaction: a reporter is never half anonymised (contact gone, originals kept).
  const contacts = await withTransaction(pool, async (tx) => ({
    reporter: await anonymiseReporters(tx, m, at, r.reporterContactMonths, dryRun),
    supporter: await anonymiseSupporters(tx, m, at, r.supporterContactMonths, dryRun),
  }));
  const auditPseudonymised = dryRun
    ? await countAuditToPseudonymise(pool, m, at, r.reporterContactMonths, r.auditYears)
    : await pseudonymiseAudit(pool, m, at, r.reporterContactMonths, r.auditYears);
  return {
    comune: municipality.name,
    reporters: contacts.reporter.reporters,
    supporters: contacts.supporter.supporters,
    mails: contacts.reporter.mails + contacts.supporter.mails,
    moderations: contacts.reporter.moderations,
    originalTexts: contacts.reporter.texts,
    unlinkedUploads: await deleteOldUploads(pool, m, at, r.unlinkedUploadHours, dryRun),
    rateLimitWindows: await deleteOldRateLimits(pool, m, at, r.rateLimitHours, dryRun),
    auditPseudonymised,
    auditDeleted: await deleteOldAudit(pool, m, at, r.auditYears, dryRun),
  };
}

async function pseudonymiseAudit(
  pool: pg.Pool,
  municipalityId: number,
  at: Date,
  months: number,
  years: number,
): Promise<number> {
  const secret = await mailSecret(pool, municipalityId);
  let done = 0;
  for (;;) {
    const rows = await auditToPseudonymise(pool, municipalityId, at, months, years, AUDIT_BATCH);
    if (rows.length === 0) return done;
    await writePseudonymisedAudit(
      pool,
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
    `  rate-limit windows deleted (${verb}): ${report.rateLimitWindows}`,
    `  audit rows pseudonymised (${verb}): ${report.auditPseudonymised}`,
    `  audit rows deleted (${verb}): ${report.auditDeleted}`,
  ].join('\n');
}
