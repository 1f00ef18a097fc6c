// The two sentences of a comune's privacy notice that follow its settings rather than the text it keeps:
// who the data protection officer is and how long the data are kept (the retention job's periods). The
// template's default notice (seeds/templates/comune.default.json) holds {dpo} and {retention}; they are
// filled on every read (comuneSettings, PrivacyNoticeService), so a DPO or retention set later (npm run
// comune:settings) reaches the notice, and every published version, without rewriting it.

export interface PrivacyFacts {
  /** How to reach the comune's DPO (RPD): an address, a PEC, a page; null when not set. */
  dpoContact: string | null;
  /** Months after a report is closed before its reporter's contact goes (retention.reporterContactMonths). */
  reporterContactMonths: number;
  /** Months after a report is closed before its supporters' addresses go (retention.supporterContactMonths). */
  supporterContactMonths: number;
}

const mesi = (m: number) => `${m} ${m === 1 ? 'mese' : 'mesi'}`;
const months = (m: number) => `${m} ${m === 1 ? 'month' : 'months'}`;

// The periods are those the retention job applies (server/services/retention.service.ts).
const SENTENCES = {
  it: {
    dpo: (c: string | null) =>
      c
        ? `Il Responsabile della protezione dei dati (RPD/DPO) del Comune è contattabile a: ${c}.`
        : 'Il Responsabile della protezione dei dati (RPD/DPO) del Comune è contattabile ai recapiti pubblicati sul sito istituzionale del Comune.',
    retention: (f: PrivacyFacts) =>
      `I dati sono conservati per il tempo necessario a gestire la segnalazione; chiusa la segnalazione, l’e-mail, il nome e il telefono di chi l’ha inviata sono cancellati dopo ${mesi(f.reporterContactMonths)}, l’e-mail di chi la segue («mi associo») dopo ${mesi(f.supporterContactMonths)}.`,
  },
  en: {
    dpo: (c: string | null) =>
      c
        ? `The Comune's data protection officer (DPO) can be reached at: ${c}.`
        : "The Comune's data protection officer (DPO) can be reached at the contacts published on the Comune's website.",
    retention: (f: PrivacyFacts) =>
      `The data are kept for as long as the report is being handled; once it is closed, the reporter's e-mail address, name and phone are deleted after ${months(f.reporterContactMonths)}, and the address of anyone following it ("mi associo") after ${months(f.supporterContactMonths)}.`,
  },
} as const;

/** The notice's {dpo} and {retention} filled in for this comune (other text unchanged). */
export function fillPrivacyNotice(text: string, locale: 'it' | 'en', facts: PrivacyFacts): string {
  const s = SENTENCES[locale];
  return text
    .replaceAll('{dpo}', s.dpo(facts.dpoContact))
    .replaceAll('{retention}', s.retention(facts));
}
