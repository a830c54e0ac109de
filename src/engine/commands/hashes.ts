/**
 * The hash commands: their rows, and what the rows do themselves rather than
 * the engines: reading options with Redis's errors in Redis's order,
 * HINCRBYFLOAT's arithmetic (a read, Redis's long-double sum, a write, so
 * the log records the HSET of the result as Redis propagates it), and the
 * object ioredis makes of HGETALL's pairs.
 *
 * Every other command goes to the engine as one Engine.call (abi.ts says
 * what each {@link Op} takes and replies).
 */
import { CommandError } from '../../errors/command-error.js';
import { FLOAT_NAN_OR_INF, HASH_NOT_FLOAT, NOT_FLOAT, SYNTAX, wrongArity } from '../../errors/messages.js';
import { argToken, readInt64, readRangedInt } from '../args.js';
import { toByteString, utf8Decode } from '../bytes.js';
import { As, CallFlags, Op, type Bytes, type Int } from '../engine.js';
import { INT64_MAX } from '../integer.js';
import { addLongDouble, formatLongDouble, INFINITE, MAX_LONG_DOUBLE_CHARS, parseLongDouble } from '../longdouble.js';
import { block, double, integer, key, MULTIPLE, OPTIONAL, pattern, string, token } from './grammar.js';
import type { Arg, Cursor, Key, Pairs, Variadic } from './params.js';
import { bufferedMethod, bulkOf, countedRead, family, keyExists, method, nonEmpty, ONE_KEY, positive, type CommandContext, type Reply, type ReplyKind } from './row.js';
import { cursorAsString, scanCollection } from './scan.js';

/** HSET and HMSET take field/value pairs after the key: an odd count is Redis's arity error. */
function requireFieldPairs(name: string, args: readonly Bytes[]): void {
  if (args.length % 2 === 0) throw new CommandError(wrongArity(name));
}

/**
 * HINCRBYFLOAT key field increment, as t_hash.c does it: the increment is
 * read first (not a float; an infinity is refused apart), then the key
 * (WRONGTYPE), then the field's value (a missing one counts as 0). The sum
 * is Redis's long double, printed as INCRBYFLOAT prints it, and written
 * with HSET, which is also the effect recorded.
 */
function hincrbyfloat(ctx: CommandContext, args: readonly Bytes[], as: As): Reply {
  const increment = parseLongDouble(toByteString(args[2]));
  if (increment === null) throw new CommandError(NOT_FLOAT);
  if (increment === INFINITE) throw new CommandError('ERR value is NaN or Infinity');
  const current = ctx.engine.call(Op.HGet, [args[0], args[1]], As.Bytes) as Uint8Array | null;
  let sum = increment;
  if (current !== null) {
    // Too long to be a number: refused before a value of up to 512 MiB becomes a string.
    const value = current.length >= MAX_LONG_DOUBLE_CHARS ? null : parseLongDouble(toByteString(current));
    if (value === null) throw new CommandError(HASH_NOT_FLOAT);
    const added = value === INFINITE ? null : addLongDouble(value, increment);
    if (added === null) throw new CommandError(FLOAT_NAN_OR_INF);
    sum = added;
  }
  const text = formatLongDouble(sum);
  ctx.engine.call(Op.HSet, [args[0], args[1], text], As.String);
  return bulkOf(text, as);
}

/** LONG_MAX / 2: HRANDFIELD's bound on a count WITHVALUES. */
const HALF_INT64_MAX = INT64_MAX / 2n;

/**
 * HRANDFIELD key [count [WITHVALUES]]: the count is read before the
 * options are checked, as Redis does; WITHVALUES halves its range (Redis
 * reserves room for the pairs).
 */
function hrandfield(ctx: CommandContext, args: readonly Bytes[], as: As): Reply {
  if (args.length === 1) return countedRead(ctx, () => ctx.engine.call(Op.HRandField, args, as), (reply) => reply !== null);
  const count = readRangedInt(args[1], -INT64_MAX, INT64_MAX);
  if (args.length > 3 || (args.length === 3 && argToken(args[2]) !== 'WITHVALUES')) throw new CommandError(SYNTAX);
  let flags = CallFlags.HasCount;
  if (args.length === 3) {
    if (count < -HALF_INT64_MAX || count > HALF_INT64_MAX) throw new CommandError('ERR value is out of range');
    flags |= CallFlags.WithValues;
  }
  return countedRead(ctx, () => ctx.engine.call(Op.HRandField, [args[0]], as, count, flags), (reply) => (reply as Reply[]).length > 0 || keyExists(ctx, args[0]));
}

/**
 * HGETALL's flat field/value list as ioredis's `hgetall` returns it: an
 * object (empty for a missing key), its keys the fields as strings (decoded
 * as UTF-8 in the Buffer variant too), the values as `as` asked. A field
 * named like an Object.prototype member (`__proto__`) becomes an own
 * property, as in ioredis, never the prototype.
 */
function hashObject(reply: Reply, as: As): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  const items = reply as Reply[];
  for (let i = 0; i < items.length; i += 2) {
    const field = items[i];
    const name = as === As.Bytes && field instanceof Uint8Array ? utf8Decode(field) : (field as string);
    if (name in object) Object.defineProperty(object, name, { value: items[i + 1], configurable: true, enumerable: true, writable: true });
    else object[name] = items[i + 1];
  }
  return object;
}

/** The reply kind of HRANDFIELD's forms: a field without a count, a list of fields with one, pairs WITHVALUES. */
function hrandfieldKind(args: readonly Bytes[]): ReplyKind {
  if (args.length === 1) return 'bulk';
  return args.length === 3 ? { pairs: ['bulk', 'bulk'] } : { array: 'bulk' };
}


/** The hash rows. */
export const HASH_COMMANDS = family({
  /**
   * hset: sets fields of the hash at `key`, creating it: `hset(key, { f: v })`,
   * `hset(key, new Map([[f, v]]))` or `hset(key, f1, v1, f2, v2)`. Returns
   * how many fields were new.
   */
  hset: {
    arity: -4, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY, group: 'hash', since: '2.0.0',
    args: [key('key'), block('field_value', [string('field'), string('value')], MULTIPLE)],
    summary: 'Stores values under fields of the hash at a key, creating the hash if needed, and returns how many fields are new.', complexity: 'O(N) for N fields given',
    reply: 'integer', effects: ['HSET'],
    method: method<{ (key: Key, pairs: Pairs): number; (key: Key, ...pairs: Variadic<Arg>): number }>({ single: 1, pairs: true }),
    run: (ctx, args) => {
      requireFieldPairs('hset', args);
      return ctx.engine.call(Op.HSet, args, As.String);
    },
  },
  /** hsetnx: sets `field` only if the hash has no such field; 1 if set, else 0. */
  hsetnx: {
    arity: 4, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY, group: 'hash', since: '2.0.0',
    args: [key('key'), string('field'), string('value')],
    summary: 'Stores a value under a field of a hash only if the field is missing; 1 when stored, 0 when not.', complexity: 'O(1)',
    reply: 'integer', effects: ['HSET'],
    method: method<(key: Key, field: Arg, value: Arg) => 0 | 1>({ single: 3 }),
    run: (ctx, args) => ctx.engine.call(Op.HSetNx, args, As.String),
  },
  /** hget: the value of `field`, or null when the field or the hash is missing. */
  hget: {
    arity: 3, flags: ['readonly', 'fast'], keys: ONE_KEY, group: 'hash', since: '2.0.0',
    args: [key('key'), string('field')],
    summary: 'Reads the value under a field of a hash; nil when the field or the key is missing.', complexity: 'O(1)',
    reply: 'bulk', effects: [],
    method: bufferedMethod<(key: Key, field: Arg) => string | null>({ single: 2 }),
    run: (ctx, args, as) => countedRead(ctx, () => ctx.engine.call(Op.HGet, args, as), (reply) => reply !== null || keyExists(ctx, args[0])),
  },
  /** hmget: the values of the fields, null for each missing one. */
  hmget: {
    arity: -3, flags: ['readonly', 'fast'], keys: ONE_KEY, group: 'hash', since: '2.0.0',
    args: [key('key'), string('field', MULTIPLE)],
    summary: 'Reads the values under several fields of a hash; nil for each field that is missing.', complexity: 'O(N) for N fields asked',
    reply: { array: 'bulk' }, effects: [],
    method: bufferedMethod<(key: Key, ...fields: Variadic<Arg>) => (string | null)[]>({ single: 1 }),
    run: (ctx, args, as) => countedRead(ctx, () => ctx.engine.call(Op.HMGet, args, as), (reply) => (reply as Reply[]).some((value) => value !== null) || keyExists(ctx, args[0])),
  },
  /** hmset: {@link CommandMethods.hset} replying 'OK' (deprecated in Redis for HSET, still answered). */
  hmset: {
    arity: -4, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY, group: 'hash', since: '2.0.0',
    args: [key('key'), block('field_value', [string('field'), string('value')], MULTIPLE)],
    summary: 'Stores values under fields of the hash at a key, as HSET does, and replies OK.', complexity: 'O(N) for N fields given',
    reply: 'status', effects: ['HSET'],
    method: method<{ (key: Key, pairs: Pairs): 'OK'; (key: Key, ...pairs: Variadic<Arg>): 'OK' }>({ single: 1, pairs: true }),
    run: (ctx, args) => {
      requireFieldPairs('hmset', args);
      ctx.engine.call(Op.HSet, args, As.String);
      return 'OK';
    },
  },
  /** hdel: removes the fields; returns how many existed. The key goes with the last field. */
  hdel: {
    arity: -3, flags: ['write', 'fast'], keys: ONE_KEY, group: 'hash', since: '2.0.0',
    args: [key('key'), string('field', MULTIPLE)],
    summary: 'Removes fields from a hash and returns how many were there; a hash left empty is deleted.', complexity: 'O(N) for N fields given',
    reply: 'integer', effects: ['HDEL'],
    method: method<(key: Key, ...fields: Variadic<Arg>) => number>({ single: 1 }),
    run: (ctx, args) => ctx.engine.call(Op.HDel, args, As.String),
  },
  /** hexists: 1 if the hash has `field`, else 0. */
  hexists: {
    arity: 3, flags: ['readonly', 'fast'], keys: ONE_KEY, group: 'hash', since: '2.0.0',
    args: [key('key'), string('field')],
    summary: 'Tells whether a hash has a field: 1 when it has, 0 when the field or the key is missing.', complexity: 'O(1)',
    reply: 'integer', effects: [],
    method: method<(key: Key, field: Arg) => 0 | 1>({ single: 2 }),
    run: (ctx, args) => countedRead(ctx, () => ctx.engine.call(Op.HExists, args, As.String), (reply) => reply === 1 || keyExists(ctx, args[0])),
  },
  /** hlen: how many fields the hash has (0 for a missing key). */
  hlen: {
    arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY, group: 'hash', since: '2.0.0',
    args: [key('key')],
    summary: 'Counts the fields of a hash; 0 when the key is missing.', complexity: 'O(1)',
    reply: 'integer', effects: [],
    method: method<(key: Key) => number>({ single: 1 }),
    run: (ctx, args) => countedRead(ctx, () => ctx.engine.call(Op.HLen, args, As.String), positive),
  },
  /** hkeys: the hash's fields. */
  hkeys: {
    arity: 2, flags: ['readonly'], keys: ONE_KEY, group: 'hash', since: '2.0.0',
    args: [key('key')],
    summary: 'Lists the fields of a hash; an empty list when the key is missing.', complexity: 'O(N) for N fields',
    reply: { array: 'bulk' }, effects: [],
    method: bufferedMethod<(key: Key) => string[]>({ single: 1 }),
    run: (ctx, args, as) => countedRead(ctx, () => ctx.engine.call(Op.HKeys, args, as), nonEmpty),
  },
  /** hvals: the hash's values, in the order hkeys lists the fields. */
  hvals: {
    arity: 2, flags: ['readonly'], keys: ONE_KEY, group: 'hash', since: '2.0.0',
    args: [key('key')],
    summary: 'Lists the values of a hash, in the order HKEYS lists their fields; an empty list when the key is missing.', complexity: 'O(N) for N fields',
    reply: { array: 'bulk' }, effects: [],
    method: bufferedMethod<(key: Key) => string[]>({ single: 1 }),
    run: (ctx, args, as) => countedRead(ctx, () => ctx.engine.call(Op.HVals, args, as), nonEmpty),
  },
  /**
   * hgetall: the hash as an object of fields to values (`{}` for a missing
   * key), as ioredis returns it; `db.call('HGETALL', key)` replies Redis's
   * flat field, value, ... list.
   */
  hgetall: {
    arity: 2, flags: ['readonly'], keys: ONE_KEY, group: 'hash', since: '2.0.0',
    args: [key('key')],
    summary: 'Returns every field of a hash with its value; an empty map when the key is missing.', complexity: 'O(N) for N fields',
    reply: { map: ['bulk', 'bulk'] }, effects: [],
    method: bufferedMethod<(key: Key) => Record<string, string>>({ single: 1, shape: hashObject }),
    run: (ctx, args, as) => countedRead(ctx, () => ctx.engine.call(Op.HGetAll, args, as), nonEmpty),
  },
  /** hincrby: adds a 64-bit `increment` to the integer in `field` (0 if missing); returns the result. */
  hincrby: {
    arity: 4, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY, group: 'hash', since: '2.0.0',
    args: [key('key'), string('field'), integer('increment')],
    summary: 'Adds a 64-bit integer to the integer under a field of a hash (a missing field counts as 0) and returns the result.', complexity: 'O(1)',
    reply: 'integer', effects: ['HINCRBY'],
    method: method<(key: Key, field: Arg, increment: Arg) => Int>({ single: 3 }),
    run: (ctx, args) => ctx.engine.call(Op.HIncrBy, [args[0], args[1]], As.String, readInt64(args[2])),
  },
  /** hincrbyfloat: adds a decimal `increment` to the number in `field`; returns the result as Redis prints it. */
  hincrbyfloat: {
    arity: 4, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY, group: 'hash', since: '2.6.0',
    args: [key('key'), string('field'), double('increment')],
    summary: 'Adds a decimal number to the number under a field of a hash (a missing field counts as 0) and returns the result as a string.', complexity: 'O(1)',
    reply: 'bulk', effects: ['HSET'],
    method: method<(key: Key, field: Arg, increment: Arg) => string>({ single: 3 }),
    run: hincrbyfloat,
  },
  /** hstrlen: the length in bytes of the value in `field` (0 if missing). */
  hstrlen: {
    arity: 3, flags: ['readonly', 'fast'], keys: ONE_KEY, group: 'hash', since: '3.2.0',
    args: [key('key'), string('field')],
    summary: 'Returns the length in bytes of the value under a field of a hash; 0 when the field or the key is missing.', complexity: 'O(1)',
    reply: 'integer', effects: [],
    method: method<(key: Key, field: Arg) => number>({ single: 2 }),
    run: (ctx, args) => countedRead(ctx, () => ctx.engine.call(Op.HStrLen, args, As.String), (length) => (length as number) > 0 || keyExists(ctx, args[0])),
  },
  /**
   * hrandfield: a random field (null for a missing key); with a count, a
   * list: distinct fields for a positive count (at most all of them),
   * `-count` draws that may repeat for a negative one; WITHVALUES
   * interleaves the values (field, value, field, value, ...).
   */
  hrandfield: {
    arity: -2, flags: ['readonly'], keys: ONE_KEY, group: 'hash', since: '6.2.0',
    args: [key('key'), block('options', [integer('count'), token('WITHVALUES', OPTIONAL)], OPTIONAL)],
    summary: 'Picks random fields of a hash: one, or a count of them (distinct when positive, possibly repeated when negative), optionally with their values.',
    complexity: 'O(N) for N fields returned',
    reply: 'bulk', replyFor: hrandfieldKind, effects: [],
    method: bufferedMethod<
      { (key: Key): string | null; (key: Key, count: Arg, withvalues?: 'WITHVALUES' | 'withvalues'): string[] },
      { (key: Key): Uint8Array | null; (key: Key, count: Arg, withvalues?: 'WITHVALUES' | 'withvalues'): Uint8Array[] }
    >({ single: 1 }),
    run: hrandfield,
  },
  /**
   * hscan: HSCAN key cursor [MATCH pattern] [COUNT count]: [next cursor,
   * [field, value, ...]]; cursor '0' when the walk is done. A small hash
   * comes whole in one call.
   */
  hscan: {
    arity: -3, flags: ['readonly'], keys: ONE_KEY, group: 'hash', since: '2.8.0',
    args: [key('key'), integer('cursor'), pattern('pattern', { token: 'MATCH', optional: true }), integer('count', { token: 'COUNT', optional: true })],
    summary: 'Walks the fields and values of a hash, a batch per call, resuming from the cursor the previous call returned.', complexity: 'O(COUNT) per call; O(N) to walk N fields',
    reply: { tuple: ['bulk', { array: 'bulk' }] }, effects: [],
    method: bufferedMethod<(key: Key, cursor: Arg, ...options: Variadic<Arg>) => [cursor: Cursor, fieldsAndValues: string[]]>({ single: 2, shape: cursorAsString }),
    run: (ctx, args, as) => scanCollection(ctx, Op.HScan, 'hash', args, as),
  },
});
