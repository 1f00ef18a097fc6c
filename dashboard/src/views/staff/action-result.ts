// What the ticket page says after an action: a confirmation, or the refusal in the page's language
// (the server's messages are Italian; an English page gets its own words for each error code). A
// message is kept as a key and worded when shown, so a switch of language words it again.
import type { TFunction } from 'i18next';
import type { CombinedError } from 'urql';
import { errorCode } from '../../api/errors';

export interface ActionMessage {
  kind: 'success' | 'error';
  /** An i18n key (with its values), worded in the language of the page when shown. */
  key: string;
  values?: Record<string, string | undefined>;
  /** The server's own Italian sentence, shown instead on Italian pages. */
  italian?: string;
}

export function messageText(message: ActionMessage, t: TFunction, lang: string): string {
  if (message.italian && lang.startsWith('it')) return message.italian;
  return t(message.key, message.values);
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

export function errorMessage(error: CombinedError): ActionMessage {
  const code = errorCode(error);
  const server = error.graphQLErrors[0]?.message;
  const known = (KNOWN as readonly string[]).includes(code ?? '') ? code : 'other';
  return {
    kind: 'error',
    key: `ticketPage.errors.${known}`,
    // Italian pages show the server's own sentence when it says exactly what is wrong (a field's rule).
    italian: server && code === 'BAD_USER_INPUT' ? server : undefined,
  };
}
