// The daily digest of alert subscriptions (issue 14, part 8): per comune, one mail per confirmed
// subscription listing the public reports filed in its street or radius since its previous digest,
// nothing when there is nothing new. One transaction per comune: the mails are written with the move of
// each subscription's window, or neither; subscriptions another process is digesting are skipped.
import type pg from 'pg';
import type { Config } from '../config.js';
import {
  findDigestTickets,
  lockDueAlerts,
  markDigested,
  type AlertRow,
  type DigestTicketRow,
} from '../db/alert.queries.js';
import { findMunicipalityByIstat, listMunicipalities } from '../db/municipality.queries.js';
import { insertOutbox, mailSecret } from '../db/outbox.queries.js';
import { startPeriodicJob, type PeriodicJob } from '../db/periodic-job.js';
import type { MunicipalityRow } from '../db/municipality.queries.js';
import { withTransaction } from '../db/pool.js';
import { ALERT_DIGEST_GAP_HOURS, alertPlaceLabel } from '../domain/alert.js';
import { maskPersonalData } from '../domain/personal-data-mask.js';
import { alertDigestMessage } from '../mail/notify-alert.js';
import { trackingUrl } from '../mail/notify.js';
import { alertPlaceUrl, alertUnsubscribeToken, alertUnsubscribeUrl } from './alert.service.js';
import { comuneSettings } from './comune-settings.js';

export interface DigestReport {
  comune: string;
  /** Subscriptions looked at (due a digest). */
  subscriptions: number;
  /** Mails written (subscriptions with something new). */
  mails: number;
}

function addMonths(d: Date, months: number): Date {
  const r = new Date(d);
  r.setMonth(r.getMonth() + months);
  return r;
}

export async function runAlertDigest(
  pool: pg.Pool,
  config: Config,
  municipality: MunicipalityRow,
  options: { at?: Date } = {},
): Promise<DigestReport> {
  const at = options.at ?? new Date();
  const m = municipality.id;
  const settings = comuneSettings(config, municipality);
  return withTransaction(pool, async (tx) => {
    const due = await lockDueAlerts(tx, m, at, ALERT_DIGEST_GAP_HOURS);
    if (due.length === 0) return { comune: municipality.name, subscriptions: 0, mails: 0 };
    const ids = due.map((a) => a.id);
    const byAlert = new Map<number, DigestTicketRow[]>();
    for (const t of await findDigestTickets(tx, m, ids, at))
      byAlert.set(t.alert_id, [...(byAlert.get(t.alert_id) ?? []), t]);
    const secret = await mailSecret(tx, m);
    const messages = due
      .filter((a) => byAlert.has(a.id))
      .map((a) => {
        const base = settings.baseUrl;
        return alertDigestMessage(a, {
          municipalityName: municipality.name,
          place: alertPlaceLabel(a, a.locale),
          placeUrl: alertPlaceUrl(base, a),
          tickets: byAlert.get(a.id)!.map((t) => digestTicket(config, base, a, t)),
          unsubscribeUrl: alertUnsubscribeUrl(base, alertUnsubscribeToken(secret, m, a.id)),
          until: addMonths(a.confirmed_at!, settings.retention.alertSubscriptionMonths),
        });
      });
    const mails = await insertOutbox(tx, m, null, messages);
    await markDigested(tx, m, ids, at);
    return { comune: municipality.name, subscriptions: due.length, mails };
  });
}

function digestTicket(config: Config, base: string, a: AlertRow, t: DigestTicketRow) {
  return {
    code: t.code,
    // Someone else wrote it: the public copy, masked as in every mail to others.
    title: maskPersonalData(t.title),
    categoryName: a.locale === 'en' ? t.category_en : t.category_it,
    address: t.address === null ? null : maskPersonalData(t.address),
    url: trackingUrl(config, t.code, base),
  };
}

/** One round over every comune (also those added while running). */
export async function alertDigestRound(
  pool: pg.Pool,
  config: Config,
  options: { at?: Date } = {},
): Promise<DigestReport[]> {
  const reports: DigestReport[] = [];
  for (const key of await listMunicipalities(pool)) {
    const municipality = await findMunicipalityByIstat(pool, key.istat_code);
    if (municipality && municipality.enabled)
      reports.push(await runAlertDigest(pool, config, municipality, options));
  }
  return reports;
}

export function startAlertDigestJob(
  pool: pg.Pool,
  config: Config,
  log: { info(message: string): void; warn(message: string): void },
): PeriodicJob {
  return startPeriodicJob(
    'alert-digest',
    config.alertDigestSeconds,
    async () => {
      for (const r of await alertDigestRound(pool, config))
        if (r.mails > 0) log.info(`${r.comune}: ${r.mails} alert digests written`);
    },
    log,
    'Alert digest round failed',
  );
}
