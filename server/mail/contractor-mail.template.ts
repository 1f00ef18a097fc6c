// The mail that forwards a ticket to an external contractor (Italian: a local firm). It carries the
// ticket, the office's instructions and the page link; never the reporter's name, e-mail or phone.
import { renderMail, type MailContent } from './mail-layout.js';

export interface ContractorMailData {
  code: string;
  title: string;
  categoryName: string;
  address: string | null;
  officeName: string;
  municipalityName: string;
  contractorName: string;
  instructions: string;
  pageUrl: string;
  expiresAt: Date;
}

export function renderContractorMail(d: ContractorMailData): MailContent {
  const until = d.expiresAt.toLocaleDateString('it-IT', { timeZone: 'Europe/Rome' });
  return renderMail({
    subject: `[${d.code}] Intervento richiesto dal Comune di ${d.municipalityName}: ${d.title}`,
    paragraphs: [
      `Buongiorno ${d.contractorName},`,
      `${d.officeName} del Comune di ${d.municipalityName} vi affida l'intervento sulla segnalazione ${d.code}.`,
      `Titolo: ${d.title}\nCategoria: ${d.categoryName}${d.address ? `\nLuogo: ${d.address}` : ''}`,
      ...(d.instructions ? [`Istruzioni dell'ufficio:\n${d.instructions}`] : []),
      `Dalla pagina dell'intervento potete vedere luogo, foto e descrizione, aggiungere note e foto sull'avanzamento e segnare il lavoro come concluso. Il link è personale e vale fino al ${until}: non inoltratelo.`,
    ],
    link: { label: "Apri la pagina dell'intervento", url: d.pageUrl },
    footer: [`Comune di ${d.municipalityName} – Segnala, messaggio automatico.`],
  });
}
