// Mails to citizens (reporter and supporters), Italian first, English when their locale says so.
import { isRejectReason, REJECT_REASON_LABELS } from '../domain/reject-reason.js';
import { STATUS_LABELS, type TicketStatus } from '../domain/ticket-status.js';
import { unreachable } from '../domain/unreachable.js';
import { renderMail, type MailContent } from './mail-layout.js';

export type CitizenMailKind =
  | 'received'
  | 'joined'
  | 'supported'
  | 'acknowledged'
  | 'started'
  | 'resolved'
  | 'rejected'
  | 'reopened'
  | 'duplicate'
  | 'reassigned'
  | 'note'
  | 'moderated';

export type Locale = 'it' | 'en';

export interface CitizenMailData {
  code: string;
  title: string;
  status: TicketStatus;
  categoryName: string;
  officeName: string;
  municipalityName: string;
  trackingUrl: string;
  unsubscribeUrl: string;
  publicNote?: string | null;
  originalCode?: string | null;
  rejectReason?: string | null;
  /** A moderation: why the public text changed (already in the recipient's language) and the new text. */
  moderation?: { reason: string; title: string; description: string };
}

/** The one sentence that says what happened, per kind and language. */
function headline(kind: CitizenMailKind, d: CitizenMailData, l: Locale): [string, string] {
  const it = l === 'it';
  switch (kind) {
    case 'received':
      return it
        ? [
            `Segnalazione ricevuta`,
            `Abbiamo ricevuto la tua segnalazione "${d.title}" ed è stata inoltrata a ${d.officeName}. Il codice per seguirla è ${d.code}.`,
          ]
        : [
            `Report received`,
            `We received your report "${d.title}" and forwarded it to ${d.officeName}. Your tracking code is ${d.code}.`,
          ];
    case 'joined':
      return it
        ? [
            `La tua adesione è confermata`,
            `Grazie: la tua adesione alla segnalazione "${d.title}" è confermata. Riceverai ogni aggiornamento.`,
          ]
        : [
            `You joined the report`,
            `Thank you: you joined the report "${d.title}". You will receive every update.`,
          ];
    case 'supported':
      return it
        ? [
            `Una nuova adesione alla segnalazione`,
            `Un’altra persona ha segnalato lo stesso problema "${d.title}".`,
          ]
        : [
            `Someone else joined the report`,
            `Someone else reported the same problem "${d.title}".`,
          ];
    case 'acknowledged':
      return it
        ? [
            `Segnalazione presa in carico`,
            `${d.officeName} ha preso in carico la segnalazione "${d.title}".`,
          ]
        : [`Report acknowledged`, `${d.officeName} has taken charge of the report "${d.title}".`];
    case 'started':
      return it
        ? [
            `Segnalazione in lavorazione`,
            `I lavori per la segnalazione "${d.title}" sono iniziati.`,
          ]
        : [`Work started`, `Work on the report "${d.title}" has started.`];
    case 'resolved':
      return it
        ? [
            `Segnalazione conclusa`,
            `La segnalazione "${d.title}" è stata risolta. Grazie per averla inviata.`,
          ]
        : [
            `Report resolved`,
            `The report "${d.title}" has been resolved. Thank you for sending it.`,
          ];
    case 'rejected': {
      const reason = isRejectReason(d.rejectReason)
        ? REJECT_REASON_LABELS[d.rejectReason][l]
        : undefined;
      return it
        ? [
            `Segnalazione respinta`,
            `La segnalazione "${d.title}" è stata respinta${reason ? `: ${reason}` : ''}.`,
          ]
        : [
            `Report rejected`,
            `The report "${d.title}" was rejected${reason ? `: ${reason}` : ''}.`,
          ];
    }
    case 'reopened':
      return it
        ? [
            `Segnalazione riaperta`,
            `La segnalazione "${d.title}" è stata riaperta ed è di nuovo in lavorazione.`,
          ]
        : [
            `Report reopened`,
            `The report "${d.title}" has been reopened and is in progress again.`,
          ];
    case 'duplicate':
      return it
        ? [
            `Segnalazione unita a ${d.originalCode ?? ''}`,
            `La segnalazione "${d.title}" descrive lo stesso problema della segnalazione ${d.originalCode ?? ''}: d'ora in poi riceverai gli aggiornamenti di quella.`,
          ]
        : [
            `Report merged into ${d.originalCode ?? ''}`,
            `The report "${d.title}" describes the same problem as report ${d.originalCode ?? ''}: from now on you will receive its updates.`,
          ];
    case 'reassigned':
      return it
        ? [
            `Segnalazione assegnata a ${d.officeName}`,
            `La segnalazione "${d.title}" è ora seguita da ${d.officeName}.`,
          ]
        : [`Report reassigned`, `The report "${d.title}" is now handled by ${d.officeName}.`];
    case 'note':
      return it
        ? [
            `Aggiornamento sulla segnalazione`,
            `C'è un aggiornamento sulla segnalazione "${d.title}".`,
          ]
        : [`Update on the report`, `There is an update on the report "${d.title}".`];
    case 'moderated':
      return it
        ? [
            `Testo pubblico della segnalazione modificato`,
            `L’ufficio ha modificato il testo che tutti possono leggere della tua segnalazione ${d.code}. Motivo: ${d.moderation?.reason ?? ''}. L’ufficio continua a vedere il testo che hai scritto.`,
          ]
        : [
            `Public text of your report changed`,
            `The office changed the text everyone can read of your report ${d.code}. Reason: ${d.moderation?.reason ?? ''}. The office still sees the text you wrote.`,
          ];
    default:
      return unreachable(kind);
  }
}

export function renderCitizenMail(
  kind: CitizenMailKind,
  locale: Locale,
  d: CitizenMailData,
): MailContent {
  const [subject, sentence] = headline(kind, d, locale);
  const it = locale === 'it';
  const paragraphs = [it ? 'Gentile cittadina, gentile cittadino,' : 'Dear citizen,', sentence];
  if (d.moderation)
    paragraphs.push(
      it
        ? `Testo pubblico ora:\nTitolo: ${d.moderation.title}\nDescrizione: ${d.moderation.description}`
        : `Public text now:\nTitle: ${d.moderation.title}\nDescription: ${d.moderation.description}`,
    );
  if (d.publicNote)
    paragraphs.push(`${it ? 'Nota dell’ufficio' : 'Note from the office'}: ${d.publicNote}`);
  paragraphs.push(
    it
      ? `Categoria: ${d.categoryName}\nStato: ${STATUS_LABELS[d.status].it}\nCodice: ${d.code}`
      : `Category: ${d.categoryName}\nStatus: ${STATUS_LABELS[d.status].en}\nCode: ${d.code}`,
  );
  return renderMail({
    subject: `[${d.code}] ${subject} (Comune di ${d.municipalityName})`,
    paragraphs,
    link: { label: it ? 'Segui la segnalazione' : 'Track the report', url: d.trackingUrl },
    footer: [
      it
        ? `Comune di ${d.municipalityName} – Segnala. Ricevi questa e-mail perché hai inviato o sostenuto questa segnalazione.`
        : `Comune di ${d.municipalityName} – Segnala. You receive this e-mail because you sent or joined this report.`,
    ],
    unsubscribe: {
      label: it
        ? 'Non ricevere più e-mail su questa segnalazione'
        : 'Stop e-mails about this report',
      url: d.unsubscribeUrl,
    },
  });
}
