// journal: the undo journal of an open transaction (Engine.begin/commit/
// rollback).
//
// WHAT IT STORES
//
// A growable byte log with one entry per change made to the keyspace while
// a transaction is open, in the order the changes happened. An entry records
// the change, not the value: its size is the key plus whatever bytes the
// change overwrote, so one APPEND to a 10 MB string journals a few dozen
// bytes.
//
//   entry (all fields u32, bytes padded to 4)     off
//     kind                                         0
//     a, b                                         4, 8    kind-specific
//     dataLen                                      12
//     keyLen                                       16
//     data bytes                                   20
//     key bytes                                    20 + pad(dataLen)
//     total entry bytes (to walk back)             last 4
//
//   kind        a, b                  data            rollback (tx.ts)
//   ADDED       a = 1 when the key    -               delete the key
//               holds a collection
//   REMOVED     a = the leaf          -               delete what holds its key now,
//                                                     relink the leaf
//   VALUE       a = old length,       overwritten     copy the bytes back at b,
//               b = offset            bytes           shrink the value to a
//   EXPIRE      a, b = old expireAt   -               set the expiry back in place
//               (low, high)
//   MOVED       a = the old leaf,     -               unlink the key's leaf and free its
//               b = 1 for a                           block alone (its value is the old
//               collection                            leaf's), relink the old leaf
//
// Collections (hash, set) add these; the key names the collection, whose
// object the kinds below act on:
//
//   OBJECT      a = the old object,   -               free the key's object now, give
//               b = type << 8 | enc                   the leaf the old one back
//   ELEM_ADDED  a = the entry         -               unlink the entry, free it
//   ELEM_REMOVED a = the entry        -               relink the entry
//   ELEM_REPLACED a = the old entry,  -               put the old entry back in the
//               b = the new one                       new one's slot, free the new one
//
// MOVED is how a leaf is rebuilt (EXPIRE on a key without one) or renamed
// without copying its value: the new leaf takes over the old one's value
// (a string's bytes are copied, a collection's object pointer is handed
// over), so the old leaf's block is all that is left to free, and exactly
// one leaf owns the object at any time.
//
// OBJECT saves a small collection (listpack, intset) whole before its first
// change in the transaction: the journal keeps the original and the key
// gets a copy to change (or a hashtable it was converted to). A large
// collection (hashtable) journals each entry it adds, removes or replaces
// instead; entries are heap blocks that never move, so the journal holds
// them by address and owns the removed and replaced ones.
//
// EPOCHS: each collection's object starts with a u32 epoch, the number of
// the transaction that made it (txEpoch) or 0. An object made in the open
// transaction (a new key, a copy, a conversion, an OBJECT copy) is dropped
// whole by an older entry when rolled back, so its changes are not
// journaled at all. At commit the keys named by ADDED (a = 1), MOVED
// (b = 1) and OBJECT entries get their objects' epochs reset to 0, so no
// object keeps the number of a finished transaction and the u32 counter may
// wrap.
//
// Undoing entries newest first walks the keyspace back through every
// intermediate state to the one at begin(): when an entry is undone, the
// keyspace is exactly as that change left it. That is why entries name keys
// rather than leaves: a leaf may move (a value grown by APPEND is
// reallocated and the old block freed), but its key finds it.
//
// OWNERSHIP: the journal owns the leaves of REMOVED entries (unlinked, not
// freed, so the old type, value and expiry survive as they were), the leaf
// blocks of MOVED ones, the objects of OBJECT entries and the collection
// entries of ELEM_REMOVED and ELEM_REPLACED; commit frees them through
// object.ts and hashtable.ts, rollback puts them back.
//
// ADDING A KIND: a type that edits its structure in place (a list element)
// adds a kind here with what its undo needs, journals it before each
// in-place change, and adds its undo case to tx.ts.
//
// OUT OF MEMORY: writers reserve journal room with the rest of their worst
// case (db.ts dbReserve), so journaling never fails mid-command. The TTL
// index does not shrink while the journal holds entries (ttl.ts), so
// relinking leaves with an expiry never needs to grow it; rollback reserves
// one tree node per relinked leaf before it starts, and its other undos
// never allocate (a value only ever shrinks back, in place; a hashtable
// does not shrink while the journal holds entries, hashtable.ts).

import { heapAlloc, heapBlockSize, heapFree } from './heap';

// @ts-ignore: decorator
@inline export const J_ADDED: u32 = 1;
// @ts-ignore: decorator
@inline export const J_REMOVED: u32 = 2;
// @ts-ignore: decorator
@inline export const J_VALUE: u32 = 3;
// @ts-ignore: decorator
@inline export const J_EXPIRE: u32 = 4;
// @ts-ignore: decorator
@inline export const J_MOVED: u32 = 5;
// @ts-ignore: decorator
@inline export const J_OBJECT: u32 = 6;
// @ts-ignore: decorator
@inline export const J_ELEM_ADDED: u32 = 7;
// @ts-ignore: decorator
@inline export const J_ELEM_REMOVED: u32 = 8;
// @ts-ignore: decorator
@inline export const J_ELEM_REPLACED: u32 = 9;

// @ts-ignore: decorator
@inline const HEADER: u32 = 20;
// @ts-ignore: decorator
@inline const JOURNAL_MIN_CAP: u32 = 256;

let journalBase: usize = 0;
let journalCap: u32 = 0;
/** Bytes in use. */
let journalLen: u32 = 0;
/** Entries in use. */
export let journalCount: u32 = 0;
/** Whether a transaction is open (changes are journaled). */
export let txOpen: bool = false;
/** The open transaction's number, stamped on the objects it makes (EPOCHS); never 0. */
export let txEpoch: u32 = 0;

export function journalSetOpen(open: bool): void {
  txOpen = open;
  if (open) {
    txEpoch++;
    if (txEpoch == 0) txEpoch = 1;
  }
}

/** The epoch a new collection object gets: the open transaction's, or 0. */
// @ts-ignore: decorator
@inline export function journalEpochNow(): u32 {
  return txOpen ? txEpoch : 0;
}

// @ts-ignore: decorator
@inline function pad4(n: u32): u32 {
  return (n + 3) & ~3;
}

/** Bytes an entry with `keyLen` key bytes and `dataLen` saved bytes takes (for reservations). */
// @ts-ignore: decorator
@inline export function journalEntryBytes(keyLen: u32, dataLen: u32): u64 {
  return <u64>HEADER + 4 + pad4(dataLen) + pad4(keyLen);
}

/**
 * journalEnsure: makes room for `bytes` more bytes of entries now (no-op
 * outside a transaction), so the pushes that follow cannot fail. False on
 * OOM.
 */
export function journalEnsure(bytes: u64): bool {
  if (!txOpen) return true;
  const need = <u64>journalLen + bytes;
  if (need <= <u64>journalCap) return true;
  const want = max(need, max(<u64>journalCap << 1, <u64>JOURNAL_MIN_CAP));
  if (want > 0x80000000) return false;
  const cap = heapBlockSize(<u32>want);
  const base = heapAlloc(cap);
  if (base == 0) return false;
  if (journalBase != 0) {
    memory.copy(base, journalBase, journalLen);
    heapFree(journalBase, journalCap);
  }
  journalBase = base;
  journalCap = cap;
  return true;
}

/** Appends one entry. Precondition: txOpen and journalEnsure. */
function push(kind: u32, a: u32, b: u32, data: usize, dataLen: u32, key: usize, keyLen: u32): void {
  const total = <u32>journalEntryBytes(keyLen, dataLen);
  assert(<u64>journalLen + total <= <u64>journalCap, 'journal push without journalEnsure');
  const e = journalBase + journalLen;
  store<u32>(e, kind);
  store<u32>(e, a, 4);
  store<u32>(e, b, 8);
  store<u32>(e, dataLen, 12);
  store<u32>(e, keyLen, 16);
  memory.copy(e + HEADER, data, dataLen);
  memory.copy(e + HEADER + pad4(dataLen), key, keyLen);
  store<u32>(e + total - 4, total);
  journalLen += total;
  journalCount++;
}

/** Records that the key was added (it was absent before); `collection` when it holds one. */
export function journalAdded(key: usize, keyLen: u32, collection: bool): void {
  push(J_ADDED, collection ? 1 : 0, 0, 0, 0, key, keyLen);
}

/** Records that `leaf` was unlinked; the journal now owns it. */
export function journalRemoved(leaf: usize): void {
  push(J_REMOVED, <u32>leaf, 0, 0, 0, 0, 0);
}

/**
 * Records that the key's value, `oldLen` bytes long, is about to change at
 * `offset`; `old[0..count)` are the bytes there that will be overwritten.
 */
export function journalValue(key: usize, keyLen: u32, oldLen: u32, offset: u32, old: usize, count: u32): void {
  push(J_VALUE, oldLen, offset, old, count, key, keyLen);
}

/** Records that `leaf` was unlinked and its value handed to the leaf now linked under key (MOVED). */
export function journalMoved(leaf: usize, key: usize, keyLen: u32, collection: bool): void {
  push(J_MOVED, <u32>leaf, collection ? 1 : 0, 0, 0, key, keyLen);
}

/** Records that the key's collection `object` (type, encoding) was replaced; the journal now owns it. */
export function journalObject(key: usize, keyLen: u32, object: usize, type: u8, encoding: u8): void {
  push(J_OBJECT, <u32>object, (<u32>type << 8) | encoding, 0, 0, key, keyLen);
}

/** Records that `entry` was added to the key's hashtable. */
export function journalElemAdded(key: usize, keyLen: u32, entry: usize): void {
  push(J_ELEM_ADDED, <u32>entry, 0, 0, 0, key, keyLen);
}

/** Records that `entry` was removed from the key's hashtable; the journal now owns it. */
export function journalElemRemoved(key: usize, keyLen: u32, entry: usize): void {
  push(J_ELEM_REMOVED, <u32>entry, 0, 0, 0, key, keyLen);
}

/** Records that `next` took `old`'s place in the key's hashtable; the journal now owns `old`. */
export function journalElemReplaced(key: usize, keyLen: u32, old: usize, next: usize): void {
  push(J_ELEM_REPLACED, <u32>old, <u32>next, 0, 0, key, keyLen);
}

/** Records that the key's expiry, `at`, is about to change in place. */
export function journalExpire(key: usize, keyLen: u32, at: i64): void {
  push(J_EXPIRE, <u32>at, <u32>(at >>> 32), 0, 0, key, keyLen);
}

// === Reading entries ========================================================

/** The newest entry, or 0 when there is none. */
export function journalNewest(): usize {
  return journalLen == 0 ? 0 : journalBase + journalLen - load<u32>(journalBase + journalLen - 4);
}

/** The entry before `e`, or 0. */
export function journalOlder(e: usize): usize {
  return e == journalBase ? 0 : e - load<u32>(e - 4);
}

/** The oldest entry, or 0. */
export function journalOldest(): usize {
  return journalLen == 0 ? 0 : journalBase;
}

/** The entry after `e`, or 0. */
export function journalNewer(e: usize): usize {
  const next = e + <usize>journalEntryBytes(journalKeyLen(e), journalDataLen(e));
  return next == journalBase + journalLen ? 0 : next;
}

// @ts-ignore: decorator
@inline export function journalKind(e: usize): u32 {
  return load<u32>(e);
}

// @ts-ignore: decorator
@inline export function journalA(e: usize): u32 {
  return load<u32>(e, 4);
}

// @ts-ignore: decorator
@inline export function journalB(e: usize): u32 {
  return load<u32>(e, 8);
}

/** EXPIRE's old expireAt. */
// @ts-ignore: decorator
@inline export function journalTime(e: usize): i64 {
  return load<i64>(e, 4);
}

// @ts-ignore: decorator
@inline export function journalDataLen(e: usize): u32 {
  return load<u32>(e, 12);
}

// @ts-ignore: decorator
@inline export function journalData(e: usize): usize {
  return e + HEADER;
}

// @ts-ignore: decorator
@inline export function journalKeyLen(e: usize): u32 {
  return load<u32>(e, 16);
}

// @ts-ignore: decorator
@inline export function journalKey(e: usize): usize {
  return e + HEADER + pad4(journalDataLen(e));
}

/** Bytes the journal's entries take now (tests show undo entries scale with the change). */
export function journalBytes(): u32 {
  return journalLen;
}

/** journalClear: drops every entry and the log (end of a transaction). */
export function journalClear(): void {
  if (journalBase != 0) heapFree(journalBase, journalCap);
  journalBase = 0;
  journalCap = 0;
  journalLen = 0;
  journalCount = 0;
}
