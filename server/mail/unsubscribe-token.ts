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

export function unsubscribeUrl(publicUrl: string, code: string, tag: string): string {
  return `${publicUrl}/unsubscribe/${encodeURIComponent(code)}/${tag}`;
}

export function tagsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
