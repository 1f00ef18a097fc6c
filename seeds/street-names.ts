// Reads the official street register extract (ANNCSU, 302 names for Seravezza) shipped in
// data/seravezza/street-names.csv. These are the only street names the seed ever uses.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { projectPath } from '../server/project-root.js';

export const SERAVEZZA_DATA_DIR = projectPath('seeds', 'data', 'seravezza');

export interface RegisterStreet {
  /** Official name, upper case, as in ANNCSU: "VIA FORTUNATO FEDERIGI". */
  name: string;
  /** Title case for people: "Via Fortunato Federigi". */
  nameDisplay: string;
  /** DUG (denominazione urbanistica generica): VIA, PIAZZA, TRAVERSA, ... */
  dug: string;
  anncsuId: number | null;
}

/** Splits CSV text into rows of fields (RFC 4180 quoting: "a, b" and "" for a quote). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

// Words kept lower case inside a name (Italian articles and prepositions), as in "Via della Libertà".
const PARTICLES = new Set(
  'ai al alla alle agli allo dai dal dalle dagli dallo di dei del della delle degli dello e ed in nei nel nella nelle negli per sui sul sulla sulle sugli tra fra con'.split(
    ' ',
  ),
);
// Elided particles before an apostrophe: DELL'ALPE → dell'Alpe; SANT'ANNA keeps its capital.
const ELIDED = new Set(['d', 'dell', 'dall', 'all', 'nell', 'sull', 'l']);
const ACCENTED: Record<string, string> = { A: 'à', E: 'è', I: 'ì', O: 'ò', U: 'ù' };

function titleWord(word: string, first: boolean): string {
  // Roman numerals (XXIV Maggio), initials (C.A. Dalla Chiesa) and single letters (Traversa A) stay.
  if (/^[IVXLCDM]+$/.test(word) && word !== 'DI' && word !== 'MI') return word;
  if (/^([A-Z]\.)+$/.test(word) || /^[A-Z]$/.test(word)) return word;
  // A vowel and an apostrophe at the end is the register's accent: CITTA' → Città, GIOSUE' → Giosuè.
  const accented = word.replace(/([AEIOU])'$/, (_, v: string) => ACCENTED[v]);
  const elided = /^([A-Z]+)'(.+)$/.exec(accented); // DELL'ALPE → dell'Alpe, D'ANNUNZIO → d'Annunzio
  if (elided) {
    const [, head, rest] = elided;
    const lowerHead = head.toLowerCase();
    const h = !first && ELIDED.has(lowerHead) ? lowerHead : head[0] + head.slice(1).toLowerCase();
    return `${h}'${rest[0]}${rest.slice(1).toLowerCase()}`;
  }
  const lower = accented.toLowerCase();
  if (!first && PARTICLES.has(lower)) return lower;
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/**
 * The display name of an ANNCSU name (upper case, accents as apostrophes): "VIA DELLA LIBERTA'" →
 * "Via della Libertà", "VIA GABRIELE D'ANNUNZIO" → "Via Gabriele d'Annunzio". Derived, not official.
 */
export function displayStreetName(name: string): string {
  return name
    .split(' ')
    .map((word, i) =>
      word
        .split('-')
        .map((part) => (part ? titleWord(part, i === 0) : part))
        .join('-'),
    )
    .join(' ');
}

export async function readStreetNames(
  file = path.join(SERAVEZZA_DATA_DIR, 'street-names.csv'),
): Promise<RegisterStreet[]> {
  const [header, ...rows] = parseCsv(await readFile(file, 'utf8'));
  const col = (name: string): number => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`${file}: column "${name}" is missing`);
    return index;
  };
  const [name, display, dug, anncsu] = [
    col('name'),
    col('name_display'),
    col('dug'),
    col('anncsu_progressivo_nazionale'),
  ];
  return rows.map((r) => ({
    name: r[name],
    nameDisplay: r[display],
    dug: r[dug],
    anncsuId: r[anncsu] ? Number(r[anncsu]) : null,
  }));
}
