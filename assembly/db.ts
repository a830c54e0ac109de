// db: the life cycle of entries (find with lazy expiry, add, replace,
// rebuild, delete), shared by the string and keyspace commands.
//
// WHAT IT STORES
//
// Only dbCount; the entries live in the tree (art.ts) as leaves (leaf.ts),
// keys with an expiry also in the TTL index (ttl.ts). This layer keeps the
// three consistent:
//
// - A leaf is in the TTL index exactly when it has HAS_TTL (dbAdd, dbUnlink
//   and dbReplace maintain it; leaves that move on reallocation take over
//   their index slot with ttlMove).
// - dbCount is the number of leaves in the tree, expired or not (DBSIZE).
//
// LAZY EXPIRY: dbFind deletes a key whose expiry is before ioNow
// (dbIsExpired) before reporting it absent, recording "DEL key". If recording is on and the
// effects buffer cannot grow (OOM), the key is left in place and still
// reported absent: the data stays consistent and a later access or active
// expiry retries.
//
// OUT OF MEMORY: writers call dbReserve with the worst case of what they will
// allocate before they change anything (see heap.ts); after that, leafNew,
// artInsert, ttlAdd, the journal and the effects writer cannot fail.
//
// TRANSACTIONS: while one is open (journal.ts), dbAdd journals the key it
// adds, dbRetire hands unlinked leaves to the journal instead of freeing
// them, and the in-place edits (dbEditValue, dbSetExpiry) journal what they
// overwrite first, so the journal grows with the change, not the value.
// Everything else that would edit a leaf in place rebuilds it instead while
// a transaction is open. Collections journal their own changes (journal.ts
// OBJECT and ELEM_*): dbObjectJournaled says whether a change to an object
// must be journaled, dbSaveObject saves a small one whole before its first
// change.
//
// FREEING: every entry that leaves the keyspace for good goes through
// object.ts objFree.

import { ART_INSERT_WORST, artDelete, artFind, artInsert, artSlotLeaf, artSlotReplace } from './art';
import { effBegin, effBulk, effCommandBytes, effEnsure, effOn, effWord } from './effects';
import { htRehashStep } from './hashtable';
import { heapReserve } from './heap';
import { ioDeferFree, ioEntryBytes, ioEntryLen, ioEntryNext, ioNow } from './io';
import {
  journalAdded, journalEnsure, journalEntryBytes, journalEpochNow, journalExpire, journalMoved, journalObject,
  journalRemoved, journalValue, txEpoch, txOpen,
} from './journal';
import {
  ENC_HASHTABLE, leafEncoding, leafExpireAt, leafHasTtl, leafKey, leafKeyLen, leafNew, leafObject, leafResize,
  leafSetEncoding, leafSetExpireAt, leafSetObject, leafType, leafVal, leafValLen,
} from './leaf';
import { objDuplicate, objDuplicateBytes, objEpoch, objFree, objFreeLeaf, objFreeObject, objIsCollection } from './object';
import { ttlAdd, ttlAddWorstBytes, ttlMove, ttlRemove } from './ttl';

/** Leaves in the tree, expired or not. */
export let dbCount: u32 = 0;

/**
 * Whether the entry has an expiry before the command's time. As in Redis, a
 * key lives through its expireAt millisecond (PTTL 0); only setting an
 * expiry at or before now (EXPIRE, GETEX) deletes at once. Asks for the time
 * only when the entry has an expiry.
 */
// @ts-ignore: decorator
@inline export function dbIsExpired(leaf: usize): bool {
  return leafHasTtl(leaf) && leafExpireAt(leaf) < ioNow();
}

/** Effects bytes of a "<word> key" command such as DEL (for reservations). */
// @ts-ignore: decorator
@inline export function dbKeyEffectBytes(keyLen: u32): u64 {
  return effCommandBytes(2, <u64>keyLen + 8);
}

/** Journal bytes of `changes` changes to keys of `keyLen` bytes that save no value bytes (for reservations). */
// @ts-ignore: decorator
@inline export function dbChangeBytes(keyLen: u32, changes: u32): u64 {
  return <u64>changes * journalEntryBytes(keyLen, 0);
}

/**
 * dbInsertsFor: tree insertions a write of key[0..keyLen) may make: 0 when
 * a live entry holds the key (an overwrite links no new node), else 1. Lets
 * overwrites reserve only their leaf, not a worst-case node as well.
 */
export function dbInsertsFor(key: usize, keyLen: u32): u32 {
  const slot = artFind(key, keyLen);
  return slot != 0 && !dbIsExpired(artSlotLeaf(slot)) ? 0 : 1;
}

/**
 * dbReserve: reserves the worst case of a write: `leafBytes` of new leaves
 * (already rounded to block sizes), `inserts` tree insertions, one TTL index
 * entry when `ttl`, `effBytes` of effects (a sum of effCommandBytes; ignored
 * when not recording) and `journalBytes` of undo entries (dbChangeBytes,
 * journal.ts journalEntryBytes; ignored outside a transaction). False means
 * OOM and no data has changed.
 */
export function dbReserve(leafBytes: u64, inserts: u32, ttl: bool, effBytes: u64, journalBytes: u64): bool {
  if (effOn && !effEnsure(effBytes)) return false;
  if (!journalEnsure(journalBytes)) return false;
  return heapReserve(leafBytes + <u64>inserts * ART_INSERT_WORST + (ttl ? ttlAddWorstBytes() : 0));
}

/**
 * dbFind: the tree slot of the live entry for key[0..keyLen), or 0 when
 * absent or expired (an expired key is deleted first, see above). The slot
 * is valid until the tree changes shape.
 */
export function dbFind(key: usize, keyLen: u32): usize {
  const slot = artFind(key, keyLen);
  dbFindBlocked = false;
  if (slot == 0) return 0;
  const leaf = artSlotLeaf(slot);
  if (!dbIsExpired(leaf)) return slot;
  dbFindBlocked = !dbExpireLeaf(leaf);
  return 0;
}

/**
 * Whether the last dbFind reported an expired key absent without deleting
 * it (its DEL could not be recorded for lack of memory), so the key is
 * still in the tree. A write that looks up before it reserves (strSet) must
 * then fail with ST_OOM rather than insert the key a second time.
 */
export let dbFindBlocked: bool = false;

/**
 * dbExpireLeaf: deletes an expired entry, recording "DEL key". Returns false
 * (entry untouched) when the DEL cannot be recorded for lack of memory.
 */
export function dbExpireLeaf(leaf: usize): bool {
  const keyLen = leafKeyLen(leaf);
  if (!journalEnsure(dbChangeBytes(0, 1))) return false;
  if (effOn) {
    if (!effEnsure(dbKeyEffectBytes(keyLen))) return false;
    dbEffectKey('DEL', leaf);
  }
  dbDelete(leaf);
  return true;
}

/**
 * Set by dbFindOf: the key holds another type than the one asked for (the
 * command fails with WRONGTYPE before changing anything).
 */
export let dbWrongType: bool = false;

/**
 * dbFindOf: the live leaf at key[0..keyLen) when it holds `type` (lazy
 * expiry as dbFind), else 0: absent, or of another type (dbWrongType).
 */
export function dbFindOf(key: usize, keyLen: u32, type: u8): usize {
  const slot = dbFind(key, keyLen);
  dbWrongType = false;
  if (slot == 0) return 0;
  const leaf = artSlotLeaf(slot);
  if (leafType(leaf) == type) return leaf;
  dbWrongType = true;
  return 0;
}

/**
 * dbReadOf: dbFindOf for a read command. A collection held in a hashtable
 * takes a rehash step first, as Redis's lookups do, so a key that is only
 * read still finishes a resize under way and frees its old array; the step
 * comes before the command walks anything.
 */
export function dbReadOf(key: usize, keyLen: u32, type: u8): usize {
  const leaf = dbFindOf(key, keyLen, type);
  if (leaf != 0 && leafEncoding(leaf) == ENC_HASHTABLE) htRehashStep(leafObject(leaf));
  return leaf;
}

/**
 * dbPeekOf: the leaf of `type` a write will find at key[0..keyLen),
 * without expiring anything (for reservations made before the lookup):
 * 0 when absent, expired or of another type.
 */
export function dbPeekOf(key: usize, keyLen: u32, type: u8): usize {
  const slot = artFind(key, keyLen);
  if (slot == 0) return 0;
  const leaf = artSlotLeaf(slot);
  return leafType(leaf) == type && !dbIsExpired(leaf) ? leaf : 0;
}

/** Bytes of the `count` arguments of a list from `args` (io.ts argument lists). */
export function dbArgsBytes(args: usize, count: u32): u64 {
  let bytes: u64 = 0;
  for (let i: u32 = 0; i < count; i++) {
    bytes += ioEntryLen(args);
    args = ioEntryNext(args);
  }
  return bytes;
}

/** Effects bytes of "<word> arg ..." over `count` arguments from `args` (for reservations). */
export function dbArgsEffectBytes(word: string, args: usize, count: u32): u64 {
  return effCommandBytes(count + 1, <u64>word.length + dbArgsBytes(args, count));
}

/** Records "<word> arg ..." over `count` arguments from `args`: a command as given. Precondition: effOn, reserved. */
export function dbEffectArgs(word: string, args: usize, count: u32): void {
  effBegin(count + 1, <u64>word.length + dbArgsBytes(args, count));
  effWord(word);
  for (let i: u32 = 0; i < count; i++) {
    effBulk(ioEntryBytes(args), ioEntryLen(args));
    args = ioEntryNext(args);
  }
}

/** Records "<word> key" for a leaf's key. Precondition: effOn and reserved. */
export function dbEffectKey(word: string, leaf: usize): void {
  const keyLen = leafKeyLen(leaf);
  effBegin(2, <u64>keyLen + 8);
  effWord(word);
  effBulk(leafKey(leaf), keyLen);
}

/** dbAdd: links a new leaf (its key must be absent). Precondition: reserved. */
export function dbAdd(leaf: usize): void {
  artInsert(leaf);
  if (leafHasTtl(leaf)) ttlAdd(leaf);
  dbCount++;
  if (txOpen) journalAdded(leafKey(leaf), leafKeyLen(leaf), objIsCollection(leaf));
}

/**
 * dbMove: links `next`, a new leaf under its own (absent) key holding the
 * value of the live leaf `old` (a string's bytes copied, a collection's
 * object address handed over), and unlinks `old`, whose block alone is then
 * freed (or kept by the journal: MOVED). RENAME, without copying a
 * collection. Precondition: reserved.
 */
export function dbMove(old: usize, next: usize): void {
  artInsert(next);
  if (leafHasTtl(next)) ttlAdd(next);
  dbCount++;
  dbUnlink(old);
  dbRetireMoved(old, next);
}

/** Disposes of unlinked `old` whose value `next` (linked) now holds: its block is freed, or the journal keeps it. */
function dbRetireMoved(old: usize, next: usize): void {
  if (txOpen) journalMoved(old, leafKey(next), leafKeyLen(next), objIsCollection(next));
  else objFreeLeaf(old);
}

/**
 * dbObjectJournaled: whether a change to the collection `leaf`'s object
 * must be journaled: a transaction is open and the object is older than it
 * (one it made is dropped whole by rollback, journal.ts EPOCHS).
 */
// @ts-ignore: decorator
@inline export function dbObjectJournaled(leaf: usize): bool {
  return txOpen && objEpoch(leaf) != txEpoch;
}

/** Heap and journal bytes dbSaveObject may take (for reservations); 0 heap bytes when it will not copy. */
export function dbSaveObjectBytes(leaf: usize): u64 {
  return dbObjectJournaled(leaf) ? objDuplicateBytes(leaf) : 0;
}

/**
 * dbSaveObject: before the first change in a transaction to a small
 * collection (listpack, intset) made before it, gives the leaf a copy of
 * its object to change and hands the original to the journal (OBJECT), so
 * rollback restores it whole. No-op when dbObjectJournaled is false.
 * Precondition: dbSaveObjectBytes and journalEntryBytes(keyLen, 0) reserved.
 */
export function dbSaveObject(leaf: usize): void {
  if (!dbObjectJournaled(leaf)) return;
  const original = leafObject(leaf);
  leafSetObject(leaf, objDuplicate(leaf, txEpoch));
  journalObject(leafKey(leaf), leafKeyLen(leaf), original, leafType(leaf), leafEncoding(leaf));
}

/**
 * dbConvertObject: gives the collection `leaf` a new object of another
 * encoding (a listpack grown into a hashtable); the old object is freed,
 * or kept by the journal (OBJECT) when it predates the open transaction.
 * `object` must carry journalEpochNow(). Precondition: journalEntryBytes(keyLen, 0) reserved.
 */
export function dbConvertObject(leaf: usize, object: usize, encoding: u8): void {
  const old = leafObject(leaf);
  if (dbObjectJournaled(leaf)) journalObject(leafKey(leaf), leafKeyLen(leaf), old, leafType(leaf), leafEncoding(leaf));
  else objFreeObject(leafType(leaf), leafEncoding(leaf), old);
  assert(load<u32>(object) == journalEpochNow(), 'a converted object without the epoch of now');
  leafSetObject(leaf, object);
  leafSetEncoding(leaf, encoding);
}

/** dbRetire: disposes of an unlinked leaf: freed, or kept by the journal in a transaction. */
export function dbRetire(leaf: usize): void {
  if (txOpen) journalRemoved(leaf);
  else objFree(leaf);
}

/**
 * dbRetireAfterReply: as dbRetire, for a leaf whose value is the reply: its
 * free is deferred to the next command (io.ts) so the host can read it.
 */
export function dbRetireAfterReply(leaf: usize): void {
  if (txOpen) journalRemoved(leaf);
  else ioDeferFree(leaf);
}

/** dbSetExpiry: changes the expiry of `leaf`, which has one, in place (journaled in a transaction). */
export function dbSetExpiry(leaf: usize, at: i64): void {
  if (txOpen) journalExpire(leafKey(leaf), leafKeyLen(leaf), leafExpireAt(leaf));
  leafSetExpireAt(leaf, at);
}

/**
 * dbEditValue: prepares the string at `slot`/`leaf` for `len` bytes to be
 * written at `offset` (APPEND, SETRANGE): the value becomes max(old length,
 * offset + len) long, in place when the block can resize, else in a new leaf
 * that replaces the old one (freed at once: the journal keeps only what the
 * edit overwrites). Bytes between the old end and `offset` are zeroed.
 * Returns the leaf now holding the value; the caller writes the bytes.
 * Precondition: reserved (the new leaf, and in a transaction
 * journalEntryBytes(keyLen, len)).
 */
export function dbEditValue(slot: usize, leaf: usize, offset: u32, len: u32): usize {
  const oldLen = leafValLen(leaf);
  const newLen = max(oldLen, offset + len);
  if (txOpen) {
    const overwritten = offset < oldLen ? min(oldLen, offset + len) - offset : 0;
    journalValue(leafKey(leaf), leafKeyLen(leaf), oldLen, offset, leafVal(leaf) + offset, overwritten);
  }
  let next = leaf;
  if (!leafResize(leaf, newLen)) {
    next = leafNew(leafType(leaf), leafKey(leaf), leafKeyLen(leaf), newLen, leafHasTtl(leaf), dbExpireOf(leaf));
    assert(next != 0, 'dbEditValue without reservation');
    memory.copy(leafVal(next), leafVal(leaf), oldLen);
    dbReplace(slot, leaf, next);
    objFree(leaf);
  }
  if (newLen > oldLen) memory.fill(leafVal(next) + oldLen, 0, newLen - oldLen);
  return next;
}

/** dbUnlink: unlinks a live leaf from the tree and the TTL index; the caller frees it. */
export function dbUnlink(leaf: usize): void {
  if (leafHasTtl(leaf)) ttlRemove(leaf);
  const removed = artDelete(leafKey(leaf), leafKeyLen(leaf));
  assert(removed == leaf, 'dbUnlink of a leaf not in the tree');
  dbCount--;
}

/**
 * dbTake: unlinks the entry for key[0..keyLen), expired or not, in one walk
 * and returns its leaf for the caller to retire (0 when absent). For DEL,
 * where deleting an expired key and lazily expiring it are the same change.
 */
export function dbTake(key: usize, keyLen: u32): usize {
  const leaf = artDelete(key, keyLen);
  if (leaf == 0) return 0;
  if (leafHasTtl(leaf)) ttlRemove(leaf);
  dbCount--;
  return leaf;
}

/** dbDelete: unlinks and retires a leaf. */
export function dbDelete(leaf: usize): void {
  dbUnlink(leaf);
  dbRetire(leaf);
}

/**
 * dbReplace: makes `slot` (found for `old`'s key) point at `next`, a leaf for
 * the same key, and fixes the TTL index. The caller retires `old`.
 * Precondition: ttlAddWorstBytes() reserved if `next` gains an expiry.
 */
export function dbReplace(slot: usize, old: usize, next: usize): void {
  artSlotReplace(slot, next);
  const oldTtl = leafHasTtl(old);
  const nextTtl = leafHasTtl(next);
  if (oldTtl && nextTtl) ttlMove(old, next);
  else if (oldTtl) ttlRemove(old);
  else if (nextTtl) ttlAdd(next);
}

/**
 * dbRenew: replaces the entry at `slot` (`old`, not the reply) by a new
 * leaf for the same key with room for `valLen` value bytes (left for the
 * caller) and the given expiry. Outside a transaction only: the old leaf is
 * freed first, so the new one can take its space (merged with free
 * neighbours) instead of leaving a hole of the old size behind. `key` must
 * not point into `old`. Precondition: reserved as for a new leaf.
 */
export function dbRenew(slot: usize, old: usize, type: u8, key: usize, keyLen: u32, valLen: u32, hasTtl: bool, at: i64): usize {
  assert(!txOpen, 'dbRenew in a transaction');
  if (leafHasTtl(old)) ttlRemove(old);
  objFree(old);
  const next = leafNew(type, key, keyLen, valLen, hasTtl, at);
  assert(next != 0, 'dbRenew without reservation');
  artSlotReplace(slot, next);
  if (hasTtl) ttlAdd(next);
  return next;
}

/**
 * dbRebuild: replaces the entry in `slot` by a new leaf with a value of
 * `valLen` bytes (the old value's first min(old, valLen) bytes copied, the
 * rest left for the caller) and the given expiry; the old leaf's block is
 * freed (a collection's object moves to the new leaf). Returns the new leaf. Precondition: the new leaf's block (and a TTL index
 * entry if gaining one) reserved.
 */
export function dbRebuild(slot: usize, old: usize, valLen: u32, hasTtl: bool, expireAt: i64): usize {
  const next = leafNew(leafType(old), leafKey(old), leafKeyLen(old), valLen, hasTtl, expireAt);
  assert(next != 0, 'dbRebuild without reservation');
  leafSetEncoding(next, leafEncoding(old));
  memory.copy(leafVal(next), leafVal(old), min(valLen, leafValLen(old)));
  dbReplace(slot, old, next);
  dbRetireMoved(old, next);
  return next;
}

/** The entry's expiry, or -1 when it has none. */
// @ts-ignore: decorator
@inline export function dbExpireOf(leaf: usize): i64 {
  return leafHasTtl(leaf) ? leafExpireAt(leaf) : -1;
}

/** dbReset: forgets the count (FLUSHALL resets the tree and heap itself). */
export function dbReset(): void {
  dbCount = 0;
}
