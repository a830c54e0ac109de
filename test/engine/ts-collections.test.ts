/**
 * Hashes and sets in the pure-TS engine, at the engine level (Engine.call):
 * each op, the encodings Redis would report and their one-way conversions,
 * WRONGTYPE before any change, the random picks' cases and uniformity, the
 * effect bytes (effects.ts), rollback restoring collections exactly (order,
 * encoding and scan cursors included), the HSCAN/SSCAN guarantee while the
 * collection changes, COPY/RENAME/TYPE/MEMORY USAGE, and the snapshot's
 * commands. Expected replies were checked against redis-server 7.0.15, and
 * a last property runs random hash and set commands on the TS engine and on
 * redis-server side by side (small encoding limits, so conversions happen);
 * the command-level cases shared by both engines live in test/cases/.
 */
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { As, CallFlags, DEFAULT_ENCODING_LIMITS, Op, SetFlags, type Bytes, type Engine } from '../../src/engine/engine.js';
import type { Reply } from '../../src/engine/reply.js';
import { decodeCommandStrings } from '../../src/engine/resp.js';
import { TsEngine } from '../../src/engine/ts/index.js';
import { runOnDb, runOnRedis, type Outcome } from '../support/cases.js';
import { loadOpen } from '../support/engines.js';
import { describeRedis } from '../support/redis-server.js';

const NOW = 1_700_000_000_000;
const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';

let engine: TsEngine;

beforeEach(() => {
  engine = new TsEngine();
  engine.now = NOW;
  engine.recordEffects = true;
});

const call = (op: Op, args: Bytes[], n: number | bigint = 0, flags = 0): Reply => engine.call(op, args, As.String, n, flags);
const effects = (): string[][] => decodeCommandStrings(engine.drainEffects());
const sorted = (reply: Reply): string[] => [...(reply as string[])].sort();
const count = (n: number) => (n << CallFlags.CountShift) >>> 0;

/** Every field (or member) a full scan returns, with COUNT `step`, calling `between` after each step. */
function fullScan(op: Op.HScan | Op.SScan, key: string, step: number, between: () => void = () => {}): { items: string[]; cursors: string[] } {
  const items: string[] = [];
  const cursors: string[] = [];
  let cursor = 0;
  for (let calls = 0; calls < 1_000_000; calls++) {
    const [next, batch] = call(op, [key], cursor, count(step)) as [string, string[]];
    const stride = op === Op.HScan ? 2 : 1;
    for (let i = 0; i < batch.length; i += stride) items.push(batch[i]);
    cursors.push(next);
    if (next === '0') return { items, cursors };
    cursor = Number(next);
    between();
  }
  throw new Error('the scan did not end');
}

// --- hashes ----------------------------------------------------------------------

describe('hashes', () => {
  it('HSET adds and replaces fields in place, HGET/HMGET/HEXISTS/HLEN/HSTRLEN read them', () => {
    expect(call(Op.HSet, ['h', 'a', '1', 'b', '2', 'a', '3'])).toBe(2);
    expect(call(Op.HSet, ['h', 'b', 'x', 'c', 'é'])).toBe(1);
    expect(call(Op.HGetAll, ['h'])).toEqual(['a', '3', 'b', 'x', 'c', 'é']);
    expect(call(Op.HGet, ['h', 'a'])).toBe('3');
    expect(call(Op.HGet, ['h', 'zz'])).toBeNull();
    expect(call(Op.HGet, ['nokey', 'a'])).toBeNull();
    expect(call(Op.HMGet, ['h', 'a', 'zz', 'c'])).toEqual(['3', null, 'é']);
    expect(call(Op.HMGet, ['nokey', 'a'])).toEqual([null]);
    expect(call(Op.HExists, ['h', 'b'])).toBe(1);
    expect(call(Op.HExists, ['h', 'zz'])).toBe(0);
    expect(call(Op.HLen, ['h'])).toBe(3);
    expect(call(Op.HLen, ['nokey'])).toBe(0);
    expect(call(Op.HStrLen, ['h', 'c'])).toBe(2);
    expect(call(Op.HStrLen, ['h', 'zz'])).toBe(0);
    expect(call(Op.HKeys, ['h'])).toEqual(['a', 'b', 'c']);
    expect(call(Op.HVals, ['h'])).toEqual(['3', 'x', 'é']);
    expect(call(Op.HGetAll, ['nokey'])).toEqual([]);
    expect(engine.type('h')).toBe('hash');
  });

  it('holds fields and values as binary-safe bytes: a string and its bytes are one field', () => {
    const raw = new Uint8Array([0xff, 0x00, 0x80]);
    call(Op.HSet, ['h', raw, raw, 'é', 'x']);
    expect(call(Op.HGet, ['h', new Uint8Array([0xc3, 0xa9])])).toBe('x');
    const bytes = engine.call(Op.HGetAll, ['h'], As.Bytes) as Uint8Array[];
    expect(bytes.map((b) => [...b])).toEqual([[0xff, 0x00, 0x80], [0xff, 0x00, 0x80], [0xc3, 0xa9], [0x78]]);
    expect(call(Op.HStrLen, ['h', raw])).toBe(3);
  });

  it('HDEL removes the fields given and deletes the key with the last one', () => {
    call(Op.HSet, ['h', 'a', '1', 'b', '2']);
    expect(call(Op.HDel, ['h', 'a', 'zz', 'a'])).toBe(1);
    expect(call(Op.HDel, ['nokey', 'a'])).toBe(0);
    expect(call(Op.HDel, ['h', 'b', 'c'])).toBe(1);
    expect(engine.exists(['h'])).toBe(0);
  });

  it('HSETNX sets only a new field', () => {
    expect(call(Op.HSetNx, ['h', 'a', '1'])).toBe(1);
    expect(call(Op.HSetNx, ['h', 'a', '2'])).toBe(0);
    expect(call(Op.HGet, ['h', 'a'])).toBe('1');
  });

  it('HINCRBY adds to an integer field, with Redis errors for text and overflow', () => {
    expect(call(Op.HIncrBy, ['h', 'n'], 5)).toBe(5);
    expect(call(Op.HIncrBy, ['h', 'n'], -7)).toBe(-2);
    call(Op.HSet, ['h', 'big', '9223372036854775806', 't', 'abc', 'z', '01']);
    expect(call(Op.HIncrBy, ['h', 'big'], 1)).toBe(9223372036854775807n);
    expect(() => call(Op.HIncrBy, ['h', 'big'], 1)).toThrow('ERR increment or decrement would overflow');
    expect(() => call(Op.HIncrBy, ['h', 't'], 1)).toThrow('ERR hash value is not an integer');
    expect(() => call(Op.HIncrBy, ['h', 'z'], 1)).toThrow('ERR hash value is not an integer');
    expect(call(Op.HGet, ['h', 'big'])).toBe('9223372036854775807');
  });

  it('is listpack until a limit is passed, then hashtable for good', () => {
    engine.configure({ ...DEFAULT_ENCODING_LIMITS, hashMaxListpackEntries: 3, hashMaxListpackValue: 8 });
    call(Op.HSet, ['h', 'a', '1', 'b', '2', 'c', '3']);
    expect(engine.encoding('h')).toBe('listpack');
    call(Op.HSet, ['h', 'd', '4']);
    expect(engine.encoding('h')).toBe('hashtable');
    call(Op.HDel, ['h', 'a', 'b', 'c']);
    expect(engine.encoding('h')).toBe('hashtable');

    call(Op.HSet, ['v', 'a', '12345678']);
    expect(engine.encoding('v')).toBe('listpack');
    call(Op.HSet, ['v', 'a', '123456789']);
    expect(engine.encoding('v')).toBe('hashtable');
    // Bytes, not chars: 'é' is two.
    call(Op.HSet, ['u', 'f', 'éééé']);
    expect(engine.encoding('u')).toBe('listpack');
    call(Op.HSet, ['u', 'f', 'ééééa']);
    expect(engine.encoding('u')).toBe('hashtable');
    // A long field, by HINCRBY too.
    call(Op.HIncrBy, ['w', 'a-long-field'], 1);
    expect(engine.encoding('w')).toBe('hashtable');
    // HSETNX refused: nothing converts.
    call(Op.HSet, ['x', 'a', '1']);
    call(Op.HSetNx, ['x', 'a', 'a-long-value']);
    expect(engine.encoding('x')).toBe('listpack');
  });

  it('keeps insertion order: a field set again keeps its place, one deleted and set again goes last', () => {
    call(Op.HSet, ['h', 'a', '1', 'b', '2', 'c', '3']);
    call(Op.HSet, ['h', 'a', '9']);
    call(Op.HDel, ['h', 'b']);
    call(Op.HSet, ['h', 'b', '2']);
    expect(call(Op.HKeys, ['h'])).toEqual(['a', 'c', 'b']);
  });

  it('HRANDFIELD: one field, distinct fields up to the size, repeats for a negative count, values with WITHVALUES', () => {
    expect(call(Op.HRandField, ['nokey'])).toBeNull();
    expect(call(Op.HRandField, ['nokey'], 3, CallFlags.HasCount)).toEqual([]);
    const fields = Array.from({ length: 10 }, (_, i) => `f${i}`);
    call(Op.HSet, ['h', ...fields.flatMap((f) => [f, `v${f}`])]);
    expect(fields).toContain(call(Op.HRandField, ['h']));
    expect(call(Op.HRandField, ['h'], 0, CallFlags.HasCount)).toEqual([]);
    expect(call(Op.HRandField, ['h'], 20, CallFlags.HasCount)).toEqual(fields);
    for (const n of [1, 3, 4, 9]) {
      const picked = call(Op.HRandField, ['h'], n, CallFlags.HasCount) as string[];
      expect(new Set(picked).size).toBe(n);
      for (const f of picked) expect(fields).toContain(f);
    }
    // CASE 4 of a listpack hash picks in the hash's order (lpRandomPairsUnique).
    const ordered = call(Op.HRandField, ['h'], 3, CallFlags.HasCount) as string[];
    expect(ordered).toEqual([...ordered].sort());
    const repeats = call(Op.HRandField, ['h'], -50, CallFlags.HasCount) as string[];
    expect(repeats).toHaveLength(50);
    expect(new Set(repeats).size).toBeLessThan(50);
    const pairs = call(Op.HRandField, ['h'], -4, CallFlags.HasCount | CallFlags.WithValues) as string[];
    expect(pairs).toHaveLength(8);
    for (let i = 0; i < 8; i += 2) expect(pairs[i + 1]).toBe(`v${pairs[i]}`);
  });

  it('HSCAN returns a listpack hash whole with cursor 0, filtered by MATCH', () => {
    call(Op.HSet, ['h', 'a1', '1', 'b1', '2', 'a2', '3']);
    expect(call(Op.HScan, ['h'], 0, count(1))).toEqual(['0', ['a1', '1', 'b1', '2', 'a2', '3']]);
    expect(call(Op.HScan, ['h', 'a*'], 7, count(1) | CallFlags.HasMatch)).toEqual(['0', ['a1', '1', 'a2', '3']]);
    expect(call(Op.HScan, ['nokey'], 0, count(10))).toEqual(['0', []]);
  });

  it('HSCAN of a hashtable resumes by cursor, COUNT at a time', () => {
    const fields = Array.from({ length: 1000 }, (_, i) => `f${i}`);
    call(Op.HSet, ['h', ...fields.flatMap((f) => [f, 'v'])]);
    expect(engine.encoding('h')).toBe('hashtable');
    const first = call(Op.HScan, ['h'], 0, count(10)) as [string, string[]];
    expect(first[1]).toHaveLength(20);
    expect(first[0]).not.toBe('0');
    expect(sorted(fullScan(Op.HScan, 'h', 37).items)).toEqual([...fields].sort());
    const matched = call(Op.HScan, ['h', 'f99*'], 0, count(2000) | CallFlags.HasMatch) as [string, string[]];
    expect(matched[0]).toBe('0');
    expect(matched[1].filter((_, i) => i % 2 === 0).sort()).toEqual(['f99', 'f990', 'f991', 'f992', 'f993', 'f994', 'f995', 'f996', 'f997', 'f998', 'f999']);
  });
});

// --- sets ------------------------------------------------------------------------

describe('sets', () => {
  it('SADD/SREM/SISMEMBER/SMISMEMBER/SCARD/SMEMBERS', () => {
    expect(call(Op.SAdd, ['s', 'a', 'b', 'a'])).toBe(2);
    expect(call(Op.SAdd, ['s', 'b', 'c'])).toBe(1);
    expect(call(Op.SIsMember, ['s', 'a'])).toBe(1);
    expect(call(Op.SIsMember, ['s', 'z'])).toBe(0);
    expect(call(Op.SIsMember, ['nokey', 'a'])).toBe(0);
    expect(call(Op.SMIsMember, ['s', 'a', 'z', 'c'])).toEqual([1, 0, 1]);
    expect(call(Op.SMIsMember, ['nokey', 'a'])).toEqual([0]);
    expect(call(Op.SCard, ['s'])).toBe(3);
    expect(call(Op.SCard, ['nokey'])).toBe(0);
    expect(call(Op.SMembers, ['s'])).toEqual(['a', 'b', 'c']);
    expect(call(Op.SRem, ['s', 'a', 'z', 'a'])).toBe(1);
    expect(call(Op.SRem, ['nokey', 'a'])).toBe(0);
    expect(call(Op.SRem, ['s', 'b', 'c', 'd'])).toBe(2);
    expect(engine.exists(['s'])).toBe(0);
    expect(call(Op.SMembers, ['s'])).toEqual([]);
  });

  it('is an ascending intset while every member is a canonical 64-bit integer and within the limit', () => {
    call(Op.SAdd, ['s', '10', '-3', '9223372036854775807', '-9223372036854775808', '0', '2']);
    expect(engine.encoding('s')).toBe('intset');
    expect(call(Op.SMembers, ['s'])).toEqual(['-9223372036854775808', '-3', '0', '2', '10', '9223372036854775807']);
    expect(call(Op.SIsMember, ['s', '9223372036854775807'])).toBe(1);
    expect(call(Op.SIsMember, ['s', '010'])).toBe(0);
    for (const notInt of ['01', '-0', '+1', ' 1', '9223372036854775808', '1.0']) {
      const e = new TsEngine();
      e.call(Op.SAdd, ['t', '1', notInt], As.String);
      expect(e.encoding('t'), notInt).toBe('hashtable');
      expect(e.call(Op.SIsMember, ['t', notInt], As.String)).toBe(1);
    }
    engine.configure({ ...DEFAULT_ENCODING_LIMITS, setMaxIntsetEntries: 3 });
    call(Op.SAdd, ['u', '1', '2', '3']);
    expect(engine.encoding('u')).toBe('intset');
    call(Op.SAdd, ['u', '4']);
    expect(engine.encoding('u')).toBe('hashtable');
    call(Op.SRem, ['u', '1', '2']);
    expect(engine.encoding('u')).toBe('hashtable');
    expect(sorted(call(Op.SMembers, ['u']))).toEqual(['3', '4']);
    call(Op.SAdd, ['v', 'a']);
    expect(engine.encoding('v')).toBe('hashtable');
  });

  it('SMOVE: absent source 0, WRONGTYPE for either key, same key, destination made', () => {
    engine.set('str', 'x', SetFlags.None, 0, As.String);
    call(Op.SAdd, ['s', 'a', 'b']);
    expect(call(Op.SMove, ['nokey', 'str', 'a'])).toBe(0);
    expect(() => call(Op.SMove, ['s', 'str', 'zz'])).toThrow(WRONGTYPE);
    expect(() => call(Op.SMove, ['str', 's', 'a'])).toThrow(WRONGTYPE);
    expect(call(Op.SMove, ['s', 's', 'a'])).toBe(1);
    expect(call(Op.SMove, ['s', 's', 'z'])).toBe(0);
    expect(call(Op.SMove, ['s', 'd', 'z'])).toBe(0);
    expect(engine.exists(['d'])).toBe(0);
    effects();
    expect(call(Op.SMove, ['s', 'd', 'a'])).toBe(1);
    expect(call(Op.SMove, ['s', 'd', 'b'])).toBe(1);
    expect(engine.exists(['s'])).toBe(0);
    expect(call(Op.SMembers, ['d'])).toEqual(['a', 'b']);
    expect(effects()).toEqual([
      ['SMOVE', 's', 'd', 'a'],
      ['SMOVE', 's', 'd', 'b'],
    ]);
    call(Op.SAdd, ['n', '5']);
    call(Op.SMove, ['n', 'm', '5']);
    expect(engine.encoding('m')).toBe('intset');
  });

  it('SUNION, SINTER, SDIFF and SINTERCARD, absent keys as empty sets', () => {
    call(Op.SAdd, ['a', '1', '2', '3', 'x']);
    call(Op.SAdd, ['b', '2', '3', '4']);
    call(Op.SAdd, ['c', '3', '9']);
    expect(sorted(call(Op.SUnion, ['a', 'b', 'nokey']))).toEqual(['1', '2', '3', '4', 'x']);
    expect(call(Op.SUnion, ['b', 'c'])).toEqual(['2', '3', '4', '9']);
    expect(sorted(call(Op.SInter, ['a', 'b']))).toEqual(['2', '3']);
    expect(call(Op.SInter, ['a', 'b', 'c'])).toEqual(['3']);
    expect(call(Op.SInter, ['a', 'nokey'])).toEqual([]);
    expect(sorted(call(Op.SDiff, ['a', 'b']))).toEqual(['1', 'x']);
    expect(call(Op.SDiff, ['a', 'a'])).toEqual([]);
    expect(call(Op.SDiff, ['nokey', 'a'])).toEqual([]);
    expect(call(Op.SInterCard, ['a', 'b'], 0)).toBe(2);
    expect(call(Op.SInterCard, ['a', 'b'], 1)).toBe(1);
    expect(call(Op.SInterCard, ['a', 'b'], 5)).toBe(2);
    expect(call(Op.SInterCard, ['a', 'nokey'], 0)).toBe(0);
    engine.set('str', 'x', SetFlags.None, 0, As.String);
    for (const op of [Op.SUnion, Op.SInter, Op.SDiff]) expect(() => call(op, ['nokey', 'str'])).toThrow(WRONGTYPE);
    expect(() => call(Op.SInterCard, ['nokey', 'str'], 0)).toThrow(WRONGTYPE);
  });

  it('*STORE overwrites the destination whatever it held, clears its TTL, deletes it for an empty result', () => {
    call(Op.SAdd, ['a', '1', '2', 'x']);
    call(Op.SAdd, ['b', '2', '3']);
    engine.set('d', 'string', SetFlags.Expire, NOW + 1000, As.String);
    effects();
    expect(call(Op.SInterStore, ['d', 'a', 'b'])).toBe(1);
    expect(engine.type('d')).toBe('set');
    expect(engine.encoding('d')).toBe('intset');
    expect(engine.expireTime('d')).toBe(-1);
    expect(call(Op.SUnionStore, ['d', 'a', 'b'])).toBe(4);
    expect(engine.encoding('d')).toBe('hashtable');
    expect(call(Op.SDiffStore, ['d', 'a', 'b'])).toBe(2);
    expect(sorted(call(Op.SMembers, ['d']))).toEqual(['1', 'x']);
    expect(call(Op.SInterStore, ['d', 'a', 'nokey'])).toBe(0);
    expect(engine.exists(['d'])).toBe(0);
    expect(call(Op.SInterStore, ['d', 'a', 'nokey'])).toBe(0);
    expect(call(Op.SUnionStore, ['a', 'a', 'b'])).toBe(4);
    expect(effects()).toEqual([
      ['SINTERSTORE', 'd', 'a', 'b'],
      ['SUNIONSTORE', 'd', 'a', 'b'],
      ['SDIFFSTORE', 'd', 'a', 'b'],
      ['SINTERSTORE', 'd', 'a', 'nokey'],
      ['SUNIONSTORE', 'a', 'a', 'b'],
    ]);
    engine.set('str', 'x', SetFlags.None, 0, As.String);
    expect(() => call(Op.SUnionStore, ['d', 'a', 'str'])).toThrow(WRONGTYPE);
    expect(engine.exists(['d'])).toBe(0);
  });

  it('SRANDMEMBER: one member, distinct members up to the size, repeats for a negative count', () => {
    expect(call(Op.SRandMember, ['nokey'])).toBeNull();
    expect(call(Op.SRandMember, ['nokey'], -3, CallFlags.HasCount)).toEqual([]);
    call(Op.SAdd, ['s', '5', '3', '1', '9', '7', '2']);
    expect(['1', '2', '3', '5', '7', '9']).toContain(call(Op.SRandMember, ['s']));
    expect(call(Op.SRandMember, ['s'], 6, CallFlags.HasCount)).toEqual(['1', '2', '3', '5', '7', '9']);
    for (const n of [1, 2, 3, 5]) expect(new Set(call(Op.SRandMember, ['s'], n, CallFlags.HasCount) as string[]).size).toBe(n);
    expect(call(Op.SRandMember, ['s'], -20, CallFlags.HasCount)).toHaveLength(20);
    expect(call(Op.SCard, ['s'])).toBe(6);
  });

  it('SPOP: one member or up to count distinct ones, removed; the key goes with the last', () => {
    expect(call(Op.SPop, ['nokey'])).toBeNull();
    expect(call(Op.SPop, ['nokey'], 2, CallFlags.HasCount)).toEqual([]);
    const members = Array.from({ length: 30 }, (_, i) => `m${i}`);
    for (const n of [1, 5, 25, 29]) {
      engine.del(['s']);
      call(Op.SAdd, ['s', ...members]);
      effects();
      const popped = call(Op.SPop, ['s'], n, CallFlags.HasCount) as string[];
      expect(new Set(popped).size).toBe(n);
      expect(call(Op.SCard, ['s'])).toBe(30 - n);
      for (const m of popped) expect(call(Op.SIsMember, ['s', m])).toBe(0);
      expect(effects()).toEqual([['SREM', 's', ...popped]]);
    }
    expect(call(Op.SPop, ['s'], 0, CallFlags.HasCount)).toEqual([]);
    const last = call(Op.SPop, ['s'], 5, CallFlags.HasCount) as string[];
    expect(last).toHaveLength(1);
    expect(engine.exists(['s'])).toBe(0);
    expect(effects()).toEqual([['SREM', 's', last[0]]]);
  });

  it('SPOP leaving few members rebuilds the set as Redis does: integers left make an intset', () => {
    call(Op.SAdd, ['s', 'a', '1', '2', '3', '4', '5', '6']);
    engine.expire('s', NOW + 5000, 0);
    const popped = call(Op.SPop, ['s'], 6, CallFlags.HasCount) as string[];
    const left = call(Op.SMembers, ['s']) as string[];
    expect(sorted([...popped, ...left])).toEqual(['1', '2', '3', '4', '5', '6', 'a']);
    expect(engine.encoding('s')).toBe(left[0] === 'a' ? 'hashtable' : 'intset');
    expect(engine.expireTime('s')).toBe(NOW + 5000);
  });

  it('SSCAN returns an intset whole with cursor 0 and a hashtable by cursor', () => {
    call(Op.SAdd, ['s', '3', '1', '2']);
    expect(call(Op.SScan, ['s'], 0, count(1))).toEqual(['0', ['1', '2', '3']]);
    expect(call(Op.SScan, ['s', '[12]'], 0, count(1) | CallFlags.HasMatch)).toEqual(['0', ['1', '2']]);
    const members = Array.from({ length: 500 }, (_, i) => `m${i}`);
    call(Op.SAdd, ['t', ...members]);
    expect(sorted(fullScan(Op.SScan, 't', 7).items)).toEqual([...members].sort());
  });
});

// --- across types ------------------------------------------------------------------

describe('hashes and sets in the keyspace', () => {
  it('WRONGTYPE from every op on another type, before any change', () => {
    engine.set('str', 'v', SetFlags.None, 0, As.String);
    call(Op.HSet, ['h', 'f', 'v']);
    call(Op.SAdd, ['s', 'm']);
    effects();
    const hashOps: [Op, Bytes[], number, number][] = [
      [Op.HSet, ['k', 'f', 'v'], 0, 0],
      [Op.HSetNx, ['k', 'f', 'v'], 0, 0],
      [Op.HGet, ['k', 'f'], 0, 0],
      [Op.HMGet, ['k', 'f'], 0, 0],
      [Op.HDel, ['k', 'f'], 0, 0],
      [Op.HExists, ['k', 'f'], 0, 0],
      [Op.HLen, ['k'], 0, 0],
      [Op.HKeys, ['k'], 0, 0],
      [Op.HVals, ['k'], 0, 0],
      [Op.HGetAll, ['k'], 0, 0],
      [Op.HIncrBy, ['k', 'f'], 1, 0],
      [Op.HStrLen, ['k', 'f'], 0, 0],
      [Op.HRandField, ['k'], 0, 0],
      [Op.HRandField, ['k'], 2, CallFlags.HasCount],
      [Op.HScan, ['k'], 0, count(10)],
    ];
    const setOps: [Op, Bytes[], number, number][] = [
      [Op.SAdd, ['k', 'm'], 0, 0],
      [Op.SRem, ['k', 'm'], 0, 0],
      [Op.SIsMember, ['k', 'm'], 0, 0],
      [Op.SMIsMember, ['k', 'm'], 0, 0],
      [Op.SCard, ['k'], 0, 0],
      [Op.SMembers, ['k'], 0, 0],
      [Op.SPop, ['k'], 0, 0],
      [Op.SPop, ['k'], 1, CallFlags.HasCount],
      [Op.SRandMember, ['k'], 0, 0],
      [Op.SRandMember, ['k'], -1, CallFlags.HasCount],
      [Op.SMove, ['k', 's', 'm'], 0, 0],
      [Op.SUnion, ['k'], 0, 0],
      [Op.SInter, ['k'], 0, 0],
      [Op.SDiff, ['k'], 0, 0],
      [Op.SUnionStore, ['d', 'k'], 0, 0],
      [Op.SInterStore, ['d', 'k'], 0, 0],
      [Op.SDiffStore, ['d', 'k'], 0, 0],
      [Op.SInterCard, ['k'], 0, 0],
      [Op.SScan, ['k'], 0, count(10)],
    ];
    const withKey = (args: Bytes[], key: string) => args.map((a) => (a === 'k' ? key : a));
    for (const [op, args, n, flags] of hashOps) {
      for (const key of ['str', 's']) expect(() => call(op, withKey(args, key), n, flags), `${op} ${key}`).toThrow(WRONGTYPE);
    }
    for (const [op, args, n, flags] of setOps) {
      for (const key of ['str', 'h']) expect(() => call(op, withKey(args, key), n, flags), `${op} ${key}`).toThrow(WRONGTYPE);
    }
    expect(engine.get('str', As.String)).toBe('v');
    expect(call(Op.HGetAll, ['h'])).toEqual(['f', 'v']);
    expect(call(Op.SMembers, ['s'])).toEqual(['m']);
    expect(engine.exists(['d'])).toBe(0);
    expect(engine.drainEffects()).toHaveLength(0);
  });

  it('COPY clones (keeping the encoding), RENAME moves the object, TYPE and SCAN TYPE name them', () => {
    call(Op.HSet, ['h', 'a', '1', 'b', '2']);
    call(Op.SAdd, ['s', '1', '2']);
    call(Op.SAdd, ['t', 'x', 'y']);
    expect(engine.copy('h', 'h2', false)).toBe(1);
    expect(engine.copy('s', 's2', false)).toBe(1);
    expect(engine.copy('t', 't2', false)).toBe(1);
    call(Op.HSet, ['h2', 'c', '3']);
    call(Op.SAdd, ['s2', '3']);
    call(Op.SRem, ['t2', 'x']);
    expect(call(Op.HGetAll, ['h'])).toEqual(['a', '1', 'b', '2']);
    expect(call(Op.HGetAll, ['h2'])).toEqual(['a', '1', 'b', '2', 'c', '3']);
    expect(call(Op.SMembers, ['s'])).toEqual(['1', '2']);
    expect(call(Op.SMembers, ['t'])).toEqual(['x', 'y']);
    expect(engine.encoding('s2')).toBe('intset');
    expect(engine.encoding('t2')).toBe('hashtable');
    expect(engine.rename('h', 'h3', false)).toBe('OK');
    expect(call(Op.HGetAll, ['h3'])).toEqual(['a', '1', 'b', '2']);
    expect(engine.type('h3')).toBe('hash');
    expect(engine.type('s')).toBe('set');
    const keysOf = (type: 'hash' | 'set') =>
      engine.scanKeys({ from: null, inclusive: false, limit: 100, end: null, prefix: null, match: null, type }).keys.map((k) => Buffer.from(k).toString());
    expect(keysOf('hash')).toEqual(['h2', 'h3']);
    expect(keysOf('set')).toEqual(['s', 's2', 't', 't2']);
  });

  it('expires lazily (DEL) and by the active cycle like any key', () => {
    call(Op.HSet, ['h', 'a', '1']);
    engine.expire('h', NOW + 10, 0);
    effects();
    engine.now = NOW + 11;
    expect(call(Op.HGet, ['h', 'a'])).toBeNull();
    expect(effects()).toEqual([['DEL', 'h']]);
    call(Op.SAdd, ['s', 'a']);
    engine.expire('s', NOW + 20, 0);
    engine.now = NOW + 21;
    expect(engine.activeExpire(10)).toBe(1);
    expect(engine.dbsize()).toBe(0);
  });

  it('MEMORY USAGE and memory() grow with the elements', () => {
    call(Op.HSet, ['h', 'a', '1']);
    call(Op.SAdd, ['s', '1']);
    call(Op.SAdd, ['t', 'member']);
    const small = { h: engine.memoryUsage('h') as number, s: engine.memoryUsage('s') as number, t: engine.memoryUsage('t') as number };
    const used = engine.memory().used;
    const many = Array.from({ length: 100 }, (_, i) => `element-${i}`);
    call(Op.HSet, ['h', ...many.flatMap((f) => [f, 'value'])]);
    call(Op.SAdd, ['s', ...many.map((_, i) => String(i))]);
    call(Op.SAdd, ['t', ...many]);
    for (const key of ['h', 's', 't'] as const) {
      const grown = engine.memoryUsage(key) as number;
      expect(grown, key).toBeGreaterThan(small[key] + 100 * 8);
      expect(grown, key).toBeLessThan(small[key] + 100 * 200);
    }
    expect(engine.memory().used).toBeGreaterThan(used);
  });
});

// --- effects -----------------------------------------------------------------------

describe('effects', () => {
  it('records each write as the plan lists, and nothing for what changed nothing', () => {
    call(Op.HSet, ['h', 'a', '1', 'b', new Uint8Array([0xff])]);
    call(Op.HSet, ['h', 'a', '1']);
    call(Op.HSetNx, ['h', 'a', '2']);
    call(Op.HSetNx, ['h', 'c', '3']);
    call(Op.HDel, ['h', 'zz']);
    call(Op.HDel, ['h', 'zz', 'a']);
    call(Op.HIncrBy, ['h', 'n'], -4);
    call(Op.SAdd, ['s', 'x', 'y', 'x']);
    call(Op.SAdd, ['s', 'x']);
    call(Op.SRem, ['s', 'q']);
    call(Op.SRem, ['s', 'q', 'x']);
    call(Op.SMove, ['s', 'd', 'q']);
    call(Op.SPop, ['s']);
    call(Op.SPop, ['nokey'], 3, CallFlags.HasCount);
    call(Op.SUnionStore, ['u', 'nokey']);
    call(Op.HDel, ['h', 'b', 'c', 'n']);
    const bytes = Buffer.from(engine.drainEffects()).toString('latin1');
    expect(bytes).toBe(
      [
        ['HSET', 'h', 'a', '1', 'b', '\xff'],
        ['HSET', 'h', 'a', '1'],
        ['HSET', 'h', 'c', '3'],
        ['HDEL', 'h', 'zz', 'a'],
        ['HINCRBY', 'h', 'n', '-4'],
        ['SADD', 's', 'x', 'y', 'x'],
        ['SREM', 's', 'q', 'x'],
        ['SREM', 's', 'y'],
        ['HDEL', 'h', 'b', 'c', 'n'],
      ]
        .map((args) => `*${args.length}\r\n` + args.map((a) => `$${a.length}\r\n${a}\r\n`).join(''))
        .join(''),
    );
    expect(engine.dbsize()).toBe(0);
  });

  it('replays to the same dataset', () => {
    const replica = new TsEngine();
    call(Op.HSet, ['h', 'a', '1', 'b', '2']);
    call(Op.HIncrBy, ['h', 'a'], 10);
    call(Op.SAdd, ['s', ...Array.from({ length: 20 }, (_, i) => String(i))]);
    call(Op.SPop, ['s'], 7, CallFlags.HasCount);
    call(Op.SPop, ['s']);
    call(Op.SMove, ['s', 't', '3']);
    call(Op.SAdd, ['t', '4', '5']);
    call(Op.SDiffStore, ['d', 's', 't']);
    for (const args of effects()) {
      const [name, ...rest] = args;
      const op = { HSET: Op.HSet, HINCRBY: Op.HIncrBy, SADD: Op.SAdd, SREM: Op.SRem, SMOVE: Op.SMove, SDIFFSTORE: Op.SDiffStore }[name] as Op;
      if (name === 'HINCRBY') replica.call(op, rest.slice(0, 2), As.String, Number(rest[2]));
      else replica.call(op, rest, As.String);
    }
    for (const key of ['h', 's', 't', 'd']) expect(dumpKey(replica, key), key).toEqual(dumpKey(engine, key));
  });
});

// --- transactions ------------------------------------------------------------------

/** A key's whole observable state: type, encoding, TTL, contents in order, and the cursors a full scan goes through. */
function dumpKey(e: Engine, key: string): unknown {
  const type = e.type(key);
  if (type === 'none') return null;
  const base = { type, encoding: e.encoding(key), ttl: e.expireTime(key) };
  if (type === 'string') return { ...base, value: e.get(key, As.String) };
  const op = type === 'hash' ? Op.HGetAll : Op.SMembers;
  const scanOp = type === 'hash' ? Op.HScan : Op.SScan;
  const cursors: Reply[] = [];
  let cursor = 0;
  do {
    const [next, items] = e.call(scanOp, [key], As.String, cursor, count(3)) as [string, Reply[]];
    cursors.push(next, items);
    cursor = Number(next);
  } while (cursor !== 0);
  return { ...base, contents: e.call(op, [key], As.String), cursors };
}

function dumpAll(e: Engine, keys: readonly string[]): unknown[] {
  return keys.map((key) => dumpKey(e, key));
}

describe('transactions', () => {
  const KEYS = ['h1', 'h2', 's1', 's2', 'x'];
  const field = fc.constantFrom('a', 'b', 'c', 'd', '1', '2', '3', '-5', 'long-field-name');
  const key = fc.constantFrom(...KEYS);
  const command = fc.oneof(
    fc.tuple(fc.constant(Op.HSet), key, fc.array(fc.tuple(field, field), { minLength: 1, maxLength: 4 })).map(([op, k, pairs]) => ({ op, args: [k, ...pairs.flat()], n: 0, flags: 0 })),
    fc.tuple(fc.constantFrom(Op.HDel, Op.SAdd, Op.SRem), key, fc.array(field, { minLength: 1, maxLength: 4 })).map(([op, k, items]) => ({ op, args: [k, ...items], n: 0, flags: 0 })),
    fc.tuple(key, field, fc.integer({ min: -3, max: 3 })).map(([k, f, n]) => ({ op: Op.HIncrBy, args: [k, f], n, flags: 0 })),
    fc.tuple(key, fc.integer({ min: 0, max: 6 })).map(([k, n]) => ({ op: Op.SPop, args: [k], n, flags: CallFlags.HasCount })),
    fc.tuple(key, key, field).map(([a, b, m]) => ({ op: Op.SMove, args: [a, b, m], n: 0, flags: 0 })),
    fc.tuple(fc.constantFrom(Op.SUnionStore, Op.SInterStore, Op.SDiffStore), key, key, key).map(([op, d, a, b]) => ({ op, args: [d, a, b], n: 0, flags: 0 })),
    fc.tuple(key, key).map(([a, b]) => ({ op: -1 as Op, args: [a, b], n: 0, flags: 0 })),
  );

  function apply(e: Engine, c: { op: Op; args: string[]; n: number; flags: number }): void {
    try {
      if (c.op === (-1 as Op)) e.copy(c.args[0], c.args[1], true);
      else e.call(c.op, c.args, As.String, c.n, c.flags);
    } catch {
      // WRONGTYPE and friends: the command changed nothing.
    }
  }

  it('rollback restores every collection exactly: contents, order, encoding, TTL and scan cursors', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 30 }), fc.array(command, { maxLength: 30 }), (setup, body) => {
        const e = new TsEngine();
        e.now = NOW;
        e.configure({ hashMaxListpackEntries: 4, hashMaxListpackValue: 10, setMaxIntsetEntries: 4 });
        e.set('x', 'string', SetFlags.None, 0, As.String);
        for (const c of setup) apply(e, c);
        for (const k of KEYS) if (e.type(k) !== 'none') e.expire(k, NOW + 1000, 0);
        const before = dumpAll(e, KEYS);
        e.begin();
        for (const c of body) apply(e, c);
        e.rollback();
        expect(dumpAll(e, KEYS)).toEqual(before);
        // And the restored objects still work: the same body (and the same
        // random draws) gives the same result again.
        e.seed(7);
        e.begin();
        for (const c of body) apply(e, c);
        const once = dumpAll(e, KEYS);
        e.rollback();
        e.seed(7);
        e.begin();
        for (const c of body) apply(e, c);
        e.commit();
        expect(dumpAll(e, KEYS).map((d) => d && { ...(d as object), cursors: undefined })).toEqual(once.map((d) => d && { ...(d as object), cursors: undefined }));
      }),
      { numRuns: 300 },
    );
  });

  it('rollback puts a deleted field back in its place and undoes a conversion', () => {
    engine.configure({ ...DEFAULT_ENCODING_LIMITS, hashMaxListpackEntries: 3, setMaxIntsetEntries: 3 });
    call(Op.HSet, ['h', 'a', '1', 'b', '2', 'c', '3']);
    call(Op.SAdd, ['s', '3', '1', '2']);
    engine.begin();
    call(Op.HDel, ['h', 'b']);
    call(Op.HSet, ['h', 'b', '9', 'd', '4']);
    call(Op.SAdd, ['s', 'x']);
    expect(engine.encoding('h')).toBe('hashtable');
    expect(engine.encoding('s')).toBe('hashtable');
    engine.rollback();
    expect(call(Op.HGetAll, ['h'])).toEqual(['a', '1', 'b', '2', 'c', '3']);
    expect(engine.encoding('h')).toBe('listpack');
    expect(call(Op.SMembers, ['s'])).toEqual(['1', '2', '3']);
    expect(engine.encoding('s')).toBe('intset');
  });
});

// --- scan guarantee ------------------------------------------------------------------

describe('HSCAN/SSCAN on a hashtable while it changes', () => {
  it('returns every element present for the whole scan exactly once, across growth, deletes and compactions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 8, max: 40 }), (seed, step) => {
        const e = new TsEngine();
        e.seed(seed);
        const stable = Array.from({ length: 300 }, (_, i) => `stable${i}`);
        const churn = Array.from({ length: 300 }, (_, i) => `churn${i}`);
        e.call(Op.SAdd, ['s', ...stable, ...churn], As.String);
        e.call(Op.HSet, ['h', ...[...stable, ...churn].flatMap((f) => [f, 'v'])], As.String);
        let next = 0;
        const mutate = (): void => {
          // Delete (compactions), add new ones (growth) and re-add old ones:
          // fewer new elements than a step returns, so the scan catches up.
          for (let i = 0; i < 2; i++) {
            const victim = churn[(next * 7 + i * 13) % churn.length];
            e.call(Op.SRem, ['s', victim], As.String);
            e.call(Op.HDel, ['h', victim], As.String);
            const added = `new${next}-${i}`;
            e.call(Op.SAdd, ['s', added, churn[(next + i) % churn.length]], As.String);
            e.call(Op.HSet, ['h', added, 'v'], As.String);
          }
          next++;
        };
        const engineBefore = engine;
        engine = e;
        try {
          for (const op of [Op.SScan, Op.HScan] as const) {
            const key = op === Op.SScan ? 's' : 'h';
            const { items, cursors } = fullScan(op, key, step, mutate);
            const seen = items.filter((item) => item.startsWith('stable'));
            expect(seen.sort()).toEqual([...stable].sort());
            expect(cursors.at(-1)).toBe('0');
          }
        } finally {
          engine = engineBefore;
        }
      }),
      { numRuns: 25 },
    );
  });
});

// --- randomness ------------------------------------------------------------------------

describe('random picks', () => {
  /** Pearson's chi-square of `counts` against a uniform spread; the 99.9th percentile for 9 degrees of freedom is 27.9. */
  function chiSquare(counts: Map<string, number>, cells: number, total: number): number {
    const expected = total / cells;
    let sum = 0;
    for (const c of counts.values()) sum += (c - expected) ** 2 / expected;
    return sum + (cells - counts.size) * expected;
  }

  const cases: [string, (e: TsEngine) => string[]][] = [
    ['SRANDMEMBER of an intset', (e) => [e.call(Op.SRandMember, ['i'], As.String) as string]],
    ['SRANDMEMBER count 2 (CASE 4) of a hashtable', (e) => e.call(Op.SRandMember, ['t'], As.String, 2, CallFlags.HasCount) as string[]],
    ['SRANDMEMBER count 7 (CASE 3) of a hashtable', (e) => e.call(Op.SRandMember, ['t'], As.String, 7, CallFlags.HasCount) as string[]],
    ['SRANDMEMBER count -3 of an intset', (e) => e.call(Op.SRandMember, ['i'], As.String, -3, CallFlags.HasCount) as string[]],
    ['HRANDFIELD count 3 (CASE 4, ordered) of a listpack', (e) => e.call(Op.HRandField, ['h'], As.String, 3, CallFlags.HasCount) as string[]],
    ['HRANDFIELD count 5 (CASE 3) of a listpack', (e) => e.call(Op.HRandField, ['h'], As.String, 5, CallFlags.HasCount) as string[]],
    ['HRANDFIELD count -4 of a listpack', (e) => e.call(Op.HRandField, ['h'], As.String, -4, CallFlags.HasCount) as string[]],
    ['SPOP count 2 (CASE 2)', (e) => e.call(Op.SPop, ['t'], As.String, 2, CallFlags.HasCount) as string[]],
    ['SPOP count 9 (CASE 3)', (e) => e.call(Op.SPop, ['t'], As.String, 9, CallFlags.HasCount) as string[]],
  ];

  for (const [title, draw] of cases) {
    it(`${title} draws uniformly`, () => {
      const e = new TsEngine();
      e.seed(12345);
      const ten = Array.from({ length: 10 }, (_, i) => String(i));
      const counts = new Map<string, number>();
      let total = 0;
      for (let round = 0; round < 3000; round++) {
        e.flushall();
        e.call(Op.SAdd, ['i', ...ten], As.String);
        e.call(Op.SAdd, ['t', ...ten.map((x) => `m${x}`)], As.String);
        e.call(Op.HSet, ['h', ...ten.flatMap((x) => [`f${x}`, x])], As.String);
        for (const item of draw(e)) {
          counts.set(item, (counts.get(item) ?? 0) + 1);
          total++;
        }
      }
      expect(counts.size).toBe(10);
      expect(chiSquare(counts, 10, total)).toBeLessThan(27.9);
    });
  }
});

// --- snapshot ----------------------------------------------------------------------------

describe('snapshot', () => {
  it('writes HSET and SADD in batches of 64 items, then PEXPIREAT, and keeps the instant it was taken', () => {
    const fields = Array.from({ length: 130 }, (_, i) => `f${i}`);
    call(Op.HSet, ['h', ...fields.flatMap((f) => [f, `v${f}`])]);
    call(Op.HDel, ['h', 'f3', 'f70']);
    call(Op.SAdd, ['i', '3', '1', '2']);
    call(Op.SAdd, ['s', ...fields]);
    engine.expire('s', NOW + 5000, 0);
    const snapshot = engine.snapshot();
    call(Op.HSet, ['h', 'later', 'x']);
    call(Op.SRem, ['s', 'f0']);
    call(Op.SAdd, ['i', '0']);
    const commands: string[][] = [];
    for (let chunk = snapshot.next(100); chunk !== null; chunk = snapshot.next(100)) commands.push(...decodeCommandStrings(chunk.slice()));
    snapshot.close();
    const live = fields.filter((f) => f !== 'f3' && f !== 'f70');
    expect(commands).toEqual([
      ['HSET', 'h', ...live.slice(0, 64).flatMap((f) => [f, `v${f}`])],
      ['HSET', 'h', ...live.slice(64).flatMap((f) => [f, `v${f}`])],
      ['SADD', 'i', '1', '2', '3'],
      ['SADD', 's', ...fields.slice(0, 64)],
      ['SADD', 's', ...fields.slice(64, 128)],
      ['SADD', 's', ...fields.slice(128)],
      ['PEXPIREAT', 's', String(NOW + 5000)],
    ]);
  });
});

// --- against redis-server ----------------------------------------------------------------

describeRedis('the TS engine against redis-server on random hash and set commands', (redis) => {
  /** Replies whose order is each side's own (hashtable order, SPOP's set), compared sorted; HGETALL as sorted pairs. */
  const UNORDERED = new Set(['HKEYS', 'HVALS', 'SMEMBERS', 'SUNION', 'SINTER', 'SDIFF', 'SPOP']);
  function normal(cmd: readonly string[], outcome: Outcome): unknown {
    if (!Array.isArray(outcome)) return outcome;
    if (UNORDERED.has(cmd[0])) return [...outcome].sort();
    if (cmd[0] !== 'HGETALL') return outcome;
    const pairs: string[] = [];
    for (let i = 0; i < outcome.length; i += 2) pairs.push(`${String(outcome[i])}=${String(outcome[i + 1])}`);
    return pairs.sort();
  }

  const key = fc.constantFrom('h1', 'h2', 's1', 's2', 'str', 'none');
  const element = fc.constantFrom('a', 'b', '1', '2', '-3', '007', 'longer-value', '');
  const command: fc.Arbitrary<string[]> = fc.oneof(
    fc.tuple(key, fc.array(fc.tuple(element, element), { minLength: 1, maxLength: 3 })).map(([k, pairs]) => ['HSET', k, ...pairs.flat()]),
    fc.tuple(key, element, element).map(([k, f, v]) => ['HSETNX', k, f, v]),
    fc.tuple(fc.constantFrom('HDEL', 'HMGET', 'SADD', 'SREM', 'SMISMEMBER'), key, fc.array(element, { minLength: 1, maxLength: 3 })).map(([c, k, items]) => [c, k, ...items]),
    fc.tuple(fc.constantFrom('HGET', 'HEXISTS', 'HSTRLEN', 'SISMEMBER'), key, element).map((c) => [...c]),
    fc.tuple(key, element, fc.constantFrom('1', '-5', '9223372036854775807')).map(([k, f, d]) => ['HINCRBY', k, f, d]),
    fc.tuple(fc.constantFrom('HLEN', 'HKEYS', 'HVALS', 'HGETALL', 'SCARD', 'SMEMBERS', 'TYPE'), key).map((c) => [...c]),
    key.map((k) => ['OBJECT', 'ENCODING', k]),
    fc.tuple(key, key, element).map(([a, b, m]) => ['SMOVE', a, b, m]),
    fc.tuple(fc.constantFrom('SUNION', 'SINTER', 'SDIFF'), key, key).map((c) => [...c]),
    fc.tuple(fc.constantFrom('SUNIONSTORE', 'SINTERSTORE', 'SDIFFSTORE'), key, key, key).map((c) => [...c]),
    fc.tuple(key, key, fc.constantFrom('0', '1', '2')).map(([a, b, limit]) => ['SINTERCARD', '2', a, b, 'LIMIT', limit]),
    // Only the counts whose outcome is not random: none, or the whole set.
    fc.tuple(key, fc.constantFrom('0', '100')).map(([k, n]) => ['SPOP', k, n]),
    fc.constant(['SET', 'str', 'x']),
    fc.tuple(key, key).map(([a, b]) => ['COPY', a, b, 'REPLACE']),
  );

  it('every reply, error and OBJECT ENCODING agrees', async () => {
    const open = await loadOpen();
    const db = await open({ engine: 'ts', activeExpiry: false, encoding: { hashMaxListpackEntries: 4, hashMaxListpackValue: 6, setMaxIntsetEntries: 4 } });
    const client = redis.client;
    await client.call('CONFIG', 'SET', 'hash-max-listpack-entries', '4', 'hash-max-listpack-value', '6', 'set-max-intset-entries', '4');
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(command, { minLength: 20, maxLength: 60 }), async (commands) => {
          await client.call('FLUSHALL');
          db.flushall();
          for (let i = 0; i < commands.length; i++) {
            const cmd = commands[i];
            const ours = normal(cmd, runOnDb(db, cmd));
            const theirs = normal(cmd, await runOnRedis(client, cmd));
            expect(ours, `step ${i} of ${JSON.stringify(commands.slice(0, i + 1))}`).toEqual(theirs);
          }
        }),
        { numRuns: 150 },
      );
    } finally {
      await client.call('CONFIG', 'SET', 'hash-max-listpack-entries', '512', 'hash-max-listpack-value', '64', 'set-max-intset-entries', '512');
      await db.close();
    }
  });
});
