/**
 * Hashes in the wasm core, through Engine.call on the debug build (whose
 * asserts check the heap, the tree and the hash table's invariants): the
 * listpack and hashtable encodings and the conversion between them, the
 * incremental resize under load, SCAN's guarantee across resizes, exact
 * undo by rollback, memory accounting and leaks, out of memory, the
 * keyspace commands on hashes, effects and the rewrite's snapshot.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { As, CallFlags, ExpireFlags, Op, type Engine } from '../../src/engine/engine.js';
import { decodeCommands } from '../../src/engine/resp.js';
import { OutOfMemoryError } from '../../src/errors/oom-error.js';
import { debugWasmEngine } from '../support/debug-core.js';
import { describeRedis, useRedis } from '../support/redis-server.js';

const NOW = 1_700_000_000_000;
const engines: Engine[] = [];

afterEach(() => {
  for (const engine of engines.splice(0)) engine.close();
});

function make(maxMemoryPages?: number): Engine {
  const engine = debugWasmEngine(maxMemoryPages === undefined ? {} : { maxMemoryPages });
  engine.now = NOW;
  engines.push(engine);
  return engine;
}

/**
 * Heap bytes in live blocks, without the allocator's boundary bitmap (heap.ts),
 * which grows with linear memory and would hide a leak or fake one.
 */
function live(e: Engine): number {
  const { used, reserved } = e.memory();
  return used - Math.ceil(Math.ceil(reserved / 64) / 4) * 4;
}

const hset = (e: Engine, key: string, ...pairs: string[]) => e.call(Op.HSet, [key, ...pairs], As.String);
const hget = (e: Engine, key: string, field: string) => e.call(Op.HGet, [key, field], As.String);
const hgetall = (e: Engine, key: string) => e.call(Op.HGetAll, [key], As.String) as string[];

/** HGETALL as a map, for hashtables (whose order is the engine's own). */
function asMap(flat: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i < flat.length; i += 2) map.set(flat[i], flat[i + 1]);
  return map;
}

/** Every field SCAN returns from cursor 0 to the end, with COUNT `count`, running `between` after each call. */
function scanAll(e: Engine, key: string, count: number, between: () => void = () => {}): Set<string> {
  const seen = new Set<string>();
  let cursor = '0';
  do {
    const [next, items] = e.call(Op.HScan, [key], As.String, BigInt(cursor), count << CallFlags.CountShift) as [string, string[]];
    for (let i = 0; i < items.length; i += 2) seen.add(items[i]);
    cursor = next;
    between();
  } while (cursor !== '0');
  return seen;
}

describe('hash encodings', () => {
  it('stays a listpack in insertion order up to 512 fields of 64 bytes, then converts for good', () => {
    const e = make();
    hset(e, 'h', 'b', '1', 'a', '2');
    hset(e, 'h', 'b', '3');
    expect(hgetall(e, 'h')).toEqual(['b', '3', 'a', '2']);
    expect(e.encoding('h')).toBe('listpack');
    for (let i = 0; i < 510; i++) hset(e, 'h', `f${i}`, 'v');
    expect(e.call(Op.HLen, ['h'], As.String)).toBe(512);
    expect(e.encoding('h')).toBe('listpack');
    hset(e, 'h', 'one-more', 'v');
    expect(e.encoding('h')).toBe('hashtable');
    e.call(Op.HDel, ['h', 'one-more', 'f0', 'f1'], As.String);
    expect(e.encoding('h')).toBe('hashtable');

    hset(e, 'long', 'f', 'x'.repeat(64));
    expect(e.encoding('long')).toBe('listpack');
    hset(e, 'long', 'g', 'x'.repeat(65));
    expect(e.encoding('long')).toBe('hashtable');
    expect(hget(e, 'long', 'f')).toBe('x'.repeat(64));
    hset(e, 'field', 'y'.repeat(65), 'v');
    expect(e.encoding('field')).toBe('hashtable');
  });

  it('follows configure(), and HSETNX converts on a long value even when the field exists', () => {
    const e = make();
    e.configure({ hashMaxListpackEntries: 2, hashMaxListpackValue: 4, setMaxIntsetEntries: 512 });
    hset(e, 'h', 'a', '1', 'b', '2');
    expect(e.encoding('h')).toBe('listpack');
    hset(e, 'h', 'c', '3');
    expect(e.encoding('h')).toBe('hashtable');
    hset(e, 'n', 'a', '1');
    expect(e.call(Op.HSetNx, ['n', 'a', 'longer'], As.String)).toBe(0);
    expect(e.encoding('n')).toBe('hashtable');
    expect(hget(e, 'n', 'a')).toBe('1');
    hset(e, 'i', 'a', '1');
    e.call(Op.HIncrBy, ['i', 'long-field'], As.String, 1);
    expect(e.encoding('i')).toBe('hashtable');
  });
});

describe('hash commands', () => {
  for (const big of [false, true]) {
    const title = big ? 'hashtable' : 'listpack';
    it(`answers every read on a ${title}`, () => {
      const e = make();
      if (big) e.configure({ hashMaxListpackEntries: 0, hashMaxListpackValue: 64, setMaxIntsetEntries: 512 });
      expect(hset(e, 'h', 'a', '1', 'b', '', 'a', '2')).toBe(2);
      expect(e.encoding('h')).toBe(title);
      expect(hget(e, 'h', 'a')).toBe('2');
      expect(hget(e, 'h', 'b')).toBe('');
      expect(hget(e, 'h', 'c')).toBeNull();
      expect(hget(e, 'missing', 'c')).toBeNull();
      expect(e.call(Op.HMGet, ['h', 'a', 'c', 'b'], As.String)).toEqual(['2', null, '']);
      expect(e.call(Op.HExists, ['h', 'b'], As.String)).toBe(1);
      expect(e.call(Op.HExists, ['h', 'c'], As.String)).toBe(0);
      expect(e.call(Op.HStrLen, ['h', 'a'], As.String)).toBe(1);
      expect(e.call(Op.HStrLen, ['h', 'c'], As.String)).toBe(0);
      expect(e.call(Op.HLen, ['h'], As.String)).toBe(2);
      expect((e.call(Op.HKeys, ['h'], As.String) as string[]).sort()).toEqual(['a', 'b']);
      expect((e.call(Op.HVals, ['h'], As.String) as string[]).sort()).toEqual(['', '2']);
      expect(e.call(Op.HSetNx, ['h', 'a', 'x'], As.String)).toBe(0);
      expect(e.call(Op.HSetNx, ['h', 'c', 'x'], As.String)).toBe(1);
      expect(e.call(Op.HDel, ['h', 'c', 'c', 'zz'], As.String)).toBe(1);
      expect(e.call(Op.HGetAll, ['missing'], As.String)).toEqual([]);
      expect(e.call(Op.HLen, ['missing'], As.String)).toBe(0);
    });

    it(`HINCRBY on a ${title}: creates, adds, and fails as Redis does`, () => {
      const e = make();
      if (big) e.configure({ hashMaxListpackEntries: 0, hashMaxListpackValue: 64, setMaxIntsetEntries: 512 });
      expect(e.call(Op.HIncrBy, ['h', 'n'], As.String, 5)).toBe(5);
      expect(e.call(Op.HIncrBy, ['h', 'n'], As.String, -7)).toBe(-2);
      hset(e, 'h', 's', 'abc', 'big', '9223372036854775807', 'sp', ' 1');
      expect(() => e.call(Op.HIncrBy, ['h', 's'], As.String, 1)).toThrow('ERR hash value is not an integer');
      expect(() => e.call(Op.HIncrBy, ['h', 'sp'], As.String, 1)).toThrow('ERR hash value is not an integer');
      expect(() => e.call(Op.HIncrBy, ['h', 'big'], As.String, 1)).toThrow('ERR increment or decrement would overflow');
      expect(e.call(Op.HIncrBy, ['h', 'big'], As.String, -1n << 63n)).toBe(-1);
      expect(hget(e, 'h', 'n')).toBe('-2');
    });
  }

  it('gives WRONGTYPE for a string key and changes nothing', () => {
    const e = make();
    e.set('s', 'v', 0, 0, As.String);
    for (const [op, args] of [
      [Op.HSet, ['s', 'f', 'v']], [Op.HSetNx, ['s', 'f', 'v']], [Op.HGet, ['s', 'f']], [Op.HDel, ['s', 'f']],
      [Op.HIncrBy, ['s', 'f']], [Op.HGetAll, ['s']], [Op.HScan, ['s']], [Op.HRandField, ['s']],
    ] as const) {
      expect(() => e.call(op, [...args], As.String, 0, 1 << CallFlags.CountShift)).toThrow('WRONGTYPE');
    }
    expect(e.get('s', As.String)).toBe('v');
    hset(e, 'h', 'f', 'v');
    expect(() => e.incrby('h', 1)).toThrow('WRONGTYPE');
    expect(e.type('h')).toBe('hash');
  });

  it('deletes a hash HDEL empties', () => {
    const e = make();
    hset(e, 'h', 'a', '1', 'b', '2');
    expect(e.call(Op.HDel, ['h', 'a', 'b'], As.String)).toBe(2);
    expect(e.exists(['h'])).toBe(0);
    e.configure({ hashMaxListpackEntries: 0, hashMaxListpackValue: 64, setMaxIntsetEntries: 512 });
    hset(e, 't', 'a', '1');
    expect(e.call(Op.HDel, ['t', 'a'], As.String)).toBe(1);
    expect(e.exists(['t'])).toBe(0);
  });
});

describe('HRANDFIELD', () => {
  for (const big of [false, true]) {
    const title = big ? 'hashtable' : 'listpack';
    it(`follows t_hash.c's cases on a ${title}`, () => {
      const e = make();
      if (big) e.configure({ hashMaxListpackEntries: 0, hashMaxListpackValue: 64, setMaxIntsetEntries: 512 });
      const fields = Array.from({ length: 30 }, (_, i) => `f${i}`);
      hset(e, 'h', ...fields.flatMap((f) => [f, `v${f}`]));
      const rand = (n: number, flags = CallFlags.HasCount) => e.call(Op.HRandField, ['h'], As.String, n, flags) as string[];
      expect(fields).toContain(e.call(Op.HRandField, ['h'], As.String));
      expect(e.call(Op.HRandField, ['missing'], As.String)).toBeNull();
      expect(e.call(Op.HRandField, ['missing'], As.String, 3, CallFlags.HasCount)).toEqual([]);
      expect(rand(0)).toEqual([]);
      expect(new Set(rand(40)).size).toBe(30);
      for (const n of [1, 5, 12, 29]) {
        const got = rand(n);
        expect(got.length).toBe(n);
        expect(new Set(got).size).toBe(n);
        for (const f of got) expect(fields).toContain(f);
      }
      const repeats = rand(-100);
      expect(repeats.length).toBe(100);
      const pairs = rand(-5, CallFlags.HasCount | CallFlags.WithValues);
      expect(pairs.length).toBe(10);
      for (let i = 0; i < 10; i += 2) expect(pairs[i + 1]).toBe(`v${pairs[i]}`);
      const distinct = rand(7, CallFlags.HasCount | CallFlags.WithValues);
      expect(distinct.length).toBe(14);
      for (let i = 0; i < 14; i += 2) expect(distinct[i + 1]).toBe(`v${distinct[i]}`);
    });

    it(`draws uniformly from a ${title} (chi-square)`, () => {
      const e = make();
      if (big) e.configure({ hashMaxListpackEntries: 0, hashMaxListpackValue: 64, setMaxIntsetEntries: 512 });
      e.seed(7);
      const size = 20;
      hset(e, 'h', ...Array.from({ length: size }, (_, i) => [`f${i}`, 'v']).flat());
      const counts = new Map<string, number>();
      const draws = 20_000;
      for (const f of e.call(Op.HRandField, ['h'], As.String, -draws, CallFlags.HasCount) as string[]) {
        counts.set(f, (counts.get(f) ?? 0) + 1);
      }
      const expected = draws / size;
      let chi = 0;
      for (const c of counts.values()) chi += (c - expected) ** 2 / expected;
      // 19 degrees of freedom: p = 0.001 at 43.8.
      expect(chi).toBeLessThan(43.8);
      // Distinct picks of 2 from 20, each field about 2/20 of the time.
      const hits = new Map<string, number>();
      for (let i = 0; i < 2000; i++) {
        for (const f of e.call(Op.HRandField, ['h'], As.String, 2, CallFlags.HasCount) as string[]) hits.set(f, (hits.get(f) ?? 0) + 1);
      }
      chi = 0;
      for (const c of hits.values()) chi += (c - 200) ** 2 / 200;
      expect(hits.size).toBe(size);
      expect(chi).toBeLessThan(43.8);
    });
  }
});

describe('hashtable resizing and SCAN', () => {
  it('keeps every field through growth to 100k fields and shrinking back, and frees all of it', () => {
    const e = make();
    hset(e, 'warm', 'f', 'v');
    e.del(['warm']);
    const base = live(e);
    const n = 100_000;
    for (let i = 0; i < n; i++) hset(e, 'h', `field:${i}`, `value:${i}`);
    expect(e.call(Op.HLen, ['h'], As.String)).toBe(n);
    for (let i = 0; i < n; i += 997) expect(hget(e, 'h', `field:${i}`)).toBe(`value:${i}`);
    const full = e.memoryUsage('h')!;
    for (let i = 0; i < n; i++) if (i % 100 !== 0) e.call(Op.HDel, ['h', `field:${i}`], As.String);
    expect(e.call(Op.HLen, ['h'], As.String)).toBe(n / 100);
    for (let i = 0; i < n; i += 100) expect(hget(e, 'h', `field:${i}`)).toBe(`value:${i}`);
    expect(e.memoryUsage('h')!).toBeLessThan(full / 20);
    e.del(['h']);
    expect(live(e)).toBe(base);
  });

  it('SCAN returns every field present throughout, while the table grows and while it shrinks', () => {
    const e = make();
    for (let i = 0; i < 2000; i++) hset(e, 'h', `keep:${i}`, 'v');
    let added = 0;
    const seen = scanAll(e, 'h', 10, () => {
      for (let j = 0; j < 8; j++) hset(e, 'h', `new:${added++}`, 'v');
    });
    for (let i = 0; i < 2000; i++) expect(seen.has(`keep:${i}`)).toBe(true);
    for (let i = 0; i < added; i++) e.call(Op.HDel, ['h', `new:${i}`], As.String);
    for (let i = 0; i < 1900; i++) e.call(Op.HDel, ['h', `keep:${i}`], As.String);
    for (let i = 0; i < added; i++) hset(e, 'h', `new:${i}`, 'v');
    let removed = 0;
    const seen2 = scanAll(e, 'h', 5, () => {
      for (let j = 0; j < 200 && removed < added; j++) e.call(Op.HDel, ['h', `new:${removed++}`], As.String);
    });
    for (let i = 1900; i < 2000; i++) expect(seen2.has(`keep:${i}`)).toBe(true);
  });

  it('HSCAN of a listpack returns everything at once with cursor 0, MATCH applied', () => {
    const e = make();
    hset(e, 'h', 'a1', '1', 'b1', '2', 'a2', '3');
    expect(e.call(Op.HScan, ['h', 'a*'], As.String, 0, (1 << CallFlags.CountShift) | CallFlags.HasMatch))
      .toEqual(['0', ['a1', '1', 'a2', '3']]);
    expect(e.call(Op.HScan, ['missing'], As.String, 0, 1 << CallFlags.CountShift)).toEqual(['0', []]);
  });
});

describe('hashes in transactions', () => {
  function scenario(e: Engine): void {
    hset(e, 'small', 'a', '1', 'b', '2', 'c', '3');
    for (let i = 0; i < 1000; i++) hset(e, 'big', `f${i}`, `v${i}`);
    hset(e, 'other', 'x', 'y');
    e.expire('other', NOW + 60_000, ExpireFlags.None);
  }

  function state(e: Engine): unknown {
    return {
      small: hgetall(e, 'small'),
      big: [...asMap(hgetall(e, 'big'))].sort(),
      other: hgetall(e, 'other'),
      enc: [e.encoding('small'), e.encoding('big'), e.encoding('other')],
      ttl: e.expireTime('other'),
      keys: e.dbsize(),
    };
  }

  it('rollback restores every hash exactly, and frees what the transaction made', () => {
    const e = make();
    scenario(e);
    state(e);
    e.del(['small', 'big', 'other']);
    const base = live(e);
    scenario(e);
    const before = state(e);
    const used = live(e);
    e.begin();
    hset(e, 'small', 'b', 'changed', 'd', '4');
    e.call(Op.HDel, ['small', 'a'], As.String);
    for (let i = 0; i < 600; i++) hset(e, 'small', `grow${i}`, 'v'); // converts
    for (let i = 0; i < 1000; i += 2) e.call(Op.HDel, ['big', `f${i}`], As.String);
    for (let i = 0; i < 3000; i++) hset(e, 'big', `new${i}`, 'v'); // grows
    hset(e, 'big', 'f1', 'replaced');
    e.call(Op.HIncrBy, ['big', 'count'], As.String, 3);
    e.call(Op.HDel, ['other', 'x'], As.String); // empties: the key goes
    hset(e, 'fresh', 'a', '1');
    for (let i = 0; i < 600; i++) hset(e, 'fresh', `g${i}`, 'v');
    e.rename('big', 'moved');
    hset(e, 'moved', 'after', 'rename');
    e.copy('small', 'copied', false);
    e.expire('small', NOW + 5000, ExpireFlags.None);
    e.rollback();
    expect(state(e)).toEqual(before);
    expect(e.exists(['fresh', 'moved', 'copied'])).toBe(0);
    // The tables that grew keep their size (no shrink while the journal
    // holds entries, hashtable.ts): 'big' went from 1000 fields to 3500.
    expect(live(e)).toBeLessThanOrEqual(used + 64 * 1024);
    e.del(['small', 'big', 'other']);
    expect(live(e)).toBe(base);
  });

  it('commit keeps the changes and frees what the journal held', () => {
    const e = make();
    scenario(e);
    e.begin();
    hset(e, 'small', 'a', 'new');
    for (let i = 0; i < 1000; i++) e.call(Op.HDel, ['big', `f${i}`], As.String);
    e.rename('other', 'renamed');
    e.commit();
    expect(hget(e, 'small', 'a')).toBe('new');
    expect(e.exists(['big', 'other'])).toBe(0);
    expect(hget(e, 'renamed', 'x')).toBe('y');
    // Objects the committed transaction made are journaled as old ones in the next.
    e.begin();
    hset(e, 'renamed', 'x', 'z');
    hset(e, 'small', 'a', 'newer');
    e.rollback();
    expect(hget(e, 'renamed', 'x')).toBe('y');
    expect(hget(e, 'small', 'a')).toBe('new');
    e.flushall();
    const base = live(e);
    scenario(e);
    e.flushall();
    expect(live(e)).toBe(base);
  });
});

describe('hashes and the keyspace', () => {
  it('COPY duplicates (keeping the encoding), RENAME moves, DEL and expiry free', () => {
    const e = make();
    const round = () => {
      hset(e, 'small', 'a', '1');
      for (let i = 0; i < 1000; i++) hset(e, 'big', `f${i}`, `v${i}`);
      expect(e.copy('small', 'small2', false)).toBe(1);
      expect(e.copy('big', 'big2', false)).toBe(1);
      expect(e.encoding('small2')).toBe('listpack');
      expect(e.encoding('big2')).toBe('hashtable');
      expect(e.memoryUsage('big2')).toBe(e.memoryUsage('big'));
      hset(e, 'big2', 'f0', 'changed');
      expect(hget(e, 'big', 'f0')).toBe('v0');
      expect(e.rename('big2', 'big3')).toBe('OK');
      expect(hget(e, 'big3', 'f0')).toBe('changed');
      expect(e.exists(['big2'])).toBe(0);
      e.expire('big3', NOW + 10, ExpireFlags.None);
      e.expire('small2', NOW + 10, ExpireFlags.None);
      e.persist('small2');
      e.expire('small2', NOW + 10, ExpireFlags.None);
      expect(hgetall(e, 'small2')).toEqual(['a', '1']);
      e.now = NOW + 20;
      expect(e.activeExpire(100)).toBe(2);
      e.now = NOW;
      expect(e.del(['small', 'big'])).toBe(2);
    };
    // The first round leaves what the engine keeps between commands (tree
    // nodes kept by hysteresis, the TTL index, the reply tape); the second
    // must leave nothing more.
    round();
    const base = live(e);
    round();
    expect(live(e)).toBe(base);
  });

  it('MEMORY USAGE grows with the hash and shrinks with it', () => {
    const e = make();
    hset(e, 'h', 'a', '1');
    const one = e.memoryUsage('h')!;
    for (let i = 0; i < 100; i++) hset(e, 'h', `f${i}`, 'x'.repeat(50));
    const listpack = e.memoryUsage('h')!;
    expect(listpack).toBeGreaterThan(one + 5000);
    for (let i = 0; i < 100; i++) e.call(Op.HDel, ['h', `f${i}`], As.String);
    expect(e.memoryUsage('h')!).toBe(one);
  });

  it('out of memory: a write that cannot be had fails whole and the engine goes on', () => {
    const e = make(64);
    let i = 0;
    let failed = false;
    for (; i < 10_000_000 && !failed; i++) {
      try {
        hset(e, `h${i % 7}`, `field:${i}`, 'x'.repeat(i % 200));
      } catch (error) {
        expect(error).toBeInstanceOf(OutOfMemoryError);
        failed = true;
      }
    }
    expect(failed).toBe(true);
    const key = `h${(i - 1) % 7}`;
    const before = e.call(Op.HLen, [key], As.String);
    expect(hget(e, key, `field:${i - 1}`)).toBeNull();
    e.begin();
    expect(() => {
      for (let j = 0; ; j++) e.call(Op.HSet, [key, `tx:${j}`, 'y'.repeat(100)], As.String);
    }).toThrow(OutOfMemoryError);
    e.rollback();
    expect(e.call(Op.HLen, [key], As.String)).toBe(before);
    e.del(['h0', 'h1', 'h2']);
    expect(hset(e, 'after', 'f', 'v')).toBe(1);
  });
});

describe('hash effects and snapshot', () => {
  it('records HSET, HDEL and HINCRBY as the plan says', () => {
    const e = make();
    e.recordEffects = true;
    hset(e, 'h', 'a', '1', 'b', '2');
    e.call(Op.HSetNx, ['h', 'a', 'x'], As.String);
    e.call(Op.HSetNx, ['h', 'c', '3'], As.String);
    e.call(Op.HDel, ['h', 'zz'], As.String);
    e.call(Op.HDel, ['h', 'a', 'zz'], As.String);
    e.call(Op.HIncrBy, ['h', 'n'], As.String, -5);
    const text = decodeCommands(e.drainEffects()).map((c) => c.map((b) => new TextDecoder().decode(b)).join(' '));
    expect(text).toEqual(['HSET h a 1 b 2', 'HSET h c 3', 'HDEL h a zz', 'HINCRBY h n -5']);
  });

  it('snapshots a hash as HSET commands of at most 64 fields, with its expiry', () => {
    const e = make();
    hset(e, 'small', 'a', '1', 'b', '2');
    for (let i = 0; i < 150; i++) hset(e, 'big', `f${i}`, `v${i}`);
    e.expire('big', NOW + 60_000, ExpireFlags.None);
    const snapshot = e.snapshot();
    const commands: string[][] = [];
    for (let chunk = snapshot.next(1 << 16); chunk !== null; chunk = snapshot.next(1 << 16)) {
      for (const c of decodeCommands(chunk)) commands.push(c.map((b) => new TextDecoder().decode(b)));
    }
    snapshot.close();
    const replay = make();
    for (const [name, ...args] of commands) {
      if (name === 'HSET') {
        expect(args.length % 2).toBe(1);
        expect((args.length - 1) / 2).toBeLessThanOrEqual(64);
        replay.call(Op.HSet, args, As.String);
      } else {
        expect([name, ...args]).toEqual(['PEXPIREAT', 'big', String(NOW + 60_000)]);
      }
    }
    expect(commands.filter((c) => c[0] === 'HSET').length).toBe(1 + 3);
    expect(hgetall(replay, 'small')).toEqual(['a', '1', 'b', '2']);
    expect(asMap(hgetall(replay, 'big'))).toEqual(asMap(hgetall(e, 'big')));
  });
});

describeRedis('hash encodings against redis-server', (redis) => {
  useRedis();

  /** The reply, or the error's message: both sides are compared the same way. */
  async function attempt(run: () => unknown): Promise<unknown> {
    try {
      return await run();
    } catch (error) {
      return { error: (error as Error).message };
    }
  }

  it('agree after the same random writes (hash-max-listpack-entries 6, -value 8)', async () => {
    const e = make();
    e.configure({ hashMaxListpackEntries: 6, hashMaxListpackValue: 8, setMaxIntsetEntries: 512 });
    await redis.client.call('CONFIG', 'SET', 'hash-max-listpack-entries', '6');
    await redis.client.call('CONFIG', 'SET', 'hash-max-listpack-value', '8');
    await redis.client.call('FLUSHALL');
    let seed = 11;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const keys = ['a', 'b', 'c'];
    const key = () => keys[random(3)];
    const field = () => (random(8) === 0 ? `long-field-${random(3)}` : `f${random(9)}`);
    const value = () => (random(8) === 0 ? 'a-long-value' : String(random(20) - 5));
    const writes: [string, Op, () => string[], (() => number)?][] = [
      ['HSET', Op.HSet, () => [key(), field(), value(), field(), value()]],
      ['HSETNX', Op.HSetNx, () => [key(), field(), value()]],
      ['HDEL', Op.HDel, () => [key(), field(), field(), field()]],
      ['HINCRBY', Op.HIncrBy, () => [key(), field()], () => random(7) - 3],
    ];
    for (let step = 0; step < 400; step++) {
      const [name, op, args, delta] = writes[random(writes.length)];
      const list = args();
      const n = delta?.() ?? 0;
      const wire = name === 'HINCRBY' ? [...list, String(n)] : list;
      const ours = await attempt(() => e.call(op, list, As.String, n));
      expect(ours, `${name} ${wire.join(' ')}`).toEqual(await attempt(() => redis.client.call(name, ...wire)));
      for (const k of keys) {
        const encoding = await redis.client.call('OBJECT', 'ENCODING', k).catch(() => null);
        expect(e.encoding(k), `${k} after ${name} ${wire.join(' ')}`).toBe(encoding);
        const theirs = (await redis.client.call('HGETALL', k)) as string[];
        if (encoding === 'listpack') expect(hgetall(e, k)).toEqual(theirs);
        else expect(asMap(hgetall(e, k))).toEqual(asMap(theirs));
      }
    }
    await redis.client.call('CONFIG', 'SET', 'hash-max-listpack-entries', '512');
    await redis.client.call('CONFIG', 'SET', 'hash-max-listpack-value', '64');
  });
});
