/**
 * Counters: INCR, DECR, INCRBY, DECRBY over Redis's signed 64-bit range, and
 * INCRBYFLOAT with Redis's long-double arithmetic and formatting. Integers
 * beyond 2^53 come back as exact bigints. Replies are redis-server 7.0.15's.
 */
import { expect, it } from 'vitest';
import { COUNTERS } from './cases/counters.js';
import { defineCases } from './support/cases.js';
import { describeEngines } from './support/engines.js';

defineCases(...COUNTERS);

describeEngines('counter methods', (suite) => {
  it('db.incr and db.decr return numbers while exact and bigints beyond', () => {
    const { db } = suite;
    db.set('k', '9007199254740990');
    expect(db.incr('k')).toBe(9007199254740991);
    expect(db.incr('k')).toBe(9007199254740992n);
    expect(db.decr('k')).toBe(9007199254740991);
    expect(db.incrby('j', 9223372036854775807n)).toBe(9223372036854775807n);
    expect(db.decrby('j', '9223372036854775807')).toBe(0);
  });

  it('db.incr throws the overflow error with its exact text', () => {
    const { db } = suite;
    db.set('k', 9223372036854775807n);
    expect(() => db.incr('k')).toThrow('ERR increment or decrement would overflow');
    expect(db.get('k')).toBe('9223372036854775807');
  });

  it('db.incrbyfloat takes a number and returns a string', () => {
    const { db } = suite;
    expect(db.incrbyfloat('f', 1.25)).toBe('1.25');
    expect(db.incrbyfloat('f', -0.25)).toBe('1');
  });
});
