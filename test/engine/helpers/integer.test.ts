import { describe, expect, it } from 'vitest';
import { formatInt64, int64ToBytes, parseInt64, parseInt64Text, parseSmallInt, toInt } from '../../../src/engine/integer.js';

/** [argument, INCRBY reply on an absent key or null for the "not an integer" error], from redis-server 7.0.15. */
const verifiedByRedis: [string, string | null][] = [
  ['0', '0'],
  ['-0', null],
  ['00', null],
  ['01', null],
  ['+1', null],
  ['-', null],
  ['', null],
  [' 1', null],
  ['1 ', null],
  ['9223372036854775807', '9223372036854775807'],
  ['9223372036854775808', null],
  ['-9223372036854775808', '-9223372036854775808'],
  ['-9223372036854775809', null],
  ['18446744073709551615', null],
  ['18446744073709551616', null],
  ['-18446744073709551616', null],
  ['00000000000000000001', null],
  ['-00', null],
  ['1e3', null],
  ['1.0', null],
  ['123456789012345678901', null],
  ['-1234567890123456789', '-1234567890123456789'],
  ['12345678901234567890', null],
  ['999999999999999', '999999999999999'],
  ['9999999999999999', '9999999999999999'],
  ['-999999999999999', '-999999999999999'],
  ['1\u00002', null],
  ['0x10', null],
];

describe('integer', () => {
  it.each(verifiedByRedis)('reads %j as redis-server 7.0.15 does (%j)', (text, expected) => {
    const want = expected === null ? null : BigInt(expected);
    expect(parseInt64Text(text)).toBe(want);
    expect(parseInt64(text)).toBe(want);
    expect(parseInt64(new TextEncoder().encode(text))).toBe(want);
    const small = parseSmallInt(text);
    if (small !== undefined) expect(small).toBe(want === null ? null : Number(want));
  });

  it('rejects non-ASCII digits and text longer than 20 bytes', () => {
    expect(parseInt64('\u0661')).toBeNull();
    expect(parseInt64('-0000000000000000001')).toBeNull();
  });

  it('takes the fast path only up to 15 digits', () => {
    expect(parseSmallInt('-123456789012345')).toBe(-123456789012345);
    expect(parseSmallInt('1234567890123456')).toBeUndefined();
    expect(parseSmallInt('-')).toBeNull();
    expect(parseSmallInt('12a')).toBeNull();
  });

  it('round-trips formatting and parsing at the edges of the range', () => {
    for (const n of [0n, -1n, 9223372036854775807n, -9223372036854775808n, 9007199254740993n]) {
      expect(parseInt64Text(formatInt64(n))).toBe(n);
      expect(int64ToBytes(n)).toEqual(new TextEncoder().encode(n.toString()));
    }
    expect(formatInt64(-42)).toBe('-42');
  });

  it('replies a number while exact and a bigint beyond 2^53 - 1', () => {
    expect(toInt(9007199254740991n)).toBe(9007199254740991);
    expect(toInt(-9007199254740991n)).toBe(-9007199254740991);
    expect(toInt(9007199254740992n)).toBe(9007199254740992n);
    expect(toInt(-9007199254740992n)).toBe(-9007199254740992n);
  });
});
