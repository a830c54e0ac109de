/**
 * CommandMethods: the Redis-named methods shared by {@link DB} and the
 * transaction handle {@link Tx}, so both offer exactly the same commands.
 *
 * Methods are named after Redis commands in lower case, as ioredis names them,
 * and return what ioredis returns: `null` for a missing key, numbers for
 * integers, `'OK'` for status replies. Each is a thin wrapper over a row of the
 * command table, so `db.set(k, v, 'EX', 10)` and `db.call('SET', k, v, 'EX',
 * 10)` run the same code; the hottest calls (get, plain set, incr, decr) go to
 * the engine directly.
 *
 * Keys and values take a string (its UTF-8 bytes) or a Uint8Array; values also
 * take numbers and bigints, written in decimal as ioredis does. Methods ending
 * in `Buffer` return stored bytes as Uint8Array instead of strings.
 *
 * Numbers must be exact: NaN, the infinities and integers beyond
 * Number.MAX_SAFE_INTEGER (which may already be rounded, and which String()
 * writes as "1e+21" from 1e21 up) are a TypeError naming the command and the
 * argument; pass a bigint or a string for larger integers. A fraction is
 * written as String() writes it ("1.5"), which suits a value or a float
 * (INCRBYFLOAT); where Redis expects an integer (INCRBY's increment, an
 * expiry, an offset, a COUNT, a cursor) it is a TypeError too.
 *
 * Variable-length arguments (keys, pairs, options, call()'s arguments) may
 * also come in arrays, flattened one level as ioredis flattens them:
 * `mset(['a', '1', 'b', '2'])`, `del(keys)`, `set(k, v, ['EX', 10])`.
 * `mset` and `msetnx` also take one object or one Map of keys to values. A
 * parameter that stands for one value (a key, a value, a count) takes no
 * array: there an array, like an array nested two deep, is a TypeError.
 *
 * Integers: replies are exact over Redis's whole signed 64-bit range. They are
 * `number` while |n| <= 2^53 - 1 and `bigint` beyond, so `incr` near 2^63
 * returns a bigint rather than a silently rounded number.
 */
import { FractionArg } from './engine/args.js';
import { toBytes, utf8Decode } from './engine/bytes.js';
import { resolveCommand, type CommandContext, type Reply, type ResolvedCall } from './engine/commands.js';
import { As, type Bulk, type Bytes, type Int } from './engine/engine.js';

/** A key: a string (its UTF-8 bytes) or raw bytes. */
export type Key = string | Uint8Array;

/**
 * A value or command argument; numbers and bigints are written in decimal.
 * A number must be finite and, if it is an integer, at most
 * Number.MAX_SAFE_INTEGER in magnitude; a fraction only goes where Redis
 * takes a value or a float (see the module comment).
 */
export type Arg = string | Uint8Array | number | bigint;

/** Variable-length arguments: each one an item, or an array of items (flattened one level, as ioredis does). */
export type Variadic<T> = (T | readonly T[])[];

/** Options for {@link CommandMethods.scanPrefix} and {@link CommandMethods.range}. */
export interface IterateOptions {
  /** Keys fetched from the engine per step. @default 256 */
  batch?: number;
}

export type { ResolvedCall } from './engine/commands.js';

/** The command methods; subclasses decide how a call reaches the engine. */
export abstract class CommandMethods {
  /**
   * Runs a resolved command: the subclass applies its guards (closed,
   * read-only, stale) and its clock, then runCommand (which counts it).
   */
  protected abstract execute(call: ResolvedCall, as: As): Reply;

  /**
   * The context (engine and INFO's counters), ready for one direct call or
   * walk: guards applied and clock set. `writing` names the write command
   * about to run, or is null for a read. A direct call counts itself in
   * `stats` as runCommand would.
   */
  protected abstract contextFor(writing: string | null): CommandContext;

  /**
   * call: runs any supported command by name (a string, or its bytes), as
   * redis-cli would send it. Throws a ReplyError with Redis's text for an
   * unknown command (quoting the name and arguments as Redis does: their
   * bytes, decoded as UTF-8), a wrong number of arguments or any error the
   * command replies with. A missing name, or one that is not a string or a
   * Uint8Array, is a TypeError: Redis ignores an empty command, which a call
   * that must return a reply cannot do.
   */
  call(name: Key, ...args: Variadic<Arg>): Reply {
    return this.execute(this.resolve(commandName(name, 'call'), flat(args)), As.String);
  }

  /** callBuffer: {@link CommandMethods.call}, with bulk replies as Uint8Array and status replies as strings. */
  callBuffer(name: Key, ...args: Variadic<Arg>): Reply {
    return this.execute(this.resolve(commandName(name, 'callBuffer'), flat(args)), As.Bytes);
  }

  // --- strings ---------------------------------------------------------------

  /** get: the string value of `key`, or null. Throws WrongTypeError for other types. */
  get(key: Key): string | null {
    return directGet(this.contextFor(null), checkKey(key, 'get'), As.String) as string | null;
  }

  /** getBuffer: {@link CommandMethods.get} returning the bytes. */
  getBuffer(key: Key): Uint8Array | null {
    return directGet(this.contextFor(null), checkKey(key, 'get'), As.Bytes) as Uint8Array | null;
  }

  /**
   * set: SET key value [NX | XX] [GET] [EX s | PX ms | EXAT s | PXAT ms | KEEPTTL].
   * Returns 'OK', or null when NX/XX prevented it; with GET, the old value.
   * @example db.set('k', 'v', 'PX', 1500, 'NX')
   */
  set(key: Key, value: Arg, ...options: Variadic<Arg>): 'OK' | string | null {
    if (options.length === 0) {
      const ctx = this.contextFor('set');
      const byteKey = checkKey(key, 'set');
      const bytes = argBytes(value, 'set', 2);
      ctx.stats.commands++;
      return ctx.engine.set(byteKey, bytes, 0, 0, As.String) as 'OK';
    }
    return this.execute(this.resolve('set', [key, value, ...flat(options)]), As.String) as 'OK' | string | null;
  }

  /** getset: sets `key` and returns its old value (or null). */
  getset(key: Key, value: Arg): string | null {
    return this.execute(this.resolve('getset', [key, value]), As.String) as string | null;
  }

  /** getdel: returns the value of `key` (or null) and deletes it. */
  getdel(key: Key): string | null {
    return this.execute(this.resolve('getdel', [key]), As.String) as string | null;
  }

  /** getdelBuffer: {@link CommandMethods.getdel} returning the bytes. */
  getdelBuffer(key: Key): Uint8Array | null {
    return this.execute(this.resolve('getdel', [key]), As.Bytes) as Uint8Array | null;
  }

  /** getex: GETEX key [EX s | PX ms | EXAT s | PXAT ms | PERSIST]: the value, changing the expiry. */
  getex(key: Key, ...options: Variadic<Arg>): string | null {
    return this.execute(this.resolve('getex', [key, ...flat(options)]), As.String) as string | null;
  }

  /** setnx: sets `key` only if absent; 1 if set, else 0. */
  setnx(key: Key, value: Arg): 0 | 1 {
    return this.execute(this.resolve('setnx', [key, value]), As.String) as 0 | 1;
  }

  /** setex: sets `key` with a time to live in seconds. */
  setex(key: Key, seconds: Arg, value: Arg): 'OK' {
    return this.execute(this.resolve('setex', [key, seconds, value]), As.String) as 'OK';
  }

  /** psetex: sets `key` with a time to live in milliseconds. */
  psetex(key: Key, milliseconds: Arg, value: Arg): 'OK' {
    return this.execute(this.resolve('psetex', [key, milliseconds, value]), As.String) as 'OK';
  }

  /** mget: the values of the keys, null where absent or not a string. */
  mget(...keys: Variadic<Key>): (string | null)[] {
    return this.execute(this.resolve('mget', flat(keys)), As.String) as (string | null)[];
  }

  /** mgetBuffer: {@link CommandMethods.mget} returning bytes. */
  mgetBuffer(...keys: Variadic<Key>): (Uint8Array | null)[] {
    return this.execute(this.resolve('mget', flat(keys)), As.Bytes) as (Uint8Array | null)[];
  }

  /**
   * mset: sets several keys at once: `mset(k1, v1, k2, v2)`, `mset([k1, v1,
   * k2, v2])`, `mset({ k1: v1, k2: v2 })` or `mset(new Map([[k1, v1]]))`.
   */
  mset(pairs: Pairs): 'OK';
  mset(...pairs: Variadic<Arg>): 'OK';
  mset(...pairs: Variadic<Arg> | [Pairs]): 'OK' {
    return this.execute(this.resolve('mset', flattenPairs(pairs)), As.String) as 'OK';
  }

  /** msetnx: sets all the pairs (given as {@link CommandMethods.mset} takes them) only if none of the keys exists; 1 if set, else 0. */
  msetnx(pairs: Pairs): 0 | 1;
  msetnx(...pairs: Variadic<Arg>): 0 | 1;
  msetnx(...pairs: Variadic<Arg> | [Pairs]): 0 | 1 {
    return this.execute(this.resolve('msetnx', flattenPairs(pairs)), As.String) as 0 | 1;
  }

  /** append: appends to the string at `key`; returns the new length. */
  append(key: Key, value: Arg): number {
    return this.execute(this.resolve('append', [key, value]), As.String) as number;
  }

  /** strlen: the length of the value in bytes (0 if absent). */
  strlen(key: Key): number {
    return this.execute(this.resolve('strlen', [key]), As.String) as number;
  }

  /** getrange: the bytes between `start` and `end` inclusive (negative counts from the end). */
  getrange(key: Key, start: Arg, end: Arg): string {
    return this.execute(this.resolve('getrange', [key, start, end]), As.String) as string;
  }

  /** getrangeBuffer: {@link CommandMethods.getrange} returning bytes. */
  getrangeBuffer(key: Key, start: Arg, end: Arg): Uint8Array {
    return this.execute(this.resolve('getrange', [key, start, end]), As.Bytes) as Uint8Array;
  }

  /** setrange: overwrites from byte `offset`, zero-padding; returns the new length. */
  setrange(key: Key, offset: Arg, value: Arg): number {
    return this.execute(this.resolve('setrange', [key, offset, value]), As.String) as number;
  }

  /** incr: adds 1 to the integer at `key`; returns the new value. */
  incr(key: Key): Int {
    return directIncrby(this.contextFor('incr'), checkKey(key, 'incr'), 1);
  }

  /** decr: subtracts 1 from the integer at `key`. */
  decr(key: Key): Int {
    return directIncrby(this.contextFor('decr'), checkKey(key, 'decr'), -1);
  }

  /** incrby: adds a signed 64-bit `increment`. */
  incrby(key: Key, increment: Arg): Int {
    return this.execute(this.resolve('incrby', [key, increment]), As.String) as Int;
  }

  /** decrby: subtracts a signed 64-bit `decrement`. */
  decrby(key: Key, decrement: Arg): Int {
    return this.execute(this.resolve('decrby', [key, decrement]), As.String) as Int;
  }

  /** incrbyfloat: adds a decimal `increment`; returns the new value as Redis formats it. */
  incrbyfloat(key: Key, increment: Arg): string {
    return this.execute(this.resolve('incrbyfloat', [key, increment]), As.String) as string;
  }

  // --- keyspace --------------------------------------------------------------

  /** del: deletes the keys; returns how many existed. */
  del(...keys: Variadic<Key>): number {
    return this.execute(this.resolve('del', flat(keys)), As.String) as number;
  }

  /** unlink: {@link CommandMethods.del} (memory is freed at once either way). */
  unlink(...keys: Variadic<Key>): number {
    return this.execute(this.resolve('unlink', flat(keys)), As.String) as number;
  }

  /** exists: how many of the keys exist, counting repeats. */
  exists(...keys: Variadic<Key>): number {
    return this.execute(this.resolve('exists', flat(keys)), As.String) as number;
  }

  /** type: 'string', 'hash', 'set', 'zset', 'list', or 'none'. */
  type(key: Key): string {
    return this.execute(this.resolve('type', [key]), As.String) as string;
  }

  /** rename: renames `key`, overwriting `newkey`. Throws "ERR no such key" if absent. */
  rename(key: Key, newkey: Key): 'OK' {
    return this.execute(this.resolve('rename', [key, newkey]), As.String) as 'OK';
  }

  /** renamenx: renames only if `newkey` is absent; 1 if renamed, else 0. */
  renamenx(key: Key, newkey: Key): 0 | 1 {
    return this.execute(this.resolve('renamenx', [key, newkey]), As.String) as 0 | 1;
  }

  /** copy: COPY source destination [DB 0] [REPLACE]; 1 if copied, else 0. */
  copy(source: Key, destination: Key, ...options: Variadic<Arg>): 0 | 1 {
    return this.execute(this.resolve('copy', [source, destination, ...flat(options)]), As.String) as 0 | 1;
  }

  /** keys: every key matching a glob pattern, in byte order. */
  keys(pattern: Key): string[] {
    return this.execute(this.resolve('keys', [pattern]), As.String) as string[];
  }

  /** keysBuffer: {@link CommandMethods.keys} returning bytes. */
  keysBuffer(pattern: Key): Uint8Array[] {
    return this.execute(this.resolve('keys', [pattern]), As.Bytes) as Uint8Array[];
  }

  /** scan: SCAN cursor [MATCH pattern] [COUNT n] [TYPE type]; returns [nextCursor, keys]. */
  scan(cursor: Arg, ...options: Variadic<Arg>): [string, string[]] {
    return this.execute(this.resolve('scan', [cursor, ...flat(options)]), As.String) as [string, string[]];
  }

  /** scanBuffer: {@link CommandMethods.scan} with keys as bytes (the cursor stays a string). */
  scanBuffer(cursor: Arg, ...options: Variadic<Arg>): [string, Uint8Array[]] {
    const [next, keys] = this.execute(this.resolve('scan', [cursor, ...flat(options)]), As.Bytes) as [Uint8Array, Uint8Array[]];
    return [utf8Decode(next), keys];
  }

  /** dbsize: how many keys the database holds. */
  dbsize(): number {
    return this.execute(this.resolve('dbsize', []), As.String) as number;
  }

  /** flushdb: deletes every key. */
  flushdb(mode?: 'ASYNC' | 'SYNC'): 'OK' {
    return this.execute(this.resolve('flushdb', mode === undefined ? [] : [mode]), As.String) as 'OK';
  }

  /** flushall: deletes every key (one database: the same as {@link CommandMethods.flushdb}). */
  flushall(mode?: 'ASYNC' | 'SYNC'): 'OK' {
    return this.execute(this.resolve('flushall', mode === undefined ? [] : [mode]), As.String) as 'OK';
  }

  /** randomkey: a random key, or null if the database is empty. */
  randomkey(): string | null {
    return this.execute(this.resolve('randomkey', []), As.String) as string | null;
  }

  /** expire: sets a time to live in seconds; options NX, XX, GT, LT. 1 if set, else 0. */
  expire(key: Key, seconds: Arg, ...options: Variadic<Arg>): 0 | 1 {
    return this.execute(this.resolve('expire', [key, seconds, ...flat(options)]), As.String) as 0 | 1;
  }

  /** pexpire: {@link CommandMethods.expire} in milliseconds. */
  pexpire(key: Key, milliseconds: Arg, ...options: Variadic<Arg>): 0 | 1 {
    return this.execute(this.resolve('pexpire', [key, milliseconds, ...flat(options)]), As.String) as 0 | 1;
  }

  /** expireat: sets the expiry to a Unix time in seconds. */
  expireat(key: Key, unixSeconds: Arg, ...options: Variadic<Arg>): 0 | 1 {
    return this.execute(this.resolve('expireat', [key, unixSeconds, ...flat(options)]), As.String) as 0 | 1;
  }

  /** pexpireat: sets the expiry to a Unix time in milliseconds. */
  pexpireat(key: Key, unixMilliseconds: Arg, ...options: Variadic<Arg>): 0 | 1 {
    return this.execute(this.resolve('pexpireat', [key, unixMilliseconds, ...flat(options)]), As.String) as 0 | 1;
  }

  /** ttl: seconds left (rounded), -1 without expiry, -2 if absent. */
  ttl(key: Key): number {
    return this.execute(this.resolve('ttl', [key]), As.String) as number;
  }

  /** pttl: milliseconds left, -1 without expiry, -2 if absent. */
  pttl(key: Key): number {
    return this.execute(this.resolve('pttl', [key]), As.String) as number;
  }

  /** expiretime: the expiry as a Unix time in seconds, -1 without expiry, -2 if absent. */
  expiretime(key: Key): number {
    return this.execute(this.resolve('expiretime', [key]), As.String) as number;
  }

  /** pexpiretime: the expiry as a Unix time in milliseconds. */
  pexpiretime(key: Key): number {
    return this.execute(this.resolve('pexpiretime', [key]), As.String) as number;
  }

  /** persist: removes the expiry; 1 if there was one, else 0. */
  persist(key: Key): 0 | 1 {
    return this.execute(this.resolve('persist', [key]), As.String) as 0 | 1;
  }

  // --- introspection ---------------------------------------------------------

  /**
   * info: INFO [section ...]: Redis's report text ("# Server\r\nfield:value\r\n...")
   * for the sections server, memory, stats and keyspace; no section, or
   * 'default', 'all' or 'everything', selects all four. Sections flashkv
   * does not have select nothing.
   * @example db.info('keyspace') // '# Keyspace\r\ndb0:keys=3,expires=1,avg_ttl=0\r\n'
   */
  info(...sections: Variadic<Arg>): string {
    return this.execute(this.resolve('info', flat(sections)), As.String) as string;
  }

  /**
   * memory: MEMORY USAGE key [SAMPLES count] (bytes, or null for a missing
   * key) or MEMORY HELP (lines of text), as ioredis's `memory` takes them.
   */
  memory(subcommand: 'USAGE' | 'usage', key: Key, ...options: Variadic<Arg>): number | null;
  memory(subcommand: 'HELP' | 'help'): string[];
  memory(subcommand: string, ...args: Variadic<Arg>): Reply;
  memory(subcommand: string, ...args: Variadic<Arg>): Reply {
    return this.execute(this.resolve('memory', [subcommand, ...flat(args)]), As.String);
  }

  /**
   * memoryUsage: the bytes `key` takes with its value, expiry and
   * bookkeeping, or null if it does not exist (MEMORY USAGE). Exact for the
   * Wasm engine; an estimate from V8's object layouts for the TS engine. Like
   * Redis, it reports a key that expired but was not reclaimed yet.
   */
  memoryUsage(key: Key): number | null {
    return this.execute(this.resolve('memory', ['USAGE', key]), As.String) as number | null;
  }

  // --- connection ------------------------------------------------------------

  /** ping: 'PONG', or `message` back. */
  ping(message?: Arg): string {
    return this.execute(this.resolve('ping', message === undefined ? [] : [message]), As.String) as string;
  }

  /** echo: `message` back. */
  echo(message: Arg): string {
    return this.execute(this.resolve('echo', [message]), As.String) as string;
  }

  // --- ordered iteration -----------------------------------------------------

  /**
   * scanPrefix: a lazy iterator over the keys that start with `prefix`, in
   * byte order. Keys added or removed while iterating may or may not be seen;
   * a key present throughout is seen exactly once.
   */
  scanPrefix(prefix: Key, options: IterateOptions = {}): IterableIterator<string> {
    const bytes = toBytes(prefix);
    return this.walk(bytes, null, bytes, options.batch ?? 256, As.String) as IterableIterator<string>;
  }

  /** scanPrefixBuffer: {@link CommandMethods.scanPrefix} yielding bytes. */
  scanPrefixBuffer(prefix: Key, options: IterateOptions = {}): IterableIterator<Uint8Array> {
    const bytes = toBytes(prefix);
    return this.walk(bytes, null, bytes, options.batch ?? 256, As.Bytes) as IterableIterator<Uint8Array>;
  }

  /**
   * range: a lazy iterator over the keys k with `start` <= k < `end` in byte
   * order; `null` leaves that side open.
   */
  range(start: Key | null, end: Key | null, options: IterateOptions = {}): IterableIterator<string> {
    return this.walk(start === null ? null : toBytes(start), end === null ? null : toBytes(end), null, options.batch ?? 256, As.String) as IterableIterator<string>;
  }

  /** rangeBuffer: {@link CommandMethods.range} yielding bytes. */
  rangeBuffer(start: Key | null, end: Key | null, options: IterateOptions = {}): IterableIterator<Uint8Array> {
    return this.walk(start === null ? null : toBytes(start), end === null ? null : toBytes(end), null, options.batch ?? 256, As.Bytes) as IterableIterator<Uint8Array>;
  }

  /** Lazily walks keys in byte order, one bounded engine step at a time. */
  protected *walk(start: Uint8Array | null, end: Uint8Array | null, prefix: Uint8Array | null, limit: number, as: As): Generator<Bulk> {
    let from = start;
    let inclusive = true;
    for (;;) {
      const batch = this.contextFor(null).engine.scanKeys({ from, inclusive, limit, end, prefix, match: null, type: null });
      for (const key of batch.keys) yield as === As.Bytes ? key : utf8Decode(key);
      if (batch.last === null) return;
      from = batch.last;
      inclusive = false;
    }
  }

  /** Looks a command up by name and checks its arity, with Redis's errors (resolveCommand). */
  protected resolve(name: Bytes, args: Arg[]): ResolvedCall {
    const bytes = new Array<Bytes>(args.length);
    for (let i = 0; i < args.length; i++) bytes[i] = argBytes(args[i], name, i + 1);
    return resolveCommand(name, bytes);
  }
}

/** GET without the table: counted as the GET row counts itself (a run, and a hit or a miss). */
function directGet(ctx: CommandContext, key: Key, as: As): Bulk | null {
  ctx.stats.commands++;
  let value: Bulk | null;
  try {
    value = ctx.engine.get(key, as);
  } catch (error) {
    return ctx.stats.failedRead(error);
  }
  ctx.stats.lookup(value !== null);
  return value;
}

/** INCR / DECR without the table: counted as a run. */
function directIncrby(ctx: CommandContext, key: Key, delta: number): Int {
  ctx.stats.commands++;
  return ctx.engine.incrby(key, delta);
}

/**
 * An argument as the engine takes it: strings and bytes as they are, bigints
 * in decimal, numbers in decimal when that is exact. Anything else is a
 * TypeError that names the command and the argument, rather than a value
 * stored by accident or a failure deep in an engine:
 *
 * - undefined, null, an object or an array;
 * - NaN and the infinities;
 * - an integer beyond Number.MAX_SAFE_INTEGER: it may already be the rounded
 *   result of the caller's arithmetic (2 ** 60 + 1 is 2 ** 60), and from
 *   1e21 up String() writes it as "1e+21". A bigint or a string says it
 *   exactly.
 *
 * A fraction is written with String() (1.5 as "1.5"), right for a value or a
 * float (INCRBYFLOAT); where Redis reads an integer, it is a TypeError too
 * (see FractionArg in engine/args.ts).
 */
function argBytes(value: Arg, command: Bytes, position: number): Bytes {
  if (typeof value === 'string' || value instanceof Uint8Array) return value;
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return String(value);
    return inexactNumber(value, typeof command === 'string' ? command : utf8Decode(command), position);
  }
  if (typeof value === 'bigint') return String(value);
  throw new TypeError(`flashkv: argument ${position} of '${typeof command === 'string' ? command : utf8Decode(command)}' must be a string, Uint8Array, number or bigint, not ${describe(value)}`);
}

/** A number argument that is not a safe integer: a {@link FractionArg}, or the TypeError argBytes describes. */
function inexactNumber(value: number, command: string, position: number): Bytes {
  if (!Number.isFinite(value)) {
    throw new TypeError(`flashkv: argument ${position} of '${command}' is ${String(value)}; a number argument must be finite`);
  }
  if (Number.isInteger(value)) {
    throw new TypeError(
      `flashkv: argument ${position} of '${command}' is ${String(value)}, an integer beyond Number.MAX_SAFE_INTEGER (2^53 - 1), so it may already be rounded; pass a bigint or a string`,
    );
  }
  return new FractionArg(value, command, position);
}

/** call()'s command name: a string or bytes, else a TypeError. */
function commandName(name: Key, method: string): Key {
  if (typeof name === 'string' || name instanceof Uint8Array) return name;
  if (name === undefined) throw new TypeError(`flashkv: ${method}() needs a command name (a string or Uint8Array) as its first argument`);
  throw new TypeError(`flashkv: the command name given to ${method}() must be a string or Uint8Array, not ${describe(name)}`);
}

/** A key for the direct paths: a string or bytes, else the TypeError argBytes gives. */
function checkKey(key: Key, command: string): Key {
  if (typeof key === 'string' || key instanceof Uint8Array) return key;
  throw new TypeError(`flashkv: the key of '${command}' must be a string or Uint8Array, not ${describe(key)}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? `an object (${Object.prototype.toString.call(value)})` : typeof value;
}

/**
 * Variable-length arguments as one list, arrays among them flattened one
 * level (`del(a, [b, c])` is `del(a, b, c)`), as ioredis flattens them.
 * Returns the list itself when nothing is nested: Array.prototype.flat costs
 * more than the whole DEL of a key in the Wasm engine. An array nested
 * deeper stays an item, for argBytes to refuse.
 */
function flat<T>(items: Variadic<T>): T[] {
  for (let i = 0; i < items.length; i++) {
    if (Array.isArray(items[i])) return (items as T[][]).flat() as T[];
  }
  return items as T[];
}

/** What mset and msetnx take in one argument: an object or a Map of keys to values. */
export type Pairs = Readonly<Record<string, Arg>> | ReadonlyMap<Key, Arg>;

/**
 * mset's and msetnx's arguments as a flat list: pairs (arrays flattened as
 * {@link flat} does), or one object or Map whose entries are the pairs, as
 * ioredis's argument transformer for MSET reads them.
 */
function flattenPairs(pairs: Variadic<Arg> | [Pairs]): Arg[] {
  const first = pairs[0];
  if (pairs.length === 1 && first instanceof Map) {
    const out: Arg[] = [];
    for (const [key, value] of first as ReadonlyMap<Key, Arg>) out.push(key, value);
    return out;
  }
  if (pairs.length === 1 && typeof first === 'object' && first !== null && !Array.isArray(first) && !(first instanceof Uint8Array)) {
    return Object.entries(first as Readonly<Record<string, Arg>>).flat();
  }
  return flat(pairs as Variadic<Arg>);
}
