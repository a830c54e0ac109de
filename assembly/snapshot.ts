// snapshot: the dataset as the commands that rebuild it, the base file of
// a log rewrite, read in chunks from a copy of another instance's heap.
//
// A rewrite needs the dataset as it was at one instant, while the live
// instance goes on changing. The host instantiates this module a second
// time, copies the live heap into it (heap.ts heapPrepareCopy /
// heapAdoptCopy) and then calls snapshotChunk until it reports the end.
// Nothing here changes the tree: the copy is only read, and the output goes
// to this instance's effects buffer, which the host drains after each chunk.
//
// Per key, in key order: SET key value; for a set SADD key member ... and
// for a hash HSET key field value ... (redis-server writes HMSET), in
// batches of EFF_REWRITE_BATCH elements (set.ts setRewrite, hash.ts
// hashRewrite) as redis-server's own rewrite batches them; then PEXPIREAT
// key ms for a key with an expiry (the forms redis-server's rewrite
// writes). Keys already expired at the snapshot's time are left out. A chunk stops after the key that takes it
// past the byte budget; the next starts after that key, so one large
// collection makes one large chunk.

import { ART_WALK_DONE, ART_WALK_OOM, artWalk } from './art';
import { effBegin, effBulk, effCommandBytes, effEnsure, effInt, effPending, effWord } from './effects';
import { heapAlloc, heapBlockSize, heapFree } from './heap';
import { hashRewrite } from './hash';
import {
  leafExpireAt, leafHasTtl, leafKey, leafKeyLen, leafType, leafVal, leafValLen, TYPE_HASH, TYPE_SET, TYPE_STRING,
} from './leaf';
import { setRewrite } from './set';

/** The last key written, where the next chunk resumes (exclusive); resumeLen -1 before the first chunk. */
let resumeKey: usize = 0;
let resumeCap: u32 = 0;
let resumeLen: i32 = -1;
let chunkBudget: u32 = 0;
let chunkNow: i64 = 0;
let chunkFailed = false;

/** Status of snapshotChunk. */
// @ts-ignore: decorator
@inline const SNAPSHOT_MORE: i32 = 1;
// @ts-ignore: decorator
@inline const SNAPSHOT_DONE: i32 = 0;
// @ts-ignore: decorator
@inline const SNAPSHOT_OOM: i32 = -1;

/**
 * snapshotChunk: writes the commands of the next keys into the effects
 * buffer, about `budget` bytes; keys whose expiry is before `now` are
 * skipped. SNAPSHOT_MORE when keys remain, SNAPSHOT_DONE after the last,
 * SNAPSHOT_OOM when the output could not be allocated.
 */
export function snapshotChunk(budget: u32, now: f64): i32 {
  chunkBudget = budget;
  chunkNow = <i64>now;
  chunkFailed = false;
  const result = artWalk(resumeKey, resumeLen, false, snapshotVisit);
  if (chunkFailed || result == ART_WALK_OOM) return SNAPSHOT_OOM;
  return result == ART_WALK_DONE ? SNAPSHOT_DONE : SNAPSHOT_MORE;
}

function snapshotVisit(leaf: usize): bool {
  if (effPending() >= chunkBudget) return false;
  if (leafHasTtl(leaf) && leafExpireAt(leaf) < chunkNow) return true;
  const type = leafType(leaf);
  const key = leafKey(leaf);
  const keyLen = leafKeyLen(leaf);
  const hasTtl = leafHasTtl(leaf);
  let bytes = hasTtl ? effCommandBytes(3, 9 + <u64>keyLen + 20) : 0;
  if (type == TYPE_STRING) bytes += effCommandBytes(3, 3 + <u64>keyLen + leafValLen(leaf));
  else if (type == TYPE_SET) bytes += setRewrite(leaf, false);
  else if (type == TYPE_HASH) bytes += hashRewrite(leaf, false);
  else assert(false, 'snapshot: a type without a writer');
  if (!effEnsure(bytes) || !remember(key, keyLen)) {
    chunkFailed = true;
    return false;
  }
  if (type == TYPE_STRING) {
    effBegin(3, 3 + <u64>keyLen + leafValLen(leaf));
    effWord('SET');
    effBulk(key, keyLen);
    effBulk(leafVal(leaf), leafValLen(leaf));
  } else if (type == TYPE_SET) {
    setRewrite(leaf, true);
  } else {
    hashRewrite(leaf, true);
  }
  if (hasTtl) {
    effBegin(3, 9 + <u64>keyLen + 20);
    effWord('PEXPIREAT');
    effBulk(key, keyLen);
    effInt(leafExpireAt(leaf));
  }
  return true;
}

/** Keeps a copy of `key` as the point the next chunk resumes after; false on OOM. */
function remember(key: usize, keyLen: u32): bool {
  if (keyLen > resumeCap) {
    const cap = heapBlockSize(max(keyLen, 64));
    const grown = heapAlloc(cap);
    if (grown == 0) return false;
    if (resumeKey != 0) heapFree(resumeKey, resumeCap);
    resumeKey = grown;
    resumeCap = cap;
  }
  memory.copy(resumeKey, key, keyLen);
  resumeLen = <i32>keyLen;
  return true;
}
