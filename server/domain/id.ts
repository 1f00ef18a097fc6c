// The one rule for the numeric IDs the API receives (GraphQL `ID`, export parameters, cursors): the
// decimal digits of a positive integer, no sign, no leading zero, no spaces, within the range of the
// column it names. Anything else is BAD_USER_INPUT naming the field, so a malformed or out-of-range ID
// never reaches SQL; a well-formed ID that names no row is the caller's NOT_FOUND (or null).
import { badInput } from './app-error.js';

/** The column type an ID names: `int4` (offices, categories, streets, staff, tokens), `int8` (tickets, events, audit). */
export type IdKind = 'int4' | 'int8';

/** int8 IDs stop at 2^53 − 1: past it a JavaScript number is no longer exact (identities start at 1). */
const MAX_ID: Record<IdKind, number> = { int4: 2_147_483_647, int8: Number.MAX_SAFE_INTEGER };

const DIGITS = /^[1-9][0-9]{0,15}$/;

export function isId(n: unknown, kind: IdKind): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_ID[kind];
}

export function parseId(value: string, field: string, kind: IdKind): number {
  const n = DIGITS.test(value) ? Number(value) : NaN;
  if (!isId(n, kind))
    throw badInput(
      field,
      `Identificativo non valido (${field}): serve un numero intero da 1 a ${MAX_ID[kind]}.`,
    );
  return n;
}

/** A list of IDs (undefined when empty or absent: "any"). */
export function parseIds(
  values: readonly string[] | null | undefined,
  field: string,
  kind: IdKind,
): number[] | undefined {
  return values?.length ? values.map((v) => parseId(v, field, kind)) : undefined;
}
