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
import {
  J_ADDED, J_EXPIRE, J_REMOVED, J_VALUE, journalA, journalB, journalClear, journalData, journalDataLen, journalKey,
  journalKeyLen, journalKind, journalNewer, journalNewest, journalOlder, journalOldest, journalSetOpen, journalTime,
  txOpen,
} from './journal';
import { leafKey, leafKeyLen, leafResize, leafSetExpireAt, leafVal } from './leaf';
import { objFree } from './object';

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

/** Ends the transaction keeping its changes: frees the entries it removed. */
export function txCommit(): i32 {
  ioBegin();
  if (!txOpen) return ST_OK;
  for (let e = journalOldest(); e != 0; e = journalNewer(e)) {
    if (journalKind(e) == J_REMOVED) objFree(<usize>journalA(e));
  }
  journalClear();
  journalSetOpen(false);
  effTxCommit();
  return ST_OK;
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
  for (let e = journalOldest(); e != 0; e = journalNewer(e)) if (journalKind(e) == J_REMOVED) relinks++;
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
    } else {
      assert(false, 'unknown journal entry');
    }
  }
  journalClear();
  effTxRollback();
  return ST_OK;
}
