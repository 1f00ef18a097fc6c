// The one-time link a new staff account gets to set its password (Italian, then English).
import { renderMail, type MailContent } from './mail-layout.js';

export interface InviteMailData {
  municipalityName: string;
  role: string;
  url: string;
  expiresHours: number;
}

export function renderInviteMail(d: InviteMailData): MailContent {
  const days = Math.round(d.expiresHours / 24);
  return renderMail({
    subject: `Comune di ${d.municipalityName} – il tuo account Segnala / your Segnala account`,
    paragraphs: [
      `È stato creato per te un account Segnala (${d.role}) del Comune di ${d.municipalityName}. Apri il link per scegliere la password: vale una sola volta e per ${days} giorni.`,
      `A Segnala account (${d.role}) of the Comune di ${d.municipalityName} has been made for you. Open the link to choose your password: it works once, for ${days} days.`,
      'Se non ti aspettavi questo messaggio, ignoralo. / If you did not expect this message, ignore it.',
    ],
    link: { label: 'Scegli la password / Choose your password', url: d.url },
    footer: [`Comune di ${d.municipalityName} – Segnala, messaggio automatico.`],
  });
}
