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
import {
  setAdd, setCard, setDiff, setDiffStore, setInter, setInterCard, setInterStore, setIsMember,
  setMIsMember, setMembers, setMove, setPop, setRandMember, setRem, setScan, setUnion, setUnionStore,
} from './set';
import {
  hashHDel, hashHExists, hashHGet, hashHGetAll, hashHIncrBy, hashHKeys, hashHLen, hashHMGet, hashHRandField, hashHScan,
  hashHSet, hashHSetNx, hashHStrLen, hashHVals,
} from './hash';

/** Runs collection command `op`; returns the reply tape's length in words, or a negative status. */
export function call(op: i32, count: u32, n: f64, flags: u32): i32 {
  ioBegin();
  replyStart();
  const args = ioArg();
  const value = ioInt64(n);
  let status: i32 = ST_UNKNOWN_OP;
  switch (op) {
    case Op.SAdd:
      status = setAdd(args, count, value, flags);
      break;
    case Op.SRem:
      status = setRem(args, count, value, flags);
      break;
    case Op.SIsMember:
      status = setIsMember(args, count, value, flags);
      break;
    case Op.SMIsMember:
      status = setMIsMember(args, count, value, flags);
      break;
    case Op.SCard:
      status = setCard(args, count, value, flags);
      break;
    case Op.SMembers:
      status = setMembers(args, count, value, flags);
      break;
    case Op.SPop:
      status = setPop(args, count, value, flags);
      break;
    case Op.SRandMember:
      status = setRandMember(args, count, value, flags);
      break;
    case Op.SMove:
      status = setMove(args, count, value, flags);
      break;
    case Op.SUnion:
      status = setUnion(args, count, value, flags);
      break;
    case Op.SInter:
      status = setInter(args, count, value, flags);
      break;
    case Op.SDiff:
      status = setDiff(args, count, value, flags);
      break;
    case Op.SUnionStore:
      status = setUnionStore(args, count, value, flags);
      break;
    case Op.SInterStore:
      status = setInterStore(args, count, value, flags);
      break;
    case Op.SDiffStore:
      status = setDiffStore(args, count, value, flags);
      break;
    case Op.SInterCard:
      status = setInterCard(args, count, value, flags);
      break;
    case Op.SScan:
      status = setScan(args, count, value, flags);
      break;
    case Op.HSet:
      status = hashHSet(args, count, value, flags);
      break;
    case Op.HSetNx:
      status = hashHSetNx(args, count, value, flags);
      break;
    case Op.HGet:
      status = hashHGet(args, count, value, flags);
      break;
    case Op.HMGet:
      status = hashHMGet(args, count, value, flags);
      break;
    case Op.HDel:
      status = hashHDel(args, count, value, flags);
      break;
    case Op.HExists:
      status = hashHExists(args, count, value, flags);
      break;
    case Op.HLen:
      status = hashHLen(args, count, value, flags);
      break;
    case Op.HKeys:
      status = hashHKeys(args, count, value, flags);
      break;
    case Op.HVals:
      status = hashHVals(args, count, value, flags);
      break;
    case Op.HGetAll:
      status = hashHGetAll(args, count, value, flags);
      break;
    case Op.HIncrBy:
      status = hashHIncrBy(args, count, value, flags);
      break;
    case Op.HStrLen:
      status = hashHStrLen(args, count, value, flags);
      break;
    case Op.HRandField:
      status = hashHRandField(args, count, value, flags);
      break;
    case Op.HScan:
      status = hashHScan(args, count, value, flags);
      break;
    default:
      status = ST_UNKNOWN_OP;
  }
  return status == ST_OK ? replyEnd() : status;
}
