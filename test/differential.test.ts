/**
 * Differential testing: random command sequences (fast-check) run step by
 * step through db.call on the wasm engine, the ts engine and, where
 * redis-server is installed, a real Redis; every reply must agree.
 *
 * What "agree" means per reply:
 * - errors compare by their exact text;
 * - TTL/PTTL/EXPIRETIME/PEXPIRETIME with a tolerance (the sides read the wall
 *   clock a few ms apart; absolute expiries still match exactly);
 * - KEYS as sets; SCAN, HSCAN and SSCAN are run to completion on each side
 *   (cursors are not comparable) and what they returned compared as sets;
 * - lists whose order is a hashtable's (SMEMBERS, SUNION, SINTER, SDIFF,
 *   SPOP with a count, HKEYS, HVALS) as sorted lists, HGETALL as a set of
 *   pairs; SRANDMEMBER and HRANDFIELD by what any draw must be (nil or a
 *   member, a list's length, distinct picks for a positive count); OBJECT
 *   ENCODING exactly for collections (strings are named by content, see
 *   canonical);
 * - RANDOMKEY: nil on both or a key that exists on its own side;
 * - MEMORY USAGE: nil on both or a byte count on both (each side counts its
 *   own layout);
 * - DBSIZE: Redis and flashkv may both still count keys that expired but were
 *   not reclaimed yet (Redis's active expiry runs on its own 10 Hz timer), so
 *   each side's DBSIZE must lie between its live key count (KEYS *, the same
 *   set on every side) and the size of the generator's keyspace.
 * The generator keeps everything else deterministic (see support/arbitraries.ts).
 *
 * A failure prints the shrunk sequence, the step and the three replies;
 * replay it with the seed fast-check prints.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DB } from '../src/db.js';
import { runOnDb, runOnRedis, show, type Outcome } from './support/cases.js';
import { collectionCommandArb, commandArb, CONTROLLED_CLOCK, CONTROLLED_START, KEYS, WALL_CLOCK, type Command } from './support/arbitraries.js';
import { DEFAULT_ENCODING_LIMITS } from '../src/engine/engine.js';
import { loadOpen, openEngine } from './support/engines.js';
import { redisAvailable, redisSkipReason, RedisServer, type RedisClient } from './support/redis-server.js';

/** Runs per property: sized so the file finishes in a few seconds on 2 cores. */
const NUM_RUNS = Number(process.env.FLASHKV_DIFF_RUNS ?? 150);
const MAX_COMMANDS = 40;

/** A side of the comparison: runs one command (SCAN to completion) and says whether a key exists. */
interface Side {
  name: string;
  flush(): Promise<void> | void;
  run(cmd: Command): Promise<Outcome> | Outcome;
  exists(key: string): Promise<boolean> | boolean;
  /** The live keys, sorted. */
  live(): Promise<string[]> | string[];
}

function dbSide(name: string, db: DB): Side {
  return {
    name,
    flush: () => void db.flushall(),
    run: (cmd) => (SCANS.has(cmd[0]) ? scanToEnd((c) => runOnDb(db, c), cmd) : runOnDb(db, cmd)),
    exists: (key) => db.exists(key) === 1,
    live: () => db.keys('*').sort(),
  };
}

function redisSide(client: RedisClient): Side {
  return {
    name: 'redis',
    flush: async () => void (await client.call('FLUSHALL')),
    run: (cmd) => (SCANS.has(cmd[0]) ? scanToEnd((c) => runOnRedis(client, c), cmd) : runOnRedis(client, cmd)),
    exists: async (key) => (await client.call('EXISTS', key)) === 1,
    live: async () => ((await client.call('KEYS', '*')) as string[]).sort(),
  };
}

/** The scans run to completion, and where their cursor sits (after the key for HSCAN and SSCAN). */
const SCANS = new Set(['SCAN', 'HSCAN', 'SSCAN']);

/**
 * A scan from cursor 0 until it returns 0; the reply is the sorted,
 * deduplicated set of what it returned (keys, members, or HSCAN's field and
 * value pairs), or the first error.
 */
async function scanToEnd(run: (cmd: Command) => Outcome | Promise<Outcome>, cmd: Command): Promise<Outcome> {
  const at = cmd[0] === 'SCAN' ? 1 : 2;
  const width = cmd[0] === 'HSCAN' ? 2 : 1;
  const items = new Set<string>();
  let cursor = '0';
  for (let steps = 0; steps < 10_000; steps++) {
    const reply = await run([...cmd.slice(0, at), cursor, ...cmd.slice(at + 1)]);
    if (!Array.isArray(reply)) return reply;
    const batch = reply[1] as string[];
    for (let i = 0; i < batch.length; i += width) items.add(width === 1 ? batch[i] : JSON.stringify(batch.slice(i, i + width)));
    cursor = reply[0] as string;
    if (cursor === '0') return [cmd[0], [...items].sort()];
  }
  throw new Error(`${cmd[0]} did not finish: ${show(cmd)}`);
}

/** Replies whose order is each side's own (a hashtable's): compared sorted. */
const UNORDERED = new Set(['SMEMBERS', 'SUNION', 'SINTER', 'SDIFF', 'SPOP', 'HKEYS', 'HVALS']);

/** The commands {@link canonical} knows. */
const COLLECTION_COMMANDS = new Set([...UNORDERED, 'HGETALL', 'SRANDMEMBER', 'HRANDFIELD', 'OBJECT']);

/**
 * A hash or set command's outcome in a form every correct side shares:
 * unordered lists sorted, HGETALL's pairs sorted as pairs, and the random
 * draws (SRANDMEMBER, HRANDFIELD) reduced to what they must be: nil or a
 * member, and a list's length (with whether its picks are distinct, for a
 * positive count).
 */
function canonical(cmd: Command, outcome: Outcome): Outcome {
  const name = cmd[0];
  // A string's encoding is named by its content (Engine.encoding), while
  // Redis also remembers how it was written (APPEND and SETRANGE leave
  // 'raw'): only the collection encodings are compared.
  if (name === 'OBJECT') return outcome === 'int' || outcome === 'embstr' || outcome === 'raw' ? 'a string encoding' : outcome;
  if (!Array.isArray(outcome) && !(name === 'SRANDMEMBER' || name === 'HRANDFIELD')) return outcome;
  if (UNORDERED.has(name)) return [...(outcome as string[])].sort();
  if (name === 'HGETALL') {
    const items = outcome as string[];
    const pairs: string[] = [];
    for (let i = 0; i < items.length; i += 2) pairs.push(JSON.stringify([items[i], items[i + 1]]));
    return pairs.sort();
  }
  if (name === 'SRANDMEMBER' || name === 'HRANDFIELD') {
    if (outcome === null || typeof outcome === 'string') return outcome === null ? null : 'a member';
    if (!Array.isArray(outcome)) return outcome;
    const positive = Number(cmd[2]) > 0;
    const width = cmd[3] === undefined ? 1 : 2;
    const picks = new Set<string>();
    for (let i = 0; i < outcome.length; i += width) picks.add(JSON.stringify(outcome[i]));
    return [`${outcome.length} items`, positive ? `distinct: ${picks.size * width === outcome.length}` : 'repeats allowed'];
  }
  return outcome;
}

/** Tolerance for replies read from a moving clock, by command. */
const CLOCK_TOLERANCE: Record<string, number> = { TTL: 1, EXPIRETIME: 1, PTTL: 1000, PEXPIRETIME: 1000 };

/** Whether an outcome is an integer reply: a number, or a bigint beyond 2^53. */
function isTime(outcome: Outcome): outcome is number | bigint {
  return typeof outcome === 'number' || typeof outcome === 'bigint';
}

/** Whether two outcomes of `cmd` agree, under the rules in the module comment; `sameClock` compares times exactly. */
async function agree(cmd: Command, a: Outcome, b: Outcome, sideA: Side, sideB: Side, sameClock = false): Promise<boolean> {
  const name = cmd[0];
  const tolerance = sameClock ? undefined : CLOCK_TOLERANCE[name];
  if (tolerance !== undefined && isTime(a) && isTime(b) && a >= 0 && b >= 0) {
    // BigInt, because a time can be beyond 2^53 (an expiry set near 2^63 ms).
    const gap = BigInt(a) - BigInt(b);
    return (gap < 0n ? -gap : gap) <= BigInt(tolerance);
  }
  if (name === 'KEYS' && Array.isArray(a) && Array.isArray(b)) {
    return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
  }
  if (name === 'DBSIZE' && typeof a === 'number' && typeof b === 'number') {
    const [liveA, liveB] = [await sideA.live(), await sideB.live()];
    const plausible = (size: number, live: string[]) => size >= live.length && size <= KEYS.length;
    return JSON.stringify(liveA) === JSON.stringify(liveB) && plausible(a, liveA) && plausible(b, liveB);
  }
  if (name === 'MEMORY' && (typeof a === 'number' || typeof b === 'number')) {
    return typeof a === 'number' && typeof b === 'number' && a > 0 && b > 0;
  }
  if (COLLECTION_COMMANDS.has(name)) return sameOutcome(canonical(cmd, a), canonical(cmd, b));
  if (name === 'RANDOMKEY') {
    if (a === null || b === null) return a === b;
    return (await sideA.exists(String(a))) && (await sideB.exists(String(b)));
  }
  return sameOutcome(a, b);
}

function sameOutcome(a: unknown, b: unknown): boolean {
  if (typeof a === 'bigint' || typeof b === 'bigint') return typeof a === typeof b && a === b;
  if (a instanceof Uint8Array || b instanceof Uint8Array) return a instanceof Uint8Array && b instanceof Uint8Array && Buffer.from(a).equals(Buffer.from(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameOutcome(item, b[i]));
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') return (a as { error?: string }).error === (b as { error?: string }).error;
  return Object.is(a, b);
}

function describeOutcome(outcome: Outcome): string {
  return JSON.stringify(outcome, (_key, value: unknown) =>
    typeof value === 'bigint' ? `${value}n` : value instanceof Uint8Array ? `<${Buffer.from(value).toString('hex')}>` : value,
  );
}

/** Runs `commands` on every side in lockstep; throws at the first disagreement with the first side. */
async function runLockstep(sides: Side[], commands: Command[]): Promise<void> {
  for (const side of sides) await side.flush();
  const history: string[] = [];
  for (const [i, cmd] of commands.entries()) {
    const outcomes: Outcome[] = [];
    for (const side of sides) outcomes.push(await side.run(cmd));
    history.push(`${i + 1}. ${show(cmd)} -> ${describeOutcome(outcomes[0])}`);
    for (let s = 1; s < sides.length; s++) {
      if (!(await agree(cmd, outcomes[0], outcomes[s], sides[0], sides[s]))) {
        const replies = sides.map((side, j) => `  ${side.name}: ${describeOutcome(outcomes[j])}`).join('\n');
        throw new Error(`step ${i + 1} disagrees: ${show(cmd)}\n${replies}\nsequence:\n${history.join('\n')}`);
      }
    }
  }
}

const commands = fc.array(commandArb(WALL_CLOCK), { minLength: 1, maxLength: MAX_COMMANDS });

/** Binary keys (NUL, 0xff, invalid UTF-8) and random byte values, for the bytes-mode comparison. */
const BIN_KEYS = [[0x00], [0xff], [0x61, 0x00], [0x61], [0xc3, 0x28], [0x2a, 0xff]].map((bytes) => Uint8Array.from(bytes));
const BIN_PATTERNS = [[0x2a], [0xff, 0x2a], [0x3f], [0x61, 0x3f], [0x5b, 0x00, 0xff, 0x5d], [0x5c, 0x2a, 0x2a], [0x5b, 0x5e, 0x61, 0x5d, 0x2a]].map((bytes) => Uint8Array.from(bytes));
type BinCommand = (string | Uint8Array)[];
const binKey = fc.constantFrom(...BIN_KEYS);
const binValue = fc.oneof(fc.uint8Array({ maxLength: 6 }), fc.constantFrom(...['7', '-1', '2.5', '9223372036854775807'].map((text) => new TextEncoder().encode(text))));
const binCommandArb: fc.Arbitrary<BinCommand> = fc.oneof(
  { arbitrary: fc.tuple(binKey, binValue).map(([k, v]): BinCommand => ['SET', k, v]), weight: 4 },
  { arbitrary: binKey.map((k): BinCommand => ['GET', k]), weight: 3 },
  fc.tuple(binKey, binValue).map(([k, v]): BinCommand => ['APPEND', k, v]),
  fc.tuple(binKey, binValue).map(([k, v]): BinCommand => ['GETSET', k, v]),
  fc.tuple(binKey, binValue).map(([k, v]): BinCommand => ['SETNX', k, v]),
  binKey.map((k): BinCommand => ['GETDEL', k]),
  binKey.map((k): BinCommand => ['STRLEN', k]),
  fc.tuple(binKey, fc.integer({ min: -8, max: 8 }), fc.integer({ min: -8, max: 8 })).map(([k, a, b]): BinCommand => ['GETRANGE', k, String(a), String(b)]),
  fc.tuple(binKey, fc.integer({ min: 0, max: 8 }), binValue).map(([k, o, v]): BinCommand => ['SETRANGE', k, String(o), v]),
  fc.array(binKey, { minLength: 1, maxLength: 4 }).map((ks): BinCommand => ['MGET', ...ks]),
  fc.array(fc.tuple(binKey, binValue), { minLength: 1, maxLength: 3 }).map((pairs): BinCommand => ['MSET', ...pairs.flat()]),
  fc.array(binKey, { minLength: 1, maxLength: 3 }).map((ks): BinCommand => ['DEL', ...ks]),
  fc.array(binKey, { minLength: 1, maxLength: 3 }).map((ks): BinCommand => ['EXISTS', ...ks]),
  fc.tuple(binKey, binKey).map(([a, b]): BinCommand => ['RENAME', a, b]),
  fc.tuple(binKey, binKey).map(([a, b]): BinCommand => ['COPY', a, b, 'REPLACE']),
  binKey.map((k): BinCommand => ['INCR', k]),
  binKey.map((k): BinCommand => ['INCRBYFLOAT', k, '1.5']),
  fc.constantFrom(...BIN_PATTERNS).map((p): BinCommand => ['KEYS', p]),
);

/** Runs a bytes-mode command; KEYS replies sorted bytewise, as Redis's order is its own. */
async function binOutcome(run: (cmd: BinCommand) => Outcome | Promise<Outcome>, cmd: BinCommand): Promise<Outcome> {
  const reply = await run(cmd);
  if (cmd[0] === 'KEYS' && Array.isArray(reply)) return [...(reply as Uint8Array[])].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
  return reply;
}

describe('differential: random command sequences', () => {
  let wasm: DB;
  let ts: DB;
  let server: RedisServer | undefined;
  let client: RedisClient | undefined;
  let bytesClient: RedisClient | undefined;

  beforeAll(async () => {
    await loadOpen();
    wasm = openEngine('wasm');
    ts = openEngine('ts');
    if (redisAvailable) {
      server = await RedisServer.start();
      client = await server.connect();
      bytesClient = await server.connect('bytes');
    }
  });

  afterAll(async () => {
    wasm?.close();
    ts?.close();
    client?.close();
    bytesClient?.close();
    await server?.stop();
  });

  it('the wasm and ts engines reply identically', async () => {
    await fc.assert(
      fc.asyncProperty(commands, (cmds) => runLockstep([dbSide('wasm', wasm), dbSide('ts', ts)], cmds)),
      { numRuns: NUM_RUNS * 2 },
    );
  });

  it.skipIf(!redisAvailable)(`both engines reply as redis-server does${redisSkipReason}`, async () => {
    await fc.assert(
      fc.asyncProperty(commands, (cmds) => runLockstep([redisSide(client!), dbSide('wasm', wasm), dbSide('ts', ts)], cmds)),
      { numRuns: NUM_RUNS },
    );
  });

  it('the wasm and ts engines reply identically on a clock that moves between commands', async () => {
    // Small relative expiries and time jumps, so keys expire mid-sequence and
    // every command meets lazily expired keys. Both engines see the same
    // instant for each command, so even TTLs must match exactly.
    const steps = fc.array(
      fc.oneof(
        { arbitrary: commandArb(CONTROLLED_CLOCK).map((cmd) => ({ cmd })), weight: 8 },
        { arbitrary: fc.constantFrom(1, 5, 20, 499, 500, 1000).map((advance) => ({ advance })), weight: 2 },
      ),
      { minLength: 1, maxLength: MAX_COMMANDS },
    );
    vi.useFakeTimers({ now: CONTROLLED_START, toFake: ['Date'] });
    const a = openEngine('wasm', { activeExpiry: false });
    const b = openEngine('ts', { activeExpiry: false });
    try {
      const sides = [dbSide('wasm', a), dbSide('ts', b)];
      await fc.assert(
        fc.asyncProperty(steps, async (plan) => {
          vi.setSystemTime(CONTROLLED_START);
          for (const side of sides) await side.flush();
          const history: string[] = [];
          for (const step of plan) {
            if ('advance' in step) {
              vi.setSystemTime(Date.now() + step.advance);
              history.push(`(+${step.advance} ms)`);
              continue;
            }
            const [x, y] = [await sides[0].run(step.cmd), await sides[1].run(step.cmd)];
            history.push(`${show(step.cmd)} -> ${describeOutcome(x)}`);
            const same = await agree(step.cmd, x, y, sides[0], sides[1], true);
            if (!same) throw new Error(`disagree: ${show(step.cmd)}\n  wasm: ${describeOutcome(x)}\n  ts: ${describeOutcome(y)}\nsequence:\n${history.join('\n')}`);
          }
        }),
        { numRuns: NUM_RUNS * 2 },
      );
    } finally {
      a.close();
      b.close();
      vi.useRealTimers();
    }
  });

  it.skipIf(!redisAvailable)(`binary keys and values: both engines reply as redis-server does, byte for byte${redisSkipReason}`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(binCommandArb, { minLength: 1, maxLength: MAX_COMMANDS }), async (cmds) => {
        await bytesClient!.call('FLUSHALL');
        wasm.flushall();
        ts.flushall();
        for (const [i, cmd] of cmds.entries()) {
          const expected = await binOutcome((c) => runOnRedis(bytesClient!, c), cmd);
          for (const db of [wasm, ts]) {
            const actual = await binOutcome((c) => runOnDb(db, c, true), cmd);
            if (!sameOutcome(actual, expected)) {
              throw new Error(`step ${i + 1} disagrees on the ${db.engine} engine: ${show(cmd)}\n  redis: ${describeOutcome(expected)}\n  ${db.engine}: ${describeOutcome(actual)}\nsequence: ${cmds.slice(0, i + 1).map(show).join(' ; ')}`);
            }
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it.skipIf(!redisAvailable)(`glob patterns match the same keys as redis-server's${redisSkipReason}`, async () => {
    // Keys and patterns over an alphabet of glob syntax, so brackets, ranges,
    // negation, escapes and stars meet each other in every arrangement.
    const alphabet = fc.constantFrom('a', 'b', 'x', '-', '[', ']', '^', '\\', '*', '?');
    const text = (min: number, max: number) => fc.array(alphabet, { minLength: min, maxLength: max }).map((chars) => chars.join(''));
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(text(1, 4), { minLength: 1, maxLength: 12 }), fc.array(text(0, 6), { minLength: 1, maxLength: 12 }), async (keys, patterns) => {
        await client!.call('FLUSHALL');
        await client!.call('MSET', ...keys.flatMap((key) => [key, '1']));
        for (const db of [wasm, ts]) {
          db.flushall();
          db.mset(...keys.flatMap((key) => [key, '1']));
        }
        for (const pattern of patterns) {
          const expected = ((await client!.call('KEYS', pattern)) as string[]).sort();
          for (const db of [wasm, ts]) {
            expect(db.keys(pattern).sort(), `KEYS ${JSON.stringify(pattern)} on the ${db.engine} engine over ${JSON.stringify(keys)}`).toEqual(expected);
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it.skipIf(!redisAvailable)(`INCRBYFLOAT computes and prints as redis-server does${redisSkipReason}`, async () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e30, max: 1e30 });
    const decimal = fc.oneof(
      finite.map(String),
      finite.map((x) => x.toExponential()),
      finite.map((x) => x.toExponential(3)),
      fc.tuple(fc.integer({ min: -99999, max: 99999 }), fc.integer({ min: 0, max: 999999 })).map(([i, f]) => `${i}.${f}`),
      fc.constantFrom('0', '-0', '1e-10', '0.1', '0.2', '-0.3', '1e17', '9007199254740993', '123456789012345678901234567890', '5e-324', '1.7976931348623157e308'),
    );
    await fc.assert(
      fc.asyncProperty(fc.option(decimal), fc.array(decimal, { minLength: 1, maxLength: 4 }), async (start, increments) => {
        await client!.call('DEL', 'f');
        for (const db of [wasm, ts]) db.del('f');
        const steps: Command[] = [...(start === null ? [] : [['SET', 'f', start]]), ...increments.map((inc) => ['INCRBYFLOAT', 'f', inc])];
        for (const cmd of steps) {
          const expected = await runOnRedis(client!, cmd);
          for (const db of [wasm, ts]) {
            expect(runOnDb(db, cmd), `${show(cmd)} on the ${db.engine} engine after ${steps.map(show).join(' ; ')}`).toEqual(expected);
          }
        }
      }),
      { numRuns: NUM_RUNS * 2 },
    );
  });

  /**
   * Hash and set commands, with encoding limits low enough that the
   * sequences convert listpacks and intsets to hashtables all the time (the
   * member 'long-member-past-the-limit' is past the value limit too).
   */
  const SMALL_LIMITS = { hashMaxListpackEntries: 4, hashMaxListpackValue: 8, setMaxIntsetEntries: 4 };
  const collectionCommands = fc.array(fc.oneof({ arbitrary: collectionCommandArb(), weight: 4 }, commandArb(WALL_CLOCK)), { minLength: 1, maxLength: MAX_COMMANDS });

  /** Runs `body` with the small limits on the engines (and on Redis, when there is one), putting the defaults back after. */
  async function withSmallLimits(body: () => Promise<void>): Promise<void> {
    for (const db of [wasm, ts]) db.setEncodingLimits(SMALL_LIMITS);
    await client?.call('CONFIG', 'SET', 'hash-max-listpack-entries', '4', 'hash-max-listpack-value', '8', 'set-max-intset-entries', '4');
    try {
      await body();
    } finally {
      for (const db of [wasm, ts]) db.setEncodingLimits(DEFAULT_ENCODING_LIMITS);
      await client?.call('CONFIG', 'SET', 'hash-max-listpack-entries', '512', 'hash-max-listpack-value', '64', 'set-max-intset-entries', '512');
    }
  }

  it('hash and set commands: the wasm and ts engines reply alike, unordered replies compared as sets', async () => {
    await withSmallLimits(() =>
      fc.assert(
        fc.asyncProperty(collectionCommands, (cmds) => runLockstep([dbSide('wasm', wasm), dbSide('ts', ts)], cmds)),
        { numRuns: NUM_RUNS * 2 },
      ),
    );
  });

  it.skipIf(!redisAvailable)(`hash and set commands: both engines reply as redis-server does, encodings included${redisSkipReason}`, async () => {
    await withSmallLimits(() =>
      fc.assert(
        fc.asyncProperty(collectionCommands, (cmds) => runLockstep([redisSide(client!), dbSide('wasm', wasm), dbSide('ts', ts)], cmds)),
        { numRuns: NUM_RUNS },
      ),
    );
  });

  it('the comparison itself catches a disagreement', async () => {
    const liar: Side = { name: 'liar', flush: () => {}, run: () => 'nope', exists: () => true, live: () => [] };
    await expect(runLockstep([dbSide('ts', ts), liar], [['SET', 'a', 'v']])).rejects.toThrow('step 1 disagrees: SET a v');
  });
});
