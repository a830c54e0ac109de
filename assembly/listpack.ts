// listpack: the compact encoding of small hashes, after Redis's listpack.
//
// WHAT IT STORES
//
// One heap block holding byte strings back to back, in insertion order; a
// hash stores each field followed by its value, so a hash of n fields is
// 2n strings. Small hashes are the common case (a user record, a session),
// and for them one block beats a table: no slot array, no block per entry,
// and a lookup scans a few cache lines.
//
//   header (LP_HEADER = 16 bytes)   off
//     epoch   u32                   0    (journal.ts EPOCHS)
//     used    u32                   4    bytes in use, header included
//     cap     u32                   8    the block's size
//     count   u32                   12   strings stored
//   strings, from offset 16:
//     length  LEB128 varint (1 byte below 128, 2 below 16384, ...)
//     bytes   the string
//
// DEPARTURES FROM REDIS: no back-lengths (nothing here walks backwards), no
// integer encodings (values are kept as given), no end byte (`used` says
// where the strings end). A listpack is small by construction (config.ts:
// at most hash-max-listpack-entries fields of at most hash-max-listpack-
// value bytes), so the linear scans stay short.
//
// OUT OF MEMORY: only lpEnsure allocates (when the block must move to
// grow); a writer ensures the room for all it will add first, and the
// edits after it work in place and cannot fail. lpFit gives back the slack
// at the end of a command, in place.

import { heapAlloc, heapBlockSize, heapFree, heapResize } from './heap';

// @ts-ignore: decorator
@inline const LP_HEADER: u32 = 16;
// @ts-ignore: decorator
@inline const OFF_USED: u32 = 4;
// @ts-ignore: decorator
@inline const OFF_CAP: u32 = 8;
// @ts-ignore: decorator
@inline const OFF_COUNT: u32 = 12;

// === Varints ================================================================

/** Bytes of the varint of `n`. */
// @ts-ignore: decorator
@inline function varintSize(n: u32): u32 {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
}

function varintWrite(p: usize, n: u32): void {
  while (n >= 0x80) {
    store<u8>(p, <u8>(n | 0x80));
    n >>>= 7;
    p++;
  }
  store<u8>(p, <u8>n);
}

// === Strings ================================================================

/** Bytes a string of `len` bytes takes in a listpack (for reservations). */
// @ts-ignore: decorator
@inline export function lpStringBytes(len: u32): u64 {
  return <u64>varintSize(len) + len;
}

/** The length of the string at `p`. */
export function lpLen(p: usize): u32 {
  let n: u32 = 0;
  let shift: u32 = 0;
  while (true) {
    const b = <u32>load<u8>(p);
    n |= (b & 0x7f) << shift;
    if (b < 0x80) return n;
    shift += 7;
    p++;
  }
}

/** The bytes of the string at `p`. */
// @ts-ignore: decorator
@inline export function lpBytes(p: usize): usize {
  return p + varintSize(lpLen(p));
}

/** The string after the one at `p` (lpEnd(lp) after the last). */
// @ts-ignore: decorator
@inline export function lpNext(p: usize): usize {
  const len = lpLen(p);
  return p + varintSize(len) + len;
}

/** The first string (== lpEnd(lp) when empty). */
// @ts-ignore: decorator
@inline export function lpFirst(lp: usize): usize {
  return lp + LP_HEADER;
}

/** Where the strings end. */
// @ts-ignore: decorator
@inline export function lpEnd(lp: usize): usize {
  return lp + load<u32>(lp, OFF_USED);
}

/** Strings stored. */
// @ts-ignore: decorator
@inline export function lpCount(lp: usize): u32 {
  return load<u32>(lp, OFF_COUNT);
}

/** Whether the string at `p` is s[0..len). */
// @ts-ignore: decorator
@inline export function lpEquals(p: usize, s: usize, len: u32): bool {
  return lpLen(p) == len && memory.compare(lpBytes(p), s, len) == 0;
}

// === Blocks =================================================================

/** Heap bytes of an empty listpack with room for `bytes` of strings. */
// @ts-ignore: decorator
@inline export function lpNewBytes(bytes: u64): u64 {
  return <u64>heapBlockSize(<u32>min(<u64>LP_HEADER + bytes, 0xfffffffc));
}

/** lpNew: an empty listpack with room for `bytes` of strings; 0 on OOM. */
export function lpNew(bytes: u32, epoch: u32): usize {
  const cap = heapBlockSize(LP_HEADER + bytes);
  const lp = heapAlloc(cap);
  if (lp == 0) return 0;
  store<u32>(lp, epoch);
  store<u32>(lp, LP_HEADER, OFF_USED);
  store<u32>(lp, cap, OFF_CAP);
  store<u32>(lp, 0, OFF_COUNT);
  return lp;
}

/** lpFree: returns the listpack's block. */
export function lpFree(lp: usize): void {
  heapFree(lp, load<u32>(lp, OFF_CAP));
}

/** Heap bytes the listpack holds (MEMORY USAGE). */
export function lpMemoryUsage(lp: usize): u64 {
  return <u64>load<u32>(lp, OFF_CAP);
}

/** Heap bytes lpDuplicate takes. */
export function lpDuplicateBytes(lp: usize): u64 {
  return <u64>heapBlockSize(load<u32>(lp, OFF_USED));
}

/** lpDuplicate: a copy without slack, with the given epoch. Precondition: lpDuplicateBytes reserved. */
export function lpDuplicate(lp: usize, epoch: u32): usize {
  const used = load<u32>(lp, OFF_USED);
  const cap = heapBlockSize(used);
  const copy = heapAlloc(cap);
  assert(copy != 0, 'listpack copy without reservation');
  memory.copy(copy, lp, used);
  store<u32>(copy, epoch);
  store<u32>(copy, cap, OFF_CAP);
  return copy;
}

/**
 * lpEnsure: makes room for `extra` more bytes of strings, in place when
 * the heap allows, else in a new block (the old one freed). Returns the
 * listpack's address, which the caller stores (leafSetObject).
 * Precondition: lpNewBytes(used + extra) reserved (lpDuplicateBytes + extra bounds it).
 */
export function lpEnsure(lp: usize, extra: u32): usize {
  const used = load<u32>(lp, OFF_USED);
  const cap = load<u32>(lp, OFF_CAP);
  const need = used + extra;
  if (need <= cap) return lp;
  const grown = heapBlockSize(need);
  if (heapResize(lp, cap, grown)) {
    store<u32>(lp, grown, OFF_CAP);
    return lp;
  }
  const next = heapAlloc(grown);
  assert(next != 0, 'listpack growth without reservation');
  memory.copy(next, lp, used);
  store<u32>(next, grown, OFF_CAP);
  heapFree(lp, cap);
  return next;
}

/** lpFit: gives back the block's slack beyond its strings, in place. */
export function lpFit(lp: usize): void {
  const used = load<u32>(lp, OFF_USED);
  const cap = load<u32>(lp, OFF_CAP);
  const fit = heapBlockSize(used);
  if (fit >= cap) return;
  heapResize(lp, cap, fit);
  store<u32>(lp, fit, OFF_CAP);
}

// === Edits (in place; precondition: lpEnsure'd) =============================

/** lpAppend: adds s[0..len) after the last string. */
export function lpAppend(lp: usize, s: usize, len: u32): void {
  const used = load<u32>(lp, OFF_USED);
  const size = varintSize(len);
  assert(used + size + len <= load<u32>(lp, OFF_CAP), 'listpack append without room');
  varintWrite(lp + used, len);
  memory.copy(lp + used + size, s, len);
  store<u32>(lp, used + size + len, OFF_USED);
  store<u32>(lp, load<u32>(lp, OFF_COUNT) + 1, OFF_COUNT);
}

/** lpReplace: replaces the string at `p` by s[0..len), moving the strings after it. */
export function lpReplace(lp: usize, p: usize, s: usize, len: u32): void {
  const used = load<u32>(lp, OFF_USED);
  const after = lpNext(p);
  const size = varintSize(len);
  const next = p + size + len;
  const newUsed = used - <u32>(after - p) + size + len;
  assert(newUsed <= load<u32>(lp, OFF_CAP), 'listpack replace without room');
  memory.copy(next, after, lp + used - after);
  varintWrite(p, len);
  memory.copy(p + size, s, len);
  store<u32>(lp, newUsed, OFF_USED);
}

/** lpDelete: removes `n` strings from `p` on. */
export function lpDelete(lp: usize, p: usize, n: u32): void {
  let end = p;
  for (let i: u32 = 0; i < n; i++) end = lpNext(end);
  const used = load<u32>(lp, OFF_USED);
  memory.copy(p, end, lp + used - end);
  store<u32>(lp, used - <u32>(end - p), OFF_USED);
  store<u32>(lp, load<u32>(lp, OFF_COUNT) - n, OFF_COUNT);
}

// === Hash pairs =============================================================

/** lpFindField: the field string equal to s[0..len) among the pairs (every other string), or 0. */
export function lpFindField(lp: usize, s: usize, len: u32): usize {
  const end = lpEnd(lp);
  for (let p = lpFirst(lp); p < end; p = lpNext(lpNext(p))) {
    if (lpEquals(p, s, len)) return p;
  }
  return 0;
}
