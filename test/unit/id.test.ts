// One ID rule: positive decimal integers within the range of the column they name.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../server/domain/app-error.js';
import { parseId, parseIds } from '../../server/domain/id.js';

function refusal(value: string, kind: 'int4' | 'int8'): unknown {
  try {
    parseId(value, 'id', kind);
  } catch (error) {
    return error instanceof AppError ? [error.code, error.details.field] : error;
  }
  return 'accepted';
}

describe('parseId', () => {
  it('accepts positive integers up to the column range', () => {
    expect(parseId('1', 'id', 'int4')).toBe(1);
    expect(parseId('2147483647', 'id', 'int4')).toBe(2_147_483_647);
    expect(parseId('9007199254740991', 'id', 'int8')).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseIds(['3', '4'], 'officeIds', 'int4')).toEqual([3, 4]);
    expect(parseIds([], 'officeIds', 'int4')).toBeUndefined();
  });

  it.each([
    ['2147483648', 'int4'],
    ['99999999999999999999', 'int4'],
    ['99999999999999999999', 'int8'],
    ['9007199254740993', 'int8'],
    ['0', 'int8'],
    ['-1', 'int4'],
    ['1.5', 'int4'],
    ['1e3', 'int4'],
    [' 7', 'int4'],
    ['07', 'int4'],
    ['0x10', 'int4'],
    ['', 'int4'],
    ['abc', 'int8'],
  ] as const)('refuses %j as %s with BAD_USER_INPUT', (value, kind) => {
    expect(refusal(value, kind)).toEqual(['BAD_USER_INPUT', 'id']);
  });
});
