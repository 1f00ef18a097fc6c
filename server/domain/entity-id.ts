// Ids of the municipality's reference rows (office, category, street, staff) as clients send them: text.
import { badInput } from './app-error.js';

/** The largest value of a PostgreSQL integer column, the type of those ids. */
export const MAX_INT4 = 2_147_483_647;

/**
 * A positive integer id within the column's range, or BAD_USER_INPUT naming the field. Only plain
 * decimal digits count: Number() would also take "1e3", "0x10" or " 7 ", and a value past the
 * column's range would only fail inside the SQL statement, after the answer has begun.
 */
export function parseIntId(value: string, field: string, max = MAX_INT4): number {
  const n = /^[0-9]{1,16}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= max)) throw badInput(field, `Identificativo non valido: "${value}".`);
  return n;
}
