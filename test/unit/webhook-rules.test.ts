// The pure rules of webhooks: which addresses are private, which URLs and event types are accepted,
// and the signature (checked against a value computed here, the way a receiver would).
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { validateWebhookEvents } from '../../server/domain/webhook-event.js';
import { signatureHeader, verifySignature } from '../../server/domain/webhook-signature.js';
import { isPrivateAddress, parseWebhookUrl } from '../../server/domain/webhook-url.js';

const STRICT = { allowHttp: false, allowPrivateAddresses: false };

describe('webhook rules', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['10.0.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.0.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['::1', true],
    ['::', true],
    ['fe80::1', true],
    ['fd12:3456::1', true],
    ['::ffff:10.0.0.1', true],
    ['::ffff:93.184.216.34', false],
    ['93.184.216.34', false],
    ['2a00:1450:4002:400::200e', false],
    ['not-an-ip', true],
  ])('%s is private: %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });

  it('accepts https only, without credentials, unless http is allowed', () => {
    expect(parseWebhookUrl(' https://example.org/a#x ', STRICT).toString()).toBe(
      'https://example.org/a',
    );
    expect(() => parseWebhookUrl('http://example.org', STRICT)).toThrow(/https/);
    expect(parseWebhookUrl('http://127.0.0.1:9/h', { ...STRICT, allowHttp: true }).protocol).toBe(
      'http:',
    );
    expect(() => parseWebhookUrl('https://a:b@example.org', STRICT)).toThrow(/utente/);
  });

  it('takes known event types once each', () => {
    expect(validateWebhookEvents(['ticket.created', 'ticket.created'])).toEqual(['ticket.created']);
    expect(() => validateWebhookEvents(['ticket.nope'])).toThrow(/sconosciuto/);
    expect(() => validateWebhookEvents([])).toThrow(/almeno/);
  });

  it('signs t.body with HMAC-SHA256 and verifies within the tolerance only', () => {
    const header = signatureHeader('s3cret', 1_700_000_000, '{"a":1}');
    const hex = createHmac('sha256', 's3cret').update('1700000000.{"a":1}').digest('hex');
    expect(header).toBe(`t=1700000000,v1=${hex}`);
    expect(verifySignature('s3cret', header, '{"a":1}', 300, 1_700_000_100)).toBe(true);
    expect(verifySignature('s3cret', header, '{"a":2}', 300, 1_700_000_100)).toBe(false);
    expect(verifySignature('other', header, '{"a":1}', 300, 1_700_000_100)).toBe(false);
    expect(verifySignature('s3cret', header, '{"a":1}', 300, 1_700_001_000)).toBe(false);
  });
});
