// Italian titles and descriptions of demo tickets, a few per category. {via} becomes the street name.
// Unknown category codes fall back to the "altro" texts.

interface Texts {
  titles: readonly string[];
  descriptions: readonly string[];
}

const TEXTS: Readonly<Record<string, Texts>> = {
  buca_stradale: {
    titles: [
      'Buca profonda in {via}',
      'Asfalto dissestato in {via}',
      'Buca pericolosa sulla carreggiata',
      'Avvallamento in {via}',
    ],
    descriptions: [
      'In {via} si è aperta una buca profonda al centro della carreggiata: le auto la scansano invadendo l’altra corsia.',
      'Asfalto rotto e pieno di buche in {via}, pericoloso soprattutto per chi va in bici o in motorino.',
      'Dopo le ultime piogge in {via} c’è una buca piena d’acqua che di sera non si vede.',
    ],
  },
  marciapiede: {
    titles: [
      'Marciapiede rotto in {via}',
      'Lastre sollevate sul marciapiede',
      'Cordolo danneggiato in {via}',
    ],
    descriptions: [
      'Il marciapiede di {via} ha diverse lastre sollevate dalle radici: si inciampa facilmente.',
      'Cordolo del marciapiede spaccato in {via}, con pezzi di cemento sulla strada.',
    ],
  },
  illuminazione_pubblica: {
    titles: [
      'Lampione spento in {via}',
      'Illuminazione a intermittenza',
      'Tratto di {via} al buio',
    ],
    descriptions: [
      'Da alcune sere il lampione in {via} è spento e il tratto resta completamente al buio.',
      'La luce del lampione in {via} si accende e si spegne di continuo.',
      'Più lampioni spenti di seguito in {via}: di notte è difficile vedere i pedoni.',
    ],
  },
  segnaletica: {
    titles: [
      'Cartello piegato in {via}',
      'Strisce pedonali cancellate',
      'Segnale di stop mancante in {via}',
    ],
    descriptions: [
      'Il cartello all’incrocio di {via} è piegato e non si legge più.',
      'Le strisce pedonali in {via} sono quasi invisibili, servirebbe ridipingerle.',
    ],
  },
  albero_caduto: {
    titles: [
      'Ramo caduto in {via}',
      'Albero pericolante in {via}',
      'Rami sulla carreggiata dopo il temporale',
    ],
    descriptions: [
      'Un grosso ramo è caduto in {via} e occupa metà della carreggiata.',
      'Dopo il vento di stanotte un albero in {via} è inclinato verso la strada e sembra pericolante.',
    ],
  },
  verde_pubblico: {
    titles: [
      'Erba alta nell’aiuola di {via}',
      'Siepe da potare in {via}',
      'Giardino pubblico trascurato',
    ],
    descriptions: [
      'L’erba nell’aiuola di {via} è altissima e nasconde la visuale a chi esce dagli incroci.',
      'La siepe lungo {via} invade il marciapiede: bisogna scendere in strada per passare.',
    ],
  },
  rifiuti_abbandonati: {
    titles: [
      'Rifiuti abbandonati in {via}',
      'Cassonetti pieni in {via}',
      'Ingombranti lasciati a bordo strada',
    ],
    descriptions: [
      'Qualcuno ha lasciato sacchi di rifiuti e un vecchio materasso a bordo strada in {via}.',
      'I cassonetti in {via} sono pieni da giorni e i sacchi sono per terra.',
      'Discarica abusiva di calcinacci vicino a {via}.',
    ],
  },
  arredo_urbano: {
    titles: ['Panchina rotta in {via}', 'Fontanella guasta', 'Cestino divelto in {via}'],
    descriptions: [
      'La panchina in {via} ha due assi rotte e non si può usare.',
      'La fontanella in {via} perde acqua di continuo.',
      'Il cestino dei rifiuti in {via} è stato divelto ed è a terra.',
    ],
  },
  barriere_architettoniche: {
    titles: [
      'Scivolo mancante in {via}',
      'Marciapiede non accessibile',
      'Auto sullo scivolo per disabili',
    ],
    descriptions: [
      'In {via} manca lo scivolo del marciapiede: con la carrozzina o il passeggino non si passa.',
      'Un palo in mezzo al marciapiede di {via} impedisce il passaggio delle carrozzine.',
    ],
  },
  altro: {
    titles: ['Problema in {via}', 'Segnalazione in {via}', 'Tombino rumoroso in {via}'],
    descriptions: [
      'Il tombino in {via} si è smosso e fa rumore a ogni auto che passa.',
      'In {via} c’è un problema che andrebbe controllato dagli uffici del Comune.',
    ],
  },
};

export function textsFor(categoryCode: string): Texts {
  return TEXTS[categoryCode] ?? TEXTS.altro;
}

export function fill(template: string, street: string, max: number): string {
  const text = template.replaceAll('{via}', street);
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
