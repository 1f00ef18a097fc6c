// Outbox rows of alert subscriptions, in the caller's transaction: the answer to a request (the link,
// or a notice that the address already has these alerts) and the daily digest with its unsubscribe link.
import { insertOutbox, type OutboxMessage } from '../db/outbox.queries.js';
import type { Queryable } from '../db/pool.js';
import { CONFIRMATION_TTL_HOURS } from '../domain/email-confirmation.js';
import { confirmationUrl } from '../services/email-confirmation.js';
import { renderAlertDigest, type AlertDigestData } from './alert-mail.template.js';
import type { Locale } from './citizen-mail.template.js';
import { renderConfirmationMail } from './confirmation-mail.template.js';
import { confirmationMessage } from './notify.js';

export interface AlertComune {
  name: string;
  baseUrl: string;
}

/** One row whichever it is: the link for a new subscription, or (token null) the "already" notice. */
export function notifyAlertRequest(
  tx: Queryable,
  municipalityId: number,
  comune: AlertComune,
  recipient: { email: string; locale: Locale },
  token: string | null,
  place: { label: string; url: string },
): Promise<number> {
  const kind = token ? 'confirm_alert' : 'already_alert';
  const mail = renderConfirmationMail(kind, recipient.locale, {
    municipalityName: comune.name,
    url: token ? confirmationUrl(comune.baseUrl, token) : place.url,
    title: place.label,
    hours: CONFIRMATION_TTL_HOURS.alert,
  });
  return insertOutbox(tx, municipalityId, null, [confirmationMessage(recipient, kind, mail)]);
}

/** The digest of one subscription; List-Unsubscribe lets mail clients stop it in one click (RFC 8058). */
export function alertDigestMessage(
  recipient: { email: string; locale: Locale },
  data: AlertDigestData,
): OutboxMessage {
  const mail = renderAlertDigest(recipient.locale, data);
  return {
    recipient: recipient.email,
    kind: 'alert_digest',
    locale: recipient.locale,
    subject: mail.subject,
    bodyText: mail.text,
    bodyHtml: mail.html,
    headers: {
      'List-Unsubscribe': `<${data.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
