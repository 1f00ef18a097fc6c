// Mails to an office (Italian: they are municipal staff). They name the ticket, never the reporter:
// staff read reporter details in the inbox, where access is checked and logged.
import { renderMail, type MailContent } from './mail-layout.js';

export interface OfficeMailData {
  code: string;
  title: string;
  categoryName: string;
  officeName: string;
  municipalityName: string;
  /** The staff page of the ticket (/ufficio/:id under the comune's base). */
  ticketUrl: string;
  /** For 'assigned': who the ticket was given to. */
  assigneeName?: string;
}

export type OfficeMailKind = 'new_ticket' | 'reassigned' | 'assigned' | 'contractor_done';

const SUBJECT: Readonly<Record<OfficeMailKind, (d: OfficeMailData) => string>> = {
  new_ticket: (d) => `Nuova segnalazione ${d.code}: ${d.title}`,
  // Office names come after a colon: "a Ufficio Manutenzioni", "a Polizia Municipale" read wrong for some.
  reassigned: (d) => `Segnalazione ${d.code} affidata all’ufficio: ${d.officeName}`,
  assigned: (d) => `Segnalazione ${d.code} assegnata a te`,
  contractor_done: (d) => `Lavoro concluso dalla ditta: ${d.code}`,
};

const SENTENCE: Readonly<Record<OfficeMailKind, (d: OfficeMailData) => string>> = {
  new_ticket: (d) => `È arrivata una nuova segnalazione per l’ufficio: ${d.officeName}.`,
  reassigned: (d) =>
    `La segnalazione ${d.code} è stata affidata all’ufficio competente: ${d.officeName}.`,
  assigned: (d) =>
    `${d.assigneeName ? `${d.assigneeName}, l` : 'L'}a segnalazione ${d.code} (${d.officeName}) è stata assegnata a te.`,
  contractor_done: (d) =>
    `La ditta esterna ha segnato come concluso il lavoro sulla segnalazione ${d.code}: verificalo e conferma la risoluzione.`,
};

export function renderOfficeMail(kind: OfficeMailKind, d: OfficeMailData): MailContent {
  const subject = SUBJECT[kind](d);
  const sentence = SENTENCE[kind](d);
  return renderMail({
    subject: `[${d.code}] ${subject} (Comune di ${d.municipalityName})`,
    paragraphs: [sentence, `Titolo: ${d.title}\nCategoria: ${d.categoryName}\nCodice: ${d.code}`],
    link: { label: 'Apri la segnalazione', url: d.ticketUrl },
    footer: [`Comune di ${d.municipalityName} – Segnala, messaggio automatico per l'ufficio.`],
  });
}
