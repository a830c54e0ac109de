// reply: the tape a collection command replies with (abi.ts ReplyTag has
// the layout the host reads).
//
// WHY A TAPE
//
// The string commands each have their own reply convention (a length in the
// status, a pointer in the mailbox), and each needs its own glue in the
// host. A collection command instead writes its reply here as tagged u32
// words, and the host reads any tape with one decoder: a new command costs
// a function in the core and nothing in the host.
//
// Bulk items point at bytes where they already live (a listpack entry, a
// hash table's field): the host reads them before the next call, and no
// command frees them before it returns. Bytes that exist only for the reply
// (an intset member's decimal text, a member SPOP has just freed) are copied
// into the tape as an InlineBulk.
//
// OUT OF MEMORY: a writer that changes data reserves its reply's worst
// case first (replyReserve), so the writes that follow cannot fail. A read
// command may write without reserving: a failed write sets replyFailed and
// replyEnd then answers ST_OOM, having changed nothing.

import { ReplyTag } from '../src/engine/abi';
import { decimalLen, formatDecimal } from './decimal';
import { heapAlloc, heapBlockSize, heapFree } from './heap';
import { ioReplyBytes, ioValueLen, ST_OOM } from './io';

let tapeBase: usize = 0;
let tapeCap: u32 = 0;
/** Bytes written. */
let tapeLen: u32 = 0;
/** Whether a write found no room: the reply is lost, replyEnd says OOM. */
let replyFailed = false;

/** replyStart: begins a command's reply. */
export function replyStart(): void {
  tapeLen = 0;
  replyFailed = false;
}

/** Makes room for `bytes` more bytes of tape; false on OOM (what was written stays). */
export function replyReserve(bytes: u64): bool {
  const need = <u64>tapeLen + bytes;
  if (need <= <u64>tapeCap) return true;
  const want = max(need, max(<u64>tapeCap << 1, 256));
  if (want > 0x80000000) return false;
  const cap = heapBlockSize(<u32>want);
  const base = heapAlloc(cap);
  if (base == 0) return false;
  if (tapeBase != 0) {
    memory.copy(base, tapeBase, tapeLen);
    heapFree(tapeBase, tapeCap);
  }
  tapeBase = base;
  tapeCap = cap;
  return true;
}

/** Room for `bytes`, or replyFailed set. */
// @ts-ignore: decorator
@inline function room(bytes: u32): bool {
  if (replyFailed) return false;
  if (<u64>tapeLen + bytes <= <u64>tapeCap || replyReserve(bytes)) return true;
  replyFailed = true;
  return false;
}

// @ts-ignore: decorator
@inline function word(v: u32): void {
  store<u32>(tapeBase + tapeLen, v);
  tapeLen += 4;
}

/** Tape bytes of one Bulk item (for reservations). */
// @ts-ignore: decorator
@inline export const REPLY_BULK_BYTES: u32 = 12;
/** Tape bytes of an InlineBulk of `len` bytes (for reservations). */
// @ts-ignore: decorator
@inline export function replyInlineBytes(len: u32): u64 {
  return 8 + <u64>((len + 3) & ~3);
}
/** Tape bytes of an Int64 (the largest integer item) or an Array header. */
// @ts-ignore: decorator
@inline export const REPLY_INT_BYTES: u32 = 12;

export function replyNil(): void {
  if (room(4)) word(ReplyTag.Nil);
}

export function replyOk(): void {
  if (room(4)) word(ReplyTag.Ok);
}

/** An integer reply: Int while it fits an i32, else Int64. */
export function replyInt(v: i64): void {
  if (v >= -0x80000000 && v <= 0x7fffffff) {
    if (!room(8)) return;
    word(ReplyTag.Int);
    word(<u32>v);
    return;
  }
  if (!room(12)) return;
  word(ReplyTag.Int64);
  word(<u32>v);
  word(<u32>(v >>> 32));
}

/** A bulk string whose `len` bytes at `ptr` stay put until the command returns. */
export function replyBulk(ptr: usize, len: u32): void {
  if (!room(12)) return;
  word(ioValueLen(ptr, len) != len ? ReplyTag.Bulk | ReplyTag.Ascii : ReplyTag.Bulk);
  word(<u32>ptr);
  word(len);
}

/** A bulk string copied into the tape (bytes that will not outlive the command). */
export function replyInlineBulk(ptr: usize, len: u32): void {
  if (!room(<u32>replyInlineBytes(len))) return;
  word(ioValueLen(ptr, len) != len ? ReplyTag.InlineBulk | ReplyTag.Ascii : ReplyTag.InlineBulk);
  word(len);
  memory.copy(tapeBase + tapeLen, ptr, len);
  tapeLen += (len + 3) & ~3;
}

/** A signed integer written as a decimal bulk string (an intset member, a cursor). */
export function replyDecimal(v: i64): void {
  const len = decimalLen(v);
  if (!room(<u32>replyInlineBytes(len))) return;
  word(ReplyTag.InlineBulk | ReplyTag.Ascii);
  word(len);
  formatDecimal(v, tapeBase + tapeLen);
  tapeLen += (len + 3) & ~3;
}

/** An array header for `count` items, which follow. Returns where the count sits, for replyPatchCount. */
export function replyArray(count: u32): u32 {
  if (!room(8)) return 0;
  word(ReplyTag.Array);
  const at = tapeLen;
  word(count);
  return at;
}

/** Sets the count of the array whose header replyArray put at `at` (for replies that learn their length as they go). */
export function replyPatchCount(at: u32, count: u32): void {
  if (!replyFailed) store<u32>(tapeBase + at, count);
}

/**
 * replyEnd: finishes the reply: points the mailbox at the tape and returns
 * its length in words as the status, or ST_OOM if a write found no room.
 */
export function replyEnd(): i32 {
  if (replyFailed) return ST_OOM;
  return ioReplyBytes(tapeBase, tapeLen >>> 2);
}

/** Forgets the tape (FLUSHALL reset the heap under it). */
export function replyAfterReset(): void {
  tapeBase = 0;
  tapeCap = 0;
  tapeLen = 0;
}
