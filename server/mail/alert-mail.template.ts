// The daily digest of an alert subscription: the new public reports in its place since the last one,
// Italian first, English when the subscription's locale says so, with the one-click unsubscribe link.
import type { Locale } from './citizen-mail.template.js';
import { renderMail, type MailContent } from './mail-layout.js';

export interface DigestTicket {
  code: string;
  /** Public, masked. */
  title: string;
  categoryName: string;
  address: string | null;
  url: string;
}

export interface AlertDigestData {
  municipalityName: string;
  /** Where the subscription looks, as a person says it ("Via Roma", "entro 300 m da Via Roma"). */
  place: string;
  /** The public page of the place: the street's page, or the public list. */
  placeUrl: string;
  tickets: DigestTicket[];
  unsubscribeUrl: string;
  /** The day retention ends the subscription (docs/privacy.md). */
  until: Date;
}

const day = (d: Date, locale: Locale) =>
  d.toLocaleDateString(locale === 'it' ? 'it-IT' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Rome',
  });

function line(t: DigestTicket): string {
  const where = t.address ? `, ${t.address}` : '';
  return `• ${t.title} (${t.categoryName}${where}) – ${t.code}: ${t.url}`;
}

export function renderAlertDigest(locale: Locale, d: AlertDigestData): MailContent {
  const it = locale === 'it';
  const n = d.tickets.length;
  const count = it
    ? n === 1
      ? '1 nuova segnalazione'
      : `${n} nuove segnalazioni`
    : n === 1
      ? '1 new report'
      : `${n} new reports`;
  return renderMail({
    subject: `${count}: ${d.place} (Comune di ${d.municipalityName})`,
    paragraphs: [
      it ? 'Gentile cittadina, gentile cittadino,' : 'Dear citizen,',
      it
        ? `dall'ultimo avviso il Comune di ${d.municipalityName} ha ricevuto ${count} in questo luogo: ${d.place}.`
        : `since the last alert the Comune di ${d.municipalityName} received ${count} in this place: ${d.place}.`,
      d.tickets.map(line).join('\n'),
    ],
    link: { label: it ? 'Vedi le segnalazioni' : 'See the reports', url: d.placeUrl },
    footer: [
      it
        ? `Comune di ${d.municipalityName} – Segnala. Ricevi questa e-mail perché hai confermato gli avvisi per: ${d.place}. Gli avvisi durano fino al ${day(d.until, locale)}; poi puoi chiederli di nuovo.`
        : `Comune di ${d.municipalityName} – Segnala. You receive this e-mail because you confirmed the alerts for: ${d.place}. The alerts last until ${day(d.until, locale)}; you can then ask for them again.`,
    ],
    unsubscribe: {
      label: it ? 'Non ricevere più questi avvisi' : 'Stop these alerts',
      url: d.unsubscribeUrl,
    },
  });
}
