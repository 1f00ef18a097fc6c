// The key that matches a street name across sources, whatever the case, accents or punctuation:
// "Via Fortunato Federigi" ↔ "VIA FORTUNATO FEDERIGI", "Via Città" ↔ "VIA CITTA'" (the register writes
// accents as an apostrophe), "Via Gabriele D'Annunzio" ↔ "VIA GABRIELE D'ANNUNZIO".
export function streetNameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
}
