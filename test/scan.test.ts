/**
 * Finding keys: KEYS with Redis's glob syntax, SCAN with MATCH, COUNT and
 * TYPE, and SCAN's guarantee that a full iteration returns every key present
 * throughout it. Redis's SCAN cursors are hash-table positions and flashkv's
 * are handles for "resume after this key", so cursors are compared only as
 * "0" (done) or "not 0" (more); key lists are compared as sets. The KEYS
 * and SCAN cases are in cases/scan.ts.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SCAN } from './cases/scan.js';
import { defineCases, expectStep, runOnDb, runOnRedis, scanReply, type Outcome, type Step } from './support/cases.js';
import { describeEngines } from './support/engines.js';
import { describeRedis } from './support/redis-server.js';
import type { DB } from '../src/db.js';

defineCases(...SCAN);

/** Runs SCAN to completion, calling `between` after each step; returns every key seen and the step count. */
function scanAll(db: DB, options: (string | number)[], between: (step: number) => void = () => {}): { keys: string[]; steps: number } {
  const seen: string[] = [];
  let cursor = '0';
  let steps = 0;
  do {
    const [next, batch] = db.scan(cursor, ...options);
    expect(typeof next).toBe('string');
    seen.push(...batch);
    cursor = next;
    between(++steps);
    if (steps > 100_000) throw new Error('SCAN did not finish');
  } while (cursor !== '0');
  return { keys: seen, steps };
}

describeEngines('SCAN iteration', (suite) => {
  it('KEYS replies in byte order', () => {
    const { db } = suite;
    db.mset('b', 1, 'a', 1, 'ab', 1, 'B', 1, '\u00e9', 1, 'a\u0000', 1);
    expect(db.keys('*')).toEqual(['B', 'a', 'a\u0000', 'ab', 'b', '\u00e9']);
  });

  it('a full SCAN with COUNT 1 returns every key exactly once', () => {
    const { db } = suite;
    const all = Array.from({ length: 100 }, (_, i) => `key:${i}`);
    for (const key of all) db.set(key, 'v');
    const { keys, steps } = scanAll(db, ['COUNT', 1]);
    expect(keys.sort()).toEqual([...all].sort());
    expect(steps).toBeGreaterThanOrEqual(100);
  });

  it('a full SCAN returns every key present throughout it, with inserts and deletes between calls', () => {
    const { db } = suite;
    const stable = Array.from({ length: 200 }, (_, i) => `stable:${String(i).padStart(3, '0')}`);
    for (const key of stable) db.set(key, 'v');
    for (let i = 0; i < 100; i++) db.set(`doomed:${i}`, 'v');
    const { keys } = scanAll(db, ['COUNT', 7], (step) => {
      // Churn on both sides of the cursor: new keys before and after, deletes of others.
      db.set(`new:${step}`, 'v');
      db.set(`a-new:${step}`, 'v');
      db.set(`zz-new:${step}`, 'v');
      db.del(`doomed:${step}`);
    });
    const seen = new Set(keys);
    for (const key of stable) expect(seen.has(key), key).toBe(true);
    for (const key of keys) expect(key.startsWith('stable:') || key.startsWith('doomed:') || key.includes('new:'), key).toBe(true);
  });

  it('SCAN returns every stable key under random churn, and only keys that existed', () => {
    const { db } = suite;
    const name = fc.string({ unit: fc.constantFrom('a', 'b', 'c', ':', '0', '1', '\u00e9', '\u0000'), minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(
        fc.uniqueArray(name, { maxLength: 300 }),
        fc.uniqueArray(name, { maxLength: 100 }),
        fc.array(fc.tuple(fc.boolean(), name), { maxLength: 200 }),
        fc.integer({ min: 1, max: 20 }),
        (stableNames, doomedNames, churn, count) => {
          db.flushall();
          const stable = stableNames.map((n) => `s/${n}`);
          const doomed = doomedNames.map((n) => `d/${n}`);
          const everPresent = new Set([...stable, ...doomed]);
          for (const key of [...stable, ...doomed]) db.set(key, 'v');
          let next = 0;
          const { keys } = scanAll(db, ['COUNT', count], () => {
            for (let i = 0; i < 3 && next < churn.length; i++, next++) {
              const [insert, n] = churn[next];
              if (insert) {
                db.set(`n/${n}`, 'v');
                everPresent.add(`n/${n}`);
              } else {
                db.del(`d/${n}`, `n/${n}`);
              }
            }
          });
          const seen = new Set(keys);
          for (const key of stable) expect(seen.has(key), `stable key ${JSON.stringify(key)}`).toBe(true);
          for (const key of keys) expect(everPresent.has(key), `returned key ${JSON.stringify(key)} existed`).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('SCAN MATCH with a small COUNT may return empty batches but finds every match', () => {
    const { db } = suite;
    for (let i = 0; i < 100; i++) db.set(`user:${i}`, 'v');
    for (let i = 0; i < 5; i++) db.set(`admin:${i}`, 'v');
    const { keys } = scanAll(db, ['MATCH', 'admin:*', 'COUNT', 3]);
    expect(keys.sort()).toEqual(['admin:0', 'admin:1', 'admin:2', 'admin:3', 'admin:4']);
  });

  it('SCAN TYPE string with a small COUNT finds every key', () => {
    const { db } = suite;
    for (let i = 0; i < 30; i++) db.set(`k${i}`, i);
    expect(scanAll(db, ['TYPE', 'string', 'COUNT', 4]).keys).toHaveLength(30);
    expect(scanAll(db, ['TYPE', 'zset', 'COUNT', 4]).keys).toEqual([]);
  });

  it('SCAN skips keys that expired', () => {
    const { db } = suite;
    db.set('live', 'v');
    db.set('dead', 'v', 'PXAT', 1);
    db.set('dying', 'v', 'PX', 100_000);
    db.pexpireat('dying', 1);
    expect(scanAll(db, ['COUNT', 1]).keys).toEqual(['live']);
    expect(db.keys('*')).toEqual(['live']);
  });

  it('a cursor the database never issued restarts the walk instead of failing', () => {
    const { db } = suite;
    db.mset('a', 1, 'b', 2);
    const [cursor, keys] = db.scan('123456789', 'COUNT', 1000);
    expect(cursor).toBe('0');
    expect(keys.sort()).toEqual(['a', 'b']);
  });

  it('cursors from two iterations at once do not interfere', () => {
    const { db } = suite;
    for (let i = 0; i < 20; i++) db.set(`k${String(i).padStart(2, '0')}`, 'v');
    const first: string[] = [];
    const second: string[] = [];
    let a = '0';
    let b = '0';
    do {
      if (a !== 'done') {
        const [next, batch] = db.scan(a, 'COUNT', 3);
        first.push(...batch);
        a = next === '0' ? 'done' : next;
      }
      if (b !== 'done') {
        const [next, batch] = db.scan(b, 'COUNT', 5);
        second.push(...batch);
        b = next === '0' ? 'done' : next;
      }
    } while (a !== 'done' || b !== 'done');
    expect(new Set(first).size).toBe(20);
    expect(new Set(second).size).toBe(20);
  });
});

/**
 * SCAN expires the keys it passes, as Redis's scanGenericCommand does: each
 * key that passed MATCH goes through expireIfNeeded (or, with TYPE, a lookup
 * that expires it and counts a keyspace miss). KEYS only skips expired keys.
 * These steps run after SET live v and three keys SET with PX 1 that have
 * expired but not been reclaimed; redis-server 7.0.15 replies as listed.
 */
const EXPIRED_KEYS = ['a:1', 'a:2', 'b:1'];
const SCAN_EXPIRES: readonly Step[] = [
  ['DBSIZE', 4],
  ['KEYS *', ['live']],
  ['DBSIZE', 4],
  ['SCAN 0 MATCH a:* COUNT 100', ['0', []]],
  ['DBSIZE', 2],
  ['SCAN 0 TYPE string COUNT 100', ['0', ['live']]],
  ['DBSIZE', 1],
];

/** keyspace_misses from an INFO stats reply. */
function misses(info: unknown): number {
  return Number(/keyspace_misses:(\d+)/.exec(String(info))?.[1]);
}

describeEngines('SCAN and expired keys', (suite) => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('SCAN deletes the expired keys it passes that match its pattern, KEYS does not, and SCAN TYPE counts them as misses', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
    const db = suite.open({ activeExpiry: false });
    db.set('live', 'v');
    for (const key of EXPIRED_KEYS) db.set(key, 'v', 'PX', 1);
    vi.advanceTimersByTime(10);
    const before = misses(db.info('stats'));
    SCAN_EXPIRES.forEach((step, i) => expectStep(runOnDb(db, step[0]), step, i));
    expect(misses(db.info('stats')) - before).toBe(1);
  });

  it('SCAN deletes expired keys inside a transaction too, and a rollback brings them back', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
    const db = suite.open({ activeExpiry: false });
    for (const key of EXPIRED_KEYS) db.set(key, 'v', 'PX', 1);
    vi.advanceTimersByTime(10);
    await expect(
      db.update((tx) => {
        expect(tx.scan(0, 'COUNT', 100)).toEqual(['0', []]);
        expect(tx.dbsize()).toBe(0);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(db.dbsize()).toBe(3);
    db.view((tx) => tx.scan(0, 'MATCH', 'b*'));
    expect(db.dbsize()).toBe(2);
  });
});

describeRedis('SCAN and expired keys (redis-server, the reference)', (redis) => {
  it('SCAN deletes the expired keys it passes that match its pattern, KEYS does not, and SCAN TYPE counts them as misses', async () => {
    const { client } = redis;
    // Redis's active expiry may reclaim the keys between two steps; slow it
    // down to once a second and try again if it did.
    await client.call('CONFIG', 'SET', 'hz', '1');
    try {
      let outcomes: Outcome[] = [];
      let missed = 0;
      for (let attempt = 0; attempt < 5; attempt++) {
        await client.call('FLUSHALL');
        await client.call('SET', 'live', 'v');
        for (const key of EXPIRED_KEYS) await client.call('SET', key, 'v', 'PX', 1);
        await new Promise((resolve) => setTimeout(resolve, 10));
        const before = misses(await client.call('INFO', 'stats'));
        outcomes = [];
        for (const step of SCAN_EXPIRES) outcomes.push(await runOnRedis(client, step[0]));
        missed = misses(await client.call('INFO', 'stats')) - before;
        if (SCAN_EXPIRES.every((step, i) => JSON.stringify(outcomes[i]) === JSON.stringify(step[1]))) break;
      }
      SCAN_EXPIRES.forEach((step, i) => expectStep(outcomes[i], step, i));
      expect(missed).toBe(1);
    } finally {
      await client.call('CONFIG', 'SET', 'hz', '10');
    }
  });
});

describe('scanReply', () => {
  it('compares the keys of a SCAN reply as a set', () => {
    expect(['0', ['b', 'a']]).toEqual(scanReply('0', ['a', 'b']));
    expect(['0', ['b']]).not.toEqual(scanReply('0', ['a', 'b']));
  });
});
