// What the ticket page says after an action: a confirmation, or the refusal in the page's language
// (the server's messages are Italian; an English page gets its own words for each error code).
import type { TFunction } from 'i18next';
import type { CombinedError } from 'urql';
import { errorCode } from '../../api/errors';

export interface ActionMessage {
  kind: 'success' | 'error';
  text: string;
}

const KNOWN = [
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'INVALID_TRANSITION',
  'TICKET_CLOSED',
  'NOT_FOUND',
  'BAD_USER_INPUT',
] as const;

export function errorMessage(error: CombinedError, t: TFunction, lang: string): ActionMessage {
  const code = errorCode(error);
  const server = error.graphQLErrors[0]?.message;
  // Italian pages show the server's own sentence when it says exactly what is wrong (a field's rule).
  if (lang.startsWith('it') && server && code === 'BAD_USER_INPUT')
    return { kind: 'error', text: server };
  const key = (KNOWN as readonly string[]).includes(code ?? '') ? code : 'other';
  return { kind: 'error', text: t(`ticketPage.errors.${key}`) };
}
