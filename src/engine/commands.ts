/**
 * The command table: one row per Redis command flashkv supports.
 *
 * A row gives the command's name, arity (Redis's convention: the count includes
 * the command name, and a negative arity -N means "at least N"), flags, key
 * positions, help text, and `run`, which parses the arguments with Redis's exact
 * errors and calls the typed {@link Engine} method. The same rows drive
 * `db.call()`, the CLI's dispatch and `help`, and (later) the server, the AOF
 * and transactions; adding a command means a row here plus an implementation in
 * each engine.
 *
 * A container command (MEMORY) has a row of its own for its name and arity,
 * and rows for its subcommands, named as Redis names them ("memory|usage");
 * {@link resolveCommand} picks the subcommand's row, whose flags and arity
 * then apply.
 *
 * The rows also keep INFO's counters (stats.ts): {@link runCommand} counts
 * each command run, and the rows that read keys count keyspace hits and
 * misses from their replies.
 *
 * Replies follow ioredis's shapes: integers as numbers (bigint beyond 2^53),
 * 'OK' and other status replies as strings, bulk replies as strings with
 * `As.String` or Uint8Array with `As.Bytes`, null for nil, arrays as arrays. In
 * `As.Bytes` mode a status reply is the only string, so a front end can tell
 * `+OK` from a bulk "OK".
 */
import { CommandError } from '../errors/command-error.js';
import { WrongTypeError } from '../errors/wrongtype-error.js';
import {
  INVALID_CURSOR, OFFSET_OUT_OF_RANGE, SAME_OBJECT, SYNTAX, unknownCommand, unknownSubcommand, wrongArity,
} from '../errors/messages.js';
import {
  argText,
  argToken,
  asciiLower,
  ExpiryUnit,
  FractionArg,
  fractionRefused,
  readExpireTime,
  readIndex,
  readInt64,
  readPositiveExpiry,
} from './args.js';
import { byteStringToUtf8, equalBytes, toByteString, toBytes, utf8Decode, utf8Encode } from './bytes.js';
import { INT64_MIN, toInt } from './integer.js';
import {
  As,
  type Bulk,
  ExpireFlags,
  GetExMode,
  SetFlags,
  type Bytes,
  type Engine,
  type Int,
} from './engine.js';
import { infoText } from './info.js';
import type { ScanCursors } from './scan-cursors.js';
import type { Stats } from './stats.js';

/** A command's reply, in ioredis's shapes (see the module comment). */
export type Reply = null | string | Uint8Array | number | bigint | Reply[];

/**
 * Command flags, as Redis names them:
 * - `write`: may change the dataset (logged to the AOF, undone by a rolled-back transaction).
 * - `readonly`: never changes the dataset (allowed in `db.view()`).
 * - `denyoom`: may grow memory, so refused when memory is exhausted.
 * - `fast`: O(1) or O(log N), never blocks for long.
 */
export type CommandFlag = 'write' | 'readonly' | 'denyoom' | 'fast';

/** Redis's command groups, for help listings. */
export type CommandGroup = 'string' | 'generic' | 'server' | 'connection';

/** Where a command's keys are: argument positions counted from the command name at 0. */
export interface KeySpec {
  /** Position of the first key, 0 if the command takes none. */
  first: number;
  /** Position of the last key; -1 means the last argument. */
  last: number;
  /** Distance between keys (2 for MSET's key value pairs). */
  step: number;
}

/** What a command runs against: the engine and the session state the table keeps. */
export interface CommandContext {
  engine: Engine;
  cursors: ScanCursors;
  /** INFO's counters (stats.ts). */
  stats: Stats;
}

/** One row of the command table. */
export interface Command {
  /** Lower-case name. */
  name: string;
  /** Argument count including the name; negative -N means at least N. */
  arity: number;
  flags: readonly CommandFlag[];
  keys: KeySpec;
  group: CommandGroup;
  /** The arguments after the name, in Redis's documentation syntax. */
  syntax: string;
  /**
   * What the command does, in one or two sentences of our own: third person
   * ("Reads the string at a key."), with the reply's special values.
   */
  summary: string;
  /**
   * Time cost in big-O: a key lookup counts as O(1) (the radix tree's depth
   * depends on the key's length, not on how many keys there are), N names
   * what grows.
   */
  complexity: string;
  /** The Redis version that introduced the command. */
  since: string;
  /**
   * Parses `args` (the arguments after the name; arity already checked) and
   * runs the command. Throws {@link ReplyError}s with Redis's texts.
   */
  run(ctx: CommandContext, args: readonly Bytes[], as: As): Reply;
  /**
   * A container command's subcommands, named "<container>|<subcommand>";
   * their arity counts the container's name and the subcommand's.
   */
  subcommands?: readonly Command[];
}

const NO_KEYS: KeySpec = { first: 0, last: 0, step: 0 };
const ONE_KEY: KeySpec = { first: 1, last: 1, step: 1 };
const TWO_KEYS: KeySpec = { first: 1, last: 2, step: 1 };
const ALL_KEYS: KeySpec = { first: 1, last: -1, step: 1 };
const PAIRS: KeySpec = { first: 1, last: -1, step: 2 };

/** A bulk reply the table makes itself (cursors, echoed arguments), in the form `as` asks for. */
function bulkOf(value: Bytes, as: As): Bulk {
  if (as === As.Bytes) return typeof value === 'string' ? utf8Encode(value) : value.slice();
  return typeof value === 'string' ? value : utf8Decode(value);
}

// ---------------------------------------------------------------------------
// Keyspace hits and misses (stats.ts says which lookups count)
// ---------------------------------------------------------------------------

/** Runs a read whose key lookup INFO counts: a hit or a miss by what `found` says of the reply. */
function countedRead<T>(ctx: CommandContext, read: () => T, found: (reply: T) => boolean): T {
  let reply: T;
  try {
    reply = read();
  } catch (error) {
    return ctx.stats.failedRead(error);
  }
  ctx.stats.lookup(found(reply));
  return reply;
}

const notNull = (reply: unknown): boolean => reply !== null;

/**
 * Whether `key` holds a value of any type, for replies that read the same
 * for a missing key and a present one (STRLEN 0, GETRANGE '', MGET nil,
 * COPY 0). Asked only after such a reply, so found values cost nothing extra.
 */
function keyExists(ctx: CommandContext, key: Bytes): boolean {
  return ctx.engine.type(key) !== 'none';
}

// ---------------------------------------------------------------------------
// SET-family option parsing (Redis's parseExtendedStringArgumentsOrReply)
// ---------------------------------------------------------------------------

/** Which command the extended string options belong to: SET allows NX/XX/GET/KEEPTTL, GETEX allows PERSIST. */
const enum OptionsFor {
  Set = 0,
  GetEx = 1,
}

interface StringOptions {
  flags: SetFlags;
  persist: boolean;
  unit: ExpiryUnit;
  relative: boolean;
  expiry: Bytes | null;
}

/**
 * Parses `[NX|XX] [GET] [EX s|PX ms|EXAT s|PXAT ms|KEEPTTL|PERSIST]` from
 * `args[start..]`. As in Redis, repeating an option is allowed, conflicting
 * ones are a syntax error, and a number is not read until parsing is done.
 */
function parseStringOptions(args: readonly Bytes[], start: number, target: OptionsFor): StringOptions {
  const options: StringOptions = { flags: SetFlags.None, persist: false, unit: ExpiryUnit.Seconds, relative: true, expiry: null };
  let expireToken = '';
  const isSet = target === OptionsFor.Set;
  for (let i = start; i < args.length; i++) {
    const token = argToken(args[i]);
    const hasNext = i + 1 < args.length;
    const keepTtl = (options.flags & SetFlags.KeepTTL) !== 0;
    if (isSet && token === 'NX' && !(options.flags & SetFlags.XX)) {
      options.flags |= SetFlags.NX;
    } else if (isSet && token === 'XX' && !(options.flags & SetFlags.NX)) {
      options.flags |= SetFlags.XX;
    } else if (isSet && token === 'GET') {
      options.flags |= SetFlags.Get;
    } else if (isSet && token === 'KEEPTTL' && expireToken === '') {
      options.flags |= SetFlags.KeepTTL;
    } else if (!isSet && token === 'PERSIST' && expireToken === '') {
      options.persist = true;
    } else if (
      (token === 'EX' || token === 'PX' || token === 'EXAT' || token === 'PXAT') &&
      hasNext &&
      !keepTtl &&
      !options.persist &&
      (expireToken === '' || expireToken === token)
    ) {
      expireToken = token;
      options.unit = token === 'EX' || token === 'EXAT' ? ExpiryUnit.Seconds : ExpiryUnit.Milliseconds;
      options.relative = token === 'EX' || token === 'PX';
      options.expiry = args[++i];
    } else {
      throw new CommandError(SYNTAX);
    }
  }
  return options;
}

// ---------------------------------------------------------------------------
// Shared command bodies
// ---------------------------------------------------------------------------

function setGeneric(ctx: CommandContext, command: string, key: Bytes, value: Bytes, options: StringOptions, as: As): Reply {
  let flags = options.flags;
  let expireAt: Int = 0;
  if (options.expiry !== null) {
    expireAt = readPositiveExpiry(options.expiry, options.unit, options.relative, ctx.engine.now, command);
    flags |= SetFlags.Expire;
  }
  if ((flags & SetFlags.Get) === 0) return ctx.engine.set(key, value, flags, expireAt, as);
  return countedRead(ctx, () => ctx.engine.set(key, value, flags, expireAt, as), notNull);
}

function setWithExpiry(ctx: CommandContext, command: string, args: readonly Bytes[], unit: ExpiryUnit): Reply {
  const expireAt = readPositiveExpiry(args[1], unit, true, ctx.engine.now, command);
  return ctx.engine.set(args[0], args[2], SetFlags.Expire, expireAt, As.String);
}

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

function flushGeneric(ctx: CommandContext, args: readonly Bytes[]): Reply {
  if (args.length > 1) throw new CommandError(SYNTAX);
  if (args.length === 1) {
    const mode = argToken(args[0]);
    if (mode !== 'ASYNC' && mode !== 'SYNC') throw new CommandError(SYNTAX);
  }
  ctx.engine.flushall();
  return 'OK';
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
 * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]. The keyspace is
 * ordered, so a cursor stands for "resume after this key"; {@link ScanCursors}
 * maps the numbers clients see to those keys.
 */
function scanCommand(ctx: CommandContext, args: readonly Bytes[], as: As): Reply {
  const cursor = readCursor(args[0]);
  let count = 10;
  let match: Uint8Array | null = null;
  let type: string | null = null;
  for (let i = 1; i < args.length; i++) {
    const token = argToken(args[i]);
    const hasNext = i + 1 < args.length;
    if (token === 'COUNT' && hasNext) {
      const value = readInt64(args[++i]);
      if (value < 1) throw new CommandError(SYNTAX);
      count = value > 1000000 ? 1000000 : Number(value);
    } else if (token === 'MATCH' && hasNext) {
      const pattern = args[++i];
      match = toBytes(pattern);
    } else if (token === 'TYPE' && hasNext) {
      type = asciiLower(argText(args[++i]));
    } else {
      throw new CommandError(SYNTAX);
    }
  }
  const from = ctx.cursors.resume(cursor);
  const batch = ctx.engine.scanKeys({ from, inclusive: false, limit: count, end: null, prefix: null, match, type: null, expired: true });
  const next = batch.last === null ? 0 : ctx.cursors.save(batch.last);
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
  const keys = found.map((key): Reply => (as === As.Bytes ? key : utf8Decode(key)));
  return [bulkOf(String(next), as), keys];
}

/** Whether `key` holds a value of type `type` (lower case), counting the lookup as a read. */
function typeMatches(ctx: CommandContext, key: Uint8Array, type: string): boolean {
  const actual = ctx.engine.type(key);
  ctx.stats.lookup(actual !== 'none');
  return actual === type;
}

/**
 * A SCAN cursor read as Redis reads it, with C's strtoul: an optional sign
 * and decimal digits, all of it, no leading space, at most 2^64 - 1 in
 * magnitude; a minus sign wraps modulo 2^64 and an empty string is 0. Exact:
 * a number while it is at most 2^53 - 1 (every cursor SCAN hands out), a
 * bigint beyond.
 */
function readCursor(arg: Bytes): Int {
  const text = argText(arg);
  if (text === '') return 0;
  if (!/^[+-]?[0-9]+$/.test(text)) {
    if (arg instanceof FractionArg) throw fractionRefused(arg);
    throw new CommandError(INVALID_CURSOR);
  }
  const negative = text.charCodeAt(0) === 0x2d;
  const digits = negative || text.charCodeAt(0) === 0x2b ? text.slice(1) : text;
  // Number() of a digit string is exact while the value is a safe integer,
  // and no safe integer when it is not.
  const small = Number(digits);
  if (Number.isSafeInteger(small) && (small === 0 || !negative)) return small;
  const magnitude = BigInt(digits);
  if (magnitude > UINT64_MAX) throw new CommandError(INVALID_CURSOR);
  return toInt(negative ? (UINT64_MAX + 1n - magnitude) & UINT64_MAX : magnitude);
}

const UINT64_MAX = 0xffffffffffffffffn;

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


/**
 * MEMORY USAGE key [SAMPLES count]: the options are checked before the key
 * is looked up, as Redis does. SAMPLES bounds how many elements Redis
 * samples in a collection; flashkv measures whole values, so the count is
 * only validated.
 */
function memoryUsage(ctx: CommandContext, args: readonly Bytes[]): Reply {
  for (let i = 1; i < args.length; i++) {
    if (argToken(args[i]) === 'SAMPLES' && i + 1 < args.length) {
      if (readInt64(args[++i]) < 0) throw new CommandError(SYNTAX);
    } else {
      throw new CommandError(SYNTAX);
    }
  }
  return ctx.engine.memoryUsage(args[0]);
}

/** MEMORY HELP's reply lines (status replies, as Redis sends help). */
const MEMORY_HELP: readonly string[] = [
  'MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'USAGE <key> [SAMPLES <count>]',
  '    The bytes <key> takes with its value, expiry and bookkeeping; nil if it does not exist.',
  '    SAMPLES is accepted for compatibility: flashkv measures the whole value.',
  'HELP',
  '    Lists these subcommands.',
];

function requirePairs(name: string, args: readonly Bytes[]): void {
  if (args.length % 2 !== 0) throw new CommandError(wrongArity(name));
}

// ---------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------

const string = 'string' as const;
const generic = 'generic' as const;
const server = 'server' as const;
const connection = 'connection' as const;

/** Every command flashkv supports, by lower-case name. */
export const COMMANDS: readonly Command[] = [
  // --- strings ---------------------------------------------------------------
  {
    name: 'get', arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY, group: string, since: '1.0.0',
    syntax: 'key', summary: 'Reads the string at a key; nil when the key is missing.', complexity: 'O(1)',
    run: (ctx, args, as) => countedRead(ctx, () => ctx.engine.get(args[0], as), notNull),
  },
  {
    name: 'set', arity: -3, flags: ['write', 'denyoom'], keys: ONE_KEY, group: string, since: '1.0.0',
    syntax: 'key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]',
    summary: 'Stores a string at a key, whatever the key held before. Options add a condition (NX, XX), an expiry, or return the old string (GET).', complexity: 'O(1)',
    run: (ctx, args, as) => setGeneric(ctx, 'set', args[0], args[1], parseStringOptions(args, 2, OptionsFor.Set), as),
  },
  {
    name: 'getset', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY, group: string, since: '1.0.0',
    syntax: 'key value', summary: 'Stores a string at a key and returns the string it replaced, or nil.', complexity: 'O(1)',
    run: (ctx, args, as) => countedRead(ctx, () => ctx.engine.set(args[0], args[1], SetFlags.Get, 0, as), notNull),
  },
  {
    name: 'getdel', arity: 2, flags: ['write', 'fast'], keys: ONE_KEY, group: string, since: '6.2.0',
    syntax: 'key', summary: 'Returns the string at a key and deletes the key.', complexity: 'O(1)',
    run: (ctx, args, as) => countedRead(ctx, () => ctx.engine.getdel(args[0], as), notNull),
  },
  {
    name: 'getex', arity: -2, flags: ['write', 'fast'], keys: ONE_KEY, group: string, since: '6.2.0',
    syntax: 'key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST]',
    summary: 'Returns the string at a key and sets or clears its expiry.', complexity: 'O(1)',
    run: (ctx, args, as) => {
      const options = parseStringOptions(args, 1, OptionsFor.GetEx);
      if (options.persist || options.expiry === null) {
        const mode = options.persist ? GetExMode.Persist : GetExMode.Keep;
        return countedRead(ctx, () => ctx.engine.getex(args[0], mode, 0, as), notNull);
      }
      // Redis looks the key up before it reads the time: a missing key is nil
      // and a key of another type is WRONGTYPE, whatever the time says.
      const type = ctx.engine.type(args[0]);
      ctx.stats.lookup(type !== 'none');
      if (type === 'none') return null;
      if (type !== 'string') throw new WrongTypeError();
      const at = readPositiveExpiry(options.expiry, options.unit, options.relative, ctx.engine.now, 'getex');
      return ctx.engine.getex(args[0], GetExMode.At, at, as);
    },
  },
  {
    name: 'setnx', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY, group: string, since: '1.0.0',
    syntax: 'key value', summary: 'Stores a string at a key only if the key is missing; 1 when stored, 0 when not.', complexity: 'O(1)',
    run: (ctx, args) => (ctx.engine.set(args[0], args[1], SetFlags.NX, 0, As.String) === null ? 0 : 1),
  },
  {
    name: 'setex', arity: 4, flags: ['write', 'denyoom'], keys: ONE_KEY, group: string, since: '2.0.0',
    syntax: 'key seconds value', summary: 'Stores a string at a key that expires after a number of seconds.', complexity: 'O(1)',
    run: (ctx, args) => setWithExpiry(ctx, 'setex', args, ExpiryUnit.Seconds),
  },
  {
    name: 'psetex', arity: 4, flags: ['write', 'denyoom'], keys: ONE_KEY, group: string, since: '2.6.0',
    syntax: 'key milliseconds value', summary: 'Stores a string at a key that expires after a number of milliseconds.', complexity: 'O(1)',
    run: (ctx, args) => setWithExpiry(ctx, 'psetex', args, ExpiryUnit.Milliseconds),
  },
  {
    name: 'mget', arity: -2, flags: ['readonly', 'fast'], keys: ALL_KEYS, group: string, since: '1.0.0',
    syntax: 'key [key ...]', summary: 'Reads the strings at several keys in one step; nil for each key that is missing or holds another type.', complexity: 'O(N) for N keys',
    run: (ctx, args, as) => {
      const values = ctx.engine.mget(args as Bytes[], as);
      for (let i = 0; i < values.length; i++) ctx.stats.lookup(values[i] !== null || keyExists(ctx, args[i]));
      return values;
    },
  },
  {
    name: 'mset', arity: -3, flags: ['write', 'denyoom'], keys: PAIRS, group: string, since: '1.0.1',
    syntax: 'key value [key value ...]', summary: 'Stores several key/value pairs in one step.', complexity: 'O(N) for N pairs',
    run: (ctx, args) => {
      requirePairs('mset', args);
      ctx.engine.mset(args as Bytes[]);
      return 'OK';
    },
  },
  {
    name: 'msetnx', arity: -3, flags: ['write', 'denyoom'], keys: PAIRS, group: string, since: '1.0.1',
    syntax: 'key value [key value ...]', summary: 'Stores several key/value pairs only if none of the keys exists; 1 when stored, 0 when not.', complexity: 'O(N) for N pairs',
    run: (ctx, args) => {
      requirePairs('msetnx', args);
      return ctx.engine.msetnx(args as Bytes[]);
    },
  },
  {
    name: 'append', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY, group: string, since: '2.0.0',
    syntax: 'key value', summary: 'Adds bytes to the end of the string at a key (starting from an empty string) and returns the new length.', complexity: 'O(M) for M added bytes, plus a copy of the value when its block must grow',
    run: (ctx, args) => ctx.engine.append(args[0], args[1]),
  },
  {
    name: 'strlen', arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY, group: string, since: '2.2.0',
    syntax: 'key', summary: 'Returns the length in bytes of the string at a key; 0 when the key is missing.', complexity: 'O(1)',
    run: (ctx, args) => countedRead(ctx, () => ctx.engine.strlen(args[0]), (length) => length > 0 || keyExists(ctx, args[0])),
  },
  {
    name: 'getrange', arity: 4, flags: ['readonly'], keys: ONE_KEY, group: string, since: '2.4.0',
    syntax: 'key start end', summary: 'Returns the bytes of a string from one offset to another, both included; negative offsets count back from the end.', complexity: 'O(M) for M returned bytes',
    run: (ctx, args, as) => {
      const start = readIndex(args[1]);
      const end = readIndex(args[2]);
      return countedRead(ctx, () => ctx.engine.getrange(args[0], start, end, as), (range) => range.length > 0 || keyExists(ctx, args[0]));
    },
  },
  {
    name: 'setrange', arity: 4, flags: ['write', 'denyoom'], keys: ONE_KEY, group: string, since: '2.2.0',
    syntax: 'key offset value', summary: 'Writes bytes into the string at a key from an offset, padding with zero bytes, and returns the new length.', complexity: 'O(M) for M written bytes, plus a copy of the value when its block must grow',
    run: (ctx, args) => {
      const offset = readIndex(args[1]);
      if (offset < 0) throw new CommandError(OFFSET_OUT_OF_RANGE);
      return ctx.engine.setrange(args[0], offset, args[2]);
    },
  },
  {
    name: 'incr', arity: 2, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY, group: string, since: '1.0.0',
    syntax: 'key', summary: 'Adds 1 to the integer at a key (a missing key counts as 0) and returns the result.', complexity: 'O(1)',
    run: (ctx, args) => ctx.engine.incrby(args[0], 1),
  },
  {
    name: 'decr', arity: 2, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY, group: string, since: '1.0.0',
    syntax: 'key', summary: 'Subtracts 1 from the integer at a key (a missing key counts as 0) and returns the result.', complexity: 'O(1)',
    run: (ctx, args) => ctx.engine.incrby(args[0], -1),
  },
  {
    name: 'incrby', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY, group: string, since: '1.0.0',
    syntax: 'key increment', summary: 'Adds a 64-bit integer to the integer at a key (a missing key counts as 0) and returns the result.', complexity: 'O(1)',
    run: (ctx, args) => ctx.engine.incrby(args[0], readInt64(args[1])),
  },
  {
    name: 'decrby', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY, group: string, since: '1.0.0',
    syntax: 'key decrement', summary: 'Subtracts a 64-bit integer from the integer at a key (a missing key counts as 0) and returns the result.', complexity: 'O(1)',
    run: (ctx, args) => {
      const decrement = readInt64(args[1]);
      // -LLONG_MIN does not fit in 64 bits; Redis refuses it before touching the key.
      if (decrement === INT64_MIN) throw new CommandError('ERR decrement would overflow');
      return ctx.engine.incrby(args[0], typeof decrement === 'number' ? 0 - decrement : -decrement);
    },
  },
  {
    name: 'incrbyfloat', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY, group: string, since: '2.6.0',
    syntax: 'key increment', summary: 'Adds a decimal number to the number at a key (a missing key counts as 0) and returns the result as a string.', complexity: 'O(1)',
    run: (ctx, args, as) => ctx.engine.incrbyfloat(args[0], args[1], as),
  },

  // --- keyspace --------------------------------------------------------------
  {
    name: 'del', arity: -2, flags: ['write'], keys: ALL_KEYS, group: generic, since: '1.0.0',
    syntax: 'key [key ...]', summary: 'Deletes keys of any type and returns how many existed.', complexity: 'O(N) for N keys',
    run: (ctx, args) => ctx.engine.del(args as Bytes[]),
  },
  {
    name: 'unlink', arity: -2, flags: ['write', 'fast'], keys: ALL_KEYS, group: generic, since: '4.0.0',
    syntax: 'key [key ...]', summary: 'Deletes keys as DEL does (flashkv frees their memory at once) and returns how many existed.', complexity: 'O(N) for N keys',
    run: (ctx, args) => ctx.engine.del(args as Bytes[]),
  },
  {
    name: 'exists', arity: -2, flags: ['readonly', 'fast'], keys: ALL_KEYS, group: generic, since: '1.0.0',
    syntax: 'key [key ...]', summary: 'Counts how many of the given keys exist; a key given twice counts twice.', complexity: 'O(N) for N keys',
    run: (ctx, args) => {
      const found = ctx.engine.exists(args as Bytes[]);
      ctx.stats.hits += found;
      ctx.stats.misses += args.length - found;
      return found;
    },
  },
  {
    name: 'type', arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY, group: generic, since: '1.0.0',
    syntax: 'key', summary: 'Names the type of the value at a key, or "none" when the key is missing.', complexity: 'O(1)',
    run: (ctx, args) => countedRead(ctx, () => ctx.engine.type(args[0]), (type) => type !== 'none'),
  },
  {
    name: 'rename', arity: 3, flags: ['write'], keys: TWO_KEYS, group: generic, since: '1.0.0',
    syntax: 'key newkey', summary: 'Moves a value and its expiry to a new key name, replacing what that name held.', complexity: 'O(1)',
    run: (ctx, args) => ctx.engine.rename(args[0], args[1], false),
  },
  {
    name: 'renamenx', arity: 3, flags: ['write', 'fast'], keys: TWO_KEYS, group: generic, since: '1.0.0',
    syntax: 'key newkey', summary: 'Moves a value and its expiry to a new key name only if that name is free; 1 when moved, 0 when not.', complexity: 'O(1)',
    run: (ctx, args) => ctx.engine.rename(args[0], args[1], true),
  },
  {
    name: 'copy', arity: -3, flags: ['write', 'denyoom'], keys: TWO_KEYS, group: generic, since: '6.2.0',
    syntax: 'source destination [DB destination-db] [REPLACE]', summary: 'Duplicates a value and its expiry under a second key; REPLACE lets it overwrite that key.', complexity: 'O(1) for a string',
    run: (ctx, args) => copyCommand(ctx, args),
  },
  {
    name: 'keys', arity: 2, flags: ['readonly'], keys: NO_KEYS, group: generic, since: '1.0.0',
    syntax: 'pattern', summary: 'Lists every key that matches a glob pattern, in byte order.', complexity: 'O(N) for N keys in the database',
    run: (ctx, args, as) => keysMatching(ctx.engine, args[0], as),
  },
  {
    name: 'scan', arity: -2, flags: ['readonly'], keys: NO_KEYS, group: generic, since: '2.8.0',
    syntax: 'cursor [MATCH pattern] [COUNT count] [TYPE type]', summary: 'Walks the keys in byte order, a batch per call, resuming from the cursor the previous call returned.', complexity: 'O(COUNT) per call; O(N) to walk N keys',
    run: scanCommand,
  },
  {
    name: 'dbsize', arity: 1, flags: ['readonly', 'fast'], keys: NO_KEYS, group: server, since: '1.0.0',
    syntax: '', summary: 'Counts the keys in the database.', complexity: 'O(1)',
    run: (ctx) => ctx.engine.dbsize(),
  },
  {
    name: 'flushdb', arity: -1, flags: ['write'], keys: NO_KEYS, group: server, since: '1.0.0',
    syntax: '[ASYNC | SYNC]', summary: 'Deletes every key; flashkv has one database, so this is FLUSHALL.', complexity: 'O(N) for N keys',
    run: (ctx, args) => flushGeneric(ctx, args),
  },
  {
    name: 'flushall', arity: -1, flags: ['write'], keys: NO_KEYS, group: server, since: '1.0.0',
    syntax: '[ASYNC | SYNC]', summary: 'Deletes every key.', complexity: 'O(N) for N keys',
    run: (ctx, args) => flushGeneric(ctx, args),
  },
  {
    name: 'randomkey', arity: 1, flags: ['readonly'], keys: NO_KEYS, group: generic, since: '1.0.0',
    syntax: '', summary: 'Returns a key picked at random, or nil when the database is empty.', complexity: 'O(1), plus a retry for each expired key it picks',
    run: (ctx, _args, as) => ctx.engine.randomkey(as),
  },
  {
    name: 'expire', arity: -3, flags: ['write', 'fast'], keys: ONE_KEY, group: generic, since: '1.0.0',
    syntax: 'key seconds [NX | XX | GT | LT]', summary: 'Makes a key expire after a number of seconds; NX, XX, GT and LT make the change conditional.', complexity: 'O(1)',
    run: (ctx, args) => expireGeneric(ctx, 'expire', args, ExpiryUnit.Seconds, true),
  },
  {
    name: 'pexpire', arity: -3, flags: ['write', 'fast'], keys: ONE_KEY, group: generic, since: '2.6.0',
    syntax: 'key milliseconds [NX | XX | GT | LT]', summary: 'Makes a key expire after a number of milliseconds; NX, XX, GT and LT make the change conditional.', complexity: 'O(1)',
    run: (ctx, args) => expireGeneric(ctx, 'pexpire', args, ExpiryUnit.Milliseconds, true),
  },
  {
    name: 'expireat', arity: -3, flags: ['write', 'fast'], keys: ONE_KEY, group: generic, since: '1.2.0',
    syntax: 'key unix-time-seconds [NX | XX | GT | LT]', summary: 'Makes a key expire at a Unix time in seconds; NX, XX, GT and LT make the change conditional.', complexity: 'O(1)',
    run: (ctx, args) => expireGeneric(ctx, 'expireat', args, ExpiryUnit.Seconds, false),
  },
  {
    name: 'pexpireat', arity: -3, flags: ['write', 'fast'], keys: ONE_KEY, group: generic, since: '2.6.0',
    syntax: 'key unix-time-milliseconds [NX | XX | GT | LT]', summary: 'Makes a key expire at a Unix time in milliseconds; NX, XX, GT and LT make the change conditional.', complexity: 'O(1)',
    run: (ctx, args) => expireGeneric(ctx, 'pexpireat', args, ExpiryUnit.Milliseconds, false),
  },
  {
    name: 'ttl', arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY, group: generic, since: '1.0.0',
    syntax: 'key', summary: 'Returns the seconds left before a key expires; -1 when it has no expiry, -2 when it is missing.', complexity: 'O(1)',
    run: (ctx, args) => ttlGeneric(ctx, args[0], false, false),
  },
  {
    name: 'pttl', arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY, group: generic, since: '2.6.0',
    syntax: 'key', summary: 'Returns the milliseconds left before a key expires; -1 when it has no expiry, -2 when it is missing.', complexity: 'O(1)',
    run: (ctx, args) => ttlGeneric(ctx, args[0], true, false),
  },
  {
    name: 'expiretime', arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY, group: generic, since: '7.0.0',
    syntax: 'key', summary: 'Returns the Unix time in seconds at which a key expires; -1 when it has no expiry, -2 when it is missing.', complexity: 'O(1)',
    run: (ctx, args) => ttlGeneric(ctx, args[0], false, true),
  },
  {
    name: 'pexpiretime', arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY, group: generic, since: '7.0.0',
    syntax: 'key', summary: 'Returns the Unix time in milliseconds at which a key expires; -1 when it has no expiry, -2 when it is missing.', complexity: 'O(1)',
    run: (ctx, args) => ttlGeneric(ctx, args[0], true, true),
  },

  {
    name: 'persist', arity: 2, flags: ['write', 'fast'], keys: ONE_KEY, group: generic, since: '2.2.0',
    syntax: 'key', summary: 'Clears the expiry of a key so it stays until deleted; 1 when there was one to clear.', complexity: 'O(1)',
    run: (ctx, args) => ctx.engine.persist(args[0]),
  },

  // --- introspection ---------------------------------------------------------
  {
    name: 'info', arity: -1, flags: [], keys: NO_KEYS, group: server, since: '1.0.0',
    syntax: '[section [section ...]]',
    summary: 'Reports the server, memory, stats and keyspace figures as text, one "field:value" line each.',
    complexity: 'O(1); the TS engine visits every key to estimate its memory figures',
    run: (ctx, args, as) => bulkOf(infoText(ctx, args), as),
  },
  {
    name: 'memory', arity: -2, flags: [], keys: NO_KEYS, group: server, since: '4.0.0',
    syntax: 'USAGE key [SAMPLES count] | HELP', summary: 'Reports memory figures: the bytes one key takes (USAGE), or the list of subcommands (HELP).',
    complexity: 'That of the subcommand',
    run: (ctx, args, as) => {
      const call = resolveSubcommand(MEMORY, args);
      return call.command.run(ctx, call.args, as);
    },
    subcommands: [
      {
        name: 'memory|usage', arity: -3, flags: ['readonly'], keys: { first: 2, last: 2, step: 1 }, group: server, since: '4.0.0',
        syntax: 'key [SAMPLES count]', summary: 'Reports the bytes a key takes with its value, expiry and bookkeeping, or nil when it is missing.',
        complexity: 'O(1) for a string',
        run: (ctx, args) => memoryUsage(ctx, args),
      },
      {
        name: 'memory|help', arity: 2, flags: [], keys: NO_KEYS, group: server, since: '4.0.0',
        syntax: '', summary: 'Lists the MEMORY subcommands.', complexity: 'O(1)',
        run: () => [...MEMORY_HELP],
      },
    ],
  },

  // --- connection ------------------------------------------------------------
  {
    name: 'ping', arity: -1, flags: ['fast'], keys: NO_KEYS, group: connection, since: '1.0.0',
    syntax: '[message]', summary: 'Replies PONG, or echoes its argument; a cheap check that the database answers.', complexity: 'O(1)',
    run: (_ctx, args, as) => {
      if (args.length > 1) throw new CommandError(wrongArity('ping'));
      return args.length === 0 ? 'PONG' : bulkOf(args[0], as);
    },
  },
  {
    name: 'echo', arity: 2, flags: ['fast'], keys: NO_KEYS, group: connection, since: '1.0.0',
    syntax: 'message', summary: 'Returns its argument unchanged.', complexity: 'O(1)',
    run: (_ctx, args, as) => bulkOf(args[0], as),
  },
];

/**
 * The rows by name, each under its lower-case and its upper-case spelling:
 * the two ways commands are written (db.call('SET', ...), the methods'
 * 'set'), found without lower-casing the name on every call.
 */
const BY_NAME = new Map<string, Command>();
for (const command of COMMANDS) {
  BY_NAME.set(command.name, command);
  BY_NAME.set(command.name.toUpperCase(), command);
}

const MEMORY = BY_NAME.get('memory')!;

/** The row for a command name in any case (ASCII letters, as Redis folds them), or undefined. */
export function lookupCommand(name: string): Command | undefined {
  return BY_NAME.get(name) ?? BY_NAME.get(asciiLower(name));
}

/** Whether `argc` arguments (the name included) satisfy the row's arity. */
export function arityAccepts(command: Command, argc: number): boolean {
  return command.arity >= 0 ? argc === command.arity : argc >= -command.arity;
}

/** A command ready to run: its row (a subcommand's for a container) and the arguments after its name. */
export interface ResolvedCall {
  command: Command;
  args: Bytes[];
}

/**
 * resolveCommand: finds the row for `name` and checks the arguments' count,
 * with Redis's errors: unknown command, wrong number of arguments, and for a
 * container command, unknown subcommand and the subcommand's arity (named
 * "memory|usage", as Redis names it). A command refused here has not run
 * and is not counted.
 */
export function resolveCommand(name: Bytes, args: Bytes[]): ResolvedCall {
  const command = lookupCommand(typeof name === 'string' ? name : argText(name));
  if (command === undefined) throw new CommandError(byteStringToUtf8(unknownCommand(toByteString(name), args.map(toByteString))));
  if (!arityAccepts(command, args.length + 1)) throw new CommandError(wrongArity(command.name));
  return command.subcommands === undefined ? { command, args } : resolveSubcommand(command, args);
}

/** The subcommand row `args[0]` names in `container` (arity already checked), with the arguments after it. */
function resolveSubcommand(container: Command, args: readonly Bytes[]): ResolvedCall {
  const wanted = `${container.name}|${asciiLower(argText(args[0]))}`;
  const command = container.subcommands?.find((sub) => sub.name === wanted);
  if (command === undefined) throw new CommandError(byteStringToUtf8(unknownSubcommand(toByteString(args[0]), container.name)));
  if (!arityAccepts(command, args.length + 1)) throw new CommandError(wrongArity(command.name));
  return { command, args: args.slice(1) };
}

/** runCommand: runs a resolved command against `ctx`, counting it in INFO's total_commands_processed. */
export function runCommand(ctx: CommandContext, call: ResolvedCall, as: As): Reply {
  ctx.stats.commands++;
  return call.command.run(ctx, call.args, as);
}

