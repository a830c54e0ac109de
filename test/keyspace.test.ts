/**
 * Keyspace commands: DEL, UNLINK, EXISTS, TYPE, RENAME, RENAMENX, COPY,
 * DBSIZE, FLUSHDB, FLUSHALL, RANDOMKEY. Replies are redis-server 7.0.15's.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { KEYSPACE } from './cases/keyspace.js';
import { defineCases } from './support/cases.js';
import { describeEngines } from './support/engines.js';

defineCases(...KEYSPACE);

describeEngines('keyspace methods', (suite) => {
  it('COPY DB with any index other than 0 is out of range, as flashkv has one database', () => {
    // Real Redis has 16 databases and would copy into database 1; flashkv has one.
    suite.db.set('a', '1');
    expect(() => suite.db.copy('a', 'b', 'DB', 1)).toThrow('ERR DB index is out of range');
  });

  it('RANDOMKEY eventually returns every key', () => {
    const { db } = suite;
    const keys = ['a', 'b', 'c', 'd'];
    for (const key of keys) db.set(key, key);
    const seen = new Set<string | null>();
    for (let i = 0; i < 400 && seen.size < keys.length; i++) seen.add(db.randomkey());
    expect([...seen].sort()).toEqual(keys);
  });

  it('keys come back in byte order after any inserts and deletes', () => {
    const { db } = suite;
    const key = fc.oneof(fc.uint8Array({ maxLength: 12 }), fc.constantFrom(...['', 'a', 'ab', 'abc', 'abd', 'b'].map((text) => new TextEncoder().encode(text))), fc.uint8Array({ minLength: 30, maxLength: 40 }).map((tail) => Uint8Array.from([...new TextEncoder().encode('common/prefix/'), ...tail])));
    fc.assert(
      fc.property(fc.array(key, { maxLength: 120 }), fc.array(fc.nat(), { maxLength: 60 }), (inserted, deletions) => {
        db.flushall();
        const model = new Map<string, Uint8Array>();
        for (const k of inserted) {
          db.set(k, 'v');
          model.set(Buffer.from(k).toString('hex'), k);
        }
        const all = [...model.values()];
        for (const index of deletions) {
          if (all.length === 0) break;
          const [victim] = all.splice(index % all.length, 1);
          expect(db.del(victim)).toBe(1);
          model.delete(Buffer.from(victim).toString('hex'));
        }
        const expected = [...model.keys()].sort((a, b) => Buffer.compare(Buffer.from(a, 'hex'), Buffer.from(b, 'hex')));
        const hex = (keys: Uint8Array[]) => keys.map((k) => Buffer.from(k).toString('hex'));
        expect(hex(db.keysBuffer('*'))).toEqual(expected);
        expect(hex([...db.rangeBuffer(null, null, { batch: 7 })])).toEqual(expected);
        expect(db.dbsize()).toBe(expected.length);
        const prefix = Buffer.from('common/prefix/').toString('hex');
        expect(hex([...db.scanPrefixBuffer('common/prefix/', { batch: 3 })])).toEqual(expected.filter((k) => k.startsWith(prefix)));
      }),
      { numRuns: 60 },
    );
  });

  it('FLUSHALL empties a large keyspace and the database stays usable', () => {
    const { db } = suite;
    for (let i = 0; i < 2000; i++) db.set(`key:${i}`, 'x'.repeat(100));
    db.flushall();
    expect(db.dbsize()).toBe(0);
    expect(db.get('key:1')).toBeNull();
    db.set('after', 'flush');
    expect(db.get('after')).toBe('flush');
  });
});
