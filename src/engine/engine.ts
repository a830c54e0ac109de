/**
 * The Engine contract: what every keyspace implementation (the WebAssembly
 * engine in `wasm.ts`, the pure-TypeScript engine in `ts/`) offers the layers
 * above it.
 *
 * The contract is typed and already parsed: the command table
 * (`commands.ts`) turns Redis argument lists into these calls, so option
 * parsing and syntax errors live in one place and both engines only implement
 * semantics. Everything here is synchronous and runtime-neutral.
 *
 * CONVENTIONS
 *
 * - Keys and values are binary-safe byte strings. A JS string argument stands
 *   for its UTF-8 bytes; a Uint8Array is taken as is. The two spellings of the
 *   same bytes are the same key.
 * - Calls that return stored bytes take an {@link As}: `As.String` decodes
 *   them as UTF-8 (what ioredis's `get` returns), `As.Bytes` returns a fresh
 *   Uint8Array that the caller owns (ioredis's `getBuffer`, the server, the AOF).
 * - Integer replies are `number` while exact (|n| <= 2^53 - 1) and `bigint`
 *   beyond, so no reply is ever rounded.
 * - Time: each command sees one instant, {@link Engine.now}, in Unix
 *   milliseconds. The host gives the engine's {@link Engine.clock} a source
 *   and marks each command's start; the time is read from the source only if
 *   the command asks for it (clock.ts states the rule). The engine chooses no
 *   clock of its own, so a transaction can freeze time, a test can write
 *   `now`, and replay is deterministic.
 * - Expiry times are absolute Unix milliseconds, any signed 64-bit value as
 *   in Redis, carried as an {@link Int}: a number while |t| <= 2^53 - 1 (every
 *   realistic time, so the common path never touches BigInt) and a bigint
 *   beyond, stored and replied exactly.
 * - Expiry is lazy: any access to a key whose expireAt < now deletes it first
 *   (and records a DEL effect), then proceeds as if it were absent. As in
 *   Redis, a key is still alive during its expireAt millisecond (PTTL 0), while
 *   *setting* an expiry <= now (EXPIRE, GETEX) deletes the key at once.
 * - Errors are thrown as {@link ReplyError} subclasses carrying Redis's exact
 *   text. A failed command changes nothing.
 * - Effects: while {@link Engine.recordEffects} is true, every change is
 *   appended to an effects buffer as RESP commands that replay to the same
 *   dataset (relative expiry becomes PXAT/PEXPIREAT, INCRBYFLOAT becomes SET
 *   ... KEEPTTL, a lazily expired key becomes DEL). {@link Engine.drainEffects}
 *   hands the bytes over and empties the buffer.
 */
import type { ReplyError } from '../errors/reply-error.js';
import { CallFlags, ExpireFlags, GetExMode, Op, SetFlags } from './abi.js';
import type { Reply } from './reply.js';
import type { CommandClock } from './clock.js';

/** A key or value argument: a string (its UTF-8 bytes) or raw bytes. */
export type Bytes = string | Uint8Array;

/** How stored bytes come back: decoded as UTF-8, or as a fresh Uint8Array. */
export const enum As {
  String = 0,
  Bytes = 1,
}

/** Stored bytes as returned to the caller, in the form its {@link As} asked for. */
export type Bulk = string | Uint8Array;

/** An exact 64-bit integer reply: a number while safe, a bigint beyond. */
export type Int = number | bigint;

/** The Redis data types; TYPE replies with these names ('none' for no key). */
export type KeyType = 'string' | 'hash' | 'set' | 'zset' | 'list';

// The flag words cross into the wasm core as they are, so they are defined
// with the rest of the boundary ABI (abi.ts).
export { CallFlags, ExpireFlags, GetExMode, Op, SetFlags };

/**
 * When a collection leaves its compact encoding (Redis's thresholds, with
 * their redis.conf names in the comments). A collection converts when it
 * passes one and never converts back, as in Redis.
 */
export interface EncodingLimits {
  /** hash-max-listpack-entries: a hash with more fields is a hashtable. */
  hashMaxListpackEntries: number;
  /** hash-max-listpack-value: a hash with a longer field or value is a hashtable. */
  hashMaxListpackValue: number;
  /** set-max-intset-entries: a set of integers with more members is a hashtable. */
  setMaxIntsetEntries: number;
}

/** Redis 7.0's defaults (what redis-server 7.0.15 reports from CONFIG GET without a config file). */
export const DEFAULT_ENCODING_LIMITS: Readonly<EncodingLimits> = {
  hashMaxListpackEntries: 512,
  hashMaxListpackValue: 64,
  setMaxIntsetEntries: 512,
};

/** A dataset frozen by {@link Engine.snapshot}, read as RESP commands. */
export interface DatasetSnapshot {
  /**
   * The next commands: about `maxBytes` of them, or more when one key's
   * commands are longer; null once everything was returned. A view valid
   * until the next call: copy it to keep it.
   */
  next(maxBytes: number): Uint8Array | null;
  /** Releases what the snapshot holds. */
  close(): void;
}

/** One step of an ordered key walk: see {@link Engine.scanKeys}. */
export interface KeyBatch {
  /** Keys that passed the filters, in ascending byte order. */
  keys: Uint8Array[];
  /**
   * The last key examined, whether or not it passed the filters, so the next
   * call can resume after it; null when the walk reached the end.
   */
  last: Uint8Array | null;
  /**
   * Only when {@link ScanFilter.expired} asked for them: the expired keys
   * examined that passed the filters, in ascending byte order.
   */
  expired?: Uint8Array[];
}

/** Filters and bounds for {@link Engine.scanKeys}. */
export interface ScanFilter {
  /** Start at this key (see `inclusive`); null starts at the smallest key. */
  from: Uint8Array | null;
  /** Whether a key equal to `from` is included. */
  inclusive: boolean;
  /** Examine at most this many keys (>= 1) before returning. */
  limit: number;
  /** Stop before the first key >= this bound; null for no bound. */
  end: Uint8Array | null;
  /** Only keys starting with these bytes; null for all. */
  prefix: Uint8Array | null;
  /** A Redis glob pattern (KEYS/SCAN MATCH syntax); null matches everything. */
  match: Uint8Array | null;
  /** Only keys of this type; null for all. */
  type: KeyType | null;
  /**
   * Also list in {@link KeyBatch.expired} the expired keys examined that
   * passed `end`, `prefix` and `match` (not `type`: a dead key's type does
   * not count), so that SCAN can delete them after the walk, as Redis's SCAN
   * expires the keys it passes. The walk itself never deletes anything.
   * @default false
   */
  expired?: boolean;
}

/**
 * Memory held by an engine, for benchmarks and INFO's memory section. The
 * Wasm engine measures its linear memory; the TS engine estimates from V8's
 * object layouts (see src/engine/ts/index.ts), as the JS heap is shared.
 */
export interface MemoryStats {
  /** Bytes in live allocations (keys, values, index nodes, bookkeeping). INFO used_memory. */
  used: number;
  /** Bytes the engine has reserved from its runtime (Wasm linear memory size). INFO used_memory_rss. */
  reserved: number;
  /**
   * The most `used` has been since the engine started (INFO
   * used_memory_peak): for the Wasm engine, what the core's allocator
   * records (assembly/heap.ts heapPeakBytes); for the TS engine, the highest
   * estimate any memory() call has computed.
   */
  peak: number;
}

/**
 * The keyspace engine contract. One instance is one Redis database.
 *
 * Each method documents its reply; every method may also throw a
 * {@link ReplyError} (WRONGTYPE on the wrong type, ERR for bad values,
 * OOM when memory cannot be had).
 */
export interface Engine {
  /** Which implementation this is. */
  readonly kind: 'wasm' | 'ts';

  /**
   * The current command's Unix time in milliseconds: `clock.now`. Writing it
   * pins that time until the clock's next begin().
   */
  now: number;

  /** Where {@link Engine.now} comes from; the host sets its source and marks each command's start. */
  readonly clock: CommandClock;

  /** Whether changes are appended to the effects buffer. @default false */
  recordEffects: boolean;

  /**
   * Returns the effects recorded since the last drain as RESP bytes, and
   * empties the buffer. The bytes are a view of the engine's buffer, valid
   * until the next call into the engine: copy them to keep them. Throws
   * inside a transaction: bytes handed out then could not be taken back by
   * a rollback.
   */
  drainEffects(): Uint8Array;

  /**
   * The dataset at this instant, read later in chunks as the RESP commands
   * that rebuild it (a log rewrite's base: SET, then PEXPIREAT for an
   * expiry), while the engine goes on changing. Taking it is the only part
   * that stops the caller; close it when done or abandoned.
   */
  snapshot(): DatasetSnapshot;

  // --- strings -------------------------------------------------------------

  /** GET: the value, or null if absent. WRONGTYPE if the key is not a string. */
  get(key: Bytes, as: As): Bulk | null;

  /**
   * SET with its options already parsed. `expireAt` (absolute ms, an exact
   * {@link Int}) is read only with {@link SetFlags.Expire}. Replies 'OK', or null when NX/XX prevented
   * the write; with {@link SetFlags.Get} replies the old value (or null)
   * instead, and WRONGTYPE if the old value is not a string (nothing written).
   */
  set(key: Bytes, value: Bytes, flags: SetFlags, expireAt: Int, as: As): 'OK' | Bulk | null;

  /** GETDEL: the value (or null), deleting the key. */
  getdel(key: Bytes, as: As): Bulk | null;

  /**
   * GETEX: the value (or null), changing the expiry as `mode` says.
   * `expireAt` (absolute ms, an exact {@link Int}) is read only with
   * {@link GetExMode.At}; a time <= now deletes the key after reading it
   * (effect: DEL).
   */
  getex(key: Bytes, mode: GetExMode, expireAt: Int, as: As): Bulk | null;

  /** MGET: one entry per key, null for absent keys and keys of other types. */
  mget(keys: Bytes[], as: As): (Bulk | null)[];

  /** MSET: `pairs` alternates key, value; later pairs win. Clears expiry. */
  mset(pairs: Bytes[]): void;

  /** MSETNX: sets all pairs only if none of the keys exists; replies 1 or 0. */
  msetnx(pairs: Bytes[]): 0 | 1;

  /**
   * APPEND: the new length. ERR "string exceeds maximum allowed size
   * (proto-max-bulk-len)" if the result would pass 512 MiB.
   */
  append(key: Bytes, value: Bytes): number;

  /** STRLEN: the length in bytes, 0 if absent. */
  strlen(key: Bytes): number;

  /** GETRANGE with Redis's index rules (negative from the end, clamped); '' if absent. */
  getrange(key: Bytes, start: number, end: number, as: As): Bulk;

  /**
   * SETRANGE: overwrites from `offset` (>= 0, checked by the caller), padding
   * with zero bytes; replies the new length. An empty `value` creates nothing
   * and replies the current length. ERR "string exceeds maximum allowed size
   * (proto-max-bulk-len)" if a non-empty write would end past 512 MiB.
   */
  setrange(key: Bytes, offset: number, value: Bytes): number;

  /**
   * INCRBY family: adds `delta` (a signed 64-bit value, an exact {@link Int}:
   * a number on the common path, so neither engine needs BigInt for it) to
   * the integer in the key (0 if absent), keeping the expiry. ERR "value is not an integer or out
   * of range" when the value is not a canonical 64-bit integer; ERR "increment
   * or decrement would overflow" on overflow.
   */
  incrby(key: Bytes, delta: Int): Int;

  /**
   * INCRBYFLOAT: adds the decimal `increment` with Redis's long-double
   * arithmetic and formatting, keeping the expiry; replies the new value.
   */
  incrbyfloat(key: Bytes, increment: Bytes, as: As): Bulk;

  // --- collections ---------------------------------------------------------

  /**
   * A collection command (hashes and sets), by its {@link Op}: abi.ts says
   * for each what `args`, `n` and `flags` carry and what it replies. The
   * reply is in the command table's shapes (commands.ts): integers as
   * numbers (bigint beyond 2^53), bulk strings as `as` asks, null for nil,
   * arrays as arrays, 'OK' for the OK status. Replies that list members or
   * fields do so in the engine's own order (Redis's order is its table's
   * too: callers must not rely on it). Throws as every method does:
   * WRONGTYPE, ERR with Redis's text, OOM.
   */
  call(op: Op, args: readonly Bytes[], as: As, n?: Int, flags?: CallFlags | number): Reply;

  /**
   * OBJECT ENCODING: the encoding's name as Redis gives it ('listpack',
   * 'intset', 'hashtable'; for strings 'int', 'embstr' or 'raw' by the
   * value's content), or null for a missing key. Expires the key if due.
   */
  encoding(key: Bytes): string | null;

  /** Sets when collections convert to their large encodings (applies to conversions from now on). */
  configure(limits: EncodingLimits): void;

  /**
   * Seeds the generator SPOP, SRANDMEMBER, HRANDFIELD and RANDOMKEY draw
   * from, so a run can be repeated. Engines start from a seed of their own.
   */
  seed(seed: number): void;

  // --- keyspace ------------------------------------------------------------

  /** DEL / UNLINK: how many of the keys existed (each key counted once per mention). */
  del(keys: Bytes[]): number;

  /** EXISTS: how many of the keys exist, counting repeats. */
  exists(keys: Bytes[]): number;

  /** TYPE: the key's type, or 'none'. */
  type(key: Bytes): KeyType | 'none';

  /**
   * RENAME (nx = false) / RENAMENX (nx = true). ERR "no such key" if `src` is
   * absent. RENAME replies 'OK'; RENAMENX replies 1, or 0 if `dst` exists.
   * The value keeps its expiry.
   */
  rename(src: Bytes, dst: Bytes, nx: boolean): 'OK' | 0 | 1;

  /** COPY: 1 if copied, 0 if `src` is absent or `dst` exists and not `replace`. */
  copy(src: Bytes, dst: Bytes, replace: boolean): 0 | 1;

  /**
   * One step of an ordered walk over live keys (ascending bytewise order),
   * skipping expired keys without deleting them (and listing them when
   * {@link ScanFilter.expired} asks). Backs KEYS, SCAN, scanPrefix and range.
   */
  scanKeys(filter: ScanFilter): KeyBatch;

  /** DBSIZE: keys present, which may still count expired keys not yet reclaimed. */
  dbsize(): number;

  /**
   * How many keys carry an expiry, counting expired keys not yet reclaimed
   * as {@link Engine.dbsize} does (INFO keyspace's `expires=`). O(1).
   */
  expiresCount(): number;

  /**
   * MEMORY USAGE: the bytes the entry for `key` holds (key, value, expiry
   * and per-entry bookkeeping; index nodes shared between keys are not
   * counted), or null if there is no entry. Exact for the Wasm engine, an
   * estimate for the TS engine. As in Redis, this lookup does not expire
   * the key and changes nothing: an expired key that has not been reclaimed
   * yet still holds memory and is reported.
   */
  memoryUsage(key: Bytes): number | null;

  /** FLUSHDB / FLUSHALL: removes every key and returns all memory it can. */
  flushall(): void;

  /** RANDOMKEY: a random live key, or null if there are none. */
  randomkey(as: As): Bulk | null;

  /**
   * EXPIRE family with an absolute time in ms (any signed 64-bit value, an
   * exact {@link Int}): replies 1 if the expiry was set, 0 if the key is
   * absent or a flag condition failed. GT/LT compare the exact values. A time
   * <= now (a negative one included) deletes the key (replying 1), as Redis
   * does.
   */
  expire(key: Bytes, at: Int, flags: ExpireFlags): 0 | 1;

  /**
   * The key's absolute expiry in ms, exactly (a bigint beyond 2^53 - 1), -1
   * if it has none, -2 if absent.
   */
  expireTime(key: Bytes): Int;

  /** PERSIST: 1 if an expiry was removed, else 0. */
  persist(key: Bytes): 0 | 1;

  /**
   * Active expiry: reclaims expired keys without being asked for them,
   * examining at most `budget` keys that carry an expiry. Returns how many it
   * deleted. Work per call is bounded by `budget`, whatever the keyspace size.
   */
  activeExpire(budget: number): number;

  // --- transactions --------------------------------------------------------

  /**
   * Starts a transaction. From here until {@link Engine.commit} or
   * {@link Engine.rollback}, every change is journaled with what it
   * replaced (a removed entry, or the bytes and expiry an in-place edit
   * overwrote: the journal grows with the change, never with the keyspace),
   * so rollback can restore it exactly. Outside a transaction nothing is
   * journaled and nothing costs extra. Transactions do not nest: begin()
   * inside one throws (errors/messages.ts TX_NESTED).
   *
   * Effects recorded inside a transaction form one unit: commit() wraps them
   * in `MULTI` ... `EXEC` (nothing at all if the transaction changed nothing),
   * and rollback() drops them.
   */
  begin(): void;

  /** Ends the transaction, keeping its changes and releasing the journal. Throws without one. */
  commit(): void;

  /**
   * Ends the transaction, undoing every change made since begin(): values,
   * types, expiry times and key presence are exactly as they were, and the
   * effects recorded since begin() are dropped. Throws without one.
   */
  rollback(): void;

  /** Whether a transaction is open. */
  readonly inTransaction: boolean;

  /** Memory in use and reserved. */
  memory(): MemoryStats;

  /**
   * Releases the engine's resources, an open transaction included; every
   * later call throws (errors/messages.ts ENGINE_CLOSED).
   */
  close(): void;
}
