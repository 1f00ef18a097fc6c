// The pages of /conferma/:token, Italian then English on one page (the citizen may not have chosen a
// language yet): what the link asks, with one button (GET never confirms), and what using it did.
import { escapeHtml } from '../mail/mail-layout.js';
import type { ConfirmationPurpose } from '../domain/email-confirmation.js';
import { unreachable } from '../domain/unreachable.js';
import type { DataCopy } from '../services/data-subject.service.js';
import type { ConfirmationPreview, ConfirmationResult } from '../services/confirmation.service.js';

export interface PageText {
  status: number;
  title: string;
  message: string;
  /** Trusted HTML, every value escaped here. */
  extra: string;
}

const REFUSED = {
  INVALID:
    'Il link non è valido: controlla di averlo copiato per intero. Non è cambiato nulla. / This link is not valid: check that you copied all of it. Nothing changed.',
  EXPIRED:
    'Il link è scaduto. Non è cambiato nulla: ripeti la richiesta dal sito. / This link has expired. Nothing changed: ask again on the website.',
  USED: 'Il link è già stato usato. Non è cambiato nulla. / This link was already used. Nothing changed.',
} as const;

const ASK: Record<ConfirmationPurpose, (code: string, title: string) => [string, string, string]> =
  {
    join: (code) => [
      'Confermi di associarti?',
      `Premi il pulsante per associarti alla segnalazione ${code} e riceverne gli aggiornamenti. / Press the button to join report ${code} and receive its updates.`,
      'Mi associo / Join',
    ],
    report: (_code, title) => [
      'Confermi la segnalazione?',
      `Premi il pulsante per inviare al Comune la segnalazione «${title}». / Press the button to send the report “${title}” to the comune.`,
      'Invia la segnalazione / Send the report',
    ],
    alert: (_code, place) => [
      'Confermi gli avvisi?',
      `Premi il pulsante per ricevere ogni giorno un'e-mail con le nuove segnalazioni in questo luogo: ${place}. / Press the button to receive a daily e-mail with the new reports in this place: ${place}.`,
      'Ricevi gli avvisi / Get the alerts',
    ],
    data_copy: () => [
      'I tuoi dati',
      'Premi il pulsante per vedere i dati che il Comune conserva per il tuo indirizzo e-mail. / Press the button to see the data the comune holds for your e-mail address.',
      'Mostra i miei dati / Show my data',
    ],
    erasure: () => [
      'Confermi la cancellazione?',
      'Premi il pulsante per togliere il tuo indirizzo, nome e telefono da ogni segnalazione che hai inviato o seguito. Non si può annullare. / Press the button to remove your address, name and phone from every report you sent or followed. This cannot be undone.',
      'Cancella i miei dati / Erase my data',
    ],
  };

function button(label: string, extraField = ''): string {
  return `<form method="post">${extraField}<button type="submit">${escapeHtml(label)}</button></form>`;
}

export function previewPage(p: ConfirmationPreview): PageText {
  if (p.kind === 'refused')
    return { status: 410, title: 'Link non utilizzabile', message: REFUSED[p.reason], extra: '' };
  const [title, message, label] = ASK[p.purpose](p.code ?? '', p.title ?? '');
  return { status: 200, title, message, extra: button(label) };
}

function trackingLink(base: string, code: string): string {
  const url = `${base}/segnalazioni/${encodeURIComponent(code)}`;
  return `<p><a href="${escapeHtml(url)}">Segui la segnalazione ${escapeHtml(code)} / Track report ${escapeHtml(code)}</a></p>`;
}

export function resultPage(r: ConfirmationResult, base: string): PageText {
  switch (r.kind) {
    case 'refused':
      return { status: 410, title: 'Link non utilizzabile', message: REFUSED[r.reason], extra: '' };
    case 'joined':
      return {
        status: 200,
        title: 'Adesione registrata',
        message: `Grazie: ora sostieni la segnalazione ${r.code} e ne riceverai gli aggiornamenti. / Thank you: you now support report ${r.code} and will receive its updates.`,
        extra: trackingLink(base, r.code),
      };
    case 'already':
      return {
        status: 200,
        title: 'Segui già la segnalazione',
        message: `Questo indirizzo segue già la segnalazione ${r.code}: non è cambiato nulla. / This address already follows report ${r.code}: nothing changed.`,
        extra: trackingLink(base, r.code),
      };
    case 'closed':
      return {
        status: 409,
        title: 'Segnalazione chiusa',
        message: `La segnalazione ${r.code} è stata chiusa nel frattempo: non è cambiato nulla. / Report ${r.code} was closed meanwhile: nothing changed.`,
        extra: trackingLink(base, r.code),
      };
    case 'reported':
      return {
        status: 200,
        title: 'Segnalazione inviata',
        message: `Grazie: la segnalazione è arrivata al Comune. Il codice per seguirla è ${r.code}. / Thank you: the report reached the comune. Its tracking code is ${r.code}.`,
        extra: trackingLink(base, r.code),
      };
    case 'not_filed':
      return {
        status: 409,
        title: 'Segnalazione non inviata',
        message: `La segnalazione non può più essere inviata: ${r.message} Non è cambiato nulla. / The report can no longer be sent; nothing changed.`,
        extra: '',
      };
    case 'data':
      return {
        status: 200,
        title: 'I tuoi dati',
        message: `Ciò che il ${r.copy.comune} conserva per ${r.copy.email}. / What the comune holds for this address.`,
        extra: dataCopyHtml(r.copy),
      };
    case 'erased':
      return {
        status: 200,
        title: 'Dati cancellati',
        message: `Il tuo indirizzo è stato tolto da ${r.reports} segnalazioni inviate e ${r.follows} seguite, e ${r.alerts} iscrizioni agli avvisi sono state cancellate; non riceverai più e-mail. / Your address was removed from ${r.reports} reports sent and ${r.follows} followed, and ${r.alerts} alert subscriptions were deleted; you will receive no more e-mails.`,
        extra: '',
      };
    case 'subscribed':
      return {
        status: 200,
        title: 'Avvisi attivati',
        message: `Grazie: riceverai una volta al giorno un'e-mail con le nuove segnalazioni in questo luogo: ${r.place}. Ogni e-mail ha il link per smettere. / Thank you: you will receive a daily e-mail with the new reports in this place. Every e-mail has the link to stop.`,
        extra: '',
      };
    case 'already_subscribed':
      return {
        status: 200,
        title: 'Ricevi già questi avvisi',
        message: `Questo indirizzo riceve già gli avvisi per: ${r.place}. Non è cambiato nulla. / This address already receives these alerts: nothing changed.`,
        extra: '',
      };
    case 'alert_gone':
      return {
        status: 410,
        title: 'Link non utilizzabile',
        message: REFUSED.EXPIRED,
        extra: '',
      };
    default:
      return unreachable(r);
  }
}

function table(caption: string, head: string[], rows: (string | number | null)[][]): string {
  if (rows.length === 0) return `<h2>${escapeHtml(caption)}</h2><p>Nessuno. / None.</p>`;
  const th = head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const tr = rows
    .map(
      (r) =>
        `<tr>${r.map((c) => `<td>${escapeHtml(c === null ? '–' : String(c))}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<h2>${escapeHtml(caption)}</h2><div style="overflow-x:auto"><table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table></div>`;
}

const day = (d: Date | null) =>
  d ? new Date(d).toISOString().slice(0, 16).replace('T', ' ') : null;

/** The copy as a readable page; the JSON is the same object, downloaded by the form at its end. */
export function dataCopyHtml(c: DataCopy): string {
  return [
    '<style>table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid var(--border);padding:.3rem .5rem;text-align:left;vertical-align:top}</style>',
    table(
      'Segnalazioni inviate / Reports sent',
      [
        'Codice / Code',
        'Titolo / Title',
        'Descrizione / Description',
        'Stato / Status',
        'Categoria / Category',
        'Indirizzo / Address',
        'Nome / Name',
        'Telefono / Phone',
        'Inviata / Sent',
        'Foto / Photos',
        'Informativa / Notice',
        'Disiscritto / Unsubscribed',
      ],
      c.reports.map((r) => [
        r.code,
        r.title,
        r.description,
        r.status,
        r.category_it,
        r.address,
        r.name,
        r.phone,
        day(r.created_at),
        r.photos,
        r.privacy_notice_version,
        day(r.unsubscribed_at),
      ]),
    ),
    table(
      'Segnalazioni seguite / Reports followed',
      [
        'Codice / Code',
        'Titolo / Title',
        'Stato / Status',
        'Dal / Since',
        'Lingua / Language',
        'Informativa / Notice',
        'Disiscritto / Unsubscribed',
      ],
      c.follows.map((f) => [
        f.code,
        f.title,
        f.status,
        day(f.created_at),
        f.locale,
        f.privacy_notice_version,
        day(f.unsubscribed_at),
      ]),
    ),
    table(
      'Avvisi di nuove segnalazioni / Alerts of new reports',
      [
        'Luogo / Place',
        'Lingua / Language',
        'Richiesto / Asked',
        'Confermato / Confirmed',
        'Ultimo avviso / Last alert',
        'Informativa / Notice',
      ],
      c.alerts.map((a) => [
        a.place,
        a.locale,
        day(a.created_at),
        day(a.confirmed_at),
        day(a.last_digest_at),
        a.privacy_notice_version,
      ]),
    ),
    table(
      'E-mail inviate / E-mails sent',
      ['Oggetto / Subject', 'Scritta / Written', 'Inviata / Sent'],
      c.mails.map((m) => [m.subject, day(m.created_at), day(m.sent_at)]),
    ),
    button(
      'Scarica in JSON / Download as JSON',
      '<input type="hidden" name="format" value="json">',
    ),
  ].join('\n');
}
