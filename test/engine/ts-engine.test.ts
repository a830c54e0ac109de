/**
 * Conformance of the pure-TS engine on what is particular to it: its lazy
 * order view, lazy and active expiry, the effect forms (effects.ts), binary
 * keys, and edge cases whose expected replies were taken from redis-server
 * 7.0.15. The behaviour suite shared by both engines lives elsewhere.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { As, ExpireFlags, GetExMode, SetFlags, type KeyBatch, type ScanFilter } from '../../src/engine/engine.js';
import { TsEngine } from '../../src/engine/ts/index.js';
import { decodeCommandStrings } from '../../src/engine/resp.js';

const NOW = 1_700_000_000_000;
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const bytes = (byteString: string) => Uint8Array.from(byteString, (c) => c.charCodeAt(0));

function filter(overrides: Partial<ScanFilter> = {}): ScanFilter {
  return { from: null, inclusive: false, limit: 1000, end: null, prefix: null, match: null, type: null, ...overrides };
}

/** Walks the whole keyspace in steps of `limit`, as SCAN does. */
function walk(engine: TsEngine, overrides: Partial<ScanFilter> = {}, limit = 3): string[] {
  const keys: string[] = [];
  let from: Uint8Array | null = null;
  for (let steps = 0; steps < 100_000; steps++) {
    const batch: KeyBatch = engine.scanKeys(filter({ ...overrides, from, limit }));
    keys.push(...batch.keys.map(text));
    if (batch.last === null) return keys;
    from = batch.last;
  }
  throw new Error('walk did not end');
}

let engine: TsEngine;

beforeEach(() => {
  engine = new TsEngine();
  engine.now = NOW;
  engine.recordEffects = true;
});

function effects(): string[][] {
  return decodeCommandStrings(engine.drainEffects());
}

describe('TsEngine keys and values', () => {
  it('treats a string and its UTF-8 bytes as the same key and value', () => {
    engine.set('clé', 'välue', SetFlags.None, 0, As.String);
    expect(engine.get(new TextEncoder().encode('clé'), As.String)).toBe('välue');
    expect(engine.get('clé', As.Bytes)).toEqual(new TextEncoder().encode('välue'));
    expect(engine.strlen('clé')).toBe(6);
  });

  it('stores arbitrary bytes, including ones that are not UTF-8', () => {
    const key = new Uint8Array([0, 0xff, 0x80]);
    engine.set(key, new Uint8Array([0xc3]), SetFlags.None, 0, As.String);
    expect(engine.get(key, As.Bytes)).toEqual(new Uint8Array([0xc3]));
    expect(engine.get(key, As.String)).toBe('\ufffd');
  });

  it('follows Redis 7.0.15 on GETRANGE, SETRANGE and APPEND edge cases', () => {
    engine.set('s', 'Hello World', SetFlags.None, 0, As.String);
    expect(engine.getrange('s', -3, -1, As.String)).toBe('rld');
    expect(engine.getrange('s', -1, -3, As.String)).toBe('');
    expect(engine.getrange('s', 5, 3, As.String)).toBe('');
    expect(engine.getrange('s', -100, 100, As.String)).toBe('Hello World');
    expect(engine.getrange('missing', 0, -1, As.String)).toBe('');
    expect(engine.setrange('pad', 3, 'ab')).toBe(5);
    expect(engine.get('pad', As.Bytes)).toEqual(new Uint8Array([0, 0, 0, 97, 98]));
    expect(engine.setrange('nothing', 10, '')).toBe(0);
    expect(engine.type('nothing')).toBe('none');
    expect(engine.setrange('s', 6, 'Redis')).toBe(11);
    expect(engine.get('s', As.String)).toBe('Hello Redis');
    expect(engine.append('empty', '')).toBe(0);
    expect(engine.exists(['empty'])).toBe(1);
  });

  it('refuses writes beyond 512 MiB with Redis error text', () => {
    expect(() => engine.setrange('big', 512 * 1024 * 1024, 'x')).toThrow('ERR string exceeds maximum allowed size (proto-max-bulk-len)');
    expect(engine.exists(['big'])).toBe(0);
  });

  it('counts in doubles while exact and in bigints beyond, with Redis errors', () => {
    expect(engine.incrby('n', 9007199254740990n)).toBe(9007199254740990);
    expect(engine.incrby('n', 2n)).toBe(9007199254740992n);
    expect(engine.incrby('n', 9223372036854775807n - 9007199254740992n)).toBe(9223372036854775807n);
    expect(() => engine.incrby('n', 1n)).toThrow('ERR increment or decrement would overflow');
    engine.set('bad', '01', SetFlags.None, 0, As.String);
    expect(() => engine.incrby('bad', 1n)).toThrow('ERR value is not an integer or out of range');
    expect(engine.incrbyfloat('f', '5.0e3', As.String)).toBe('5000');
    expect(() => engine.incrbyfloat('f', 'inf', As.String)).toThrow('ERR increment would produce NaN or Infinity');
  });

  it('reads an integer INCR stored as its decimal text in every command', () => {
    engine.set('n', '-7', SetFlags.None, 0, As.String);
    expect(engine.incrby('n', 1)).toBe(-6);
    expect(engine.incrby('n', -10)).toBe(-16);
    engine.drainEffects();
    expect(engine.get('n', As.String)).toBe('-16');
    expect(engine.get('n', As.Bytes)).toEqual(bytes('-16'));
    expect(engine.mget(['n'], As.String)).toEqual(['-16']);
    expect([engine.strlen('n'), engine.getrange('n', 1, -1, As.String)]).toEqual([3, '16']);
    expect(engine.copy('n', 'm', false)).toBe(1);
    expect(engine.incrbyfloat('m', '0.5', As.String)).toBe('-15.5');
    expect(engine.append('n', 'x')).toBe(4);
    expect(() => engine.incrby('n', 1)).toThrow('ERR value is not an integer or out of range');
    expect(engine.incrby('big', 9007199254740991)).toBe(9007199254740991);
    expect(engine.incrby('big', 1)).toBe(9007199254740992n);
    expect(engine.get('big', As.String)).toBe('9007199254740992');
    expect(effects()).toEqual([
      ['COPY', 'n', 'm'],
      ['SET', 'm', '-15.5', 'KEEPTTL'],
      ['APPEND', 'n', 'x'],
      ['SET', 'big', '9007199254740991', 'KEEPTTL'],
      ['SET', 'big', '9007199254740992', 'KEEPTTL'],
    ]);
  });

  it('keeps the expiry through INCR, APPEND, SETRANGE and KEEPTTL, and clears it on SET', () => {
    engine.set('k', '1', SetFlags.Expire, NOW + 5000, As.String);
    engine.incrby('k', 1n);
    engine.append('k', '0');
    engine.setrange('k', 0, '3');
    engine.incrbyfloat('k', '1', As.String);
    engine.set('k', 'v', SetFlags.KeepTTL, 0, As.String);
    expect(engine.expireTime('k')).toBe(NOW + 5000);
    engine.set('k', 'v', SetFlags.None, 0, As.String);
    expect(engine.expireTime('k')).toBe(-1);
  });

  it('replies the old value with GET whether or not NX/XX let the write through', () => {
    engine.set('k', 'old', SetFlags.None, 0, As.String);
    expect(engine.set('k', 'new', SetFlags.NX | SetFlags.Get, 0, As.String)).toBe('old');
    expect(engine.get('k', As.String)).toBe('old');
    expect(engine.set('absent', 'x', SetFlags.XX | SetFlags.Get, 0, As.String)).toBeNull();
    expect(engine.exists(['absent'])).toBe(0);
    expect(engine.set('absent', 'x', SetFlags.XX, 0, As.String)).toBeNull();
  });

  it('moves the value and its expiry on RENAME, and copies both on COPY', () => {
    engine.set('a', '1', SetFlags.Expire, NOW + 100, As.String);
    expect(engine.rename('a', 'a', true)).toBe(0);
    expect(engine.rename('a', 'a', false)).toBe('OK');
    expect(engine.rename('a', 'b', false)).toBe('OK');
    expect(engine.expireTime('b')).toBe(NOW + 100);
    expect(() => engine.rename('a', 'c', false)).toThrow('ERR no such key');
    expect(engine.copy('b', 'c', false)).toBe(1);
    expect(engine.copy('b', 'c', false)).toBe(0);
    expect(engine.expireTime('c')).toBe(NOW + 100);
    engine.set('d', 'x', SetFlags.None, 0, As.String);
    expect(engine.rename('b', 'd', true)).toBe(0);
  });
});

describe('TsEngine expiry', () => {
  it('deletes an expired key on access and records DEL', () => {
    engine.set('k', 'v', SetFlags.Expire, NOW + 10, As.String);
    engine.drainEffects();
    engine.now = NOW + 11; // a key lives through its expiry millisecond
    expect(engine.dbsize()).toBe(1); // not reclaimed yet
    expect(engine.get('k', As.String)).toBeNull();
    expect(engine.dbsize()).toBe(0);
    expect(effects()).toEqual([['DEL', 'k']]);
  });

  it('reads the clock only when a command looks at a key with an expiry', () => {
    let reads = 0;
    engine.clock.source = () => {
      reads++;
      return NOW;
    };
    engine.set('plain', 'v', SetFlags.None, 0, As.String);
    engine.set('timed', 'v', SetFlags.Expire, NOW + 10, As.String);
    for (const command of [() => engine.get('plain', As.String), () => engine.set('plain', 'w', SetFlags.None, 0, As.String), () => engine.incrby('n', 1)]) {
      engine.clock.begin();
      command();
    }
    expect(reads).toBe(0);
    engine.clock.begin();
    expect(engine.get('timed', As.String)).toBe('v');
    expect(reads).toBe(1);
  });

  it('applies EXPIRE flags as Redis does, no expiry counting as infinite', () => {
    engine.set('k', 'v', SetFlags.None, 0, As.String);
    expect(engine.expire('k', NOW + 100, ExpireFlags.GT)).toBe(0);
    expect(engine.expire('k', NOW + 100, ExpireFlags.XX)).toBe(0);
    expect(engine.expire('k', NOW + 100, ExpireFlags.LT)).toBe(1);
    expect(engine.expire('k', NOW + 50, ExpireFlags.NX)).toBe(0);
    expect(engine.expire('k', NOW + 200, ExpireFlags.GT)).toBe(1);
    expect(engine.expire('k', NOW + 300, ExpireFlags.LT)).toBe(0);
    expect(engine.expireTime('k')).toBe(NOW + 200);
    expect(engine.expire('missing', NOW + 1, ExpireFlags.None)).toBe(0);
    expect(engine.expireTime('missing')).toBe(-2);
  });

  it('deletes the key when EXPIRE or GETEX set a time that has passed', () => {
    engine.set('a', '1', SetFlags.None, 0, As.String);
    engine.set('b', '2', SetFlags.None, 0, As.String);
    engine.drainEffects();
    expect(engine.expire('a', NOW, ExpireFlags.None)).toBe(1);
    expect(engine.getex('b', GetExMode.At, NOW - 1, As.String)).toBe('2');
    expect(engine.dbsize()).toBe(0);
    expect(effects()).toEqual([['DEL', 'a'], ['DEL', 'b']]);
  });

  it('reclaims expired keys actively, examining at most the budget per call', () => {
    for (let i = 0; i < 100; i++) engine.set(`t${i}`, 'v', SetFlags.Expire, NOW + (i % 2 === 0 ? 1 : 1_000_000), As.String);
    for (let i = 0; i < 50; i++) engine.set(`p${i}`, 'v', SetFlags.None, 0, As.String);
    engine.drainEffects();
    engine.now = NOW + 2;
    const perCall: number[] = [];
    for (let call = 0; call < 10; call++) perCall.push(engine.activeExpire(10));
    expect(perCall.every((n) => n <= 10)).toBe(true);
    expect(perCall.reduce((a, b) => a + b, 0)).toBe(50);
    expect(engine.dbsize()).toBe(100);
    expect(effects().length).toBe(50);
    expect(engine.activeExpire(1000)).toBe(0);
  });

  it('skips expired keys in ordered walks without deleting them', () => {
    engine.set('a', '1', SetFlags.Expire, NOW + 1, As.String);
    engine.set('b', '1', SetFlags.None, 0, As.String);
    engine.now = NOW + 2;
    expect(walk(engine)).toEqual(['b']);
    expect(engine.dbsize()).toBe(2);
  });
});

describe('TsEngine effects', () => {
  it('records each change in its canonical form and nothing for no-ops', () => {
    engine.set('k', 'v', SetFlags.Expire, NOW + 1000, As.String);
    engine.set('k', 'w', SetFlags.KeepTTL | SetFlags.Get, 0, As.String);
    engine.set('k', 'x', SetFlags.NX, 0, As.String); // refused
    engine.set('k', 'y', SetFlags.Get, 0, As.String);
    engine.getex('k', GetExMode.At, NOW + 5000, As.String);
    engine.getex('k', GetExMode.Persist, 0, As.String);
    engine.getex('k', GetExMode.Persist, 0, As.String); // no expiry left
    engine.getex('k', GetExMode.Keep, 0, As.String);
    engine.msetnx(['a', '1', 'b', '2']);
    engine.msetnx(['a', '1', 'c', '3']); // refused
    engine.incrby('a', 5n);
    engine.incrbyfloat('a', '0.5', As.String);
    engine.append('a', 'x');
    engine.setrange('a', 1, 'y');
    engine.setrange('a', 1, '');
    engine.expire('a', NOW + 9, ExpireFlags.None);
    engine.persist('a');
    engine.persist('a');
    engine.rename('a', 'r', false);
    engine.copy('r', 'c', false);
    engine.getdel('c', As.String);
    engine.getdel('c', As.String);
    engine.set('d', '4', SetFlags.None, 0, As.String);
    engine.del(['b', 'b', 'missing', 'd']);
    engine.flushall();
    engine.flushall();
    expect(effects()).toEqual([
      ['SET', 'k', 'v', 'PXAT', String(NOW + 1000)],
      ['SET', 'k', 'w', 'KEEPTTL'],
      ['SET', 'k', 'y'],
      ['PEXPIREAT', 'k', String(NOW + 5000)],
      ['PERSIST', 'k'],
      ['MSET', 'a', '1', 'b', '2'],
      ['SET', 'a', '6', 'KEEPTTL'],
      ['SET', 'a', '6.5', 'KEEPTTL'],
      ['APPEND', 'a', 'x'],
      ['SETRANGE', 'a', '1', 'y'],
      ['PEXPIREAT', 'a', String(NOW + 9)],
      ['PERSIST', 'a'],
      ['RENAME', 'a', 'r'],
      ['COPY', 'r', 'c'],
      ['DEL', 'c'],
      ['SET', 'd', '4'],
      ['DEL', 'b'],
      ['DEL', 'd'],
      ['FLUSHALL'],
    ]);
  });

  it('records nothing while recordEffects is off', () => {
    engine.recordEffects = false;
    engine.set('k', 'v', SetFlags.None, 0, As.String);
    expect(engine.drainEffects().length).toBe(0);
  });
});

describe('TsEngine ordered walks', () => {
  it('walks keys in bytewise order in resumable steps', () => {
    const keys = ['b', 'a', '\u00ff', 'ab', '', 'a\u0000', 'B', 'user:2', 'user:10'];
    for (const key of keys) engine.set(bytes(key), '1', SetFlags.None, 0, As.String);
    const expected = [...keys].sort((x, y) => Buffer.compare(bytes(x), bytes(y)));
    expect(walk(engine, {}, 1)).toEqual(expected);
    expect(walk(engine, {}, 4)).toEqual(expected);
  });

  it('narrows to a prefix, a pattern prefix, a start and an end', () => {
    for (const key of ['user:1', 'user:2', 'user:10', 'userx', 'use', 'video:1']) engine.set(key, '1', SetFlags.None, 0, As.String);
    expect(walk(engine, { prefix: bytes('user:') })).toEqual(['user:1', 'user:10', 'user:2']);
    expect(walk(engine, { match: bytes('user:1*') })).toEqual(['user:1', 'user:10']);
    expect(walk(engine, { prefix: bytes('video'), match: bytes('user*') })).toEqual([]);
    expect(walk(engine, { prefix: bytes('user'), match: bytes('user:?') })).toEqual(['user:1', 'user:2']);
    expect(engine.scanKeys(filter({ from: bytes('user:10'), inclusive: true, end: bytes('userx') })).keys.map(text)).toEqual(['user:10', 'user:2']);
    expect(engine.scanKeys(filter({ type: 'string', match: bytes('*') })).keys.length).toBe(6);
  });

  it('stays correct while keys come and go between steps', () => {
    const live = new Set<string>();
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 300; round++) {
      for (let i = 0; i < 5; i++) {
        const key = `k${Math.floor(random() * 200)}`;
        if (random() < 0.6) {
          engine.set(key, 'v', SetFlags.None, 0, As.String);
          live.add(key);
        } else {
          engine.del([key]);
          live.delete(key);
        }
      }
      const expected = [...live].sort();
      expect(walk(engine, {}, 50)).toEqual(expected);
      if (live.size > 0) expect(live.has(engine.randomkey(As.String) as string)).toBe(true);
    }
  });

  it('reports where to resume only while a live key remains', () => {
    engine.set('a', '1', SetFlags.None, 0, As.String);
    engine.set('b', '1', SetFlags.None, 0, As.String);
    const first = engine.scanKeys(filter({ limit: 1 }));
    expect(first.keys.map(text)).toEqual(['a']);
    expect(text(first.last as Uint8Array)).toBe('a');
    expect(engine.scanKeys(filter({ limit: 2 })).last).toBeNull();
  });

  it('reclaims expired keys that RANDOMKEY draws, and replies null when none is left', () => {
    engine.set('a', '1', SetFlags.Expire, NOW + 1, As.String);
    engine.set('b', '1', SetFlags.Expire, NOW + 1, As.String);
    engine.drainEffects();
    engine.now = NOW + 2;
    expect(engine.randomkey(As.String)).toBeNull();
    expect(engine.dbsize()).toBe(0);
    expect(effects().length).toBe(2);
  });
});

describe('TsEngine resources', () => {
  it('estimates memory from its contents and frees everything on close', () => {
    const empty = engine.memory().used;
    for (let i = 0; i < 1000; i++) engine.set(`key:${i}`, 'x'.repeat(100), SetFlags.None, 0, As.String);
    const used = engine.memory().used;
    expect(used - empty).toBeGreaterThan(1000 * 100);
    expect(used - empty).toBeLessThan(1000 * 300);
    engine.close();
    expect(engine.memory().used).toBe(0);
  });
});
