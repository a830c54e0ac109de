/**
 * Size limits: Redis refuses strings over 512 MiB (proto-max-bulk-len); both
 * engines refuse them with Redis's error before storing anything, and the
 * dataset is intact afterwards.
 */
import { expect, it } from 'vitest';
import { CommandError } from '../src/errors/command-error.js';
import { describeEngines } from './support/engines.js';

const TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";

describeEngines('string size limits', (suite) => {
  it('a value one byte over 512 MiB is refused by SET, APPEND and MSET, and nothing is lost', () => {
    const db = suite.db;
    db.set('keep', 'v');
    const oversized = new Uint8Array(512 * 1024 * 1024 + 1);
    for (const write of [() => db.set('big', oversized), () => db.append('big', oversized), () => db.mset('a', '1', 'big', oversized)]) {
      expect(write).toThrow(CommandError);
      expect(write).toThrow(TOO_LONG);
    }
    expect(db.get('keep')).toBe('v');
    expect(db.exists('big', 'a')).toBe(0);
    expect(db.dbsize()).toBe(1);
  }, 60_000);
});
