// Where a webhook may point. A URL must be https (http only where WEBHOOK_ALLOW_HTTP says so, for
// tests), carry no user:password, and name a host whose every address is public: loopback, private,
// link-local, CGNAT, multicast and reserved ranges are refused unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES.
// The sender checks the addresses again at every connection (DNS can change) and never follows a
// redirect, so a public name that answers with a redirect to a private address reaches nothing.
import { BlockList, isIP } from 'node:net';
import { AppError } from './app-error.js';

export const WEBHOOK_URL_MAX = 2000;

export interface WebhookUrlRules {
  allowHttp: boolean;
  allowPrivateAddresses: boolean;
}

const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv6');

/** True for an address a webhook must not reach by default (an IPv4-mapped IPv6 is judged as IPv4). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return BLOCKED.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export function refusedUrl(reason: string, message: string): AppError {
  return new AppError('BAD_USER_INPUT', message, { field: 'url', reason });
}

/** The parsed URL when its form is acceptable (scheme, credentials, length); its addresses are checked apart. */
export function parseWebhookUrl(raw: string, rules: WebhookUrlRules): URL {
  const text = raw.trim();
  let url: URL | undefined;
  try {
    if (text.length <= WEBHOOK_URL_MAX) url = new URL(text);
  } catch {
    // refused below
  }
  if (!url)
    throw refusedUrl('INVALID', `Indirizzo non valido (al massimo ${WEBHOOK_URL_MAX} caratteri).`);
  if (url.protocol !== 'https:' && !(rules.allowHttp && url.protocol === 'http:'))
    throw refusedUrl('NOT_HTTPS', "L'indirizzo del webhook deve essere https://.");
  if (url.username || url.password)
    throw refusedUrl(
      'CREDENTIALS',
      "L'indirizzo non può contenere utente e password: usa il segreto di firma.",
    );
  url.hash = '';
  return url;
}

/** The host as a resolver wants it ([::1] → ::1). */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}
