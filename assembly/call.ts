// call: the one entry point of the collection commands (abi.ts Op).
//
// The host writes the command's arguments as a list (io.ts "Argument
// lists") and passes the op, the count of arguments, `n` (a 64-bit integer
// as an f64, see io.ts ioInt64) and `flags`. Each command is one function
// of its type's file (hash.ts, set.ts), of the shape
//
//   (args: usize, count: u32, n: i64, flags: u32) => i32
//
// that writes its reply to the tape (reply.ts) and returns ST_OK, or a
// negative status having changed nothing. Adding a command is a case here
// and that function.

import { Op } from '../src/engine/abi';
import { ioArg, ioBegin, ioInt64, ST_OK, ST_UNKNOWN_OP } from './io';
import { replyEnd, replyStart } from './reply';

/** Runs collection command `op`; returns the reply tape's length in words, or a negative status. */
export function call(op: i32, count: u32, n: f64, flags: u32): i32 {
  ioBegin();
  replyStart();
  const args = ioArg();
  const value = ioInt64(n);
  let status: i32 = ST_UNKNOWN_OP;
  switch (op) {
    default:
      status = ST_UNKNOWN_OP;
  }
  return status == ST_OK ? replyEnd() : status;
}
