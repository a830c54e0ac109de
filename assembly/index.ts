// index: the module's exports, the whole surface src/engine/wasm.ts sees.
//
// Layers, low to high (imports point down only):
//
//   heap.ts      size-class allocator over linear memory, OOM as a return value
//   leaf.ts      entry layout: type, expiry, key and value in one block
//   art.ts       adaptive radix tree over leaves, ordered walks
//   ttl.ts       index of leaves with an expiry, for active expiry
//   hashtable.ts open-addressing table of byte strings, incremental resize (hashes, sets)
//   listpack.ts  the compact encoding of small hashes
//   object.ts    what an entry holds: free, measure, copy, name, by type and encoding
//   glob.ts      Redis glob matching
//   decimal.ts   canonical decimal integers both ways (string2ll, ll2string)
//   intset.ts    sorted arrays of integers, the small encoding of sets
//   random.ts    the seedable generator behind every random choice
//   effects.ts   RESP effects writer
//   io.ts        mailbox, argument and reply regions, status codes
//   reply.ts     the reply tape of the collection commands
//   journal.ts   undo journal of an open transaction
//   db.ts        entry life cycle: lazy expiry, add, replace, delete, reserve
//   strings.ts   string commands
//   set.ts       set commands over intsets and hash tables
//   hash.ts      hash commands
//   keyspace.ts  keyspace commands, scans, active expiry
//   call.ts      the collection commands' entry point (hash.ts, set.ts)
//   tx.ts        begin / commit / rollback
//   snapshot.ts  the dataset as RESP commands, from a copy of a live heap
//
// Every command export takes lengths and scalars, reads its bytes from the
// argument region and returns an io.ts status; see those files for each
// reply's layout.

import { effBuffer, effDrain, effSetRecording } from './effects';
import {
  heapAdoptCopy, heapCopyBytes, heapInit, heapPeakBytes, heapPrepareCopy, heapReservedBytes, heapSetMaxPages, heapUsedBytes,
} from './heap';
import { journalBytes } from './journal';
import { ioArgReserve, ioBegin, ioInit, ioMailbox, ioReplyBytes } from './io';
import { configSet } from './config';
import { randomSeed } from './random';
import { ttlCount } from './ttl';

heapInit();
ioInit();

export {
  strAppend, strGet, strGetdel, strGetex, strGetrange, strIncrby, strMget, strMset, strMsetnx,
  strSet, strSetrange, strStrlen,
} from './strings';

export { txBegin, txCommit, txRollback } from './tx';

export { call } from './call';

export { snapshotChunk } from './snapshot';

export {
  ksActiveExpire, ksCopy, ksDbsize, ksDel, ksExists, ksExpire, ksExpireTime, ksFlushall, ksPersist,
  ksEncoding, ksMemoryUsage, ksRandomkey, ksRename, ksScan, ksType,
} from './keyspace';

/** The mailbox address (io.ts layout). */
export function mailbox(): usize {
  return ioMailbox;
}

/** Grows the argument region to `cap` bytes; its address (also in the mailbox), or 0 on OOM. */
export function argReserve(cap: u32): usize {
  return ioArgReserve(cap);
}

/** Caps linear memory at `pages` 64 KiB pages (tests use it to reach OOM quickly). */
export function setMaxPages(pages: u32): void {
  heapSetMaxPages(pages);
}

/** Sets when collections leave their compact encodings (Engine.configure). */
export function configure(hashEntries: u32, hashValue: u32, intsetEntries: u32): void {
  configSet(hashEntries, hashValue, intsetEntries);
}

/** Restarts the random stream from `seed` (Engine.seed). */
export function seed(value: u32): void {
  randomSeed(value);
}

/** Turns effects recording on or off. */
export function setRecordEffects(on: bool): void {
  effSetRecording(on);
}

/** Replies with the recorded effects and empties the buffer. */
export function drainEffects(): i32 {
  ioBegin();
  const len = effDrain();
  return ioReplyBytes(effBuffer(), len);
}

/** Bytes in live allocations (keys, values, nodes, buffers) plus static data. */
export function memoryUsed(): f64 {
  return <f64>heapUsedBytes();
}

/** The most bytes memoryUsed has been since the instance started (INFO used_memory_peak). */
export function memoryPeak(): f64 {
  return <f64>heapPeakBytes();
}

/** Bytes of linear memory. */
export function memoryReserved(): f64 {
  return <f64>heapReservedBytes();
}

/** Bytes the open transaction's undo journal holds (0 outside one). */
export function undoBytes(): u32 {
  return journalBytes();
}

/** Keys that carry an expiry, including expired ones not reclaimed yet (INFO keyspace's expires=). */
export function expiresCount(): u32 {
  return ttlCount;
}

/** Bytes of linear memory a copy of the heap takes (the live instance of a snapshot). */
export function copyBytes(): f64 {
  return <f64>heapCopyBytes();
}

/** Makes room for a copy of a heap of `bytes` (in a fresh instance, before the host copies it); false on OOM. */
export function prepareCopy(bytes: f64): bool {
  return heapPrepareCopy(<usize>bytes);
}

/** Takes the copied bytes as this instance's heap (after the host copied them). */
export function adoptCopy(bytes: f64): void {
  heapAdoptCopy(<usize>bytes);
}
