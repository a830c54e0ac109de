// effects: the writer of the effects stream, RESP commands that replay to
// the same dataset (see DESIGN.md "Effects stream").
//
// WHAT IT STORES
//
// One heap block holding RESP arrays of bulk strings, appended while the
// host has recording on and handed over by effDrain:
//
//   *3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n *2\r\n$3\r\nDEL\r\n ...
//   ^ effBase                                         effLen ^      ^ effCap
//
// The block doubles when full. Commands that must be all-or-nothing call
// effEnsure with the bound of everything they will record before they change
// anything, so the writes themselves never allocate. effDrain only resets the
// length: the bytes stay readable until the next write, which is after the
// host has copied them.
//
// Command names and integers are written as ASCII by the helpers below; a
// command's payload bound is the sum of its argument lengths plus
// EFF_ARG_OVERHEAD per argument (the "$<len>\r\n" and "\r\n" around it).

import { decimalLen, formatDecimal } from './decimal';
import { HEAP_MAX_BLOCK, heapAlloc, heapBlockSize, heapFree } from './heap';

// @ts-ignore: decorator
@inline const EFF_MIN_CAP: u32 = 1024;
/** Bytes of framing per bulk argument ("$" + up to 10 digits + 2 CRLF), and per array header. */
// @ts-ignore: decorator
@inline export const EFF_ARG_OVERHEAD: u32 = 16;

let effBase: usize = 0;
let effCap: u32 = 0;
let effLen: u32 = 0;
/** Bytes every effEnsure keeps free beyond its request: room for EXEC while a transaction is open. */
let effTail: u32 = 0;
/** Where the open transaction's MULTI starts and its body begins; -1 when not recording it. */
let effTxMark: i64 = -1;
let effTxBody: u32 = 0;
/** Whether writes are recorded (the host's recordEffects). */
export let effOn: bool = false;

export function effSetRecording(on: bool): void {
  effOn = on;
}

/** Buffer bytes a command of `argc` arguments with `payload` argument bytes takes, at most. */
// @ts-ignore: decorator
@inline export function effCommandBytes(argc: u32, payload: u64): u64 {
  return payload + (<u64>argc + 1) * EFF_ARG_OVERHEAD;
}

/**
 * effEnsure: makes room for `bytes` more bytes (the sum of effCommandBytes of
 * everything a command will record), growing the block now so that the
 * writes that follow cannot fail. Returns false on OOM, with nothing lost.
 */
export function effEnsure(bytes: u64): bool {
  const need = <u64>effLen + bytes + effTail;
  if (need <= <u64>effCap) return true;
  const want = max(need, max(<u64>effCap << 1, <u64>EFF_MIN_CAP));
  if (want > <u64>HEAP_MAX_BLOCK) return false;
  const cap = heapBlockSize(<u32>want);
  const base = heapAlloc(cap);
  if (base == 0) return false;
  if (effBase != 0) {
    memory.copy(base, effBase, effLen);
    heapFree(effBase, effCap);
  }
  effBase = base;
  effCap = cap;
  return true;
}

// === Primitives =============================================================

// @ts-ignore: decorator
@inline function put(b: u8): void {
  store<u8>(effBase + effLen, b);
  effLen++;
}

function putCrlf(): void {
  store<u16>(effBase + effLen, 0x0a0d);
  effLen += 2;
}

function putDecimal(v: u64): void {
  let digits: u32 = 1;
  for (let t = v; t >= 10; t /= 10) digits++;
  let p = effBase + effLen + digits;
  let t = v;
  do {
    p--;
    store<u8>(p, <u8>(48 + t % 10));
    t /= 10;
  } while (t != 0);
  effLen += digits;
}

// === Commands ===============================================================

/**
 * effBegin: starts a command of `argc` arguments whose bulk payload is at
 * most `payload` bytes (sum of argument lengths). Precondition: effOn, and
 * effEnsure covered effCommandBytes(argc, payload).
 */
export function effBegin(argc: u32, payload: u64): void {
  assert(<u64>effLen + effCommandBytes(argc, payload) <= <u64>effCap, 'effects write without effEnsure');
  put(0x2a);
  putDecimal(argc);
  putCrlf();
}

/** effBulk: one bulk-string argument of `len` bytes at `ptr`. */
export function effBulk(ptr: usize, len: u32): void {
  put(0x24);
  putDecimal(len);
  putCrlf();
  memory.copy(effBase + effLen, ptr, len);
  effLen += len;
  putCrlf();
}

/** effWord: a bulk argument spelled by an ASCII literal (command names, options). */
export function effWord(word: string): void {
  const n = <u32>word.length;
  put(0x24);
  putDecimal(n);
  putCrlf();
  for (let i: u32 = 0; i < n; i++) put(<u8>word.charCodeAt(i));
  putCrlf();
}

/** effInt: a bulk argument holding a signed decimal integer. */
export function effInt(v: i64): void {
  put(0x24);
  putDecimal(decimalLen(v));
  putCrlf();
  effLen += formatDecimal(v, effBase + effLen);
  putCrlf();
}

/**
 * Elements per command when a log rewrite writes a collection (SADD, HSET
 * of at most this many members or pairs): Redis's AOF_REWRITE_ITEMS_PER_CMD.
 */
// @ts-ignore: decorator
@inline export const EFF_REWRITE_BATCH: u32 = 64;

/** Bulk payload bytes of an integer argument (for effBegin's bound). */
// @ts-ignore: decorator
@inline export const EFF_INT_PAYLOAD: u32 = 20;

// === Transactions ===========================================================

// @ts-ignore: decorator
@inline const MULTI_BYTES: u32 = 15;
// @ts-ignore: decorator
@inline const EXEC_BYTES: u32 = 14;

/**
 * effTxBegin: opens a transaction's unit: writes MULTI now and keeps room
 * for EXEC from here on, so commit cannot fail. False on OOM.
 */
export function effTxBegin(): bool {
  effTxMark = -1;
  if (!effOn) return true;
  if (!effEnsure(MULTI_BYTES + EXEC_BYTES)) return false;
  effTxMark = effLen;
  effBegin(1, 5);
  effWord('MULTI');
  effTxBody = effLen;
  effTail = EXEC_BYTES;
  return true;
}

/** effTxCommit: closes the unit with EXEC, or removes the MULTI when nothing was recorded in it. */
export function effTxCommit(): void {
  effTail = 0;
  if (effTxMark < 0) return;
  if (effLen == effTxBody) {
    effLen = <u32>effTxMark;
  } else {
    effBegin(1, 4);
    effWord('EXEC');
  }
  effTxMark = -1;
}

/** effTxRollback: drops everything recorded since effTxBegin, MULTI included. */
export function effTxRollback(): void {
  effTail = 0;
  if (effTxMark >= 0) effLen = <u32>effTxMark;
  effTxMark = -1;
}

/**
 * effDrain: reply = the recorded bytes; empties the buffer (bytes stay
 * readable until the next write). Never inside a transaction (the host
 * refuses): a rollback could not take the bytes back.
 */
/** Bytes recorded since the last drain. */
export function effPending(): u32 {
  return effLen;
}

export function effDrain(): u32 {
  assert(effTxMark < 0, 'effects drained inside a transaction');
  const len = effLen;
  effLen = 0;
  return len;
}

/** The buffer's address, for effDrain's reply. */
export function effBuffer(): usize {
  return effBase;
}

/** The buffer's capacity in bytes (FLUSHALL keeps the block, heap.ts heapReset). */
export function effCapacity(): u32 {
  return effCap;
}
