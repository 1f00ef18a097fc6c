import { describe, expect, it } from 'vitest';
import { parseMultiHostUrl } from '../../server/db/multi-host.js';

describe('parseMultiHostUrl (libpq multi-host form)', () => {
  it('reads the hosts in order, default ports and target_session_attrs, and gives a one-host URL for pg', () => {
    const url = parseMultiHostUrl(
      'postgres://app:s3cret@db1:5433,db2,[::1]:5435/segnala?target_session_attrs=read-write&sslmode=require',
    );
    expect(url?.hosts).toEqual([
      { host: 'db1', port: 5433 },
      { host: 'db2', port: 5432 },
      { host: '::1', port: 5435 },
    ]);
    expect(url?.targetSessionAttrs).toBe('read-write');
    expect(url?.urlFor(url.hosts[2])).toBe(
      'postgres://app:s3cret@[::1]:5435/segnala?sslmode=require',
    );
  });

  it('leaves a plain one-host URL to pg, and takes "any" when a list has no target_session_attrs', () => {
    expect(parseMultiHostUrl('postgres://postgres@127.0.0.1:5432/segnala')).toBeUndefined();
    expect(parseMultiHostUrl('postgresql://h1,h2/segnala')?.targetSessionAttrs).toBe('any');
  });

  it('refuses an unknown target_session_attrs, naming the ones it knows', () => {
    expect(() => parseMultiHostUrl('postgres://h1,h2/db?target_session_attrs=writable')).toThrow(
      /target_session_attrs=writable is not one of any, read-write/,
    );
  });
});
