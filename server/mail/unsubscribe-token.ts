// One-click unsubscribe links: /unsubscribe/<code>/<tag>, where tag is an HMAC of (municipality,
// tracking code, lower-cased e-mail) under the municipality's mail secret. The link names no address,
// cannot be forged for another one, and keeps working across restarts.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function unsubscribeTag(
  secret: string,
  municipalityId: number,
  code: string,
  email: string,
): string {
  return createHmac('sha256', secret)
    .update(`${municipalityId}:${code}:${email.trim().toLowerCase()}`)
    .digest('base64url')
    .slice(0, 32);
}

/**
 * The reporter's answer links of a resolved report ("non è risolto", "com'è andata?"): the same HMAC under
 * the comune's mail secret, over a code marked as an answer's, so an unsubscribe tag opens neither.
 */
export function feedbackTag(
  secret: string,
  municipalityId: number,
  code: string,
  email: string,
): string {
  return unsubscribeTag(secret, municipalityId, `feedback:${code}`, email);
}

export function unsubscribeUrl(publicUrl: string, code: string, tag: string): string {
  return `${publicUrl}/unsubscribe/${encodeURIComponent(code)}/${tag}`;
}

export function tagsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
