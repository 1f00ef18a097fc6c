import { describe, expect, it } from 'vitest';
import { clientAddressKey } from '../../server/domain/client-address.js';

describe('clientAddressKey', () => {
  it('keeps IPv4 addresses, also IPv4-mapped ones', () => {
    expect(clientAddressKey('198.51.100.7')).toBe('198.51.100.7');
    expect(clientAddressKey('::ffff:198.51.100.7')).toBe('198.51.100.7');
  });

  it('counts an IPv6 client by its /64, however the address is written', () => {
    const key = '2001:db8:a:b::/64';
    expect(clientAddressKey('2001:db8:a:b::1')).toBe(key);
    expect(clientAddressKey('2001:0db8:000a:000b:ffff:1:2:3')).toBe(key);
    expect(clientAddressKey('2001:DB8:A:B:0:0:0:99')).toBe(key);
    expect(clientAddressKey('2001:db8:a:c::1')).not.toBe(key);
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64');
  });

  it('leaves anything else alone', () => {
    expect(clientAddressKey('unknown')).toBe('unknown');
  });
});
