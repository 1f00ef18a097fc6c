// Mails to citizens (reporter and supporters), Italian first, English when their locale says so.
// The Italian is written so that any office name reads right after it ("all'ufficio competente:
// Polizia Municipale", never "a Ufficio Tecnico"), in forms that do not assume the reader's gender,
// and tells the reporter ("grazie per averla inviata") from a supporter ("per averla sostenuta").
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
  | 'moderated'
  | 'reopen_declined';

export type Locale = 'it' | 'en';

/** Who the mail goes to: the one who sent the report, or someone who joined it ("mi associo"). */
export type CitizenRole = 'reporter' | 'supporter';

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
  /** The public copy of the description: every mail says what the problem was. */
  description: string;
  /** Where: "Via Roma 12" (street and house number), the citizen's address text, or null. */
  place: string | null;
  /** The recipient's name when they gave one (the reporter's form); null: a neutral greeting. */
  recipientName?: string | null;
  role: CitizenRole;
  /**
   * The reporter's answer links of a resolution ("Non è risolto?", "Com'è andata?"), valid 30 days;
   * only in the reporter's 'resolved' mail.
   */
  feedback?: { notFixedUrl: string; rateUrl: string; days: number };
  /** A moderation: why the public text changed (already in the recipient's language) and the new text. */
  moderation?: { reason: string; title: string; description: string };
}

/** The one sentence that says what happened, per kind and language. */
function headline(kind: CitizenMailKind, d: CitizenMailData, l: Locale): [string, string] {
  const it = l === 'it';
  const reporter = d.role === 'reporter';
  switch (kind) {
    case 'received':
      return it
        ? [
            `Segnalazione ricevuta`,
            `Abbiamo ricevuto la tua segnalazione "${d.title}" e l’abbiamo inoltrata all’ufficio competente: ${d.officeName}. Il codice per seguirla è ${d.code}.`,
          ]
        : [
            `Report received`,
            `We received your report "${d.title}" and forwarded it to the office in charge: ${d.officeName}. Your tracking code is ${d.code}.`,
          ];
    case 'joined':
      return it
        ? [
            `Ora segui la segnalazione`,
            `Grazie: la tua adesione alla segnalazione "${d.title}" è registrata. Da ora riceverai ogni aggiornamento.`,
          ]
        : [
            `You now follow the report`,
            `Thank you: you joined the report "${d.title}". You will receive every update.`,
          ];
    case 'supported':
      return it
        ? [
            `Un’altra persona ha segnalato lo stesso problema`,
            `Un’altra persona ha segnalato lo stesso problema della segnalazione "${d.title}" e si è unita a questa.`,
          ]
        : [
            `Someone else reported the same problem`,
            `Someone else reported the same problem as "${d.title}" and joined this report.`,
          ];
    case 'acknowledged':
      return it
        ? [
            `Segnalazione presa in carico`,
            `La segnalazione "${d.title}" è stata presa in carico dall’ufficio competente: ${d.officeName}.`,
          ]
        : [
            `Report acknowledged`,
            `The report "${d.title}" has been taken in charge by the office responsible: ${d.officeName}.`,
          ];
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
            `La segnalazione "${d.title}" è stata risolta. ${reporter ? 'Grazie per averla inviata.' : 'Grazie per averla sostenuta.'}`,
          ]
        : [
            `Report resolved`,
            `The report "${d.title}" has been resolved. ${reporter ? 'Thank you for sending it.' : 'Thank you for supporting it.'}`,
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
            `La segnalazione "${d.title}" descrive lo stesso problema della segnalazione ${d.originalCode ?? ''}: d’ora in poi riceverai gli aggiornamenti di quella, che trovi al link qui sotto.`,
          ]
        : [
            `Report merged into ${d.originalCode ?? ''}`,
            `The report "${d.title}" describes the same problem as report ${d.originalCode ?? ''}: from now on you will receive its updates; the link below opens it.`,
          ];
    case 'reassigned':
      return it
        ? [
            `Segnalazione passata a un altro ufficio: ${d.officeName}`,
            `La segnalazione "${d.title}" è passata a un altro ufficio, che ora la segue: ${d.officeName}.`,
          ]
        : [
            `Report passed to another office: ${d.officeName}`,
            `The report "${d.title}" has passed to another office, which now handles it: ${d.officeName}.`,
          ];
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
    case 'reopen_declined':
      return it
        ? [
            `Richiesta di riapertura non accolta`,
            `Hai scritto che il problema della segnalazione "${d.title}" non è risolto. L’ufficio ha verificato e non ha riaperto la segnalazione: trovi il motivo qui sotto.`,
          ]
        : [
            `Reopen request declined`,
            `You wrote that the problem of the report "${d.title}" is not fixed. The office checked and did not reopen the report: the reason is below.`,
          ];
    default:
      return unreachable(kind);
  }
}

/** "Gentile Maria Rossi," with the name given; otherwise the form that addresses anyone. */
export function greeting(locale: Locale, name: string | null | undefined): string {
  if (locale === 'it') return name ? `Gentile ${name},` : 'Gentile cittadina, gentile cittadino,';
  return name ? `Dear ${name},` : 'Dear citizen,';
}

/** The problem as the public reads it and where it is: in every mail, so none needs the page open. */
function whatAndWhere(locale: Locale, d: CitizenMailData): string {
  const it = locale === 'it';
  const place = d.place ?? (it ? 'indicato sulla mappa' : 'shown on the map');
  return it
    ? `Luogo: ${place} (Comune di ${d.municipalityName})\nDescrizione: ${d.description}`
    : `Place: ${place} (Comune di ${d.municipalityName})\nDescription: ${d.description}`;
}

/** "Via Roma 12", "Via Roma, presso la fontana", or the citizen's text alone; null when nothing is known. */
export function placeText(
  street: string | null,
  houseNumber: string | null,
  address: string | null,
): string | null {
  const onStreet = street ? (houseNumber ? `${street} ${houseNumber}` : street) : null;
  const parts = [onStreet, address?.trim() || null].filter((p): p is string => Boolean(p));
  return parts.length ? parts.join(', ') : null;
}

export function renderCitizenMail(
  kind: CitizenMailKind,
  locale: Locale,
  d: CitizenMailData,
): MailContent {
  const [subject, sentence] = headline(kind, d, locale);
  const it = locale === 'it';
  const name = d.recipientName?.trim();
  const paragraphs = [greeting(locale, name), sentence];
  paragraphs.push(whatAndWhere(locale, d));
  if (d.moderation)
    paragraphs.push(
      it
        ? `Testo pubblico ora:\nTitolo: ${d.moderation.title}\nDescrizione: ${d.moderation.description}`
        : `Public text now:\nTitle: ${d.moderation.title}\nDescription: ${d.moderation.description}`,
    );
  if (d.publicNote)
    paragraphs.push(`${it ? 'Nota dell’ufficio' : 'Note from the office'}: ${d.publicNote}`);
  if (d.feedback)
    paragraphs.push(
      it
        ? `Il problema non è risolto, o vuoi dirci com’è andata? Entro ${d.feedback.days} giorni puoi rispondere dai link qui sotto.`
        : `Is the problem not fixed, or do you want to tell us how it went? Within ${d.feedback.days} days you can answer from the links below.`,
    );
  paragraphs.push(
    it
      ? `Categoria: ${d.categoryName}\nStato: ${STATUS_LABELS[d.status].it}\nCodice: ${d.code}`
      : `Category: ${d.categoryName}\nStatus: ${STATUS_LABELS[d.status].en}\nCode: ${d.code}`,
  );
  return renderMail({
    subject: `[${d.code}] ${subject} (Comune di ${d.municipalityName})`,
    paragraphs,
    link: { label: it ? 'Segui la segnalazione' : 'Track the report', url: d.trackingUrl },
    moreLinks: d.feedback
      ? [
          { label: it ? 'Non è risolto?' : 'Not fixed?', url: d.feedback.notFixedUrl },
          { label: it ? 'Com’è andata?' : 'How did it go?', url: d.feedback.rateUrl },
        ]
      : undefined,
    footer: [
      `Comune di ${d.municipalityName} – Segnala. ${
        it
          ? `Ricevi questa e-mail perché ${d.role === 'reporter' ? 'hai inviato' : 'hai scelto di seguire'} questa segnalazione.`
          : `You receive this e-mail because you ${d.role === 'reporter' ? 'sent' : 'chose to follow'} this report.`
      }`,
    ],
    unsubscribe: {
      label: it
        ? 'Non ricevere più e-mail su questa segnalazione'
        : 'Stop e-mails about this report',
      url: d.unsubscribeUrl,
    },
  });
}
