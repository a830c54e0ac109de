/**
 * The boundary ABI between the WebAssembly core (assembly/) and its host
 * (wasm.ts): status codes, reply bits, mailbox offsets, type codes and the
 * flag words of the Engine contract.
 *
 * This one file is compiled twice: by tsc as part of the host, and by asc,
 * which imports it from the core (`import { Status } from
 * '../src/engine/abi'`). So it holds only `const enum`s, the subset of
 * TypeScript both compilers read the same way, and every number that
 * crosses the boundary is written here once.
 */

/**
 * What every core command export returns: a result (length, count, flag)
 * when >= 0, or one of these.
 */
export const enum Status {
  Ok = 0,
  /** A null reply. */
  Nil = -1,
  WrongType = -2,
  NotInteger = -3,
  Overflow = -4,
  OutOfMemory = -5,
  NoSuchKey = -6,
  /** A string would pass 512 MiB (proto-max-bulk-len). */
  TooLong = -7,
  /** COPY of a key onto itself. */
  SameObject = -8,
  /** begin() inside a transaction. */
  TxNested = -9,
}

/** The status of a reply that is one stored value: its length, and a bit saying it is all ASCII. */
export const enum ValueReply {
  Ascii = 0x40000000,
  LengthMask = 0x3fffffff,
}

/** Byte offsets of the mailbox fields (assembly/io.ts has the layout and who writes what). */
export const enum Mailbox {
  /** u32, core: where the reply bytes start. */
  ReplyPtr = 8,
  /** u32, core: the reply length when the status says something else. */
  ReplyLen = 12,
  /** f64, core: a numeric reply, exact when |n| <= 2^53 - 1. */
  ReplyNum = 16,
  /** u32, core: SCAN's last key examined (reuses ReplyNum's bytes). */
  LastKeyPtr = 16,
  /** u32, core: its length, NoLastKey when the walk is over. */
  LastKeyLen = 20,
  /** i64, core: an integer reply beyond 2^53. */
  ReplyBig = 24,
  /** u32, core: the argument region. */
  ArgPtr = 32,
  /** u32, core: its capacity. */
  ArgCap = 36,
  /** u32, core: the reply region (MGET's pairs). */
  ReplyBufPtr = 40,
  /** u32, core: what the host may do with GET's decoded string ({@link DecodedReply}); written only for values of DecodedReply.MinBytes or more. */
  ReplyDecoded = 44,
  /** i64, host: a 64-bit integer argument beyond 2^53 (expiry time, INCRBY delta), read when its f64 parameter is NaN. */
  IntArg = 48,
  /** Bytes in all. */
  Size = 56,
}

/**
 * GET's word on reusing a decoded string (assembly/io.ts explains the
 * scheme): for a value of at least MinBytes, whether the string the host
 * decoded for this value's address at its last Fresh reply still holds.
 */
export const enum DecodedReply {
  /** Decode the value, and keep the string under the value's address. */
  Fresh = 1,
  /** The value has not changed since its last Fresh reply: the string kept then (if still kept) is the value. */
  Unchanged = 2,
  /** Values shorter than this are decoded each time: a lookup would cost about what decoding does. */
  MinBytes = 1024,
}

/** How GET replies: as a string to decode, or as bytes (no ASCII scan, no reuse). */
export const enum GetAs {
  String = 0,
  Bytes = 1,
}

/** LastKeyLen when a SCAN walk reached the end. */
export const enum ScanEnd {
  NoLastKey = 0xffffffff,
}

/** ksScan's `flags` parameter. */
export const enum ScanFlags {
  /** Include a key equal to `from`. */
  Inclusive = 1,
  /** Also list the expired keys that passed the filters (Engine ScanFilter.expired). */
  Expired = 2,
}

/** Set on an entry's u32 length in the scan reply when the key has expired (listed only with ScanFlags.Expired). */
export const enum ScanEntry {
  Expired = 0x80000000,
  LengthMask = 0x7fffffff,
}

/** Object type codes, as stored in a leaf and replied by TYPE. */
export const enum ObjectType {
  String = 0,
  Hash = 1,
  Set = 2,
  Zset = 3,
  List = 4,
}

/** Flags for Engine.set; combine with `|`. */
export const enum SetFlags {
  None = 0,
  /** Only set if the key does not exist. */
  NX = 1,
  /** Only set if the key exists. */
  XX = 2,
  /** Keep the key's current expiry instead of clearing it. */
  KeepTTL = 4,
  /** Reply with the old value (or null) instead of 'OK'. */
  Get = 8,
  /** Set expireAt to the `expireAt` argument. */
  Expire = 16,
}

/** Flags for Engine.expire; at most one of NX/XX and one of GT/LT. */
export const enum ExpireFlags {
  None = 0,
  /** Only if the key has no expiry. */
  NX = 1,
  /** Only if the key has an expiry. */
  XX = 2,
  /** Only if the new expiry is greater than the current one (no expiry = infinite). */
  GT = 4,
  /** Only if the new expiry is less than the current one (no expiry = infinite). */
  LT = 8,
}

/** What GETEX does to the key's expiry. */
export const enum GetExMode {
  /** Leave the expiry as it is. */
  Keep = 0,
  /** Set expireAt to the given time. */
  At = 1,
  /** Remove the expiry. */
  Persist = 2,
}
