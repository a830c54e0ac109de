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

import { ART_INSERT_WORST, artFind, artSlotLeaf } from './art';
import { dbAdd, dbUnlink } from './db';
import { effTxBegin, effTxCommit, effTxRollback } from './effects';
import { heapFree, heapReserve } from './heap';
import { ioBegin, ST_OK, ST_OOM } from './io';
import { journalAt, journalClear, journalCount, journalSetOpen, txOpen } from './journal';
import { leafKey, leafKeyLen, leafSize } from './leaf';

/** Status for begin() inside a transaction. */
// @ts-ignore: decorator
@inline export const ST_TX_NESTED: i32 = -9;

/** Opens a transaction: ST_OK, ST_TX_NESTED, or ST_OOM (effects could not take MULTI). */
export function txBegin(): i32 {
  ioBegin();
  if (txOpen) return ST_TX_NESTED;
  if (!effTxBegin()) return ST_OOM;
  journalSetOpen(true);
  return ST_OK;
}

/** Ends the transaction keeping its changes: frees the leaves they replaced. */
export function txCommit(): i32 {
  ioBegin();
  if (!txOpen) return ST_OK;
  for (let i: u32 = 0; i < journalCount; i++) {
    const entry = journalAt(i);
    if ((entry & 1) == 0) heapFree(<usize>entry, leafSize(<usize>entry));
  }
  journalClear();
  journalSetOpen(false);
  effTxCommit();
  return ST_OK;
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
  for (let i: u32 = 0; i < journalCount; i++) if ((journalAt(i) & 1) == 0) relinks++;
  if (!heapReserve(relinks * ART_INSERT_WORST)) return ST_OOM;
  journalSetOpen(false);
  for (let i = <i32>journalCount - 1; i >= 0; i--) {
    const entry = journalAt(<u32>i);
    const leaf = <usize>(entry & ~1);
    const slot = artFind(leafKey(leaf), leafKeyLen(leaf));
    if (slot != 0) {
      const current = artSlotLeaf(slot);
      dbUnlink(current);
      heapFree(current, leafSize(current));
    }
    if ((entry & 1) == 0) dbAdd(leaf);
  }
  journalClear();
  effTxRollback();
  return ST_OK;
}
