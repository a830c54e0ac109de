/**
 * Expiry: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT with NX XX GT LT; TTL, PTTL,
 * EXPIRETIME, PEXPIRETIME, PERSIST; lazy expiry on every kind of access; TTL
 * rounding; active expiry reclaiming keys nobody touches.
 *
 * The tables (cases/expiry.ts) run on both engines and on redis-server (the
 * same wall clock, so relative times are compared with a tolerance). The clock-driven tests run
 * flashkv under vitest's fake timers: flashkv reads Date.now() at most once per
 * command (when it needs the time), so vi.setSystemTime moves its clock to the millisecond. Redis's
 * rules they encode are quoted from its source where it matters.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DB } from '../src/db.js';
import { TsEngine } from '../src/engine/ts/index.js';
import { WasmEngine } from '../src/engine/wasm.js';
import { As, SetFlags, type Engine } from '../src/engine/engine.js';
import { EXPIRY } from './cases/expiry.js';
import { defineCases } from './support/cases.js';
import { describeEngines } from './support/engines.js';
import { describeRedis } from './support/redis-server.js';

defineCases(...EXPIRY);

/** A fixed instant for the clock-driven tests: 2026-01-01T00:00:00Z. */
const T = Date.UTC(2026, 0, 1);

describeRedis('expiry boundary (redis-server, the reference)', (redis) => {
  it('a key is still there in the millisecond of its expiry time: PTTL can reply 0', async () => {
    // Redis's keyIsExpired: "The key expired if the current (virtual or real)
    // time is greater than the expire time of the key": return now > when.
    // Poll a key that expires 30 ms from now until it is gone; in the
    // millisecond equal to its expiry time, PTTL replies 0, not -2.
    const { client } = redis;
    let seenZero = false;
    for (let attempt = 0; attempt < 5 && !seenZero; attempt++) {
      await client.call('SET', 'k', 'v', 'PX', 30);
      for (;;) {
        const pttl = await client.call('PTTL', 'k');
        if (pttl === 0) seenZero = true;
        if (pttl === -2) break;
      }
    }
    expect(seenZero).toBe(true);
  });
});

describeEngines('expiry on a moving clock', (suite) => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('relative times count from the command time to the millisecond', () => {
    const db = suite.open({ activeExpiry: false });
    db.set('a', 'v', 'EX', 10);
    db.set('b', 'v', 'PX', 1234);
    db.setex('c', 5, 'v');
    db.psetex('d', 5, 'v');
    db.set('e', 'v');
    db.expire('e', 7);
    db.set('f', 'v');
    db.pexpire('f', 7);
    db.getex('b', 'EX', 3);
    expect([db.pexpiretime('a'), db.pexpiretime('b'), db.pexpiretime('c'), db.pexpiretime('d'), db.pexpiretime('e'), db.pexpiretime('f')]).toEqual([
      T + 10_000,
      T + 3_000,
      T + 5_000,
      T + 5,
      T + 7_000,
      T + 7,
    ]);
  });

  it('TTL and PTTL of a time beyond 2^53 are exact bigints, counted from the command time', () => {
    const db = suite.open({ activeExpiry: false });
    db.set('k', 'v');
    expect(db.call('PEXPIREAT', 'k', '9223372036854775807')).toBe(1);
    const left = 9223372036854775807n - BigInt(T);
    expect([db.call('PTTL', 'k'), db.call('TTL', 'k')]).toEqual([left, (left + 500n) / 1000n]);
    vi.setSystemTime(T + 1);
    expect(db.call('PTTL', 'k')).toBe(left - 1n);
    expect(db.get('k')).toBe('v');
  });

  it('TTL rounds the milliseconds left to the nearest second, half up', () => {
    const db = suite.open({ activeExpiry: false });
    db.set('k', 'v', 'PX', 1500);
    expect([db.pttl('k'), db.ttl('k')]).toEqual([1500, 2]);
    vi.setSystemTime(T + 1);
    expect([db.pttl('k'), db.ttl('k')]).toEqual([1499, 1]);
    vi.setSystemTime(T + 1000);
    expect([db.pttl('k'), db.ttl('k')]).toEqual([500, 1]);
    vi.setSystemTime(T + 1001);
    expect([db.pttl('k'), db.ttl('k')]).toEqual([499, 0]);
    expect(db.expiretime('k')).toBe(Math.floor((T + 1500 + 500) / 1000));
  });

  it('a key lives through the millisecond of its expiry time and is gone the next, as in Redis', () => {
    const db = suite.open({ activeExpiry: false });
    db.set('k', 'v', 'PXAT', T + 10);
    vi.setSystemTime(T + 9);
    expect(db.pttl('k')).toBe(1);
    vi.setSystemTime(T + 10);
    expect(db.pttl('k')).toBe(0);
    expect(db.get('k')).toBe('v');
    vi.setSystemTime(T + 11);
    expect(db.get('k')).toBeNull();
    expect(db.pttl('k')).toBe(-2);
  });

  it('EXPIRE to now deletes at once, while SET with PXAT now stores a key that lives through that millisecond', () => {
    // Redis 7.0's checkAlreadyExpired (when <= now) runs for the EXPIRE family
    // only; SET just stores the time, and keyIsExpired (now > when) keeps the
    // key for the rest of the millisecond. Checked on redis-server 7.0.15 inside
    // one EVAL, where time stands still: EXISTS 1 and PTTL 0 after SET ... PXAT
    // now, EXISTS 0 after PEXPIREAT now.
    const db = suite.open({ activeExpiry: false });
    db.set('a', 'v');
    expect(db.pexpireat('a', T)).toBe(1);
    expect(db.exists('a')).toBe(0);
    db.set('b', 'v', 'PXAT', T);
    expect(db.exists('b')).toBe(1);
    expect(db.pttl('b')).toBe(0);
    vi.setSystemTime(T + 1);
    expect(db.exists('b')).toBe(0);
  });

  it('every kind of access treats an expired key as missing', () => {
    const db = suite.open({ activeExpiry: false });
    const expireAll = () => {
      db.flushall();
      db.set('k', '10', 'PX', 100);
      db.set('other', 'o');
      vi.setSystemTime(Date.now() + 101);
    };
    const checks: [string, () => unknown, unknown][] = [
      ['GET', () => db.get('k'), null],
      ['EXISTS', () => db.exists('k'), 0],
      ['TYPE', () => db.type('k'), 'none'],
      ['TTL', () => db.ttl('k'), -2],
      ['PTTL', () => db.pttl('k'), -2],
      ['EXPIRETIME', () => db.expiretime('k'), -2],
      ['STRLEN', () => db.strlen('k'), 0],
      ['GETRANGE', () => db.getrange('k', 0, -1), ''],
      ['MGET', () => db.mget('k', 'other'), [null, 'o']],
      ['KEYS', () => db.keys('*'), ['other']],
      ['SCAN', () => db.scan(0, 'COUNT', 100), ['0', ['other']]],
      ['RANDOMKEY', () => db.randomkey(), 'other'],
      ['GETDEL', () => db.getdel('k'), null],
      ['GETEX', () => db.getex('k', 'PERSIST'), null],
      ['GETSET', () => [db.getset('k', 'n'), db.ttl('k')], [null, -1]],
      ['SET GET', () => db.set('k', 'n', 'GET'), null],
      ['SET NX', () => db.set('k', 'n', 'NX'), 'OK'],
      ['SET XX', () => db.set('k', 'n', 'XX'), null],
      ['SETNX', () => db.setnx('k', 'n'), 1],
      ['MSETNX', () => db.msetnx('k', 'n'), 1],
      ['APPEND', () => [db.append('k', 'x'), db.ttl('k')], [1, -1]],
      ['SETRANGE', () => [db.setrange('k', 1, 'x'), db.get('k')], [2, '\0x']],
      ['INCR', () => [db.incr('k'), db.ttl('k')], [1, -1]],
      ['INCRBYFLOAT', () => db.incrbyfloat('k', '0.5'), '0.5'],
      ['DEL', () => db.del('k'), 0],
      ['RENAME', () => captureError(() => db.rename('k', 'z')), 'ERR no such key'],
      ['RENAMENX', () => captureError(() => db.renamenx('k', 'z')), 'ERR no such key'],
      ['RENAME onto it', () => [db.rename('other', 'k'), db.get('k'), db.ttl('k')], ['OK', 'o', -1]],
      ['COPY from it', () => db.copy('k', 'z'), 0],
      ['COPY onto it', () => [db.copy('other', 'k'), db.get('k')], [1, 'o']],
      ['EXPIRE', () => db.expire('k', 100), 0],
      ['PERSIST', () => db.persist('k'), 0],
    ];
    for (const [name, run, expected] of checks) {
      expireAll();
      expect(run(), name).toEqual(expected);
      // A command that looks the key up deletes it on the way (Redis's
      // expireIfNeeded); walks over the keyspace only skip it.
      if (!WALKS.has(name)) expect(db.dbsize(), `${name}: DBSIZE once the key was looked up`).toBe(db.keys('*').length);
    }
  });

  it('a key read lazily after expiry frees its slot: DBSIZE drops on access', () => {
    const db = suite.open({ activeExpiry: false });
    db.mset('a', 1, 'b', 2);
    db.pexpire('a', 50);
    vi.setSystemTime(T + 51);
    expect(db.get('a')).toBeNull();
    expect(db.dbsize()).toBe(1);
  });

  it('active expiry reclaims expired keys nobody touches', () => {
    const db = suite.open({ activeExpiry: { intervalMs: 100, budget: 32 } });
    for (let i = 0; i < 2000; i++) db.set(`temp:${i}`, 'v', 'PX', 1000 + (i % 10));
    for (let i = 0; i < 10; i++) db.set(`keep:${i}`, 'v');
    for (let i = 0; i < 10; i++) db.set(`later:${i}`, 'v', 'EX', 3600);
    expect(db.dbsize()).toBe(2020);
    vi.advanceTimersByTime(900);
    expect(db.dbsize()).toBe(2020);
    vi.advanceTimersByTime(5000);
    // Nothing read a temp key, yet they are gone.
    expect(db.dbsize()).toBe(20);
    expect(db.keys('later:*')).toHaveLength(10);
  });

  it('active expiry reclaims hashes and sets nobody touches, in every encoding, and returns their memory', () => {
    const db = suite.open({ activeExpiry: { intervalMs: 100, budget: 32 } });
    const fill = (ttlMs: number): void => {
      for (let i = 0; i < 50; i++) {
        db.hset(`small:${i}`, { a: '1', b: '2' });
        db.sadd(`ints:${i}`, 1, 2, 3);
      }
      for (let i = 0; i < 5; i++) {
        db.hset(`large:${i}`, Object.fromEntries(Array.from({ length: 600 }, (_, j) => [`f${j}`, `v${j}`])));
        db.sadd(`names:${i}`, Array.from({ length: 600 }, (_, j) => `m${j}`));
      }
      for (const key of db.keys('*')) db.pexpire(key, ttlMs);
    };
    // A first round grows what the engine reuses (its argument region, the
    // TTL index); the second is measured against what the first left.
    fill(3_600_000);
    db.del(db.keys('*'));
    const baseline = usedMemory(db);
    fill(1000);
    expect([db.object('ENCODING', 'small:0'), db.object('ENCODING', 'ints:0'), db.object('ENCODING', 'large:0'), db.object('ENCODING', 'names:0')]).toEqual(['listpack', 'intset', 'hashtable', 'hashtable']);
    expect(db.dbsize()).toBe(110);
    vi.advanceTimersByTime(6000);
    expect(db.dbsize()).toBe(0);
    // The wasm engine measures its memory: every block the collections held is back.
    if (db.engine === 'wasm') expect(usedMemory(db)).toBeLessThanOrEqual(baseline);
  });

  it('active expiry is bounded per step and catches up over several ticks', () => {
    const db = suite.open({ activeExpiry: { intervalMs: 100, budget: 16, maxCycleMs: 2 } });
    for (let i = 0; i < 500; i++) db.set(`temp:${i}`, 'v', 'PX', 10);
    vi.setSystemTime(T + 20);
    for (let tick = 0; tick < 200 && db.dbsize() > 0; tick++) vi.advanceTimersByTime(100);
    expect(db.dbsize()).toBe(0);
  });

  it('db.close() stops the active-expiry timer', () => {
    const before = vi.getTimerCount();
    const db = suite.open({ activeExpiry: { intervalMs: 50 } });
    expect(vi.getTimerCount()).toBe(before + 1);
    db.close();
    expect(vi.getTimerCount()).toBe(before);
    vi.advanceTimersByTime(1000);
    expect(() => db.get('k')).toThrow('flashkv: the database is closed');
  });

  it('activeExpiry: false starts no timer', () => {
    const before = vi.getTimerCount();
    const db = suite.open({ activeExpiry: false });
    expect(vi.getTimerCount()).toBe(before);
    db.close();
  });
});

describe.each(['wasm', 'ts'] as const)('engine.activeExpire (%s engine)', (kind) => {
  const make = (): Engine => (kind === 'wasm' ? new WasmEngine() : new TsEngine());

  it('reclaims at most its budget per call and never touches keys without expiry or not yet due', () => {
    const engine = make();
    engine.now = T;
    for (let i = 0; i < 1000; i++) engine.set(`due:${i}`, 'v', SetFlags.Expire, T + 10, As.String);
    for (let i = 0; i < 100; i++) engine.set(`later:${i}`, 'v', SetFlags.Expire, T + 1_000_000, As.String);
    for (let i = 0; i < 100; i++) engine.set(`keep:${i}`, 'v', SetFlags.None, 0, As.String);
    engine.now = T + 11;
    let reclaimed = 0;
    for (let call = 0; call < 10_000 && reclaimed < 1000; call++) {
      const step = engine.activeExpire(25);
      expect(step).toBeGreaterThanOrEqual(0);
      expect(step).toBeLessThanOrEqual(25);
      reclaimed += step;
    }
    expect(reclaimed).toBe(1000);
    expect(engine.dbsize()).toBe(200);
    expect(engine.activeExpire(25)).toBe(0);
    engine.close();
  });

  it('does nothing on a keyspace without expiring keys', () => {
    const engine = make();
    engine.now = T;
    for (let i = 0; i < 100; i++) engine.set(`keep:${i}`, 'v', SetFlags.None, 0, As.String);
    expect(engine.activeExpire(64)).toBe(0);
    expect(engine.dbsize()).toBe(100);
    engine.close();
  });
});

/** Commands that walk the keyspace rather than look a key up: they need not reclaim what they skip. */
const WALKS = new Set(['KEYS', 'SCAN', 'RANDOMKEY']);

function captureError(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    return (error as Error).message;
  }
}

/** INFO used_memory, the wasm engine's bytes in live allocations. */
function usedMemory(db: DB): number {
  return Number(/used_memory:(\d+)/.exec(db.info('memory'))![1]);
}
