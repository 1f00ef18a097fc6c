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
