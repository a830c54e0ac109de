/**
 * Integer arguments at their boundaries, through every reader: INCRBY and
 * DECRBY deltas, GETRANGE and SETRANGE offsets, SET/SETEX/PSETEX/GETEX
 * expiry amounts, the EXPIRE family's times, SCAN COUNT and MEMORY USAGE
 * SAMPLES. Each is read with Redis's string2ll rules (src/engine/integer.ts)
 * and kept exact over the whole signed 64-bit range: a number while
 * |n| <= 2^53 - 1 and a bigint beyond, with no rounding where a value or a
 * product crosses 2^53. The values: 2^53 - 1, 2^53, 2^53 + 1 (and their
 * negatives), 2^63 - 1, -2^63, one past each, "-0", "+1", leading zeros, 20
 * and 21 bytes, and the seconds that overflow milliseconds (INT64_MAX / 1000
 * and one more). Replies are redis-server 7.0.15's. The command cases are in
 * cases/integers.ts; the methods' own tests (the same values given as JS
 * numbers and bigints) are here.
 */
import { expect, it } from 'vitest';
import { INTEGERS } from './cases/integers.js';
import { defineCases } from './support/cases.js';
import { describeEngines } from './support/engines.js';

const INT64_MIN = -9223372036854775808n;

defineCases(...INTEGERS);

describeEngines('integer arguments given as JS numbers and bigints', (suite) => {
  it('INCRBY takes a safe number or a bigint delta and replies exactly', () => {
    const { db } = suite;
    expect(db.incrby('k', Number.MAX_SAFE_INTEGER)).toBe(9007199254740991);
    expect(db.incrby('k', 2)).toBe(9007199254740993n);
    expect(db.incrby('k', 9007199254740993n)).toBe(18014398509481986n);
    expect(db.decrby('k', 18014398509481987n)).toBe(-1);
    expect(db.incrby('k', -9223372036854775807n)).toBe(INT64_MIN);
    expect(() => db.decrby('k', 1)).toThrow('ERR increment or decrement would overflow');
  });

  it('expiry amounts as numbers and bigints give the same times as their decimal text', () => {
    const { db } = suite;
    db.set('k', 'v', 'PXAT', 9007199254740993n);
    expect(db.pexpiretime('k')).toBe(9007199254740993n);
    db.set('k', 'v', 'EXAT', 9007199254741);
    expect(db.pexpiretime('k')).toBe(9007199254741000n);
    expect(db.expireat('k', 9223372036854775n)).toBe(1);
    expect(db.pexpiretime('k')).toBe(9223372036854775000n);
    expect(() => db.expireat('k', 9223372036854776n)).toThrow("ERR invalid expire time in 'expireat' command");
  });

  it('SCAN hands out cursors as numbers and reads an unknown one, however large, as a restart', () => {
    const { db } = suite;
    for (let i = 0; i < 30; i++) db.set(`k${i}`, 'v');
    const [cursor, first] = db.scan(0, 'COUNT', 10);
    expect(cursor).toMatch(/^[1-9][0-9]*$/);
    const [, second] = db.scan(cursor, 'COUNT', 10);
    expect(second.some((key) => first.includes(key))).toBe(false);
    expect(db.scan('18446744073709551615', 'COUNT', 100)).toEqual(['0', expect.arrayContaining(['k0', 'k29'])]);
    expect(db.scan('-1', 'COUNT', 100)[0]).toBe('0');
    expect(db.scan('+0', 'COUNT', 100)[1]).toHaveLength(30);
  });
});
