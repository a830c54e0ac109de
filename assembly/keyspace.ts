// keyspace: the commands that work on keys whatever their type (DEL EXISTS
// TYPE RENAME COPY, the expiry family, ordered scans, DBSIZE FLUSHALL
// RANDOMKEY) and active expiry.
//
// Calling convention and status codes as in strings.ts: arguments in the
// argument region, a key at offset 0 and a second key right after it, or a
// list of u32-length-prefixed entries.
//
// EFFECTS: DEL records one "DEL key" per deleted key; RENAME (and a
// successful RENAMENX) records "RENAME src dst"; COPY records "COPY src dst
// [REPLACE]"; the expiry family records "PEXPIREAT key ms", or "DEL key" for
// a time already past; PERSIST records "PERSIST key"; FLUSHALL records
// "FLUSHALL" when there was anything to flush; active expiry records "DEL
// key" per reclaimed key. Nothing is recorded when nothing changed.
//
// SCAN REPLY (ksScan) in the scan region (a heap block kept between scans and
// grown as needed), one entry per key that passed the filters, in ascending
// order:
//
//   off   size  field
//   0     4     len0 (bit 31 set when the key has expired: ScanEntry.Expired)
//   4     len0  key 0 bytes
//   4+l0  4     len1 ...
//
// Expired keys are listed (marked) only when ScanFlags.Expired asks, so the
// host can delete them after the walk (SCAN does).
//
// and in the mailbox, replyNum's 8 bytes reused as two u32: the address and
// length of the last key examined (length 0xffffffff when the walk reached
// the end). The addresses stay valid until the next command.

import { randomNext } from './random';
import { replyAfterReset } from './reply';
import { EncodingName, ExpireFlags, Mailbox, ScanEnd, ScanEntry, ScanFlags } from '../src/engine/abi';
import { ART_WALK_DONE, ART_WALK_OOM, artFind, artMinLeaf, artRandomLeaf, artReset, artSlotLeaf, artWalk, bytesCompare } from './art';
import {
  dbAdd, dbChangeBytes, dbCount, dbDelete, dbMove, dbEffectKey, dbExpireLeaf, dbExpireOf, dbFind, dbKeyEffectBytes,
  dbIsExpired, dbRebuild, dbReserve, dbReset, dbRetire, dbSetExpiry, dbTake,
} from './db';
import { effBegin, effBuffer, effBulk, effCapacity, effCommandBytes, effInt, effOn, effWord } from './effects';
import { globLiteralPrefix, globMatch } from './glob';
import { heapAlloc, heapBlockSize, heapFree, heapReset } from './heap';
import {
  ioAfterReset, ioArg, ioBegin, ioMailbox, ioNow, ioInt64, ioReplyTime, ioReplyValue, ioSetReply,
  ST_NIL, ST_NO_SUCH_KEY, ST_OK, ST_OOM, ST_SAME_OBJECT,
} from './io';
import {
  leafBlockBytes, leafEncoding, leafExpireAt, leafHasTtl, leafKey, leafKeyLen, leafNew, leafSetEncoding, leafSetExpireAt,
  leafSetObject, leafType, leafVal, leafValLen,
} from './leaf';
import { journalEpochNow, txOpen } from './journal';
import { objDuplicate, objDuplicateBytes, objIsCollection } from './object';
import { ttlAt, ttlCount, ttlCursor, ttlReset, ttlSetCursor } from './ttl';

// EXPIRE flags (abi.ts ExpireFlags).
// @ts-ignore: decorator
@inline const EXPIRE_NX: u32 = ExpireFlags.NX;
// @ts-ignore: decorator
@inline const EXPIRE_XX: u32 = ExpireFlags.XX;
// @ts-ignore: decorator
@inline const EXPIRE_GT: u32 = ExpireFlags.GT;
// @ts-ignore: decorator
@inline const EXPIRE_LT: u32 = ExpireFlags.LT;

// === DEL EXISTS TYPE ========================================================

/** DEL over `count` length-prefixed keys: how many existed. */
export function ksDel(count: u32): i32 {
  ioBegin();
  let p = ioArg();
  let effBytes: u64 = 0;
  for (let i: u32 = 0; i < count; i++) {
    const keyLen = load<u32>(p);
    effBytes += dbKeyEffectBytes(keyLen);
    p += 4 + keyLen;
  }
  if (!dbReserve(0, 0, false, effBytes, dbChangeBytes(0, count))) return ST_OOM;
  p = ioArg();
  let deleted = 0;
  for (let i: u32 = 0; i < count; i++) {
    const keyLen = load<u32>(p);
    const leaf = dbTake(p + 4, keyLen);
    p += 4 + keyLen;
    if (leaf == 0) continue;
    // An expired key goes the same way lazy expiry would take it ("DEL key"),
    // but does not count as existing.
    if (effOn) dbEffectKey('DEL', leaf);
    if (!dbIsExpired(leaf)) deleted++;
    dbRetire(leaf);
  }
  return deleted;
}

/** EXISTS over `count` length-prefixed keys: how many exist, counting repeats. */
export function ksExists(count: u32): i32 {
  ioBegin();
  let p = ioArg();
  let found = 0;
  for (let i: u32 = 0; i < count; i++) {
    const keyLen = load<u32>(p);
    if (dbFind(p + 4, keyLen) != 0) found++;
    p += 4 + keyLen;
  }
  return found;
}

/** TYPE key: the type code (leaf.ts TYPE_*) or ST_NIL for none. */
export function ksType(keyLen: u32): i32 {
  ioBegin();
  const slot = dbFind(ioArg(), keyLen);
  return slot == 0 ? ST_NIL : <i32>leafType(artSlotLeaf(slot));
}

// === RENAME COPY ============================================================

/**
 * Reserves the worst case of writing `src`'s value under a `dstLen`-byte
 * key: with a deep copy of a collection's object when `duplicate` (COPY;
 * RENAME hands the object over).
 */
function reserveCopyOf(src: usize, srcLen: u32, dstLen: u32, duplicate: bool): bool {
  const slot = artFind(src, srcLen);
  const leaf: usize = slot == 0 ? 0 : artSlotLeaf(slot);
  const valLen = leaf == 0 ? 0 : leafValLen(leaf);
  const objectBytes = leaf != 0 && duplicate ? objDuplicateBytes(leaf) : 0;
  const effBytes = effCommandBytes(4, <u64>srcLen + dstLen + 8) + dbKeyEffectBytes(srcLen) + dbKeyEffectBytes(dstLen);
  return dbReserve(leafBlockBytes(dstLen, valLen, true) + objectBytes, 1, true, effBytes, dbChangeBytes(max(srcLen, dstLen), 5));
}

/**
 * A new leaf for key dst[0..dstLen) with `leaf`'s type, encoding, value and
 * expiry; a collection's leaf gets the same object (RENAME hands it over)
 * or, when `duplicate`, a deep copy of it. Precondition: reserved.
 */
function leafCopy(leaf: usize, dst: usize, dstLen: u32, duplicate: bool): usize {
  const valLen = leafValLen(leaf);
  const hasTtl = leafHasTtl(leaf);
  const copy = leafNew(leafType(leaf), dst, dstLen, valLen, hasTtl, hasTtl ? leafExpireAt(leaf) : 0);
  assert(copy != 0, 'copy without reservation');
  leafSetEncoding(copy, leafEncoding(leaf));
  memory.copy(leafVal(copy), leafVal(leaf), valLen);
  if (duplicate && objIsCollection(leaf)) leafSetObject(copy, objDuplicate(leaf, journalEpochNow()));
  return copy;
}

/**
 * RENAME src dst (nx = 0) or RENAMENX (nx = 1): 1 for OK / renamed, 0 when
 * RENAMENX found dst, ST_NO_SUCH_KEY when src is absent. The value keeps its
 * expiry; renaming a key to itself changes nothing.
 */
export function ksRename(srcLen: u32, dstLen: u32, nx: u32): i32 {
  ioBegin();
  const src = ioArg();
  const dst = src + srcLen;
  if (!reserveCopyOf(src, srcLen, dstLen, false)) return ST_OOM;
  const srcSlot = dbFind(src, srcLen);
  if (srcSlot == 0) return ST_NO_SUCH_KEY;
  if (srcLen == dstLen && bytesCompare(src, srcLen, dst, dstLen) == 0) return nx != 0 ? 0 : 1;
  const leaf = artSlotLeaf(srcSlot);
  const dstSlot = dbFind(dst, dstLen);
  if (dstSlot != 0) {
    if (nx != 0) return 0;
    dbDelete(artSlotLeaf(dstSlot));
  }
  if (effOn) {
    effBegin(3, <u64>srcLen + dstLen + 8);
    effWord('RENAME');
    effBulk(src, srcLen);
    effBulk(dst, dstLen);
  }
  dbMove(leaf, leafCopy(leaf, dst, dstLen, false));
  return 1;
}

/**
 * COPY src dst [REPLACE]: 1 when copied, 0 when src is absent or dst exists
 * without `replace`; ST_SAME_OBJECT when src and dst are the same key.
 */
export function ksCopy(srcLen: u32, dstLen: u32, replace: u32): i32 {
  ioBegin();
  const src = ioArg();
  const dst = src + srcLen;
  if (srcLen == dstLen && bytesCompare(src, srcLen, dst, dstLen) == 0) return ST_SAME_OBJECT;
  if (!reserveCopyOf(src, srcLen, dstLen, true)) return ST_OOM;
  const srcSlot = dbFind(src, srcLen);
  if (srcSlot == 0) return 0;
  const leaf = artSlotLeaf(srcSlot);
  const dstSlot = dbFind(dst, dstLen);
  if (dstSlot != 0) {
    if (replace == 0) return 0;
    dbDelete(artSlotLeaf(dstSlot));
  }
  dbAdd(leafCopy(leaf, dst, dstLen, true));
  if (effOn) {
    effBegin(replace != 0 ? 4 : 3, <u64>srcLen + dstLen + 8);
    effWord('COPY');
    effBulk(src, srcLen);
    effBulk(dst, dstLen);
    if (replace != 0) effWord('REPLACE');
  }
  return 1;
}

// === Expiry family ==========================================================

/**
 * EXPIRE family with an absolute time `at` (ms) and EXPIRE_* flags: 1 when
 * set (or when a time at or before now deleted the key), 0 when the key is
 * absent or a flag condition failed. No expiry counts as infinite for GT/LT.
 * `atArg` is an io.ts time parameter (ioInt64): any signed 64-bit time.
 */
export function ksExpire(keyLen: u32, atArg: f64, flags: u32): i32 {
  ioBegin();
  const key = ioArg();
  const at = ioInt64(atArg);
  const peek = artFind(key, keyLen);
  const valLen = peek == 0 ? 0 : leafValLen(artSlotLeaf(peek));
  const effBytes = effCommandBytes(3, <u64>keyLen + 32) + dbKeyEffectBytes(keyLen);
  if (!dbReserve(leafBlockBytes(keyLen, valLen, true), 0, true, effBytes, dbChangeBytes(keyLen, 2))) return ST_OOM;
  const slot = dbFind(key, keyLen);
  if (slot == 0) return 0;
  const leaf = artSlotLeaf(slot);
  const current = dbExpireOf(leaf);
  if ((flags & EXPIRE_NX) != 0 && current != -1) return 0;
  if ((flags & EXPIRE_XX) != 0 && current == -1) return 0;
  if ((flags & EXPIRE_GT) != 0 && (current == -1 || at <= current)) return 0;
  if ((flags & EXPIRE_LT) != 0 && current != -1 && at >= current) return 0;
  if (at <= ioNow()) {
    if (effOn) dbEffectKey('DEL', leaf);
    dbDelete(leaf);
    return 1;
  }
  if (leafHasTtl(leaf)) dbSetExpiry(leaf, at);
  else dbRebuild(slot, leaf, leafValLen(leaf), true, at);
  if (effOn) {
    effBegin(3, <u64>keyLen + 32);
    effWord('PEXPIREAT');
    effBulk(key, keyLen);
    effInt(at);
  }
  return 1;
}

/** The key's absolute expiry in ms, -1 without one, -2 when absent (an io.ts ioReplyTime). */
export function ksExpireTime(keyLen: u32): f64 {
  ioBegin();
  const slot = dbFind(ioArg(), keyLen);
  return slot == 0 ? -2 : ioReplyTime(dbExpireOf(artSlotLeaf(slot)));
}

/** PERSIST key: 1 when an expiry was removed, else 0. */
export function ksPersist(keyLen: u32): i32 {
  ioBegin();
  const key = ioArg();
  const peek = artFind(key, keyLen);
  const valLen = peek == 0 ? 0 : leafValLen(artSlotLeaf(peek));
  if (!dbReserve(leafBlockBytes(keyLen, valLen, false), 0, false, 2 * dbKeyEffectBytes(keyLen), dbChangeBytes(keyLen, 2))) return ST_OOM;
  const slot = dbFind(key, keyLen);
  if (slot == 0) return 0;
  const leaf = artSlotLeaf(slot);
  if (!leafHasTtl(leaf)) return 0;
  const next = dbRebuild(slot, leaf, leafValLen(leaf), false, 0);
  if (effOn) dbEffectKey('PERSIST', next);
  return 1;
}

/**
 * Active expiry: examines at most `budget` keys of the TTL index,
 * round-robin from where the last call stopped, deleting the expired ones
 * ("DEL key" each). Returns how many it deleted. Work is O(budget) whatever
 * the keyspace size: a deleted entry's slot is refilled by the last entry,
 * which is examined next without moving the cursor.
 */
export function ksActiveExpire(budget: u32): i32 {
  ioBegin();
  let deleted = 0;
  let cursor = ttlCursor;
  for (let i: u32 = 0; i < budget && ttlCount != 0; i++) {
    if (cursor >= ttlCount) cursor = 0;
    const leaf = ttlAt(cursor);
    if (!dbIsExpired(leaf)) { cursor++; continue; }
    if (!dbExpireLeaf(leaf)) break;
    deleted++;
  }
  ttlSetCursor(cursor);
  return deleted;
}

// === Scan ===================================================================

let scanLimit: u32 = 0;
let scanExamined: u32 = 0;
let scanFound: u32 = 0;
/** Bytes of scan output so far; the region [scanOutBase, +scanOutCap) persists between scans. */
let scanOut: u32 = 0;
let scanOutCap: u32 = 0;
let scanOutBase: usize = 0;
let scanOom: bool = false;
let scanLast: usize = 0;
let scanEnd: usize = 0;
let scanEndLen: i32 = -1;
let scanPrefix: usize = 0;
let scanPrefixLen: i32 = -1;
let scanMatch: usize = 0;
let scanMatchLen: i32 = -1;
let scanType: i32 = -1;
let scanExpired: bool = false;

/** Appends a key to the scan reply, growing the reply region (keeping its contents); `mark` is or-ed into its length. */
function scanAppend(key: usize, keyLen: u32, mark: u32): bool {
  const need = scanOut + 4 + keyLen;
  if (need > scanOutCap) {
    const cap = heapBlockSize(max(need, max(scanOutCap << 1, 256)));
    const grown = heapAlloc(cap);
    if (grown == 0) return false;
    memory.copy(grown, scanOutBase, scanOut);
    if (scanOutBase != 0) heapFree(scanOutBase, scanOutCap);
    scanOutBase = grown;
    scanOutCap = cap;
  }
  store<u32>(scanOutBase + scanOut, keyLen | mark);
  memory.copy(scanOutBase + scanOut + 4, key, keyLen);
  scanOut = need;
  return true;
}

/** The artWalk visitor: applies the bounds and filters to one leaf. */
function scanVisit(leaf: usize): bool {
  const key = leafKey(leaf);
  const keyLen = leafKeyLen(leaf);
  if (scanEndLen >= 0 && bytesCompare(key, keyLen, scanEnd, <u32>scanEndLen) >= 0) return false;
  if (scanPrefixLen >= 0) {
    const plen = <u32>scanPrefixLen;
    if (keyLen < plen || bytesCompare(key, plen, scanPrefix, plen) != 0) return false;
  }
  scanExamined++;
  scanLast = leaf;
  const expired = dbIsExpired(leaf);
  // An expired key is listed only when asked, whatever its type.
  const wanted = (expired ? scanExpired : scanType < 0 || <i32>leafType(leaf) == scanType) &&
    (scanMatchLen < 0 || globMatch(scanMatch, <u32>scanMatchLen, key, keyLen));
  if (wanted) {
    if (!scanAppend(key, keyLen, expired ? ScanEntry.Expired : 0)) { scanOom = true; return false; }
    scanFound++;
  }
  return scanExamined < scanLimit;
}

/**
 * ksScan: one step of an ordered walk (Engine.scanKeys). Arguments in the
 * region, in this order, each present only when its length is >= 0: from,
 * end, prefix, match; `flags` are abi.ts ScanFlags. Returns the number of
 * entries in the reply (layout above) or ST_OOM. Expired keys are examined
 * but not deleted (the walk must not change the tree); they are listed,
 * marked, only with ScanFlags.Expired, so the host can delete them after.
 *
 * The walk starts at the greatest of `from` and the prefix (the filter
 * prefix, narrowed further by the pattern's literal prefix), so keys before
 * it are never visited, and stops at the first key past `end` or the prefix.
 */
export function ksScan(fromLen: i32, flags: u32, limit: u32, endLen: i32, prefixLen: i32, matchLen: i32, type: i32): i32 {
  ioBegin();
  let p = ioArg();
  const from = p;
  if (fromLen > 0) p += fromLen;
  scanEnd = p;
  scanEndLen = endLen;
  if (endLen > 0) p += endLen;
  let prefix = p;
  if (prefixLen > 0) p += prefixLen;
  scanMatch = p;
  // A lone "*" selects every key, the empty one included, as KEYS and SCAN
  // skip matching for it (stringmatchlen itself never matches an empty key).
  if (matchLen == 1 && load<u8>(p) == 0x2a) matchLen = -1;
  scanMatchLen = matchLen;
  scanType = type;
  scanExpired = (flags & ScanFlags.Expired) != 0;
  scanLimit = max(limit, 1);
  scanExamined = 0;
  scanFound = 0;
  scanOut = 0;
  scanOom = false;
  scanLast = 0;

  let literal: usize = 0;
  if (matchLen > 0) {
    literal = heapAlloc(<u32>matchLen);
    if (literal == 0) return ST_OOM;
    const litLen = globLiteralPrefix(scanMatch, <u32>matchLen, literal);
    if (litLen > 0) {
      if (prefixLen < 0 || (<u32>prefixLen <= litLen && bytesCompare(literal, <u32>prefixLen, prefix, <u32>prefixLen) == 0)) {
        prefix = literal;
        prefixLen = <i32>litLen;
      } else if (<u32>prefixLen < litLen || bytesCompare(prefix, litLen, literal, litLen) != 0) {
        heapFree(literal, <u32>matchLen);
        return scanReply(true);
      }
    }
  }
  scanPrefix = prefix;
  scanPrefixLen = prefixLen;

  let start = from;
  let startLen = fromLen;
  let startInclusive = (flags & ScanFlags.Inclusive) != 0;
  if (prefixLen >= 0 && (fromLen < 0 || bytesCompare(from, <u32>fromLen, prefix, <u32>prefixLen) < 0)) {
    start = prefix;
    startLen = prefixLen;
    startInclusive = true;
  }
  const walked = artWalk(start, startLen, startInclusive, scanVisit);
  if (literal != 0) heapFree(literal, <u32>matchLen);
  if (scanOom || walked == ART_WALK_OOM) return ST_OOM;
  const reachedEnd = walked == ART_WALK_DONE;
  // The walk stopped early either at the limit (resume after scanLast) or at
  // a bound (nothing more to see).
  return scanReply(reachedEnd || scanExamined < scanLimit);
}

/** Points the reply at the scan output, and the mailbox's last-key fields at the last key examined. */
function scanReply(finished: bool): i32 {
  ioSetReply(scanOutBase, scanOut);
  if (finished || scanLast == 0) {
    store<u32>(ioMailbox, 0, Mailbox.LastKeyPtr);
    store<u32>(ioMailbox, ScanEnd.NoLastKey, Mailbox.LastKeyLen);
  } else {
    store<u32>(ioMailbox, <u32>leafKey(scanLast), Mailbox.LastKeyPtr);
    store<u32>(ioMailbox, leafKeyLen(scanLast), Mailbox.LastKeyLen);
  }
  return <i32>scanFound;
}

// === DBSIZE FLUSHALL RANDOMKEY ==============================================

/** DBSIZE: keys in the tree, including expired keys not reclaimed yet. */
export function ksDbsize(): i32 {
  return <i32>dbCount;
}

/**
 * FLUSHALL: forgets every key by resetting the heap (every block but the
 * effects buffer, whose recorded bytes stay, becomes free space), then
 * re-creates the argument region, whose address may change.
 * Inside a transaction the keys are instead deleted one by one, so the
 * journal can give them back.
 */
export function ksFlushall(): i32 {
  ioBegin();
  if (!dbReserve(0, 0, false, effCommandBytes(1, 8), dbChangeBytes(0, txOpen ? dbCount : 0))) return ST_OOM;
  if (dbCount != 0 && effOn) {
    effBegin(1, 8);
    effWord('FLUSHALL');
  }
  if (txOpen) {
    for (let leaf = artMinLeaf(); leaf != 0; leaf = artMinLeaf()) dbDelete(leaf);
    return ST_OK;
  }
  heapReset(effBuffer(), effCapacity());
  scanOutBase = 0;
  scanOutCap = 0;
  artReset();
  ttlReset();
  dbReset();
  ioAfterReset();
  replyAfterReset();
  return ST_OK;
}

/** RANDOMKEY: a random live key's bytes, or ST_NIL; expired picks are deleted and retried. */
export function ksRandomkey(): i32 {
  ioBegin();
  while (true) {
    const leaf = artRandomLeaf(randomNext);
    if (leaf == 0) return ST_NIL;
    if (!dbIsExpired(leaf)) return ioReplyValue(leafKey(leaf), leafKeyLen(leaf));
    if (!dbExpireLeaf(leaf)) return ST_OOM;
  }
}

// === MEMORY USAGE ===========================================================

import { objMemoryUsage } from './object';

/**
 * MEMORY USAGE key: the bytes the entry holds (object.ts objMemoryUsage), or
 * -1 when there is no entry. As in Redis, the lookup neither expires the key
 * nor changes anything: a key past its expiry that no one has reclaimed yet
 * still holds its memory and is reported.
 */
export function ksMemoryUsage(keyLen: u32): f64 {
  ioBegin();
  const slot = artFind(ioArg(), keyLen);
  return slot == 0 ? -1 : <f64>objMemoryUsage(artSlotLeaf(slot));
}

// === OBJECT ENCODING ========================================================

import { objEncodingName } from './object';

/** OBJECT ENCODING key: an abi.ts EncodingName, EncodingName.None when absent (expired keys are deleted first). */
export function ksEncoding(keyLen: u32): i32 {
  ioBegin();
  const slot = dbFind(ioArg(), keyLen);
  if (slot == 0) return EncodingName.None;
  return objEncodingName(artSlotLeaf(slot));
}
