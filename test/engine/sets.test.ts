/**
 * The wasm core's sets (assembly/set.ts, intset.ts), through Engine.call on
 * the debug build, whose asserts check the heap, the tree and every
 * reservation: encodings and conversions as redis-server 7.0 makes them,
 * uniform random picks, exact rollback, the effects recorded, memory given
 * back, out of memory changing nothing, and the snapshot's commands. The
 * command rows and the cases shared by both engines are test/sets.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CallFlags, Op } from '../../src/engine/abi.js';
import { As, type Engine } from '../../src/engine/engine.js';
import { decodeCommands } from '../../src/engine/resp.js';
import { WasmEngine } from '../../src/engine/wasm.js';
import { OutOfMemoryError } from '../../src/errors/oom-error.js';
import { TsEngine } from '../../src/engine/ts/index.js';
import { debugWasmEngine } from '../support/debug-core.js';
import { describeRedis, useRedis } from '../support/redis-server.js';

const engines: WasmEngine[] = [];

afterEach(() => {
  for (const engine of engines.splice(0)) engine.close();
});

function make(options: { maxMemoryPages?: number } = {}): WasmEngine {
  const engine = debugWasmEngine(options);
  engines.push(engine);
  return engine;
}

type Call = (op: Op, args: (string | Uint8Array)[], n?: number, flags?: number) => unknown;

function caller(engine: Engine): Call {
  return (op, args, n = 0, flags = 0) => engine.call(op, args, As.String, n, flags);
}

const range = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => String(from + i));
const sorted = (members: unknown): string[] => [...(members as string[])].sort();

/** Every key's type, encoding, members (sorted) and expiry: what a rollback must restore. */
function state(engine: Engine): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const batch = engine.scanKeys({ from: null, inclusive: true, limit: 10_000, end: null, prefix: null, match: null, type: null });
  for (const raw of batch.keys) {
    const key = Buffer.from(raw).toString('latin1');
    const type = engine.type(raw);
    const value = type === 'set' ? sorted(engine.call(Op.SMembers, [raw], As.String)) : engine.get(raw, As.String);
    out[key] = { type, encoding: engine.encoding(raw), value, expireAt: engine.expireTime(raw) };
  }
  return out;
}

/** Pearson's chi-square statistic of observed counts against a uniform expectation. */
function chiSquare(counts: Map<string, number>, categories: number, draws: number): number {
  expect(counts.size).toBe(categories);
  const expected = draws / categories;
  let sum = 0;
  for (const observed of counts.values()) sum += (observed - expected) ** 2 / expected;
  return sum;
}

/** chi-square critical values at p = 0.001, by degrees of freedom. */
const CHI_CRITICAL: Record<number, number> = { 9: 27.88, 19: 43.82, 99: 149.45 };

function tally(counts: Map<string, number>, members: unknown): void {
  for (const member of members as string[]) counts.set(member, (counts.get(member) ?? 0) + 1);
}

/** A seeded draw from [0, n), so a random run repeats. */
function seeded(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
}

/** The set writes the random runs draw from: name, op, arguments. */
function setWrites(key: () => string, member: () => string): [string, Op, () => string[], number?][] {
  return [
    ['SADD', Op.SAdd, () => [key(), member(), member(), member()]],
    ['SREM', Op.SRem, () => [key(), member(), member()]],
    ['SMOVE', Op.SMove, () => [key(), key(), member()]],
    ['SUNIONSTORE', Op.SUnionStore, () => [key(), key(), key()]],
    ['SINTERSTORE', Op.SInterStore, () => [key(), key(), key()]],
    ['SDIFFSTORE', Op.SDiffStore, () => [key(), key(), key()]],
  ];
}

describe('set encodings', () => {
  it('is an intset of canonical integers, sorted, and a hashtable from the first other member on', () => {
    const engine = make();
    const call = caller(engine);
    expect(call(Op.SAdd, ['s', '3', '-1', '2', '3'])).toBe(3);
    expect(engine.encoding('s')).toBe('intset');
    expect(call(Op.SMembers, ['s'])).toEqual(['-1', '2', '3']);
    expect(call(Op.SAdd, ['s', '9223372036854775807', '-9223372036854775808', '70000'])).toBe(3);
    expect(engine.encoding('s')).toBe('intset');
    expect(call(Op.SMembers, ['s'])).toEqual(['-9223372036854775808', '-1', '2', '3', '70000', '9223372036854775807']);
    for (const notCanonical of ['01', '+1', '-0', ' 1', '1 ', '9223372036854775808', '', '1.0']) {
      call(Op.SAdd, ['t', '1']);
      expect(engine.encoding('t')).toBe('intset');
      expect(call(Op.SAdd, ['t', notCanonical])).toBe(1);
      expect(engine.encoding('t')).toBe('hashtable');
      expect(call(Op.SIsMember, ['t', notCanonical])).toBe(1);
      engine.del(['t']);
    }
    expect(call(Op.SAdd, ['s', 'a'])).toBe(1);
    expect(engine.encoding('s')).toBe('hashtable');
    expect(call(Op.SRem, ['s', 'a'])).toBe(1);
    expect(engine.encoding('s')).toBe('hashtable');
    expect(sorted(call(Op.SMembers, ['s']))).toEqual(sorted(['-9223372036854775808', '-1', '2', '3', '70000', '9223372036854775807']));
  });

  it('converts past set-max-intset-entries, and a first member that is no integer makes a hashtable', () => {
    const engine = make();
    const call = caller(engine);
    engine.configure({ hashMaxListpackEntries: 512, hashMaxListpackValue: 64, setMaxIntsetEntries: 4 });
    call(Op.SAdd, ['s', '1', '2', '3', '4']);
    expect(engine.encoding('s')).toBe('intset');
    expect(call(Op.SAdd, ['s', '4', '3'])).toBe(0);
    expect(engine.encoding('s')).toBe('intset');
    expect(call(Op.SAdd, ['s', '5'])).toBe(1);
    expect(engine.encoding('s')).toBe('hashtable');
    call(Op.SAdd, ['x', 'a', '1']);
    expect(engine.encoding('x')).toBe('hashtable');
    engine.configure({ hashMaxListpackEntries: 512, hashMaxListpackValue: 64, setMaxIntsetEntries: 0 });
    call(Op.SAdd, ['z', '1']);
    expect(engine.encoding('z')).toBe('hashtable');
  });

  it('builds *STORE results as Redis builds its dstset: an intset when the members qualify, whatever the sources', () => {
    const engine = make();
    const call = caller(engine);
    engine.configure({ hashMaxListpackEntries: 512, hashMaxListpackValue: 64, setMaxIntsetEntries: 8 });
    call(Op.SAdd, ['h', 'a', ...range(0, 6)]);
    call(Op.SAdd, ['i', ...range(3, 9)]);
    expect(engine.encoding('h')).toBe('hashtable');
    expect(call(Op.SInterStore, ['d', 'h', 'i'])).toBe(3);
    expect(engine.encoding('d')).toBe('intset');
    expect(call(Op.SMembers, ['d'])).toEqual(['3', '4', '5']);
    expect(call(Op.SDiffStore, ['d', 'h', 'i'])).toBe(4);
    expect(engine.encoding('d')).toBe('hashtable');
    call(Op.SRem, ['h', 'a']);
    expect(call(Op.SDiffStore, ['d', 'h', 'i'])).toBe(3);
    expect(engine.encoding('d')).toBe('intset');
    expect(call(Op.SUnionStore, ['d', 'h', 'i'])).toBe(9);
    expect(engine.encoding('d')).toBe('hashtable');
    // SUNION of a hashtable of integers replies as its intset result does: ascending.
    expect(call(Op.SUnion, ['h', 'nothing'])).toEqual(range(0, 6));
  });

  it('rebuilds the set from what SPOP leaves when few remain (Redis case 3), an intset again', () => {
    const engine = make();
    const call = caller(engine);
    call(Op.SAdd, ['s', ...range(0, 600)]);
    expect(engine.encoding('s')).toBe('hashtable');
    call(Op.SPop, ['s'], 100, CallFlags.HasCount);
    expect(engine.encoding('s')).toBe('hashtable');
    expect((call(Op.SPop, ['s'], 490, CallFlags.HasCount) as string[]).length).toBe(490);
    expect(engine.encoding('s')).toBe('intset');
    expect(call(Op.SCard, ['s'])).toBe(10);
    call(Op.SAdd, ['t', 'a', ...range(0, 20)]);
    call(Op.SPop, ['t'], 19, CallFlags.HasCount);
    expect(engine.encoding('t')).toBe(call(Op.SIsMember, ['t', 'a']) === 1 ? 'hashtable' : 'intset');
  });

  it('keeps the encoding on COPY and moves members with SMOVE as Redis does', () => {
    const engine = make();
    const call = caller(engine);
    call(Op.SAdd, ['i', '1', '2']);
    call(Op.SAdd, ['h', 'a', '1']);
    call(Op.SRem, ['h', 'a']);
    expect(engine.copy('i', 'i2', false)).toBe(1);
    expect(engine.copy('h', 'h2', false)).toBe(1);
    expect(engine.encoding('i2')).toBe('intset');
    expect(engine.encoding('h2')).toBe('hashtable');
    call(Op.SAdd, ['i2', '3']);
    expect(call(Op.SMembers, ['i'])).toEqual(['1', '2']);
    expect(call(Op.SMove, ['h', 'i', '1'])).toBe(1);
    expect(engine.type('h')).toBe('none');
    expect(call(Op.SMove, ['i', 'new', 'x'])).toBe(0);
    expect(call(Op.SMove, ['i', 'new', '2'])).toBe(1);
    expect(engine.encoding('new')).toBe('intset');
    expect(call(Op.SMove, ['i', 'i', '1'])).toBe(1);
    expect(call(Op.SMove, ['absent', 'i', '1'])).toBe(0);
    engine.set('str', 'v', 0, 0, As.String);
    expect(call(Op.SMove, ['absent', 'str', '1'])).toBe(0);
    expect(() => call(Op.SMove, ['i', 'str', '1'])).toThrow(/WRONGTYPE/);
    expect(call(Op.SMembers, ['i'])).toEqual(['1']);
  });

  it('finds every member and no other at every step of a hashtable\'s resizes', () => {
    const engine = make();
    const call = caller(engine);
    for (let i = 0; i < 5000; i++) {
      call(Op.SAdd, ['s', `m${i}`]);
      expect(call(Op.SMIsMember, ['s', `m${i}`, `m${i >> 1}`, `m${i + 1}`, `absent${i}`])).toEqual([1, 1, 0, 0]);
    }
    for (let i = 0; i < 5000; i += 2) call(Op.SRem, ['s', `m${i}`]);
    expect(call(Op.SCard, ['s'])).toBe(2500);
    for (let i = 0; i < 5000; i++) expect(call(Op.SIsMember, ['s', `m${i}`])).toBe(i & 1);
  });

  it('answers SSCAN whole with cursor 0 for an intset, and visits every member once by cursor for a hashtable', () => {
    const engine = make();
    const call = caller(engine);
    call(Op.SAdd, ['i', ...range(0, 30)]);
    expect(call(Op.SScan, ['i', '1*'], 0, (2 << CallFlags.CountShift) | CallFlags.HasMatch)).toEqual(['0', ['1', ...range(10, 20)]]);
    const members = range(0, 2000).map((i) => `m${i}`);
    call(Op.SAdd, ['h', ...members]);
    const seen = new Set<string>();
    let cursor = 0;
    let steps = 0;
    do {
      const [next, batch] = call(Op.SScan, ['h'], cursor, 10 << CallFlags.CountShift) as [string, string[]];
      for (const member of batch) seen.add(member);
      cursor = Number(next);
      steps++;
      if (steps === 20) call(Op.SAdd, ['h', ...range(0, 3000).map((i) => `grow${i}`)]);
    } while (cursor !== 0);
    for (const member of members) expect(seen.has(member)).toBe(true);
    expect(call(Op.SScan, ['absent'], 0, 10 << CallFlags.CountShift)).toEqual(['0', []]);
  });
});

describeRedis('set encodings against redis-server', (redis) => {
  useRedis();
  it('agree after the same random writes (set-max-intset-entries 8)', async () => {
    const engine = make();
    engine.configure({ hashMaxListpackEntries: 512, hashMaxListpackValue: 64, setMaxIntsetEntries: 8 });
    await redis.client.call('CONFIG', 'SET', 'set-max-intset-entries', '8');
    await redis.client.call('FLUSHALL');
    const random = seeded(7);
    const keys = ['a', 'b', 'c'];
    const ops = setWrites(() => keys[random(3)], () => (random(6) === 0 ? `x${random(3)}` : String(random(14) - 4)));
    for (let step = 0; step < 400; step++) {
      const [name, op, args] = ops[random(ops.length)];
      const list = args();
      expect(engine.call(op, list, As.String), `${name} ${list.join(' ')}`).toEqual(await redis.client.call(name, ...list));
      for (const key of keys) {
        const encoding = await redis.client.call('OBJECT', 'ENCODING', key).catch(() => null);
        expect(engine.encoding(key), `${key} after ${name} ${list.join(' ')}`).toBe(encoding);
        const members = await redis.client.call('SMEMBERS', key);
        const ours = engine.call(Op.SMembers, [key], As.String) as string[];
        if (encoding === 'intset') expect(ours).toEqual(members);
        else expect(sorted(ours)).toEqual(sorted(members));
      }
    }
    await redis.client.call('CONFIG', 'SET', 'set-max-intset-entries', '512');
  });
});

describe('the wasm and TS engines', () => {
  it('agree on replies, encodings and effect bytes over random set writes (set-max-intset-entries 6)', () => {
    const wasm = make();
    const ts = new TsEngine();
    const limits = { hashMaxListpackEntries: 512, hashMaxListpackValue: 64, setMaxIntsetEntries: 6 };
    for (const engine of [wasm, ts] as Engine[]) {
      engine.configure(limits);
      engine.recordEffects = true;
    }
    const random = seeded(11);
    const keys = ['a', 'b', 'c', 'str'];
    const key = () => keys[random(keys.length)];
    const member = () => (random(5) === 0 ? ['x', '', 'é', '01'][random(4)] : String(random(12) - 3));
    const ops: [string, Op, () => string[], number?][] = [
      ...setWrites(key, member),
      ['SUNION', Op.SUnion, () => [key(), key()]],
      ['SINTER', Op.SInter, () => [key(), key(), key()]],
      ['SDIFF', Op.SDiff, () => [key(), key()]],
      ['SINTERCARD', Op.SInterCard, () => [key(), key()], 2],
      ['SMISMEMBER', Op.SMIsMember, () => [key(), member(), member()]],
      ['SMEMBERS', Op.SMembers, () => [key()]],
      ['SCARD', Op.SCard, () => [key()]],
    ];
    const outcome = (engine: Engine, op: Op, args: string[], n: number) => {
      try {
        const reply = engine.call(op, args, As.String, n);
        // Hashtable replies are in each engine's own order; an intset's is ascending in both.
        return Array.isArray(reply) && op !== Op.SMIsMember ? [...reply].sort() : reply;
      } catch (error) {
        return (error as Error).message;
      }
    };
    ts.set('str', 'v', 0, 0, As.String);
    wasm.set('str', 'v', 0, 0, As.String);
    for (let step = 0; step < 1500; step++) {
      const [name, op, args, n = 0] = ops[random(ops.length)];
      const list = args();
      const label = `step ${step}: ${name} ${list.join(' ')}`;
      expect(outcome(wasm, op, list, n), label).toEqual(outcome(ts, op, list, n));
      for (const k of keys) expect(wasm.encoding(k), `${label}: ${k}`).toBe(ts.encoding(k));
      if (wasm.encoding('a') === 'intset') expect(wasm.call(Op.SMembers, ['a'], As.String)).toEqual(ts.call(Op.SMembers, ['a'], As.String));
    }
    // Members listed in the engine's own order (SPOP is not among the ops) are the same bytes in both.
    expect(Buffer.from(wasm.drainEffects()).toString('latin1')).toBe(Buffer.from(ts.drainEffects()).toString('latin1'));
    ts.close();
  });
});

describe('random members', () => {
  const DRAWS = 20_000;

  for (const [kind, members] of [['intset', range(0, 10)], ['hashtable', range(0, 10).map((i) => `m${i}`)]] as const) {
    it(`SRANDMEMBER and SPOP draw uniformly from a ${kind} (chi-square, p = 0.001)`, () => {
      const engine = make();
      engine.seed(12345);
      const call = caller(engine);
      call(Op.SAdd, ['s', ...members]);
      expect(engine.encoding('s')).toBe(kind);
      const single = new Map<string, number>();
      for (let i = 0; i < DRAWS; i++) tally(single, [call(Op.SRandMember, ['s'])]);
      expect(chiSquare(single, 10, DRAWS)).toBeLessThan(CHI_CRITICAL[9]);
      const repeats = new Map<string, number>();
      for (let i = 0; i < DRAWS / 100; i++) tally(repeats, call(Op.SRandMember, ['s'], -100, CallFlags.HasCount));
      expect(chiSquare(repeats, 10, DRAWS)).toBeLessThan(CHI_CRITICAL[9]);
      // count * 3 > size: sampled from the list of all members.
      const distinct = new Map<string, number>();
      for (let i = 0; i < DRAWS / 4; i++) {
        const got = call(Op.SRandMember, ['s'], 4, CallFlags.HasCount) as string[];
        expect(new Set(got).size).toBe(4);
        tally(distinct, got);
      }
      expect(chiSquare(distinct, 10, DRAWS)).toBeLessThan(CHI_CRITICAL[9]);
      const popped = new Map<string, number>();
      for (let i = 0; i < DRAWS / 2; i++) {
        const got = call(Op.SPop, ['s'], 2, CallFlags.HasCount) as string[];
        tally(popped, got);
        call(Op.SAdd, ['s', ...got]);
      }
      expect(chiSquare(popped, 10, DRAWS)).toBeLessThan(CHI_CRITICAL[9]);
    });
  }

  for (const kind of ['intset', 'hashtable'] as const) {
    it(`draws distinct members from a large ${kind} uniformly (count * 3 <= size: draw and reject repeats)`, () => {
      const engine = make();
      engine.seed(99);
      const call = caller(engine);
      const members = range(0, 100).map((i) => (kind === 'intset' ? String(i * 1000) : `m${i}`));
      call(Op.SAdd, ['s', ...members]);
      expect(engine.encoding('s')).toBe(kind);
      const counts = new Map<string, number>();
      for (let i = 0; i < 2000; i++) {
        const got = call(Op.SRandMember, ['s'], 10, CallFlags.HasCount) as string[];
        expect(new Set(got).size).toBe(10);
        tally(counts, got);
      }
      expect(chiSquare(counts, 100, 20_000)).toBeLessThan(CHI_CRITICAL[99]);
      const popped = new Map<string, number>();
      for (let i = 0; i < 2000; i++) {
        const got = call(Op.SPop, ['s'], 10, CallFlags.HasCount) as string[];
        expect(new Set(got).size).toBe(10);
        tally(popped, got);
        call(Op.SAdd, ['s', ...got]);
      }
      expect(chiSquare(popped, 100, 20_000)).toBeLessThan(CHI_CRITICAL[99]);
    });
  }

  it('follows Redis cases: the whole set for count >= size, [] for 0, null or [] for an absent key', () => {
    const engine = make();
    const call = caller(engine);
    call(Op.SAdd, ['s', '3', '1', '2']);
    // First, on an engine whose scratch regions were never used.
    expect(call(Op.SRandMember, ['s'], 0, CallFlags.HasCount)).toEqual([]);
    expect(call(Op.SRandMember, ['s'], 5, CallFlags.HasCount)).toEqual(['1', '2', '3']);
    expect(call(Op.SRandMember, ['s'], 0, CallFlags.HasCount)).toEqual([]);
    expect(call(Op.SRandMember, ['s'], 2 ** 53, CallFlags.HasCount)).toEqual(['1', '2', '3']);
    expect((call(Op.SRandMember, ['s'], -7, CallFlags.HasCount) as string[]).length).toBe(7);
    expect(() => call(Op.SRandMember, ['s'], -1e9, CallFlags.HasCount)).toThrow(OutOfMemoryError);
    expect(call(Op.SRandMember, ['absent'])).toBeNull();
    expect(call(Op.SRandMember, ['absent'], 3, CallFlags.HasCount)).toEqual([]);
    expect(call(Op.SPop, ['absent'])).toBeNull();
    expect(call(Op.SPop, ['absent'], 3, CallFlags.HasCount)).toEqual([]);
    expect(call(Op.SPop, ['s'], 0, CallFlags.HasCount)).toEqual([]);
    expect(call(Op.SPop, ['s'], 10, CallFlags.HasCount)).toEqual(['1', '2', '3']);
    expect(engine.type('s')).toBe('none');
  });

  it('repeats a run under the same seed', () => {
    const runs = [1, 2].map(() => {
      const engine = make();
      engine.seed(5);
      const call = caller(engine);
      call(Op.SAdd, ['s', ...range(0, 50).map((i) => `m${i}`)]);
      return [call(Op.SRandMember, ['s'], 5, CallFlags.HasCount), call(Op.SPop, ['s'], 7, CallFlags.HasCount), call(Op.SPop, ['s'])];
    });
    expect(runs[0]).toEqual(runs[1]);
  });
});

/** A dataset with sets of both encodings, a string and an expiry. */
function fill(engine: Engine): void {
  const call = caller(engine);
  call(Op.SAdd, ['small', '5', '1', '3']);
  call(Op.SAdd, ['words', 'a', 'b', 'c', 'd']);
  call(Op.SAdd, ['big', ...range(0, 700)]);
  call(Op.SAdd, ['ttl', '1', 'x']);
  engine.expire('ttl', Date.now() + 3_600_000, 0);
  engine.set('str', 'v', 0, 0, As.String);
}

describe('set transactions', () => {
  it('restores every set exactly when a transaction rolls back', () => {
    const engine = make();
    engine.seed(3);
    fill(engine);
    const call = caller(engine);
    const before = state(engine);
    let usedBefore = 0;
    for (let round = 0; round < 3; round++) {
      engine.begin();
      call(Op.SAdd, ['small', '2', '70000', '4']);
      call(Op.SAdd, ['small', 'now-a-hashtable']);
      call(Op.SRem, ['small', '1', 'now-a-hashtable']);
      call(Op.SAdd, ['words', 'e', 'f']);
      call(Op.SRem, ['words', 'a', 'b', 'zz']);
      call(Op.SPop, ['big'], 20, CallFlags.HasCount);
      call(Op.SPop, ['big'], 600, CallFlags.HasCount);
      call(Op.SPop, ['words']);
      call(Op.SMove, ['words', 'small', 'c']);
      call(Op.SMove, ['ttl', 'fresh', '1']);
      call(Op.SMove, ['ttl', 'fresh', 'x']);
      call(Op.SUnionStore, ['words', 'small', 'big']);
      call(Op.SInterStore, ['str', 'small', 'big']);
      call(Op.SDiffStore, ['empty', 'small', 'small']);
      call(Op.SAdd, ['new', 'n', '1']);
      engine.copy('big', 'big2', false);
      call(Op.SAdd, ['big2', 'z']);
      engine.del(['small']);
      engine.rollback();
      expect(state(engine)).toEqual(before);
      // After the first round the reply tape and scratch regions have their size.
      if (round === 0) usedBefore = engine.memory().used;
    }
    expect(engine.memory().used).toBe(usedBefore);
  });

  it('keeps a transaction\'s changes on commit, and a later rollback restores the committed state', () => {
    const engine = make();
    fill(engine);
    const call = caller(engine);
    engine.begin();
    call(Op.SAdd, ['small', '9']);
    call(Op.SRem, ['words', 'a']);
    engine.commit();
    const committed = state(engine);
    engine.begin();
    call(Op.SAdd, ['small', '10', 'y']);
    call(Op.SRem, ['words', 'b', 'c', 'd']);
    engine.rollback();
    expect(state(engine)).toEqual(committed);
  });
  it('frees what the journal kept (saved intsets, removed members, replaced keys) when a transaction commits', () => {
    const engine = make();
    const call = caller(engine);
    const round = () => {
      fill(engine);
      engine.begin();
      call(Op.SAdd, ['small', '2', 'word']);
      call(Op.SRem, ['words', 'a', 'b']);
      call(Op.SPop, ['big'], 650, CallFlags.HasCount);
      call(Op.SUnionStore, ['words', 'small', 'ttl']);
      call(Op.SMove, ['ttl', 'small', 'x']);
      engine.del(['big']);
      engine.commit();
      engine.del(['small', 'words', 'ttl', 'str']);
      expect(engine.dbsize()).toBe(0);
    };
    // The first round sizes the reply tape and scratch regions.
    round();
    const used = engine.memory().used;
    for (let i = 0; i < 3; i++) {
      round();
      expect(engine.memory().used).toBe(used);
    }
  });
});

describe('set effects', () => {
  function recorded(engine: WasmEngine): string[][] {
    return decodeCommands(engine.drainEffects()).map((command) => command.map((arg) => Buffer.from(arg).toString('latin1')));
  }

  it('records SADD/SREM as given when they changed the set, SPOP as one SREM, SMOVE and the *STORE commands', () => {
    const engine = make();
    const call = caller(engine);
    engine.recordEffects = true;
    call(Op.SAdd, ['s', '2', '1', '2']);
    call(Op.SAdd, ['s', '1']);
    call(Op.SRem, ['s', 'nope']);
    call(Op.SRem, ['s', '1', 'nope']);
    call(Op.SAdd, ['s', '3', '4', '5']);
    const popped = call(Op.SPop, ['s'], 2, CallFlags.HasCount) as string[];
    call(Op.SPop, ['s'], 0, CallFlags.HasCount);
    call(Op.SMove, ['s', 'd', 'missing']);
    const left = call(Op.SMembers, ['s']) as string[];
    call(Op.SMove, ['s', 'd', left[0]]);
    call(Op.SInterStore, ['none', 'absent', 's']);
    call(Op.SUnionStore, ['u', 's', 'd']);
    call(Op.SDiffStore, ['u', 'absent']);
    const last = call(Op.SPop, ['s']) as string;
    expect(recorded(engine)).toEqual([
      ['SADD', 's', '2', '1', '2'],
      ['SREM', 's', '1', 'nope'],
      ['SADD', 's', '3', '4', '5'],
      ['SREM', 's', ...popped],
      ['SMOVE', 's', 'd', left[0]],
      ['SUNIONSTORE', 'u', 's', 'd'],
      ['SDIFFSTORE', 'u', 'absent'],
      ['SREM', 's', last],
    ]);
    expect(engine.type('s')).toBe('none');
  });

  it('records DEL for a set that expired before a write found it', () => {
    const engine = make();
    const call = caller(engine);
    call(Op.SAdd, ['s', 'a']);
    engine.expire('s', Date.now() + 50, 0);
    engine.now = Date.now() + 1000;
    engine.recordEffects = true;
    expect(call(Op.SAdd, ['s', 'b'])).toBe(1);
    expect(recorded(engine)).toEqual([['DEL', 's'], ['SADD', 's', 'b']]);
  });
});

describe('set memory', () => {
  it('gives every byte back on DEL, SREM and SPOP of every member, and FLUSHALL', () => {
    const engine = make();
    const call = caller(engine);
    const work = () => {
      fill(engine);
      call(Op.SUnionStore, ['u', 'big', 'words']);
      call(Op.SInter, ['big', 'small']);
      call(Op.SRandMember, ['big'], 10, CallFlags.HasCount);
      call(Op.SScan, ['big'], 0, 50 << CallFlags.CountShift);
    };
    const ways = [
      () => engine.del(['small', 'words', 'big', 'ttl', 'str', 'u']),
      () => {
        call(Op.SPop, ['big'], 1000, CallFlags.HasCount);
        call(Op.SPop, ['words'], 1000, CallFlags.HasCount);
        call(Op.SRem, ['small', '1', '3', '5']);
        engine.del(['ttl', 'str', 'u']);
      },
      () => engine.flushall(),
    ];
    for (const empty of ways) {
      // The first round sizes the reply tape and scratch regions, which stay between commands.
      work();
      empty();
      const used = engine.memory().used;
      for (let round = 0; round < 3; round++) {
        work();
        empty();
        expect(engine.dbsize()).toBe(0);
        expect(engine.memory().used).toBe(used);
      }
    }
  });

  it('reports MEMORY USAGE from the blocks a set holds', () => {
    const engine = make();
    const call = caller(engine);
    call(Op.SAdd, ['narrow', ...range(0, 100)]);
    call(Op.SAdd, ['wide', ...range(0, 99), '9000000000']);
    const narrow = engine.memoryUsage('narrow') as number;
    // Both keys' leaves are alike; 100 members of 8 bytes instead of 2.
    expect(engine.memoryUsage('wide')).toBe(narrow + 100 * 6 - 4);
    call(Op.SAdd, ['table', ...range(0, 100).map((i) => `m${i}`)]);
    expect(engine.memoryUsage('table')).toBeGreaterThan(narrow * 4);
  });

  it('fails a write that cannot get memory with OOM and changes nothing, then goes on', () => {
    const engine = make({ maxMemoryPages: 48 });
    const call = caller(engine);
    fill(engine);
    // Grow the reply tape while memory is free, so reading the state stays possible when it is not.
    call(Op.SAdd, ['warm', ...range(0, 40_000)]);
    call(Op.SMembers, ['warm']);
    engine.del(['warm']);
    let failures = 0;
    for (let i = 0; i < 400 && failures < 5; i++) {
      const before = state(engine);
      const members = range(0, 500).map((j) => `member:${i}:${j}:${'x'.repeat(40)}`);
      const write = [
        () => call(Op.SAdd, [`k${i}`, ...members]),
        () => call(Op.SUnionStore, [`u${i}`, 'big', `k${i - 1}`, 'words']),
        () => call(Op.SAdd, ['big', ...members]),
      ][i % 3];
      try {
        write();
      } catch (error) {
        expect(error).toBeInstanceOf(OutOfMemoryError);
        expect(state(engine)).toEqual(before);
        failures++;
      }
    }
    expect(failures).toBeGreaterThan(0);
    engine.flushall();
    expect(call(Op.SAdd, ['after', 'a', '1'])).toBe(2);
  });
});

describe('set snapshot', () => {
  it('writes SADD key member ... in batches of 64, then PEXPIREAT, and replays to the same sets', () => {
    const engine = make();
    fill(engine);
    const snapshot = engine.snapshot();
    const commands: string[][] = [];
    for (let chunk = snapshot.next(1 << 12); chunk !== null; chunk = snapshot.next(1 << 12)) {
      for (const command of decodeCommands(chunk)) commands.push(command.map((arg) => Buffer.from(arg).toString('latin1')));
    }
    snapshot.close();
    const big = commands.filter((command) => command[1] === 'big');
    expect(big.map((command) => command.length - 2)).toEqual([...Array(10).fill(64), 60]);
    expect(commands.find((command) => command[1] === 'small')).toEqual(['SADD', 'small', '1', '3', '5']);
    expect(commands.filter((command) => command[1] === 'ttl').map((command) => command[0])).toEqual(['SADD', 'PEXPIREAT']);
    const target = make();
    for (const [name, key, ...rest] of commands) {
      if (name === 'SADD') target.call(Op.SAdd, [key, ...rest], As.String);
      else if (name === 'SET') target.set(key, rest[0], 0, 0, As.String);
      else target.expire(key, Number(rest[0]), 0);
    }
    expect(state(target)).toEqual(state(engine));
  });
});
