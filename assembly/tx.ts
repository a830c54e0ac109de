// tx: transactions (Engine.begin / commit / rollback) over the undo journal
// (journal.ts) and the effects unit (effects.ts MULTI ... EXEC).
//
// begin   opens the journal and writes MULTI (when recording)
// commit  frees the leaves the journal kept, writes EXEC (or drops the
//         MULTI when nothing was recorded), clears the journal
// rollback undoes the journal newest first, drops the recorded effects
//
// Work: commit and rollback are O(changes made in the transaction); nothing
// is copied at begin, and outside a transaction nothing is journaled.

import { Status } from '../src/engine/abi';
import { ART_INSERT_WORST, artFind, artSlotLeaf } from './art';
import { dbAdd, dbUnlink } from './db';
import { effTxBegin, effTxCommit, effTxRollback } from './effects';
import { heapReserve } from './heap';
import { ioBegin, ST_OK, ST_OOM } from './io';
import { htEntryFree, htRelink, htReplace, htUnlink } from './hashtable';
import {
  J_ADDED, J_ELEM_ADDED, J_ELEM_REMOVED, J_ELEM_REPLACED, J_EXPIRE, J_MOVED, J_OBJECT, J_REMOVED, J_VALUE, journalA,
  journalB, journalClear, journalData, journalDataLen, journalKey, journalKeyLen, journalKind, journalNewer,
  journalNewest, journalOlder, journalOldest, journalSetOpen, journalTime, txOpen,
} from './journal';
import { leafEncoding, leafKey, leafKeyLen, leafObject, leafResize, leafSetEncoding, leafSetExpireAt, leafSetObject, leafType, leafVal } from './leaf';
import { objFree, objFreeLeaf, objFreeObject, objIsCollection, objSetEpoch } from './object';

/** Status for begin() inside a transaction. */
// @ts-ignore: decorator
@inline export const ST_TX_NESTED: i32 = Status.TxNested;

/** Opens a transaction: ST_OK, ST_TX_NESTED, or ST_OOM (effects could not take MULTI). */
export function txBegin(): i32 {
  ioBegin();
  if (txOpen) return ST_TX_NESTED;
  if (!effTxBegin()) return ST_OOM;
  journalSetOpen(true);
  return ST_OK;
}

/**
 * Ends the transaction keeping its changes: frees what the journal kept
 * (removed entries, moved leaves, saved objects, collection entries) and
 * resets the epochs of the objects the transaction made (journal.ts EPOCHS).
 */
export function txCommit(): i32 {
  ioBegin();
  if (!txOpen) return ST_OK;
  for (let e = journalOldest(); e != 0; e = journalNewer(e)) {
    const kind = journalKind(e);
    if (kind == J_REMOVED) {
      objFree(<usize>journalA(e));
    } else if (kind == J_MOVED) {
      objFreeLeaf(<usize>journalA(e));
      if (journalB(e) != 0) clearEpoch(e);
    } else if (kind == J_OBJECT) {
      objFreeObject(<u8>(journalB(e) >> 8), <u8>journalB(e), <usize>journalA(e));
      clearEpoch(e);
    } else if (kind == J_ELEM_REMOVED || kind == J_ELEM_REPLACED) {
      htEntryFree(<usize>journalA(e));
    } else if (kind == J_ADDED && journalA(e) != 0) {
      clearEpoch(e);
    }
  }
  journalClear();
  journalSetOpen(false);
  effTxCommit();
  return ST_OK;
}

/** Resets the epoch of the collection under the key an entry names, if one is there now. */
function clearEpoch(e: usize): void {
  const slot = artFind(journalKey(e), journalKeyLen(e));
  if (slot == 0) return;
  const leaf = artSlotLeaf(slot);
  if (objIsCollection(leaf)) objSetEpoch(leaf, 0);
}

/** The live leaf of the key an entry names; the key must be present (the journal says it is). */
function entryLeaf(e: usize): usize {
  const slot = artFind(journalKey(e), journalKeyLen(e));
  assert(slot != 0, 'journal entry for a key that is not there');
  return artSlotLeaf(slot);
}

/** Deletes and frees whatever entry holds key[0..keyLen) now, if any. */
function dropCurrent(key: usize, keyLen: u32): void {
  const slot = artFind(key, keyLen);
  if (slot == 0) return;
  const current = artSlotLeaf(slot);
  dbUnlink(current);
  objFree(current);
}

/**
 * Ends the transaction undoing its changes, newest first (journal.ts says
 * why that restores the state at begin). ST_OOM, with the transaction still
 * open and nothing undone, when the tree nodes that relinking may need
 * cannot be reserved.
 */
export function txRollback(): i32 {
  ioBegin();
  if (!txOpen) return ST_OK;
  let relinks: u64 = 0;
  for (let e = journalOldest(); e != 0; e = journalNewer(e)) {
    const kind = journalKind(e);
    if (kind == J_REMOVED || kind == J_MOVED) relinks++;
  }
  if (!heapReserve(relinks * ART_INSERT_WORST)) return ST_OOM;
  journalSetOpen(false);
  for (let e = journalNewest(); e != 0; e = journalOlder(e)) {
    const kind = journalKind(e);
    if (kind == J_ADDED) {
      dropCurrent(journalKey(e), journalKeyLen(e));
    } else if (kind == J_REMOVED) {
      const leaf = <usize>journalA(e);
      dropCurrent(leafKey(leaf), leafKeyLen(leaf));
      dbAdd(leaf);
    } else if (kind == J_VALUE) {
      const leaf = entryLeaf(e);
      memory.copy(leafVal(leaf) + journalB(e), journalData(e), journalDataLen(e));
      const shrunk = leafResize(leaf, journalA(e));
      assert(shrunk, 'a value grew back in rollback');
    } else if (kind == J_EXPIRE) {
      leafSetExpireAt(entryLeaf(e), journalTime(e));
    } else if (kind == J_MOVED) {
      const current = entryLeaf(e);
      dbUnlink(current);
      objFreeLeaf(current);
      dbAdd(<usize>journalA(e));
    } else if (kind == J_OBJECT) {
      const leaf = entryLeaf(e);
      objFreeObject(leafType(leaf), leafEncoding(leaf), leafObject(leaf));
      leafSetObject(leaf, <usize>journalA(e));
      leafSetEncoding(leaf, <u8>journalB(e));
    } else if (kind == J_ELEM_ADDED) {
      const entry = <usize>journalA(e);
      htUnlink(leafObject(entryLeaf(e)), entry);
      htEntryFree(entry);
    } else if (kind == J_ELEM_REMOVED) {
      htRelink(leafObject(entryLeaf(e)), <usize>journalA(e));
    } else if (kind == J_ELEM_REPLACED) {
      const next = <usize>journalB(e);
      htReplace(leafObject(entryLeaf(e)), next, <usize>journalA(e));
      htEntryFree(next);
    } else {
      assert(false, 'unknown journal entry');
    }
  }
  journalClear();
  effTxRollback();
  return ST_OK;
}
