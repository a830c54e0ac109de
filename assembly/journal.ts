// journal: the undo journal of an open transaction (Engine.begin/commit/
// rollback).
//
// WHAT IT STORES
//
// A growable array of u32 entries, one per change to the keyspace made
// while a transaction is open, in the order the changes happened:
//
//   entry              meaning                          rollback
//   leaf | 1           `leaf` was linked (a new key)     unlink and free it
//   leaf               `leaf` was unlinked (replaced,    unlink whatever holds its
//                      deleted, expired)                 key now, free that, relink it
//
// Leaves are never changed in place during a transaction (db.ts checks
// txOpen before every in-place edit) and an unlinked leaf is not freed but
// kept by its journal entry, so each entry's leaf still holds the exact old
// type, value and expiry. Undoing entries newest first walks the keyspace
// back through every intermediate state to the one at begin(): when an
// entry is undone, the leaf holding its key is the one that change linked,
// which no older entry refers to, so freeing it is safe.
//
// OWNERSHIP: the journal owns the unlinked leaves it holds; commit frees
// them, rollback relinks them. Linked leaves stay owned by the tree.
//
// OUT OF MEMORY: writers reserve journal room with the rest of their worst
// case (db.ts dbReserve), so journaling never fails mid-command. The TTL
// index does not shrink while the journal holds entries (ttl.ts), so
// relinking leaves with an expiry never needs to grow it; rollback reserves
// one tree node per relinked leaf before it starts.

import { heapAlloc, heapBlockSize, heapFree } from './heap';

// @ts-ignore: decorator
@inline const JOURNAL_MIN_CAP: u32 = 64;

let journalBase: usize = 0;
let journalCap: u32 = 0;
/** Entries in use. */
export let journalCount: u32 = 0;
/** Whether a transaction is open (changes are journaled, in-place edits are off). */
export let txOpen: bool = false;

export function journalSetOpen(open: bool): void {
  txOpen = open;
}

/**
 * journalEnsure: makes room for `entries` more entries now (no-op outside a
 * transaction), so the pushes that follow cannot fail. False on OOM.
 */
export function journalEnsure(entries: u32): bool {
  if (!txOpen) return true;
  const need = <u64>journalCount + entries;
  if (need <= <u64>journalCap) return true;
  const want = max(need, max(<u64>journalCap << 1, <u64>JOURNAL_MIN_CAP));
  if (want > 0x1fffffff) return false;
  const cap = heapBlockSize(<u32>want << 2) >> 2;
  const base = heapAlloc(cap << 2);
  if (base == 0) return false;
  if (journalBase != 0) {
    memory.copy(base, journalBase, journalCount << 2);
    heapFree(journalBase, journalCap << 2);
  }
  journalBase = base;
  journalCap = cap;
  return true;
}

/** Records that `leaf` was linked. Precondition: txOpen and journalEnsure. */
export function journalLinked(leaf: usize): void {
  assert(journalCount < journalCap, 'journal push without journalEnsure');
  store<u32>(journalBase + (<usize>journalCount << 2), <u32>leaf | 1);
  journalCount++;
}

/** Records that `leaf` was unlinked; the journal now owns it. Precondition: txOpen and journalEnsure. */
export function journalUnlinked(leaf: usize): void {
  assert(journalCount < journalCap, 'journal push without journalEnsure');
  store<u32>(journalBase + (<usize>journalCount << 2), <u32>leaf);
  journalCount++;
}

/** Entry `i` (< journalCount). */
// @ts-ignore: decorator
@inline export function journalAt(i: u32): u32 {
  return load<u32>(journalBase + (<usize>i << 2));
}

/** journalClear: drops every entry and the array (end of a transaction). */
export function journalClear(): void {
  if (journalBase != 0) heapFree(journalBase, journalCap << 2);
  journalBase = 0;
  journalCap = 0;
  journalCount = 0;
}
