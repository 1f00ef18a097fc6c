// The one masking rule for text that leaves for the public (ARCHITECTURE.md, "Public text"): e-mail
// addresses, phone numbers, codici fiscali, IBANs and car plates a citizen typed into a report are
// replaced by a placeholder wherever the public reads them (GraphQL public types, pages, exports, Open311,
// mails to others); the office keeps the original. Detectors prefer missing a doubtful number to masking
// a price, a date, a house or protocol number: checksums are verified (codice fiscale, IBAN) and numbers
// that look like dates, amounts or protocol numbers are left alone (test/fixtures/personal-data-corpus.json).
// The placeholders carry no digit and no @, so masking masked text changes nothing.

export type PersonalDataKind = 'email' | 'phone' | 'taxCode' | 'iban' | 'plate';

export interface PersonalDataMatch {
  kind: PersonalDataKind;
  start: number;
  end: number;
}

export const MASK_PLACEHOLDER: Readonly<Record<PersonalDataKind, string>> = {
  email: '[e-mail nascosta]',
  phone: '[telefono nascosto]',
  taxCode: '[codice fiscale nascosto]',
  iban: '[IBAN nascosto]',
  plate: '[targa nascosta]',
};

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

// ---- codice fiscale: 16 characters, omocodia letters allowed in the digit places, check character verified.
const CF_DIGIT = '[0-9LMNPQRSTUV]';
const TAX_CODE = new RegExp(
  `(?<![A-Za-z0-9])[A-Za-z]{6}${CF_DIGIT}{2}[A-EHLMPRSTa-ehlmprst]${CF_DIGIT}{2}[A-Za-z]${CF_DIGIT}{3}[A-Za-z](?![A-Za-z0-9])`,
  'g',
);
const CF_ODD = [
  1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];

function cfValue(ch: string): number {
  return /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 65;
}

export function isValidTaxCode(raw: string): boolean {
  const cf = raw.toUpperCase();
  if (cf.length !== 16) return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) sum += i % 2 === 0 ? CF_ODD[cfValue(cf[i])] : cfValue(cf[i]);
  return String.fromCharCode(65 + (sum % 26)) === cf[15];
}

// ---- IBAN: country, two check digits, then up to 30 letters or digits, optionally in groups; mod-97 verified.
const IBAN_START = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?=[ ]?[A-Za-z0-9])/g;
const IBAN_LENGTH: Readonly<Record<string, number>> = {
  IT: 27,
  SM: 27,
  VA: 22,
  DE: 22,
  FR: 27,
  ES: 24,
  CH: 21,
  GB: 22,
  AT: 20,
  BE: 16,
  NL: 18,
  PT: 25,
  IE: 22,
  LU: 20,
  MT: 31,
  SI: 19,
  HR: 21,
  GR: 27,
  PL: 28,
  RO: 24,
  MC: 27,
  LI: 21,
};

export function isValidIban(raw: string): boolean {
  const iban = raw.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const expected = IBAN_LENGTH[iban.slice(0, 2)];
  if (expected !== undefined && iban.length !== expected) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const v = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of v) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest === 1;
}

/** From an IBAN-like start, the longest run (single spaces allowed) that is a valid IBAN ending on a word edge. */
function ibanAt(text: string, start: number): number | undefined {
  const ends: number[] = [];
  let alnum = 0;
  for (let i = start; i < text.length && alnum < 34; i++) {
    const ch = text[i];
    if (/[A-Za-z0-9]/.test(ch)) {
      alnum++;
      if (alnum >= 15 && !/[A-Za-z0-9]/.test(text[i + 1] ?? ' ')) ends.push(i + 1);
    } else if (!(ch === ' ' && text[i - 1] !== ' ' && /[A-Za-z0-9]/.test(text[i + 1] ?? ''))) break;
  }
  for (const end of ends.reverse()) if (isValidIban(text.slice(start, end))) return end;
  return undefined;
}

// ---- car plates: today's AA 123 BB (no I, O, Q, U), and the provincial LU 123456 / LU A12345 of 1927–1994.
const PLATE_LETTER = '[A-HJ-NPR-TV-Z]';
const PLATE = new RegExp(
  `(?<![A-Za-z0-9])${PLATE_LETTER}{2}[ -]?\\d{3}[ -]?${PLATE_LETTER}{2}(?![A-Za-z0-9])`,
  'g',
);
/** Road classes (strada statale, provinciale, regionale, comunale) written like a plate's first letters. */
const ROAD_PREFIXES = new Set(['SS', 'SP', 'SR', 'SC']);
const PROVINCES =
  'AG AL AN AO AP AQ AR AT AV BA BG BI BL BN BO BR BS BZ CA CB CE CH CL CN CO CR CS CT CZ EN FE FG FI FO FR GE GO GR IM IS KR LE LI LT LU MC ME MI MN MO MS MT NA NO NU OR PA PC PD PE PG PI PN PO PR PS PT PV PZ RA RC RE RG RI RM RN RO SA SI SO SP SR SS SV TA TE TN TO TP TR TS TV UD VA VC VE VI VR VT';
const OLD_PLATE = new RegExp(
  `(?<![A-Za-z0-9])(?:${PROVINCES.split(' ').join('|')})[ -](?:\\d{6}|[A-Z]\\d{5}|\\d{5}[A-Z]|\\d{2}[A-Z]\\d{3})(?![A-Za-z0-9])`,
  'g',
);

// ---- phone numbers: digit runs with single separators, judged on their digits and what stands before them.
const PHONE_CANDIDATE = /(?<![\w@.,/-])(?:\+|00)?\d(?:[ .\-/]?\d){5,15}(?![\w@]|[.,]\d)/g;
const DATE_LIKE = /^\d{1,2}([./-])\d{1,2}\1\d{2,4}$/;
/** Words before a number that make it anything but a phone: protocol, case, invoice, road, lamp numbers. */
const NOT_PHONE_BEFORE =
  /(?:\b(?:prot|protocollo|pratica|n\.?\s*pratica|ordinanza|delibera|determina|fattura|cig|cup|matricola|contatore|utenza|lampione|palo|km|euro|eur|cap|codice|cod|istat|ticket|segnalazione|rif|riferimento)|€)\.?\s*(?:n\.?|nr\.?|num\.?|numero|n°)?\s*[:.]?\s*$|n°\s*$/i;
const NOT_PHONE_AFTER = /^\s*(?:€|euro|eur\b|km\b|m\b|mq\b|metri|kg\b|abitanti|persone)/i;

function isPhone(candidate: string, before: string, after: string): boolean {
  if (DATE_LIKE.test(candidate)) return false;
  if (NOT_PHONE_BEFORE.test(before) || NOT_PHONE_AFTER.test(after)) return false;
  // A number with both '/' and another separator, or a '/' then a four-digit year, is a reference, not a phone.
  if (/\/\d{4}$/.test(candidate) && !/^0\d{1,3}\/\d{5,8}$/.test(candidate)) return false;
  const international = candidate.startsWith('+') || candidate.startsWith('00');
  let digits = candidate.replace(/\D/g, '');
  if (international) {
    digits = candidate.startsWith('+') ? digits : digits.slice(2);
    if (!digits.startsWith('39')) return digits.length >= 8 && digits.length <= 15;
    digits = digits.slice(2);
  }
  if (/^3[1-9]\d{7,8}$/.test(digits)) return true; // mobile: 3xx and 6–7 digits
  if (/^0[1-9]\d{6,9}$/.test(digits)) return true; // landline: area code with its 0, 8–11 digits in all
  return false;
}

function regexMatches(text: string, re: RegExp, kind: PersonalDataKind): PersonalDataMatch[] {
  return [...text.matchAll(re)].map((m) => ({ kind, start: m.index, end: m.index + m[0].length }));
}

/** Every personal datum found in `text`, in order, none overlapping (the first detector wins a tie). */
export function findPersonalData(text: string): PersonalDataMatch[] {
  const found: PersonalDataMatch[] = [...regexMatches(text, EMAIL, 'email')];
  for (const m of text.matchAll(IBAN_START)) {
    const end = ibanAt(text, m.index);
    if (end !== undefined) found.push({ kind: 'iban', start: m.index, end });
  }
  for (const m of regexMatches(text, TAX_CODE, 'taxCode'))
    if (isValidTaxCode(text.slice(m.start, m.end))) found.push(m);
  for (const m of regexMatches(text, PLATE, 'plate'))
    if (!ROAD_PREFIXES.has(text.slice(m.start, m.start + 2))) found.push(m);
  found.push(...regexMatches(text, OLD_PLATE, 'plate'));
  for (const m of text.matchAll(PHONE_CANDIDATE)) {
    const before = text.slice(Math.max(0, m.index - 30), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 12);
    if (isPhone(m[0], before, after))
      found.push({ kind: 'phone', start: m.index, end: m.index + m[0].length });
  }
  const kept: PersonalDataMatch[] = [];
  for (const m of found) if (!kept.some((k) => m.start < k.end && k.start < m.end)) kept.push(m);
  return kept.sort((a, b) => a.start - b.start);
}

/** `text` with every personal datum replaced by its placeholder (MASK_PLACEHOLDER). */
export function maskPersonalData(text: string): string {
  const matches = findPersonalData(text);
  if (matches.length === 0) return text;
  let out = '';
  let at = 0;
  for (const m of matches) {
    out += text.slice(at, m.start) + MASK_PLACEHOLDER[m.kind];
    at = m.end;
  }
  return out + text.slice(at);
}

/** maskPersonalData for nullable text (public notes, addresses). */
export function maskNullable(text: string | null): string | null {
  return text === null ? null : maskPersonalData(text);
}

/** The fields of a JSON document that carry people's free text (webhook payloads: ticket title, notes). */
const FREE_TEXT_KEYS = new Set(['title', 'description', 'note']);

/**
 * A JSON document with its free-text fields masked (maskPersonalData), for what leaves the comune as
 * JSON (webhook bodies and their delivery log). The same bytes when nothing needed masking, so a body
 * and its signature stay stable; masking is deterministic, so a redelivery sends the same body again.
 */
export function maskJsonText(json: string): string {
  let changed = false;
  const walk = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') {
      if (key === undefined || !FREE_TEXT_KEYS.has(key)) return value;
      const masked = maskPersonalData(value);
      if (masked !== value) changed = true;
      return masked;
    }
    if (Array.isArray(value)) return value.map((v) => walk(v, key));
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };
  const masked = walk(JSON.parse(json) as unknown);
  return changed ? JSON.stringify(masked) : json;
}
