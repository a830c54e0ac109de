/**
 * fast-check arbitraries for random command sequences over a small keyspace.
 *
 * Eight keys (ASCII, non-ASCII, one that looks like a number) and a handful of
 * values (integers at the 64-bit edges, floats, non-ASCII text, the empty
 * string) make collisions likely, so sequences exercise overwrites, counters
 * on text, renames onto live keys and expiry conditions rather than a
 * sparse keyspace.
 *
 * Time: {@link commandArb} takes a {@link TimeModel}. Against real Redis both
 * sides read the wall clock, so relative expiries are large (they never fire
 * during a run) and GT/LT only ever compare absolute times far apart; against
 * engines on a controlled clock, relative expiries are small so they fire.
 */
import fc from 'fast-check';

export const KEYS = ['a', 'b', 'c', 'k1', 'k10', '10', 'é', 'ключ'] as const;

export const VALUES = [
  '',
  'v',
  'abc',
  'hello world',
  '0',
  '1',
  '-5',
  '42',
  '9223372036854775807',
  '-9223372036854775808',
  '9007199254740993',
  '1.5',
  '-0.25',
  '3.0e2',
  '0.1',
  'é',
  '𝄞x',
  '007',
] as const;

/** How expiry times are chosen; see the module comment. */
export interface TimeModel {
  /** Relative amounts for EX/SETEX/EXPIRE, in seconds. */
  seconds: readonly string[];
  /** Relative amounts for PX/PSETEX/PEXPIRE, in milliseconds. */
  milliseconds: readonly string[];
  /** Absolute times for EXAT/EXPIREAT, in seconds. */
  unixSeconds: readonly string[];
  /** Absolute times for PXAT/PEXPIREAT, in milliseconds. */
  unixMilliseconds: readonly string[];
  /** Whether GT/LT may be used with relative times (only when the clock stands still between sides). */
  compareRelative: boolean;
}

/** 2100-01-01, and a day later: far in the future, far apart. */
const FAR_S = 4102444800;
const FAR_MS = FAR_S * 1000;

/**
 * Absolute times at the edges of the 64-bit range, which the contract carries
 * as bigint: the largest seconds whose milliseconds fit, the largest and
 * smallest milliseconds, and both sides of 2^53 (where a double would round).
 */
const EDGE_S = ['9223372036854775'];
const EDGE_MS = ['9223372036854775807', '9007199254740993', '9007199254740991', '-9223372036854775808'];

/** Wall-clock model for comparing with real Redis. Zero and negative amounts are errors or deletes, never races. */
export const WALL_CLOCK: TimeModel = {
  seconds: ['1000', '5000', '0', '-1', 'x'],
  milliseconds: ['3000000', '9000000', '0', '-7'],
  unixSeconds: [String(FAR_S), String(FAR_S + 86400), '1', '0', ...EDGE_S],
  unixMilliseconds: [String(FAR_MS), String(FAR_MS + 1), String(FAR_MS + 86_400_000), '1', '-1', ...EDGE_MS],
  compareRelative: false,
};

/**
 * Model for engines on a clock the test moves (start `CONTROLLED_START`):
 * keys expire within a few steps, so lazy expiry and its DEL effects happen.
 */
export const CONTROLLED_START = Date.UTC(2026, 0, 1);
export const CONTROLLED_CLOCK: TimeModel = {
  seconds: ['1', '2', '0', '-1'],
  milliseconds: ['1', '5', '20', '1500', '0'],
  unixSeconds: [String(CONTROLLED_START / 1000 + 1), String(CONTROLLED_START / 1000 + 3), String(FAR_S), '1', ...EDGE_S],
  unixMilliseconds: [String(CONTROLLED_START + 10), String(CONTROLLED_START + 100), String(FAR_MS), '1', ...EDGE_MS],
  compareRelative: true,
};

/** A command as its argument words. */
export type Command = string[];

const pick = <T>(items: readonly T[]) => fc.constantFrom(...items);

/** Random commands over {@link KEYS} and {@link VALUES}, timed per `time`. */
export function commandArb(time: TimeModel): fc.Arbitrary<Command> {
  const key = pick(KEYS);
  const value = pick(VALUES);
  const keys = fc.array(key, { minLength: 1, maxLength: 4 });
  const pairs = fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 3 }).map((list) => list.flat());
  const smallInt = fc.integer({ min: -12, max: 12 }).map(String);
  const amount = pick(['1', '-1', '10', '-100', '9223372036854775807', '-9223372036854775808', 'abc', '1.5', '0']);
  const float = pick(['1', '0.1', '-2.5', '1e3', '3.0e-2', 'abc', '-0', '5e-1']);
  const pattern = pick(['*', 'k*', 'k?', '?', '[abc]', '[^a]*', '\\k*', 'é', 'k1*', '*0']);

  /** No expiry option, one of the four expiry options, or `last` (KEEPTTL for SET, PERSIST for GETEX). */
  const expiryOption = (last: string) =>
    fc.oneof(
      fc.constant<string[]>([]),
      pick(time.seconds).map((s) => ['EX', s]),
      pick(time.milliseconds).map((ms) => ['PX', ms]),
      pick(time.unixSeconds).map((s) => ['EXAT', s]),
      pick(time.unixMilliseconds).map((ms) => ['PXAT', ms]),
      fc.constant([last]),
    );
  // SET's options in any order; an expiry option stays next to its number.
  const setOptions = fc
    .tuple(pick([[], ['NX'], ['XX'], ['NX', 'XX']]), fc.boolean(), expiryOption('KEEPTTL'))
    .chain(([condition, get, expiry]) => fc.shuffledSubarray([...condition.map((o) => [o]), ...(get ? [['GET']] : []), ...(expiry.length > 0 ? [expiry] : [])]))
    .map((groups) => groups.flat());
  const getexOptions = expiryOption('PERSIST');
  const conditionOnly = pick([[], ['NX'], ['XX']]);
  const anyCondition = pick([[], ['NX'], ['XX'], ['GT'], ['LT'], ['XX', 'GT'], ['LT', 'XX'], ['NX', 'GT']]);
  const relativeCondition = time.compareRelative ? anyCondition : conditionOnly;

  return fc.oneof(
    { arbitrary: fc.tuple(key, value, setOptions).map(([k, v, o]) => ['SET', k, v, ...o]), weight: 8 },
    { arbitrary: key.map((k) => ['GET', k]), weight: 4 },
    fc.tuple(key, value).map(([k, v]) => ['GETSET', k, v]),
    key.map((k) => ['GETDEL', k]),
    fc.tuple(key, getexOptions).map(([k, o]) => ['GETEX', k, ...o]),
    fc.tuple(key, value).map(([k, v]) => ['SETNX', k, v]),
    fc.tuple(key, pick(time.seconds), value).map(([k, s, v]) => ['SETEX', k, s, v]),
    fc.tuple(key, pick(time.milliseconds), value).map(([k, ms, v]) => ['PSETEX', k, ms, v]),
    keys.map((ks) => ['MGET', ...ks]),
    pairs.map((p) => ['MSET', ...p]),
    pairs.map((p) => ['MSETNX', ...p]),
    { arbitrary: fc.tuple(key, value).map(([k, v]) => ['APPEND', k, v]), weight: 2 },
    key.map((k) => ['STRLEN', k]),
    fc.tuple(key, smallInt, smallInt).map(([k, s, e]) => ['GETRANGE', k, s, e]),
    fc.tuple(key, fc.integer({ min: -1, max: 12 }).map(String), value).map(([k, o, v]) => ['SETRANGE', k, o, v]),
    { arbitrary: key.map((k) => ['INCR', k]), weight: 2 },
    key.map((k) => ['DECR', k]),
    { arbitrary: fc.tuple(key, amount).map(([k, n]) => ['INCRBY', k, n]), weight: 2 },
    fc.tuple(key, amount).map(([k, n]) => ['DECRBY', k, n]),
    { arbitrary: fc.tuple(key, float).map(([k, f]) => ['INCRBYFLOAT', k, f]), weight: 2 },
    keys.map((ks) => ['DEL', ...ks]),
    keys.map((ks) => ['UNLINK', ...ks]),
    keys.map((ks) => ['EXISTS', ...ks]),
    key.map((k) => ['TYPE', k]),
    fc.tuple(key, key).map(([s, d]) => ['RENAME', s, d]),
    fc.tuple(key, key).map(([s, d]) => ['RENAMENX', s, d]),
    fc.tuple(key, key, pick([[], ['REPLACE'], ['DB', '0'], ['DB', '0', 'REPLACE']])).map(([s, d, o]) => ['COPY', s, d, ...o]),
    pattern.map((p) => ['KEYS', p]),
    fc.tuple(pick([[], ['MATCH', 'k*'], ['MATCH', '?'], ['TYPE', 'string'], ['TYPE', 'hash']]), pick(['1', '3', '100'])).map(([o, count]) => ['SCAN', '0', 'COUNT', count, ...o]),
    fc.constant<Command>(['DBSIZE']),
    fc.constant<Command>(['RANDOMKEY']),
    fc.tuple(key, pick(time.seconds), relativeCondition).map(([k, s, o]) => ['EXPIRE', k, s, ...o]),
    fc.tuple(key, pick(time.milliseconds), relativeCondition).map(([k, ms, o]) => ['PEXPIRE', k, ms, ...o]),
    fc.tuple(key, pick(time.unixSeconds), anyCondition).map(([k, s, o]) => ['EXPIREAT', k, s, ...o]),
    fc.tuple(key, pick(time.unixMilliseconds), anyCondition).map(([k, ms, o]) => ['PEXPIREAT', k, ms, ...o]),
    key.map((k) => ['TTL', k]),
    key.map((k) => ['PTTL', k]),
    key.map((k) => ['EXPIRETIME', k]),
    key.map((k) => ['PEXPIRETIME', k]),
    key.map((k) => ['PERSIST', k]),
    key.map((k) => ['MEMORY', 'USAGE', k]),
    { arbitrary: fc.constant<Command>(['FLUSHDB']), weight: 1 },
  );
}

/** Hash fields and set members: integers (intsets), words, the empty string, non-ASCII, and one longer than the test's value limit. */
export const MEMBERS = ['1', '2', '-3', '10', '9223372036854775807', 'f', 'g', 'word', '', 'é', '01', 'long-member-past-the-limit'] as const;

/**
 * Random hash and set commands over {@link KEYS}, with a few string and
 * keyspace commands among them so keys change type, move and expire.
 * Every reply is the same on any correct side, up to order, which
 * differential.test.ts compares as sets: the random draws that change data
 * are left out (SPOP takes a count of 0 or one past any set's size, which
 * pops nothing or everything), and SRANDMEMBER and HRANDFIELD are compared
 * by their shape.
 */
export function collectionCommandArb(): fc.Arbitrary<Command> {
  const key = pick(KEYS);
  const keys = fc.array(key, { minLength: 1, maxLength: 3 });
  const member = pick(MEMBERS);
  const members = fc.array(member, { minLength: 1, maxLength: 4 });
  const value = fc.oneof(pick(VALUES), member);
  const fieldValues = fc.array(fc.tuple(member, value), { minLength: 1, maxLength: 3 }).map((list) => list.flat());
  const count = pick(['-5', '-1', '0', '1', '2', '3', '100', 'x']);
  const scanOptions = fc.tuple(pick([[], ['MATCH', '*'], ['MATCH', '1*'], ['MATCH', '?']]), pick([[], ['COUNT', '1'], ['COUNT', '3']])).map(([m, c]) => [...m, ...c]);
  return fc.oneof(
    { arbitrary: fc.tuple(key, fieldValues).map(([k, p]) => ['HSET', k, ...p]), weight: 6 },
    fc.tuple(key, member, value).map(([k, f, v]) => ['HSETNX', k, f, v]),
    fc.tuple(key, fieldValues).map(([k, p]) => ['HMSET', k, ...p]),
    { arbitrary: fc.tuple(key, member).map(([k, f]) => ['HGET', k, f]), weight: 2 },
    fc.tuple(key, members).map(([k, fs]) => ['HMGET', k, ...fs]),
    { arbitrary: fc.tuple(key, members).map(([k, fs]) => ['HDEL', k, ...fs]), weight: 2 },
    fc.tuple(key, member).map(([k, f]) => ['HEXISTS', k, f]),
    key.map((k) => ['HLEN', k]),
    key.map((k) => ['HKEYS', k]),
    key.map((k) => ['HVALS', k]),
    { arbitrary: key.map((k) => ['HGETALL', k]), weight: 2 },
    fc.tuple(key, member, pick(['1', '-7', '9223372036854775807', 'x'])).map(([k, f, n]) => ['HINCRBY', k, f, n]),
    fc.tuple(key, member, pick(['1.5', '-0.25', '1e3', 'inf', 'x'])).map(([k, f, n]) => ['HINCRBYFLOAT', k, f, n]),
    fc.tuple(key, member).map(([k, f]) => ['HSTRLEN', k, f]),
    fc.tuple(key, fc.option(fc.tuple(count, fc.boolean()))).map(([k, c]) => (c === null ? ['HRANDFIELD', k] : ['HRANDFIELD', k, c[0], ...(c[1] ? ['WITHVALUES'] : [])])),
    fc.tuple(key, scanOptions).map(([k, o]) => ['HSCAN', k, '0', ...o]),
    { arbitrary: fc.tuple(key, members).map(([k, ms]) => ['SADD', k, ...ms]), weight: 6 },
    { arbitrary: fc.tuple(key, members).map(([k, ms]) => ['SREM', k, ...ms]), weight: 2 },
    fc.tuple(key, member).map(([k, m]) => ['SISMEMBER', k, m]),
    fc.tuple(key, members).map(([k, ms]) => ['SMISMEMBER', k, ...ms]),
    key.map((k) => ['SCARD', k]),
    { arbitrary: key.map((k) => ['SMEMBERS', k]), weight: 2 },
    fc.tuple(key, pick(['0', '1000', '-1'])).map(([k, c]) => ['SPOP', k, c]),
    fc.tuple(key, fc.option(count)).map(([k, c]) => (c === null ? ['SRANDMEMBER', k] : ['SRANDMEMBER', k, c])),
    fc.tuple(key, key, member).map(([s, d, m]) => ['SMOVE', s, d, m]),
    fc.tuple(pick(['SUNION', 'SINTER', 'SDIFF']), keys).map(([c, ks]) => [c, ...ks]),
    fc.tuple(pick(['SUNIONSTORE', 'SINTERSTORE', 'SDIFFSTORE']), key, keys).map(([c, d, ks]) => [c, d, ...ks]),
    fc.tuple(keys, pick([[], ['LIMIT', '1'], ['LIMIT', '0']])).map(([ks, o]) => ['SINTERCARD', String(ks.length), ...ks, ...o]),
    fc.tuple(key, scanOptions).map(([k, o]) => ['SSCAN', k, '0', ...o]),
    { arbitrary: key.map((k) => ['OBJECT', 'ENCODING', k]), weight: 2 },
    fc.tuple(key, value).map(([k, v]) => ['SET', k, v]),
    key.map((k) => ['TYPE', k]),
    keys.map((ks) => ['DEL', ...ks]),
    fc.tuple(key, key).map(([s, d]) => ['RENAME', s, d]),
    fc.tuple(key, key).map(([s, d]) => ['COPY', s, d, 'REPLACE']),
    key.map((k) => ['EXPIRE', k, '1000']),
    pick(['hash', 'set', 'string']).map((t) => ['SCAN', '0', 'COUNT', '100', 'TYPE', t]),
  );
}

/**
 * {@link collectionCommandArb} with SPOP's random draws too (one member, or
 * two): for the properties that hold whatever is drawn (effects replay,
 * rollback), not for comparing two sides' replies.
 */
export function collectionWriteArb(): fc.Arbitrary<Command> {
  return fc.oneof(
    { arbitrary: collectionCommandArb(), weight: 10 },
    fc.tuple(pick(KEYS), pick([[], ['1'], ['2']])).map(([k, c]) => ['SPOP', k, ...c]),
  );
}
