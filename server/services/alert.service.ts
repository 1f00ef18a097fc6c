// Alert subscriptions (issue 14, part 8; issue 15, part 3): anyone asks for a daily mail of the new
// reports in a street or within a radius of a point. Double opt-in, as joins: the request answers the
// same for every address and does the same writes (an unconfirmed subscription, a confirmation row, one
// mail): a new address gets the link, an address that already has these alerts a notice, and its row
// is never confirmed (retention deletes it). Only a confirmed subscription gets digests; each digest
// carries a one-click unsubscribe link, which deletes the row.
import { createHash, createHmac } from 'node:crypto';
import type pg from 'pg';
import type { Config } from '../config.js';
import {
  comuneExtent,
  confirmAlert,
  deleteAlert,
  findAlert,
  findAlertByUnsubscribeHash,
  findSameConfirmed,
  insertAlert,
  type AlertRow,
  type NewAlert,
} from '../db/alert.queries.js';
import type { ConfirmationRow } from '../db/email-confirmation.queries.js';
import type { MunicipalityRow } from '../db/municipality.queries.js';
import { mailSecret } from '../db/outbox.queries.js';
import { withTransaction, type Queryable } from '../db/pool.js';
import { findStreet } from '../db/street.queries.js';
import { alertPlaceLabel, validateAlertPlace, type RawAlertPlace } from '../domain/alert.js';
import { badInput } from '../domain/app-error.js';
import { validateEmail } from '../domain/email.js';
import { validateLocale, type Locale } from '../domain/report.js';
import { notifyAlertRequest } from '../mail/notify-alert.js';
import { comuneSettings } from './comune-settings.js';
import { createConfirmation } from './email-confirmation.js';
import { acceptedNoticeVersion } from './privacy-notice.service.js';
import { enforceRateLimits } from './rate-limit.js';

export interface AlertRequest extends RawAlertPlace {
  email: string;
  locale?: string | null;
  privacyNoticeVersion?: number | null;
}

/** Outcome of a used alert link, for the confirmation page. */
export type AlertConfirmation =
  { kind: 'subscribed' | 'already_subscribed'; place: string } | { kind: 'alert_gone' };

const TOKEN = /^[A-Za-z0-9_-]{32}$/;

/**
 * The token of a subscription's unsubscribe link: an HMAC of its id under the comune's mail secret, so
 * every digest carries the same link without the token being stored (only its SHA-256 is, to find it).
 */
export function alertUnsubscribeToken(secret: string, municipalityId: number, id: number): string {
  return createHmac('sha256', secret)
    .update(`alert:${municipalityId}:${id}`)
    .digest('base64url')
    .slice(0, 32);
}

export const alertTokenHash = (token: string) => createHash('sha256').update(token).digest();

export function alertUnsubscribeUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/avvisi/disiscrizione/${token}`;
}

/** The public page of a subscription's place: its street's page, or the public list. */
export function alertPlaceUrl(baseUrl: string, a: Pick<AlertRow, 'kind' | 'street_id'>): string {
  return a.kind === 'street' ? `${baseUrl}/vie/${a.street_id}` : `${baseUrl}/segnalazioni`;
}

export class AlertService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly config: Config,
    private readonly municipality: MunicipalityRow,
  ) {}

  private get comune() {
    const s = comuneSettings(this.config, this.municipality);
    return { name: this.municipality.name, baseUrl: s.baseUrl };
  }

  /** subscribeAlerts: checks the place, then mails the address; the same answer for every address. */
  async subscribe(request: AlertRequest, clientAddress: string): Promise<'CONFIRMATION_SENT'> {
    const email = validateEmail(request.email);
    const locale = validateLocale(request.locale);
    const place = validateAlertPlace(request);
    const m = this.municipality.id;
    const limits = this.config.rateLimits;
    return withTransaction(this.pool, async (tx) => {
      await enforceRateLimits(tx, m, this.config.rateLimitSecret, [
        { action: 'alert:address', key: clientAddress, perHour: limits.alertsPerHourPerAddress },
        { action: 'alert:email', key: email, perHour: limits.alertsPerHourPerEmail },
      ]);
      const alert: NewAlert = {
        email,
        locale,
        privacyNoticeVersion: await acceptedNoticeVersion(tx, m, request.privacyNoticeVersion),
        ...(await this.checkPlace(tx, place)),
      };
      const already = (await findSameConfirmed(tx, m, alert)) !== undefined;
      const id = await insertAlert(tx, m, alert);
      const row = (await findAlert(tx, m, id))!;
      const { token } = await createConfirmation(tx, m, {
        purpose: 'alert',
        email,
        payload: { alertId: id, locale, place: alertPlaceLabel(row, locale) },
        already,
      });
      await notifyAlertRequest(tx, m, this.comune, { email, locale }, already ? null : token, {
        label: alertPlaceLabel(row, locale),
        url: alertPlaceUrl(this.comune.baseUrl, row),
      });
      return 'CONFIRMATION_SENT' as const;
    });
  }

  /** The place in this comune: a known street, or a point inside it with a radius within its size. */
  private async checkPlace(
    db: Queryable,
    place: ReturnType<typeof validateAlertPlace>,
  ): Promise<Pick<NewAlert, 'kind' | 'streetId' | 'point' | 'radiusM'>> {
    const m = this.municipality.id;
    if (place.kind === 'street') {
      if (!(await findStreet(db, m, place.streetId)))
        throw badInput('streetId', 'Via sconosciuta: scegli una via del Comune dall’elenco.');
      return { kind: 'street', streetId: place.streetId, point: null, radiusM: null };
    }
    const extent = await comuneExtent(db, m, place.point);
    if (!extent.covers)
      throw badInput('location', `Il punto è fuori dal Comune di ${this.municipality.name}.`);
    if (place.radiusM > extent.size_m)
      throw badInput(
        'radiusM',
        `Il raggio supera l’estensione del Comune (${Math.floor(extent.size_m).toLocaleString('it-IT')} m): scegli un raggio più piccolo.`,
      );
    return { kind: 'radius', streetId: null, point: place.point, radiusM: place.radiusM };
  }

  /** The subscription a used alert link confirms, in the transaction that marks the link used. */
  async confirm(tx: Queryable, row: ConfirmationRow): Promise<AlertConfirmation> {
    const m = this.municipality.id;
    const alertId = Number((row.payload as { alertId?: number }).alertId);
    const alert = Number.isInteger(alertId) ? await findAlert(tx, m, alertId, true) : undefined;
    if (!alert) return { kind: 'alert_gone' };
    const place = alertPlaceLabel(alert, alert.locale);
    const same = {
      email: alert.email,
      kind: alert.kind,
      streetId: alert.street_id,
      point: alert.lon === null || alert.lat === null ? null : { lon: alert.lon, lat: alert.lat },
      radiusM: alert.radius_m,
    };
    // Confirmed meanwhile by another link (two requests, both links used): keep the one.
    if (alert.confirmed_at || (await findSameConfirmed(tx, m, same, alert.id))) {
      if (!alert.confirmed_at) await deleteAlert(tx, m, alert.id);
      return { kind: 'already_subscribed', place };
    }
    const token = alertUnsubscribeToken(await mailSecret(tx, m), m, alert.id);
    await confirmAlert(tx, m, alert.id, alertTokenHash(token));
    return { kind: 'subscribed', place };
  }

  /** What an unsubscribe link stops (the GET page); reads only. */
  async findByUnsubscribeToken(
    token: string,
  ): Promise<{ place: string; locale: Locale } | undefined> {
    if (!TOKEN.test(token)) return undefined;
    const alert = await findAlertByUnsubscribeHash(
      this.pool,
      this.municipality.id,
      alertTokenHash(token),
    );
    return alert && { place: alertPlaceLabel(alert, alert.locale), locale: alert.locale };
  }

  /** The POST of an unsubscribe link: the subscription is deleted; its place, or undefined. */
  async unsubscribe(token: string): Promise<{ place: string; locale: Locale } | undefined> {
    if (!TOKEN.test(token)) return undefined;
    const m = this.municipality.id;
    const alert = await findAlertByUnsubscribeHash(this.pool, m, alertTokenHash(token));
    if (!alert || !(await deleteAlert(this.pool, m, alert.id))) return undefined;
    return { place: alertPlaceLabel(alert, alert.locale), locale: alert.locale };
  }
}
