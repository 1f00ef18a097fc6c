// The two sentences of a comune's privacy notice that follow its settings rather than the text it keeps:
// who the data protection officer is and how long the data are kept. The template's default notice
// (seeds/templates/comune.default.json) holds {dpo} and {retention}; comuneSettings fills them on every
// read, so a DPO or retention set later (npm run comune:settings) reaches the notice without rewriting it.

export interface PrivacyFacts {
  /** How to reach the comune's DPO (RPD): an address, a PEC, a page; null when not set. */
  dpoContact: string | null;
  /** Months the reporter's contact is kept after the report is closed; null when not set. */
  retentionMonths: number | null;
}

const SENTENCES = {
  it: {
    dpo: (c: string | null) =>
      c
        ? `Il Responsabile della protezione dei dati (RPD/DPO) del Comune è contattabile a: ${c}.`
        : 'Il Responsabile della protezione dei dati (RPD/DPO) del Comune è contattabile ai recapiti pubblicati sul sito istituzionale del Comune.',
    retention: (m: number | null) =>
      m
        ? `I dati sono conservati per il tempo necessario a gestire la segnalazione e, dopo la sua chiusura, per ${m} ${m === 1 ? 'mese' : 'mesi'}; poi l’e-mail e il nome sono cancellati.`
        : 'I dati sono conservati per il tempo necessario a gestire la segnalazione e poi per il periodo previsto dal piano di conservazione dei documenti del Comune.',
  },
  en: {
    dpo: (c: string | null) =>
      c
        ? `The Comune's data protection officer (DPO) can be reached at: ${c}.`
        : "The Comune's data protection officer (DPO) can be reached at the contacts published on the Comune's website.",
    retention: (m: number | null) =>
      m
        ? `The data are kept for as long as the report is being handled and, after it is closed, for ${m} ${m === 1 ? 'month' : 'months'}; then the e-mail address and the name are deleted.`
        : "The data are kept for as long as the report is being handled and then for the period set by the Comune's records retention plan.",
  },
} as const;

/** The notice's {dpo} and {retention} filled in for this comune (other text unchanged). */
export function fillPrivacyNotice(text: string, locale: 'it' | 'en', facts: PrivacyFacts): string {
  const s = SENTENCES[locale];
  return text
    .replaceAll('{dpo}', s.dpo(facts.dpoContact))
    .replaceAll('{retention}', s.retention(facts.retentionMonths));
}
