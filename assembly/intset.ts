// intset: a small set of integers as one sorted array (Redis's intset.c).
//
// WHAT IT STORES
//
// The members of a set while every one of them is a canonical decimal
// integer (decimal.ts) and there are at most set-max-intset-entries of
// them (set.ts decides; this file only keeps the array). Each member is
// stored as its value, in the narrowest width that holds every member, so
// 512 small numbers take 1 KB where a hash table would take several.
// Lookup is a binary search; insertion and removal move the tail, which at
// these sizes costs less than a hash table's probing and allocation.
//
// LAYOUT: one heap block, no capacity field
//
//   off  size          field
//   0    4             epoch    the transaction that made it (journal.ts EPOCHS)
//   4    4             width    bytes per member: 2, 4 or 8
//   8    4             length   members
//   12   length*width  members  ascending, signed little-endian
//
// So the block is heapBlockSize(12 + length * width) bytes, the size every
// caller passes back to the heap: 100 members below 32768 take 212 bytes.
// The owner (a set object, set.ts) holds the pointer and frees the block.
// The epoch leads, as in every collection object, so the undo journal can
// tell an object made in the open transaction without knowing its type.
//
// UPGRADE, NEVER DOWNGRADE: adding a value that does not fit the width
// widens every member first (intsetRoom, from the back so the array is
// rewritten in place), as Redis does. Removing members never narrows the
// width again, also as Redis: a width only tells how the array is packed,
// and Redis's MEMORY USAGE and snapshot sizes follow from it.
//
// ROOM FOR BATCHES: a command that adds k members asks for room once
// (intsetRoom: one resize, or one move to a bigger block, with the upgrade
// done on the way), inserts into that room without allocating, and gives
// the unused tail back (intsetFit). So a command allocates at most one
// block, which is what lets it reserve its worst case up front (heap.ts
// RESERVATIONS): growing one member at a time would allocate a new block
// per member when the block cannot grow in place. While room is open the
// block is bigger than the layout says; the caller remembers the capacity
// it asked for and passes it to intsetFit.

import { HEAP_MAX_BLOCK, heapAlloc, heapBlockSize, heapFree, heapResize } from './heap';

// @ts-ignore: decorator
@inline const HEADER: u32 = 12;

// === Layout =================================================================

/** Bytes per member. */
// @ts-ignore: decorator
@inline export function intsetWidth(is: usize): u32 {
  return load<u32>(is, 4);
}

/** Members. */
// @ts-ignore: decorator
@inline export function intsetLen(is: usize): u32 {
  return load<u32>(is, 8);
}

// @ts-ignore: decorator
@inline function setLen(is: usize, len: u32): void {
  store<u32>(is, len, 8);
}

/** The block bytes (before heap rounding) of `len` members at `width`. */
// @ts-ignore: decorator
@inline export function intsetSizeFor(len: u32, width: u32): u64 {
  return <u64>HEADER + <u64>len * width;
}

/** The size heapFree needs for this intset (outside open room). */
// @ts-ignore: decorator
@inline export function intsetSize(is: usize): u32 {
  return <u32>intsetSizeFor(intsetLen(is), intsetWidth(is));
}

/** Heap bytes an intset of `len` members at `width` takes (for reservations and MEMORY USAGE). */
export function intsetBlockBytes(len: u32, width: u32): u64 {
  const size = intsetSizeFor(len, width);
  return size > <u64>HEAP_MAX_BLOCK ? size : <u64>heapBlockSize(<u32>size);
}

/** Heap bytes this intset's block takes (outside open room): MEMORY USAGE, a copy's reservation. */
export function intsetBytes(is: usize): u64 {
  return intsetBlockBytes(intsetLen(is), intsetWidth(is));
}

/** The narrowest width that holds `v`. */
export function intsetWidthOf(v: i64): u32 {
  if (v >= i16.MIN_VALUE && v <= i16.MAX_VALUE) return 2;
  if (v >= i32.MIN_VALUE && v <= i32.MAX_VALUE) return 4;
  return 8;
}

/** The member at index `i` read at `width` (the array may be mid-upgrade). */
// @ts-ignore: decorator
@inline function readAt(is: usize, i: u32, width: u32): i64 {
  const p = is + HEADER + i * width;
  if (width == 2) return <i64>load<i16>(p);
  if (width == 4) return <i64>load<i32>(p);
  return load<i64>(p);
}

// @ts-ignore: decorator
@inline function writeAt(is: usize, i: u32, width: u32, v: i64): void {
  const p = is + HEADER + i * width;
  if (width == 2) store<i16>(p, <i16>v);
  else if (width == 4) store<i32>(p, <i32>v);
  else store<i64>(p, v);
}

/** The member at index `i` (< length). */
export function intsetGet(is: usize, i: u32): i64 {
  return readAt(is, i, intsetWidth(is));
}

// === Lookup =================================================================

/**
 * intsetSearch: the index of `v` when it is a member (>= 0), else -(the
 * index it would be inserted at) - 1. Checks the ends first, as Redis does:
 * appending ascending values (a common way to fill a set) then costs no
 * search.
 */
export function intsetSearch(is: usize, v: i64): i32 {
  const len = intsetLen(is);
  if (len == 0) return -1;
  const width = intsetWidth(is);
  if (v > readAt(is, len - 1, width)) return -<i32>len - 1;
  if (v < readAt(is, 0, width)) return -1;
  let lo: i32 = 0;
  let hi: i32 = <i32>len - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const m = readAt(is, <u32>mid, width);
    if (m < v) lo = mid + 1;
    else if (m > v) hi = mid - 1;
    else return mid;
  }
  return -lo - 1;
}

/** Whether `v` is a member. */
export function intsetHas(is: usize, v: i64): bool {
  return intsetWidthOf(v) <= intsetWidth(is) && intsetSearch(is, v) >= 0;
}

// === Building and editing ===================================================

/**
 * intsetNew: an empty intset with room for `cap` members at `width`
 * (intsetFit trims it when done) stamped with `epoch`, or 0 when memory
 * is exhausted.
 */
export function intsetNew(cap: u32, width: u32, epoch: u32): usize {
  const size = intsetSizeFor(cap, width);
  if (size > <u64>HEAP_MAX_BLOCK) return 0;
  const is = heapAlloc(<u32>size);
  if (is == 0) return 0;
  store<u32>(is, epoch);
  store<u32>(is, width, 4);
  setLen(is, 0);
  return is;
}

/**
 * intsetRoom: makes room for `cap` members (>= length) at `width` (or the
 * intset's own width, if wider), upgrading the members when the width
 * grows. `have` is the capacity the block has now (its length, unless room
 * is already open). Resizes in place when the heap can, else moves the
 * members to a new block and frees the old one. Returns the intset's
 * address from now on, or 0 on OOM with the intset untouched.
 */
export function intsetRoom(is: usize, have: u32, cap: u32, width: u32): usize {
  const oldWidth = intsetWidth(is);
  const newWidth = max(width, oldWidth);
  const oldSize = <u32>intsetSizeFor(have, oldWidth);
  const newSize = intsetSizeFor(cap, newWidth);
  if (newSize > <u64>HEAP_MAX_BLOCK) return 0;
  const len = intsetLen(is);
  let to = is;
  if (!heapResize(is, oldSize, <u32>newSize)) {
    to = heapAlloc(<u32>newSize);
    if (to == 0) return 0;
    memory.copy(to, is, HEADER);
    if (newWidth == oldWidth) memory.copy(to + HEADER, is + HEADER, len * oldWidth);
  }
  if (newWidth != oldWidth) {
    // From the back: member i moves from i * oldWidth to i * newWidth, never
    // below where a member still unread sits.
    for (let i = <i32>len - 1; i >= 0; i--) writeAt(to, <u32>i, newWidth, readAt(is, <u32>i, oldWidth));
    store<u32>(to, newWidth, 4);
  }
  if (to != is) heapFree(is, oldSize);
  return to;
}

/**
 * intsetFit: gives back the room beyond the length (`have` is the capacity
 * asked of intsetRoom or intsetNew). Shrinks in place, so it cannot fail.
 */
export function intsetFit(is: usize, have: u32): void {
  const width = intsetWidth(is);
  const shrunk = heapResize(is, <u32>intsetSizeFor(have, width), intsetSize(is));
  assert(shrunk, 'intsetFit: a shrink failed');
}

/**
 * intsetAdd: inserts `v` in order; false when it is already a member.
 * Precondition: room open for one more member at a width holding `v`.
 */
export function intsetAdd(is: usize, v: i64): bool {
  const at = intsetSearch(is, v);
  if (at >= 0) return false;
  const pos = <u32>(-at - 1);
  const len = intsetLen(is);
  const width = intsetWidth(is);
  assert(intsetWidthOf(v) <= width, 'intsetAdd: the width does not hold the value');
  const p = is + HEADER + pos * width;
  memory.copy(p + width, p, (len - pos) * width);
  writeAt(is, pos, width, v);
  setLen(is, len + 1);
  return true;
}

/**
 * intsetAppend: adds `v`, greater than every member, at the end (building
 * an intset from sorted values). Precondition: room as for intsetAdd.
 */
export function intsetAppend(is: usize, v: i64): void {
  const len = intsetLen(is);
  writeAt(is, len, intsetWidth(is), v);
  setLen(is, len + 1);
}

/**
 * intsetRemoveAt: removes the member at index `i`, closing the gap. The
 * block keeps its size: the caller passes the old length to intsetFit.
 */
export function intsetRemoveAt(is: usize, i: u32): void {
  const len = intsetLen(is);
  const width = intsetWidth(is);
  const p = is + HEADER + i * width;
  memory.copy(p, p + width, (len - i - 1) * width);
  setLen(is, len - 1);
}

/** intsetCopy: a new intset with the same width and members stamped with `epoch`, or 0 on OOM. */
export function intsetCopy(is: usize, epoch: u32): usize {
  const size = intsetSize(is);
  const copy = heapAlloc(size);
  if (copy == 0) return 0;
  memory.copy(copy, is, size);
  store<u32>(copy, epoch);
  return copy;
}

/** intsetFree: returns the intset's block to the heap. */
export function intsetFree(is: usize): void {
  heapFree(is, intsetSize(is));
}
