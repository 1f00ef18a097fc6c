// Mails that carry a confirmation link (or say none is needed), Italian first, English when asked.
import { unreachable } from '../domain/unreachable.js';
import type { Locale } from './citizen-mail.template.js';
import { renderMail, type MailContent } from './mail-layout.js';

export type ConfirmationMailKind =
  | 'confirm_join'
  | 'already_following'
  | 'confirm_report'
  | 'confirm_alert'
  | 'already_alert'
  | 'data_copy'
  | 'confirm_erasure'
  | 'my_reports';

export interface ConfirmationMailData {
  municipalityName: string;
  /** The link to open: the confirmation page, or the tracking page for already_following. */
  url: string;
  code?: string;
  /** The report's title; for an alert, its place ("Via Roma", "500 m da 43.98, 10.21"). */
  title?: string;
  hours: number;
}

type Words = { subject: string; lines: string[]; link: string };

function words(kind: ConfirmationMailKind, d: ConfirmationMailData, it: boolean): Words {
  const until = it
    ? `Il link vale ${d.hours} ore e si usa una volta sola.`
    : `The link is valid for ${d.hours} hours and works once.`;
  const ignore = it
    ? 'Se la richiesta non è tua, ignora questa e-mail: non succederà nulla.'
    : 'If it was not you, ignore this e-mail: nothing will happen.';
  switch (kind) {
    case 'confirm_join':
      return it
        ? {
            subject: `[${d.code}] Conferma che ti associ alla segnalazione`,
            lines: [
              `Qualcuno ha chiesto di associare questo indirizzo alla segnalazione "${d.title}" (${d.code}). Conferma per sostenere la segnalazione e riceverne gli aggiornamenti.`,
              until,
              ignore,
            ],
            link: 'Conferma',
          }
        : {
            subject: `[${d.code}] Confirm that you join the report`,
            lines: [
              `Someone asked to add this address to the report "${d.title}" (${d.code}). Confirm to count as a supporter and receive its updates.`,
              until,
              ignore,
            ],
            link: 'Confirm',
          };
    case 'already_following':
      return it
        ? {
            subject: `[${d.code}] Segui già questa segnalazione`,
            lines: [
              `Qualcuno ha chiesto di associare questo indirizzo alla segnalazione "${d.title}" (${d.code}), che già invii o segui: non è cambiato nulla, continuerai a ricevere gli aggiornamenti.`,
            ],
            link: 'Segui la segnalazione',
          }
        : {
            subject: `[${d.code}] You already follow this report`,
            lines: [
              `Someone asked to add this address to the report "${d.title}" (${d.code}), which you already sent or follow: nothing changed, you will keep receiving its updates.`,
            ],
            link: 'Track the report',
          };
    case 'confirm_report':
      return it
        ? {
            subject: 'Conferma la tua segnalazione',
            lines: [
              `Hai inviato la segnalazione "${d.title}". Il Comune la riceve solo dopo che confermi questo indirizzo e-mail; poi riceverai il codice per seguirla.`,
              until,
              ignore,
            ],
            link: 'Conferma la segnalazione',
          }
        : {
            subject: 'Confirm your report',
            lines: [
              `You sent the report "${d.title}". The comune receives it only once you confirm this e-mail address; you will then get its tracking code.`,
              until,
              ignore,
            ],
            link: 'Confirm the report',
          };
    case 'confirm_alert':
      return it
        ? {
            subject: 'Conferma gli avvisi di nuove segnalazioni',
            lines: [
              `Qualcuno ha chiesto di ricevere a questo indirizzo, una volta al giorno, un'e-mail con le nuove segnalazioni pubbliche in questo luogo: ${d.title}. Conferma per iniziare a riceverla; ogni e-mail ha il link per smettere.`,
              until,
              ignore,
            ],
            link: 'Conferma gli avvisi',
          }
        : {
            subject: 'Confirm the alerts of new reports',
            lines: [
              `Someone asked to receive at this address, once a day, an e-mail with the new public reports in this place: ${d.title}. Confirm to start receiving it; every e-mail has the link to stop.`,
              until,
              ignore,
            ],
            link: 'Confirm the alerts',
          };
    case 'already_alert':
      return it
        ? {
            subject: 'Ricevi già questi avvisi',
            lines: [
              `Qualcuno ha chiesto di ricevere a questo indirizzo gli avvisi delle nuove segnalazioni in questo luogo: ${d.title}. Li ricevi già: non è cambiato nulla. Per smettere usa il link in fondo a ogni avviso.`,
            ],
            link: 'Vedi le segnalazioni',
          }
        : {
            subject: 'You already receive these alerts',
            lines: [
              `Someone asked to send to this address the alerts of new reports in this place: ${d.title}. You already receive them: nothing changed. To stop, use the link at the end of every alert.`,
            ],
            link: 'See the reports',
          };
    case 'data_copy':
      return it
        ? {
            subject: 'La copia dei tuoi dati',
            lines: [
              'Hai chiesto una copia dei dati che il Comune conserva per questo indirizzo e-mail (GDPR art. 15). Dal link li vedi in una pagina e li scarichi in JSON.',
              `Il link vale ${d.hours} ore.`,
              ignore,
            ],
            link: 'Vedi i tuoi dati',
          }
        : {
            subject: 'The copy of your data',
            lines: [
              'You asked for a copy of the data the comune holds for this e-mail address (GDPR art. 15). The link shows them on a page and as a JSON download.',
              `The link is valid for ${d.hours} hours.`,
              ignore,
            ],
            link: 'See your data',
          };
    case 'my_reports':
      return it
        ? {
            subject: 'Le tue segnalazioni',
            lines: [
              'Hai chiesto l’elenco delle segnalazioni inviate e seguite con questo indirizzo e-mail. Dal link vedi a che punto è ciascuna e puoi smettere di ricevere e-mail su quelle che vuoi.',
              `Il link vale ${d.hours} ore.`,
              ignore,
            ],
            link: 'Vedi le tue segnalazioni',
          }
        : {
            subject: 'Your reports',
            lines: [
              'You asked for the list of the reports sent and followed with this e-mail address. The link shows the phase of each one and lets you stop the e-mails about any of them.',
              `The link is valid for ${d.hours} hours.`,
              ignore,
            ],
            link: 'See your reports',
          };
    case 'confirm_erasure':
      return it
        ? {
            subject: 'Conferma la cancellazione dei tuoi dati',
            lines: [
              'Hai chiesto di cancellare i dati legati a questo indirizzo e-mail (GDPR art. 17): conferma e l’indirizzo, il nome e il telefono saranno tolti da ogni segnalazione inviata o seguita; non riceverai più aggiornamenti. Le segnalazioni restano pubbliche, senza i tuoi dati.',
              until,
              ignore,
            ],
            link: 'Conferma la cancellazione',
          }
        : {
            subject: 'Confirm the erasure of your data',
            lines: [
              'You asked to erase the data linked to this e-mail address (GDPR art. 17): confirm, and the address, name and phone will be removed from every report sent or followed; you will receive no more updates. The reports stay public, without your data.',
              until,
              ignore,
            ],
            link: 'Confirm the erasure',
          };
    default:
      return unreachable(kind);
  }
}

export function renderConfirmationMail(
  kind: ConfirmationMailKind,
  locale: Locale,
  d: ConfirmationMailData,
): MailContent {
  const it = locale === 'it';
  const w = words(kind, d, it);
  return renderMail({
    subject: `${w.subject} (Comune di ${d.municipalityName})`,
    paragraphs: [it ? 'Gentile cittadina, gentile cittadino,' : 'Dear citizen,', ...w.lines],
    link: { label: w.link, url: d.url },
    footer: [
      it
        ? `Comune di ${d.municipalityName} – Segnala. Ricevi questa e-mail perché qualcuno ha indicato questo indirizzo sul sito.`
        : `Comune di ${d.municipalityName} – Segnala. You receive this e-mail because someone entered this address on the website.`,
    ],
  });
}
