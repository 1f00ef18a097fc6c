import { badInput } from '../domain/app-error.js';

/** A positive integer id from a GraphQL ID, or BAD_USER_INPUT naming the field. */
export function parseId(value: string, field: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw badInput(field, `Identificativo non valido: "${value}".`);
  return n;
}
