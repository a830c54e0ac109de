/**
 * Conformance of the wasm engine on what is particular to it: the ART under
 * random inserts and deletes (checked against a sorted model and the TS
 * engine), ordered scans, effects, the undo journal, and edge cases whose
 * replies were taken from redis-server 7.0.15. Runs the debug build, whose
 * asserts check the allocator, tree, TTL index and journal on every call.
 * The behaviour suite shared by both engines lives in test/*.test.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { As, ExpireFlags, GetExMode, SetFlags, type Bytes, type ScanFilter } from '../../src/engine/engine.js';
import { lookupCommand } from '../../src/engine/commands.js';
import { decodeCommandStrings, decodeCommands } from '../../src/engine/resp.js';
import { ScanCursors } from '../../src/engine/scan-cursors.js';
import { Stats } from '../../src/engine/stats.js';
import { TsEngine } from '../../src/engine/ts/index.js';
import { WasmEngine } from '../../src/engine/wasm.js';
import { debugWasmEngine } from '../support/debug-core.js';
import { random } from '../support/random.js';

const NOW = 1_700_000_000_000;
const latin1 = (bytes: Uint8Array) => Array.from(bytes, (b) => String.fromCharCode(b)).join('');
const bytesOf = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

function filter(overrides: Partial<ScanFilter> = {}): ScanFilter {
  return { from: null, inclusive: false, limit: 1000, end: null, prefix: null, match: null, type: null, ...overrides };
}

/** Every key in order, walking in steps of `limit` as SCAN does. */
function walk(engine: WasmEngine | TsEngine, overrides: Partial<ScanFilter> = {}, limit = 7): string[] {
  const keys: string[] = [];
  let from: Uint8Array | null = overrides.from ?? null;
  let inclusive = overrides.inclusive ?? false;
  for (let steps = 0; steps < 1_000_000; steps++) {
    const batch = engine.scanKeys(filter({ ...overrides, from, inclusive, limit }));
    keys.push(...batch.keys.map(latin1));
    if (batch.last === null) return keys;
    from = batch.last;
    inclusive = false;
  }
  throw new Error('walk did not end');
}

let engine: WasmEngine;

beforeEach(() => {
  engine = debugWasmEngine();
  engine.now = NOW;
  engine.recordEffects = true;
});

function effects(): string[][] {
  return decodeCommandStrings(engine.drainEffects());
}

describe('WasmEngine keyspace tree', () => {
  it('keeps keys that are prefixes of each other, including the empty key', () => {
    const keys = ['', 'a', 'ab', 'abc', 'abcdefghijklmnop', 'abcdefghijklmnoq', 'abcdefghijk', 'b', '\u0000', '\u0000\u0000'];
    for (const k of keys) engine.set(bytesOf(k), bytesOf(`v${k}`), SetFlags.None, 0, As.Bytes);
    for (const k of keys) expect(engine.get(bytesOf(k), As.Bytes)).toEqual(bytesOf(`v${k}`));
    expect(walk(engine)).toEqual([...keys].sort());
    for (const k of keys) expect(engine.del([bytesOf(k)])).toBe(1);
    expect(engine.dbsize()).toBe(0);
    expect(walk(engine)).toEqual([]);
  });

  const allBytes = Array.from({ length: 256 }, (_, b) => String.fromCharCode(b)).join('');
  // Each shape stresses another part of the tree: compressed paths longer than
  // the 8 inline bytes, deep chains of NODE4 splits, all 256 edge bytes (NODE48
  // and NODE256 growing and shrinking), and long-form keys over 255 bytes.
  const shapes = [
    { name: 'a 21-byte shared prefix', prefix: 'prefix-shared-by-all:', alphabet: 'abcdefghijklmnopqrstuvwxyz0123456789', maxLen: 4 },
    { name: 'short keys over 38 bytes', prefix: '', alphabet: 'abcdefghijklmnopqrstuvwxyz0123456789\u0000\u00ff', maxLen: 4 },
    { name: 'deep keys over two bytes', prefix: '', alphabet: 'ab', maxLen: 12 },
    { name: 'every byte value', prefix: '', alphabet: allBytes, maxLen: 3 },
    { name: 'keys over 255 bytes', prefix: 'p'.repeat(280), alphabet: 'xyz', maxLen: 6 },
  ];
  for (const [seed, shape] of shapes.entries()) {
    it(`agrees with a sorted model under random inserts and deletes (${shape.name})`, () => {
      const rand = random(seed + 1);
      const model = new Map<string, string>();
      const { alphabet } = shape;
      for (let step = 0; step < 6000; step++) {
        let key = shape.prefix;
        const len = Math.floor(rand() * shape.maxLen);
        for (let i = 0; i < len; i++) key += alphabet[Math.floor(rand() * alphabet.length)];
        if (rand() < 0.6) {
          const value = 'x'.repeat(Math.floor(rand() * 40));
          engine.set(bytesOf(key), bytesOf(value), SetFlags.None, 0, As.Bytes);
          model.set(key, value);
        } else {
          expect(engine.del([bytesOf(key)])).toBe(model.delete(key) ? 1 : 0);
        }
      }
      expect(engine.dbsize()).toBe(model.size);
      const sorted = [...model.keys()].sort();
      expect(walk(engine)).toEqual(sorted);
      for (const [k, v] of model) expect(engine.get(bytesOf(k), As.Bytes)).toEqual(bytesOf(v));
      const from = sorted[Math.floor(sorted.length / 3)] ?? '';
      expect(walk(engine, { from: bytesOf(from), inclusive: true })).toEqual(sorted.filter((k) => k >= from));
      const end = sorted[Math.floor((2 * sorted.length) / 3)] ?? '';
      expect(walk(engine, { from: bytesOf(from), end: bytesOf(end) })).toEqual(sorted.filter((k) => k > from && k < end));
      for (const k of sorted) engine.del([bytesOf(k)]);
      expect(engine.dbsize()).toBe(0);
    });
  }

  it('seeks to `from` even when it is absent and between subtrees', () => {
    for (const k of ['aa', 'ab', 'b', 'ba', 'bb', 'c']) engine.set(k, 'v', SetFlags.None, 0, As.String);
    expect(walk(engine, { from: bytesOf('a') })).toEqual(['aa', 'ab', 'b', 'ba', 'bb', 'c']);
    expect(walk(engine, { from: bytesOf('ac') })).toEqual(['b', 'ba', 'bb', 'c']);
    expect(walk(engine, { from: bytesOf('b') })).toEqual(['ba', 'bb', 'c']);
    expect(walk(engine, { from: bytesOf('b'), inclusive: true })).toEqual(['b', 'ba', 'bb', 'c']);
    expect(walk(engine, { from: bytesOf('bz') })).toEqual(['c']);
    expect(walk(engine, { from: bytesOf('d') })).toEqual([]);
  });

  it('filters scans by prefix, glob (narrowed by its literal prefix) and type', () => {
    for (const k of ['user:1', 'user:2', 'user:10', 'users', 'admin:1', 'u']) engine.set(k, 'v', SetFlags.None, 0, As.String);
    expect(walk(engine, { prefix: bytesOf('user:') })).toEqual(['user:1', 'user:10', 'user:2']);
    expect(walk(engine, { match: bytesOf('user:?') })).toEqual(['user:1', 'user:2']);
    expect(walk(engine, { match: bytesOf('*1*') })).toEqual(['admin:1', 'user:1', 'user:10']);
    expect(walk(engine, { match: bytesOf('u[s]er[^:]') })).toEqual(['users']);
    expect(walk(engine, { prefix: bytesOf('user'), match: bytesOf('user:1*') })).toEqual(['user:1', 'user:10']);
    expect(walk(engine, { prefix: bytesOf('admin'), match: bytesOf('user*') })).toEqual([]);
    expect(walk(engine, { type: 'string', prefix: bytesOf('a') })).toEqual(['admin:1']);
    expect(walk(engine, { type: 'hash' })).toEqual([]);
    engine.set('', 'v', SetFlags.None, 0, As.String);
    expect(walk(engine, { match: bytesOf('*') })[0]).toBe('');
    expect(walk(engine, { match: bytesOf('**') })).not.toContain('');
  });

  it('examines at most `limit` keys per step and reports the last one examined', () => {
    for (const k of ['a1', 'a2', 'b1', 'b2']) engine.set(k, 'v', SetFlags.None, 0, As.String);
    const batch = engine.scanKeys(filter({ limit: 2, match: bytesOf('*2') }));
    expect(batch.keys.map(latin1)).toEqual(['a2']);
    expect(latin1(batch.last!)).toBe('a2');
    const next = engine.scanKeys(filter({ limit: 2, match: bytesOf('*1'), from: batch.last }));
    expect(next.keys.map(latin1)).toEqual(['b1']);
    expect(latin1(next.last!)).toBe('b2');
    expect(engine.scanKeys(filter({ limit: 2, from: next.last })).last).toBeNull();
    // A pattern's literal prefix moves the start: keys before "b" are never examined.
    const narrowed = engine.scanKeys(filter({ limit: 2, match: bytesOf('b*') }));
    expect(narrowed.keys.map(latin1)).toEqual(['b1', 'b2']);
  });
});

describe('WasmEngine strings', () => {
  it('treats a string and its UTF-8 bytes as the same key and value', () => {
    engine.set('clé', 'välue', SetFlags.None, 0, As.String);
    expect(engine.get(new TextEncoder().encode('clé'), As.String)).toBe('välue');
    expect(engine.get('clé', As.Bytes)).toEqual(new TextEncoder().encode('välue'));
    expect(engine.strlen('clé')).toBe(6);
    const long = 'ü'.repeat(100);
    engine.set(long, long, SetFlags.None, 0, As.String);
    expect(engine.get(long, As.String)).toBe(long);
  });

  it('grows and shrinks values across the short and long leaf forms', () => {
    const big = 'y'.repeat(70_000);
    engine.set('k', 'small', SetFlags.None, 0, As.String);
    expect(engine.append('k', big)).toBe(70_005);
    expect(engine.getrange('k', 0, 6, As.String)).toBe('smallyy');
    engine.set('k', 'tiny', SetFlags.KeepTTL, 0, As.String);
    expect(engine.get('k', As.String)).toBe('tiny');
    expect(engine.setrange('k', 6, 'z')).toBe(7);
    expect(engine.get('k', As.Bytes)).toEqual(bytesOf('tiny\0\0z'));
  });

  it('follows Redis 7.0.15 on INCRBY parsing and overflow', () => {
    for (const bad of ['', ' 1', '1 ', '+1', '01', '-0', '1.0', '9223372036854775808', '-9223372036854775809', 'abc']) {
      engine.set('n', bad, SetFlags.None, 0, As.String);
      expect(() => engine.incrby('n', 1n)).toThrow('ERR value is not an integer or out of range');
    }
    engine.set('n', '9223372036854775806', SetFlags.None, 0, As.String);
    expect(engine.incrby('n', 1n)).toBe(9223372036854775807n);
    expect(() => engine.incrby('n', 1n)).toThrow('ERR increment or decrement would overflow');
    engine.set('n', '-9223372036854775808', SetFlags.None, 0, As.String);
    expect(() => engine.incrby('n', -1n)).toThrow('ERR increment or decrement would overflow');
    expect(engine.incrby('n', 9223372036854775807n)).toBe(-1);
    expect(engine.incrby('fresh', -5n)).toBe(-5);
    expect(engine.incrby('fresh', 9007199254740996n)).toBe(9007199254740991);
    expect(engine.incrby('fresh', 1n)).toBe(9007199254740992n);
  });

  it('follows Redis 7.0.15 on GETRANGE index rules', () => {
    engine.set('s', 'Hello World', SetFlags.None, 0, As.String);
    const cases: [number, number, string][] = [
      [0, 3, 'Hell'], [-3, -1, 'rld'], [0, -1, 'Hello World'], [10, 100, 'd'], [5, 3, ''],
      [-100, 2, 'Hel'], [-1, -5, ''], [11, 11, ''], [0, -100, 'H'],
    ];
    for (const [start, end, want] of cases) expect(engine.getrange('s', start, end, As.String)).toBe(want);
    expect(engine.getrange('missing', 0, -1, As.String)).toBe('');
  });

  it('does INCRBYFLOAT on the host, keeping the expiry and recording SET KEEPTTL', () => {
    engine.set('f', '10.5', SetFlags.Expire, NOW + 5000, As.String);
    effects();
    expect(engine.incrbyfloat('f', '0.1', As.String)).toBe('10.6');
    expect(engine.expireTime('f')).toBe(NOW + 5000);
    expect(effects()).toEqual([['SET', 'f', '10.6', 'KEEPTTL']]);
  });
});

describe('WasmEngine expiry and effects', () => {
  it('records canonical effects for every write and none for no-ops', () => {
    engine.set('a', '1', SetFlags.Expire, NOW + 1000, As.String);
    engine.set('a', '2', SetFlags.KeepTTL, 0, As.String);
    engine.set('a', '3', SetFlags.Get, 0, As.String);
    engine.set('a', 'x', SetFlags.NX, 0, As.String);
    engine.getex('a', GetExMode.At, NOW + 500, As.String);
    engine.getex('a', GetExMode.Persist, 0, As.String);
    engine.getex('a', GetExMode.Persist, 0, As.String);
    engine.msetnx(['b', '1', 'c', '2']);
    engine.msetnx(['b', '1', 'd', '2']);
    engine.incrby('n', 5n);
    engine.append('b', 'z');
    engine.setrange('b', 3, 'q');
    engine.rename('b', 'e', false);
    engine.copy('e', 'f', false);
    engine.copy('e', 'f', true);
    engine.expire('f', NOW + 10, ExpireFlags.None);
    engine.expire('f', NOW, ExpireFlags.None);
    engine.persist('e');
    engine.getdel('c', As.String);
    engine.del(['missing', 'n']);
    expect(effects()).toEqual([
      ['SET', 'a', '1', 'PXAT', String(NOW + 1000)],
      ['SET', 'a', '2', 'KEEPTTL'],
      ['SET', 'a', '3'],
      ['PEXPIREAT', 'a', String(NOW + 500)],
      ['PERSIST', 'a'],
      ['MSET', 'b', '1', 'c', '2'],
      ['SET', 'n', '5', 'KEEPTTL'],
      ['APPEND', 'b', 'z'],
      ['SETRANGE', 'b', '3', 'q'],
      ['RENAME', 'b', 'e'],
      ['COPY', 'e', 'f'],
      ['COPY', 'e', 'f', 'REPLACE'],
      ['PEXPIREAT', 'f', String(NOW + 10)],
      ['DEL', 'f'],
      ['DEL', 'c'],
      ['DEL', 'n'],
    ]);
  });

  it('deletes expired keys on access, recording DEL, and applies NX/XX/GT/LT as Redis does', () => {
    engine.set('k', 'v', SetFlags.Expire, NOW + 10, As.String);
    expect(engine.expire('k', NOW + 20, ExpireFlags.NX)).toBe(0);
    expect(engine.expire('k', NOW + 5, ExpireFlags.GT)).toBe(0);
    expect(engine.expire('k', NOW + 20, ExpireFlags.GT)).toBe(1);
    expect(engine.expire('k', NOW + 30, ExpireFlags.LT)).toBe(0);
    engine.set('p', 'v', SetFlags.None, 0, As.String);
    expect(engine.expire('p', NOW + 5, ExpireFlags.GT)).toBe(0);
    expect(engine.expire('p', NOW + 5, ExpireFlags.XX)).toBe(0);
    expect(engine.expire('p', NOW + 5, ExpireFlags.LT)).toBe(1);
    effects();
    engine.now = NOW + 25;
    expect(engine.get('k', As.String)).toBeNull();
    expect(engine.exists(['p', 'k'])).toBe(0);
    expect(effects()).toEqual([['DEL', 'k'], ['DEL', 'p']]);
    expect(engine.dbsize()).toBe(0);
  });

  it('keeps a key through its expiry millisecond, but deletes at once on EXPIRE or GETEX to now', () => {
    engine.set('k', 'v', SetFlags.Expire, NOW, As.String);
    expect(engine.get('k', As.String)).toBe('v');
    expect(engine.activeExpire(10)).toBe(0);
    engine.now = NOW + 1;
    expect(engine.get('k', As.String)).toBeNull();
    engine.set('e', 'v', SetFlags.None, 0, As.String);
    expect(engine.expire('e', NOW + 1, ExpireFlags.None)).toBe(1);
    expect(engine.exists(['e'])).toBe(0);
    engine.set('g', 'v', SetFlags.None, 0, As.String);
    expect(engine.getex('g', GetExMode.At, NOW + 1, As.String)).toBe('v');
    expect(engine.exists(['g'])).toBe(0);
  });

  it('reclaims expired keys with work bounded by the budget', () => {
    for (let i = 0; i < 1000; i++) engine.set(`t${i}`, 'v', SetFlags.Expire, NOW + (i % 2 === 0 ? 10 : 100_000), As.String);
    for (let i = 0; i < 1000; i++) engine.set(`p${i}`, 'v', SetFlags.None, 0, As.String);
    engine.now = NOW + 20;
    effects();
    let reclaimed = 0;
    for (let round = 0; round < 100 && reclaimed < 500; round++) {
      const n = engine.activeExpire(20);
      expect(n).toBeLessThanOrEqual(20);
      reclaimed += n;
    }
    expect(reclaimed).toBe(500);
    expect(engine.dbsize()).toBe(1500);
    expect(effects().every(([cmd]) => cmd === 'DEL')).toBe(true);
    expect(engine.activeExpire(1000)).toBe(0);
  });
});

describe('WasmEngine transactions', () => {
  it('rolls back every kind of change, expiry included', () => {
    engine.set('a', '1', SetFlags.Expire, NOW + 1000, As.String);
    engine.set('b', '2', SetFlags.None, 0, As.String);
    engine.set('gone', 'x', SetFlags.Expire, NOW + 1, As.String);
    effects();
    engine.now = NOW + 2;
    engine.begin();
    expect(engine.inTransaction).toBe(true);
    engine.set('a', 'changed', SetFlags.None, 0, As.String);
    engine.append('b', 'more');
    engine.incrby('c', 7n);
    engine.rename('b', 'b2', false);
    engine.expire('a', NOW + 50, ExpireFlags.None);
    expect(engine.get('gone', As.String)).toBeNull();
    engine.flushall();
    engine.set('z', 'new', SetFlags.None, 0, As.String);
    engine.rollback();
    expect(engine.inTransaction).toBe(false);
    expect(effects()).toEqual([]);
    expect(engine.get('a', As.String)).toBe('1');
    expect(engine.expireTime('a')).toBe(NOW + 1000);
    expect(engine.get('b', As.String)).toBe('2');
    expect(engine.exists(['b2', 'c', 'z'])).toBe(0);
    expect(engine.dbsize()).toBe(3);
    engine.now = NOW;
    expect(engine.get('gone', As.String)).toBe('x');
  });

  it('commits as one MULTI/EXEC unit, and records nothing for a transaction that changed nothing', () => {
    engine.begin();
    engine.get('a', As.String);
    engine.commit();
    expect(effects()).toEqual([]);
    engine.begin();
    engine.set('a', '1', SetFlags.None, 0, As.String);
    engine.set('a', '2', SetFlags.None, 0, As.String);
    engine.commit();
    expect(effects()).toEqual([['MULTI'], ['SET', 'a', '1'], ['SET', 'a', '2'], ['EXEC']]);
    expect(engine.get('a', As.String)).toBe('2');
    engine.begin();
    expect(() => engine.begin()).toThrow();
    expect(() => engine.drainEffects()).toThrow('flashkv: effects cannot be drained inside a transaction');
    engine.commit();
  });

  it('reserves journal room for MSET naming a key twice, the second pair saving what the first set', () => {
    engine.begin();
    engine.mset(['k', 'x'.repeat(2000), 'k', 'y'.repeat(2000)]);
    expect(engine.get('k', As.String)).toBe('y'.repeat(2000));
    engine.rollback();
    expect(engine.get('k', As.String)).toBeNull();
  });

  it('leaves memory where it was after a rollback', () => {
    engine.recordEffects = false;
    for (let i = 0; i < 200; i++) engine.set(`k${i}`, 'v'.repeat(i), SetFlags.None, 0, As.String);
    const before = engine.memory().used;
    engine.begin();
    for (let i = 0; i < 200; i++) engine.set(`k${i}`, 'w'.repeat(200 - i), SetFlags.None, 0, As.String);
    engine.del(['k1', 'k2']);
    engine.rollback();
    expect(engine.memory().used).toBe(before);
  });
});

describe('WasmEngine against the TS engine', () => {
  type AnyEngine = WasmEngine | TsEngine;
  type Op = (e: AnyEngine, r: () => number) => unknown;
  const key = (r: () => number) => `k${Math.floor(r() * 30)}`;
  const value = (r: () => number) => (r() < 0.3 ? String(Math.floor(r() * 200) - 100) : 'v'.repeat(Math.floor(r() * 20)));
  const within = (r: () => number, n: number) => Math.floor(r() * n);
  const ops: Op[] = [
    (e, r) => e.set(key(r), value(r), [SetFlags.None, SetFlags.NX, SetFlags.XX, SetFlags.KeepTTL, SetFlags.Get][within(r, 5)], 0, As.String),
    (e, r) => e.set(key(r), value(r), SetFlags.Expire, NOW + 2 * within(r, 100) + 1, As.String),
    (e, r) => e.get(key(r), As.String),
    (e, r) => e.getdel(key(r), As.String),
    (e, r) => e.getex(key(r), GetExMode.At, NOW + 2 * within(r, 100) + 1, As.String),
    (e, r) => e.getex(key(r), GetExMode.Persist, 0, As.String),
    (e, r) => e.append(key(r), value(r)),
    (e, r) => e.setrange(key(r), within(r, 10), value(r)),
    (e, r) => e.getrange(key(r), within(r, 10) - 5, within(r, 10) - 5, As.String),
    (e, r) => e.incrby(key(r), BigInt(within(r, 10))),
    (e, r) => e.del([key(r), key(r)]),
    (e, r) => e.exists([key(r), key(r)]),
    (e, r) => e.rename(key(r), key(r), r() < 0.5),
    // COPY of a key onto itself is the command table's error, not the engine's.
    (e, r) => {
      const [src, dst] = [key(r), key(r)];
      return src === dst ? null : e.copy(src, dst, r() < 0.5);
    },
    (e, r) => e.expire(key(r), NOW + 2 * within(r, 100) - 19, [ExpireFlags.None, ExpireFlags.NX, ExpireFlags.XX, ExpireFlags.GT, ExpireFlags.LT][within(r, 5)]),
    (e, r) => e.persist(key(r)),
    (e, r) => e.expireTime(key(r)),
    (e, r) => e.mset([key(r), value(r), key(r), value(r)]),
    (e, r) => e.msetnx([key(r), value(r), key(r), value(r)]),
    (e, r) => e.mget([key(r), key(r), key(r)], As.String),
    (e, r) => e.strlen(key(r)),
    (e, r) => e.type(key(r)),
  ];
  // Expiry times are odd offsets from NOW and the clock moves in even steps,
  // so no case lands on an expiry's own millisecond (that boundary has its own test).
  const outcome = (e: AnyEngine, op: Op, seed: number): unknown => {
    try {
      return op(e, random(seed));
    } catch (error) {
      return (error as Error).message;
    }
  };
  const dump = (e: AnyEngine) => walk(e).map((k) => [k, e.get(bytesOf(k), As.String), e.expireTime(bytesOf(k))]);

  it('replies identically over random commands, and ends with the same dataset', () => {
    const ts = new TsEngine();
    ts.now = NOW;
    const rand = random(42);
    for (let step = 0; step < 5000; step++) {
      const op = ops[within(rand, ops.length)];
      const seed = within(rand, 2 ** 31);
      expect(outcome(engine, op, seed), `step ${step}`).toEqual(outcome(ts, op, seed));
      if (step % 97 === 0) {
        engine.now += 8;
        ts.now += 8;
      }
    }
    expect(dump(engine)).toEqual(dump(ts));
  });

  it('stays identical inside transactions that commit or roll back', () => {
    const ts = new TsEngine();
    ts.now = NOW;
    const rand = random(7);
    for (let round = 0; round < 200; round++) {
      engine.begin();
      ts.begin();
      for (let step = 0; step < 10; step++) {
        const op = ops[within(rand, ops.length)];
        const seed = within(rand, 2 ** 31);
        expect(outcome(engine, op, seed)).toEqual(outcome(ts, op, seed));
      }
      if (rand() < 0.5) {
        engine.commit();
        ts.commit();
      } else {
        engine.rollback();
        ts.rollback();
      }
      expect(dump(engine), `round ${round}`).toEqual(dump(ts));
    }
  });

  it('records effects that replay to the same dataset, with lazy expiry and transactions', () => {
    const rand = random(99);
    for (let step = 0; step < 3000; step++) {
      if (step % 50 === 0) engine.begin();
      const op = ops[within(rand, ops.length)];
      outcome(engine, op, within(rand, 2 ** 31));
      if (step % 50 === 49) {
        if (rand() < 0.3) engine.rollback();
        else engine.commit();
      }
      if (step % 97 === 0) engine.now += 8;
    }
    if (engine.inTransaction) engine.commit();
    const stream = engine.drainEffects();
    // Replayed at the first command's time: a key the stream uses was alive
    // then, and every expiry the original acted on is in the stream as DEL.
    for (const replay of [debugWasmEngine(), new TsEngine()]) {
      replay.now = NOW;
      const ctx = { engine: replay, cursors: new ScanCursors(), stats: new Stats(0) };
      for (const [name, ...args] of decodeCommands(stream)) {
        const command = latin1(name);
        if (command === 'MULTI' || command === 'EXEC') continue;
        lookupCommand(command)!.run(ctx, args, As.Bytes);
      }
      replay.now = engine.now;
      expect(dump(replay)).toEqual(dump(engine));
    }
  });
});
