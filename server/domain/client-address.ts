// The unit a per-address limit counts. An IPv4 address is one client; an IPv6 client usually holds a
// whole /64 (2^64 addresses to rotate through), so IPv6 addresses count by their first 64 bits.
import { isIPv4, isIPv6 } from 'node:net';

/** The rate-limit key of a client address: IPv4 as is (also when IPv4-mapped), IPv6 as its /64 network. */
export function clientAddressKey(address: string): string {
  const a = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (!isIPv6(a)) return a;
  const [head, tail = ''] = a.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = a.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** An address as the audit log keeps it after the contact retention: IPv4 to its /24, IPv6 to its /64. */
export function truncatedAddress(address: string): string {
  const key = clientAddressKey(address);
  const v4 = /^(\d+\.\d+\.\d+)\.\d+$/.exec(key);
  return v4 && isIPv4(key) ? `${v4[1]}.0/24` : key;
}
