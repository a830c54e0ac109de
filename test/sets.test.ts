/**
 * Sets: every set command, option and error, WRONGTYPE, the generic
 * commands on sets and OBJECT ENCODING's conversions (cases/sets.ts,
 * checked against redis-server 7.0.15 on every run that has it), then what
 * only the JS API has: the methods' shapes (ioredis's), the Buffer variants,
 * rollback, the uniformity of the random draws (a chi-squared test per
 * command and encoding) and the intset limit set through open().
 */
import { expect, it } from 'vitest';
import { SETS } from './cases/sets.js';
import { defineCases } from './support/cases.js';
import { describeEngines, type EngineSuite } from './support/engines.js';

defineCases(...SETS);

describeEngines('set methods', (suite) => {
  it('replies are shaped as ioredis shapes them', () => {
    const { db } = suite;
    expect(db.sadd('s', 'a', ['b', 'c'], 1)).toBe(4);
    expect(db.srem('s', 'c', 'x')).toBe(1);
    expect(db.sismember('s', 'a')).toBe(1);
    expect(db.smismember('s', 'a', 'x', 1)).toEqual([1, 0, 1]);
    expect(db.scard('s')).toBe(3);
    expect(db.smembers('s').sort()).toEqual(['1', 'a', 'b']);
    expect(db.smembers('nokey')).toEqual([]);
    expect(db.smove('s', 't', 'a')).toBe(1);
    expect(db.sunion('s', ['t']).sort()).toEqual(['1', 'a', 'b']);
    expect(db.sinter('s', 't')).toEqual([]);
    expect(db.sdiff('s', 't').sort()).toEqual(['1', 'b']);
    expect(db.sunionstore('u', 's', 't')).toBe(3);
    expect(db.sinterstore('i', 's', 'u')).toBe(2);
    expect(db.sdiffstore('d', 'u', 's')).toBe(1);
    expect(db.sintercard(2, 'u', 's', 'LIMIT', 1)).toBe(1);
    expect(db.sscan('t', 0)).toEqual(['0', ['a']]);
  });

  it('spop and srandmember return a member without a count and a list with one', () => {
    const { db } = suite;
    db.sadd('s', 'a', 'b', 'c');
    expect(['a', 'b', 'c']).toContain(db.srandmember('s'));
    expect(db.srandmember('s', -5)).toHaveLength(5);
    expect(new Set(db.srandmember('s', 2)).size).toBe(2);
    const popped = db.spop('s', 2);
    expect(popped).toHaveLength(2);
    expect(db.scard('s')).toBe(1);
    expect(['a', 'b', 'c']).toContain(db.spop('s'));
    expect(db.spop('s')).toBeNull();
    expect(db.spop('s', 3)).toEqual([]);
    expect(db.srandmember('s')).toBeNull();
  });

  it('the Buffer variants return members as bytes and the scan cursor as a string', () => {
    const { db } = suite;
    db.sadd('s', Uint8Array.of(0xff));
    expect(db.smembersBuffer('s')).toEqual([Uint8Array.of(0xff)]);
    expect(db.srandmemberBuffer('s')).toEqual(Uint8Array.of(0xff));
    expect(db.srandmemberBuffer('s', -2)).toEqual([Uint8Array.of(0xff), Uint8Array.of(0xff)]);
    expect(db.sunionBuffer('s')).toEqual([Uint8Array.of(0xff)]);
    expect(db.sscanBuffer('s', 0)).toEqual(['0', [Uint8Array.of(0xff)]]);
    expect(db.spopBuffer('s', 1)).toEqual([Uint8Array.of(0xff)]);
  });

  it('a full SSCAN with COUNT 1 of a hashtable returns every member, with changes between calls', () => {
    const { db } = suite;
    const members = Array.from({ length: 700 }, (_, i) => `m${i}`);
    db.sadd('s', members);
    expect(db.object('ENCODING', 's')).toBe('hashtable');
    const seen = new Set<string>();
    let cursor = '0';
    let calls = 0;
    do {
      const [next, items] = db.sscan('s', cursor, 'COUNT', 1);
      for (const item of items) seen.add(item);
      db.sadd('s', `new${calls}`);
      if (calls % 2 === 1) db.srem('s', `new${calls - 1}`);
      cursor = next;
      calls++;
    } while (cursor !== '0' && calls < 100_000);
    for (const member of members) expect(seen.has(member), member).toBe(true);
  });

  it('a failed update() undoes its set changes, SPOP and the STOREs included', async () => {
    const { db } = suite;
    db.sadd('s', '1', '2', '3');
    db.sadd('t', 'x');
    await expect(
      db.update((tx) => {
        tx.spop('s', 2);
        tx.sadd('s', 'word');
        tx.smove('t', 's', 'x');
        tx.sunionstore('t', 's');
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(db.smembers('s')).toEqual(['1', '2', '3']);
    expect(db.object('ENCODING', 's')).toBe('intset');
    expect(db.smembers('t')).toEqual(['x']);
  });
});

describeEngines('random draws from sets and hashes', (suite) => {
  /** Pearson's chi-squared statistic of `counts` against equal expectations. */
  function chiSquared(counts: Map<string, number>, total: number, bins: number): number {
    const expected = total / bins;
    let sum = 0;
    for (const count of counts.values()) sum += (count - expected) ** 2 / expected;
    return sum + (bins - counts.size) * expected;
  }

  /** Tallies the members `draw` replies over `rounds` calls. */
  function tally(rounds: number, draw: () => string | string[] | null): { counts: Map<string, number>; total: number } {
    const counts = new Map<string, number>();
    let total = 0;
    for (let i = 0; i < rounds; i++) {
      const reply = draw();
      for (const member of Array.isArray(reply) ? reply : [reply ?? 'nil']) {
        counts.set(member, (counts.get(member) ?? 0) + 1);
        total++;
      }
    }
    return { counts, total };
  }

  // 19 degrees of freedom: the 0.999 quantile of chi-squared is 43.8, so a
  // fair generator fails one run in a thousand; a skewed one fails them all.
  const LIMIT = 43.8;

  /** The draws tested, each on a set `s` and a hash `h` of the same 20 names. */
  const DRAWS: [name: string, draw: (db: EngineSuite['db']) => string | string[] | null][] = [
    ['SRANDMEMBER', (db) => db.srandmember('s')],
    ['SRANDMEMBER 3', (db) => db.srandmember('s', 3)],
    ['SRANDMEMBER 15', (db) => db.srandmember('s', 15)],
    ['SRANDMEMBER -4', (db) => db.srandmember('s', -4)],
    [
      'SPOP',
      (db) => {
        const member = db.spop('s');
        db.sadd('s', member!);
        return member;
      },
    ],
    [
      'SPOP 3',
      (db) => {
        const members = db.spop('s', 3);
        db.sadd('s', members);
        return members;
      },
    ],
    ['HRANDFIELD', (db) => db.hrandfield('h')],
    ['HRANDFIELD 3', (db) => db.hrandfield('h', 3)],
    ['HRANDFIELD 15', (db) => db.hrandfield('h', 15)],
    ['HRANDFIELD -4', (db) => db.hrandfield('h', -4)],
  ];

  for (const [encoding, prefix] of [['an intset or a listpack', ''], ['a hashtable', 'm']] as const) {
    for (const [name, draw] of DRAWS) {
      it(`${name} draws uniformly from ${encoding}`, () => {
        const { db } = suite;
        // 20 names; the hashtable case adds and removes 600 more, so both tables are large ones.
        const names = Array.from({ length: 20 }, (_, i) => `${prefix}${i}`);
        const filler = prefix === '' ? [] : Array.from({ length: 600 }, (_, i) => `filler${i}`);
        if (name.startsWith('H')) {
          db.hset('h', Object.fromEntries([...names, ...filler].map((field) => [field, 'v'])));
          if (filler.length > 0) db.hdel('h', filler);
        } else {
          db.sadd('s', [...names, ...filler]);
          if (filler.length > 0) db.srem('s', filler);
        }
        const { counts, total } = tally(2000, () => draw(db));
        expect(counts.size).toBe(20);
        expect(chiSquared(counts, total, 20)).toBeLessThan(LIMIT);
      });
    }
  }
});

describeEngines('seeded random choices', (suite) => {
  it('two databases opened with the same seed make the same choices; another seed makes others', () => {
    const draws = (seed: number): unknown[] => {
      const db = suite.open({ seed });
      db.sadd('s', Array.from({ length: 100 }, (_, i) => `m${i}`));
      db.hset('h', Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`f${i}`, 'v'])));
      for (let i = 0; i < 20; i++) db.set(`k${i}`, 'v');
      return [db.srandmember('s', -20), db.hrandfield('h', 5), db.spop('s', 3), db.srandmember('s'), db.randomkey(), db.randomkey()];
    };
    expect(draws(42)).toEqual(draws(42));
    expect(draws(42)).not.toEqual(draws(43));
    expect(() => suite.open({ seed: -1 })).toThrow('flashkv: seed must be a whole number from 0 to 2^32 - 1, not -1');
    expect(() => suite.open({ seed: 1.5 })).toThrow(TypeError);
  });
});

describeEngines('replies too large to build', (suite) => {
  // Redis would try to send 2^63 - 1 members; both engines refuse the reply
  // before drawing (the TS engine would otherwise grow an array until V8
  // stops the process), and the data is as it was.
  it('SRANDMEMBER and HRANDFIELD with a huge negative count are out of memory and change nothing', () => {
    const { db } = suite;
    db.sadd('s', 'a', 'b');
    db.hset('h', 'f', 'v');
    expect(() => db.call('SRANDMEMBER', 's', '-9223372036854775807')).toThrow(/^OOM /);
    expect(() => db.call('HRANDFIELD', 'h', '-4611686018427387903', 'WITHVALUES')).toThrow(/^OOM /);
    expect(() => db.call('HRANDFIELD', 'h', '-9223372036854775807')).toThrow(/^OOM /);
    expect(db.call('SMEMBERS', 's')).toEqual(expect.arrayContaining(['a', 'b']));
    expect(db.call('HGETALL', 'h')).toEqual(['f', 'v']);
  });
});

describeEngines('set encoding limits', (suite) => {
  it('open() takes the intset limit: a set of integers leaves its intset past it', () => {
    const db = suite.open({ encoding: { setMaxIntsetEntries: 3 } });
    db.sadd('s', 1, 2, 3);
    expect(db.object('ENCODING', 's')).toBe('intset');
    db.sadd('s', 4);
    expect(db.object('ENCODING', 's')).toBe('hashtable');
    db.sadd('t', 1, 2, 3, 4);
    expect(db.object('ENCODING', 't')).toBe('hashtable');
  });

  it('a STORE builds its result under the limit in force', () => {
    const db = suite.open({ encoding: { setMaxIntsetEntries: 2 } });
    db.sadd('a', 1, 2);
    db.sadd('b', 3);
    expect(db.sunionstore('u', 'a', 'b')).toBe(3);
    expect(db.object('ENCODING', 'u')).toBe('hashtable');
    db.setEncodingLimits({ setMaxIntsetEntries: 10 });
    expect(db.sunionstore('u', 'a', 'b')).toBe(3);
    expect(db.object('ENCODING', 'u')).toBe('intset');
  });
});
