/**
 * TsEngine: the pure-TypeScript implementation of the Engine contract.
 *
 * It aims to be the fastest honest TypeScript keyspace, so the wasm engine
 * has a serious baseline: V8's own Map keyed by the JS strings callers give,
 * string values stored as given (GET returns the stored string itself),
 * expiry in a second Map holding only the keys that have one, and key order
 * kept lazily for the walks that need it. encoding.ts explains how keys and
 * values are held and why; keyspace.ts the maps and their invariants;
 * strings.ts and keys.ts hold the commands; effects.ts lists the effect
 * forms; journal.ts is the undo journal behind begin/commit/rollback.
 *
 * Arguments arrive as `string | Uint8Array` and are turned into the stored
 * forms once, here (a string costs one isWellFormed(), O(1) for a one-byte
 * string). The engine chooses no clock: `now` comes from the clock's source,
 * which the host sets, and is read only when a command needs it (clock.ts).
 *
 * Memory: {@link TsEngine.memory} and {@link TsEngine.memoryUsage} are
 * estimates from V8's object layouts (see {@link entryBytes}); for a
 * measurement, compare heap usage before and after filling it, with
 * --expose-gc, as the benchmark does.
 */
import {
  DEFAULT_ENCODING_LIMITS,
  type As,
  type Bulk,
  type CallFlags,
  type EncodingLimits,
  type Op,
  type Bytes,
  type Engine,
  type DatasetSnapshot,
  type ExpireFlags,
  type GetExMode,
  type Int,
  type KeyBatch,
  type KeyType,
  type MemoryStats,
  type ScanFilter,
  type SetFlags,
} from '../engine.js';
import { CommandClock } from '../clock.js';
import { ENGINE_CLOSED, TX_DRAIN, TX_NESTED, txNotOpen } from '../../errors/messages.js';
import type { Reply } from '../reply.js';
import { runOp, type CollectionContext } from './collections.js';
import { Effects } from './effects.js';
import { Random } from './random.js';
import { Journal } from './journal.js';
import * as keys from './keys.js';
import { Keyspace } from './keyspace.js';
import { snapshotOf } from './snapshot.js';
import * as strings from './strings.js';
import { textToByteString } from './encoding.js';
import { HashValue } from './hash.js';
import type { ScanMap } from './scan-map.js';
import { SetValue } from './set.js';
import { LongString, RawString, type Text, type Value } from './value.js';

/**
 * Estimated heap bytes per entry beyond its key and value bytes, from V8's
 * layouts in Node's default build (no pointer compression, 8-byte slots): a
 * sequential one-byte string is a 16-byte header plus its chars, rounded up
 * to 8; a Map entry is three slots plus its share of the bucket array and of
 * the table's spare capacity. Checked against heap deltas (Node 20, 1M keys
 * of 14 bytes with 21-byte values: 103 bytes a key measured, 104 estimated).
 */
const STRING_HEADER_BYTES = 16;
const MAP_ENTRY_BYTES = 32;
/** An expiry entry: a Map entry plus the 16-byte heap number holding the time. */
const EXPIRY_ENTRY_BYTES = MAP_ENTRY_BYTES + 16;

/**
 * An integer the INCR family stored: a small one is a Smi inside the Map
 * entry, a larger one a 16-byte heap number; counted as the latter.
 */
const HEAP_NUMBER_BYTES = 16;

/** A {@link RawString} object around its byte string: a header and one field. */
const RAW_STRING_OVERHEAD_BYTES = 24;

/**
 * A {@link LongString}: its bytes (off the JS heap, in an ArrayBuffer) and
 * the objects around them: the LongString, the Uint8Array and the
 * ArrayBuffer with its backing-store record, about 200 bytes in all. It only
 * exists for values of 512 MiB give or take 24 bytes, so the rest is noise.
 */
const LONG_STRING_OVERHEAD_BYTES = 200;

/**
 * A flat string's heap bytes, taking one byte per char: a string with a char
 * past U+00FF takes two per char, which only a scan could tell, so such
 * text is under-counted.
 */
function stringBytes(text: string): number {
  return (STRING_HEADER_BYTES + text.length + 7) & ~7;
}

function valueBytes(value: Value): number {
  if (typeof value === 'string') return stringBytes(value);
  if (typeof value === 'number') return HEAP_NUMBER_BYTES;
  if (value instanceof RawString) return RAW_STRING_OVERHEAD_BYTES + stringBytes(value.bytes);
  if (value instanceof LongString) return LONG_STRING_OVERHEAD_BYTES + value.length;
  if (value instanceof HashValue) return COLLECTION_OBJECT_BYTES + scanMapBytes(value.fields);
  if (value instanceof SetValue) return COLLECTION_OBJECT_BYTES + setBytes(value);
  return 0;
}

/**
 * Collections, on the same layouts: the value object (a header and three
 * fields, 48 bytes); a {@link ScanMap}'s object and its Map (about 130 bytes
 * with the Map's empty table), then per element a Map entry
 * ({@link MAP_ENTRY_BYTES}), one slot in each parallel array (the elements,
 * the values of a hash, the sequence numbers once a compaction made them,
 * holes included: {@link arrayBytes}) and the element's and value's
 * strings; an intset's array, a slot per integer (a Smi or an unboxed
 * double) and a 24-byte heap BigInt beyond 2^53. Every element is visited,
 * so MEMORY USAGE of a collection is O(n), where Redis samples; what is
 * estimated is the whole. Checked against heap deltas (Node 20, --expose-gc):
 * 100k hashes of 10 fields, 1656 bytes a hash measured and 1682 estimated;
 * one hash of 1M fields, a set of 1M members and 100k intsets of 10 members
 * within 2% likewise.
 */
const COLLECTION_OBJECT_BYTES = 48;
const SCAN_MAP_OVERHEAD_BYTES = 130;
/** An array header (JSArray and its backing store's header). */
const ARRAY_OVERHEAD_BYTES = 48;
const BIGINT_BYTES = 24;

/**
 * An array of `length` slots grown by pushes: V8 grows a backing store to
 * 1.5 times plus 16 slots, so on average a quarter of the length and most
 * of the 16 are spare.
 */
function arrayBytes(length: number, spareSlots = 16): number {
  return ARRAY_OVERHEAD_BYTES + 8 * Math.ceil(length * 1.25 + spareSlots);
}

/** An intset grows by splice, which measured about 6 spare slots past a quarter (Node 20). */
const INTSET_SPARE_SLOTS = 6;

function scanMapBytes(map: ScanMap<Text> | ScanMap<never>): number {
  // The elements' array, and the sequence numbers' once made.
  const arrays = map.hasSeqs ? 2 : 1;
  let total = SCAN_MAP_OVERHEAD_BYTES + map.size * MAP_ENTRY_BYTES;
  let withValues = false;
  for (let slot = 0; slot < map.slotCount; slot++) {
    const key = map.keyAt(slot);
    if (key === undefined) continue;
    total += stringBytes(key);
    const value = map.valueAt(slot);
    if (value !== undefined) {
      withValues = true;
      total += valueBytes(value);
    }
  }
  return total + (arrays + (withValues ? 1 : 0)) * arrayBytes(map.slotCount);
}

function setBytes(set: SetValue): number {
  const ints = set.ints;
  if (ints === null) return scanMapBytes(set.members as ScanMap<never>);
  let total = arrayBytes(ints.length, INTSET_SPARE_SLOTS);
  for (const n of ints) if (typeof n === 'bigint') total += BIGINT_BYTES;
  return total;
}

/**
 * Estimated heap bytes of one entry without its expiry: the Map entry, the
 * key as a string and the value's estimate (valueBytes).
 */
function entryBytes(key: string, value: Value): number {
  return MAP_ENTRY_BYTES + stringBytes(key) + valueBytes(value);
}

/** The Map keys of a list of key arguments. */
function argKeys(items: readonly Bytes[]): string[] {
  const out = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = strings.argKey(items[i]);
  return out;
}

/** MSET's alternating keys and values, as Map keys and stored values. */
function argPairs(pairs: readonly Bytes[]): [keys: string[], values: Text[]] {
  const keyList = new Array<string>(pairs.length >> 1);
  const valueList = new Array<Text>(pairs.length >> 1);
  for (let i = 0; i < keyList.length; i++) {
    keyList[i] = strings.argKey(pairs[2 * i]);
    valueList[i] = strings.argText(pairs[2 * i + 1]);
  }
  return [keyList, valueList];
}

/** What a closed engine holds instead of its keyspace: any use throws. */
const CLOSED_KEYSPACE = new Proxy({} as Keyspace, {
  get(): never {
    throw new Error(ENGINE_CLOSED);
  },
});

/** The pure-TypeScript engine. */
export class TsEngine implements Engine {
  readonly kind = 'ts' as const;
  readonly clock = new CommandClock();
  readonly #effects = new Effects();
  /** The data; after close(), a stand-in whose every use throws. */
  #keyspace = new Keyspace(this.#effects, this.clock);
  #closed = false;
  /** The highest estimate memory() has computed. */
  #peak = 0;
  readonly #random = new Random();
  #limits: EncodingLimits = { ...DEFAULT_ENCODING_LIMITS };

  get now(): number {
    return this.clock.now;
  }

  set now(ms: number) {
    this.clock.now = ms;
  }

  get recordEffects(): boolean {
    return this.#effects.enabled;
  }

  set recordEffects(enabled: boolean) {
    this.#effects.enabled = enabled;
  }

  /** Throws inside a transaction: bytes handed out then could not be taken back by a rollback. */
  drainEffects(): Uint8Array {
    if (this.#keyspace.journal !== null) throw new Error(TX_DRAIN);
    return this.#effects.drain();
  }

  snapshot(): DatasetSnapshot {
    return snapshotOf(this.#keyspace);
  }

  // --- strings -------------------------------------------------------------

  get(key: Bytes, as: As): Bulk | null {
    return strings.get(this.#keyspace, strings.argKey(key), as);
  }

  set(key: Bytes, value: Bytes, flags: SetFlags, expireAt: Int, as: As): 'OK' | Bulk | null {
    return strings.set(this.#keyspace, this.#effects, strings.argKey(key), strings.argText(value), flags, expireAt, as);
  }

  getdel(key: Bytes, as: As): Bulk | null {
    return strings.getdel(this.#keyspace, this.#effects, strings.argKey(key), as);
  }

  getex(key: Bytes, mode: GetExMode, expireAt: Int, as: As): Bulk | null {
    return strings.getex(this.#keyspace, this.#effects, strings.argKey(key), mode, expireAt, as);
  }

  mget(keyList: Bytes[], as: As): (Bulk | null)[] {
    return strings.mget(this.#keyspace, argKeys(keyList), as);
  }

  mset(pairs: Bytes[]): void {
    strings.mset(this.#keyspace, this.#effects, ...argPairs(pairs));
  }

  msetnx(pairs: Bytes[]): 0 | 1 {
    return strings.msetnx(this.#keyspace, this.#effects, ...argPairs(pairs));
  }

  append(key: Bytes, value: Bytes): number {
    return strings.append(this.#keyspace, this.#effects, strings.argKey(key), strings.argText(value));
  }

  strlen(key: Bytes): number {
    return strings.strlen(this.#keyspace, strings.argKey(key));
  }

  getrange(key: Bytes, start: number, end: number, as: As): Bulk {
    return strings.getrange(this.#keyspace, strings.argKey(key), start, end, as);
  }

  setrange(key: Bytes, offset: number, value: Bytes): number {
    return strings.setrange(this.#keyspace, this.#effects, strings.argKey(key), offset, strings.argText(value));
  }

  incrby(key: Bytes, delta: Int): Int {
    return strings.incrby(this.#keyspace, this.#effects, strings.argKey(key), delta);
  }

  incrbyfloat(key: Bytes, increment: Bytes, as: As): Bulk {
    return strings.incrbyfloat(this.#keyspace, this.#effects, strings.argKey(key), strings.argText(increment), as);
  }

  // --- collections ---------------------------------------------------------

  call(op: Op, args: readonly Bytes[], as: As, n: Int = 0, flags: CallFlags | number = 0): Reply {
    const ctx: CollectionContext = { keyspace: this.#keyspace, effects: this.#effects, limits: this.#limits, random: this.#random };
    return runOp(ctx, op, args, as, n, flags);
  }

  encoding(key: Bytes): string | null {
    const value = this.#keyspace.lookup(strings.argKey(key));
    if (value === undefined) return null;
    return encodingOf(value);
  }

  configure(limits: EncodingLimits): void {
    this.#limits = { ...limits };
  }

  seed(seed: number): void {
    this.#random.seed(seed);
  }

  // --- keyspace ------------------------------------------------------------

  del(keyList: Bytes[]): number {
    return keys.del(this.#keyspace, this.#effects, argKeys(keyList));
  }

  exists(keyList: Bytes[]): number {
    return keys.exists(this.#keyspace, argKeys(keyList));
  }

  type(key: Bytes): KeyType | 'none' {
    return keys.type(this.#keyspace, strings.argKey(key));
  }

  rename(src: Bytes, dst: Bytes, nx: boolean): 'OK' | 0 | 1 {
    return keys.rename(this.#keyspace, this.#effects, strings.argKey(src), strings.argKey(dst), nx);
  }

  copy(src: Bytes, dst: Bytes, replace: boolean): 0 | 1 {
    return keys.copy(this.#keyspace, this.#effects, strings.argKey(src), strings.argKey(dst), replace);
  }

  scanKeys(filter: ScanFilter): KeyBatch {
    return keys.scanKeys(this.#keyspace, filter);
  }

  dbsize(): number {
    return this.#keyspace.values.size;
  }

  expiresCount(): number {
    return this.#keyspace.expires.size;
  }

  /**
   * The entry's estimated heap bytes ({@link entryBytes}, plus an expiry
   * entry if it has one). Reads the maps directly, so an expired key not yet
   * reclaimed is reported and nothing is deleted, as in Redis.
   */
  memoryUsage(key: Bytes): number | null {
    const mapKey = strings.argKey(key);
    const value = this.#keyspace.values.get(mapKey);
    if (value === undefined) return null;
    return entryBytes(mapKey, value) + (this.#keyspace.expires.has(mapKey) ? EXPIRY_ENTRY_BYTES : 0);
  }

  flushall(): void {
    keys.flushall(this.#keyspace, this.#effects);
  }

  randomkey(as: As): Bulk | null {
    return keys.randomkey(this.#keyspace, this.#random, as);
  }

  expire(key: Bytes, at: Int, flags: ExpireFlags): 0 | 1 {
    return keys.expire(this.#keyspace, strings.argKey(key), at, flags);
  }

  expireTime(key: Bytes): Int {
    return keys.expireTime(this.#keyspace, strings.argKey(key));
  }

  persist(key: Bytes): 0 | 1 {
    return keys.persist(this.#keyspace, this.#effects, strings.argKey(key));
  }

  activeExpire(budget: number): number {
    return this.#keyspace.activeExpire(budget);
  }

  // --- transactions --------------------------------------------------------

  get inTransaction(): boolean {
    return !this.#closed && this.#keyspace.journal !== null;
  }

  /** @throws Error inside a transaction: transactions do not nest. */
  begin(): void {
    if (this.#keyspace.journal !== null) throw new Error(TX_NESTED);
    this.#keyspace.journal = new Journal();
    this.#effects.begin();
  }

  /** @throws Error outside a transaction. */
  commit(): void {
    this.#end('commit');
    this.#effects.commit();
  }

  /** @throws Error outside a transaction. */
  rollback(): void {
    this.#end('rollback').undo(this.#keyspace);
    this.#effects.rollback();
  }

  /**
   * Detaches the open transaction's journal and returns it, so what follows
   * (undo included) journals nothing. Dropping it releases it: a journal
   * serves one transaction, as a fresh one costs less than emptying one.
   */
  #end(verb: 'commit' | 'rollback'): Journal {
    const journal = this.#keyspace.journal;
    if (journal === null) throw new Error(txNotOpen(verb));
    this.#keyspace.journal = null;
    return journal;
  }

  /**
   * An estimate of the heap the keyspace holds (see {@link estimateBytes});
   * `reserved` equals `used`, as the JS heap is not reserved per engine, and
   * `peak` is the highest estimate computed so far. O(n): it visits every
   * entry (a running total would cost every write a Map read for the size
   * it replaces).
   */
  memory(): MemoryStats {
    const used = this.#closed ? 0 : estimateBytes(this.#keyspace);
    if (used > this.#peak) this.#peak = used;
    return { used, reserved: used, peak: this.#peak };
  }

  close(): void {
    // An open transaction dies with the engine: nothing to undo or keep.
    this.#keyspace.journal = null;
    this.#keyspace.clear();
    this.#effects.discard();
    this.#closed = true;
    this.#keyspace = CLOSED_KEYSPACE;
  }
}

/**
 * OBJECT ENCODING of a stored value: a string by its content, as Redis
 * encodes it (a canonical integer of up to 20 characters is int, up to 44
 * bytes embstr, longer raw); a collection by its own encoding.
 */
function encodingOf(value: Value): string {
  if (typeof value === 'number') return 'int';
  if (typeof value === 'object' && value.type !== 'string') return value.encoding;
  if (value instanceof LongString) return 'raw';
  const bytes = textToByteString(value);
  if (bytes.length <= 20 && CANONICAL_INT.test(bytes) && isInt64(bytes)) return 'int';
  return bytes.length <= 44 ? 'embstr' : 'raw';
}

/** Decimal integers as Redis's string2ll accepts them: no leading zeros, no plus sign, no "-0". */
const CANONICAL_INT = /^(0|-?[1-9][0-9]*)$/;

function isInt64(text: string): boolean {
  const n = BigInt(text);
  return n >= -(2n ** 63n) && n < 2n ** 63n;
}

/**
 * Estimated heap bytes of a keyspace: the sum of {@link entryBytes} and an
 * expiry entry per key with an expiry. Ropes left by APPEND, shared strings
 * and the order view (4 bytes a key once a walk asked for it) make the real
 * figure differ a little either way.
 */
export function estimateBytes(keyspace: Keyspace): number {
  let total = 0;
  for (const [key, value] of keyspace.values) total += entryBytes(key, value);
  return total + keyspace.expires.size * EXPIRY_ENTRY_BYTES;
}
