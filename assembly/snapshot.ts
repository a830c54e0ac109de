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
// Per key, in key order: SET key value; for a set SADD key member ... in
// batches of SNAPSHOT_BATCH members; for a hash HSET key field value ... in
// batches of 64 fields (hash.ts hashRewrite; redis-server writes HMSET);
// redis-server's own rewrite batches its commands the same way,
// AOF_REWRITE_ITEMS_PER_CMD. Then PEXPIREAT key ms for a key with an expiry
// (the forms redis-server's rewrite writes). Keys already expired at the
// snapshot's time are left out. A chunk stops after the key that takes it
// past the byte budget; the next starts after that key, so one large
// collection makes one large chunk.

import { ART_WALK_DONE, ART_WALK_OOM, artWalk } from './art';
import { effBegin, effBulk, effCommandBytes, effEnsure, effInt, effPending, effWord } from './effects';
import { heapAlloc, heapBlockSize, heapFree } from './heap';
import { hashRewrite } from './hash';
import {
  leafExpireAt, leafHasTtl, leafKey, leafKeyLen, leafType, leafVal, leafValLen, TYPE_HASH, TYPE_SET, TYPE_STRING,
} from './leaf';
import { setWalk, setWalkText, setWalkTextLen } from './set';

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

/** Members per SADD (Redis's AOF_REWRITE_ITEMS_PER_CMD). */
// @ts-ignore: decorator
@inline const SNAPSHOT_BATCH: u32 = 64;

function snapshotVisit(leaf: usize): bool {
  if (effPending() >= chunkBudget) return false;
  if (leafHasTtl(leaf) && leafExpireAt(leaf) < chunkNow) return true;
  const type = leafType(leaf);
  const key = leafKey(leaf);
  const keyLen = leafKeyLen(leaf);
  const hasTtl = leafHasTtl(leaf);
  let bytes = hasTtl ? effCommandBytes(3, 9 + <u64>keyLen + 20) : 0;
  if (type == TYPE_STRING) bytes += effCommandBytes(3, 3 + <u64>keyLen + leafValLen(leaf));
  else if (type == TYPE_SET) bytes += setCommandsBytes(leaf, keyLen);
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
    writeSetCommands(leaf, key, keyLen);
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

/** Effects bytes of a set's SADD batches. */
function setCommandsBytes(leaf: usize, keyLen: u32): u64 {
  let bytes: u64 = 0;
  let members: u32 = 0;
  let payload: u64 = 0;
  for (let p = setWalk(leaf, 0); p >= 0; p = setWalk(leaf, p + 1)) {
    members++;
    payload += setWalkTextLen;
    if (members < SNAPSHOT_BATCH) continue;
    bytes += effCommandBytes(members + 2, 4 + <u64>keyLen + payload);
    members = 0;
    payload = 0;
  }
  if (members != 0) bytes += effCommandBytes(members + 2, 4 + <u64>keyLen + payload);
  return bytes;
}

/** Writes SADD key member ... for every member of a set, SNAPSHOT_BATCH at a time. Precondition: ensured. */
function writeSetCommands(leaf: usize, key: usize, keyLen: u32): void {
  let start = setWalk(leaf, 0);
  while (start >= 0) {
    let members: u32 = 0;
    let payload: u64 = 0;
    let p = start;
    for (; p >= 0 && members < SNAPSHOT_BATCH; p = setWalk(leaf, p + 1)) {
      members++;
      payload += setWalkTextLen;
    }
    effBegin(members + 2, 4 + <u64>keyLen + payload);
    effWord('SADD');
    effBulk(key, keyLen);
    for (let q = setWalk(leaf, start), i: u32 = 0; i < members; q = setWalk(leaf, q + 1), i++) {
      effBulk(setWalkText, setWalkTextLen);
    }
    start = p;
  }
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
