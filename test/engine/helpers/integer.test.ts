import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInt64, int64ToBytes, parseInt64, toInt } from '../../../src/engine/integer.js';

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
  ['9007199254740991', '9007199254740991'],
  ['9007199254740992', '9007199254740992'],
  ['9007199254740993', '9007199254740993'],
  ['-9007199254740991', '-9007199254740991'],
  ['-9007199254740992', '-9007199254740992'],
  ['-9007199254740993', '-9007199254740993'],
  ['9223372036854775', '9223372036854775'],
  ['9223372036854776', '9223372036854776'],
  ['-01', null],
  ['+0', null],
  ['99999999999999999999', null],
  ['-12345678901234567890', null],
];

/**
 * The reference the parser is checked against: string2ll's rules written
 * the slow way (a regular expression for the canonical shape, BigInt for the
 * value), with the reply convention (a number while |n| <= 2^53 - 1).
 */
function reference(text: string): number | bigint | null {
  if (text.length >= 21 || !/^(0|-?[1-9][0-9]*)$/.test(text)) return null;
  const value = BigInt(text);
  if (value > 9223372036854775807n || value < -9223372036854775808n) return null;
  return toInt(value);
}

/** Texts near every boundary the parser has: 2^53, 10^15 (where it splits the digits), 2^63, 20 and 21 bytes. */
function boundaryTexts(): string[] {
  const centres = [0n, 2n ** 53n, 10n ** 15n, 10n ** 16n, 2n ** 63n, 10n ** 19n, 9223372036854775n, 9007199254740991000n];
  const texts: string[] = [];
  for (const centre of centres) {
    for (let d = -3n; d <= 3n; d++) texts.push(String(centre + d), String(-(centre + d)));
  }
  return texts;
}

describe('integer', () => {
  it.each(verifiedByRedis)('reads %j as redis-server 7.0.15 does (%j)', (text, expected) => {
    const want = expected === null ? null : toInt(BigInt(expected));
    expect(parseInt64(text)).toBe(want);
    expect(parseInt64(new TextEncoder().encode(text))).toBe(want);
  });

  it('is exact at every boundary, as a number up to 2^53 - 1 and a bigint beyond', () => {
    for (const text of boundaryTexts()) {
      expect(parseInt64(text), text).toBe(reference(text));
      expect(parseInt64(new TextEncoder().encode(text)), text).toBe(reference(text));
    }
    expect(parseInt64('9007199254740991')).toBe(9007199254740991);
    expect(parseInt64('9007199254740992')).toBe(9007199254740992n);
    expect(parseInt64('-9007199254740992')).toBe(-9007199254740992n);
  });

  it('agrees with the reference on random integers of every length and on random digit strings', () => {
    const int64 = fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }).map(String);
    const digits = fc.stringMatching(/^[-+0]?[0-9]{0,21}$/);
    fc.assert(
      fc.property(fc.oneof(int64, digits), (text) => {
        expect(parseInt64(text)).toBe(reference(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('rejects non-ASCII digits and text longer than 20 bytes', () => {
    expect(parseInt64('\u0661')).toBeNull();
    expect(parseInt64('-0000000000000000001')).toBeNull();
  });

  it('round-trips formatting and parsing at the edges of the range', () => {
    for (const n of [0n, -1n, 9223372036854775807n, -9223372036854775808n, 9007199254740993n]) {
      expect(parseInt64(formatInt64(n))).toBe(toInt(n));
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
