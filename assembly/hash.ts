// hash: the hash commands (abi.ts Op.HSet .. Op.HScan), Redis 7.0 t_hash.c
// semantics, over two encodings:
//
//   listpack    (listpack.ts) field, value, field, value ... in insertion
//               order, while the hash has at most hash-max-listpack-entries
//               fields and no field or value longer than
//               hash-max-listpack-value bytes (config.ts)
//   hashtable   (hashtable.ts) one entry per field, with its value
//
// A hash starts as a listpack and converts once a write breaks a limit
// (before adding a field or value that is too long, as hashTypeTryConversion
// does; after adding the field past the count); it never converts back.
//
// CALLING CONVENTION (call.ts): each command is
// (args, count, n, flags) => status: `args` is the argument list (io.ts),
// the key first; the reply goes to the tape (reply.ts).
//
// WRITES reserve their worst case first (heap, journal, effects, reply
// tape), then look the key up (lazy expiry), check its type, and only then
// change anything, so a failed command changes nothing. In a transaction a
// listpack is saved whole before its first change (db.ts dbSaveObject) and a
// hashtable journals each entry it adds, removes or replaces, unless the
// transaction made the object (journal.ts EPOCHS).
//
// EFFECTS (the team's plan): HSET key f v ... as given (HSET and HMSET
// always; HSETNX as HSET of its pair when it set); HDEL key f ... as given
// when something was removed; HINCRBY key f delta as given. A hash emptied
// by HDEL is deleted with no further effect.

import { hashMaxListpackEntries, hashMaxListpackValue } from './config';
import {
  dbAdd, dbArgsEffectBytes, dbChangeBytes, dbConvertObject, dbDelete, dbEffectArgs, dbFindBlocked, dbFindOf,
  dbInsertsFor, dbKeyEffectBytes, dbObjectJournaled, dbPeekOf, dbReadOf, dbReserve, dbSaveObject, dbSaveObjectBytes,
  dbWrongType,
} from './db';
import { EFF_INT_PAYLOAD, EFF_REWRITE_BATCH, effBegin, effBulk, effCommandBytes, effInt, effOn, effWord } from './effects';
import { globFiltersNothing, globMatch } from './glob';
import {
  htAddWorstBytes, htAt, htCount, htEntryBytes, htEntryField, htEntryFieldLen, htEntryFree, htEntryNew, htEntryValue,
  htEntryValueLen, htFind, htInsert, htNew, htNewBytes, htNext, htRandom, htRemove, htReplace, htScan,
} from './hashtable';
import { heapAlloc, heapBlockSize, heapFree } from './heap';
import {
  ioEntryBytes, ioEntryLen, ioEntryNext, ST_HASH_NOT_INTEGER, ST_OK, ST_OOM, ST_OVERFLOW, ST_WRONGTYPE,
} from './io';
import { journalElemAdded, journalElemRemoved, journalElemReplaced, journalEpochNow } from './journal';
import {
  ENC_HASHTABLE, ENC_LISTPACK, LEAF_OBJECT_LEN, leafBlockBytes, leafEncoding, leafKey, leafKeyLen, leafNew,
  leafObject, leafSetEncoding, leafSetObject, leafType, TYPE_HASH,
} from './leaf';
import {
  lpAppend, lpBytes, lpCount, lpDelete, lpDuplicateBytes, lpEnd, lpEnsure, lpFindField, lpFirst, lpFit, lpLen, lpNew,
  lpNewBytes, lpNext, lpReplace, lpStringBytes,
} from './listpack';
import { randomBelow } from './random';
import {
  REPLY_BULK_BYTES, REPLY_INT_BYTES, replyArray, replyBulk, replyDecimal, replyInt, replyNil, replyPatchCount,
  replyReserve,
} from './reply';
import { formatDecimal, parseDecimal, parsedDecimal } from './decimal';
import { CallFlags } from '../src/engine/abi';

// === Lookup =================================================================

/** Fields in the hash. */
function hashLen(leaf: usize): u32 {
  const o = leafObject(leaf);
  return leafEncoding(leaf) == ENC_LISTPACK ? lpCount(o) >> 1 : htCount(o);
}

let foundValue: usize = 0;
let foundValueLen: u32 = 0;

/** hashGet: whether the field is there; its value in foundValue/foundValueLen. */
function hashGet(leaf: usize, field: usize, fieldLen: u32): bool {
  const o = leafObject(leaf);
  if (leafEncoding(leaf) == ENC_LISTPACK) {
    const p = lpFindField(o, field, fieldLen);
    if (p == 0) return false;
    const v = lpNext(p);
    foundValue = lpBytes(v);
    foundValueLen = lpLen(v);
    return true;
  }
  const e = htFind(o, field, fieldLen);
  if (e == 0) return false;
  foundValue = htEntryValue(e);
  foundValueLen = htEntryValueLen(e);
  return true;
}

// === Iteration ==============================================================
//
// One walk over either encoding: hashIterStart, then hashIterNext() until
// false, reading itField/itFieldLen/itValue/itValueLen. The hash must not
// change meanwhile.

let itLeafEnc: u8 = 0;
let itObject: usize = 0;
let itPos: i64 = 0;
let itField: usize = 0;
let itFieldLen: u32 = 0;
let itValue: usize = 0;
let itValueLen: u32 = 0;

function hashIterStart(leaf: usize): void {
  itLeafEnc = leafEncoding(leaf);
  itObject = leafObject(leaf);
  itPos = itLeafEnc == ENC_LISTPACK ? <i64>lpFirst(itObject) : 0;
}

function hashIterNext(): bool {
  if (itLeafEnc == ENC_LISTPACK) {
    const p = <usize>itPos;
    if (p >= lpEnd(itObject)) return false;
    const v = lpNext(p);
    itField = lpBytes(p);
    itFieldLen = lpLen(p);
    itValue = lpBytes(v);
    itValueLen = lpLen(v);
    itPos = <i64>lpNext(v);
    return true;
  }
  const pos = htNext(itObject, itPos);
  if (pos < 0) return false;
  setItEntry(htAt(itObject, pos));
  itPos = pos + 1;
  return true;
}

// @ts-ignore: decorator
@inline function setItEntry(e: usize): void {
  itField = htEntryField(e);
  itFieldLen = htEntryFieldLen(e);
  itValue = htEntryValue(e);
  itValueLen = htEntryValueLen(e);
}

// === Changes ================================================================

/** Whether a string is too long for a listpack. */
// @ts-ignore: decorator
@inline function tooLong(len: u32): bool {
  return len > hashMaxListpackValue;
}

/**
 * Heap bytes converting the listpack hash `leaf` to a hashtable may take,
 * with room for `adds` more fields (their entries not counted).
 */
function convertBytes(leaf: usize, adds: u32): u64 {
  if (leaf == 0 || leafEncoding(leaf) != ENC_LISTPACK) return htNewBytes(adds);
  let bytes = htNewBytes(hashLen(leaf) + adds);
  hashIterStart(leaf);
  while (hashIterNext()) bytes += htEntryBytes(itFieldLen, itValueLen, true);
  return bytes;
}

/**
 * hashConvert: turns the listpack hash `leaf` into a hashtable (db.ts
 * dbConvertObject: the listpack is freed or kept by the journal).
 * Precondition: convertBytes reserved, and a journal entry.
 */
function hashConvert(leaf: usize): void {
  const t = htNew(hashLen(leaf), journalEpochNow());
  assert(t != 0, 'hash conversion without reservation');
  hashIterStart(leaf);
  while (hashIterNext()) {
    const e = htEntryNew(itField, itFieldLen, itValue, itValueLen, true);
    assert(e != 0, 'hash conversion without reservation');
    htInsert(t, e);
  }
  dbConvertObject(leaf, t, ENC_HASHTABLE);
}

/**
 * hashSet: sets the field to the value; 1 when the field was added, 0 when
 * it was replaced. A listpack must have the room (hashPrepareListpack); a
 * hashtable's growth must be reserved (htAddWorstBytes) with the entry.
 */
function hashSet(leaf: usize, field: usize, fieldLen: u32, value: usize, valueLen: u32): i32 {
  const o = leafObject(leaf);
  if (leafEncoding(leaf) == ENC_LISTPACK) {
    const p = lpFindField(o, field, fieldLen);
    if (p != 0) {
      lpReplace(o, lpNext(p), value, valueLen);
      return 0;
    }
    lpAppend(o, field, fieldLen);
    lpAppend(o, value, valueLen);
    return 1;
  }
  const e = htEntryNew(field, fieldLen, value, valueLen, true);
  assert(e != 0, 'hash set without reservation');
  const old = htFind(o, field, fieldLen);
  const journaled = dbObjectJournaled(leaf);
  if (old != 0) {
    htReplace(o, old, e);
    if (journaled) journalElemReplaced(leafKey(leaf), leafKeyLen(leaf), old, e);
    else htEntryFree(old);
    return 0;
  }
  htInsert(o, e);
  if (journaled) journalElemAdded(leafKey(leaf), leafKeyLen(leaf), e);
  return 1;
}

/**
 * Readies a listpack hash for writes that add at most `bytes` of strings:
 * saved first in a transaction, then grown to fit. No-op for a hashtable.
 * Precondition: hashWriteBytes reserved.
 */
function hashPrepareListpack(leaf: usize, bytes: u32): void {
  if (leafEncoding(leaf) != ENC_LISTPACK) return;
  dbSaveObject(leaf);
  leafSetObject(leaf, lpEnsure(leafObject(leaf), bytes));
}

/**
 * Heap bytes of a write that sets fields (pairs whose strings take
 * `lpBytes` in a listpack and `htBytes` as hashtable entries; `long` when
 * one of them is too long for a listpack) in the hash `leaf` (0 when
 * absent): whichever path it takes, listpack growth, conversion or
 * hashtable growth, all counted. A listpack's conversion is counted only
 * when this write can cause it (a long string, or past the field count),
 * as counting it walks every field.
 */
function hashWriteBytes(leaf: usize, pairs: u32, lpAdd: u64, htBytes: u64, long: bool): u64 {
  if (leaf != 0 && leafEncoding(leaf) == ENC_HASHTABLE) return htAddWorstBytes(leafObject(leaf), pairs) + htBytes;
  // A listpack saved first (a transaction) grows from its copy, which has
  // no slack: count a whole new block either way.
  const lp = leaf == 0 ? lpNewBytes(lpAdd) : dbSaveObjectBytes(leaf) + lpNewBytes(lpDuplicateBytes(leafObject(leaf)) + lpAdd);
  const fields = <u64>(leaf == 0 ? 0 : hashLen(leaf)) + pairs;
  if (!long && fields <= <u64>hashMaxListpackEntries) return lp;
  return lp + convertBytes(leaf, pairs) + htBytes;
}

/**
 * Creates an empty listpack hash at key (absent). Precondition: reserved
 * (the leaf, a tree insertion, the listpack of `bytes`).
 */
function hashCreate(key: usize, keyLen: u32, bytes: u32): usize {
  const lp = lpNew(bytes, journalEpochNow());
  assert(lp != 0, 'hash create without reservation');
  const leaf = leafNew(TYPE_HASH, key, keyLen, LEAF_OBJECT_LEN, false, 0);
  assert(leaf != 0, 'hash create without reservation');
  leafSetEncoding(leaf, ENC_LISTPACK);
  leafSetObject(leaf, lp);
  dbAdd(leaf);
  return leaf;
}

/** Converts a listpack hash that has passed the field count. */
function hashConvertIfFull(leaf: usize): void {
  if (leafEncoding(leaf) != ENC_LISTPACK) return;
  if (hashLen(leaf) > hashMaxListpackEntries) hashConvert(leaf);
  else lpFit(leafObject(leaf));
}

/** Fixed heap bytes of a hash write besides its strings: a new leaf. */
// @ts-ignore: decorator
@inline function leafBytes(keyLen: u32): u64 {
  return leafBlockBytes(keyLen, LEAF_OBJECT_LEN, false);
}

// === HSET HSETNX ============================================================

/**
 * HSET key field value [field value ...]: the number of fields added.
 * (HMSET is the same op; its row replies OK.)
 */
export function hashHSet(args: usize, count: u32, n: i64, flags: u32): i32 {
  const key = ioEntryBytes(args);
  const keyLen = ioEntryLen(args);
  const pairs = (count - 1) >> 1;
  let lpAdd: u64 = 0;
  let htBytes: u64 = 0;
  let long = false;
  let p = ioEntryNext(args);
  for (let i: u32 = 0; i < pairs; i++) {
    const f = ioEntryLen(p);
    p = ioEntryNext(p);
    const v = ioEntryLen(p);
    p = ioEntryNext(p);
    lpAdd += lpStringBytes(f) + lpStringBytes(v);
    htBytes += htEntryBytes(f, v, true);
    long = long || tooLong(f) || tooLong(v);
  }
  const peek = dbPeekOf(key, keyLen, TYPE_HASH);
  const heap = leafBytes(keyLen) + hashWriteBytes(peek, pairs, lpAdd, htBytes, long);
  const effBytes = dbArgsEffectBytes('HSET', args, count) + dbKeyEffectBytes(keyLen);
  if (lpAdd > 0x40000000 || !replyReserve(REPLY_INT_BYTES)) return ST_OOM;
  if (!dbReserve(heap, dbInsertsFor(key, keyLen), false, effBytes, dbChangeBytes(keyLen, pairs + 4))) return ST_OOM;
  let leaf = dbFindOf(key, keyLen, TYPE_HASH);
  if (dbWrongType) return ST_WRONGTYPE;
  if (leaf == 0 && dbFindBlocked) return ST_OOM;
  if (leaf == 0) leaf = hashCreate(key, keyLen, long ? 0 : <u32>lpAdd);
  if (long && leafEncoding(leaf) == ENC_LISTPACK) hashConvert(leaf);
  hashPrepareListpack(leaf, <u32>lpAdd);
  let added: i32 = 0;
  p = ioEntryNext(args);
  for (let i: u32 = 0; i < pairs; i++) {
    const f = p;
    p = ioEntryNext(p);
    added += hashSet(leaf, ioEntryBytes(f), ioEntryLen(f), ioEntryBytes(p), ioEntryLen(p));
    p = ioEntryNext(p);
  }
  hashConvertIfFull(leaf);
  if (effOn) dbEffectArgs('HSET', args, count);
  replyInt(added);
  return ST_OK;
}

/** HSETNX key field value: 1 when set, 0 when the field existed. */
export function hashHSetNx(args: usize, count: u32, n: i64, flags: u32): i32 {
  const key = ioEntryBytes(args);
  const keyLen = ioEntryLen(args);
  const fieldArg = ioEntryNext(args);
  const valueArg = ioEntryNext(fieldArg);
  const field = ioEntryBytes(fieldArg);
  const fieldLen = ioEntryLen(fieldArg);
  const value = ioEntryBytes(valueArg);
  const valueLen = ioEntryLen(valueArg);
  const lpAdd = lpStringBytes(fieldLen) + lpStringBytes(valueLen);
  const peek = dbPeekOf(key, keyLen, TYPE_HASH);
  const heap = leafBytes(keyLen) + hashWriteBytes(peek, 1, lpAdd, htEntryBytes(fieldLen, valueLen, true), tooLong(fieldLen) || tooLong(valueLen));
  const effBytes = dbArgsEffectBytes('HSET', args, count) + dbKeyEffectBytes(keyLen);
  if (lpAdd > 0x40000000 || !replyReserve(REPLY_INT_BYTES)) return ST_OOM;
  if (!dbReserve(heap, dbInsertsFor(key, keyLen), false, effBytes, dbChangeBytes(keyLen, 5))) return ST_OOM;
  let leaf = dbFindOf(key, keyLen, TYPE_HASH);
  if (dbWrongType) return ST_WRONGTYPE;
  if (leaf == 0 && dbFindBlocked) return ST_OOM;
  if (leaf == 0) leaf = hashCreate(key, keyLen, <u32>lpAdd);
  // As hsetnxCommand: the conversion check on the arguments comes before
  // the existence check, so a long value converts even when nothing is set.
  if ((tooLong(fieldLen) || tooLong(valueLen)) && leafEncoding(leaf) == ENC_LISTPACK) hashConvert(leaf);
  if (hashGet(leaf, field, fieldLen)) {
    replyInt(0);
    return ST_OK;
  }
  hashPrepareListpack(leaf, <u32>lpAdd);
  hashSet(leaf, field, fieldLen, value, valueLen);
  hashConvertIfFull(leaf);
  if (effOn) dbEffectArgs('HSET', args, count);
  replyInt(1);
  return ST_OK;
}

// === HINCRBY ================================================================

/** Room for HINCRBY's result in decimal ("-9223372036854775808" is 20 bytes). */
const incrScratch: usize = memory.data(24);

/** HINCRBY key field delta (n): the new value; ST_HASH_NOT_INTEGER, ST_OVERFLOW. */
export function hashHIncrBy(args: usize, count: u32, n: i64, flags: u32): i32 {
  const key = ioEntryBytes(args);
  const keyLen = ioEntryLen(args);
  const fieldArg = ioEntryNext(args);
  const field = ioEntryBytes(fieldArg);
  const fieldLen = ioEntryLen(fieldArg);
  const lpAdd = lpStringBytes(fieldLen) + 21;
  const peek = dbPeekOf(key, keyLen, TYPE_HASH);
  // The result (at most 20 bytes) converts the hash when the limit is lower than that.
  const heap = leafBytes(keyLen) + hashWriteBytes(peek, 1, lpAdd, htEntryBytes(fieldLen, 20, true), tooLong(fieldLen) || tooLong(20));
  const effBytes = effCommandBytes(4, <u64>keyLen + fieldLen + EFF_INT_PAYLOAD + 7) + dbKeyEffectBytes(keyLen);
  if (!replyReserve(REPLY_INT_BYTES)) return ST_OOM;
  if (!dbReserve(heap, dbInsertsFor(key, keyLen), false, effBytes, dbChangeBytes(keyLen, 5))) return ST_OOM;
  let leaf = dbFindOf(key, keyLen, TYPE_HASH);
  if (dbWrongType) return ST_WRONGTYPE;
  if (leaf == 0 && dbFindBlocked) return ST_OOM;
  let current: i64 = 0;
  if (leaf != 0 && hashGet(leaf, field, fieldLen)) {
    if (!parseDecimal(foundValue, foundValueLen)) return ST_HASH_NOT_INTEGER;
    current = parsedDecimal;
  }
  if ((n < 0 && current < 0 && n < i64.MIN_VALUE - current) || (n > 0 && current > 0 && n > i64.MAX_VALUE - current)) {
    return ST_OVERFLOW;
  }
  const result = current + n;
  const len = formatDecimal(result, incrScratch);
  if (leaf == 0) leaf = hashCreate(key, keyLen, <u32>lpAdd);
  // As hashTypeSet: a field or a result too long for a listpack converts the hash.
  if ((tooLong(fieldLen) || tooLong(len)) && leafEncoding(leaf) == ENC_LISTPACK) hashConvert(leaf);
  hashPrepareListpack(leaf, <u32>lpAdd);
  hashSet(leaf, field, fieldLen, incrScratch, len);
  hashConvertIfFull(leaf);
  if (effOn) {
    effBegin(4, <u64>keyLen + fieldLen + EFF_INT_PAYLOAD + 7);
    effWord('HINCRBY');
    effBulk(key, keyLen);
    effBulk(field, fieldLen);
    effInt(n);
  }
  replyInt(result);
  return ST_OK;
}

// === HDEL ===================================================================

/** HDEL key field [field ...]: fields removed; the key goes when the hash empties. */
export function hashHDel(args: usize, count: u32, n: i64, flags: u32): i32 {
  const key = ioEntryBytes(args);
  const keyLen = ioEntryLen(args);
  const peek = dbPeekOf(key, keyLen, TYPE_HASH);
  const heap: u64 = peek != 0 && leafEncoding(peek) == ENC_LISTPACK ? dbSaveObjectBytes(peek) : 0;
  const effBytes = dbArgsEffectBytes('HDEL', args, count) + dbKeyEffectBytes(keyLen);
  if (!replyReserve(REPLY_INT_BYTES)) return ST_OOM;
  if (!dbReserve(heap, 0, false, effBytes, dbChangeBytes(keyLen, count + 3))) return ST_OOM;
  const leaf = dbFindOf(key, keyLen, TYPE_HASH);
  if (dbWrongType) return ST_WRONGTYPE;
  if (leaf == 0) {
    replyInt(0);
    return ST_OK;
  }
  let removed: i32 = 0;
  const listpack = leafEncoding(leaf) == ENC_LISTPACK;
  let p = ioEntryNext(args);
  for (let i: u32 = 1; i < count; i++) {
    const field = ioEntryBytes(p);
    const fieldLen = ioEntryLen(p);
    p = ioEntryNext(p);
    if (listpack) {
      const at = lpFindField(leafObject(leaf), field, fieldLen);
      if (at == 0) continue;
      dbSaveObject(leaf);
      // The saved copy has the same layout: find the field again in it.
      const lp = leafObject(leaf);
      lpDelete(lp, lpFindField(lp, field, fieldLen), 2);
      removed++;
      continue;
    }
    const e = htRemove(leafObject(leaf), field, fieldLen);
    if (e == 0) continue;
    if (dbObjectJournaled(leaf)) journalElemRemoved(leafKey(leaf), leafKeyLen(leaf), e);
    else htEntryFree(e);
    removed++;
  }
  if (removed != 0) {
    if (effOn) dbEffectArgs('HDEL', args, count);
    if (hashLen(leaf) == 0) dbDelete(leaf);
    else if (listpack) lpFit(leafObject(leaf));
  }
  replyInt(removed);
  return ST_OK;
}

// === Reads ==================================================================

/** The hash at key for a read (db.ts dbReadOf): 0 when absent, or of another type (dbWrongType). */
// @ts-ignore: decorator
@inline function readLookup(args: usize): usize {
  return dbReadOf(ioEntryBytes(args), ioEntryLen(args), TYPE_HASH);
}

/** HGET key field: the value or nil. */
export function hashHGet(args: usize, count: u32, n: i64, flags: u32): i32 {
  const leaf = readLookup(args);
  if (dbWrongType) return ST_WRONGTYPE;
  const f = ioEntryNext(args);
  if (leaf != 0 && hashGet(leaf, ioEntryBytes(f), ioEntryLen(f))) replyBulk(foundValue, foundValueLen);
  else replyNil();
  return ST_OK;
}

/** HMGET key field [field ...]: an array of values or nils. */
export function hashHMGet(args: usize, count: u32, n: i64, flags: u32): i32 {
  const leaf = readLookup(args);
  if (dbWrongType) return ST_WRONGTYPE;
  replyArray(count - 1);
  let p = ioEntryNext(args);
  for (let i: u32 = 1; i < count; i++) {
    if (leaf != 0 && hashGet(leaf, ioEntryBytes(p), ioEntryLen(p))) replyBulk(foundValue, foundValueLen);
    else replyNil();
    p = ioEntryNext(p);
  }
  return ST_OK;
}

/** HEXISTS key field: 1 or 0. */
export function hashHExists(args: usize, count: u32, n: i64, flags: u32): i32 {
  const leaf = readLookup(args);
  if (dbWrongType) return ST_WRONGTYPE;
  const f = ioEntryNext(args);
  replyInt(leaf != 0 && hashGet(leaf, ioEntryBytes(f), ioEntryLen(f)) ? 1 : 0);
  return ST_OK;
}

/** HSTRLEN key field: the value's length, 0 when absent. */
export function hashHStrLen(args: usize, count: u32, n: i64, flags: u32): i32 {
  const leaf = readLookup(args);
  if (dbWrongType) return ST_WRONGTYPE;
  const f = ioEntryNext(args);
  replyInt(leaf != 0 && hashGet(leaf, ioEntryBytes(f), ioEntryLen(f)) ? foundValueLen : 0);
  return ST_OK;
}

/** HLEN key: the number of fields. */
export function hashHLen(args: usize, count: u32, n: i64, flags: u32): i32 {
  const leaf = readLookup(args);
  if (dbWrongType) return ST_WRONGTYPE;
  replyInt(leaf == 0 ? 0 : hashLen(leaf));
  return ST_OK;
}

// What hashReplyAll lists.
// @ts-ignore: decorator
@inline const WITH_FIELDS: u32 = 1;
// @ts-ignore: decorator
@inline const WITH_VALUES: u32 = 2;

/** HKEYS, HVALS, HGETALL: every field and/or value, in the hash's order. */
function hashReplyAll(args: usize, what: u32): i32 {
  const leaf = readLookup(args);
  if (dbWrongType) return ST_WRONGTYPE;
  if (leaf == 0) {
    replyArray(0);
    return ST_OK;
  }
  const per: u32 = what == (WITH_FIELDS | WITH_VALUES) ? 2 : 1;
  const items = <u64>hashLen(leaf) * per;
  if (!replyReserve(8 + items * REPLY_BULK_BYTES)) return ST_OOM;
  replyArray(<u32>items);
  hashIterStart(leaf);
  while (hashIterNext()) {
    if ((what & WITH_FIELDS) != 0) replyBulk(itField, itFieldLen);
    if ((what & WITH_VALUES) != 0) replyBulk(itValue, itValueLen);
  }
  return ST_OK;
}

export function hashHKeys(args: usize, count: u32, n: i64, flags: u32): i32 {
  return hashReplyAll(args, WITH_FIELDS);
}

export function hashHVals(args: usize, count: u32, n: i64, flags: u32): i32 {
  return hashReplyAll(args, WITH_VALUES);
}

export function hashHGetAll(args: usize, count: u32, n: i64, flags: u32): i32 {
  return hashReplyAll(args, WITH_FIELDS | WITH_VALUES);
}

// === HRANDFIELD =============================================================

/** The fields of the hash, by rank, for picks by index: a listpack's string addresses, built per command. */
let pickIndex: usize = 0;
let pickIndexBytes: u32 = 0;

/** Fills pickIndex with the address of each field of a listpack hash; false on OOM. */
function indexListpack(leaf: usize): bool {
  const fields = hashLen(leaf);
  pickIndexBytes = heapBlockSize(max(fields, 1) << 2);
  pickIndex = heapAlloc(pickIndexBytes);
  if (pickIndex == 0) return false;
  const lp = leafObject(leaf);
  let i: u32 = 0;
  for (let p = lpFirst(lp); p < lpEnd(lp); p = lpNext(lpNext(p))) {
    store<u32>(pickIndex + (<usize>i << 2), <u32>p);
    i++;
  }
  return true;
}

function pickIndexFree(): void {
  if (pickIndex != 0) heapFree(pickIndex, pickIndexBytes);
  pickIndex = 0;
}

/** Sets it* to a uniformly drawn field of the hash (a listpack through pickIndex). */
function pickRandom(leaf: usize): void {
  if (leafEncoding(leaf) == ENC_HASHTABLE) {
    setItEntry(htRandom(leafObject(leaf)));
    return;
  }
  const p = <usize>load<u32>(pickIndex + (<usize>randomBelow(hashLen(leaf)) << 2));
  setItPair(p);
}

// @ts-ignore: decorator
@inline function setItPair(p: usize): void {
  const v = lpNext(p);
  itField = lpBytes(p);
  itFieldLen = lpLen(p);
  itValue = lpBytes(v);
  itValueLen = lpLen(v);
}

function replyIt(withValues: bool): void {
  replyBulk(itField, itFieldLen);
  if (withValues) replyBulk(itValue, itValueLen);
}

/**
 * HRANDFIELD key [count [WITHVALUES]]: as t_hash.c. Without a count, one
 * field or nil. With one: count == 0 -> []; negative -> |count| draws with
 * repeats; count >= size -> the whole hash; else count distinct fields,
 * uniformly (picked by rank, hashRandomDistinct).
 */
export function hashHRandField(args: usize, count: u32, n: i64, flags: u32): i32 {
  const leaf = readLookup(args);
  if (dbWrongType) return ST_WRONGTYPE;
  const hasCount = (flags & CallFlags.HasCount) != 0;
  const withValues = (flags & CallFlags.WithValues) != 0;
  if (!hasCount) {
    if (leaf == 0) {
      replyNil();
      return ST_OK;
    }
    if (leafEncoding(leaf) == ENC_LISTPACK && !indexListpack(leaf)) return ST_OOM;
    pickRandom(leaf);
    pickIndexFree();
    replyBulk(itField, itFieldLen);
    return ST_OK;
  }
  if (leaf == 0 || n == 0) {
    replyArray(0);
    return ST_OK;
  }
  const size = <u64>hashLen(leaf);
  const per: u64 = withValues ? 2 : 1;
  if (n < 0) {
    const draws = <u64>(0 - n);
    if (!replyReserve(8 + draws * per * REPLY_BULK_BYTES)) return ST_OOM;
    if (leafEncoding(leaf) == ENC_LISTPACK && !indexListpack(leaf)) return ST_OOM;
    replyArray(<u32>(draws * per));
    for (let i: u64 = 0; i < draws; i++) {
      pickRandom(leaf);
      replyIt(withValues);
    }
    pickIndexFree();
    return ST_OK;
  }
  const want = <u64>n;
  if (want >= size) {
    if (!replyReserve(8 + size * per * REPLY_BULK_BYTES)) return ST_OOM;
    replyArray(<u32>(size * per));
    hashIterStart(leaf);
    while (hashIterNext()) replyIt(withValues);
    return ST_OK;
  }
  if (!replyReserve(8 + want * per * REPLY_BULK_BYTES)) return ST_OOM;
  return hashRandomDistinct(leaf, <u32>want, withValues);
}

/**
 * `want` (< size) distinct fields drawn uniformly. When they are a large
 * share of the hash (want * 3 > size, Redis's CASE 3), Floyd's algorithm
 * picks `want` ranks in a bitmap and one walk replies them; otherwise
 * (CASE 4) fields are drawn one by one and repeats skipped, with a small
 * set of the entries taken, so a few picks from a huge hash cost no walk.
 */
function hashRandomDistinct(leaf: usize, want: u32, withValues: bool): i32 {
  const size = hashLen(leaf);
  const listpack = leafEncoding(leaf) == ENC_LISTPACK;
  if (listpack || <u64>want * 3 > <u64>size) {
    const bytes = heapBlockSize(((size + 31) >> 5) << 2);
    const bits = heapAlloc(bytes);
    if (bits == 0) return ST_OOM;
    memory.fill(bits, 0, bytes);
    for (let j = size - want; j < size; j++) {
      const r = <u32>randomBelow(<u64>j + 1);
      const pick = bitTest(bits, r) ? j : r;
      store<u32>(bits + ((<usize>pick >> 5) << 2), load<u32>(bits + ((<usize>pick >> 5) << 2)) | (<u32>1 << (pick & 31)));
    }
    replyArray(want * (withValues ? 2 : 1));
    hashIterStart(leaf);
    let rank: u32 = 0;
    while (hashIterNext()) {
      if (bitTest(bits, rank)) replyIt(withValues);
      rank++;
    }
    heapFree(bits, bytes);
    return ST_OK;
  }
  // The set of entries taken: open addressing over their addresses.
  let cap: u32 = 16;
  while (cap < want * 2) cap <<= 1;
  const taken = heapAlloc(cap << 2);
  if (taken == 0) return ST_OOM;
  memory.fill(taken, 0, cap << 2);
  replyArray(want * (withValues ? 2 : 1));
  const t = leafObject(leaf);
  let got: u32 = 0;
  while (got < want) {
    const e = htRandom(t);
    let i = (<u32>e >> 2) * 0x9e3779b1 & (cap - 1);
    let seen = false;
    while (true) {
      const at = load<u32>(taken + (<usize>i << 2));
      if (at == 0) break;
      if (at == <u32>e) { seen = true; break; }
      i = (i + 1) & (cap - 1);
    }
    if (seen) continue;
    store<u32>(taken + (<usize>i << 2), <u32>e);
    setItEntry(e);
    replyIt(withValues);
    got++;
  }
  heapFree(taken, cap << 2);
  return ST_OK;
}

// @ts-ignore: decorator
@inline function bitTest(bits: usize, i: u32): bool {
  return (load<u32>(bits + ((<usize>i >> 5) << 2)) & (<u32>1 << (i & 31))) != 0;
}

// === HSCAN ==================================================================

let scanPattern: usize = 0;
let scanPatternLen: i32 = -1;
let scanItems: u32 = 0;

/** Whether a field passes HSCAN's MATCH (without one, or with a lone "*", all do: glob.ts globFiltersNothing). */
function scanWanted(field: usize, fieldLen: u32): bool {
  return scanPatternLen < 0 || globMatch(scanPattern, <u32>scanPatternLen, field, fieldLen);
}

function scanVisit(e: usize): void {
  const field = htEntryField(e);
  const fieldLen = htEntryFieldLen(e);
  if (!scanWanted(field, fieldLen)) return;
  replyBulk(field, fieldLen);
  replyBulk(htEntryValue(e), htEntryValueLen(e));
  scanItems += 2;
}

/**
 * HSCAN key cursor [MATCH pattern] [COUNT count]: [next cursor, [field,
 * value, ...]]. A listpack replies everything with cursor 0 (COUNT is
 * ignored); a hashtable steps its SCAN cursor (hashtable.ts) until COUNT
 * items are collected, the scan ends, or COUNT * 10 steps are taken, as
 * Redis's scanGenericCommand.
 */
export function hashHScan(args: usize, count: u32, n: i64, flags: u32): i32 {
  const leaf = readLookup(args);
  if (dbWrongType) return ST_WRONGTYPE;
  scanPatternLen = -1;
  if ((flags & CallFlags.HasMatch) != 0) {
    const pat = ioEntryNext(args);
    scanPattern = ioEntryBytes(pat);
    scanPatternLen = globFiltersNothing(scanPattern, ioEntryLen(pat)) ? -1 : <i32>ioEntryLen(pat);
  }
  replyArray(2);
  if (leaf == 0) {
    replyDecimal(0);
    replyArray(0);
    return ST_OK;
  }
  if (leafEncoding(leaf) == ENC_LISTPACK) {
    replyDecimal(0);
    const at = replyArray(0);
    let items: u32 = 0;
    hashIterStart(leaf);
    while (hashIterNext()) {
      if (!scanWanted(itField, itFieldLen)) continue;
      replyIt(true);
      items += 2;
    }
    replyPatchCount(at, items);
    return ST_OK;
  }
  // The next cursor comes first in the reply but is known only at the
  // end, so the steps run twice (nothing changes between): once to count
  // them and learn the cursor, once to write the items.
  const limit = <u64>max<u32>(flags >>> CallFlags.CountShift, 1);
  const t = leafObject(leaf);
  const start = <u64>n;
  let next = start;
  let steps: u64 = 0;
  scanItems = 0;
  do {
    next = htScan(t, next, scanCount);
    steps++;
  } while (next != 0 && steps < limit * 10 && <u64>scanItems < limit);
  replyDecimal(<i64>next);
  const at = replyArray(0);
  scanItems = 0;
  let cursor = start;
  for (let i: u64 = 0; i < steps; i++) cursor = htScan(t, cursor, scanVisit);
  replyPatchCount(at, scanItems);
  return ST_OK;
}

function scanCount(e: usize): void {
  if (scanWanted(htEntryField(e), htEntryFieldLen(e))) scanItems += 2;
}

// === Rewrite ================================================================

/**
 * hashRewrite: the hash as commands for a log rewrite (snapshot.ts): HSET
 * key f v ... of at most EFF_REWRITE_BATCH fields each, in the hash's order.
 * With `write` false it only measures: the effects bytes the commands
 * take, for effEnsure; with `write` true it records them (ensured).
 */
export function hashRewrite(leaf: usize, write: bool): u64 {
  const key = leafKey(leaf);
  const keyLen = leafKeyLen(leaf);
  let total: u64 = 0;
  let fields: u32 = hashLen(leaf);
  hashIterStart(leaf);
  while (fields != 0) {
    const batch = min(fields, EFF_REWRITE_BATCH);
    fields -= batch;
    // The batch's payload bound is measured first: its fields' bytes.
    const startPos = itPos;
    let payload: u64 = 4 + <u64>keyLen;
    for (let i: u32 = 0; i < batch; i++) {
      hashIterNext();
      payload += <u64>itFieldLen + itValueLen;
    }
    total += effCommandBytes(2 + 2 * batch, payload);
    if (!write) continue;
    itPos = startPos;
    effBegin(2 + 2 * batch, payload);
    effWord('HSET');
    effBulk(key, keyLen);
    for (let i: u32 = 0; i < batch; i++) {
      hashIterNext();
      effBulk(itField, itFieldLen);
      effBulk(itValue, itValueLen);
    }
  }
  return total;
}
