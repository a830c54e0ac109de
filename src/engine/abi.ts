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
  /** HINCRBY of a field whose value is not an integer. */
  HashNotInteger = -10,
  /** An {@link Op} the core does not know (a host built from other sources). */
  UnknownOp = -11,
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

/**
 * The collection commands (hashes and sets; sorted sets and lists will join
 * them), each run through one entry point: Engine.call in the host, `call`
 * in the core, which both dispatch on this number. Each member says what the
 * command's row passes: `args` (byte strings, in order), `n` (an exact
 * 64-bit integer: a count, a delta, a cursor) and `flags` ({@link CallFlags},
 * or a COUNT for the scans), and what the engine replies (see Engine.call
 * for the reply's shapes). Options are parsed by the row; the engines only
 * implement semantics. WRONGTYPE applies to every key argument unless said.
 */
export const enum Op {
  /** args: key, field, value, ... (pairs, at least one). Reply: fields added. */
  HSet = 1,
  /** args: key, field, value. Reply: 1 if set, 0 if the field existed. */
  HSetNx = 2,
  /** args: key, field. Reply: the value or null. */
  HGet = 3,
  /** args: key, field, ... Reply: array of value-or-null. */
  HMGet = 4,
  /** args: key, field, ... Reply: fields removed; the key goes when the hash empties. */
  HDel = 5,
  /** args: key, field. Reply: 1 or 0. */
  HExists = 6,
  /** args: key. Reply: number of fields. */
  HLen = 7,
  /** args: key. Reply: array of fields. */
  HKeys = 8,
  /** args: key. Reply: array of values. */
  HVals = 9,
  /** args: key. Reply: flat array field, value, ... (a map). */
  HGetAll = 10,
  /**
   * args: key, field; n: the delta. Reply: the new value. Errors: ERR "hash
   * value is not an integer", ERR "increment or decrement would overflow".
   */
  HIncrBy = 11,
  /** args: key, field. Reply: the value's length in bytes, 0 if absent. */
  HStrLen = 12,
  /**
   * args: key; n: count when flags has HasCount. Without a count: one
   * field or null. With one: array of distinct fields (count > 0, at most
   * the hash's size) or of count draws with repeats (count < 0); with
   * WithValues, field, value, field, value, ... An absent key: null without
   * a count, [] with one.
   */
  HRandField = 13,
  /**
   * args: key, and a MATCH pattern when flags has HasMatch; n: the cursor;
   * flags: COUNT << 8 (COUNT >= 1), with HasMatch. Reply: [next cursor as a
   * decimal bulk, flat array field, value, ...]. An absent key: ['0', []].
   */
  HScan = 14,
  /** args: key, member, ... Reply: members added. */
  SAdd = 15,
  /** args: key, member, ... Reply: members removed; the key goes when the set empties. */
  SRem = 16,
  /** args: key, member. Reply: 1 or 0. */
  SIsMember = 17,
  /** args: key, member, ... Reply: array of 1 or 0. */
  SMIsMember = 18,
  /** args: key. Reply: number of members. */
  SCard = 19,
  /** args: key. Reply: array of members. */
  SMembers = 20,
  /**
   * args: key; n: count when flags has HasCount (>= 0). Without a count:
   * one member or null. With one: array of up to count distinct members
   * ([] for an absent key). Effects: one SREM of the members popped,
   * nothing when none was; a set emptied loses its key with no further
   * effect (replaying the SREM empties it).
   */
  SPop = 21,
  /** args: key; n, flags: as for HRandField (without WithValues). */
  SRandMember = 22,
  /**
   * args: source, destination, member. Reply: 1 if moved, 0 if the member
   * is not in source. WRONGTYPE for either key.
   */
  SMove = 23,
  /** args: key, ... Reply: array of members of the union. Absent keys are empty sets. */
  SUnion = 24,
  /** args: key, ... Reply: array of members in every set. */
  SInter = 25,
  /** args: key, ... Reply: members of the first set in none of the others. */
  SDiff = 26,
  /**
   * args: destination, key, ... Reply: the result's size. The destination
   * is overwritten whatever its type (deleted when the result is empty);
   * WRONGTYPE is checked on the source keys only.
   */
  SUnionStore = 27,
  SInterStore = 28,
  SDiffStore = 29,
  /** args: key, ...; n: LIMIT (0 for none). Reply: the intersection's size, stopping at LIMIT. */
  SInterCard = 30,
  /** As HScan, replying members. */
  SScan = 31,
}

/** Engine.call's `flags` bits. */
export const enum CallFlags {
  None = 0,
  /** HRANDFIELD, SRANDMEMBER, SPOP: a count was given (in `n`). */
  HasCount = 1,
  /** HRANDFIELD: reply fields with their values. */
  WithValues = 2,
  /** HSCAN, SSCAN: the last argument is a MATCH pattern. */
  HasMatch = 4,
  /** HSCAN, SSCAN: COUNT sits in the bits from here up. */
  CountShift = 8,
}

/**
 * The core's reply to `call`: a tape of u32 words in the reply region
 * (mailbox ReplyPtr; the status is its length in words), which the host
 * reads into a Reply (wasm.ts). Each item starts with a tag word:
 *
 *   Nil             [Nil]
 *   Int             [Int, value as i32]
 *   Int64           [Int64, low u32, high u32]        signed 64-bit
 *   Bulk            [Bulk | Ascii?, ptr, len]         bytes elsewhere in linear memory,
 *                                                     valid until the next call
 *   InlineBulk      [InlineBulk | Ascii?, len, bytes padded to 4]
 *   Array           [Array, count], then count items
 *   Ok              [Ok]                              the status reply OK
 */
export const enum ReplyTag {
  Nil = 0,
  Int = 1,
  Int64 = 2,
  Bulk = 3,
  InlineBulk = 4,
  Array = 5,
  Ok = 6,
  /** Or-ed into a Bulk or InlineBulk tag when every byte is below 0x80. */
  Ascii = 0x100,
  TagMask = 0xff,
}

/** How a leaf's object is stored (its encoding bits, assembly/leaf.ts). */
export const enum Encoding {
  /** A string: the core stores every string as its bytes. */
  Raw = 0,
  Listpack = 1,
  Intset = 2,
  Hashtable = 3,
}

/**
 * The core's answer to OBJECT ENCODING (ksEncoding), indexing the names
 * Redis replies: a string is named by its content, as Redis encodes it (an
 * integer of up to 20 characters in canonical form is int, up to 44 bytes
 * embstr, longer raw).
 */
export const enum EncodingName {
  None = -1,
  Int = 0,
  Embstr = 1,
  Raw = 2,
  Listpack = 3,
  Intset = 4,
  Hashtable = 5,
}
