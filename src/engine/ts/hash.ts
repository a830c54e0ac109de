/**
 * Hashes in the pure-TS engine (Redis's t_hash.c): the value type and one
 * function per hash {@link Op} (abi.ts says what each receives and replies).
 *
 * REPRESENTATION
 *
 * A {@link HashValue} holds its fields in a {@link ScanMap}: field (key form,
 * encoding.ts: a binary-safe byte string held as the JS string its bytes
 * decode to) -> value ({@link Text}, as string values are held). The same
 * table serves both encodings; `encoding` is the name Redis would report,
 * kept by Redis's rules so OBJECT ENCODING agrees with redis-server:
 *
 * - listpack while the hash has at most hash-max-listpack-entries fields and
 *   no field or value longer than hash-max-listpack-value bytes;
 * - hashtable from the first write that passes either limit, and never back
 *   (Redis does not convert back either).
 *
 * What the encoding changes is what Redis's encoding changes and a caller
 * can see: a listpack hash scans whole in one call (cursor 0) and picks
 * HRANDFIELD's distinct fields in its order; a hashtable scans by cursor.
 * The ScanMap keeps insertion order, which is listpack order (a field set
 * again keeps its place), so small hashes reply exactly as Redis's do.
 *
 * Every function looks up its key (expiring it lazily), checks the type
 * before changing anything (WRONGTYPE), records its effect (effects.ts) and
 * journals in-place edits through the ScanMap (journal.ts). A hash made by
 * the command itself is filled before it is stored, so its edits need no
 * journal: the key's own entry undoes it. A hash emptied loses its key.
 */
import { CallFlags, Op, type As, type Bytes, type Int } from '../engine.js';
import { CommandError } from '../../errors/command-error.js';
import { HASH_NOT_INTEGER, OVERFLOW } from '../../errors/messages.js';
import { WrongTypeError } from '../../errors/wrongtype-error.js';
import { addInt64, parseInt64 } from '../integer.js';
import type { Reply } from '../reply.js';
import type { CollectionContext, OpTable } from './collections.js';
import { cursorReply, scanCount, scanMatches, scanPattern } from './collection-scan.js';
import { byteLength, keyByteLength, keyReply, reply } from './encoding.js';
import type { Journal, UndoEntry } from './journal.js';
import type { Keyspace } from './keyspace.js';
import { checkReplyItems, orderedSample, sample } from './sampling.js';
import { ScanMap } from './scan-map.js';
import { argKey, argText } from './strings.js';
import type { CollectionValue, Text } from './value.js';

/** A hash value: see the module comment. */
export class HashValue implements CollectionValue {
  readonly type = 'hash' as const;
  encoding: 'listpack' | 'hashtable';
  readonly fields: ScanMap<Text>;

  constructor(fields: ScanMap<Text> = new ScanMap<Text>(true), encoding: 'listpack' | 'hashtable' = 'listpack') {
    this.fields = fields;
    this.encoding = encoding;
  }

  /** COPY's duplicate: same fields, values (immutable, so shared), order and encoding. */
  clone(): HashValue {
    return new HashValue(this.fields.clone(), this.encoding);
  }

  /** Marks the hash hashtable-encoded (one way), journaling the inverse. */
  toHashtable(journal: Journal | null): void {
    if (this.encoding === 'hashtable') return;
    if (journal !== null) journal.record(new EncodingUndo(this));
    this.encoding = 'hashtable';
  }
}

/** A hash converted to hashtable inside a transaction: undo makes it listpack again. */
class EncodingUndo implements UndoEntry {
  constructor(readonly hash: HashValue) {}

  undo(): void {
    this.hash.encoding = 'listpack';
  }
}

// --- common ------------------------------------------------------------------

/** The live hash at `key`, undefined if absent; WRONGTYPE for other types. */
function readHash(keyspace: Keyspace, key: string): HashValue | undefined {
  const value = keyspace.lookup(key);
  if (value === undefined || value instanceof HashValue) return value;
  throw new WrongTypeError();
}

/** Whether a text's UTF-8 form is longer than `limit` bytes (counted only when it could be). */
function textLongerThan(value: Text, limit: number): boolean {
  if (typeof value !== 'string') return value.bytes.length > limit;
  if (value.length > limit) return true;
  return value.length * 3 > limit && byteLength(value) > limit;
}

function fieldLongerThan(field: string, limit: number): boolean {
  if (field.length - 1 > limit) return true;
  return field.length * 3 > limit && keyByteLength(field) > limit;
}

/**
 * Sets fields on `hash` with Redis's conversions: to hashtable first if any
 * field or value is longer than hash-max-listpack-value (hashTypeTryConversion),
 * and after if the hash has more fields than hash-max-listpack-entries.
 * Returns how many fields were added.
 */
function setFields(ctx: CollectionContext, hash: HashValue, fields: readonly string[], values: readonly Text[], journal: Journal | null): number {
  if (hash.encoding === 'listpack') {
    const limit = ctx.limits.hashMaxListpackValue;
    for (let i = 0; i < fields.length; i++) {
      if (fieldLongerThan(fields[i], limit) || textLongerThan(values[i], limit)) {
        hash.toHashtable(journal);
        break;
      }
    }
  }
  let added = 0;
  for (let i = 0; i < fields.length; i++) {
    if (hash.fields.set(fields[i], values[i], journal)) added++;
  }
  if (hash.fields.size > ctx.limits.hashMaxListpackEntries) hash.toHashtable(journal);
  return added;
}

/**
 * Writes `fields` into the hash at `key` (made if absent, stored once
 * filled): the shared body of HSET, HSETNX and HINCRBY. Returns the number
 * of fields added.
 */
function writeFields(ctx: CollectionContext, key: string, hash: HashValue | undefined, fields: readonly string[], values: readonly Text[]): number {
  if (hash !== undefined) return setFields(ctx, hash, fields, values, ctx.keyspace.journal);
  const created = new HashValue();
  const added = setFields(ctx, created, fields, values, null);
  ctx.keyspace.insert(key, created);
  return added;
}

/** Pushes the field in `slot` (and its value with `withValues`) onto `out`. */
function pushField(out: Reply[], fields: ScanMap<Text>, slot: number, withValues: boolean, as: As): void {
  out.push(keyReply(fields.keyAt(slot) as string, as));
  if (withValues) out.push(reply(fields.valueAt(slot) as Text, as));
}

/** Every field (and value, with `withValues`) in the hash's order. */
function allFields(hash: HashValue, withFields: boolean, withValues: boolean, as: As): Reply[] {
  const out: Reply[] = [];
  const fields = hash.fields;
  for (let slot = 0; slot < fields.slotCount; slot++) {
    const field = fields.keyAt(slot);
    if (field === undefined) continue;
    if (withFields) out.push(keyReply(field, as));
    if (withValues) out.push(reply(fields.valueAt(slot) as Text, as));
  }
  return out;
}

// --- commands ----------------------------------------------------------------

function hset(ctx: CollectionContext, args: readonly Bytes[]): Reply {
  const key = argKey(args[0]);
  const pairs = (args.length - 1) >> 1;
  const fields = new Array<string>(pairs);
  const values = new Array<Text>(pairs);
  for (let i = 0; i < pairs; i++) {
    fields[i] = argKey(args[1 + 2 * i]);
    values[i] = argText(args[2 + 2 * i]);
  }
  const added = writeFields(ctx, key, readHash(ctx.keyspace, key), fields, values);
  ctx.effects.hset(key, fields, values);
  return added;
}

function hsetnx(ctx: CollectionContext, args: readonly Bytes[]): Reply {
  const key = argKey(args[0]);
  const field = argKey(args[1]);
  const value = argText(args[2]);
  const hash = readHash(ctx.keyspace, key);
  // Redis checks for the field before its conversion check: a refused long value converts nothing.
  if (hash !== undefined && hash.fields.has(field)) return 0;
  writeFields(ctx, key, hash, [field], [value]);
  ctx.effects.hset(key, [field], [value]);
  return 1;
}

function hget(ctx: CollectionContext, args: readonly Bytes[], as: As): Reply {
  const hash = readHash(ctx.keyspace, argKey(args[0]));
  const value = hash?.fields.get(argKey(args[1]));
  return value === undefined ? null : reply(value, as);
}

function hmget(ctx: CollectionContext, args: readonly Bytes[], as: As): Reply {
  const hash = readHash(ctx.keyspace, argKey(args[0]));
  const out: Reply[] = new Array(args.length - 1);
  for (let i = 1; i < args.length; i++) {
    const value = hash?.fields.get(argKey(args[i]));
    out[i - 1] = value === undefined ? null : reply(value, as);
  }
  return out;
}

function hdel(ctx: CollectionContext, args: readonly Bytes[]): Reply {
  const key = argKey(args[0]);
  const fields = new Array<string>(args.length - 1);
  for (let i = 1; i < args.length; i++) fields[i - 1] = argKey(args[i]);
  const hash = readHash(ctx.keyspace, key);
  if (hash === undefined) return 0;
  const journal = ctx.keyspace.journal;
  let removed = 0;
  for (const field of fields) {
    if (!hash.fields.delete(field, journal)) continue;
    removed++;
    if (hash.fields.size === 0) {
      ctx.keyspace.remove(key);
      break;
    }
  }
  if (removed > 0) ctx.effects.elements('HDEL', key, fields);
  return removed;
}

function hexists(ctx: CollectionContext, args: readonly Bytes[]): Reply {
  const hash = readHash(ctx.keyspace, argKey(args[0]));
  return hash !== undefined && hash.fields.has(argKey(args[1])) ? 1 : 0;
}

function hlen(ctx: CollectionContext, args: readonly Bytes[]): Reply {
  return readHash(ctx.keyspace, argKey(args[0]))?.fields.size ?? 0;
}

function hkeys(ctx: CollectionContext, args: readonly Bytes[], as: As): Reply {
  const hash = readHash(ctx.keyspace, argKey(args[0]));
  return hash === undefined ? [] : allFields(hash, true, false, as);
}

function hvals(ctx: CollectionContext, args: readonly Bytes[], as: As): Reply {
  const hash = readHash(ctx.keyspace, argKey(args[0]));
  return hash === undefined ? [] : allFields(hash, false, true, as);
}

function hgetall(ctx: CollectionContext, args: readonly Bytes[], as: As): Reply {
  const hash = readHash(ctx.keyspace, argKey(args[0]));
  return hash === undefined ? [] : allFields(hash, true, true, as);
}

/** HINCRBY: the field's integer (0 if absent) plus `delta`, stored as its decimal text. */
function hincrby(ctx: CollectionContext, args: readonly Bytes[], _as: As, delta: Int): Reply {
  const key = argKey(args[0]);
  const field = argKey(args[1]);
  const hash = readHash(ctx.keyspace, key);
  const old = hash?.fields.get(field);
  let current: Int = 0;
  if (old !== undefined) {
    const parsed = parseInt64(typeof old === 'string' ? old : old.bytes);
    if (parsed === null) throw new CommandError(HASH_NOT_INTEGER);
    current = parsed;
  }
  const next = addInt64(current, delta);
  if (next === null) throw new CommandError(OVERFLOW);
  writeFields(ctx, key, hash, [field], [String(next)]);
  ctx.effects.hincrby(key, field, delta);
  return next;
}

function hstrlen(ctx: CollectionContext, args: readonly Bytes[]): Reply {
  const value = readHash(ctx.keyspace, argKey(args[0]))?.fields.get(argKey(args[1]));
  return value === undefined ? 0 : byteLength(value);
}

/**
 * Draws with repeats that a listpack hash answers in its own order, as
 * Redis's lpRandomPairs sorts each batch of this many picks by position.
 */
const RANDOM_PAIRS_BATCH = 1000;

/**
 * HRANDFIELD, by the cases of Redis's hrandfieldWithCountCommand: a
 * negative count draws with repeats (a listpack hash's sorted per batch of
 * {@link RANDOM_PAIRS_BATCH}); a count of at least the size returns
 * the whole hash; otherwise distinct fields (sampling.ts), in the hash's
 * order for a listpack hash in CASE 4, as Redis's lpRandomPairsUnique.
 */
function hrandfield(ctx: CollectionContext, args: readonly Bytes[], as: As, n: Int, flags: number): Reply {
  const hash = readHash(ctx.keyspace, argKey(args[0]));
  const random = ctx.random;
  if ((flags & CallFlags.HasCount) === 0) {
    if (hash === undefined) return null;
    return keyReply(hash.fields.keyAt(hash.fields.randomPosition(random)) as string, as);
  }
  const count = Number(n);
  if (hash === undefined || count === 0) return [];
  const fields = hash.fields;
  const withValues = (flags & CallFlags.WithValues) !== 0;
  const out: Reply[] = [];
  if (count < 0) {
    checkReplyItems(withValues ? -2 * count : -count);
    for (let left = -count; left > 0; left -= RANDOM_PAIRS_BATCH) {
      const draws = new Array<number>(Math.min(left, RANDOM_PAIRS_BATCH));
      for (let i = 0; i < draws.length; i++) draws[i] = fields.randomPosition(random);
      if (hash.encoding === 'listpack') draws.sort((a, b) => a - b);
      for (const slot of draws) pushField(out, fields, slot, withValues, as);
    }
    return out;
  }
  if (count >= fields.size) return allFields(hash, true, withValues, as);
  const ordered = hash.encoding === 'listpack' && count * 3 <= fields.size;
  for (const slot of ordered ? orderedSample(fields, random, count) : sample(fields, random, count)) pushField(out, fields, slot, withValues, as);
  return out;
}

/** HSCAN: a listpack hash whole with cursor 0; a hashtable by ScanMap cursor (scan-map.ts). */
function hscan(ctx: CollectionContext, args: readonly Bytes[], as: As, cursor: Int, flags: number): Reply {
  const hash = readHash(ctx.keyspace, argKey(args[0]));
  if (hash === undefined) return [cursorReply(0, as), []];
  const pattern = scanPattern(args, flags);
  const out: Reply[] = [];
  const visit = (field: string, value: Text | undefined): void => {
    if (scanMatches(pattern, field)) out.push(keyReply(field, as), reply(value as Text, as));
  };
  let next = 0;
  if (hash.encoding === 'listpack') {
    const fields = hash.fields;
    for (let slot = 0; slot < fields.slotCount; slot++) {
      const field = fields.keyAt(slot);
      if (field !== undefined) visit(field, fields.valueAt(slot));
    }
  } else {
    next = hash.fields.scan(Number(cursor), scanCount(flags), visit);
  }
  return [cursorReply(next, as), out];
}

/** The hash commands, for collections.ts. */
export const HASH_OPS: OpTable = {
  [Op.HSet]: hset,
  [Op.HSetNx]: hsetnx,
  [Op.HGet]: hget,
  [Op.HMGet]: hmget,
  [Op.HDel]: hdel,
  [Op.HExists]: hexists,
  [Op.HLen]: hlen,
  [Op.HKeys]: hkeys,
  [Op.HVals]: hvals,
  [Op.HGetAll]: hgetall,
  [Op.HIncrBy]: hincrby,
  [Op.HStrLen]: hstrlen,
  [Op.HRandField]: hrandfield,
  [Op.HScan]: hscan,
};
