// The token of a contractor's link: 256 random bits in base64url (43 characters), unguessable, so the
// link itself is the credential. Only its SHA-256 is stored (contractor_link.token_hash): a database
// dump opens no page. A token of the wrong shape, or whose hash names no link, is "tampered".
// The forms of the page carry a second value derived from the token, so that a form posted without
// having loaded the page (a cross-site post that guessed the URL shape) is refused.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function newContractorToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashContractorToken(token)! };
}

/** The stored hash of a well-formed token; undefined for anything else. */
export function hashContractorToken(token: string): Buffer | undefined {
  if (!TOKEN.test(token)) return undefined;
  return createHash('sha256').update(token).digest();
}

/** The hidden form field of the page of this token. */
export function contractorFormKey(token: string): string {
  return createHash('sha256').update(`form:${token}`).digest('base64url').slice(0, 32);
}

export function formKeyMatches(token: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(contractorFormKey(token));
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
