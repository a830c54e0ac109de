/**
 * INFO and MEMORY: the report's format and section selection, its figures
 * against each engine's own state, MEMORY USAGE and MEMORY's errors, and the
 * stats counters (total_commands_processed, keyspace_hits, keyspace_misses)
 * against redis-server over random command sequences.
 *
 * Figures that are each side's own (bytes, uptime) are checked in shape
 * against Redis and in their relations on each engine: memory grows with
 * data and falls with it, rss is at least used, MEMORY USAGE grows with the
 * value. Everything else is exact.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { DB } from '../src/db.js';
import { humanBytes, twoDecimals } from '../src/engine/info.js';
import { VERSION } from '../src/version.js';
import { collectionCommandArb, commandArb, KEYS, WALL_CLOCK, type Command } from './support/arbitraries.js';
import { INFO, MEMORY_FIELDS, NUMBER, parseInfo, STATS_FIELDS } from './cases/info.js';
import { defineCases, runOnDb, runOnRedis, show } from './support/cases.js';
import { describeEngines, loadOpen, openEngine } from './support/engines.js';
import { describeRedis } from './support/redis-server.js';

// ---------------------------------------------------------------------------
// Cases (cases/info.ts): both engines and redis-server
// ---------------------------------------------------------------------------

defineCases(...INFO);

// ---------------------------------------------------------------------------
// Each engine's figures
// ---------------------------------------------------------------------------

/** The fields of one section of `db.info(section)`. */
function section(db: DB, name: string): Map<string, string> {
  const parsed = parseInfo(db.info(name));
  const fields = parsed?.values().next().value;
  if (fields === undefined) throw new Error(`no ${name} section in ${JSON.stringify(db.info(name))}`);
  return fields;
}

function numberField(fields: Map<string, string>, name: string): number {
  const value = fields.get(name);
  if (value === undefined || !NUMBER.test(value)) throw new Error(`${name} is ${value}`);
  return Number(value);
}

interface MemoryFigures {
  used: number;
  rss: number;
  peak: number;
}

/** INFO memory's figures, after checking that each human form and the ratio agree with them. */
function memoryOf(db: DB): MemoryFigures {
  const fields = section(db, 'memory');
  const figures = { used: numberField(fields, 'used_memory'), rss: numberField(fields, 'used_memory_rss'), peak: numberField(fields, 'used_memory_peak') };
  expect(fields.get('used_memory_human')).toBe(humanBytes(figures.used));
  expect(fields.get('used_memory_rss_human')).toBe(humanBytes(figures.rss));
  expect(fields.get('used_memory_peak_human')).toBe(humanBytes(figures.peak));
  // An empty TS engine estimates 0 bytes used; INFO then prints a ratio of 0.00.
  expect(fields.get('mem_fragmentation_ratio')).toBe(figures.used === 0 ? '0.00' : twoDecimals(figures.rss, figures.used));
  return figures;
}

interface StatsFigures {
  commands: number;
  hits: number;
  misses: number;
}

/** The counters of an INFO stats reply (flashkv's or Redis's). */
function statsFromText(text: unknown): StatsFigures {
  const fields = parseInfo(text)?.get('Stats');
  if (fields === undefined) throw new Error(`no stats section in ${JSON.stringify(text)}`);
  return { commands: numberField(fields, 'total_commands_processed'), hits: numberField(fields, 'keyspace_hits'), misses: numberField(fields, 'keyspace_misses') };
}

function statsOf(db: DB): StatsFigures {
  return statsFromText(db.info('stats'));
}

describeEngines('INFO', (suite) => {
  it('reports exactly the server, memory, stats and keyspace sections, with these fields', () => {
    const { db } = suite;
    db.set('k', 'v');
    const parsed = parseInfo(db.info());
    expect(parsed).not.toBeNull();
    const fieldNames = Object.fromEntries([...parsed!].map(([title, fields]) => [title, [...fields.keys()]]));
    expect(fieldNames).toEqual({
      Server: ['redis_version', 'redis_mode', 'flashkv_version', 'flashkv_engine', 'uptime_in_seconds', 'uptime_in_days'],
      Memory: Object.keys(MEMORY_FIELDS),
      Stats: Object.keys(STATS_FIELDS),
      Keyspace: ['db0'],
    });
    const server = parsed!.get('Server')!;
    expect(server.get('redis_version')).toBe('7.0.15');
    expect(server.get('redis_mode')).toBe('standalone');
    expect(server.get('flashkv_version')).toBe(VERSION);
    expect(server.get('flashkv_engine')).toBe(suite.engine);
    for (const name of ['default', 'all', 'everything', 'ALL']) expect(parseInfo(db.info(name))!.keys()).toEqual(parsed!.keys());
    expect(db.info('keyspace', 'server')).toBe(db.call('INFO', 'keyspace', 'server'));
  });

  it('flashkv_version is package.json\'s version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });

  it('uptime counts whole seconds and days since open()', () => {
    const start = Date.UTC(2026, 0, 1);
    vi.useFakeTimers({ now: start, toFake: ['Date'] });
    try {
      const db = suite.open({ activeExpiry: false });
      expect(section(db, 'server').get('uptime_in_seconds')).toBe('0');
      vi.setSystemTime(start + 90_061_999);
      const server = section(db, 'server');
      expect([server.get('uptime_in_seconds'), server.get('uptime_in_days')]).toEqual(['90061', '1']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('used_memory grows as keys are added and falls after DEL and FLUSHALL; the peak stays', () => {
    const db = suite.open();
    const empty = memoryOf(db);
    for (let i = 0; i < 2000; i++) db.set(`key:${i}`, 'x'.repeat(100));
    const full = memoryOf(db);
    expect(full.used - empty.used).toBeGreaterThan(2000 * 100);
    expect(full.peak).toBeGreaterThanOrEqual(full.used);
    for (let i = 0; i < 1000; i++) db.del(`key:${i}`);
    const half = memoryOf(db);
    expect(half.used).toBeLessThan(full.used - 1000 * 100);
    db.flushall();
    const flushed = memoryOf(db);
    expect(flushed.used).toBeLessThan(half.used);
    expect(flushed.used - empty.used).toBeLessThan((full.used - empty.used) / 10);
    expect(flushed.peak).toBeGreaterThanOrEqual(full.used);
    for (const figures of [empty, full, half, flushed]) {
      // The TS engine reserves nothing of its own: its rss is its estimate.
      if (suite.engine === 'ts') expect(figures.rss).toBe(figures.used);
      else expect(figures.rss).toBeGreaterThanOrEqual(figures.used);
    }
  });

  it('keyspace counts keys that expired but were not reclaimed yet, as DBSIZE and Redis do', () => {
    const start = Date.UTC(2026, 0, 1);
    vi.useFakeTimers({ now: start, toFake: ['Date'] });
    try {
      const db = suite.open({ activeExpiry: false });
      db.mset('a', '1', 'b', '2', 'c', '3');
      db.pexpire('a', 10);
      db.pexpire('b', 10);
      expect(db.info('keyspace')).toBe('# Keyspace\r\ndb0:keys=3,expires=2,avg_ttl=0\r\n');
      vi.setSystemTime(start + 100);
      expect(db.info('keyspace')).toBe('# Keyspace\r\ndb0:keys=3,expires=2,avg_ttl=0\r\n');
      expect(db.get('a')).toBeNull();
      expect(db.info('keyspace')).toBe('# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=0\r\n');
      expect(db.dbsize()).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('formats byte counts as Redis does, rounding ties to even as printf does', () => {
    const cases: [number, string][] = [
      [0, '0B'], [1023, '1023B'], [1024, '1.00K'], [1152, '1.12K'], [1153, '1.13K'], [3712, '3.62K'], [393216, '384.00K'],
      [1048575, '1024.00K'], [1048576, '1.00M'], [1101005, '1.05M'], [1610612736, '1.50G'], [2 ** 40, '1.00T'], [2 ** 50, '1.00P'],
    ];
    expect(cases.map(([bytes]) => humanBytes(bytes))).toEqual(cases.map(([, text]) => text));
    expect([twoDecimals(1, 1), twoDecimals(2, 3), twoDecimals(1, 8), twoDecimals(3, 8), twoDecimals(1048576, 26844)]).toEqual(['1.00', '0.67', '0.12', '0.38', '39.06']);
  });
});

// ---------------------------------------------------------------------------
// MEMORY USAGE on each engine
// ---------------------------------------------------------------------------

describeEngines('MEMORY USAGE', (suite) => {
  it('grows with the value, by about its size', () => {
    const { db } = suite;
    const usage = (size: number): number => {
      db.set('k', 'x'.repeat(size));
      return db.memoryUsage('k')!;
    };
    const [small, medium, large] = [usage(10), usage(1000), usage(100_000)];
    expect(small).toBeGreaterThan(10);
    expect(medium).toBeGreaterThan(small);
    expect(large).toBeGreaterThan(medium);
    expect(large).toBeGreaterThanOrEqual(100_000);
    // Size classes round a block up by at most an eighth (wasm); V8 strings by 8 bytes (ts).
    expect(large).toBeLessThan(100_000 * 1.125 + 256);
  });

  it('counts the expiry, answers null for a missing key, and agrees with db.call', () => {
    const { db } = suite;
    db.set('plain', 'value');
    db.set('timed', 'value', 'EX', 100);
    expect(db.memoryUsage('timed')).toBeGreaterThan(db.memoryUsage('plain')!);
    expect(db.memoryUsage('missing')).toBeNull();
    expect(db.call('MEMORY', 'USAGE', 'timed')).toBe(db.memoryUsage('timed'));
    expect(db.memory('USAGE', 'plain', 'SAMPLES', 0)).toBe(db.memoryUsage('plain'));
    expect(db.memoryUsage(new TextEncoder().encode('plain'))).toBe(db.memoryUsage('plain'));
    expect(db.callBuffer('MEMORY', 'USAGE', 'plain')).toBe(db.memoryUsage('plain'));
  });

  it('reports a key that expired but was not reclaimed, and reclaims nothing, as Redis does', () => {
    const start = Date.UTC(2026, 0, 1);
    vi.useFakeTimers({ now: start, toFake: ['Date'] });
    try {
      const db = suite.open({ activeExpiry: false });
      db.set('k', 'v', 'PX', 10);
      const before = db.memoryUsage('k');
      vi.setSystemTime(start + 100);
      expect(db.memoryUsage('k')).toBe(before);
      expect(db.dbsize()).toBe(1);
      expect(db.get('k')).toBeNull();
      expect(db.memoryUsage('k')).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('runs in view(), being read-only', () => {
    const { db } = suite;
    db.set('k', 'v');
    expect(db.view((tx) => tx.memoryUsage('k'))).toBe(db.memoryUsage('k'));
    expect(db.view((tx) => tx.memory('HELP').length)).toBeGreaterThan(0);
    expect(db.view((tx) => tx.info('keyspace'))).toBe(db.info('keyspace'));
  });
});

// ---------------------------------------------------------------------------
// Stats on each engine
// ---------------------------------------------------------------------------

describeEngines('INFO stats', (suite) => {
  it('counts the direct methods as db.call counts the same commands', () => {
    const a = suite.open();
    const b = suite.open();
    a.get('x');
    a.set('x', '1');
    a.get('x');
    a.getBuffer('x');
    a.incr('x');
    a.decr('x');
    for (const cmd of [['GET', 'x'], ['SET', 'x', '1'], ['GET', 'x'], ['GET', 'x'], ['INCR', 'x'], ['DECR', 'x']]) b.call(cmd[0], ...cmd.slice(1));
    const [fromMethods, fromCall] = [statsOf(a), statsOf(b)];
    expect(fromMethods).toEqual({ commands: 6, hits: 2, misses: 1 });
    expect(fromCall).toEqual(fromMethods);
  });

  it('does not count commands refused before they run, and counts those that fail while running', () => {
    const db = suite.open();
    const refused: (() => unknown)[] = [
      () => db.call('NOSUCHCOMMAND'),
      () => db.call('GET'),
      () => db.call('MEMORY', 'NOPE'),
      () => db.call('MEMORY', 'USAGE'),
      () => (db.get as (key: unknown) => unknown)(undefined),
      () => db.view((tx) => tx.set('k', 'v')),
    ];
    for (const call of refused) expect(call).toThrow();
    expect(statsOf(db)).toEqual({ commands: 0, hits: 0, misses: 0 });
    expect(() => db.set('k', 'v', 'EX', 0)).toThrow('invalid expire time');
    expect(() => db.call('GETEX', 'nokey', 'EX', 'abc')).not.toThrow();
    expect(() => db.call('MEMORY', 'USAGE', 'k', 'SAMPLES', '-1')).toThrow('syntax error');
    // The first INFO was counted once it had replied, as Redis counts it.
    expect(statsOf(db)).toEqual({ commands: 4, hits: 0, misses: 1 });
  });

  it('counts the commands of a transaction, and a rollback does not take them back', async () => {
    const db = suite.open();
    await db.update((tx) => {
      tx.set('k', 'v');
      tx.get('k');
    });
    await expect(
      db.update((tx) => {
        tx.get('nokey');
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    db.view((tx) => tx.exists('k', 'nokey'));
    expect(statsOf(db)).toEqual({ commands: 4, hits: 2, misses: 2 });
  });

  it('counts a hit for each key SCAN TYPE checks the type of, as Redis 7.0 does', () => {
    const db = suite.open();
    db.mset('a', '1', 'b', '2', 'kk', '3');
    db.scan(0, 'TYPE', 'string');
    db.scan(0, 'MATCH', 'k*', 'TYPE', 'hash');
    db.scan(0, 'MATCH', 'k*');
    expect(db.scan(0, 'TYPE', 'nosuchtype')).toEqual(['0', []]);
    expect(statsOf(db)).toEqual({ commands: 5, hits: 7, misses: 0 });
  });
});

// ---------------------------------------------------------------------------
// Stats against redis-server
// ---------------------------------------------------------------------------

/**
 * Random sequences over the differential tests' commands plus MEMORY USAGE,
 * INFO and commands Redis refuses (unknown, wrong arity, unknown
 * subcommand). SCAN gets COUNT 1000 so one call examines every key on both
 * sides: flashkv's cursor examines exactly COUNT keys and Redis's about
 * COUNT buckets, so with SCAN TYPE the lookups per call would differ.
 */
const statsCommand: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: commandArb(WALL_CLOCK).map((cmd) => (cmd[0] === 'SCAN' ? ['SCAN', '0', 'COUNT', '1000', ...cmd.slice(4)] : cmd)), weight: 12 },
  fc.constantFrom(...KEYS).map((key): Command => ['MEMORY', 'USAGE', key]),
  fc.constantFrom<Command>(['INFO', 'keyspace'], ['GET'], ['NOSUCHCOMMAND', 'a'], ['MEMORY', 'NOPE'], ['MEMORY', 'USAGE'], ['SCAN', '0', 'COUNT', '1000', 'TYPE', 'nosuchtype']),
);

interface StatsSide {
  name: string;
  flush(): Promise<unknown> | unknown;
  run(cmd: Command): Promise<unknown> | unknown;
  stats(): Promise<StatsFigures> | StatsFigures;
}

describeRedis('INFO stats agree with redis-server', (redis) => {
  let wasm: DB;
  let ts: DB;

  beforeAll(async () => {
    await loadOpen();
    wasm = openEngine('wasm');
    ts = openEngine('ts');
  });

  afterAll(() => {
    wasm?.close();
    ts?.close();
  });

  /** Runs `cmds` from an empty keyspace on every side; each side's counters must move as Redis's do. */
  async function expectSameStats(cmds: readonly Command[]): Promise<void> {
    const dbSide = (name: string, db: DB): StatsSide => ({ name, flush: () => db.flushall(), run: (cmd) => runOnDb(db, cmd), stats: () => statsOf(db) });
    const sides: StatsSide[] = [
      { name: 'redis', flush: () => redis.client.call('FLUSHALL'), run: (cmd) => runOnRedis(redis.client, cmd), stats: async () => statsFromText(await redis.client.call('INFO', 'stats')) },
      dbSide('wasm', wasm),
      dbSide('ts', ts),
    ];
    const deltas: StatsFigures[] = [];
    for (const side of sides) {
      await side.flush();
      const before = await side.stats();
      for (const cmd of cmds) await side.run(cmd);
      const after = await side.stats();
      deltas.push({ commands: after.commands - before.commands, hits: after.hits - before.hits, misses: after.misses - before.misses });
    }
    for (let s = 1; s < sides.length; s++) {
      expect(deltas[s], `${sides[s].name} vs redis over:\n${cmds.map(show).join('\n')}`).toEqual(deltas[0]);
    }
  }

  it("reads whose reply is the same for a missing key and a present one count as Redis's do", async () => {
    const empty: Command = ['SET', 'k', ''];
    for (const cmds of [
      [empty, ['STRLEN', 'k'], ['STRLEN', 'nokey']],
      [empty, ['GETRANGE', 'k', '0', '-1'], ['GETRANGE', 'nokey', '0', '-1'], ['GETRANGE', 'k', 'x', '1']],
      [['SET', 'k', 'v'], ['GETRANGE', 'k', '5', '9']],
      [empty, ['MGET', 'k', 'nokey', 'k']],
      [['SET', 'k', 'v'], ['SET', 'd', 'w'], ['COPY', 'k', 'd'], ['COPY', 'nokey', 'e'], ['COPY', 'k', 'k'], ['COPY', 'k', 'f']],
      [['SET', 'k', 'v'], ['GETEX', 'k', 'EX', 'abc'], ['GETEX', 'nokey', 'EX', 'abc'], ['GETEX', 'k', 'PERSIST'], ['GETEX', 'nokey']],
      [['SET', 'k', 'v', 'GET'], ['SET', 'k', 'w', 'GET'], ['SET', 'k', 'x', 'NX', 'GET'], ['SET', 'j', 'x', 'XX', 'GET'], ['SET', 'k', 'v', 'EX', '0', 'GET']],
      [['GETSET', 'k', 'v'], ['GETSET', 'k', 'w'], ['GETDEL', 'k'], ['GETDEL', 'k']],
      [['SET', 'k', 'v'], ['TTL', 'k'], ['PTTL', 'nokey'], ['EXPIRETIME', 'k'], ['PEXPIRETIME', 'nokey'], ['TYPE', 'k'], ['TYPE', 'nokey'], ['EXISTS', 'k', 'nokey', 'k']],
      [['SET', 'k', 'v'], ['MEMORY', 'USAGE', 'k'], ['MEMORY', 'USAGE', 'nokey'], ['INCR', 'n'], ['APPEND', 'k', 'x'], ['DEL', 'k'], ['KEYS', '*'], ['RANDOMKEY'], ['DBSIZE']],
      [['MSET', 'a', '1', 'b', '2', 'kk', '3'], ['SCAN', '0', 'TYPE', 'string'], ['SCAN', '0', 'MATCH', 'k*', 'TYPE', 'hash'], ['SCAN', '0', 'TYPE', 'nosuchtype'], ['SCAN', '0']],
      [['GET'], ['NOSUCHCOMMAND'], ['MEMORY', 'NOPE'], ['MEMORY', 'USAGE'], ['MEMORY'], ['INFO', 'stats'], ['INFO']],
    ] as Command[][]) {
      await expectSameStats(cmds);
    }
  });

  it("hash and set reads count as Redis's do: a lookup per key read, the multi-key reads up to a key of another type", async () => {
    for (const cmds of [
      [['HSET', 'h', 'a', '1'], ['HGET', 'h', 'a'], ['HGET', 'h', 'x'], ['HGET', 'nokey', 'a'], ['HMGET', 'h', 'x', 'y'], ['HMGET', 'nokey', 'a'], ['HEXISTS', 'h', 'x'], ['HSTRLEN', 'h', 'x'], ['HLEN', 'nokey'], ['HKEYS', 'h'], ['HVALS', 'nokey'], ['HGETALL', 'h']],
      [['HSET', 'h', 'a', '1'], ['HRANDFIELD', 'h'], ['HRANDFIELD', 'nokey'], ['HRANDFIELD', 'h', '0'], ['HRANDFIELD', 'nokey', '2'], ['HRANDFIELD', 'h', 'x'], ['HSCAN', 'h', '0'], ['HSCAN', 'nokey', '0'], ['HSCAN', 'nokey', 'x']],
      [['SET', 'str', 'v'], ['HGET', 'str', 'a'], ['HLEN', 'str'], ['SCARD', 'str'], ['SMEMBERS', 'str'], ['HSCAN', 'str', '0'], ['SRANDMEMBER', 'str', '2']],
      [['HSET', 'h', 'a', '1'], ['HINCRBY', 'h', 'n', '1'], ['HINCRBYFLOAT', 'h', 'f', '1.5'], ['HSETNX', 'h', 'a', '2'], ['HDEL', 'h', 'a'], ['HMSET', 'h', 'b', '2']],
      [['SADD', 's', 'a'], ['SISMEMBER', 's', 'x'], ['SISMEMBER', 'nokey', 'a'], ['SMISMEMBER', 's', 'x'], ['SCARD', 's'], ['SMEMBERS', 'nokey'], ['SRANDMEMBER', 's'], ['SRANDMEMBER', 's', '0'], ['SRANDMEMBER', 'nokey', '3'], ['SSCAN', 's', '0'], ['SPOP', 'nokey'], ['SREM', 's', 'x'], ['SMOVE', 's', 't', 'a']],
      [['SADD', 'a', '1'], ['SET', 'str', 'v'], ['SUNION', 'a', 'nokey', 'a'], ['SINTER', 'nokey', 'a'], ['SDIFF', 'a', 'str', 'nokey'], ['SINTER', 'nokey', 'str', 'a'], ['SINTERCARD', '2', 'a', 'nokey'], ['SINTERCARD', '2', 'str', 'a'], ['SUNIONSTORE', 'd', 'a', 'nokey'], ['SINTERSTORE', 'd', 'a', 'str']],
      [['HSET', 'h', 'a', '1'], ['OBJECT', 'ENCODING', 'h'], ['OBJECT', 'ENCODING', 'nokey'], ['TYPE', 'h'], ['EXISTS', 'h', 'nokey']],
    ] as Command[][]) {
      await expectSameStats(cmds);
    }
  });

  it("hash and set commands move the counters as Redis's do over random sequences", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(collectionCommandArb(), { minLength: 1, maxLength: 30 }), expectSameStats),
      { numRuns: Number(process.env.FLASHKV_DIFF_RUNS ?? 150) / 3 },
    );
  });

  it("total_commands_processed, keyspace_hits and keyspace_misses move as Redis's do over random sequences", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(statsCommand, { minLength: 1, maxLength: 30 }), expectSameStats),
      { numRuns: Number(process.env.FLASHKV_DIFF_RUNS ?? 150) / 3 },
    );
  });
});
