/**
 * The commands on keys of any type: deletion, renaming, copying, expiry,
 * KEYS, SCAN and OBJECT.
 */
import { CommandError } from '../../errors/command-error.js';
import { SAME_OBJECT, SYNTAX } from '../../errors/messages.js';
import { argText, argToken, ExpiryUnit, readExpireTime, readInt64 } from '../args.js';
import { equalBytes, toBytes, utf8Decode } from '../bytes.js';
import { toInt } from '../integer.js';
import { As, type Bulk, ExpireFlags, type Bytes, type Engine, type Int } from '../engine.js';
import { integer, key, MULTIPLE, oneOf, OPTIONAL, pattern, string, token, unixTime } from './grammar.js';

import type { Arg, Cursor, Key, Variadic } from './params.js';
import { cursorAsString, readScanArgs, scanReply } from './scan.js';
import { ALL_KEYS, bulkOf, countedRead, bufferedMethod, family, keyExists, method, NO_KEYS, ONE_KEY, resolveSubcommand, TWO_KEYS, type CommandContext, type Reply } from './row.js';

/**
 * EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT. Flags are read before the time, as in
 * Redis, so a bad flag wins over a bad number.
 */
function expireGeneric(ctx: CommandContext, command: string, args: readonly Bytes[], unit: ExpiryUnit, relative: boolean): Reply {
  let flags = ExpireFlags.None;
  for (let i = 2; i < args.length; i++) {
    const token = argToken(args[i]);
    if (token === 'NX') flags |= ExpireFlags.NX;
    else if (token === 'XX') flags |= ExpireFlags.XX;
    else if (token === 'GT') flags |= ExpireFlags.GT;
    else if (token === 'LT') flags |= ExpireFlags.LT;
    else throw new CommandError(`ERR Unsupported option ${argText(args[i])}`);
  }
  if (flags & ExpireFlags.NX && flags & (ExpireFlags.XX | ExpireFlags.GT | ExpireFlags.LT)) {
    throw new CommandError('ERR NX and XX, GT or LT options at the same time are not compatible');
  }
  if (flags & ExpireFlags.GT && flags & ExpireFlags.LT) {
    throw new CommandError('ERR GT and LT options at the same time are not compatible');
  }
  const at = readExpireTime(args[1], unit, relative, ctx.engine.now, command);
  return ctx.engine.expire(args[0], at, flags);
}

/**
 * TTL, PTTL, EXPIRETIME, PEXPIRETIME (Redis's ttlGenericCommand): -2 for no
 * key, -1 for no expiry, else the time left (or the absolute time), never
 * negative, in milliseconds or in seconds as (ms + 500) / 1000 with integer
 * division. Exact for every 64-bit time: a time the engine returns as a
 * number (|t| <= 2^53 - 1, every realistic one) stays in doubles, and only a
 * bigint time is computed in bigint.
 */
function ttlGeneric(ctx: CommandContext, key: Bytes, milliseconds: boolean, absolute: boolean): Int {
  const at = countedRead(ctx, () => ctx.engine.expireTime(key), (time) => time !== -2);
  if (typeof at === 'bigint') return bigTtl(at, ctx.engine.now, milliseconds, absolute);
  if (at < 0) return at;
  const ttl = Math.max(0, absolute ? at : at - ctx.engine.now);
  if (milliseconds) return ttl;
  // Not Math.floor((ttl + 500) / 1000): near 2^53 the sum and the quotient
  // round. The remainder and the division of a multiple of 1000 are exact.
  const rest = ttl % 1000;
  return (ttl - rest) / 1000 + (rest >= 500 ? 1 : 0);
}

/** {@link ttlGeneric} for an expiry time beyond 2^53 - 1, in bigint. */
function bigTtl(at: bigint, now: number, milliseconds: boolean, absolute: boolean): Int {
  let ttl = absolute ? at : at - BigInt(now);
  if (ttl < 0n) ttl = 0n;
  return toInt(milliseconds ? ttl : (ttl + 500n) / 1000n);
}

/** Walks the whole keyspace for KEYS, one bounded engine step at a time. */
function keysMatching(engine: Engine, pattern: Bytes, as: As): Bulk[] {
  const match = toBytes(pattern);
  const found: Bulk[] = [];
  let from: Uint8Array | null = null;
  for (;;) {
    const batch = engine.scanKeys({ from, inclusive: false, limit: 1024, end: null, prefix: null, match, type: null });
    for (const key of batch.keys) found.push(as === As.Bytes ? key : utf8Decode(key));
    if (batch.last === null) return found;
    from = batch.last;
  }
}

/**
 * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]: one step of the
 * keyspace walk (scan.ts reads the arguments and makes the reply).
 */
function scanCommand(ctx: CommandContext, args: readonly Bytes[], as: As): Reply {
  const { cursor, count, match, type } = readScanArgs(args, true);
  const from = ctx.cursors.resume(cursor);
  const batch = ctx.engine.scanKeys({ from, inclusive: false, limit: count, end: null, prefix: null, match, type: null, expired: true });
  const expired = batch.expired ?? [];
  if (expired.length !== 0) {
    // Redis's SCAN expires the keys it passes that matched (expireIfNeeded;
    // with TYPE, the lookup that reads the type does it and counts a miss).
    // The walk changes nothing, so they go now: looking a key up is what
    // expires it, the usual way (effect "DEL key", journaled in a transaction).
    ctx.engine.exists(expired);
    if (type !== null) ctx.stats.misses += expired.length;
  }
  // TYPE is applied here rather than by the engine because Redis 7.0 looks
  // each key that passed MATCH up to read its type, and INFO counts those
  // lookups as keyspace hits (a name that is no type filters every key out).
  const found = type === null ? batch.keys : batch.keys.filter((key) => typeMatches(ctx, key, type));
  return scanReply(ctx, batch.last, found.map((key): Reply => (as === As.Bytes ? key : utf8Decode(key))), as);
}

/** Whether `key` holds a value of type `type` (lower case), counting the lookup as a read. */
function typeMatches(ctx: CommandContext, key: Uint8Array, type: string): boolean {
  const actual = ctx.engine.type(key);
  ctx.stats.lookup(actual !== 'none');
  return actual === type;
}

function copyCommand(ctx: CommandContext, args: readonly Bytes[]): Reply {
  let replace = false;
  for (let i = 2; i < args.length; i++) {
    const token = argToken(args[i]);
    if (token === 'REPLACE') {
      replace = true;
    } else if (token === 'DB' && i + 1 < args.length) {
      // One keyspace: database 0 is the only index there is.
      if (readInt64(args[++i]) !== 0) throw new CommandError('ERR DB index is out of range');
    } else {
      throw new CommandError(SYNTAX);
    }
  }
  if (equalBytes(toBytes(args[0]), toBytes(args[1]))) throw new CommandError(SAME_OBJECT);
  return countedRead(ctx, () => ctx.engine.copy(args[0], args[1], replace), (copied) => copied === 1 || keyExists(ctx, args[0]));
}

/** OBJECT HELP's reply lines (status replies, as Redis sends help). */
const OBJECT_HELP: readonly string[] = [
  'OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'ENCODING <key>',
  '    How the value at <key> is stored: listpack, intset or hashtable for a',
  '    collection; int, embstr or raw for a string.',
  'HELP',
  '    Lists these subcommands.',
];

/** The generic rows. */
export const KEYSPACE_COMMANDS = family({
  /** del: deletes the keys; returns how many existed. */
  del: {
    arity: -2, flags: ['write'], keys: ALL_KEYS, group: 'generic', since: '1.0.0',
    args: [key('key', MULTIPLE)], summary: 'Deletes keys of any type and returns how many existed.', complexity: 'O(N) for N keys',
    reply: 'integer', effects: ['DEL'],
    method: method<(...keys: Variadic<Key>) => number>({ single: 0 }),
    run: (ctx, args) => ctx.engine.del(args as Bytes[]),
  },
  /** unlink: {@link CommandMethods.del} (memory is freed at once either way). */
  unlink: {
    arity: -2, flags: ['write', 'fast'], keys: ALL_KEYS, group: 'generic', since: '4.0.0',
    args: [key('key', MULTIPLE)], summary: 'Deletes keys as DEL does (flashkv frees their memory at once) and returns how many existed.', complexity: 'O(N) for N keys',
    reply: 'integer', effects: ['DEL'],
    method: method<(...keys: Variadic<Key>) => number>({ single: 0 }),
    run: (ctx, args) => ctx.engine.del(args as Bytes[]),
  },
  /** exists: how many of the keys exist, counting repeats. */
  exists: {
    arity: -2, flags: ['readonly', 'fast'], keys: ALL_KEYS, group: 'generic', since: '1.0.0',
    args: [key('key', MULTIPLE)], summary: 'Counts how many of the given keys exist; a key given twice counts twice.', complexity: 'O(N) for N keys',
    reply: 'integer', effects: [],
    method: method<(...keys: Variadic<Key>) => number>({ single: 0 }),
    run: (ctx, args) => {
      const found = ctx.engine.exists(args as Bytes[]);
      ctx.stats.hits += found;
      ctx.stats.misses += args.length - found;
      return found;
    },
  },
  /** type: 'string', 'hash', 'set', 'zset', 'list', or 'none'. */
  type: {
    arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY, group: 'generic', since: '1.0.0',
    args: [key('key')], summary: 'Names the type of the value at a key, or "none" when the key is missing.', complexity: 'O(1)',
    reply: 'status', effects: [],
    method: method<(key: Key) => string>({ single: 1 }),
    run: (ctx, args) => countedRead(ctx, () => ctx.engine.type(args[0]), (type) => type !== 'none'),
  },
  /** rename: renames `key`, overwriting `newkey`. Throws "ERR no such key" if absent. */
  rename: {
    arity: 3, flags: ['write'], keys: TWO_KEYS, group: 'generic', since: '1.0.0',
    args: [key('key'), key('newkey')], summary: 'Moves a value and its expiry to a new key name, replacing what that name held.', complexity: 'O(1)',
    reply: 'status', effects: ['RENAME'],
    method: method<(key: Key, newkey: Key) => 'OK'>({ single: 2 }),
    run: (ctx, args) => ctx.engine.rename(args[0], args[1], false),
  },
  /** renamenx: renames only if `newkey` is absent; 1 if renamed, else 0. */
  renamenx: {
    arity: 3, flags: ['write', 'fast'], keys: TWO_KEYS, group: 'generic', since: '1.0.0',
    args: [key('key'), key('newkey')], summary: 'Moves a value and its expiry to a new key name only if that name is free; 1 when moved, 0 when not.', complexity: 'O(1)',
    reply: 'integer', effects: ['RENAME'],
    method: method<(key: Key, newkey: Key) => 0 | 1>({ single: 2 }),
    run: (ctx, args) => ctx.engine.rename(args[0], args[1], true),
  },
  /** copy: COPY source destination [DB 0] [REPLACE]; 1 if copied, else 0. */
  copy: {
    arity: -3, flags: ['write', 'denyoom'], keys: TWO_KEYS, group: 'generic', since: '6.2.0',
    args: [key('source'), key('destination'), integer('destination-db', { token: 'DB', optional: true }), token('REPLACE', OPTIONAL)], summary: 'Duplicates a value and its expiry under a second key; REPLACE lets it overwrite that key.', complexity: 'O(1) for a string',
    reply: 'integer', effects: ['COPY'],
    method: method<(source: Key, destination: Key, ...options: Variadic<Arg>) => 0 | 1>({ single: 2 }),
    run: (ctx, args) => copyCommand(ctx, args),
  },
  /** keys: every key matching a glob pattern, in byte order. */
  keys: {
    arity: 2, flags: ['readonly'], keys: NO_KEYS, group: 'generic', since: '1.0.0',
    args: [pattern('pattern')], summary: 'Lists every key that matches a glob pattern, in byte order.', complexity: 'O(N) for N keys in the database',
    reply: { array: 'bulk' }, effects: [],
    method: bufferedMethod<(pattern: Key) => string[]>({ single: 1 }),
    run: (ctx, args, as) => keysMatching(ctx.engine, args[0], as),
  },
  /** scan: SCAN cursor [MATCH pattern] [COUNT n] [TYPE type]; returns [nextCursor, keys]. */
  scan: {
    arity: -2, flags: ['readonly'], keys: NO_KEYS, group: 'generic', since: '2.8.0',
    args: [integer('cursor'), pattern('pattern', { token: 'MATCH', optional: true }), integer('count', { token: 'COUNT', optional: true }), string('type', { token: 'TYPE', optional: true })], summary: 'Walks the keys in byte order, a batch per call, resuming from the cursor the previous call returned.', complexity: 'O(COUNT) per call; O(N) to walk N keys',
    reply: { tuple: ['bulk', { array: 'bulk' }] }, effects: [],
    method: bufferedMethod<(cursor: Arg, ...options: Variadic<Arg>) => [cursor: Cursor, keys: string[]]>({ single: 1, shape: cursorAsString }),
    run: scanCommand,
  },
  /** randomkey: a random key, or null if the database is empty. */
  randomkey: {
    arity: 1, flags: ['readonly'], keys: NO_KEYS, group: 'generic', since: '1.0.0',
    args: [], summary: 'Returns a key picked at random, or nil when the database is empty.', complexity: 'O(1), plus a retry for each expired key it picks',
    reply: 'bulk', effects: [],
    method: method<() => string | null>({ single: 0 }),
    run: (ctx, _args, as) => ctx.engine.randomkey(as),
  },
  /** expire: sets a time to live in seconds; options NX, XX, GT, LT. 1 if set, else 0. */
  expire: {
    arity: -3, flags: ['write', 'fast'], keys: ONE_KEY, group: 'generic', since: '1.0.0',
    args: [key('key'), integer('seconds'), oneOf('condition', [token('NX'), token('XX'), token('GT'), token('LT')], OPTIONAL)], summary: 'Makes a key expire after a number of seconds; NX, XX, GT and LT make the change conditional.', complexity: 'O(1)',
    reply: 'integer', effects: ['PEXPIREAT', 'DEL'],
    method: method<(key: Key, seconds: Arg, ...options: Variadic<Arg>) => 0 | 1>({ single: 2 }),
    run: (ctx, args) => expireGeneric(ctx, 'expire', args, ExpiryUnit.Seconds, true),
  },
  /** pexpire: {@link CommandMethods.expire} in milliseconds. */
  pexpire: {
    arity: -3, flags: ['write', 'fast'], keys: ONE_KEY, group: 'generic', since: '2.6.0',
    args: [key('key'), integer('milliseconds'), oneOf('condition', [token('NX'), token('XX'), token('GT'), token('LT')], OPTIONAL)], summary: 'Makes a key expire after a number of milliseconds; NX, XX, GT and LT make the change conditional.', complexity: 'O(1)',
    reply: 'integer', effects: ['PEXPIREAT', 'DEL'],
    method: method<(key: Key, milliseconds: Arg, ...options: Variadic<Arg>) => 0 | 1>({ single: 2 }),
    run: (ctx, args) => expireGeneric(ctx, 'pexpire', args, ExpiryUnit.Milliseconds, true),
  },
  /** expireat: sets the expiry to a Unix time in seconds. */
  expireat: {
    arity: -3, flags: ['write', 'fast'], keys: ONE_KEY, group: 'generic', since: '1.2.0',
    args: [key('key'), unixTime('unix-time-seconds'), oneOf('condition', [token('NX'), token('XX'), token('GT'), token('LT')], OPTIONAL)], summary: 'Makes a key expire at a Unix time in seconds; NX, XX, GT and LT make the change conditional.', complexity: 'O(1)',
    reply: 'integer', effects: ['PEXPIREAT', 'DEL'],
    method: method<(key: Key, unixSeconds: Arg, ...options: Variadic<Arg>) => 0 | 1>({ single: 2 }),
    run: (ctx, args) => expireGeneric(ctx, 'expireat', args, ExpiryUnit.Seconds, false),
  },
  /** pexpireat: sets the expiry to a Unix time in milliseconds. */
  pexpireat: {
    arity: -3, flags: ['write', 'fast'], keys: ONE_KEY, group: 'generic', since: '2.6.0',
    args: [key('key'), unixTime('unix-time-milliseconds'), oneOf('condition', [token('NX'), token('XX'), token('GT'), token('LT')], OPTIONAL)], summary: 'Makes a key expire at a Unix time in milliseconds; NX, XX, GT and LT make the change conditional.', complexity: 'O(1)',
    reply: 'integer', effects: ['PEXPIREAT', 'DEL'],
    method: method<(key: Key, unixMilliseconds: Arg, ...options: Variadic<Arg>) => 0 | 1>({ single: 2 }),
    run: (ctx, args) => expireGeneric(ctx, 'pexpireat', args, ExpiryUnit.Milliseconds, false),
  },
  /** ttl: seconds left (rounded), -1 without expiry, -2 if absent. */
  ttl: {
    arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY, group: 'generic', since: '1.0.0',
    args: [key('key')], summary: 'Returns the seconds left before a key expires; -1 when it has no expiry, -2 when it is missing.', complexity: 'O(1)',
    reply: 'integer', effects: [],
    method: method<(key: Key) => number>({ single: 1 }),
    run: (ctx, args) => ttlGeneric(ctx, args[0], false, false),
  },
  /** pttl: milliseconds left, -1 without expiry, -2 if absent. */
  pttl: {
    arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY, group: 'generic', since: '2.6.0',
    args: [key('key')], summary: 'Returns the milliseconds left before a key expires; -1 when it has no expiry, -2 when it is missing.', complexity: 'O(1)',
    reply: 'integer', effects: [],
    method: method<(key: Key) => number>({ single: 1 }),
    run: (ctx, args) => ttlGeneric(ctx, args[0], true, false),
  },
  /** expiretime: the expiry as a Unix time in seconds, -1 without expiry, -2 if absent. */
  expiretime: {
    arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY, group: 'generic', since: '7.0.0',
    args: [key('key')], summary: 'Returns the Unix time in seconds at which a key expires; -1 when it has no expiry, -2 when it is missing.', complexity: 'O(1)',
    reply: 'integer', effects: [],
    method: method<(key: Key) => number>({ single: 1 }),
    run: (ctx, args) => ttlGeneric(ctx, args[0], false, true),
  },
  /** pexpiretime: the expiry as a Unix time in milliseconds. */
  pexpiretime: {
    arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY, group: 'generic', since: '7.0.0',
    args: [key('key')], summary: 'Returns the Unix time in milliseconds at which a key expires; -1 when it has no expiry, -2 when it is missing.', complexity: 'O(1)',
    reply: 'integer', effects: [],
    method: method<(key: Key) => number>({ single: 1 }),
    run: (ctx, args) => ttlGeneric(ctx, args[0], true, true),
  },
  /**
   * object: OBJECT ENCODING key (the name of the value's encoding, null for
   * a missing key) or OBJECT HELP (lines of text).
   * @example db.object('ENCODING', 'myhash') // 'listpack'
   */
  object: {
    arity: -2, flags: [], keys: NO_KEYS, group: 'generic', since: '2.2.3',
    args: [], summary: 'Reports how a value is stored: its encoding (ENCODING), or the list of subcommands (HELP).',
    complexity: 'That of the subcommand',
    effects: [],
    method: method<{ (subcommand: 'ENCODING' | 'encoding', key: Key): string | null; (subcommand: 'HELP' | 'help'): string[]; (subcommand: string, ...args: Variadic<Arg>): Reply }>({ single: 1 }),
    run: (ctx, args, as) => {
      const call = resolveSubcommand(KEYSPACE_COMMANDS.object, args);
      return call.command.run(ctx, call.args, as);
    },
    subcommands: [
      {
        name: 'object|encoding', arity: 3, flags: ['readonly'], keys: { first: 2, last: 2, step: 1 }, group: 'generic', since: '2.2.3',
        args: [key('key')], summary: 'Names the encoding of the value at a key (listpack, intset, hashtable; int, embstr, raw for strings), or nil when the key is missing.',
        complexity: 'O(1)',
        reply: 'bulk', effects: [],
        run: (ctx, args, as) => {
          const name = countedRead(ctx, () => ctx.engine.encoding(args[0]), (encoding) => encoding !== null);
          return name === null ? null : bulkOf(name, as);
        },
      },
      {
        name: 'object|help', arity: 2, flags: [], keys: NO_KEYS, group: 'generic', since: '6.2.0',
        args: [], summary: 'Lists the OBJECT subcommands.', complexity: 'O(1)',
        reply: { array: 'status' }, effects: [],
        run: () => [...OBJECT_HELP],
      },
    ],
  },
  /** persist: removes the expiry; 1 if there was one, else 0. */
  persist: {
    arity: 2, flags: ['write', 'fast'], keys: ONE_KEY, group: 'generic', since: '2.2.0',
    args: [key('key')], summary: 'Clears the expiry of a key so it stays until deleted; 1 when there was one to clear.', complexity: 'O(1)',
    reply: 'integer', effects: ['PERSIST'],
    method: method<(key: Key) => 0 | 1>({ single: 1 }),
    run: (ctx, args) => ctx.engine.persist(args[0]),
  },
});
