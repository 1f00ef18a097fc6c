// Every cursor of the API is one opaque scheme, made and checked only here: base64url of the JSON
// array [kind, n]. An offset list (streets, inbox, street statistics) continues after its n-th row
// ("o", n ≥ 0); a keyset list (tickets, audit log) after the row whose id is n ("k", an int8 id).
// Anything else, including a cursor of the other kind, is INVALID_CURSOR naming `after`: the client
// starts again from the first page. No cursor value reaches SQL unchecked.
import { AppError } from './app-error.js';
import { isId } from './id.js';

type CursorKind = 'o' | 'k';

const VALID: Record<CursorKind, (n: unknown) => n is number> = {
  o: (n): n is number => n === 0 || isId(n, 'int8'),
  k: (n): n is number => isId(n, 'int8'),
};

function encode(kind: CursorKind, n: number): string {
  return Buffer.from(JSON.stringify([kind, n])).toString('base64url');
}

/** Longer than any cursor encode() makes: not even decoded. */
const MAX_CURSOR_LENGTH = 64;

function decode(cursor: string, kind: CursorKind): number {
  let parsed: unknown = null;
  try {
    if (cursor.length <= MAX_CURSOR_LENGTH)
      parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    // not JSON: refused below like any other foreign cursor
  }
  if (Array.isArray(parsed) && parsed.length === 2 && parsed[0] === kind && VALID[kind](parsed[1]))
    return parsed[1];
  throw new AppError(
    'INVALID_CURSOR',
    'Cursore di paginazione non valido: riparti dalla prima pagina (after vuoto).',
    { field: 'after' },
  );
}

/** The cursor of the row at 1-based `position` of an offset list. */
export function encodeOffsetCursor(position: number): string {
  return encode('o', position);
}

/** How many rows an offset list skips for `after` (0 without a cursor). */
export function decodeOffsetCursor(after: string | null | undefined): number {
  return after ? decode(after, 'o') : 0;
}

/** The cursor of the row with this id in a keyset list. */
export function encodeKeyCursor(id: number): string {
  return encode('k', id);
}

/** The id of the row a keyset list continues after (null without a cursor). */
export function decodeKeyCursor(after: string | null | undefined): number | null {
  return after ? decode(after, 'k') : null;
}
