// strings: the string commands (Redis 7 t_string.c semantics).
//
// CALLING CONVENTION
//
// The host writes arguments into the argument region (io.ts) and passes
// their lengths: a key at offset 0, a value right after it. Multi-key
// commands take a list of entries, each a u32 length then the bytes:
//
//   off   size  field
//   0     4     len0
//   4     len0  bytes of argument 0
//   4+l0  4     len1 ...
//
// Every export returns an io.ts status: a length (the reply bytes are at
// mailbox.replyPtr), ST_NIL for a null reply, or a negative error.
//
// WRITES: each write first reserves its worst case (dbReserve) and returns
// ST_OOM before changing anything when memory cannot be had; then it
// records its effect. Effects are canonical: SET k v [PXAT ms | KEEPTTL],
// DEL, PEXPIREAT, PERSIST, MSET, APPEND and SETRANGE verbatim; INCRBY and
// INCRBYFLOAT (done on the host as a SET KEEPTTL) as SET k v KEEPTTL.
//
// Values are edited in place when the leaf's block can resize where it is
// (leaf.ts leafResize); otherwise the leaf is rebuilt and the old one freed,
// so overwrites never leak. In a transaction, APPEND and SETRANGE edit in
// place and journal only the bytes they overwrite (db.ts dbEditValue), and
// SET and INCRBY do the same when the value does not get shorter; the other
// changes rebuild the leaf and the journal keeps the old one.

import { GetAs, GetExMode, SetFlags } from '../src/engine/abi';
import {
  dbAdd, dbChangeBytes, dbEditValue, dbInsertsFor, dbEffectKey, dbFind, dbFindBlocked, dbKeyEffectBytes, dbRebuild, dbRenew, dbReplace, dbReserve, dbRetire,
  dbIsExpired, dbRetireAfterReply, dbSetExpiry, dbUnlink,
} from './db';
import { formatDecimal, parseDecimal, parsedDecimal } from './decimal';
import { journalEntryBytes, txOpen } from './journal';
import { effBegin, effBulk, effCommandBytes, effInt, effOn, effWord } from './effects';
import { artFind, artSlotLeaf } from './art';
import {
  ioArg, ioBegin, ioNow, ioInt64, ioReplyBuf, ioReplyBytes, ioReplyDecodable, ioReplyInt, ioReplyValue, ioValueLen,
  ST_NIL, ST_NOT_INTEGER, ST_OK, ST_OOM, ST_OVERFLOW, ST_TOO_LONG, ST_WRONGTYPE,
} from './io';
import {
  leafBlockBytes, leafExpireAt, leafHasTtl, leafKey, leafKeyLen, leafNew, leafResize,
  leafSetExpireAt, leafType, leafVal, leafValLen, TYPE_STRING,
} from './leaf';

/** Redis's proto-max-bulk-len default: the longest string a command may build. */
// @ts-ignore: decorator
@inline const MAX_STRING: u64 = 512 * 1024 * 1024;

// SET flags (abi.ts SetFlags).
// @ts-ignore: decorator
@inline const SET_NX: u32 = SetFlags.NX;
// @ts-ignore: decorator
@inline const SET_XX: u32 = SetFlags.XX;
// @ts-ignore: decorator
@inline const SET_KEEPTTL: u32 = SetFlags.KeepTTL;
// @ts-ignore: decorator
@inline const SET_GET: u32 = SetFlags.Get;
// @ts-ignore: decorator
@inline const SET_EXPIRE: u32 = SetFlags.Expire;

// @ts-ignore: decorator
@inline const GET_AS_BYTES: u32 = GetAs.Bytes;

// GETEX modes (abi.ts GetExMode).
// @ts-ignore: decorator
@inline const GETEX_AT: u32 = GetExMode.At;
// @ts-ignore: decorator
@inline const GETEX_PERSIST: u32 = GetExMode.Persist;

// === Shared helpers =========================================================

/** Replies with a leaf's value. */
// @ts-ignore: decorator
@inline function replyValue(leaf: usize): i32 {
  return ioReplyValue(leafVal(leaf), leafValLen(leaf));
}

/** The current value length of key, without expiring it (for reservations). */
function peekValLen(key: usize, keyLen: u32): u32 {
  const slot = artFind(key, keyLen);
  return slot == 0 ? 0 : leafValLen(artSlotLeaf(slot));
}

/**
 * Journal bytes a string store over key[0..keyLen) may take (strStore): an
 * overwrite in a transaction saves the old value, which is at most the
 * longer of the current value and `setEarlier` (the longest value an
 * earlier store of the same command may have put there: MSET can name a key
 * twice); three entries besides.
 */
function storeJournalBytes(key: usize, keyLen: u32, setEarlier: u32): u64 {
  const saved = txOpen ? journalEntryBytes(keyLen, max(peekValLen(key, keyLen), setEarlier)) : 0;
  return saved + dbChangeBytes(keyLen, 3);
}

/** Room for one formatted 64-bit integer (decimal.ts). */
const intScratch: usize = memory.data(24);

/** Records "SET key value KEEPTTL" from a leaf. Precondition: effOn, ensured. */
function effectSetKeepTtl(leaf: usize): void {
  const keyLen = leafKeyLen(leaf);
  const valLen = leafValLen(leaf);
  effBegin(4, <u64>keyLen + valLen + 10);
  effWord('SET');
  effBulk(leafKey(leaf), keyLen);
  effBulk(leafVal(leaf), valLen);
  effWord('KEEPTTL');
}

/**
 * Stores val[0..valLen) as the string value of key[0..keyLen) with the given
 * expiry. `old` is the live entry at `slot`, or 0 (slot unused): its leaf is
 * edited in place when type, expiry form and size class allow and the old
 * value is not the reply (`oldIsReply`); otherwise a new leaf replaces it
 * and it is retired. Precondition: reserved.
 */
function strStore(slot: usize, old: usize, key: usize, keyLen: u32, val: usize, valLen: u32, hasTtl: bool, at: i64, oldIsReply: bool): void {
  if (old != 0 && !oldIsReply && leafType(old) == TYPE_STRING && leafHasTtl(old) == hasTtl) {
    if (!txOpen && leafResize(old, valLen)) {
      if (hasTtl) leafSetExpireAt(old, at);
      memory.copy(leafVal(old), val, valLen);
      return;
    }
    // In a transaction a value that does not shrink is overwritten in place,
    // the journal keeping the old bytes (a shorter one could not grow back
    // in a rollback, which must not allocate).
    if (txOpen && valLen >= leafValLen(old)) {
      const leaf = dbEditValue(slot, old, 0, valLen);
      if (hasTtl) dbSetExpiry(leaf, at);
      memory.copy(leafVal(leaf), val, valLen);
      return;
    }
  }
  if (old != 0 && !oldIsReply && !txOpen) {
    memory.copy(leafVal(dbRenew(slot, old, TYPE_STRING, key, keyLen, valLen, hasTtl, at)), val, valLen);
    return;
  }
  const leaf = leafNew(TYPE_STRING, key, keyLen, valLen, hasTtl, at);
  assert(leaf != 0, 'string store without reservation');
  memory.copy(leafVal(leaf), val, valLen);
  if (old == 0) {
    dbAdd(leaf);
    return;
  }
  dbReplace(slot, old, leaf);
  if (oldIsReply) dbRetireAfterReply(old);
  else dbRetire(old);
}

// === GET SET GETDEL GETEX ===================================================

/**
 * GET key: the value, ST_NIL, or ST_WRONGTYPE. `as` (abi.ts GetAs) says
 * what the host makes of it: bytes need no ASCII scan; a string of a long
 * value may be the one the host decoded before (io.ts, "Decoded strings").
 */
export function strGet(keyLen: u32, as: u32): i32 {
  ioBegin();
  const slot = dbFind(ioArg(), keyLen);
  if (slot == 0) return ST_NIL;
  const leaf = artSlotLeaf(slot);
  if (leafType(leaf) != TYPE_STRING) return ST_WRONGTYPE;
  if (as == GET_AS_BYTES) return ioReplyBytes(leafVal(leaf), leafValLen(leaf));
  return ioReplyDecodable(leaf, leafVal(leaf), leafValLen(leaf));
}

/**
 * SET key value with parsed flags (SET_*): ST_OK, or ST_NIL when NX/XX
 * prevented the write. With SET_GET: the old value or ST_NIL either way,
 * ST_WRONGTYPE if the old value is not a string (nothing written).
 * ST_TOO_LONG for a value over 512 MiB (Redis's proto-max-bulk-len, which
 * also keeps value lengths below io.ts REPLY_ASCII). `expireAt` is an io.ts
 * time parameter (ioInt64), read only with SET_EXPIRE.
 */
export function strSet(keyLen: u32, valLen: u32, flags: u32, expireAt: f64): i32 {
  ioBegin();
  const key = ioArg();
  const val = key + keyLen;
  const expire = (flags & SET_EXPIRE) != 0;
  const keepTtl = (flags & SET_KEEPTTL) != 0;
  const get = (flags & SET_GET) != 0;
  if (<u64>valLen > MAX_STRING) return ST_TOO_LONG;
  // One lookup serves both the reservation (a tree insertion only for an
  // absent key) and the write: at 1M keys in random order each descent
  // costs several cache misses. A lazily expired key is deleted before the
  // reservation, which leaves the data as it was if the write then fails.
  const slot = dbFind(key, keyLen);
  if (dbFindBlocked) return ST_OOM;
  const old: usize = slot == 0 ? 0 : artSlotLeaf(slot);
  const effBytes = effCommandBytes(5, <u64>keyLen + valLen + 32);
  const journalBytes = (txOpen && old != 0 ? journalEntryBytes(keyLen, leafValLen(old)) : 0) + dbChangeBytes(keyLen, 3);
  if (!dbReserve(leafBlockBytes(keyLen, valLen, true), old == 0 ? 1 : 0, true, effBytes, journalBytes)) return ST_OOM;
  if (get && old != 0 && leafType(old) != TYPE_STRING) return ST_WRONGTYPE;
  if (((flags & SET_NX) != 0 && old != 0) || ((flags & SET_XX) != 0 && old == 0)) {
    return get && old != 0 ? replyValue(old) : ST_NIL;
  }
  const keptTtl = keepTtl && old != 0 && leafHasTtl(old);
  const at: i64 = expire ? ioInt64(expireAt) : keptTtl ? leafExpireAt(old) : 0;
  strStore(slot, old, key, keyLen, val, valLen, expire || keptTtl, at, get);
  if (effOn) {
    effBegin(expire ? 5 : keepTtl ? 4 : 3, <u64>keyLen + valLen + 32);
    effWord('SET');
    effBulk(key, keyLen);
    effBulk(val, valLen);
    if (expire) {
      effWord('PXAT');
      effInt(at);
    } else if (keepTtl) {
      effWord('KEEPTTL');
    }
  }
  if (!get) return ST_OK;
  return old != 0 ? replyValue(old) : ST_NIL;
}

/** GETDEL key: the value (the key deleted, "DEL key" recorded), ST_NIL, or ST_WRONGTYPE. */
export function strGetdel(keyLen: u32): i32 {
  ioBegin();
  const key = ioArg();
  if (!dbReserve(0, 0, false, 2 * dbKeyEffectBytes(keyLen), dbChangeBytes(keyLen, 2))) return ST_OOM;
  const slot = dbFind(key, keyLen);
  if (slot == 0) return ST_NIL;
  const leaf = artSlotLeaf(slot);
  if (leafType(leaf) != TYPE_STRING) return ST_WRONGTYPE;
  if (effOn) dbEffectKey('DEL', leaf);
  dbUnlink(leaf);
  dbRetireAfterReply(leaf);
  return replyValue(leaf);
}

/**
 * GETEX key with a mode: the value, ST_NIL, or ST_WRONGTYPE. GETEX_AT with a
 * time at or before now deletes the key ("DEL key"), otherwise records
 * "PEXPIREAT key ms"; GETEX_PERSIST records "PERSIST key" when an expiry was
 * removed. `expireAt` is an io.ts time parameter (ioInt64).
 */
export function strGetex(keyLen: u32, mode: u32, expireAt: f64): i32 {
  ioBegin();
  const key = ioArg();
  const effBytes = effCommandBytes(3, <u64>keyLen + 32) + dbKeyEffectBytes(keyLen);
  if (!dbReserve(leafBlockBytes(keyLen, peekValLen(key, keyLen), true), 0, true, effBytes, dbChangeBytes(keyLen, 2))) return ST_OOM;
  const slot = dbFind(key, keyLen);
  if (slot == 0) return ST_NIL;
  let leaf = artSlotLeaf(slot);
  if (leafType(leaf) != TYPE_STRING) return ST_WRONGTYPE;
  if (mode == GETEX_AT) {
    const at = ioInt64(expireAt);
    if (at <= ioNow()) {
      if (effOn) dbEffectKey('DEL', leaf);
      dbUnlink(leaf);
      dbRetireAfterReply(leaf);
      return replyValue(leaf);
    }
    if (leafHasTtl(leaf)) dbSetExpiry(leaf, at);
    else leaf = dbRebuild(slot, leaf, leafValLen(leaf), true, at);
    if (effOn) {
      effBegin(3, <u64>keyLen + 32);
      effWord('PEXPIREAT');
      effBulk(key, keyLen);
      effInt(at);
    }
  } else if (mode == GETEX_PERSIST && leafHasTtl(leaf)) {
    leaf = dbRebuild(slot, leaf, leafValLen(leaf), false, 0);
    if (effOn) dbEffectKey('PERSIST', leaf);
  }
  return replyValue(leaf);
}

// === MGET MSET MSETNX =======================================================

/**
 * MGET over `count` length-prefixed keys: replies with `count` pairs of u32
 * (value address, value length with REPLY_ASCII, or 0xffffffff for null) in
 * the reply region.
 */
export function strMget(count: u32): i32 {
  ioBegin();
  const out = ioReplyBuf(count << 3);
  if (out == 0 && count != 0) return ST_OOM;
  let p = ioArg();
  for (let i: u32 = 0; i < count; i++) {
    const keyLen = load<u32>(p);
    const slot = dbFind(p + 4, keyLen);
    p += 4 + keyLen;
    const leaf: usize = slot == 0 ? 0 : artSlotLeaf(slot);
    if (leaf == 0 || leafType(leaf) != TYPE_STRING) {
      store<u32>(out + (<usize>i << 3), 0);
      store<u32>(out + (<usize>i << 3), 0xffffffff, 4);
    } else {
      store<u32>(out + (<usize>i << 3), <u32>leafVal(leaf));
      store<u32>(out + (<usize>i << 3), ioValueLen(leafVal(leaf), leafValLen(leaf)), 4);
    }
  }
  return ioReplyBytes(out, count << 3);
}

/** Whether every value of `pairs` length-prefixed key/value pairs is at most MAX_STRING bytes. */
function msetLengthsOk(pairs: u32): bool {
  let p = ioArg();
  for (let i: u32 = 0; i < pairs; i++) {
    p += 4 + load<u32>(p);
    const valLen = load<u32>(p);
    if (<u64>valLen > MAX_STRING) return false;
    p += 4 + valLen;
  }
  return true;
}

/** Reserves the worst case of setting `pairs` length-prefixed key/value pairs; false on OOM. */
function msetReserve(pairs: u32): bool {
  let p = ioArg();
  let leafBytes: u64 = 0;
  let payload: u64 = 5;
  let delBytes: u64 = 0;
  let journalBytes: u64 = 0;
  let inserts: u32 = 0;
  let longest: u32 = 0;
  for (let i: u32 = 0; i < pairs; i++) {
    const keyLen = load<u32>(p);
    const valLen = load<u32>(p + 4 + keyLen);
    inserts += dbInsertsFor(p + 4, keyLen);
    leafBytes += leafBlockBytes(keyLen, valLen, false);
    payload += <u64>keyLen + valLen;
    delBytes += dbKeyEffectBytes(keyLen);
    journalBytes += storeJournalBytes(p + 4, keyLen, longest);
    longest = max(longest, valLen);
    p += 8 + keyLen + valLen;
  }
  return dbReserve(leafBytes, inserts, false, effCommandBytes(1 + 2 * pairs, payload) + delBytes, journalBytes);
}

/** Sets every pair (no expiry) and records one "MSET k v ..." . Precondition: msetReserve. */
function msetApply(pairs: u32): void {
  let p = ioArg();
  let payload: u64 = 4;
  for (let i: u32 = 0; i < pairs; i++) {
    const keyLen = load<u32>(p);
    const key = p + 4;
    const valLen = load<u32>(key + keyLen);
    const val = key + keyLen + 4;
    p = val + valLen;
    payload += <u64>keyLen + valLen;
    const slot = dbFind(key, keyLen);
    strStore(slot, slot == 0 ? 0 : artSlotLeaf(slot), key, keyLen, val, valLen, false, 0, false);
  }
  if (!effOn) return;
  effBegin(1 + 2 * pairs, payload);
  effWord('MSET');
  p = ioArg();
  for (let i: u32 = 0; i < 2 * pairs; i++) {
    const len = load<u32>(p);
    effBulk(p + 4, len);
    p += 4 + len;
  }
}

/** MSET over `pairs` length-prefixed key/value pairs: ST_OK or ST_OOM. */
export function strMset(pairs: u32): i32 {
  ioBegin();
  if (!msetLengthsOk(pairs)) return ST_TOO_LONG;
  if (!msetReserve(pairs)) return ST_OOM;
  msetApply(pairs);
  return ST_OK;
}

/** MSETNX: 1 when all keys were absent and were set, 0 otherwise. */
export function strMsetnx(pairs: u32): i32 {
  ioBegin();
  if (!msetLengthsOk(pairs)) return ST_TOO_LONG;
  if (!msetReserve(pairs)) return ST_OOM;
  let p = ioArg();
  for (let i: u32 = 0; i < pairs; i++) {
    const keyLen = load<u32>(p);
    if (dbFind(p + 4, keyLen) != 0) return 0;
    p += 4 + keyLen;
    p += 4 + load<u32>(p);
  }
  msetApply(pairs);
  return 1;
}

// === APPEND STRLEN GETRANGE SETRANGE ========================================

/** APPEND key value: the new length, ST_WRONGTYPE, ST_TOO_LONG or ST_OOM. */
export function strAppend(keyLen: u32, valLen: u32): i32 {
  ioBegin();
  const key = ioArg();
  const val = key + keyLen;
  // Errors first (as Redis orders them), so a doomed APPEND reserves nothing.
  const peek = artFind(key, keyLen);
  let oldBound: u32 = 0;
  if (peek != 0 && !dbIsExpired(artSlotLeaf(peek))) {
    const old = artSlotLeaf(peek);
    if (leafType(old) != TYPE_STRING) return ST_WRONGTYPE;
    if (<u64>leafValLen(old) + valLen > MAX_STRING) return ST_TOO_LONG;
    oldBound = leafValLen(old);
  } else if (<u64>valLen > MAX_STRING) {
    return ST_TOO_LONG;
  }
  const effBytes = effCommandBytes(3, <u64>keyLen + valLen + 8) + dbKeyEffectBytes(keyLen);
  const journalBytes = journalEntryBytes(keyLen, 0) + dbChangeBytes(keyLen, 1);
  if (!dbReserve(leafBlockBytes(keyLen, oldBound + valLen, true), dbInsertsFor(key, keyLen), false, effBytes, journalBytes)) return ST_OOM;
  const slot = dbFind(key, keyLen);
  let newLen: u32;
  if (slot == 0) {
    const leaf = leafNew(TYPE_STRING, key, keyLen, valLen, false, 0);
    assert(leaf != 0, 'APPEND without reservation');
    memory.copy(leafVal(leaf), val, valLen);
    dbAdd(leaf);
    newLen = valLen;
  } else {
    const old = artSlotLeaf(slot);
    const oldLen = leafValLen(old);
    newLen = oldLen + valLen;
    const leaf = dbEditValue(slot, old, oldLen, valLen);
    memory.copy(leafVal(leaf) + oldLen, val, valLen);
  }
  if (effOn) {
    effBegin(3, <u64>keyLen + valLen + 8);
    effWord('APPEND');
    effBulk(key, keyLen);
    effBulk(val, valLen);
  }
  return <i32>newLen;
}

/** STRLEN key: the length (0 when absent) or ST_WRONGTYPE. */
export function strStrlen(keyLen: u32): i32 {
  ioBegin();
  const slot = dbFind(ioArg(), keyLen);
  if (slot == 0) return 0;
  const leaf = artSlotLeaf(slot);
  if (leafType(leaf) != TYPE_STRING) return ST_WRONGTYPE;
  return <i32>leafValLen(leaf);
}

/** GETRANGE key start end with Redis's index rules: the substring (maybe empty) or ST_WRONGTYPE. */
export function strGetrange(keyLen: u32, startArg: f64, endArg: f64): i32 {
  ioBegin();
  const slot = dbFind(ioArg(), keyLen);
  if (slot == 0) return ioReplyBytes(0, 0);
  const leaf = artSlotLeaf(slot);
  if (leafType(leaf) != TYPE_STRING) return ST_WRONGTYPE;
  let start = <i64>startArg;
  let end = <i64>endArg;
  const len = <i64>leafValLen(leaf);
  if (start < 0 && end < 0 && start > end) return ioReplyBytes(0, 0);
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len == 0) return ioReplyBytes(0, 0);
  return ioReplyValue(leafVal(leaf) + <usize>start, <u32>(end - start + 1));
}

/**
 * SETRANGE key offset value (offset >= 0, checked by the caller): the new
 * length, ST_WRONGTYPE, ST_TOO_LONG or ST_OOM. An empty value changes
 * nothing and creates nothing.
 */
export function strSetrange(keyLen: u32, offsetArg: f64, valLen: u32): i32 {
  ioBegin();
  const key = ioArg();
  const val = key + keyLen;
  const offset = <u64>offsetArg;
  const oldBound = <u64>peekValLen(key, keyLen);
  const newBound = valLen == 0 ? oldBound : max(oldBound, offset + valLen);
  if (valLen != 0 && offset + valLen > MAX_STRING) {
    const slot = dbFind(key, keyLen);
    if (slot != 0 && leafType(artSlotLeaf(slot)) != TYPE_STRING) return ST_WRONGTYPE;
    return ST_TOO_LONG;
  }
  const effBytes = effCommandBytes(4, <u64>keyLen + valLen + 32) + dbKeyEffectBytes(keyLen);
  const journalBytes = journalEntryBytes(keyLen, valLen) + dbChangeBytes(keyLen, 1);
  if (!dbReserve(leafBlockBytes(keyLen, <u32>newBound, true), dbInsertsFor(key, keyLen), false, effBytes, journalBytes)) return ST_OOM;
  const slot = dbFind(key, keyLen);
  let newLen: u32;
  if (slot == 0) {
    if (valLen == 0) return 0;
    newLen = <u32>(offset + valLen);
    const leaf = leafNew(TYPE_STRING, key, keyLen, newLen, false, 0);
    assert(leaf != 0, 'SETRANGE without reservation');
    memory.fill(leafVal(leaf), 0, <u32>offset);
    memory.copy(leafVal(leaf) + <usize>offset, val, valLen);
    dbAdd(leaf);
  } else {
    const old = artSlotLeaf(slot);
    if (leafType(old) != TYPE_STRING) return ST_WRONGTYPE;
    const oldLen = leafValLen(old);
    if (valLen == 0) return <i32>oldLen;
    newLen = <u32>max(<u64>oldLen, offset + valLen);
    const leaf = dbEditValue(slot, old, <u32>offset, valLen);
    memory.copy(leafVal(leaf) + <usize>offset, val, valLen);
  }
  if (effOn) {
    effBegin(4, <u64>keyLen + valLen + 32);
    effWord('SETRANGE');
    effBulk(key, keyLen);
    effInt(<i64>offset);
    effBulk(val, valLen);
  }
  return <i32>newLen;
}

// === INCRBY =================================================================

/**
 * INCRBY key delta (an io.ts 64-bit parameter, ioInt64): 0 with the result
 * in mailbox.replyNum, or 1 with it in replyBig (beyond 2^53);
 * ST_NOT_INTEGER, ST_OVERFLOW, ST_WRONGTYPE, ST_OOM. Keeps the expiry;
 * records "SET key value KEEPTTL".
 */
export function strIncrby(keyLen: u32, deltaArg: f64): i32 {
  ioBegin();
  const key = ioArg();
  const delta = ioInt64(deltaArg);
  const effBytes = effCommandBytes(4, <u64>keyLen + 40) + dbKeyEffectBytes(keyLen);
  const journalBytes = journalEntryBytes(keyLen, 20) + dbChangeBytes(keyLen, 2);
  if (!dbReserve(leafBlockBytes(keyLen, 20, true), dbInsertsFor(key, keyLen), false, effBytes, journalBytes)) return ST_OOM;
  const slot = dbFind(key, keyLen);
  let current: i64 = 0;
  let old: usize = 0;
  if (slot != 0) {
    old = artSlotLeaf(slot);
    if (leafType(old) != TYPE_STRING) return ST_WRONGTYPE;
    if (!parseDecimal(leafVal(old), leafValLen(old))) return ST_NOT_INTEGER;
    current = parsedDecimal;
  }
  if ((delta < 0 && current < 0 && delta < i64.MIN_VALUE - current) ||
      (delta > 0 && current > 0 && delta > i64.MAX_VALUE - current)) return ST_OVERFLOW;
  const result = current + delta;
  const len = formatDecimal(result, intScratch);
  let leaf: usize;
  if (old == 0) {
    leaf = leafNew(TYPE_STRING, key, keyLen, len, false, 0);
    assert(leaf != 0, 'INCRBY without reservation');
    dbAdd(leaf);
  } else if (!txOpen && leafResize(old, len)) {
    leaf = old;
  } else if (txOpen && len >= leafValLen(old)) {
    leaf = dbEditValue(slot, old, 0, len);
  } else {
    leaf = dbRebuild(slot, old, len, leafHasTtl(old), leafHasTtl(old) ? leafExpireAt(old) : 0);
  }
  memory.copy(leafVal(leaf), intScratch, len);
  if (effOn) effectSetKeepTtl(leaf);
  return ioReplyInt(result);
}
