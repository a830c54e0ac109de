// ttl: the index of leaves that carry an expiry, so active expiry can find
// expired keys without walking the whole keyspace.
//
// WHAT IT STORES
//
// A dense array of u32 leaf addresses, one per key with an expiry, in no
// particular order. Each such leaf records its own position (leaf.ts
// ttlSlot), which makes every operation O(1):
//
//   add     append, tell the leaf its slot
//   remove  move the last entry into the hole, tell that leaf its new slot
//   move    a leaf reallocated (APPEND, SETRANGE, RENAME...) takes over its
//           old slot: ttlMove writes the new address there
//
// The array is a heap block that doubles when full (16 entries at first) and
// halves when a quarter full, so it costs 4 to 8 bytes per key with an
// expiry, and nothing for keys without one.
//
//   off      size     field
//   0        4        leaf address of entry 0
//   4 * i    4        leaf address of entry i       (i < ttlCount <= ttlCap)
//
// OWNERSHIP: the index does not own leaves; the tree does. Whoever unlinks a
// leaf with HAS_TTL removes it here first.
//
// BOUNDED WORK: activeExpire (keyspace.ts) visits entries round-robin from
// ttlCursor, a fixed number per call, whatever the keyspace size.

import { heapAlloc, heapAllocSpare, heapBlockSize, heapFree } from './heap';
import { journalCount } from './journal';
import { leafSetTtlSlot, leafTtlSlot } from './leaf';

// @ts-ignore: decorator
@inline const TTL_MIN_CAP: u32 = 16;

let ttlBase: usize = 0;
let ttlCap: u32 = 0;
/** Entries in use; entries [0, ttlCount) are valid leaf addresses. */
export let ttlCount: u32 = 0;
/** Where the next round of active expiry starts (may be >= ttlCount: wraps). */
export let ttlCursor: u32 = 0;

/** Bytes ttlAdd may allocate (0 when the array has room): what writers reserve. */
export function ttlAddWorstBytes(): u32 {
  if (ttlCount < ttlCap) return 0;
  return heapBlockSize(max(ttlCap << 1, TTL_MIN_CAP) << 2);
}

/** ttlAdd: indexes `leaf` (which has HAS_TTL). Precondition: ttlAddWorstBytes() reserved. */
export function ttlAdd(leaf: usize): void {
  if (ttlCount == ttlCap) {
    const cap = max(ttlCap << 1, TTL_MIN_CAP);
    const base = heapAlloc(cap << 2);
    assert(base != 0, 'TTL index grow without reservation');
    if (ttlBase != 0) {
      memory.copy(base, ttlBase, ttlCount << 2);
      heapFree(ttlBase, ttlCap << 2);
    }
    ttlBase = base;
    ttlCap = cap;
  }
  store<u32>(ttlBase + (<usize>ttlCount << 2), <u32>leaf);
  leafSetTtlSlot(leaf, ttlCount);
  ttlCount++;
}

/** ttlRemove: drops `leaf` from the index. Never fails: shrinking is skipped when it cannot allocate. */
export function ttlRemove(leaf: usize): void {
  const slot = leafTtlSlot(leaf);
  assert(slot < ttlCount && load<u32>(ttlBase + (<usize>slot << 2)) == <u32>leaf, 'TTL index out of sync');
  ttlCount--;
  if (slot != ttlCount) {
    const last = <usize>load<u32>(ttlBase + (<usize>ttlCount << 2));
    store<u32>(ttlBase + (<usize>slot << 2), <u32>last);
    leafSetTtlSlot(last, slot);
  }
  // While the journal holds entries (a transaction, or its rollback) the
  // array keeps its size, so rollback can re-add every entry without
  // allocating (journal.ts).
  if (journalCount == 0 && ttlCap > TTL_MIN_CAP && ttlCount < (ttlCap >> 2)) {
    const cap = ttlCap >> 1;
    const base = heapAllocSpare(cap << 2);
    if (base == 0) return;
    memory.copy(base, ttlBase, ttlCount << 2);
    heapFree(ttlBase, ttlCap << 2);
    ttlBase = base;
    ttlCap = cap;
  }
}

/** ttlMove: `to` replaces `from` (same key) in the index; `to` must have HAS_TTL. */
export function ttlMove(from: usize, to: usize): void {
  const slot = leafTtlSlot(from);
  store<u32>(ttlBase + (<usize>slot << 2), <u32>to);
  leafSetTtlSlot(to, slot);
}

/** The leaf at entry `i` (< ttlCount). */
// @ts-ignore: decorator
@inline export function ttlAt(i: u32): usize {
  return <usize>load<u32>(ttlBase + (<usize>i << 2));
}

/** Moves the active-expiry cursor. */
export function ttlSetCursor(cursor: u32): void {
  ttlCursor = cursor;
}

/** ttlReset: forgets the index (FLUSHALL; the heap is reset separately). */
export function ttlReset(): void {
  ttlBase = 0;
  ttlCap = 0;
  ttlCount = 0;
  ttlCursor = 0;
}
