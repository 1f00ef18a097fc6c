// The one e-mail rule: reporters, supporters, staff accounts and office addresses are all checked by it.
import { badInput } from './app-error.js';

export const EMAIL_MAX = 254;

// Deliberately simple (one @, a dot in the domain, no spaces or mail-header punctuation): the mail is the real test.
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;

/** The trimmed address, or BAD_USER_INPUT on `field`. */
export function validateEmail(value: string, field = 'email'): string {
  const email = value.trim();
  if (email.length > EMAIL_MAX || !EMAIL.test(email))
    throw badInput(
      field,
      email
        ? 'L’indirizzo e-mail non è valido: controlla che sia scritto come nome@esempio.it, senza spazi.'
        : 'L’indirizzo e-mail è obbligatorio: scrivi quello a cui vuoi ricevere gli aggiornamenti.',
    );
  return email;
}
