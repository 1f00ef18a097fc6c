// The SSRF guard's network half: a resolver for the sender's connections that refuses private
// addresses (every address of the name, so a name with one public and one private address is refused),
// and the check createWebhook runs before it stores a URL. The rules are in domain/webhook-url.ts.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { lookup as lookupAll } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import {
  hostOf,
  isPrivateAddress,
  parseWebhookUrl,
  refusedUrl,
  type WebhookUrlRules,
} from '../domain/webhook-url.js';

/** A name that does not resolve within this is refused at registration (the request must not hang). */
const LOOKUP_TIMEOUT_MS = 5000;

export class PrivateAddressError extends Error {
  constructor(host: string) {
    super(`${host} resolves to a private, loopback or link-local address`);
    this.name = 'PrivateAddressError';
  }
}

/** For http.request's `lookup`: resolves as usual, then refuses when any address is private. */
export function guardedLookup(rules: WebhookUrlRules): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      if (!rules.allowPrivateAddresses && addresses.some((a) => isPrivateAddress(a.address)))
        return callback(new PrivateAddressError(hostname), '', 0);
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      return callback(null, first.address, first.family);
    });
  };
}

/** The URL createWebhook stores: its form, then every address its host resolves to. */
export async function checkWebhookUrl(raw: string, rules: WebhookUrlRules): Promise<URL> {
  const url = parseWebhookUrl(raw, rules);
  if (rules.allowPrivateAddresses) return url;
  const host = hostOf(url);
  let addresses: string[];
  let timer: NodeJS.Timeout | undefined;
  try {
    addresses = isIP(host)
      ? [host]
      : await Promise.race([
          lookupAll(host, { all: true }).then((found) => found.map((a) => a.address)),
          new Promise<never>((_resolve, reject) => {
            timer = setTimeout(() => reject(new Error('timeout')), LOOKUP_TIMEOUT_MS);
          }),
        ]);
  } catch {
    throw refusedUrl('UNRESOLVED', `Il nome ${host.slice(0, 100)} non si risolve in un indirizzo.`);
  } finally {
    clearTimeout(timer);
  }
  if (addresses.length === 0 || addresses.some(isPrivateAddress))
    throw refusedUrl(
      'PRIVATE_ADDRESS',
      "L'indirizzo del webhook punta a una rete privata, locale o di loopback: non è consentito.",
    );
  return url;
}
