// The pages of /conferma/:token, in the person's language (page-locale.ts: the one stored with the link,
// else ?lang=, else the browser's): what the link asks, with one button (GET never confirms), and what
// using it did. Italian wording is gender-neutral ("La tua adesione è confermata").
import { escapeHtml } from '../mail/mail-layout.js';
import type { ConfirmationPurpose } from '../domain/email-confirmation.js';
import { STATUS_LABELS, type TicketStatus } from '../domain/ticket-status.js';
import { unreachable } from '../domain/unreachable.js';
import type { DataCopy, MyReports } from '../services/data-subject.service.js';
import type { ConfirmationPreview, ConfirmationResult } from '../services/confirmation.service.js';
import type { LinkRefusal } from '../services/confirmation-link.js';
import type { PageLocale } from './page-locale.js';

export interface PageText {
  status: number;
  title: string;
  message: string;
  /** Trusted HTML, every value escaped here. */
  extra: string;
}

type Pick2 = Record<PageLocale, string>;

const UNUSABLE: Pick2 = { it: 'Link non utilizzabile', en: 'Link not usable' };

const REFUSED: Record<LinkRefusal, Pick2> = {
  INVALID: {
    it: 'Il link non è valido: controlla di averlo copiato per intero. Non è cambiato nulla.',
    en: 'This link is not valid: check that you copied all of it. Nothing changed.',
  },
  EXPIRED: {
    it: 'Il link è scaduto. Non è cambiato nulla: ripeti la richiesta dal sito.',
    en: 'This link has expired. Nothing changed: ask again on the website.',
  },
  USED: {
    it: 'Il link è già stato usato. Non è cambiato nulla.',
    en: 'This link was already used. Nothing changed.',
  },
};

type Ask = (code: string, title: string) => [title: string, message: string, button: string];

const ASK: Record<ConfirmationPurpose, Record<PageLocale, Ask>> = {
  join: {
    it: (code) => [
      'Confermi l’adesione?',
      `Premi il pulsante per aderire alla segnalazione ${code} e riceverne gli aggiornamenti.`,
      'Mi associo',
    ],
    en: (code) => [
      'Join this report?',
      `Press the button to join report ${code} and receive its updates.`,
      'Join',
    ],
  },
  report: {
    it: (_code, title) => [
      'Confermi la segnalazione?',
      `Premi il pulsante per inviare al Comune la segnalazione «${title}».`,
      'Invia la segnalazione',
    ],
    en: (_code, title) => [
      'Send this report?',
      `Press the button to send the report “${title}” to the comune.`,
      'Send the report',
    ],
  },
  alert: {
    it: (_code, place) => [
      'Confermi gli avvisi?',
      `Premi il pulsante per ricevere ogni giorno un’e-mail con le nuove segnalazioni in questo luogo: ${place}.`,
      'Ricevi gli avvisi',
    ],
    en: (_code, place) => [
      'Get these alerts?',
      `Press the button to receive a daily e-mail with the new reports in this place: ${place}.`,
      'Get the alerts',
    ],
  },
  data_copy: {
    it: () => [
      'I tuoi dati',
      'Premi il pulsante per vedere i dati che il Comune conserva per il tuo indirizzo e-mail.',
      'Mostra i miei dati',
    ],
    en: () => [
      'Your data',
      'Press the button to see the data the comune holds for your e-mail address.',
      'Show my data',
    ],
  },
  my_reports: {
    it: () => [
      'Le mie segnalazioni',
      'Premi il pulsante per vedere le segnalazioni inviate e seguite con il tuo indirizzo e-mail.',
      'Mostra le mie segnalazioni',
    ],
    en: () => [
      'My reports',
      'Press the button to see the reports sent and followed with your e-mail address.',
      'Show my reports',
    ],
  },
  erasure: {
    it: () => [
      'Confermi la cancellazione?',
      'Premi il pulsante per togliere il tuo indirizzo, nome e telefono da ogni segnalazione che hai inviato o seguito. Non si può annullare.',
      'Cancella i miei dati',
    ],
    en: () => [
      'Erase your data?',
      'Press the button to remove your address, name and phone from every report you sent or followed. This cannot be undone.',
      'Erase my data',
    ],
  },
};

function button(label: string, extraField = ''): string {
  return `<form method="post">${extraField}<button type="submit">${escapeHtml(label)}</button></form>`;
}

function refused(reason: LinkRefusal, l: PageLocale): PageText {
  return { status: 410, title: UNUSABLE[l], message: REFUSED[reason][l], extra: '' };
}

export function previewPage(p: ConfirmationPreview, l: PageLocale): PageText {
  if (p.kind === 'refused') return refused(p.reason, l);
  const [title, message, label] = ASK[p.purpose][l](p.code ?? '', p.title ?? '');
  return { status: 200, title, message, extra: button(label) };
}

function trackingLink(base: string, code: string, l: PageLocale): string {
  const url = `${base}/segnalazioni/${encodeURIComponent(code)}`;
  const label = l === 'it' ? `Segui la segnalazione ${code}` : `Track report ${code}`;
  return `<p><a href="${escapeHtml(url)}">${escapeHtml(label)}</a></p>`;
}

/** Title and message of each outcome, per language. */
function outcome(
  r: Exclude<ConfirmationResult, { kind: 'refused' }>,
  l: PageLocale,
): [string, string] {
  const it = l === 'it';
  switch (r.kind) {
    case 'joined':
      return it
        ? [
            'La tua adesione è confermata',
            `Grazie: ora sostieni la segnalazione ${r.code} e ne riceverai gli aggiornamenti.`,
          ]
        : [
            'You joined the report',
            `Thank you: you now support report ${r.code} and will receive its updates.`,
          ];
    case 'already':
      return it
        ? [
            'Segui già la segnalazione',
            `Questo indirizzo segue già la segnalazione ${r.code}: non è cambiato nulla.`,
          ]
        : [
            'You already follow this report',
            `This address already follows report ${r.code}: nothing changed.`,
          ];
    case 'closed':
      return it
        ? [
            'Segnalazione chiusa',
            `La segnalazione ${r.code} è stata chiusa nel frattempo: non è cambiato nulla.`,
          ]
        : ['Report closed', `Report ${r.code} was closed meanwhile: nothing changed.`];
    case 'reported':
      return it
        ? [
            'Segnalazione inviata',
            `Grazie: la segnalazione è arrivata al Comune. Il codice per seguirla è ${r.code}.`,
          ]
        : [
            'Report sent',
            `Thank you: the report reached the comune. Its tracking code is ${r.code}.`,
          ];
    case 'not_filed':
      return it
        ? [
            'Segnalazione non inviata',
            `La segnalazione non può più essere inviata: ${r.message} Non è cambiato nulla.`,
          ]
        : [
            'Report not sent',
            'The report can no longer be sent (its category or place is no longer open to reports). Nothing changed.',
          ];
    case 'data':
      return it
        ? ['I tuoi dati', `Ciò che il ${r.copy.comune} conserva per ${r.copy.email}.`]
        : ['Your data', `What the ${r.copy.comune} holds for ${r.copy.email}.`];
    case 'my_reports':
      return it
        ? [
            'Le mie segnalazioni',
            'Le segnalazioni inviate e seguite con il tuo indirizzo e-mail, con la fase in cui si trovano.',
          ]
        : [
            'My reports',
            'The reports sent and followed with your e-mail address, with the phase each one is in.',
          ];
    case 'erased':
      return it
        ? [
            'Dati cancellati',
            `Il tuo indirizzo è stato tolto da ${r.reports} segnalazioni inviate e ${r.follows} seguite, e ${r.alerts} iscrizioni agli avvisi sono state cancellate; non riceverai più e-mail.`,
          ]
        : [
            'Data erased',
            `Your address was removed from ${r.reports} reports sent and ${r.follows} followed, and ${r.alerts} alert subscriptions were deleted; you will receive no more e-mails.`,
          ];
    case 'subscribed':
      return it
        ? [
            'Avvisi attivati',
            `Grazie: riceverai una volta al giorno un’e-mail con le nuove segnalazioni in questo luogo: ${r.place}. Ogni e-mail ha il link per smettere.`,
          ]
        : [
            'Alerts on',
            `Thank you: you will receive a daily e-mail with the new reports in this place: ${r.place}. Every e-mail has the link to stop.`,
          ];
    case 'already_subscribed':
      return it
        ? [
            'Ricevi già questi avvisi',
            `Questo indirizzo riceve già gli avvisi per: ${r.place}. Non è cambiato nulla.`,
          ]
        : [
            'You already get these alerts',
            `This address already receives the alerts for: ${r.place}. Nothing changed.`,
          ];
    case 'alert_gone':
      return [UNUSABLE[l], REFUSED.EXPIRED[l]];
    default:
      return unreachable(r);
  }
}

const STATUS_CODE: Partial<Record<ConfirmationResult['kind'], number>> = {
  closed: 409,
  not_filed: 409,
  alert_gone: 410,
};

export function resultPage(r: ConfirmationResult, base: string, l: PageLocale): PageText {
  if (r.kind === 'refused') return refused(r.reason, l);
  const [title, message] = outcome(r, l);
  const extra =
    r.kind === 'data'
      ? dataCopyHtml(r.copy, l)
      : r.kind === 'my_reports'
        ? myReportsHtml(r.list, base, l)
        : 'code' in r
          ? trackingLink(base, r.code, l)
          : '';
  return { status: STATUS_CODE[r.kind] ?? 200, title, message, extra };
}

function table(
  caption: string,
  none: string,
  head: string[],
  rows: (string | number | null)[][],
): string {
  if (rows.length === 0) return `<h2>${escapeHtml(caption)}</h2><p>${escapeHtml(none)}</p>`;
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

const COPY = {
  it: {
    none: 'Nessuno.',
    reports: 'Segnalazioni inviate',
    follows: 'Segnalazioni seguite',
    alerts: 'Avvisi di nuove segnalazioni',
    mails: 'E-mail inviate',
    reportHead: [
      'Codice',
      'Titolo',
      'Descrizione',
      'Stato',
      'Categoria',
      'Indirizzo',
      'Civico',
      'Nome',
      'Telefono',
      'Inviata',
      'Foto',
      'Informativa',
      'Disiscrizione',
    ],
    followHead: ['Codice', 'Titolo', 'Stato', 'Dal', 'Lingua', 'Informativa', 'Disiscrizione'],
    alertHead: ['Luogo', 'Lingua', 'Richiesto', 'Confermato', 'Ultimo avviso', 'Informativa'],
    mailHead: ['Oggetto', 'Scritta', 'Inviata'],
    json: 'Scarica in JSON',
  },
  en: {
    none: 'None.',
    reports: 'Reports sent',
    follows: 'Reports followed',
    alerts: 'Alerts of new reports',
    mails: 'E-mails sent',
    reportHead: [
      'Code',
      'Title',
      'Description',
      'Status',
      'Category',
      'Address',
      'House number',
      'Name',
      'Phone',
      'Sent',
      'Photos',
      'Notice',
      'Unsubscribed',
    ],
    followHead: ['Code', 'Title', 'Status', 'Since', 'Language', 'Notice', 'Unsubscribed'],
    alertHead: ['Place', 'Language', 'Asked', 'Confirmed', 'Last alert', 'Notice'],
    mailHead: ['Subject', 'Written', 'Sent'],
    json: 'Download as JSON',
  },
} as const;

function statusLabel(status: string, l: PageLocale): string {
  return STATUS_LABELS[status as TicketStatus]?.[l] ?? status;
}

/** The copy as a readable page; the JSON is the same object, downloaded by the form at its end. */
export function dataCopyHtml(c: DataCopy, l: PageLocale = 'it'): string {
  const w = COPY[l];
  return [
    '<style>table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid var(--border);padding:.3rem .5rem;text-align:left;vertical-align:top}</style>',
    table(
      w.reports,
      w.none,
      [...w.reportHead],
      c.reports.map((r) => [
        r.code,
        r.title,
        r.description,
        statusLabel(r.status, l),
        l === 'it' ? r.category_it : r.category_en,
        r.address,
        r.house_number,
        r.name,
        r.phone,
        day(r.created_at),
        r.photos,
        r.privacy_notice_version,
        day(r.unsubscribed_at),
      ]),
    ),
    table(
      w.follows,
      w.none,
      [...w.followHead],
      c.follows.map((f) => [
        f.code,
        f.title,
        statusLabel(f.status, l),
        day(f.created_at),
        f.locale,
        f.privacy_notice_version,
        day(f.unsubscribed_at),
      ]),
    ),
    table(
      w.alerts,
      w.none,
      [...w.alertHead],
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
      w.mails,
      w.none,
      [...w.mailHead],
      c.mails.map((m) => [m.subject, day(m.created_at), day(m.sent_at)]),
    ),
    button(w.json, '<input type="hidden" name="format" value="json">'),
  ].join('\n');
}

const MINE = {
  it: {
    reports: 'Segnalazioni inviate',
    follows: 'Segnalazioni seguite («mi associo»)',
    none: 'Nessuna.',
    head: ['Segnalazione', 'Fase', 'Dal'],
    stop: 'Non ricevere più e-mail',
    stopped: 'Non ricevi più e-mail',
    stopLabel: (code: string) => `Non ricevere più e-mail sulla segnalazione ${code}`,
  },
  en: {
    reports: 'Reports sent',
    follows: 'Reports followed (“join”)',
    none: 'None.',
    head: ['Report', 'Phase', 'Since'],
    stop: 'Stop e-mails',
    stopped: 'No more e-mails',
    stopLabel: (code: string) => `Stop e-mails about report ${code}`,
  },
} as const;

/** "Le mie segnalazioni": each report with its phase, a link to its page and its own unsubscribe button. */
export function myReportsHtml(list: MyReports, base: string, l: PageLocale): string {
  const w = MINE[l];
  const date = (d: Date) =>
    new Intl.DateTimeFormat(l === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'medium' }).format(d);
  const section = (
    caption: string,
    rows: {
      code: string;
      title: string;
      status: string;
      created_at: Date;
      unsubscribed_at: Date | null;
      unsubscribeUrl: string;
    }[],
  ) => {
    if (rows.length === 0) return `<h2>${escapeHtml(caption)}</h2><p>${escapeHtml(w.none)}</p>`;
    const th = w.head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
    const tr = rows
      .map((r) => {
        const url = `${base}/segnalazioni/${encodeURIComponent(r.code)}${l === 'en' ? '?lang=en' : ''}`;
        const stop = r.unsubscribed_at
          ? escapeHtml(w.stopped)
          : `<form method="post" action="${escapeHtml(r.unsubscribeUrl)}"><button type="submit" aria-label="${escapeHtml(w.stopLabel(r.code))}">${escapeHtml(w.stop)}</button></form>`;
        // The unsubscribe sits under the report it stops: three columns fit a phone's width.
        return `<tr><td><a href="${escapeHtml(url)}">${escapeHtml(r.code)}</a><br>${escapeHtml(r.title)}<div class="stop">${stop}</div></td><td>${escapeHtml(statusLabel(r.status, l))}</td><td>${escapeHtml(date(new Date(r.created_at)))}</td></tr>`;
      })
      .join('');
    return `<h2>${escapeHtml(caption)}</h2><div style="overflow-x:auto"><table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table></div>`;
  };
  return [
    '<style>table{border-collapse:collapse;margin:.5rem 0;width:100%}th,td{border:1px solid var(--border);padding:.3rem .5rem;text-align:left;vertical-align:top}td .stop{margin-top:.4rem}td form{margin:0}</style>',
    section(w.reports, list.reports),
    section(w.follows, list.follows),
  ].join('\n');
}
