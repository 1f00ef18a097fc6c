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

export function renderOfficeMail(
  kind: 'new_ticket' | 'reassigned',
  d: OfficeMailData,
): MailContent {
  const subject =
    kind === 'new_ticket'
      ? `Nuova segnalazione ${d.code}: ${d.title}`
      : `Segnalazione ${d.code} assegnata a ${d.officeName}`;
  const sentence =
    kind === 'new_ticket'
      ? `È arrivata una nuova segnalazione per ${d.officeName}.`
      : `La segnalazione ${d.code} è stata assegnata a ${d.officeName}.`;
  return renderMail({
    subject: `[${d.code}] ${subject} (Comune di ${d.municipalityName})`,
    paragraphs: [sentence, `Titolo: ${d.title}\nCategoria: ${d.categoryName}\nCodice: ${d.code}`],
    link: { label: 'Apri la segnalazione', url: d.ticketUrl },
    footer: [`Comune di ${d.municipalityName} – Segnala, messaggio automatico per l'ufficio.`],
  });
}
