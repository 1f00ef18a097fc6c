// The dashboard finds its comune's prefix from its address exactly as the server cuts it.
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { APP_SEGMENTS, comuneBase } from '../../dashboard/src/api/comune-base.js';
import { ROUTE_SEGMENTS, rewriteComuneUrl } from '../../server/http/comune-edge.js';

function rewrite(url: string): string {
  const raw = new IncomingMessage(new Socket());
  raw.url = url;
  return rewriteComuneUrl(raw);
}

describe('the comune prefix of an address', () => {
  it.each([
    ['/segnala', '', '/segnala'],
    ['/', '', '/'],
    ['/c/046024/segnala', '/c/046024', '/segnala'],
    ['/c/046024', '/c/046024', '/'],
    ['/pietrasanta/segnalazioni/PTS-ABC', '/pietrasanta', '/segnalazioni/PTS-ABC'],
    ['/forte-dei-marmi', '/forte-dei-marmi', '/'],
    ['/ufficio/coda', '', '/ufficio/coda'],
    ['/favicon.svg', '', '/favicon.svg'],
  ])('%s → prefix %j, app path %s', (path, base, rest) => {
    expect(comuneBase(path)).toBe(base);
    expect(rewrite(path)).toBe(rest);
  });

  it('keeps a query string after the prefix', () => {
    expect(rewrite('/c/046024?luogo=x')).toBe('/?luogo=x');
    expect(rewrite('/pietrasanta/graphql?query=%7B%7D')).toBe('/graphql?query=%7B%7D');
  });

  it('the app and the server reserve the same first segments', () => {
    expect([...APP_SEGMENTS].sort()).toEqual([...ROUTE_SEGMENTS].sort());
  });
});
