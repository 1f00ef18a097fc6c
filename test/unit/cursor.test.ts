// One cursor scheme: offsets never negative, keyset ids within int8, anything else INVALID_CURSOR.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../server/domain/app-error.js';
import {
  decodeKeyCursor,
  decodeOffsetCursor,
  encodeKeyCursor,
  encodeOffsetCursor,
} from '../../server/domain/cursor.js';

const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function codeOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error instanceof AppError ? [error.code, error.details.field] : error;
  }
  return 'no error';
}

describe('cursors', () => {
  it('round-trip, and no cursor means the first page', () => {
    expect(decodeOffsetCursor(encodeOffsetCursor(40))).toBe(40);
    expect(decodeKeyCursor(encodeKeyCursor(9_000_000_000))).toBe(9_000_000_000);
    expect(decodeOffsetCursor(null)).toBe(0);
    expect(decodeKeyCursor('')).toBeNull();
  });

  it.each([
    ['a negative offset', () => decodeOffsetCursor(raw(['o', -5]))],
    ['the old offset form [-5]', () => decodeOffsetCursor('Wy01XQ')],
    ['the old keyset form ["1",1]', () => decodeKeyCursor('WyIxIiwxXQ')],
    ['a fractional offset', () => decodeOffsetCursor(raw(['o', 1.5]))],
    ['an offset past 2^53', () => decodeOffsetCursor(raw(['o', 2 ** 60]))],
    ['a key of 0', () => decodeKeyCursor(raw(['k', 0]))],
    ['a key as a string', () => decodeKeyCursor(raw(['k', '7']))],
    ['an offset cursor on a keyset list', () => decodeKeyCursor(encodeOffsetCursor(3))],
    ['a keyset cursor on an offset list', () => decodeOffsetCursor(encodeKeyCursor(3))],
    ['not base64 JSON', () => decodeOffsetCursor('%%%not-a-cursor')],
    ['an object', () => decodeOffsetCursor(raw({ o: 1 }))],
    ['a long string', () => decodeOffsetCursor('A'.repeat(10_000))],
  ])('%s is INVALID_CURSOR on after', (_name, run) => {
    expect(codeOf(run)).toEqual(['INVALID_CURSOR', 'after']);
  });
});
