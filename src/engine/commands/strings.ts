/**
 * The string commands: their rows, and the option parsing SET and GETEX share.
 */
import { CommandError } from '../../errors/command-error.js';
import { WrongTypeError } from '../../errors/wrongtype-error.js';
import { OFFSET_OUT_OF_RANGE, SYNTAX, wrongArity } from '../../errors/messages.js';
import { argToken, ExpiryUnit, readIndex, readInt64, readPositiveExpiry } from '../args.js';
import { INT64_MIN } from '../integer.js';
import { As, GetExMode, SetFlags, type Bulk, type Bytes, type Int } from '../engine.js';

import { block, double, integer, key, MULTIPLE, oneOf, OPTIONAL, string, token, unixTime } from './grammar.js';
import type { Arg, Key, Pairs, Variadic } from './params.js';
import { ALL_KEYS, countedRead, bufferedMethod, family, keyExists, method, notNull, ONE_KEY, PAIRS, type CommandContext, type Reply } from './row.js';

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

/** GET: {@link countedRead} written out, since GET is the command run most and a closure per call shows. */
function getString(ctx: CommandContext, args: readonly Bytes[], as: As): Reply {
  let value: Bulk | null;
  try {
    value = ctx.engine.get(args[0], as);
  } catch (error) {
    return ctx.stats.failedRead(error);
  }
  ctx.stats.lookup(value !== null);
  return value;
}

/** SET key value [options]: a plain SET skips the option parsing. */
function setCommand(ctx: CommandContext, args: readonly Bytes[], as: As): Reply {
  if (args.length === 2) return ctx.engine.set(args[0], args[1], SetFlags.None, 0, as);
  return setGeneric(ctx, 'set', args[0], args[1], parseStringOptions(args, 2, OptionsFor.Set), as);
}

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

function requirePairs(name: string, args: readonly Bytes[]): void {
  if (args.length % 2 !== 0) throw new CommandError(wrongArity(name));
}

/** The string rows. */
export const STRING_COMMANDS = family({
  /** get: the string value of `key`, or null. Throws WrongTypeError for other types. */
  get: {
    arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY, group: 'string', since: '1.0.0',
    args: [key('key')], summary: 'Reads the string at a key; nil when the key is missing.', complexity: 'O(1)',
    reply: 'bulk', effects: [],
    method: bufferedMethod<(key: Key) => string | null>({ single: 1 }),
    run: getString,
  },
  /**
   * set: SET key value [NX | XX] [GET] [EX s | PX ms | EXAT s | PXAT ms | KEEPTTL].
   * Returns 'OK', or null when NX/XX prevented it; with GET, the old value.
   * @example db.set('k', 'v', 'PX', 1500, 'NX')
   */
  set: {
    arity: -3, flags: ['write', 'denyoom'], keys: ONE_KEY, group: 'string', since: '1.0.0',
    args: [key('key'), string('value'), oneOf('condition', [token('NX'), token('XX')], OPTIONAL), token('GET', OPTIONAL), oneOf('expiration', [integer('seconds', { token: 'EX' }), integer('milliseconds', { token: 'PX' }), unixTime('unix-time-seconds', { token: 'EXAT' }), unixTime('unix-time-milliseconds', { token: 'PXAT' }), token('KEEPTTL')], OPTIONAL)],
    summary: 'Stores a string at a key, whatever the key held before. Options add a condition (NX, XX), an expiry, or return the old string (GET).', complexity: 'O(1)',
    reply: { oneOf: ['status', 'bulk'] }, effects: ['SET', 'SET PXAT', 'SET KEEPTTL', 'DEL'],
    method: method<(key: Key, value: Arg, ...options: Variadic<Arg>) => 'OK' | string | null>({ single: 2 }),
    run: setCommand,
  },
  /** getset: sets `key` and returns its old value (or null). */
  getset: {
    arity: 3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY, group: 'string', since: '1.0.0',
    args: [key('key'), string('value')], summary: 'Stores a string at a key and returns the string it replaced, or nil.', complexity: 'O(1)',
    reply: 'bulk', effects: ['SET'],
    method: method<(key: Key, value: Arg) => string | null>({ single: 2 }),
    run: (ctx, args, as) => countedRead(ctx, () => ctx.engine.set(args[0], args[1], SetFlags.Get, 0, as), notNull),
  },
  /** getdel: returns the value of `key` (or null) and deletes it. */
  getdel: {
    arity: 2, flags: ['write', 'fast'], keys: ONE_KEY, group: 'string', since: '6.2.0',
    args: [key('key')], summary: 'Returns the string at a key and deletes the key.', complexity: 'O(1)',
    reply: 'bulk', effects: ['DEL'],
    method: bufferedMethod<(key: Key) => string | null>({ single: 1 }),
    run: (ctx, args, as) => countedRead(ctx, () => ctx.engine.getdel(args[0], as), notNull),
  },
  /** getex: GETEX key [EX s | PX ms | EXAT s | PXAT ms | PERSIST]: the value, changing the expiry. */
  getex: {
    arity: -2, flags: ['write', 'fast'], keys: ONE_KEY, group: 'string', since: '6.2.0',
    args: [key('key'), oneOf('expiration', [integer('seconds', { token: 'EX' }), integer('milliseconds', { token: 'PX' }), unixTime('unix-time-seconds', { token: 'EXAT' }), unixTime('unix-time-milliseconds', { token: 'PXAT' }), token('PERSIST')], OPTIONAL)],
    summary: 'Returns the string at a key and sets or clears its expiry.', complexity: 'O(1)',
    reply: 'bulk', effects: ['PEXPIREAT', 'PERSIST', 'DEL'],
    method: method<(key: Key, ...options: Variadic<Arg>) => string | null>({ single: 1 }),
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
  /** setnx: sets `key` only if absent; 1 if set, else 0. */
  setnx: {
    arity: 3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY, group: 'string', since: '1.0.0',
    args: [key('key'), string('value')], summary: 'Stores a string at a key only if the key is missing; 1 when stored, 0 when not.', complexity: 'O(1)',
    reply: 'integer', effects: ['SET'],
    method: method<(key: Key, value: Arg) => 0 | 1>({ single: 2 }),
    run: (ctx, args) => (ctx.engine.set(args[0], args[1], SetFlags.NX, 0, As.String) === null ? 0 : 1),
  },
  /** setex: sets `key` with a time to live in seconds. */
  setex: {
    arity: 4, flags: ['write', 'denyoom'], keys: ONE_KEY, group: 'string', since: '2.0.0',
    args: [key('key'), integer('seconds'), string('value')], summary: 'Stores a string at a key that expires after a number of seconds.', complexity: 'O(1)',
    reply: 'status', effects: ['SET PXAT'],
    method: method<(key: Key, seconds: Arg, value: Arg) => 'OK'>({ single: 3 }),
    run: (ctx, args) => setWithExpiry(ctx, 'setex', args, ExpiryUnit.Seconds),
  },
  /** psetex: sets `key` with a time to live in milliseconds. */
  psetex: {
    arity: 4, flags: ['write', 'denyoom'], keys: ONE_KEY, group: 'string', since: '2.6.0',
    args: [key('key'), integer('milliseconds'), string('value')], summary: 'Stores a string at a key that expires after a number of milliseconds.', complexity: 'O(1)',
    reply: 'status', effects: ['SET PXAT'],
    method: method<(key: Key, milliseconds: Arg, value: Arg) => 'OK'>({ single: 3 }),
    run: (ctx, args) => setWithExpiry(ctx, 'psetex', args, ExpiryUnit.Milliseconds),
  },
  /** mget: the values of the keys, null where absent or not a string. */
  mget: {
    arity: -2, flags: ['readonly', 'fast'], keys: ALL_KEYS, group: 'string', since: '1.0.0',
    args: [key('key', MULTIPLE)], summary: 'Reads the strings at several keys in one step; nil for each key that is missing or holds another type.', complexity: 'O(N) for N keys',
    reply: { array: 'bulk' }, effects: [],
    method: bufferedMethod<(...keys: Variadic<Key>) => (string | null)[]>({ single: 0 }),
    run: (ctx, args, as) => {
      const values = ctx.engine.mget(args as Bytes[], as);
      for (let i = 0; i < values.length; i++) ctx.stats.lookup(values[i] !== null || keyExists(ctx, args[i]));
      return values;
    },
  },
  /**
   * mset: sets several keys at once: `mset(k1, v1, k2, v2)`, `mset([k1, v1,
   * k2, v2])`, `mset({ k1: v1, k2: v2 })` or `mset(new Map([[k1, v1]]))`.
   */
  mset: {
    arity: -3, flags: ['write', 'denyoom'], keys: PAIRS, group: 'string', since: '1.0.1',
    args: [block('key_value', [key('key'), string('value')], MULTIPLE)], summary: 'Stores several key/value pairs in one step.', complexity: 'O(N) for N pairs',
    reply: 'status', effects: ['MSET'],
    method: method<{ (pairs: Pairs): 'OK'; (...pairs: Variadic<Arg>): 'OK' }>({ single: 0, pairs: true }),
    run: (ctx, args) => {
      requirePairs('mset', args);
      ctx.engine.mset(args as Bytes[]);
      return 'OK';
    },
  },
  /** msetnx: sets all the pairs (given as {@link CommandMethods.mset} takes them) only if none of the keys exists; 1 if set, else 0. */
  msetnx: {
    arity: -3, flags: ['write', 'denyoom'], keys: PAIRS, group: 'string', since: '1.0.1',
    args: [block('key_value', [key('key'), string('value')], MULTIPLE)], summary: 'Stores several key/value pairs only if none of the keys exists; 1 when stored, 0 when not.', complexity: 'O(N) for N pairs',
    reply: 'integer', effects: ['MSET'],
    method: method<{ (pairs: Pairs): 0 | 1; (...pairs: Variadic<Arg>): 0 | 1 }>({ single: 0, pairs: true }),
    run: (ctx, args) => {
      requirePairs('msetnx', args);
      return ctx.engine.msetnx(args as Bytes[]);
    },
  },
  /** append: appends to the string at `key`; returns the new length. */
  append: {
    arity: 3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY, group: 'string', since: '2.0.0',
    args: [key('key'), string('value')], summary: 'Adds bytes to the end of the string at a key (starting from an empty string) and returns the new length.', complexity: 'O(M) for M added bytes, plus a copy of the value when its block must grow',
    reply: 'integer', effects: ['APPEND'],
    method: method<(key: Key, value: Arg) => number>({ single: 2 }),
    run: (ctx, args) => ctx.engine.append(args[0], args[1]),
  },
  /** strlen: the length of the value in bytes (0 if absent). */
  strlen: {
    arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY, group: 'string', since: '2.2.0',
    args: [key('key')], summary: 'Returns the length in bytes of the string at a key; 0 when the key is missing.', complexity: 'O(1)',
    reply: 'integer', effects: [],
    method: method<(key: Key) => number>({ single: 1 }),
    run: (ctx, args) => countedRead(ctx, () => ctx.engine.strlen(args[0]), (length) => length > 0 || keyExists(ctx, args[0])),
  },
  /** getrange: the bytes between `start` and `end` inclusive (negative counts from the end). */
  getrange: {
    arity: 4, flags: ['readonly'], keys: ONE_KEY, group: 'string', since: '2.4.0',
    args: [key('key'), integer('start'), integer('end')], summary: 'Returns the bytes of a string from one offset to another, both included; negative offsets count back from the end.', complexity: 'O(M) for M returned bytes',
    reply: 'bulk', effects: [],
    method: bufferedMethod<(key: Key, start: Arg, end: Arg) => string>({ single: 3 }),
    run: (ctx, args, as) => {
      const start = readIndex(args[1]);
      const end = readIndex(args[2]);
      return countedRead(ctx, () => ctx.engine.getrange(args[0], start, end, as), (range) => range.length > 0 || keyExists(ctx, args[0]));
    },
  },
  /** setrange: overwrites from byte `offset`, zero-padding; returns the new length. */
  setrange: {
    arity: 4, flags: ['write', 'denyoom'], keys: ONE_KEY, group: 'string', since: '2.2.0',
    args: [key('key'), integer('offset'), string('value')], summary: 'Writes bytes into the string at a key from an offset, padding with zero bytes, and returns the new length.', complexity: 'O(M) for M written bytes, plus a copy of the value when its block must grow',
    reply: 'integer', effects: ['SETRANGE'],
    method: method<(key: Key, offset: Arg, value: Arg) => number>({ single: 3 }),
    run: (ctx, args) => {
      const offset = readIndex(args[1]);
      if (offset < 0) throw new CommandError(OFFSET_OUT_OF_RANGE);
      return ctx.engine.setrange(args[0], offset, args[2]);
    },
  },
  /** incr: adds 1 to the integer at `key`; returns the new value. */
  incr: {
    arity: 2, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY, group: 'string', since: '1.0.0',
    args: [key('key')], summary: 'Adds 1 to the integer at a key (a missing key counts as 0) and returns the result.', complexity: 'O(1)',
    reply: 'integer', effects: ['SET KEEPTTL'],
    method: method<(key: Key) => Int>({ single: 1 }),
    run: (ctx, args) => ctx.engine.incrby(args[0], 1),
  },
  /** decr: subtracts 1 from the integer at `key`. */
  decr: {
    arity: 2, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY, group: 'string', since: '1.0.0',
    args: [key('key')], summary: 'Subtracts 1 from the integer at a key (a missing key counts as 0) and returns the result.', complexity: 'O(1)',
    reply: 'integer', effects: ['SET KEEPTTL'],
    method: method<(key: Key) => Int>({ single: 1 }),
    run: (ctx, args) => ctx.engine.incrby(args[0], -1),
  },
  /** incrby: adds a signed 64-bit `increment`. */
  incrby: {
    arity: 3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY, group: 'string', since: '1.0.0',
    args: [key('key'), integer('increment')], summary: 'Adds a 64-bit integer to the integer at a key (a missing key counts as 0) and returns the result.', complexity: 'O(1)',
    reply: 'integer', effects: ['SET KEEPTTL'],
    method: method<(key: Key, increment: Arg) => Int>({ single: 2 }),
    run: (ctx, args) => ctx.engine.incrby(args[0], readInt64(args[1])),
  },
  /** decrby: subtracts a signed 64-bit `decrement`. */
  decrby: {
    arity: 3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY, group: 'string', since: '1.0.0',
    args: [key('key'), integer('decrement')], summary: 'Subtracts a 64-bit integer from the integer at a key (a missing key counts as 0) and returns the result.', complexity: 'O(1)',
    reply: 'integer', effects: ['SET KEEPTTL'],
    method: method<(key: Key, decrement: Arg) => Int>({ single: 2 }),
    run: (ctx, args) => {
      const decrement = readInt64(args[1]);
      // -LLONG_MIN does not fit in 64 bits; Redis refuses it before touching the key.
      if (decrement === INT64_MIN) throw new CommandError('ERR decrement would overflow');
      return ctx.engine.incrby(args[0], typeof decrement === 'number' ? 0 - decrement : -decrement);
    },
  },
  /** incrbyfloat: adds a decimal `increment`; returns the new value as Redis formats it. */
  incrbyfloat: {
    arity: 3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY, group: 'string', since: '2.6.0',
    args: [key('key'), double('increment')], summary: 'Adds a decimal number to the number at a key (a missing key counts as 0) and returns the result as a string.', complexity: 'O(1)',
    reply: 'bulk', effects: ['SET KEEPTTL'],
    method: method<(key: Key, increment: Arg) => string>({ single: 2 }),
    run: (ctx, args, as) => ctx.engine.incrbyfloat(args[0], args[1], as),
  },
});
