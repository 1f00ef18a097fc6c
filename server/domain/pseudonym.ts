// E-mail addresses in old audit rows become pseudonyms: the same address gives the same pseudonym
// within a comune (an admin can still tell that two rows concern one person) and nobody without the
// comune's secret can turn one back into an address, or test a guessed address against it.
import { createHmac } from 'node:crypto';

const ADDRESS = /[^\s<>"'(),=:;[\]{}\\]+@[^\s<>"'(),=:;[\]{}\\]+\.[A-Za-z]{2,}/g;

export function pseudonymOf(email: string, secret: string): string {
  const mac = createHmac('sha256', secret).update(email.trim().toLowerCase()).digest('hex');
  return `pseudonimo-${mac.slice(0, 16)}`;
}

/** `text` with every e-mail address replaced by its pseudonym. */
export function pseudonymiseEmails(text: string, secret: string): string {
  return text.replace(ADDRESS, (email) => pseudonymOf(email, secret));
}
