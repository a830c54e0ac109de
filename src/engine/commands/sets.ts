/**
 * The set commands: their rows, and what the rows do themselves rather than
 * the engines: reading counts and options with Redis's errors in Redis's
 * order, and counting the keys the multi-key reads look up (INFO's
 * keyspace_hits and keyspace_misses) as Redis counts them.
 *
 * Every command goes to the engine as one Engine.call (abi.ts says what
 * each {@link Op} takes and replies).
 */
import { CommandError } from '../../errors/command-error.js';
import { SYNTAX } from '../../errors/messages.js';
import { argToken, readNonNegative, readRangedInt } from '../args.js';
import { As, CallFlags, Op, type Bytes, type Int } from '../engine.js';
import { INT64_MAX } from '../integer.js';
import { integer, key, MULTIPLE, OPTIONAL, pattern, string } from './grammar.js';
import type { Arg, Cursor, Key, Variadic } from './params.js';
import { ALL_KEYS, bufferedMethod, countedRead, family, keyExists, method, NO_KEYS, nonEmpty, ONE_KEY, positive, TWO_KEYS, type CommandContext, type Reply, type ReplyKind } from './row.js';
import { cursorAsString, scanCollection } from './scan.js';

/**
 * Counts the lookups of a command over several sets (SUNION, SINTER, SDIFF,
 * SINTERCARD, and the STOREs' source keys, which Redis 7.0 looks up as
 * reads too) as Redis does: each key in turn, a hit or a miss, up to and
 * including the first key of another type, where Redis stops with
 * WRONGTYPE (the engine then throws it).
 */
function countSetReads(ctx: CommandContext, keys: readonly Bytes[]): void {
  for (const key of keys) {
    const type = ctx.engine.type(key);
    ctx.stats.lookup(type !== 'none');
    if (type !== 'none' && type !== 'set') return;
  }
}

/** SUNION, SINTER, SDIFF: the keys' reads counted, then the engine's reply. */
function setAlgebra(ctx: CommandContext, op: Op.SUnion | Op.SInter | Op.SDiff, keys: readonly Bytes[], as: As): Reply {
  countSetReads(ctx, keys);
  return ctx.engine.call(op, keys, as);
}

/** SUNIONSTORE, SINTERSTORE, SDIFFSTORE: `destination key ...`, the source keys' reads counted. */
function setAlgebraStore(ctx: CommandContext, op: Op.SUnionStore | Op.SInterStore | Op.SDiffStore, args: readonly Bytes[]): Reply {
  countSetReads(ctx, args.slice(1));
  return ctx.engine.call(op, args, As.String);
}

/**
 * SPOP key [count]: more than one argument after the key is a syntax error
 * before the count is read. A count that takes the whole set is served by
 * Redis 7.0 through SUNION's code, whose lookup INFO counts as a hit (the
 * only SPOP that counts one): a set popped whole is gone afterwards.
 */
function spop(ctx: CommandContext, args: readonly Bytes[], as: As): Reply {
  if (args.length > 2) throw new CommandError(SYNTAX);
  if (args.length === 1) return ctx.engine.call(Op.SPop, args, as);
  const popped = ctx.engine.call(Op.SPop, [args[0]], as, readNonNegative(args[1]), CallFlags.HasCount) as Reply[];
  if (popped.length > 0 && !keyExists(ctx, args[0])) ctx.stats.hits++;
  return popped;
}

/** SRANDMEMBER key [count], read as SPOP's arguments are; a count may be negative (draws that repeat). */
function srandmember(ctx: CommandContext, args: readonly Bytes[], as: As): Reply {
  if (args.length > 2) throw new CommandError(SYNTAX);
  if (args.length === 1) return countedRead(ctx, () => ctx.engine.call(Op.SRandMember, args, as), (reply) => reply !== null);
  const count = readRangedInt(args[1], -INT64_MAX, INT64_MAX);
  return countedRead(ctx, () => ctx.engine.call(Op.SRandMember, [args[0]], as, count, CallFlags.HasCount), (reply) => (reply as Reply[]).length > 0 || keyExists(ctx, args[0]));
}

/**
 * SINTERCARD numkeys key [key ...] [LIMIT limit], in t_set.c's order:
 * numkeys (one message for any refusal), then whether that many keys
 * follow, then the options, and only then the keys.
 */
function sintercard(ctx: CommandContext, args: readonly Bytes[]): Reply {
  const numkeys = Number(readRangedInt(args[0], 1, INT64_MAX, 'ERR numkeys should be greater than 0'));
  if (numkeys > args.length - 1) throw new CommandError("ERR Number of keys can't be greater than number of args");
  let limit: Int = 0;
  for (let i = 1 + numkeys; i < args.length; i++) {
    if (argToken(args[i]) === 'LIMIT' && i + 1 < args.length) limit = readNonNegative(args[++i], "ERR LIMIT can't be negative");
    else throw new CommandError(SYNTAX);
  }
  const keys = args.slice(1, 1 + numkeys);
  countSetReads(ctx, keys);
  return ctx.engine.call(Op.SInterCard, keys, As.String, limit);
}

/** SPOP's and SRANDMEMBER's reply kind: a member without a count; with one, a set (SPOP) or a list that may repeat (SRANDMEMBER). */
const withCount =
  (kind: ReplyKind) =>
  (args: readonly Bytes[]): ReplyKind =>
    args.length > 1 ? kind : 'bulk';


/** The set rows. */
export const SET_COMMANDS = family({
  /** sadd: adds the members to the set at `key`, creating it; returns how many were new. */
  sadd: {
    arity: -3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY, group: 'set', since: '1.0.0',
    args: [key('key'), string('member', MULTIPLE)],
    summary: 'Adds members to the set at a key, creating the set if needed, and returns how many were not there yet.', complexity: 'O(N) for N members given',
    reply: 'integer', effects: ['SADD'],
    method: method<(key: Key, ...members: Variadic<Arg>) => number>({ single: 1 }),
    run: (ctx, args) => ctx.engine.call(Op.SAdd, args, As.String),
  },
  /** srem: removes the members; returns how many were there. The key goes with the last member. */
  srem: {
    arity: -3, flags: ['write', 'fast'], keys: ONE_KEY, group: 'set', since: '1.0.0',
    args: [key('key'), string('member', MULTIPLE)],
    summary: 'Removes members from a set and returns how many were there; a set left empty is deleted.', complexity: 'O(N) for N members given',
    reply: 'integer', effects: ['SREM'],
    method: method<(key: Key, ...members: Variadic<Arg>) => number>({ single: 1 }),
    run: (ctx, args) => ctx.engine.call(Op.SRem, args, As.String),
  },
  /** sismember: 1 if `member` is in the set, else 0. */
  sismember: {
    arity: 3, flags: ['readonly', 'fast'], keys: ONE_KEY, group: 'set', since: '1.0.0',
    args: [key('key'), string('member')],
    summary: 'Tells whether a value is a member of a set: 1 when it is, 0 when it is not or the key is missing.', complexity: 'O(1)',
    reply: 'integer', effects: [],
    method: method<(key: Key, member: Arg) => 0 | 1>({ single: 2 }),
    run: (ctx, args) => countedRead(ctx, () => ctx.engine.call(Op.SIsMember, args, As.String), (reply) => reply === 1 || keyExists(ctx, args[0])),
  },
  /** smismember: for each value, 1 if it is in the set, else 0. */
  smismember: {
    arity: -3, flags: ['readonly', 'fast'], keys: ONE_KEY, group: 'set', since: '6.2.0',
    args: [key('key'), string('member', MULTIPLE)],
    summary: 'Tells for each of several values whether it is a member of a set: 1 or 0 each.', complexity: 'O(N) for N values asked',
    reply: { array: 'integer' }, effects: [],
    method: method<(key: Key, ...members: Variadic<Arg>) => (0 | 1)[]>({ single: 1 }),
    run: (ctx, args) => countedRead(ctx, () => ctx.engine.call(Op.SMIsMember, args, As.String), (reply) => (reply as Reply[]).includes(1) || keyExists(ctx, args[0])),
  },
  /** scard: how many members the set has (0 for a missing key). */
  scard: {
    arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY, group: 'set', since: '1.0.0',
    args: [key('key')],
    summary: 'Counts the members of a set; 0 when the key is missing.', complexity: 'O(1)',
    reply: 'integer', effects: [],
    method: method<(key: Key) => number>({ single: 1 }),
    run: (ctx, args) => countedRead(ctx, () => ctx.engine.call(Op.SCard, args, As.String), positive),
  },
  /** smembers: the set's members, in no order to rely on. */
  smembers: {
    arity: 2, flags: ['readonly'], keys: ONE_KEY, group: 'set', since: '1.0.0',
    args: [key('key')],
    summary: 'Lists the members of a set; an empty set when the key is missing.', complexity: 'O(N) for N members',
    reply: { set: 'bulk' }, effects: [],
    method: bufferedMethod<(key: Key) => string[]>({ single: 1 }),
    run: (ctx, args, as) => countedRead(ctx, () => ctx.engine.call(Op.SMembers, args, as), nonEmpty),
  },
  /**
   * spop: removes and returns a random member (null for a missing key); with
   * a count, up to that many distinct members as a list. Logged as the SREM
   * of the members popped.
   */
  spop: {
    arity: -2, flags: ['write', 'fast'], keys: ONE_KEY, group: 'set', since: '1.0.0',
    args: [key('key'), integer('count', OPTIONAL)],
    summary: 'Removes random members from a set and returns them: one, or up to a count of them; a set left empty is deleted.',
    complexity: 'O(1) without a count, else O(N) for a count of N',
    reply: 'bulk', replyFor: withCount({ set: 'bulk' }), effects: ['SREM', 'DEL'],
    method: bufferedMethod<{ (key: Key): string | null; (key: Key, count: Arg): string[] }, { (key: Key): Uint8Array | null; (key: Key, count: Arg): Uint8Array[] }>({ single: 1 }),
    run: spop,
  },
  /**
   * srandmember: a random member (null for a missing key); with a count, a
   * list: distinct members for a positive count (at most all of them),
   * `-count` draws that may repeat for a negative one.
   */
  srandmember: {
    arity: -2, flags: ['readonly'], keys: ONE_KEY, group: 'set', since: '1.0.0',
    args: [key('key'), integer('count', OPTIONAL)],
    summary: 'Picks random members of a set without removing them: one, or a count of them (distinct when positive, possibly repeated when negative).',
    complexity: 'O(1) without a count, else O(N) for a count of N',
    reply: 'bulk', replyFor: withCount({ array: 'bulk' }), effects: [],
    method: bufferedMethod<{ (key: Key): string | null; (key: Key, count: Arg): string[] }, { (key: Key): Uint8Array | null; (key: Key, count: Arg): Uint8Array[] }>({ single: 1 }),
    run: srandmember,
  },
  /** smove: moves `member` from `source` to `destination`; 1 if moved, 0 if it was not in `source`. */
  smove: {
    arity: 4, flags: ['write', 'fast'], keys: TWO_KEYS, group: 'set', since: '1.0.0',
    args: [key('source'), key('destination'), string('member')],
    summary: 'Moves a member from one set to another, creating the destination if needed; 1 when moved, 0 when the member was not in the source.', complexity: 'O(1)',
    reply: 'integer', effects: ['SMOVE'],
    method: method<(source: Key, destination: Key, member: Arg) => 0 | 1>({ single: 3 }),
    run: (ctx, args) => ctx.engine.call(Op.SMove, args, As.String),
  },
  /** sunion: the members of any of the sets (a missing key is an empty set). */
  sunion: {
    arity: -2, flags: ['readonly'], keys: ALL_KEYS, group: 'set', since: '1.0.0',
    args: [key('key', MULTIPLE)],
    summary: 'Returns the members found in any of the given sets; a missing key counts as an empty set.', complexity: 'O(N) for N members in all the sets',
    reply: { set: 'bulk' }, effects: [],
    method: bufferedMethod<(...keys: Variadic<Key>) => string[]>({ single: 0 }),
    run: (ctx, args, as) => setAlgebra(ctx, Op.SUnion, args, as),
  },
  /** sinter: the members found in every one of the sets. */
  sinter: {
    arity: -2, flags: ['readonly'], keys: ALL_KEYS, group: 'set', since: '1.0.0',
    args: [key('key', MULTIPLE)],
    summary: 'Returns the members found in every one of the given sets; a missing key counts as an empty set.', complexity: 'O(N*M) for the smallest set of N members and M sets',
    reply: { set: 'bulk' }, effects: [],
    method: bufferedMethod<(...keys: Variadic<Key>) => string[]>({ single: 0 }),
    run: (ctx, args, as) => setAlgebra(ctx, Op.SInter, args, as),
  },
  /** sdiff: the members of the first set found in none of the others. */
  sdiff: {
    arity: -2, flags: ['readonly'], keys: ALL_KEYS, group: 'set', since: '1.0.0',
    args: [key('key', MULTIPLE)],
    summary: 'Returns the members of the first set that are in none of the other given sets; a missing key counts as an empty set.', complexity: 'O(N) for N members in all the sets',
    reply: { set: 'bulk' }, effects: [],
    method: bufferedMethod<(...keys: Variadic<Key>) => string[]>({ single: 0 }),
    run: (ctx, args, as) => setAlgebra(ctx, Op.SDiff, args, as),
  },
  /** sunionstore: stores the union at `destination` (replacing it; deleting it when empty); returns its size. */
  sunionstore: {
    arity: -3, flags: ['write', 'denyoom'], keys: ALL_KEYS, group: 'set', since: '1.0.0',
    args: [key('destination'), key('key', MULTIPLE)],
    summary: 'Stores the union of the given sets at a destination key, replacing whatever it held (an empty result deletes it), and returns its size.', complexity: 'O(N) for N members in all the sets',
    reply: 'integer', effects: ['SUNIONSTORE'],
    method: method<(destination: Key, ...keys: Variadic<Key>) => number>({ single: 1 }),
    run: (ctx, args) => setAlgebraStore(ctx, Op.SUnionStore, args),
  },
  /** sinterstore: stores the intersection at `destination`; returns its size. */
  sinterstore: {
    arity: -3, flags: ['write', 'denyoom'], keys: ALL_KEYS, group: 'set', since: '1.0.0',
    args: [key('destination'), key('key', MULTIPLE)],
    summary: 'Stores the intersection of the given sets at a destination key, replacing whatever it held (an empty result deletes it), and returns its size.', complexity: 'O(N*M) for the smallest set of N members and M sets',
    reply: 'integer', effects: ['SINTERSTORE'],
    method: method<(destination: Key, ...keys: Variadic<Key>) => number>({ single: 1 }),
    run: (ctx, args) => setAlgebraStore(ctx, Op.SInterStore, args),
  },
  /** sdiffstore: stores the difference at `destination`; returns its size. */
  sdiffstore: {
    arity: -3, flags: ['write', 'denyoom'], keys: ALL_KEYS, group: 'set', since: '1.0.0',
    args: [key('destination'), key('key', MULTIPLE)],
    summary: 'Stores the members of the first set that are in none of the others at a destination key, replacing whatever it held (an empty result deletes it), and returns their number.', complexity: 'O(N) for N members in all the sets',
    reply: 'integer', effects: ['SDIFFSTORE'],
    method: method<(destination: Key, ...keys: Variadic<Key>) => number>({ single: 1 }),
    run: (ctx, args) => setAlgebraStore(ctx, Op.SDiffStore, args),
  },
  /**
   * sintercard: SINTERCARD numkeys key [key ...] [LIMIT limit]: the size of
   * the intersection, counting no further than LIMIT (0: no limit).
   * @example db.sintercard(2, 'a', 'b', 'LIMIT', 10)
   */
  sintercard: {
    arity: -3, flags: ['readonly'], keys: NO_KEYS, group: 'set', since: '7.0.0',
    args: [integer('numkeys'), key('key', MULTIPLE), integer('limit', { token: 'LIMIT', optional: true })],
    summary: 'Counts the members found in every one of the given sets, stopping once the count reaches LIMIT when one is given.', complexity: 'O(N*M) for the smallest set of N members and M sets',
    reply: 'integer', effects: [],
    method: method<(numkeys: Arg, ...keysAndOptions: Variadic<Arg>) => number>({ single: 1 }),
    run: (ctx, args) => sintercard(ctx, args),
  },
  /**
   * sscan: SSCAN key cursor [MATCH pattern] [COUNT count]: [next cursor,
   * members]; cursor '0' when the walk is done. A small set comes whole in
   * one call.
   */
  sscan: {
    arity: -3, flags: ['readonly'], keys: ONE_KEY, group: 'set', since: '2.8.0',
    args: [key('key'), integer('cursor'), pattern('pattern', { token: 'MATCH', optional: true }), integer('count', { token: 'COUNT', optional: true })],
    summary: 'Walks the members of a set, a batch per call, resuming from the cursor the previous call returned.', complexity: 'O(COUNT) per call; O(N) to walk N members',
    reply: { tuple: ['bulk', { array: 'bulk' }] }, effects: [],
    method: bufferedMethod<(key: Key, cursor: Arg, ...options: Variadic<Arg>) => [cursor: Cursor, members: string[]]>({ single: 2, shape: cursorAsString }),
    run: (ctx, args, as) => scanCollection(ctx, Op.SScan, 'set', args, as),
  },
});
