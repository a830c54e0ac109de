// io: the boundary between the host (src/engine/wasm.ts) and the core.
//
// WHAT IT STORES
//
// A fixed mailbox in static memory that the host reads and writes through
// typed-array views (no call needed), and two heap blocks:
//
//   mailbox (static, 56 bytes)
//   off  size  field         written by
//   0    8     unused
//   8    4     replyPtr      core: where the reply bytes start
//   12   4     replyLen      core: reply length (for replies that also return a status)
//   16   8     replyNum      core: a numeric reply (f64, exact when |n| <= 2^53 - 1);
//                            SCAN puts the last key's address and length here instead
//   24   8     replyBig      core: a 64-bit integer reply beyond 2^53 (i64)
//   32   4     argPtr        core: the argument region (may move, see ioArgReserve)
//   36   4     argCap        core: its capacity
//   40   4     replyBufPtr   core: the reply region (MGET's pairs)
//   44   4     replyDecoded  core: GET of a value of DecodedReply.MinBytes or
//                            more: Fresh or Unchanged (see DECODED STRINGS)
//   48   8     intArg        host: a 64-bit integer argument beyond 2^53 (i64):
//                            an expiry time or an INCRBY delta, read when its
//                            f64 parameter is NaN (ioInt64)
//
// - The argument region holds a command's key and value bytes, written by
//   the host (encodeInto / a charCodeAt loop) just before the call. It is
//   reused for every call and only reallocated to grow.
// - The reply region holds MGET's (ptr, len) pairs (SCAN keeps its own
//   region, keyspace.ts). A single value reply instead points straight into
//   its leaf: the host copies or decodes it before the next call, so no copy
//   is made in the core.
// - One deferred free: a command that unlinks a leaf but replies with its
//   value (GETDEL, SET ... GET) parks the leaf here; ioBegin frees it at the
//   start of the next command, after the host has read the reply.
//
// 64-BIT INTEGERS (expiry times, INCRBY's delta and reply) cross as an f64
// parameter or reply, exact for every value within +-(2^53 - 1), which is
// every realistic time and almost every counter; a value beyond that (any
// signed 64-bit value is a valid Redis time or delta) goes through the
// mailbox instead, with NaN in the f64 parameter to say so: intArg on the
// way in (ioInt64), replyBig on the way out (ioReplyTime, ioReplyInt). The
// common path stays one f64, so the host never makes a BigInt for it.
//
// DECODED STRINGS: decoding a long value into a JS string costs far more
// than finding it (4 KB: ~0.25 us to copy it into a string, ~0.1 us to scan
// it for ASCII), and a read-mostly cache of large values reads the same ones
// again and again. So GET of a value of DecodedReply.MinBytes or more tells
// the host whether the string it decoded for this value's address the last
// time can be handed out again:
//
// - Fresh: the leaf had no DECODED bit; GET sets it, and the host decodes
//   the value and keeps the string under the value's address (replacing
//   whatever it kept there).
// - Unchanged: the bit was set, so the bytes have not changed since that
//   Fresh reply (leaf.ts: every in-place change clears the bit in
//   leafResize; a leaf built in a freed one's place starts without it), and
//   no other leaf can have had this address meanwhile. The host hands out
//   its string if it still keeps one; the core skips the ASCII scan.
//
// Nothing else is needed for transactions: a rollback restores values
// through leafResize, and a leaf the journal kept was never freed, so its
// bit and the host's string agree. The host keeps strings up to a budget
// (src/engine/wasm.ts) and may forget any of them at any time.
//
// STATUS CODES: every command export returns an i32; >= 0 is a result
// (length, count, flag), negative values are ST_* below. wasm.ts maps them to
// the matching ReplyError. A reply that is one stored value (ioReplyValue)
// also carries REPLY_ASCII when its bytes are all ASCII, so the host can
// decode it as Latin-1, the cheapest decoder there is (values are at most
// 512 MiB < 2^30, so the bit is free).

import { DecodedReply, Mailbox, Status, ValueReply } from '../src/engine/abi';
import { heapAlloc, heapBlockSize, heapEndPledge, heapFree } from './heap';
import { leafDecoded, leafSetDecoded } from './leaf';
import { objFree } from './object';

// @ts-ignore: decorator
@inline export const ST_OK: i32 = Status.Ok;
// @ts-ignore: decorator
@inline export const ST_NIL: i32 = Status.Nil;
// @ts-ignore: decorator
@inline export const ST_WRONGTYPE: i32 = Status.WrongType;
// @ts-ignore: decorator
@inline export const ST_NOT_INTEGER: i32 = Status.NotInteger;
// @ts-ignore: decorator
@inline export const ST_OVERFLOW: i32 = Status.Overflow;
// @ts-ignore: decorator
@inline export const ST_OOM: i32 = Status.OutOfMemory;
// @ts-ignore: decorator
@inline export const ST_NO_SUCH_KEY: i32 = Status.NoSuchKey;
// @ts-ignore: decorator
@inline export const ST_TOO_LONG: i32 = Status.TooLong;
// @ts-ignore: decorator
@inline export const ST_SAME_OBJECT: i32 = Status.SameObject;
// @ts-ignore: decorator
@inline export const ST_HASH_NOT_INTEGER: i32 = Status.HashNotInteger;
// @ts-ignore: decorator
@inline export const ST_UNKNOWN_OP: i32 = Status.UnknownOp;

/** Status bit of a value reply whose bytes are all below 0x80. */
// @ts-ignore: decorator
@inline export const REPLY_ASCII: u32 = ValueReply.Ascii;

export const ioMailbox: usize = memory.data(Mailbox.Size, 8);

// @ts-ignore: decorator
@inline const ARG_INITIAL: u32 = 4096;

let ioReplyBufCap: u32 = 0;
let ioDeferredLeaf: usize = 0;

/** The host's clock: the running command's time in Unix ms (wasm.ts passes its CommandClock). */
// @ts-ignore: decorator
@external("host", "now")
declare function hostNow(): f64;

let ioNowKnown = false;
let ioNowMs: i64 = 0;

/**
 * ioNow: the running command's time in Unix ms, asked of the host the first
 * time a command needs it: reading a clock costs the host about 50 ns, as
 * much as a whole GET of a key without an expiry, and only keys with an
 * expiry (and EXPIRE, GETEX, active expiry) need the time.
 */
export function ioNow(): i64 {
  if (!ioNowKnown) {
    ioNowMs = <i64>hostNow();
    ioNowKnown = true;
  }
  return ioNowMs;
}

/** ioBegin: every command export starts here: forgets the last command's time, frees the deferred leaf, ends the last pledge. */
// @ts-ignore: decorator
@inline export function ioBegin(): void {
  ioNowKnown = false;
  heapEndPledge();
  if (ioDeferredLeaf != 0) {
    objFree(ioDeferredLeaf);
    ioDeferredLeaf = 0;
  }
}

// @ts-ignore: decorator
@inline export function ioArg(): usize {
  return <usize>load<u32>(ioMailbox, Mailbox.ArgPtr);
}

/** Points the reply at `len` bytes at `ptr`; returns len as the status. */
// @ts-ignore: decorator
@inline export function ioReplyBytes(ptr: usize, len: u32): i32 {
  store<u32>(ioMailbox, <u32>ptr, Mailbox.ReplyPtr);
  return <i32>len;
}

/** Whether the `len` bytes at `ptr` are all ASCII (64, then 8 bytes per step). */
function bytesAscii(ptr: usize, len: u32): bool {
  let i: u32 = 0;
  while (i + 64 <= len) {
    const high = v128.or(v128.or(v128.load(ptr + i), v128.load(ptr + i, 16)), v128.or(v128.load(ptr + i, 32), v128.load(ptr + i, 48)));
    if (i8x16.bitmask(high) != 0) return false;
    i += 64;
  }
  while (i + 8 <= len) {
    if ((load<u64>(ptr + i) & 0x8080808080808080) != 0) return false;
    i += 8;
  }
  while (i < len) {
    if (load<u8>(ptr + i) >= 0x80) return false;
    i++;
  }
  return true;
}

/** The reply length of one stored value, with REPLY_ASCII when it is all ASCII. */
// @ts-ignore: decorator
@inline export function ioValueLen(ptr: usize, len: u32): u32 {
  return bytesAscii(ptr, len) ? len | REPLY_ASCII : len;
}

/** Points the reply at one stored value; returns its length (with REPLY_ASCII) as the status. */
export function ioReplyValue(ptr: usize, len: u32): i32 {
  store<u32>(ioMailbox, <u32>ptr, Mailbox.ReplyPtr);
  return <i32>ioValueLen(ptr, len);
}

/**
 * Points the reply at a GET's value and says whether the host's decoded
 * string of it still holds (DECODED STRINGS above): Unchanged skips the
 * ASCII scan; a long value not yet marked is marked and replied Fresh.
 */
export function ioReplyDecodable(leaf: usize, ptr: usize, len: u32): i32 {
  if (len < <u32>DecodedReply.MinBytes) return ioReplyValue(ptr, len);
  if (leafDecoded(leaf)) {
    store<u32>(ioMailbox, <u32>ptr, Mailbox.ReplyPtr);
    store<u32>(ioMailbox, DecodedReply.Unchanged, Mailbox.ReplyDecoded);
    return <i32>len;
  }
  leafSetDecoded(leaf);
  store<u32>(ioMailbox, DecodedReply.Fresh, Mailbox.ReplyDecoded);
  return ioReplyValue(ptr, len);
}

/** Sets the reply pointer and length, for replies whose status says something else. */
// @ts-ignore: decorator
@inline export function ioSetReply(ptr: usize, len: u32): void {
  store<u32>(ioMailbox, <u32>ptr, Mailbox.ReplyPtr);
  store<u32>(ioMailbox, len, Mailbox.ReplyLen);
}

/** A 64-bit integer reply: status 0 with replyNum when exact as f64, status 1 with replyBig beyond. */
export function ioReplyInt(v: i64): i32 {
  if (v >= -9007199254740991 && v <= 9007199254740991) {
    store<f64>(ioMailbox, <f64>v, Mailbox.ReplyNum);
    return 0;
  }
  store<i64>(ioMailbox, v, Mailbox.ReplyBig);
  return 1;
}

/** ioInt64: a 64-bit integer parameter (a time, a delta) as i64: the f64 itself, or mailbox.intArg when it is NaN. */
// @ts-ignore: decorator
@inline export function ioInt64(arg: f64): i64 {
  return isNaN(arg) ? load<i64>(ioMailbox, Mailbox.IntArg) : <i64>arg;
}

/** ioReplyTime: an expiry time reply as f64: exact when |t| <= 2^53 - 1, else NaN with t in mailbox.replyBig. */
export function ioReplyTime(t: i64): f64 {
  if (t >= -9007199254740991 && t <= 9007199254740991) return <f64>t;
  store<i64>(ioMailbox, t, Mailbox.ReplyBig);
  return NaN;
}

/** Parks the unlinked entry `leaf` to be freed when the next command starts (its value is the reply). */
export function ioDeferFree(leaf: usize): void {
  assert(ioDeferredLeaf == 0, 'two deferred frees in one command');
  ioDeferredLeaf = leaf;
}

/**
 * ioArgReserve: makes the argument region at least `cap` bytes, keeping its
 * contents; returns its address, or 0 when memory is exhausted (the old
 * region stays valid).
 */
export function ioArgReserve(cap: u32): usize {
  const old = ioArg();
  const oldCap = load<u32>(ioMailbox, Mailbox.ArgCap);
  if (cap <= oldCap) return old;
  const want = heapBlockSize(max(cap, oldCap << 1));
  const arg = heapAlloc(want);
  if (arg == 0) return 0;
  if (old != 0) {
    memory.copy(arg, old, oldCap);
    heapFree(old, oldCap);
  }
  store<u32>(ioMailbox, <u32>arg, Mailbox.ArgPtr);
  store<u32>(ioMailbox, want, Mailbox.ArgCap);
  return arg;
}

/** ioReplyBuf: the reply region with room for `size` bytes (contents dropped), or 0 on OOM. */
export function ioReplyBuf(size: u32): usize {
  const old = <usize>load<u32>(ioMailbox, Mailbox.ReplyBufPtr);
  if (size <= ioReplyBufCap) return old;
  const want = heapBlockSize(max(size, ioReplyBufCap << 1));
  const buf = heapAlloc(want);
  if (buf == 0) return 0;
  if (old != 0) heapFree(old, ioReplyBufCap);
  store<u32>(ioMailbox, <u32>buf, Mailbox.ReplyBufPtr);
  ioReplyBufCap = want;
  return buf;
}

/** Forgets the regions (their blocks are gone or never were) and allocates an argument region of `cap` bytes. */
function ioRecreate(cap: u32): void {
  store<u32>(ioMailbox, 0, Mailbox.ArgPtr);
  store<u32>(ioMailbox, 0, Mailbox.ArgCap);
  store<u32>(ioMailbox, 0, Mailbox.ReplyBufPtr);
  ioReplyBufCap = 0;
  ioDeferredLeaf = 0;
  ioArgReserve(cap);
}

/** ioInit: allocates the argument region. Called once from the start function. */
export function ioInit(): void {
  ioRecreate(ARG_INITIAL);
}

/** ioAfterReset: re-creates the argument and reply regions after heapReset (FLUSHALL), the argument region at its old capacity. */
export function ioAfterReset(): void {
  ioRecreate(load<u32>(ioMailbox, Mailbox.ArgCap));
}

// === Argument lists =========================================================
//
// A list of arguments (MGET's keys, a collection command's arguments) is a
// run of entries in the argument region, each a u32 length then the bytes.

/** The length of the list entry at `p`. */
// @ts-ignore: decorator
@inline export function ioEntryLen(p: usize): u32 {
  return load<u32>(p);
}

/** The bytes of the list entry at `p`. */
// @ts-ignore: decorator
@inline export function ioEntryBytes(p: usize): usize {
  return p + 4;
}

/** The list entry after the one at `p`. */
// @ts-ignore: decorator
@inline export function ioEntryNext(p: usize): usize {
  return p + 4 + load<u32>(p);
}
