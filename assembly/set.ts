// set: the set commands (Redis 7.0 t_set.c semantics) over two encodings.
//
// WHAT A SET IS
//
// A key of type set holds an object (object.ts) in one of two encodings,
// chosen exactly as redis-server 7.0 chooses them, so OBJECT ENCODING
// answers as Redis does:
//
//   intset     every member is a canonical decimal integer (decimal.ts) and
//              there are at most set-max-intset-entries (config.ts) of
//              them: a sorted array of integers (intset.ts)
//   hashtable  otherwise: a keys-only hash table whose entries hold the
//              members' bytes (hashtable.ts)
//
// A set only ever goes from intset to hashtable, when a member that is not
// an integer arrives or the count passes the limit, never back, with one
// exception that is Redis's too: SPOP with a count close to the size
// rebuilds the set from the members that remain (spopWithCountCommand's
// case 3), so the rebuilt set is an intset again when they qualify.
//
// A member of an intset has no bytes of its own: it is replied as the
// decimal text of its value (the same bytes it was added with, since only
// canonical text is stored as an integer), copied into the reply tape. A
// hashtable member is replied by address: its entry is a heap block that
// stays put until the command returns (a member the command frees, as
// SPOP's or a temporary SUNION's, is copied instead).
//
// THE BUILDER
//
// Every command that adds members (SADD, SMOVE, the *STORE family, and
// SUNION/SDIFF, which need a set to remove duplicates) goes through one
// builder, which holds the set being made or changed and applies Redis's
// rules as members come: it starts as an intset (setTypeCreate), converts
// to a hashtable on the first member that is not an integer or the first
// past the limit (setTypeAdd), and is what each *STORE's destination
// receives, as Redis's dstset is. An intset gets its room once per command
// (intset.ts ROOM FOR BATCHES), so a command allocates a bounded number of
// blocks and can reserve them first.
//
// RANDOM MEMBERS (SPOP, SRANDMEMBER)
//
// Draws are uniform and come from random.ts. The cases follow Redis's
// (srandmemberWithCountCommand, spopWithCountCommand): a negative count
// draws with repeats; a count of at least the size returns the whole set;
// otherwise `count` distinct members, picked one of two ways:
//
// - count * 3 > size: list every member and keep a uniform sample of them
//   (a partial Fisher-Yates shuffle), where Redis copies the set and
//   deletes random members until `count` remain: both give each subset of
//   `count` members the same chance, and ours never retries.
// - otherwise: draw members and keep the ones not drawn before (Redis's
//   case 4); repeats are recognised with a bitmap of intset positions or a
//   small table of the entries' addresses.
//
// SPOP then removes its picks: picking `count` distinct members and
// removing them is the same draw as Redis's removing one random member
// `count` times.
//
// WRITES, ERRORS AND MEMORY
//
// Every command checks the type of every key it reads before it changes
// anything (WRONGTYPE), finds keys through db.ts (lazy expiry), and a set
// that loses its last member loses its key. A write reserves its worst
// case first (db.ts dbReserve, reply.ts replyReserve) and returns ST_OOM
// having changed nothing when that fails.
//
// EFFECTS: SADD and SREM record themselves as given when they changed the
// set; SPOP records one SREM of the members it popped; SMOVE records itself
// when it moved; the *STORE commands record themselves when the dataset
// changed (the destination existed, or the result is not empty).
//
// TRANSACTIONS: an intset is saved whole before its first change in a
// transaction (db.ts dbSaveObject); a hashtable journals each entry added
// or removed (journal.ts ELEM_*) unless the transaction made the table.

import { CallFlags } from '../src/engine/abi';
import { artSlotLeaf } from './art';
import { setMaxIntsetEntries } from './config';
import {
  dbAdd, dbArgsEffectBytes, dbChangeBytes, dbConvertObject, dbDelete, dbEffectArgs, dbFind, dbFindOf, dbKeyEffectBytes,
  dbObjectJournaled, dbPeekOf, dbReadOf, dbReserve, dbSaveObject, dbSaveObjectBytes, dbWrongType,
} from './db';
import { DECIMAL_MAX_LEN, decimalLen, formatDecimal, parseDecimal, parsedDecimal } from './decimal';
import { EFF_REWRITE_BATCH, effBegin, effBulk, effCommandBytes, effOn, effWord } from './effects';
import { globFiltersNothing, globMatch } from './glob';
import {
  htAddWorstBytes, htAt, htCount, htEntryBytes, htEntryField, htEntryFieldLen, htEntryFree, htEntryNew, htFind,
  htFindLike, htFree, htHashAt, htInsert, htNew, htNewBytes, htNext, htRandom, htRemove, htScan,
} from './hashtable';
import { heapReserve } from './heap';
import {
  intsetAdd, intsetBlockBytes, intsetFit, intsetFree, intsetGet, intsetHas, intsetLen, intsetNew, intsetRemoveAt,
  intsetRoom, intsetSearch, intsetWidth, intsetWidthOf,
} from './intset';
import { ioEntryBytes, ioEntryLen, ioEntryNext, ioReplyBuf, ST_OK, ST_OOM, ST_WRONGTYPE } from './io';
import { journalElemAdded, journalElemRemoved, journalEpochNow } from './journal';
import {
  ENC_HASHTABLE, ENC_INTSET, LEAF_OBJECT_LEN, leafBlockBytes, leafEncoding, leafKey, leafKeyLen, leafNew,
  leafObject, leafSetEncoding, leafSetObject, TYPE_SET,
} from './leaf';
import { randomBelow } from './random';
import {
  REPLY_BULK_BYTES, REPLY_INT_BYTES, replyArray, replyBulk, replyDecimal, replyInlineBulk, replyInlineBytes,
  replyInt, replyNil, replyPatchCount, replyReserve,
} from './reply';

/** Redis caps an intset at 2^30 members whatever the setting (intset internals). */
// @ts-ignore: decorator
@inline const INTSET_HARD_LIMIT: u32 = 1 << 30;
/** Heap bytes of a hashtable entry holding an integer member's text (at most 20 bytes). */
// @ts-ignore: decorator
@inline const INT_ENTRY_BYTES: u64 = 24;
/** SPOP rebuilds the set from what remains when remaining * this <= count (t_set.c SPOP_MOVE_STRATEGY_MUL). */
// @ts-ignore: decorator
@inline const SPOP_MOVE_STRATEGY_MUL: u64 = 5;
/** SRANDMEMBER samples from a list of every member when count * this > size (SRANDMEMBER_SUB_STRATEGY_MUL). */
// @ts-ignore: decorator
@inline const SRANDMEMBER_SUB_STRATEGY_MUL: u64 = 3;
/** SSCAN on a hashtable visits at most COUNT * this buckets per call, as Redis's scanGenericCommand. */
// @ts-ignore: decorator
@inline const SCAN_ITERATIONS_PER_COUNT: u64 = 10;

/** The most members an intset may hold (set-max-intset-entries, capped as Redis caps it). */
// @ts-ignore: decorator
@inline function intsetLimit(): u32 {
  return min(setMaxIntsetEntries, INTSET_HARD_LIMIT);
}

// === Members ================================================================
//
// One member at a time, in either encoding: an intset member is a value
// (memberIsInt), a hashtable member bytes (memberPtr, memberLen).

let memberIsInt = false;
let memberInt: i64 = 0;
let memberPtr: usize = 0;
let memberLen: u32 = 0;
/** The hashtable entry the member was loaded from. */
let memberEntry: usize = 0;

/** Decimal text of an integer member, for probing a hashtable or matching a pattern. */
const memberText: usize = memory.data(DECIMAL_MAX_LEN);

// @ts-ignore: decorator
@inline function loadInt(v: i64): void {
  memberIsInt = true;
  memberInt = v;
}

// @ts-ignore: decorator
@inline function loadEntry(e: usize): void {
  memberIsInt = false;
  memberEntry = e;
  memberPtr = htEntryField(e);
  memberLen = htEntryFieldLen(e);
}

/** The member's length as text. */
// @ts-ignore: decorator
@inline function memberTextLen(): u32 {
  return memberIsInt ? decimalLen(memberInt) : memberLen;
}

/** Points memberPtr/memberLen at the member's text (an integer's is written to memberText). */
function memberAsText(): void {
  if (!memberIsInt) return;
  memberLen = formatDecimal(memberInt, memberText);
  memberPtr = memberText;
}

/** Replies with the member; `copy` when its bytes will not outlive the command. */
function replyMember(copy: bool): void {
  if (memberIsInt) replyDecimal(memberInt);
  else if (copy) replyInlineBulk(memberPtr, memberLen);
  else replyBulk(memberPtr, memberLen);
}

/** Tape bytes replyMember(true) takes. */
// @ts-ignore: decorator
@inline function memberReplyBytes(): u64 {
  return replyInlineBytes(memberTextLen());
}

// === Set objects ============================================================
//
// An object is its encoding and address: a key's (leafEncoding,
// leafObject), or the builder's before it becomes a key's.

function objSize(enc: u8, obj: usize): u32 {
  return enc == ENC_INTSET ? intsetLen(obj) : htCount(obj);
}

/** Whether the member loaded above is in the set. */
function objHasMember(enc: u8, obj: usize): bool {
  if (enc == ENC_INTSET) {
    if (memberIsInt) return intsetHas(obj, memberInt);
    return parseDecimal(memberPtr, memberLen) && intsetHas(obj, parsedDecimal);
  }
  if (memberIsInt) {
    const len = formatDecimal(memberInt, memberText);
    return htFind(obj, memberText, len) != 0;
  }
  return htFind(obj, memberPtr, memberLen) != 0;
}

/** Loads p[0..len) as the member (an argument). */
// @ts-ignore: decorator
@inline function loadBytes(p: usize, len: u32): void {
  memberIsInt = false;
  memberPtr = p;
  memberLen = len;
}

/** Whether p[0..len) is in the set; it stays loaded. */
function objHasBytes(enc: u8, obj: usize, p: usize, len: u32): bool {
  loadBytes(p, len);
  return objHasMember(enc, obj);
}

/** The first position at or after `pos` (an intset index or a hashtable position), or -1. */
// @ts-ignore: decorator
@inline function objNext(enc: u8, obj: usize, pos: i64): i64 {
  if (enc == ENC_INTSET) return pos < <i64>intsetLen(obj) ? pos : -1;
  return htNext(obj, pos);
}

/** Loads the member at a position objNext returned. */
// @ts-ignore: decorator
@inline function objLoad(enc: u8, obj: usize, pos: i64): void {
  if (enc == ENC_INTSET) loadInt(intsetGet(obj, <u32>pos));
  else loadEntry(htAt(obj, pos));
}

/** Loads a member drawn uniformly. Precondition: not empty. */
function objLoadRandom(enc: u8, obj: usize): void {
  if (enc == ENC_INTSET) loadInt(intsetGet(obj, <u32>randomBelow(intsetLen(obj))));
  else loadEntry(htRandom(obj));
}

/** Replies with every member, as an array. */
function objReplyAll(enc: u8, obj: usize, copy: bool): void {
  replyArray(objSize(enc, obj));
  for (let p = objNext(enc, obj, 0); p >= 0; p = objNext(enc, obj, p + 1)) {
    objLoad(enc, obj, p);
    replyMember(copy);
  }
}

/** Frees an object that is no key's. */
function objRelease(enc: u8, obj: usize): void {
  if (enc == ENC_INTSET) intsetFree(obj);
  else htFree(obj);
}

/** Bytes of every member as text plus its entry header, as a hashtable would hold them (for reservations). */
function objEntryBytes(enc: u8, obj: usize): u64 {
  if (enc == ENC_INTSET) return <u64>intsetLen(obj) * INT_ENTRY_BYTES;
  let bytes: u64 = 0;
  for (let p = htNext(obj, 0); p >= 0; p = htNext(obj, p + 1)) {
    const e = htAt(obj, p);
    bytes += htEntryBytes(htEntryFieldLen(e), 0, false);
  }
  return bytes;
}

// === Keys ===================================================================
//
// A set command finds its keys with db.ts dbFindOf, or dbReadOf for a read
// (WRONGTYPE through dbWrongType), and sizes its reservations with dbPeekOf.


/** A new key holding the object. Precondition: reserved (setLeafBytes), the key absent. */
function setKeyAdd(key: usize, keyLen: u32, enc: u8, obj: usize): void {
  const leaf = leafNew(TYPE_SET, key, keyLen, LEAF_OBJECT_LEN, false, 0);
  assert(leaf != 0, 'set key without reservation');
  leafSetEncoding(leaf, enc);
  leafSetObject(leaf, obj);
  dbAdd(leaf);
}

/** Heap bytes of a set key's leaf and its tree insertion's worst case are dbReserve's; this is the leaf. */
// @ts-ignore: decorator
@inline function setLeafBytes(keyLen: u32): u64 {
  return leafBlockBytes(keyLen, LEAF_OBJECT_LEN, false);
}

/** Whether the key's set must be recorded in the journal entry by entry (a transaction older than the table). */
// @ts-ignore: decorator
@inline function journaled(leaf: usize): bool {
  return leaf != 0 && dbObjectJournaled(leaf);
}

// === The builder ============================================================
//
// The set being made or changed (see the header). bLeaf is the key whose
// set it is changing (0 for a set that is no key's yet): its leaf is kept
// pointing at the object as it moves or converts, and its hashtable's
// changes are journaled.

let bLeaf: usize = 0;
let bEnc: u8 = ENC_INTSET;
let bObj: usize = 0;
/** An intset's room: the members its block has space for. */
let bCap: u32 = 0;
/**
 * The members the set is expected to reach: a conversion sizes its table
 * for them, so a large result is not grown through every size on the way
 * (SUNION of two 100k-member sets: 370 ms grown, 134 ms presized).
 */
let bExpect: u64 = 0;

/**
 * Heap bytes a builder may allocate for a set of up to `members` members
 * whose hashtable entries would take `entryBytes`: an intset's room and
 * two moves to wider blocks, then a hashtable (sized for them, twice for
 * a table that grows there from a smaller one).
 */
function buildWorstBytes(members: u64, entryBytes: u64): u64 {
  const room = <u32>min(members, <u64>intsetLimit());
  const table = htNewBytes(<u32>min(members, <u64>u32.MAX_VALUE));
  return 3 * intsetBlockBytes(room, 8) + 2 * table + entryBytes;
}

/**
 * buildNew: starts a set that is no key's, with room for `members` (an
 * upper bound). Precondition: buildWorstBytes reserved.
 */
function buildNew(members: u64): void {
  bLeaf = 0;
  bExpect = members;
  bEnc = ENC_INTSET;
  bCap = <u32>min(members, <u64>intsetLimit());
  bObj = intsetNew(bCap, 2, journalEpochNow());
  assert(bObj != 0, 'set builder without reservation');
}

/**
 * buildEdit: starts changing the set of `leaf`, which may gain up to `adds`
 * members of at most `width` bytes as integers. An intset is saved first
 * in a transaction (db.ts dbSaveObject) and given its room. Precondition:
 * reserved (setAddWorstBytes).
 */
function buildEdit(leaf: usize, adds: u32, width: u32): void {
  bLeaf = leaf;
  bEnc = leafEncoding(leaf);
  if (bEnc == ENC_INTSET) dbSaveObject(leaf);
  bObj = leafObject(leaf);
  if (bEnc != ENC_INTSET) return;
  const len = intsetLen(bObj);
  bExpect = <u64>len + adds;
  bCap = <u32>min(<u64>len + adds, <u64>max(intsetLimit(), len));
  buildMoved(intsetRoom(bObj, len, bCap, width));
}

/** The intset now lives at `obj` (intsetRoom may move it). */
function buildMoved(obj: usize): void {
  assert(obj != 0, 'set builder without reservation');
  bObj = obj;
  if (bLeaf != 0) leafSetObject(bLeaf, obj);
}

/** buildEnd: gives back an intset's unused room. The builder's set is then (bEnc, bObj). */
function buildEnd(): void {
  if (bEnc == ENC_INTSET) intsetFit(bObj, bCap);
}

/** Converts the builder's intset to a hashtable holding the same members (setTypeConvert). */
function buildConvert(): void {
  const is = bObj;
  const len = intsetLen(is);
  const table = htNew(<u32>min(max(<u64>len, bExpect), <u64>u32.MAX_VALUE), journalEpochNow());
  assert(table != 0, 'set conversion without reservation');
  for (let i: u32 = 0; i < len; i++) {
    const textLen = formatDecimal(intsetGet(is, i), memberText);
    const e = htEntryNew(memberText, textLen, 0, 0, false);
    assert(e != 0, 'set conversion without reservation');
    htInsert(table, e);
  }
  intsetFit(is, bCap);
  if (bLeaf != 0) dbConvertObject(bLeaf, table, ENC_HASHTABLE);
  else intsetFree(is);
  bEnc = ENC_HASHTABLE;
  bObj = table;
}

/** Adds p[0..len) to the builder's hashtable; false when it is a member already. */
function buildAddToTable(p: usize, len: u32): bool {
  if (htFind(bObj, p, len) != 0) return false;
  const e = htEntryNew(p, len, 0, 0, false);
  assert(e != 0, 'set add without reservation');
  htInsert(bObj, e);
  if (journaled(bLeaf)) journalElemAdded(leafKey(bLeaf), leafKeyLen(bLeaf), e);
  return true;
}

/** buildAdd: adds the member loaded above (setTypeAdd); false when it is a member already. */
function buildAdd(): bool {
  if (bEnc == ENC_INTSET) {
    if (memberIsInt || parseDecimal(memberPtr, memberLen)) {
      const v = memberIsInt ? memberInt : parsedDecimal;
      if (intsetHas(bObj, v)) return false;
      if (intsetLen(bObj) < bCap) {
        if (intsetWidthOf(v) > intsetWidth(bObj)) buildMoved(intsetRoom(bObj, bCap, bCap, intsetWidthOf(v)));
        intsetAdd(bObj, v);
        return true;
      }
    }
    buildConvert();
  }
  memberAsText();
  return buildAddToTable(memberPtr, memberLen);
}

/** buildRemove: removes the member loaded above; false when it was not one. Returns nothing to the heap until buildEnd. */
function buildRemove(): bool {
  if (bEnc == ENC_INTSET) {
    if (!memberIsInt && !parseDecimal(memberPtr, memberLen)) return false;
    const v = memberIsInt ? memberInt : parsedDecimal;
    if (intsetWidthOf(v) > intsetWidth(bObj)) return false;
    const at = intsetSearch(bObj, v);
    if (at < 0) return false;
    intsetRemoveAt(bObj, <u32>at);
    return true;
  }
  memberAsText();
  const e = htRemove(bObj, memberPtr, memberLen);
  if (e == 0) return false;
  if (journaled(bLeaf)) journalElemRemoved(leafKey(bLeaf), leafKeyLen(bLeaf), e);
  else htEntryFree(e);
  return true;
}

/**
 * Heap bytes adding `adds` members whose entries take `entryBytes` to the
 * set of `leaf` (0: a new set) may allocate, saving an intset first.
 */
function setAddWorstBytes(leaf: usize, adds: u32, entryBytes: u64): u64 {
  if (leaf == 0) return buildWorstBytes(adds, entryBytes);
  const obj = leafObject(leaf);
  if (leafEncoding(leaf) == ENC_HASHTABLE) return htAddWorstBytes(obj, adds) + entryBytes;
  const len = intsetLen(obj);
  return dbSaveObjectBytes(leaf) + buildWorstBytes(<u64>len + adds, <u64>len * INT_ENTRY_BYTES + entryBytes);
}

// === Argument lists =========================================================

/** Heap bytes of hashtable entries for `count` arguments from `p`. */
function argsEntryBytes(p: usize, count: u32): u64 {
  let bytes: u64 = 0;
  for (let i: u32 = 0; i < count; i++) {
    bytes += htEntryBytes(ioEntryLen(p), 0, false);
    p = ioEntryNext(p);
  }
  return bytes;
}

/** The widest intset width the integer arguments need (2 when none is an integer). */
function argsWidth(p: usize, count: u32): u32 {
  let width: u32 = 2;
  for (let i: u32 = 0; i < count; i++) {
    if (parseDecimal(ioEntryBytes(p), ioEntryLen(p))) width = max(width, intsetWidthOf(parsedDecimal));
    p = ioEntryNext(p);
  }
  return width;
}

/** Effects bytes of the DELs lazy expiry may record for `count` keys from `p` (for reservations). */
function expiryEffectBytes(p: usize, count: u32): u64 {
  let bytes: u64 = 0;
  for (let i: u32 = 0; i < count; i++) {
    bytes += dbKeyEffectBytes(ioEntryLen(p));
    p = ioEntryNext(p);
  }
  return bytes;
}

/**
 * The sets named by `count` keys from `p`, as leaf addresses (0 for an
 * absent key) in the reply region: ST_OK, ST_WRONGTYPE when a key holds
 * another type, or ST_OOM.
 */
let sets: usize = 0;
function findSets(p: usize, count: u32): i32 {
  sets = ioReplyBuf(count << 2);
  if (sets == 0) return ST_OOM;
  for (let i: u32 = 0; i < count; i++) {
    const leaf = dbReadOf(ioEntryBytes(p), ioEntryLen(p), TYPE_SET);
    if (dbWrongType) return ST_WRONGTYPE;
    store<u32>(sets + (i << 2), <u32>leaf);
    p = ioEntryNext(p);
  }
  return ST_OK;
}

// @ts-ignore: decorator
@inline function setAt(i: u32): usize {
  return <usize>load<u32>(sets + (i << 2));
}

// The combining operations (SUNION, SINTER, SDIFF and their STOREs).
// @ts-ignore: decorator
@inline const OP_UNION: u32 = 0;
// @ts-ignore: decorator
@inline const OP_INTER: u32 = 1;
// @ts-ignore: decorator
@inline const OP_DIFF: u32 = 2;

/**
 * Upper bounds of the result of `op` over the sets at keys from `p`, for
 * reservations and the builder's size: its members, and their entry
 * bytes. A key that is absent (or not a set: the command will fail) counts
 * as empty.
 */
let boundMembers: u64 = 0;
let boundEntryBytes: u64 = 0;
function boundSets(op: u32, p: usize, count: u32): void {
  boundMembers = op == OP_INTER ? u64.MAX_VALUE : 0;
  boundEntryBytes = op == OP_INTER ? u64.MAX_VALUE : 0;
  for (let i: u32 = 0; i < count; i++) {
    const leaf = dbPeekOf(ioEntryBytes(p), ioEntryLen(p), TYPE_SET);
    p = ioEntryNext(p);
    const members: u64 = leaf == 0 ? 0 : objSize(leafEncoding(leaf), leafObject(leaf));
    const entryBytes: u64 = leaf == 0 ? 0 : objEntryBytes(leafEncoding(leaf), leafObject(leaf));
    if (op == OP_INTER) {
      boundMembers = min(boundMembers, members);
      boundEntryBytes = min(boundEntryBytes, entryBytes);
      continue;
    }
    boundMembers += members;
    boundEntryBytes += entryBytes;
    if (op == OP_DIFF) return;
  }
}

// === SADD SREM ==============================================================

/** SADD key member ...: how many were added. */
export function setAdd(args: usize, count: u32, n: i64, flags: u32): i32 {
  const key = ioEntryBytes(args);
  const keyLen = ioEntryLen(args);
  const members = ioEntryNext(args);
  const adds = count - 1;
  const current = dbPeekOf(key, keyLen, TYPE_SET);
  const heapBytes = setLeafBytes(keyLen) + setAddWorstBytes(current, adds, argsEntryBytes(members, adds));
  const journalBytes = dbChangeBytes(keyLen, adds + 3);
  if (!replyReserve(REPLY_INT_BYTES)) return ST_OOM;
  const effBytes = dbArgsEffectBytes('SADD', args, count) + dbKeyEffectBytes(keyLen);
  if (!dbReserve(heapBytes, 1, false, effBytes, journalBytes)) return ST_OOM;
  const leaf = dbFindOf(key, keyLen, TYPE_SET);
  if (dbWrongType) return ST_WRONGTYPE;
  if (leaf == 0) buildNew(adds);
  else buildEdit(leaf, adds, argsWidth(members, adds));
  let added: u32 = 0;
  let p = members;
  for (let i: u32 = 0; i < adds; i++) {
    loadBytes(ioEntryBytes(p), ioEntryLen(p));
    if (buildAdd()) added++;
    p = ioEntryNext(p);
  }
  buildEnd();
  if (leaf == 0) setKeyAdd(key, keyLen, bEnc, bObj);
  if (added != 0 && effOn) dbEffectArgs('SADD', args, count);
  replyInt(added);
  return ST_OK;
}

/** SREM key member ...: how many were removed; the key goes with the last member. */
export function setRem(args: usize, count: u32, n: i64, flags: u32): i32 {
  const key = ioEntryBytes(args);
  const keyLen = ioEntryLen(args);
  const current = dbPeekOf(key, keyLen, TYPE_SET);
  const saveBytes = current == 0 ? 0 : dbSaveObjectBytes(current);
  if (!replyReserve(REPLY_INT_BYTES)) return ST_OOM;
  const effBytes = dbArgsEffectBytes('SREM', args, count) + dbKeyEffectBytes(keyLen);
  if (!dbReserve(saveBytes, 0, false, effBytes, dbChangeBytes(keyLen, count + 2))) return ST_OOM;
  const leaf = dbFindOf(key, keyLen, TYPE_SET);
  if (dbWrongType) return ST_WRONGTYPE;
  let removed: u32 = 0;
  if (leaf != 0) {
    buildEdit(leaf, 0, 2);
    let p = ioEntryNext(args);
    for (let i: u32 = 1; i < count; i++) {
      if (objHasBytes(bEnc, bObj, ioEntryBytes(p), ioEntryLen(p)) && buildRemove()) removed++;
      p = ioEntryNext(p);
    }
    buildEnd();
    if (objSize(bEnc, bObj) == 0) dbDelete(leaf);
  }
  if (removed != 0 && effOn) dbEffectArgs('SREM', args, count);
  replyInt(removed);
  return ST_OK;
}

// === Reads ==================================================================

/** SISMEMBER key member: 1 or 0. */
export function setIsMember(args: usize, count: u32, n: i64, flags: u32): i32 {
  const leaf = dbReadOf(ioEntryBytes(args), ioEntryLen(args), TYPE_SET);
  if (dbWrongType) return ST_WRONGTYPE;
  const p = ioEntryNext(args);
  replyInt(leaf != 0 && objHasBytes(leafEncoding(leaf), leafObject(leaf), ioEntryBytes(p), ioEntryLen(p)) ? 1 : 0);
  return ST_OK;
}

/** SMISMEMBER key member ...: an array of 1 or 0 (all 0 for an absent key). */
export function setMIsMember(args: usize, count: u32, n: i64, flags: u32): i32 {
  const leaf = dbReadOf(ioEntryBytes(args), ioEntryLen(args), TYPE_SET);
  if (dbWrongType) return ST_WRONGTYPE;
  replyArray(count - 1);
  let p = ioEntryNext(args);
  for (let i: u32 = 1; i < count; i++) {
    replyInt(leaf != 0 && objHasBytes(leafEncoding(leaf), leafObject(leaf), ioEntryBytes(p), ioEntryLen(p)) ? 1 : 0);
    p = ioEntryNext(p);
  }
  return ST_OK;
}

/** SCARD key: the number of members. */
export function setCard(args: usize, count: u32, n: i64, flags: u32): i32 {
  const leaf = dbReadOf(ioEntryBytes(args), ioEntryLen(args), TYPE_SET);
  if (dbWrongType) return ST_WRONGTYPE;
  replyInt(leaf == 0 ? 0 : objSize(leafEncoding(leaf), leafObject(leaf)));
  return ST_OK;
}

/** SMEMBERS key: every member (an intset's ascending). */
export function setMembers(args: usize, count: u32, n: i64, flags: u32): i32 {
  const leaf = dbReadOf(ioEntryBytes(args), ioEntryLen(args), TYPE_SET);
  if (dbWrongType) return ST_WRONGTYPE;
  if (leaf == 0) replyArray(0);
  else objReplyAll(leafEncoding(leaf), leafObject(leaf), false);
  return ST_OK;
}

// === Random members =========================================================
//
// Picks are members chosen for SPOP or SRANDMEMBER, listed in the reply
// region as u64s: an intset member's value, a hashtable member's entry.

let picks: usize = 0;

// @ts-ignore: decorator
@inline function pickAt(i: u32): u64 {
  return load<u64>(picks + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline function pickPut(i: u32, v: u64): void {
  store<u64>(picks + (<usize>i << 3), v);
}

/** Loads pick `i` of a set of encoding `enc`. */
// @ts-ignore: decorator
@inline function loadPick(enc: u8, i: u32): void {
  if (enc == ENC_INTSET) loadInt(<i64>pickAt(i));
  else loadEntry(<usize>pickAt(i));
}

/** Makes room for `count` picks and `extra` bytes after them; false on OOM. */
function picksReserve(count: u32, extra: u32): bool {
  const bytes = (<u64>count << 3) + extra;
  picks = bytes > 0x40000000 ? 0 : ioReplyBuf(<u32>bytes);
  return picks != 0;
}

/** Picks one member drawn uniformly. */
function pickOne(enc: u8, obj: usize): bool {
  if (!picksReserve(1, 0)) return false;
  objLoadRandom(enc, obj);
  pickPut(0, memberIsInt ? <u64>memberInt : <u64>memberEntry);
  return true;
}

/** Picks every member, in the set's order. */
function pickAll(enc: u8, obj: usize): bool {
  if (!picksReserve(objSize(enc, obj), 0)) return false;
  let i: u32 = 0;
  for (let p = objNext(enc, obj, 0); p >= 0; p = objNext(enc, obj, p + 1)) {
    pickPut(i++, enc == ENC_INTSET ? <u64>intsetGet(obj, <u32>p) : <u64>htAt(obj, p));
  }
  return true;
}

/**
 * pickDistinct: picks `count` distinct members of a set larger than that,
 * uniformly (see the header for the two ways). False on OOM.
 */
function pickDistinct(enc: u8, obj: usize, count: u32): bool {
  const size = objSize(enc, obj);
  if (<u64>count * SRANDMEMBER_SUB_STRATEGY_MUL > <u64>size) {
    if (!pickAll(enc, obj)) return false;
    // A partial Fisher-Yates shuffle: picks[0..count) become a uniform sample.
    for (let j: u32 = 0; j < count; j++) {
      const k = j + <u32>randomBelow(size - j);
      const t = pickAt(j);
      pickPut(j, pickAt(k));
      pickPut(k, t);
    }
    return true;
  }
  return enc == ENC_INTSET ? pickIntsDrawing(obj, count, size) : pickEntriesDrawing(obj, count);
}

/** Draws intset positions until `count` distinct ones came; a bitmap of positions tells repeats. */
function pickIntsDrawing(is: usize, count: u32, size: u32): bool {
  const bitmapBytes = (size + 7) >>> 3;
  if (!picksReserve(count, bitmapBytes)) return false;
  const bitmap = picks + (<usize>count << 3);
  memory.fill(bitmap, 0, bitmapBytes);
  let got: u32 = 0;
  while (got < count) {
    const i = <u32>randomBelow(size);
    const byte = bitmap + (i >>> 3);
    const bit = <u8>1 << <u8>(i & 7);
    if ((load<u8>(byte) & bit) != 0) continue;
    store<u8>(byte, load<u8>(byte) | bit);
    pickPut(got++, <u64>intsetGet(is, i));
  }
  return true;
}

/** Draws hashtable entries until `count` distinct ones came; a table of the drawn entries' addresses tells repeats. */
function pickEntriesDrawing(table: usize, count: u32): bool {
  if (!picksReserve(count, 0)) return false;
  const drawn = htNew(count, 0);
  if (drawn == 0) return false;
  let got: u32 = 0;
  while (got < count) {
    const e = htRandom(table);
    store<u32>(memberText, <u32>e);
    if (htFind(drawn, memberText, 4) != 0) continue;
    const mark = htEntryNew(memberText, 4, 0, 0, false);
    if (mark == 0) break;
    htInsert(drawn, mark);
    pickPut(got++, <u64>e);
  }
  htFree(drawn);
  return got == count;
}

/**
 * SRANDMEMBER key [count]: without HasCount one member or null; with a
 * count, distinct members (count > 0) or |count| draws with repeats
 * (count < 0); [] for an absent key.
 */
export function setRandMember(args: usize, count: u32, n: i64, flags: u32): i32 {
  const leaf = dbReadOf(ioEntryBytes(args), ioEntryLen(args), TYPE_SET);
  if (dbWrongType) return ST_WRONGTYPE;
  const hasCount = (flags & CallFlags.HasCount) != 0;
  if (leaf == 0) {
    if (hasCount) replyArray(0);
    else replyNil();
    return ST_OK;
  }
  const enc = leafEncoding(leaf);
  const obj = leafObject(leaf);
  if (!hasCount) {
    objLoadRandom(enc, obj);
    replyMember(false);
    return ST_OK;
  }
  const wanted: u64 = n < 0 ? <u64>(0 - n) : <u64>n;
  if (wanted == 0) {
    replyArray(0);
    return ST_OK;
  }
  if (n < 0 || wanted == 1) {
    // As many items as asked, so the tape gets their room first: a count no
    // reply can hold is out of memory at once, not after as many draws.
    const itemBytes = enc == ENC_INTSET ? replyInlineBytes(DECIMAL_MAX_LEN) : <u64>REPLY_BULK_BYTES;
    if (wanted > <u64>u32.MAX_VALUE || !replyReserve(REPLY_INT_BYTES + wanted * itemBytes)) return ST_OOM;
    replyArray(<u32>wanted);
    for (let i: u64 = 0; i < wanted; i++) {
      objLoadRandom(enc, obj);
      replyMember(false);
    }
    return ST_OK;
  }
  if (wanted >= <u64>objSize(enc, obj)) {
    objReplyAll(enc, obj, false);
    return ST_OK;
  }
  if (!pickDistinct(enc, obj, <u32>wanted)) return ST_OOM;
  replyArray(<u32>wanted);
  for (let i: u32 = 0; i < <u32>wanted; i++) {
    loadPick(enc, i);
    replyMember(false);
  }
  return ST_OK;
}

/**
 * SPOP key [count]: removes and replies members drawn uniformly: without
 * HasCount one member or null; with a count (>= 0) up to that many
 * distinct members ([] for an absent key). Records one SREM of the members
 * popped; the key goes with the last member. When few remain (Redis's case
 * 3) the set is rebuilt from them, an intset again if they qualify.
 */
export function setPop(args: usize, count: u32, n: i64, flags: u32): i32 {
  const key = ioEntryBytes(args);
  const keyLen = ioEntryLen(args);
  const hasCount = (flags & CallFlags.HasCount) != 0;
  const leaf = dbFindOf(key, keyLen, TYPE_SET);
  if (dbWrongType) return ST_WRONGTYPE;
  if (leaf == 0 || (hasCount && n <= 0)) {
    if (hasCount) replyArray(0);
    else replyNil();
    return ST_OK;
  }
  const enc = leafEncoding(leaf);
  const obj = leafObject(leaf);
  const size = objSize(enc, obj);
  const wanted = hasCount ? <u32>min(<u64>n, <u64>size) : 1;
  const all = wanted == size;
  if (!(all ? pickAll(enc, obj) : wanted == 1 ? pickOne(enc, obj) : pickDistinct(enc, obj, wanted))) return ST_OOM;
  let replyBytes: u64 = REPLY_INT_BYTES;
  let payload: u64 = 4 + <u64>keyLen;
  for (let i: u32 = 0; i < wanted; i++) {
    loadPick(enc, i);
    replyBytes += memberReplyBytes();
    payload += memberTextLen();
  }
  const remaining = size - wanted;
  const rebuild = !all && <u64>remaining * SPOP_MOVE_STRATEGY_MUL <= <u64>wanted;
  const rebuildBytes = rebuild ? intsetBlockBytes(min(remaining, intsetLimit()), 8) : 0;
  const heapBytes = all ? 0 : dbSaveObjectBytes(leaf) + rebuildBytes;
  if (!replyReserve(replyBytes)) return ST_OOM;
  const effBytes = effCommandBytes(wanted + 2, payload);
  if (!dbReserve(heapBytes, 0, false, effBytes, dbChangeBytes(keyLen, wanted + 3))) return ST_OOM;
  if (effOn) {
    effBegin(wanted + 2, payload);
    effWord('SREM');
    effBulk(key, keyLen);
  }
  if (hasCount) replyArray(wanted);
  if (!all) buildEdit(leaf, 0, 2);
  for (let i: u32 = 0; i < wanted; i++) {
    loadPick(enc, i);
    replyMember(true);
    memberAsText();
    if (effOn) effBulk(memberPtr, memberLen);
    if (all) continue;
    const removed = buildRemove();
    assert(removed, 'SPOP: a pick was not a member');
  }
  if (all) {
    dbDelete(leaf);
    return ST_OK;
  }
  buildEnd();
  if (rebuild) setRebuild(leaf);
  return ST_OK;
}

/**
 * Rebuilds the set of `leaf` from its members as Redis's SPOP case 3 does
 * (setTypeCreate and setTypeAdd of each): an intset of the narrowest width
 * when every member is an integer and they fit one, else left as it is.
 * Precondition: reserved (an intset of the size at width 8).
 */
function setRebuild(leaf: usize): void {
  const enc = leafEncoding(leaf);
  const obj = leafObject(leaf);
  const size = objSize(enc, obj);
  if (size > intsetLimit()) return;
  let width: u32 = 2;
  for (let p = objNext(enc, obj, 0); p >= 0; p = objNext(enc, obj, p + 1)) {
    objLoad(enc, obj, p);
    if (!memberIsInt) {
      if (!parseDecimal(memberPtr, memberLen)) return;
      loadInt(parsedDecimal);
    }
    width = max(width, intsetWidthOf(memberInt));
  }
  const is = intsetNew(size, width, journalEpochNow());
  assert(is != 0, 'SPOP rebuild without reservation');
  for (let p = objNext(enc, obj, 0); p >= 0; p = objNext(enc, obj, p + 1)) {
    objLoad(enc, obj, p);
    if (!memberIsInt && parseDecimal(memberPtr, memberLen)) loadInt(parsedDecimal);
    intsetAdd(is, memberInt);
  }
  dbConvertObject(leaf, is, ENC_INTSET);
}

// === SMOVE ==================================================================

/** SMOVE source destination member: 1 if moved, 0 if not a member of source. */
export function setMove(args: usize, count: u32, n: i64, flags: u32): i32 {
  const src = ioEntryBytes(args);
  const srcLen = ioEntryLen(args);
  const dstArg = ioEntryNext(args);
  const dst = ioEntryBytes(dstArg);
  const dstLen = ioEntryLen(dstArg);
  const memberArg = ioEntryNext(dstArg);
  const peekSrc = dbPeekOf(src, srcLen, TYPE_SET);
  const heapBytes = (peekSrc == 0 ? 0 : dbSaveObjectBytes(peekSrc)) + setLeafBytes(dstLen) +
    setAddWorstBytes(dbPeekOf(dst, dstLen, TYPE_SET), 1, argsEntryBytes(memberArg, 1));
  const effBytes = dbArgsEffectBytes('SMOVE', args, 3) + expiryEffectBytes(args, 2);
  if (!replyReserve(REPLY_INT_BYTES)) return ST_OOM;
  if (!dbReserve(heapBytes, 1, false, effBytes, dbChangeBytes(max(srcLen, dstLen), 8))) return ST_OOM;
  const from = dbFindOf(src, srcLen, TYPE_SET);
  if (dbWrongType) return ST_WRONGTYPE;
  if (from == 0) {
    replyInt(0);
    return ST_OK;
  }
  const to = dbFindOf(dst, dstLen, TYPE_SET);
  if (dbWrongType) return ST_WRONGTYPE;
  const p = ioEntryBytes(memberArg);
  const len = ioEntryLen(memberArg);
  if (!objHasBytes(leafEncoding(from), leafObject(from), p, len)) {
    replyInt(0);
    return ST_OK;
  }
  if (from == to) {
    replyInt(1);
    return ST_OK;
  }
  buildEdit(from, 0, 2);
  loadBytes(p, len);
  buildRemove();
  buildEnd();
  if (objSize(bEnc, bObj) == 0) dbDelete(from);
  if (to == 0) buildNew(1);
  else buildEdit(to, 1, parseDecimal(p, len) ? intsetWidthOf(parsedDecimal) : 2);
  loadBytes(p, len);
  buildAdd();
  buildEnd();
  if (to == 0) setKeyAdd(dst, dstLen, bEnc, bObj);
  if (effOn) dbEffectArgs('SMOVE', args, 3);
  replyInt(1);
  return ST_OK;
}

// === SINTER SINTERCARD SINTERSTORE ==========================================
//
// The intersection walks the smallest set and probes the others, so it
// costs the smallest set's size times the number of sets; an absent key
// makes it empty at once.

/** The index of the smallest of the `count` sets found, or -1 when one is absent. */
function smallestSet(count: u32): i32 {
  let best: i32 = -1;
  let bestSize: u32 = u32.MAX_VALUE;
  for (let i: u32 = 0; i < count; i++) {
    const leaf = setAt(i);
    if (leaf == 0) return -1;
    const size = objSize(leafEncoding(leaf), leafObject(leaf));
    if (size < bestSize) {
      best = <i32>i;
      bestSize = size;
    }
  }
  return best;
}

/**
 * Whether the member at position `pos` of the walked set (`skip` of the
 * sets found) is in every other set; loads it. A hashtable member probes
 * the other tables with the hash its slot keeps (hashtable.ts htFindLike),
 * so its entry is read only for a match or an intset: the walk pays no
 * hashing, and no memory access for the members that match nothing.
 */
function inAllOthers(count: u32, skip: u32, enc: u8, obj: usize, pos: i64): bool {
  const e: usize = enc == ENC_INTSET ? 0 : htAt(obj, pos);
  const hash: u32 = enc == ENC_INTSET ? 0 : htHashAt(obj, pos);
  let loaded = e == 0;
  if (loaded) loadInt(intsetGet(obj, <u32>pos));
  for (let j: u32 = 0; j < count; j++) {
    if (j == skip) continue;
    const leaf = setAt(j);
    const other = leafEncoding(leaf);
    if (e != 0 && other == ENC_HASHTABLE) {
      if (htFindLike(leafObject(leaf), hash, e) == 0) return false;
      continue;
    }
    if (!loaded) {
      loadEntry(e);
      loaded = true;
    }
    if (!objHasMember(other, leafObject(leaf))) return false;
  }
  if (!loaded) loadEntry(e);
  return true;
}

// What interWalk does with each member of the intersection.
// @ts-ignore: decorator
@inline const INTER_REPLY: u32 = 0;
// @ts-ignore: decorator
@inline const INTER_COUNT: u32 = 1;
// @ts-ignore: decorator
@inline const INTER_BUILD: u32 = 2;

/**
 * interWalk: walks the smallest of the `count` sets found and, for each
 * member that is in all the others, replies it, counts it or adds it to
 * the builder (`mode`), stopping at `limit` (0 for none): Redis's
 * sinterGenericCommand. Returns how many it found.
 */
function interWalk(count: u32, mode: u32, limit: u64): u64 {
  const first = smallestSet(count);
  if (first < 0) return 0;
  const leaf = setAt(first);
  const enc = leafEncoding(leaf);
  const obj = leafObject(leaf);
  let found: u64 = 0;
  for (let p = objNext(enc, obj, 0); p >= 0; p = objNext(enc, obj, p + 1)) {
    if (!inAllOthers(count, first, enc, obj, p)) continue;
    if (mode == INTER_REPLY) replyMember(false);
    else if (mode == INTER_BUILD) buildAdd();
    found++;
    if (found == limit) break;
  }
  return found;
}

/** SINTER key ...: the members in every set. */
export function setInter(args: usize, count: u32, n: i64, flags: u32): i32 {
  const found = findSets(args, count);
  if (found != ST_OK) return found;
  const at = replyArray(0);
  replyPatchCount(at, <u32>interWalk(count, INTER_REPLY, 0));
  return ST_OK;
}

/** SINTERCARD key ... (n: LIMIT, 0 for none): the intersection's size, counting stopped at LIMIT. */
export function setInterCard(args: usize, count: u32, n: i64, flags: u32): i32 {
  const found = findSets(args, count);
  if (found != ST_OK) return found;
  replyInt(<i64>interWalk(count, INTER_COUNT, <u64>n));
  return ST_OK;
}

// === SUNION SDIFF ===========================================================
//
// Both build their result with the builder, as Redis builds its dstset, so
// a result of few integers is an intset and replies in ascending order as
// Redis's does. SDIFF picks between Redis's two algorithms by the same
// estimate: walk the first set probing the others (its size times the
// number of sets, halved for its better constants), or add the first set
// and remove every other set's members (the sum of the sizes).

/** Adds every member of the set `leaf` to the builder, or removes them when `remove`. */
function buildEach(leaf: usize, remove: bool): void {
  const enc = leafEncoding(leaf);
  const obj = leafObject(leaf);
  for (let p = objNext(enc, obj, 0); p >= 0; p = objNext(enc, obj, p + 1)) {
    objLoad(enc, obj, p);
    if (remove) buildRemove();
    else buildAdd();
  }
}

/** Builds the union of the `count` sets found. Precondition: buildNew done. */
function unionInto(count: u32): void {
  for (let i: u32 = 0; i < count; i++) if (setAt(i) != 0) buildEach(setAt(i), false);
}

/** Builds the members of the first set found in none of the others. Precondition: buildNew done. */
function diffInto(count: u32): void {
  const firstLeaf = setAt(0);
  if (firstLeaf == 0) return;
  const enc = leafEncoding(firstLeaf);
  const obj = leafObject(firstLeaf);
  const firstSize = <u64>objSize(enc, obj);
  let probeWork: u64 = 0;
  let removeWork: u64 = 0;
  for (let i: u32 = 0; i < count; i++) {
    const leaf = setAt(i);
    if (leaf == 0) continue;
    probeWork += firstSize;
    removeWork += objSize(leafEncoding(leaf), leafObject(leaf));
  }
  if (probeWork / 2 <= removeWork) {
    for (let p = objNext(enc, obj, 0); p >= 0; p = objNext(enc, obj, p + 1)) {
      objLoad(enc, obj, p);
      let elsewhere = false;
      for (let j: u32 = 1; j < count && !elsewhere; j++) {
        const leaf = setAt(j);
        if (leaf == firstLeaf) elsewhere = true;
        else if (leaf != 0) elsewhere = objHasMember(leafEncoding(leaf), leafObject(leaf));
      }
      if (!elsewhere) buildAdd();
    }
    return;
  }
  buildEach(firstLeaf, false);
  for (let i: u32 = 1; i < count && objSize(bEnc, bObj) != 0; i++) if (setAt(i) != 0) buildEach(setAt(i), true);
}

/** Builds the result of `op` over the `count` sets found. Precondition: reserved for buildWorstBytes. */
function buildResult(op: u32, count: u32): void {
  buildNew(boundMembers);
  if (op == OP_UNION) unionInto(count);
  else if (op == OP_INTER) interWalk(count, INTER_BUILD, 0);
  else diffInto(count);
  buildEnd();
}

/** SUNION / SDIFF without a destination: the result, built and then freed. */
function setCombine(op: u32, args: usize, count: u32): i32 {
  boundSets(op, args, count);
  const found = findSets(args, count);
  if (found != ST_OK) return found;
  if (!heapReserve(buildWorstBytes(boundMembers, boundEntryBytes))) return ST_OOM;
  buildResult(op, count);
  objReplyAll(bEnc, bObj, true);
  objRelease(bEnc, bObj);
  return ST_OK;
}

/** SUNION key ...: the members of any set. */
export function setUnion(args: usize, count: u32, n: i64, flags: u32): i32 {
  return setCombine(OP_UNION, args, count);
}

/** SDIFF key ...: the members of the first set in none of the others. */
export function setDiff(args: usize, count: u32, n: i64, flags: u32): i32 {
  return setCombine(OP_DIFF, args, count);
}

// === SUNIONSTORE SINTERSTORE SDIFFSTORE =====================================

/**
 * The *STORE commands: builds the result of `op` over the keys after the
 * destination and makes it the destination's value (no expiry), or
 * deletes the destination when the result is empty. WRONGTYPE only for
 * the source keys. Records the command when the dataset changed.
 */
function setStore(word: string, op: u32, args: usize, count: u32): i32 {
  const dst = ioEntryBytes(args);
  const dstLen = ioEntryLen(args);
  const sources = ioEntryNext(args);
  const sourceCount = count - 1;
  boundSets(op, sources, sourceCount);
  const heapBytes = setLeafBytes(dstLen) + buildWorstBytes(boundMembers, boundEntryBytes);
  const effBytes = dbArgsEffectBytes(word, args, count) + expiryEffectBytes(args, count);
  if (!replyReserve(REPLY_INT_BYTES)) return ST_OOM;
  if (!dbReserve(heapBytes, 1, false, effBytes, dbChangeBytes(dstLen, 2) + dbChangeBytes(0, sourceCount))) return ST_OOM;
  const found = findSets(sources, sourceCount);
  if (found != ST_OK) return found;
  buildResult(op, sourceCount);
  const size = objSize(bEnc, bObj);
  const slot = dbFind(dst, dstLen);
  if (slot != 0) dbDelete(artSlotLeaf(slot));
  if (size != 0) setKeyAdd(dst, dstLen, bEnc, bObj);
  else objRelease(bEnc, bObj);
  if (effOn && (slot != 0 || size != 0)) dbEffectArgs(word, args, count);
  replyInt(size);
  return ST_OK;
}

/** SUNIONSTORE destination key ...: the result's size. */
export function setUnionStore(args: usize, count: u32, n: i64, flags: u32): i32 {
  return setStore('SUNIONSTORE', OP_UNION, args, count);
}

/** SINTERSTORE destination key ...: the result's size. */
export function setInterStore(args: usize, count: u32, n: i64, flags: u32): i32 {
  return setStore('SINTERSTORE', OP_INTER, args, count);
}

/** SDIFFSTORE destination key ...: the result's size. */
export function setDiffStore(args: usize, count: u32, n: i64, flags: u32): i32 {
  return setStore('SDIFFSTORE', OP_DIFF, args, count);
}

// === SSCAN ==================================================================
//
// An intset is returned whole with cursor 0, as Redis returns any compact
// encoding. A hashtable is scanned with its cursor (hashtable.ts SCAN):
// buckets are visited until COUNT members were seen or COUNT * 10 buckets
// visited, and MATCH then filters what was seen, as Redis's
// scanGenericCommand does. The next cursor comes first in the reply but is
// known only after the steps, so they run twice (nothing changes between,
// as in hash.ts HSCAN): once to learn the cursor and how many steps, once
// to reply the members that match.

/** MATCH's pattern, or scanPatternLen -1 when every member passes (none, or a lone "*": glob.ts globFiltersNothing). */
let scanPattern: usize = 0;
let scanPatternLen: i32 = -1;
/** Members the steps saw, and replied. */
let scanSeen: u32 = 0;
let scanReplied: u32 = 0;

/** Replies the member loaded above when it passes MATCH. */
function scanReplyMember(): void {
  if (scanPatternLen >= 0) {
    memberAsText();
    if (!globMatch(scanPattern, <u32>scanPatternLen, memberPtr, memberLen)) return;
  }
  replyMember(false);
  scanReplied++;
}

function scanSee(e: usize): void {
  scanSeen++;
}

function scanReply(e: usize): void {
  loadEntry(e);
  scanReplyMember();
}

/**
 * SSCAN key [pattern] (n: the cursor; flags: COUNT << 8, HasMatch): the
 * next cursor as a decimal and the members of this step that match.
 */
export function setScan(args: usize, count: u32, n: i64, flags: u32): i32 {
  const leaf = dbReadOf(ioEntryBytes(args), ioEntryLen(args), TYPE_SET);
  if (dbWrongType) return ST_WRONGTYPE;
  scanPatternLen = -1;
  if ((flags & CallFlags.HasMatch) != 0) {
    const pat = ioEntryNext(args);
    scanPattern = ioEntryBytes(pat);
    scanPatternLen = globFiltersNothing(scanPattern, ioEntryLen(pat)) ? -1 : <i32>ioEntryLen(pat);
  }
  scanReplied = 0;
  replyArray(2);
  if (leaf == 0) {
    replyDecimal(0);
    replyArray(0);
    return ST_OK;
  }
  const enc = leafEncoding(leaf);
  const obj = leafObject(leaf);
  if (enc == ENC_INTSET) {
    replyDecimal(0);
    const at = replyArray(0);
    for (let i: u32 = 0; i < intsetLen(obj); i++) {
      loadInt(intsetGet(obj, i));
      scanReplyMember();
    }
    replyPatchCount(at, scanReplied);
    return ST_OK;
  }
  const wanted = <u64>(flags >>> CallFlags.CountShift);
  let budget = wanted * SCAN_ITERATIONS_PER_COUNT;
  let next = <u64>n;
  let steps: u64 = 0;
  scanSeen = 0;
  do {
    next = htScan(obj, next, scanSee);
    steps++;
  } while (next != 0 && budget-- != 0 && <u64>scanSeen < wanted);
  replyDecimal(<i64>next);
  const at = replyArray(0);
  let cursor = <u64>n;
  for (let i: u64 = 0; i < steps; i++) cursor = htScan(obj, cursor, scanReply);
  replyPatchCount(at, scanReplied);
  return ST_OK;
}

// === Rewrite ================================================================

/**
 * setRewrite: the set as commands for a log rewrite (snapshot.ts): SADD
 * key member ... of at most EFF_REWRITE_BATCH members each, in the set's
 * order. With `write` false it only measures: the effects bytes the
 * commands take, for effEnsure; with `write` true it records them (ensured).
 */
export function setRewrite(leaf: usize, write: bool): u64 {
  const key = leafKey(leaf);
  const keyLen = leafKeyLen(leaf);
  const enc = leafEncoding(leaf);
  const obj = leafObject(leaf);
  let total: u64 = 0;
  let p = objNext(enc, obj, 0);
  while (p >= 0) {
    // The batch's payload bound is measured first: its members' text.
    let members: u32 = 0;
    let payload: u64 = 4 + <u64>keyLen;
    let next = p;
    for (; next >= 0 && members < EFF_REWRITE_BATCH; next = objNext(enc, obj, next + 1)) {
      objLoad(enc, obj, next);
      payload += memberTextLen();
      members++;
    }
    total += effCommandBytes(2 + members, payload);
    if (write) {
      effBegin(2 + members, payload);
      effWord('SADD');
      effBulk(key, keyLen);
      for (; p != next; p = objNext(enc, obj, p + 1)) {
        objLoad(enc, obj, p);
        memberAsText();
        effBulk(memberPtr, memberLen);
      }
    }
    p = next;
  }
  return total;
}
