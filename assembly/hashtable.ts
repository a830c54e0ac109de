// hashtable: an open-addressing hash table over byte strings, the large
// encoding of hashes (field -> value) and sets (members), later zsets'
// member -> score.
//
// WHAT IT STORES
//
// A table is a header block that owns two slot arrays (one, except while a
// resize is under way) and the entries their slots point at. An entry is a
// heap block of its own, so its bytes never move while it is in the table
// (replies point at them, and the undo journal keeps removed entries whole):
//
//   header (HT_HEADER = 32 bytes)       off
//     epoch       transaction stamp     0    (object.ts: "EPOCHS")
//     used0       live entries in t0    4
//     used1       live entries in t1    8    (0 when not rehashing)
//     slots0      t0's slot array       12
//     mask0       t0's capacity - 1     16   (capacities are powers of two)
//     slots1      t1's slot array       20   (0 when not rehashing)
//     mask1       t1's capacity - 1     24
//     rehashIdx   next t0 slot to move  28   (only while rehashing)
//
//   slot (8 bytes)                      entry: heap block
//     hash   u32  the entry's hash      0   u32  field length | ENTRY_VALUED
//     entry  u32  0 empty, 1 tombstone, 4   u32  value length (valued entries only)
//                 else the entry        ..  field bytes, then value bytes
//
// A set member is an entry without a value: 4 bytes of header and its
// bytes. A hash field's entry adds the value's length and bytes. Keeping
// the full hash in the slot lets a probe skip a slot without touching its
// entry (one cache miss saved per collision) and lets a resize and SCAN
// place entries without hashing their bytes again.
//
// HASH FUNCTION: xxHash32 (Yann Collet) with a fixed seed: 32-bit
// multiplies and rotates only, which wasm runs natively, and full
// avalanche, so the low bits that pick a slot are as good as the high
// ones. The seed is fixed, so the layout is the same in every run (a
// snapshot instance reads a copied heap); the price is that someone who
// chooses fields to collide can slow one table down (Redis seeds SipHash
// per process against that).
//
// PROBING: linear, at most 3/4 full (HT_MAX_LOAD). Without a resize under
// way, removal is by backward shift (Knuth 6.4 algorithm R), so a table
// never holds tombstones: every entry at slot p with home h = hash & mask
// has all slots h..p (cyclically) full, and a lookup stops at the first
// empty slot.
//
// INCREMENTAL RESIZE, as Redis's dict.c
//
// Growing past 3/4 full (or shrinking below 1/8, outside transactions)
// allocates the new array t1 and leaves every entry in t0. From then on
// each write moves up to REHASH_STEP_SLOTS slots of t0 to t1, in index
// order from rehashIdx, so no command moves a large table; when rehashIdx
// reaches the end, t0 is freed and t1 becomes t0. Meanwhile:
//
// - Inserts go to t1 only; lookups try t0, then t1.
// - A slot moved out of t0, or an entry removed from it, becomes a
//   tombstone (1): t0 takes no inserts any more, so its clusters only have
//   to stay connected until it is freed, and a lookup walks through them.
//   t1 has no tombstones (backward shift as usual).
// - No second resize starts before the first ends. That is safe because t1
//   cannot fill first: a grow starts at 3/4 of capacity C with a t1 of 2C
//   (room for 3C/4 more entries before 3/4 full) and needs C/64 writes to
//   finish; a shrink starts below C/8 with a t1 of C/4 (room for C/16 more)
//   and also finishes in C/64 writes.
//
// OUT OF MEMORY: a new slot array is the only allocation a write can make
// besides the entry it adds. Callers reserve htAddWorstBytes for the
// entries they may add (the sum over every grow those adds can cause), so
// htInsert cannot fail. A shrink is optional: it uses heapAllocSpare and is
// skipped when there is no spare memory.
//
// TRANSACTIONS: while the undo journal holds entries (journalCount != 0) a
// table never shrinks, so a rollback can put back every entry it removed
// without allocating (htRelink): the table it goes back into is at least
// as large as the one it came out of. Rollback's removals (htUnlink) never
// shrink either, for the same reason.
//
// SCAN (htScan) is dict.c's dictScan: the cursor counts home buckets with
// its bits reversed, so buckets already visited stay visited when the
// table doubles or halves, and while two arrays exist every cursor visits
// the bucket of the smaller one and all the buckets of the larger one it
// expands to. Visiting a home bucket b means walking the cluster from b to
// the next empty slot and taking the entries whose home is b (an entry's
// home never changes while its array lives: backward shift moves entries
// towards their home, never before it). So every entry present for the
// whole scan is returned at least once, some maybe twice.

import { heapAlloc, heapAllocSpare, heapAllocZeroed, heapBlockSize, heapFree } from './heap';
import { journalCount } from './journal';
import { randomBelow } from './random';

// @ts-ignore: decorator
@inline const HT_HEADER: u32 = 32;
// @ts-ignore: decorator
@inline const OFF_EPOCH: u32 = 0;
// @ts-ignore: decorator
@inline const OFF_USED0: u32 = 4;
// @ts-ignore: decorator
@inline const OFF_USED1: u32 = 8;
// @ts-ignore: decorator
@inline const OFF_SLOTS0: u32 = 12;
// @ts-ignore: decorator
@inline const OFF_MASK0: u32 = 16;
// @ts-ignore: decorator
@inline const OFF_SLOTS1: u32 = 20;
// @ts-ignore: decorator
@inline const OFF_MASK1: u32 = 24;
// @ts-ignore: decorator
@inline const OFF_REHASH: u32 = 28;

/** The smallest slot array. */
// @ts-ignore: decorator
@inline const HT_MIN_CAP: u32 = 8;
/** The largest slot array: 2^28 slots (2 GiB of slots, the heap's largest block). */
// @ts-ignore: decorator
@inline const HT_MAX_CAP: u32 = 0x10000000;
/** Slots of t0 each write moves while a resize is under way. */
// @ts-ignore: decorator
@inline const REHASH_STEP_SLOTS: u32 = 64;
// @ts-ignore: decorator
@inline const TOMBSTONE: u32 = 1;
/** Set in an entry's first word when it has a value. */
// @ts-ignore: decorator
@inline const ENTRY_VALUED: u32 = 0x80000000;
/** Misses htRandom allows itself before it picks by rank instead. */
// @ts-ignore: decorator
@inline const RANDOM_TRIES: u32 = 64;

// === Hashing ================================================================

// @ts-ignore: decorator
@inline const P1: u32 = 2654435761;
// @ts-ignore: decorator
@inline const P2: u32 = 2246822519;
// @ts-ignore: decorator
@inline const P3: u32 = 3266489917;
// @ts-ignore: decorator
@inline const P4: u32 = 668265263;
// @ts-ignore: decorator
@inline const P5: u32 = 374761393;
// @ts-ignore: decorator
@inline const SEED: u32 = 0x9747b28c;

/** htHash: xxHash32 of p[0..len) with the table seed. */
export function htHash(p: usize, len: u32): u32 {
  let i: u32 = 0;
  let h: u32;
  if (len >= 16) {
    let v1: u32 = SEED + P1 + P2;
    let v2: u32 = SEED + P2;
    let v3: u32 = SEED;
    let v4: u32 = SEED - P1;
    while (i + 16 <= len) {
      v1 = rotl<u32>(v1 + load<u32>(p + i) * P2, 13) * P1;
      v2 = rotl<u32>(v2 + load<u32>(p + i, 4) * P2, 13) * P1;
      v3 = rotl<u32>(v3 + load<u32>(p + i, 8) * P2, 13) * P1;
      v4 = rotl<u32>(v4 + load<u32>(p + i, 12) * P2, 13) * P1;
      i += 16;
    }
    h = rotl<u32>(v1, 1) + rotl<u32>(v2, 7) + rotl<u32>(v3, 12) + rotl<u32>(v4, 18);
  } else {
    h = SEED + P5;
  }
  h += len;
  while (i + 4 <= len) {
    h = rotl<u32>(h + load<u32>(p + i) * P3, 17) * P4;
    i += 4;
  }
  while (i < len) {
    h = rotl<u32>(h + <u32>load<u8>(p + i) * P5, 11) * P1;
    i++;
  }
  h ^= h >>> 15;
  h *= P2;
  h ^= h >>> 13;
  h *= P3;
  h ^= h >>> 16;
  return h;
}

// === Entries ================================================================

/** Bytes of an entry's header. */
// @ts-ignore: decorator
@inline function entryHeader(valued: bool): u32 {
  return valued ? 8 : 4;
}

/** Heap bytes an entry with these lengths takes (for reservations). */
// @ts-ignore: decorator
@inline export function htEntryBytes(fieldLen: u32, valueLen: u32, valued: bool): u64 {
  return <u64>heapBlockSize(<u32>min(<u64>entryHeader(valued) + fieldLen + valueLen, 0xfffffffc));
}

// @ts-ignore: decorator
@inline export function htEntryValued(e: usize): bool {
  return (load<u32>(e) & ENTRY_VALUED) != 0;
}

// @ts-ignore: decorator
@inline export function htEntryFieldLen(e: usize): u32 {
  return load<u32>(e) & ~ENTRY_VALUED;
}

// @ts-ignore: decorator
@inline export function htEntryField(e: usize): usize {
  return e + entryHeader(htEntryValued(e));
}

/** The value's length; 0 for an entry without a value. */
// @ts-ignore: decorator
@inline export function htEntryValueLen(e: usize): u32 {
  return htEntryValued(e) ? load<u32>(e, 4) : 0;
}

// @ts-ignore: decorator
@inline export function htEntryValue(e: usize): usize {
  return e + 8 + htEntryFieldLen(e);
}

/** The size heapFree needs for this entry. */
// @ts-ignore: decorator
@inline function entrySize(e: usize): u32 {
  const valued = htEntryValued(e);
  return entryHeader(valued) + htEntryFieldLen(e) + (valued ? load<u32>(e, 4) : 0);
}

/**
 * htEntryNew: an entry holding field[0..fieldLen) and, when `valued`,
 * value[0..valueLen); 0 on OOM.
 */
export function htEntryNew(field: usize, fieldLen: u32, value: usize, valueLen: u32, valued: bool): usize {
  const size = <u64>entryHeader(valued) + fieldLen + valueLen;
  if (size > 0x80000000) return 0;
  const e = heapAlloc(<u32>size);
  if (e == 0) return 0;
  store<u32>(e, fieldLen | (valued ? ENTRY_VALUED : 0));
  if (valued) store<u32>(e, valueLen, 4);
  const at = e + entryHeader(valued);
  memory.copy(at, field, fieldLen);
  if (valued) memory.copy(at + fieldLen, value, valueLen);
  return e;
}

/** htEntryFree: returns an entry (in no table) to the heap. */
export function htEntryFree(e: usize): void {
  heapFree(e, entrySize(e));
}

/** Whether entry `e`'s field is field[0..fieldLen). */
// @ts-ignore: decorator
@inline function entryIs(e: usize, field: usize, fieldLen: u32): bool {
  return htEntryFieldLen(e) == fieldLen && memory.compare(htEntryField(e), field, fieldLen) == 0;
}

/** The entry's hash, computed again from its field (rollback looks entries up by it). */
// @ts-ignore: decorator
@inline function entryHash(e: usize): u32 {
  return htHash(htEntryField(e), htEntryFieldLen(e));
}

// === Header and slot arrays =================================================

// @ts-ignore: decorator
@inline function slotAt(slots: usize, i: u32): usize {
  return slots + (<usize>i << 3);
}

// @ts-ignore: decorator
@inline function slotEntry(s: usize): u32 {
  return load<u32>(s, 4);
}

// @ts-ignore: decorator
@inline function isLive(e: u32): bool {
  return e > TOMBSTONE;
}

// @ts-ignore: decorator
@inline function rehashing(t: usize): bool {
  return load<u32>(t, OFF_SLOTS1) != 0;
}

/** Entries a slot array of `cap` slots may hold. */
// @ts-ignore: decorator
@inline function loadLimit(cap: u64): u64 {
  return (cap >> 1) + (cap >> 2);
}

/** The smallest capacity (a power of two, >= HT_MIN_CAP) that holds `count` entries. */
function capFor(count: u64): u64 {
  let cap = <u64>HT_MIN_CAP;
  while (loadLimit(cap) < count) cap <<= 1;
  return cap;
}

// @ts-ignore: decorator
@inline function slotsBytes(cap: u64): u64 {
  return cap << 3;
}

/**
 * A zeroed slot array of `cap` slots, or 0 (spare: from memory the command
 * does not need). A grown array comes from heapAllocZeroed, which leaves
 * fresh pages untouched: the rehash steps touch them a few at a time, so
 * the write that starts a grow does not pay for faulting in the whole
 * array (60 ms for 16 MiB here).
 */
function slotsNew(cap: u32, spare: bool): usize {
  const bytes = <u32>slotsBytes(cap);
  if (!spare) return heapAllocZeroed(bytes);
  const slots = heapAllocSpare(bytes);
  if (slots != 0) memory.fill(slots, 0, bytes);
  return slots;
}

/** htCount: the entries in the table. */
// @ts-ignore: decorator
@inline export function htCount(t: usize): u32 {
  return load<u32>(t, OFF_USED0) + load<u32>(t, OFF_USED1);
}

/** The table's epoch (object.ts). */
// @ts-ignore: decorator
@inline export function htEpoch(t: usize): u32 {
  return load<u32>(t, OFF_EPOCH);
}

// @ts-ignore: decorator
@inline export function htSetEpoch(t: usize, epoch: u32): void {
  store<u32>(t, epoch, OFF_EPOCH);
}

/** Heap bytes htNew(count) takes. */
export function htNewBytes(count: u32): u64 {
  return <u64>HT_HEADER + slotsBytes(capFor(count));
}

/** htNew: an empty table with room for `count` entries before it grows; 0 on OOM. */
export function htNew(count: u32, epoch: u32): usize {
  const cap = capFor(count);
  if (cap > <u64>HT_MAX_CAP) return 0;
  const t = heapAlloc(HT_HEADER);
  if (t == 0) return 0;
  const slots = slotsNew(<u32>cap, false);
  if (slots == 0) {
    heapFree(t, HT_HEADER);
    return 0;
  }
  memory.fill(t, 0, HT_HEADER);
  store<u32>(t, epoch, OFF_EPOCH);
  store<u32>(t, <u32>slots, OFF_SLOTS0);
  store<u32>(t, <u32>cap - 1, OFF_MASK0);
  return t;
}

/** htFree: frees the table, its arrays and every entry in it. */
export function htFree(t: usize): void {
  freeArray(t, OFF_SLOTS0, OFF_MASK0, true);
  if (rehashing(t)) freeArray(t, OFF_SLOTS1, OFF_MASK1, true);
  heapFree(t, HT_HEADER);
}

/** Frees the array at header offset `slotsOff`, and its live entries when `entries`. */
function freeArray(t: usize, slotsOff: u32, maskOff: u32, entries: bool): void {
  const slots = <usize>load<u32>(t + slotsOff);
  const cap = load<u32>(t + maskOff) + 1;
  if (entries) {
    for (let i: u32 = 0; i < cap; i++) {
      const e = slotEntry(slotAt(slots, i));
      if (isLive(e)) htEntryFree(<usize>e);
    }
  }
  heapFree(slots, <u32>slotsBytes(cap));
}

/** htMemoryUsage: heap bytes of the header, the arrays and the entries. */
export function htMemoryUsage(t: usize): u64 {
  let bytes = <u64>HT_HEADER + arrayUsage(t, OFF_SLOTS0, OFF_MASK0);
  if (rehashing(t)) bytes += arrayUsage(t, OFF_SLOTS1, OFF_MASK1);
  return bytes;
}

function arrayUsage(t: usize, slotsOff: u32, maskOff: u32): u64 {
  const slots = <usize>load<u32>(t + slotsOff);
  const cap = load<u32>(t + maskOff) + 1;
  let bytes = slotsBytes(cap);
  for (let i: u32 = 0; i < cap; i++) {
    const e = slotEntry(slotAt(slots, i));
    if (isLive(e)) bytes += heapBlockSize(entrySize(<usize>e));
  }
  return bytes;
}

// === Probing ================================================================
//
// WALKS IN t0 WHILE A RESIZE RUNS: htRehashStep empties t0 in index order
// and leaves a tombstone in every slot it passes, empty ones included, so
// slots [0, rehashIdx) are one run of tombstones and t0's empty slots all
// lie after it. A walk that would enter the run goes on at rehashIdx: an
// entry whose cluster reached into the run was moved to t1 if it sat
// there, and otherwise sits after it, the slots between still full. So a
// lookup costs its cluster, not the part already moved (without the skip
// every lookup homed in the run walked all of it: SINTER of two fresh
// 100k-member sets took seconds). And a walk gives up after the slots
// left, since t0 may have no empty slot left to stop it.

/** The leading slots of the array at header offset `slotsOff` a walk skips: t0's moved part while a resize runs. */
// @ts-ignore: decorator
@inline function movedOf(t: usize, slotsOff: u32): u32 {
  return slotsOff == OFF_SLOTS0 && rehashing(t) ? load<u32>(t, OFF_REHASH) : 0;
}

/** Where a walk from home slot `home` starts. */
// @ts-ignore: decorator
@inline function walkStart(home: u32, moved: u32): u32 {
  return home < moved ? moved : home;
}

/** The slot a walk visits after `i`. */
// @ts-ignore: decorator
@inline function walkNext(i: u32, mask: u32, moved: u32): u32 {
  const next = (i + 1) & mask;
  return next < moved ? moved : next;
}

/**
 * The slot holding `field` in one array, or 0. Walks through tombstones.
 * With `like` (an entry of another table) the field is that entry's, read
 * only when a slot's hash matches (htFindLike).
 */
function arrayFind(slots: usize, mask: u32, moved: u32, hash: u32, field: usize, fieldLen: u32, like: usize): usize {
  for (let i = walkStart(hash & mask, moved), left = mask + 1 - moved; left != 0; i = walkNext(i, mask, moved), left--) {
    const s = slotAt(slots, i);
    const e = slotEntry(s);
    if (e == 0) return 0;
    if (!isLive(e) || load<u32>(s) != hash) continue;
    if (like != 0 ? entryIs(<usize>e, htEntryField(like), htEntryFieldLen(like)) : entryIs(<usize>e, field, fieldLen)) return s;
  }
  return 0;
}

/** The slot holding entry `e` itself in one array, or 0. */
function arrayFindEntry(slots: usize, mask: u32, moved: u32, hash: u32, e: usize): usize {
  for (let i = walkStart(hash & mask, moved), left = mask + 1 - moved; left != 0; i = walkNext(i, mask, moved), left--) {
    const s = slotAt(slots, i);
    const at = slotEntry(s);
    if (at == 0) return 0;
    if (at == <u32>e) return s;
  }
  return 0;
}

/** Puts (hash, e) in the first free slot of an array without tombstones. */
function arrayPut(slots: usize, mask: u32, hash: u32, e: usize): void {
  let i = hash & mask;
  while (slotEntry(slotAt(slots, i)) != 0) i = (i + 1) & mask;
  const s = slotAt(slots, i);
  store<u32>(s, hash);
  store<u32>(s, <u32>e, 4);
}

/**
 * Empties slot `s` of an array without tombstones by backward shift: each
 * later entry of the cluster that may sit in the hole (its home is not
 * between the hole and itself) moves into it, and the hole moves on.
 */
function arrayDelete(slots: usize, mask: u32, s: usize): void {
  let hole = <u32>((s - slots) >> 3);
  let j = (hole + 1) & mask;
  while (true) {
    const sj = slotAt(slots, j);
    if (slotEntry(sj) == 0) break;
    const home = load<u32>(sj) & mask;
    if (((j - home) & mask) >= ((j - hole) & mask)) {
      store<u64>(slotAt(slots, hole), load<u64>(sj));
      hole = j;
    }
    j = (j + 1) & mask;
  }
  store<u64>(slotAt(slots, hole), 0);
}

/** The slot holding `field`, or the field of entry `like` when not 0 (either array), or 0. */
function findSlot(t: usize, hash: u32, field: usize, fieldLen: u32, like: usize = 0): usize {
  const s = arrayFind(<usize>load<u32>(t, OFF_SLOTS0), load<u32>(t, OFF_MASK0), movedOf(t, OFF_SLOTS0), hash, field, fieldLen, like);
  if (s != 0 || !rehashing(t)) return s;
  return arrayFind(<usize>load<u32>(t, OFF_SLOTS1), load<u32>(t, OFF_MASK1), 0, hash, field, fieldLen, like);
}

/** Whether slot `s` is in t0. */
// @ts-ignore: decorator
@inline function inT0(t: usize, s: usize): bool {
  const slots = <usize>load<u32>(t, OFF_SLOTS0);
  return s >= slots && s < slots + slotsBytes(load<u32>(t, OFF_MASK0) + 1);
}

/** Empties slot `s`: a tombstone in t0 while rehashing, else a backward shift. Counts it. */
function removeSlot(t: usize, s: usize): void {
  if (inT0(t, s)) {
    store<u32>(t, load<u32>(t, OFF_USED0) - 1, OFF_USED0);
    if (rehashing(t)) store<u32>(s, TOMBSTONE, 4);
    else arrayDelete(<usize>load<u32>(t, OFF_SLOTS0), load<u32>(t, OFF_MASK0), s);
  } else {
    store<u32>(t, load<u32>(t, OFF_USED1) - 1, OFF_USED1);
    arrayDelete(<usize>load<u32>(t, OFF_SLOTS1), load<u32>(t, OFF_MASK1), s);
  }
}

/** Adds (hash, e) to the array inserts go to (t1 while rehashing). */
function put(t: usize, hash: u32, e: usize): void {
  if (rehashing(t)) {
    arrayPut(<usize>load<u32>(t, OFF_SLOTS1), load<u32>(t, OFF_MASK1), hash, e);
    store<u32>(t, load<u32>(t, OFF_USED1) + 1, OFF_USED1);
  } else {
    arrayPut(<usize>load<u32>(t, OFF_SLOTS0), load<u32>(t, OFF_MASK0), hash, e);
    store<u32>(t, load<u32>(t, OFF_USED0) + 1, OFF_USED0);
  }
}

// === Resizing ===============================================================

/** Starts a resize to an array of `cap` slots (allocated by the caller). */
function resizeStart(t: usize, slots: usize, cap: u32): void {
  store<u32>(t, <u32>slots, OFF_SLOTS1);
  store<u32>(t, cap - 1, OFF_MASK1);
  store<u32>(t, 0, OFF_USED1);
  store<u32>(t, 0, OFF_REHASH);
}

/**
 * htRehashStep: moves up to REHASH_STEP_SLOTS slots of t0 to t1 while a
 * resize is under way, and ends it (t0 freed, t1 becomes t0) when t0 is
 * done. Never allocates. Every write calls it (see the header for why this
 * much per write is enough), and hash.ts's reads too, so a table that is
 * only read still finishes its resize.
 */
export function htRehashStep(t: usize): void {
  if (!rehashing(t)) return;
  const slots0 = <usize>load<u32>(t, OFF_SLOTS0);
  const cap0 = load<u32>(t, OFF_MASK0) + 1;
  const slots1 = <usize>load<u32>(t, OFF_SLOTS1);
  const mask1 = load<u32>(t, OFF_MASK1);
  let i = load<u32>(t, OFF_REHASH);
  const end = min(cap0, i + REHASH_STEP_SLOTS);
  let moved: u32 = 0;
  for (; i < end; i++) {
    const s = slotAt(slots0, i);
    const e = slotEntry(s);
    if (isLive(e)) {
      arrayPut(slots1, mask1, load<u32>(s), <usize>e);
      moved++;
    }
    store<u32>(s, TOMBSTONE, 4);
  }
  store<u32>(t, load<u32>(t, OFF_USED0) - moved, OFF_USED0);
  store<u32>(t, load<u32>(t, OFF_USED1) + moved, OFF_USED1);
  store<u32>(t, i, OFF_REHASH);
  if (i < cap0) return;
  assert(load<u32>(t, OFF_USED0) == 0, 'rehash left entries behind');
  heapFree(slots0, <u32>slotsBytes(cap0));
  store<u32>(t, <u32>slots1, OFF_SLOTS0);
  store<u32>(t, mask1, OFF_MASK0);
  store<u32>(t, load<u32>(t, OFF_USED1), OFF_USED0);
  store<u32>(t, 0, OFF_USED1);
  store<u32>(t, 0, OFF_SLOTS1);
  store<u32>(t, 0, OFF_MASK1);
  store<u32>(t, 0, OFF_REHASH);
}

/** The capacity inserts go to. */
// @ts-ignore: decorator
@inline function targetCap(t: usize): u64 {
  return <u64>load<u32>(t + (rehashing(t) ? OFF_MASK1 : OFF_MASK0)) + 1;
}

/**
 * htAddWorstBytes: heap bytes adding `adds` entries may allocate for slot
 * arrays: every array the table may grow through on the way (each grow
 * doubles, so at most twice the last). Entries are the caller's to count.
 */
export function htAddWorstBytes(t: usize, adds: u32): u64 {
  const want = <u64>htCount(t) + adds;
  let cap = targetCap(t);
  let bytes: u64 = 0;
  while (loadLimit(cap) < want) {
    cap <<= 1;
    bytes += slotsBytes(cap);
  }
  return bytes;
}

/** Starts a grow when one more entry would pass the load limit. Precondition: reserved. */
function growIfFull(t: usize): void {
  if (rehashing(t)) {
    assert(<u64>htCount(t) + 1 <= loadLimit(targetCap(t)), 'a resize target filled before its rehash ended');
    return;
  }
  const cap = <u64>load<u32>(t, OFF_MASK0) + 1;
  if (<u64>load<u32>(t, OFF_USED0) + 1 <= loadLimit(cap)) return;
  const slots = slotsNew(<u32>(cap << 1), false);
  assert(slots != 0, 'hashtable grow without reservation');
  resizeStart(t, slots, <u32>(cap << 1));
}

/** Starts a shrink (to a quarter) when t0 is below 1/8 full, no journal is open and spare memory allows. */
function shrinkIfSparse(t: usize): void {
  if (journalCount != 0 || rehashing(t)) return;
  const cap = load<u32>(t, OFF_MASK0) + 1;
  if (cap <= HT_MIN_CAP || load<u32>(t, OFF_USED0) >= (cap >> 3)) return;
  const next = max(cap >> 2, HT_MIN_CAP);
  const slots = slotsNew(next, true);
  if (slots != 0) resizeStart(t, slots, next);
}

// === Lookup, insert, remove =================================================

/**
 * htFindLike: the entry whose field is that of `like`, an entry of another
 * table whose hash (htHashAt there) is `hash`, or 0. Every table hashes
 * alike, so a walk of one table probes another without hashing again, and
 * reads `like` only when a slot's hash matches: a set intersection touches
 * none of the walked members that find no match.
 */
export function htFindLike(t: usize, hash: u32, like: usize): usize {
  const s = findSlot(t, hash, 0, 0, like);
  return s == 0 ? 0 : <usize>slotEntry(s);
}

/** htFind: the entry for field[0..fieldLen), or 0. */
export function htFind(t: usize, field: usize, fieldLen: u32): usize {
  const s = findSlot(t, htHash(field, fieldLen), field, fieldLen);
  return s == 0 ? 0 : <usize>slotEntry(s);
}

/**
 * htInsert: adds entry `e`, whose field must be absent. May start a grow
 * (precondition: htAddWorstBytes reserved) and takes a rehash step.
 */
export function htInsert(t: usize, e: usize): void {
  htRehashStep(t);
  growIfFull(t);
  put(t, entryHash(e), e);
}

/**
 * htRemove: unlinks the entry for field[0..fieldLen) and returns it (the
 * caller frees it or hands it to the journal), or 0 when absent. Takes a
 * rehash step; may start a shrink.
 */
export function htRemove(t: usize, field: usize, fieldLen: u32): usize {
  htRehashStep(t);
  const s = findSlot(t, htHash(field, fieldLen), field, fieldLen);
  if (s == 0) return 0;
  const e = <usize>slotEntry(s);
  removeSlot(t, s);
  shrinkIfSparse(t);
  return e;
}

/** The slot holding entry `e` itself (either array); the entry must be in the table. */
function slotOfEntry(t: usize, e: usize): usize {
  const hash = entryHash(e);
  let s = arrayFindEntry(<usize>load<u32>(t, OFF_SLOTS0), load<u32>(t, OFF_MASK0), movedOf(t, OFF_SLOTS0), hash, e);
  if (s == 0 && rehashing(t)) s = arrayFindEntry(<usize>load<u32>(t, OFF_SLOTS1), load<u32>(t, OFF_MASK1), 0, hash, e);
  assert(s != 0, 'hashtable entry not in its table');
  return s;
}

/** htReplace: puts entry `next` (same field) where `old` is; the caller disposes of `old`. */
export function htReplace(t: usize, old: usize, next: usize): void {
  store<u32>(slotOfEntry(t, old), <u32>next, 4);
}

/** htUnlink: takes entry `e` out of the table, never resizing (rollback of an add). */
export function htUnlink(t: usize, e: usize): void {
  removeSlot(t, slotOfEntry(t, e));
}

/**
 * htRelink: puts back entry `e` (its field absent), never resizing
 * (rollback of a removal; the header says why there is room).
 */
export function htRelink(t: usize, e: usize): void {
  assert(<u64>htCount(t) + 1 <= loadLimit(targetCap(t)), 'hashtable relink without room');
  put(t, entryHash(e), e);
}

// === Iteration ==============================================================

/**
 * htNext: the position of the first live slot at or after `pos` (t0's
 * slots, then t1's), or -1. Walks every entry once while the table does
 * not change: `for (p = htNext(t, 0); p >= 0; p = htNext(t, p + 1))`.
 */
export function htNext(t: usize, pos: i64): i64 {
  const cap0 = <i64>load<u32>(t, OFF_MASK0) + 1;
  if (pos < cap0) {
    const slots0 = <usize>load<u32>(t, OFF_SLOTS0);
    for (let i = pos; i < cap0; i++) if (isLive(slotEntry(slotAt(slots0, <u32>i)))) return i;
    pos = cap0;
  }
  if (!rehashing(t)) return -1;
  const cap1 = <i64>load<u32>(t, OFF_MASK1) + 1;
  const slots1 = <usize>load<u32>(t, OFF_SLOTS1);
  for (let i = pos - cap0; i < cap1; i++) if (isLive(slotEntry(slotAt(slots1, <u32>i)))) return cap0 + i;
  return -1;
}

/** The slot at a position htNext returned. */
function slotAtPos(t: usize, pos: i64): usize {
  const cap0 = <i64>load<u32>(t, OFF_MASK0) + 1;
  if (pos < cap0) return slotAt(<usize>load<u32>(t, OFF_SLOTS0), <u32>pos);
  return slotAt(<usize>load<u32>(t, OFF_SLOTS1), <u32>(pos - cap0));
}

/** htAt: the entry at a position htNext returned. */
export function htAt(t: usize, pos: i64): usize {
  return <usize>slotEntry(slotAtPos(t, pos));
}

/** htHashAt: the hash of the entry at a position htNext returned, as its slot keeps it (for htFindLike). */
export function htHashAt(t: usize, pos: i64): u32 {
  return load<u32>(slotAtPos(t, pos));
}

/**
 * htRandom: an entry drawn uniformly (random.ts), or 0 for an empty table.
 * Draws random slots until one is live: each entry holds exactly one slot,
 * so a hit is uniform. A table left sparse (no shrink inside a
 * transaction) could take long, so after RANDOM_TRIES misses it picks a
 * uniform rank and walks to it.
 */
export function htRandom(t: usize): usize {
  const count = htCount(t);
  if (count == 0) return 0;
  const cap0 = <u64>load<u32>(t, OFF_MASK0) + 1;
  const first = rehashing(t) ? <u64>load<u32>(t, OFF_REHASH) : 0;
  const cap1 = rehashing(t) ? <u64>load<u32>(t, OFF_MASK1) + 1 : 0;
  const span = cap0 - first + cap1;
  for (let i: u32 = 0; i < RANDOM_TRIES; i++) {
    const pos = <i64>(first + randomBelow(span));
    const e = slotEntry(slotAt(<usize>load<u32>(t + (pos < <i64>cap0 ? OFF_SLOTS0 : OFF_SLOTS1)), <u32>(pos < <i64>cap0 ? pos : pos - cap0)));
    if (isLive(e)) return <usize>e;
  }
  let rank = randomBelow(count);
  for (let p = htNext(t, 0); p >= 0; p = htNext(t, p + 1)) {
    if (rank == 0) return htAt(t, p);
    rank--;
  }
  assert(false, 'htRandom: count out of sync');
  return 0;
}

// === SCAN ===================================================================

/** What htScan calls for each entry it returns. */
export type HtVisitor = (e: usize) => void;

/** Reverses the bits of a 64-bit word. */
function rev64(v: u64): u64 {
  v = ((v >> 1) & 0x5555555555555555) | ((v & 0x5555555555555555) << 1);
  v = ((v >> 2) & 0x3333333333333333) | ((v & 0x3333333333333333) << 2);
  v = ((v >> 4) & 0x0f0f0f0f0f0f0f0f) | ((v & 0x0f0f0f0f0f0f0f0f) << 4);
  v = ((v >> 8) & 0x00ff00ff00ff00ff) | ((v & 0x00ff00ff00ff00ff) << 8);
  v = ((v >> 16) & 0x0000ffff0000ffff) | ((v & 0x0000ffff0000ffff) << 16);
  return (v >> 32) | (v << 32);
}

/** Visits the entries whose home is bucket `b` of one array: its cluster from b to the first empty slot. */
function visitBucket(slots: usize, mask: u32, moved: u32, b: u32, visit: HtVisitor): void {
  for (let i = walkStart(b, moved), left = mask + 1 - moved; left != 0; i = walkNext(i, mask, moved), left--) {
    const s = slotAt(slots, i);
    const e = slotEntry(s);
    if (e == 0) return;
    if (isLive(e) && (load<u32>(s) & mask) == b) visit(<usize>e);
  }
}

/**
 * htScan: one step of SCAN from `cursor`: visits the entries of one home
 * bucket (of each array, see the header) and returns the next cursor, 0
 * when the scan is complete. Changes nothing.
 */
export function htScan(t: usize, cursor: u64, visit: HtVisitor): u64 {
  let v = cursor;
  if (!rehashing(t)) {
    const m0 = load<u32>(t, OFF_MASK0);
    visitBucket(<usize>load<u32>(t, OFF_SLOTS0), m0, 0, <u32>v & m0, visit);
    v |= ~<u64>m0;
    return rev64(rev64(v) + 1);
  }
  let small = OFF_SLOTS0;
  let large = OFF_SLOTS1;
  if (load<u32>(t, OFF_MASK0) > load<u32>(t, OFF_MASK1)) {
    small = OFF_SLOTS1;
    large = OFF_SLOTS0;
  }
  const m0 = load<u32>(t + small + 4);
  const m1 = load<u32>(t + large + 4);
  visitBucket(<usize>load<u32>(t + small), m0, movedOf(t, small), <u32>v & m0, visit);
  do {
    visitBucket(<usize>load<u32>(t + large), m1, movedOf(t, large), <u32>v & m1, visit);
    v |= ~<u64>m1;
    v = rev64(rev64(v) + 1);
  } while ((v & <u64>(m0 ^ m1)) != 0);
  return v;
}

// === Copies =================================================================

/** Heap bytes htDuplicate(t) takes. */
export function htDuplicateBytes(t: usize): u64 {
  let bytes = htNewBytes(htCount(t));
  for (let p = htNext(t, 0); p >= 0; p = htNext(t, p + 1)) bytes += heapBlockSize(entrySize(htAt(t, p)));
  return bytes;
}

/** htDuplicate: a deep copy of the table (one array, no resize under way). Precondition: htDuplicateBytes reserved. */
export function htDuplicate(t: usize, epoch: u32): usize {
  const copy = htNew(htCount(t), epoch);
  assert(copy != 0, 'hashtable copy without reservation');
  const slots = <usize>load<u32>(copy, OFF_SLOTS0);
  const mask = load<u32>(copy, OFF_MASK0);
  for (let p = htNext(t, 0); p >= 0; p = htNext(t, p + 1)) {
    const e = htAt(t, p);
    const size = entrySize(e);
    const dup = heapAlloc(size);
    assert(dup != 0, 'hashtable copy without reservation');
    memory.copy(dup, e, size);
    arrayPut(slots, mask, entryHash(e), dup);
  }
  store<u32>(copy, htCount(t), OFF_USED0);
  return copy;
}
