// Mails to an office (Italian: they are municipal staff). They name the ticket, never the reporter:
// staff read reporter details in the inbox, where access is checked and logged.
import { renderMail, type MailContent } from './mail-layout.js';

export interface OfficeMailData {
  code: string;
  title: string;
  categoryName: string;
  officeName: string;
  municipalityName: string;
  ticketUrl: string;
}

export type OfficeMailKind = 'new_ticket' | 'reassigned' | 'contractor_done';

const SUBJECT: Record<OfficeMailKind, (d: OfficeMailData) => string> = {
  new_ticket: (d) => `Nuova segnalazione ${d.code}: ${d.title}`,
  reassigned: (d) => `Segnalazione ${d.code} assegnata a ${d.officeName}`,
  contractor_done: (d) => `Lavoro concluso dalla ditta: ${d.code}`,
};

const SENTENCE: Record<OfficeMailKind, (d: OfficeMailData) => string> = {
  new_ticket: (d) => `È arrivata una nuova segnalazione per ${d.officeName}.`,
  reassigned: (d) => `La segnalazione ${d.code} è stata assegnata a ${d.officeName}.`,
  contractor_done: (d) =>
    `La ditta esterna ha segnato come concluso il lavoro sulla segnalazione ${d.code}: verificalo e conferma la risoluzione.`,
};

export function renderOfficeMail(kind: OfficeMailKind, d: OfficeMailData): MailContent {
  const subject = SUBJECT[kind](d);
  const sentence = SENTENCE[kind](d);
  return renderMail({
    subject: `[${d.code}] ${subject}`,
    paragraphs: [sentence, `Titolo: ${d.title}\nCategoria: ${d.categoryName}\nCodice: ${d.code}`],
    link: { label: 'Apri la segnalazione', url: d.ticketUrl },
    footer: [`Comune di ${d.municipalityName} – Segnala, messaggio automatico per l'ufficio.`],
  });
}
