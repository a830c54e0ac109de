// object: what a keyspace entry holds, and the one way each kind is freed.
//
// THE MODEL
//
// An entry is a leaf (leaf.ts): key, expiry, and an object header of type
// and encoding in its flags byte. The object's payload follows the key in
// the same block, like Redis's embstr where robj and sds share one
// allocation. What the payload is depends on the encoding:
//
//   type     encoding   payload in the leaf          owns outside the leaf
//   string   raw        the value bytes               nothing
//   (hash, set, zset, list arrive with their issues: their payload is a
//    u32 pointer to the structure, which the type's free function walks)
//
// A small string pays nothing for the model: no pointer, no second block.
//
// ONE FREE PATH
//
// objFree is the only way an entry's memory goes back to the heap: DEL,
// overwrite, expiry, FLUSHALL inside a transaction, commit (the replaced
// entries the journal kept) and rollback (the entries it undoes) all call it.
// A new type adds its case here and nowhere else.

import { heapBlockSize, heapFree } from './heap';
import { EncodingName } from '../src/engine/abi';
import { ENC_RAW, leafEncoding, leafHasTtl, leafSize, leafType, leafVal, leafValLen, TYPE_STRING } from './leaf';

/**
 * objFree: returns every block of the entry `leaf` (unlinked from the tree
 * and the TTL index) to the heap.
 */
export function objFree(leaf: usize): void {
  const type = leafType(leaf);
  const encoding = leafEncoding(leaf);
  if (type == TYPE_STRING && encoding == ENC_RAW) {
    heapFree(leaf, leafSize(leaf));
    return;
  }
  assert(false, 'objFree: unknown type or encoding');
}

/**
 * objMemoryUsage: the bytes the entry holds (MEMORY USAGE): its blocks at
 * the size the heap gives them, plus its TTL index slot. The tree nodes
 * above the leaf are shared between keys and not counted.
 */
export function objMemoryUsage(leaf: usize): u64 {
  const type = leafType(leaf);
  const encoding = leafEncoding(leaf);
  const ttlSlot: u64 = leafHasTtl(leaf) ? 4 : 0;
  if (type == TYPE_STRING && encoding == ENC_RAW) return <u64>heapBlockSize(leafSize(leaf)) + ttlSlot;
  assert(false, 'objMemoryUsage: unknown type or encoding');
  return 0;
}

/**
 * objEncodingName: what OBJECT ENCODING says of the entry (abi.ts
 * EncodingName). A string is named by its content as Redis would encode it:
 * a canonical integer of up to 20 characters is int, up to 44 bytes embstr,
 * longer raw.
 */
export function objEncodingName(leaf: usize): i32 {
  const type = leafType(leaf);
  if (type == TYPE_STRING) {
    const len = leafValLen(leaf);
    if (len <= 20 && isCanonicalInt64(leafVal(leaf), len)) return EncodingName.Int;
    return len <= 44 ? EncodingName.Embstr : EncodingName.Raw;
  }
  assert(false, 'objEncodingName: unknown type');
  return EncodingName.None;
}

/** Whether the bytes are an integer as Redis's string2ll accepts it: canonical decimal within i64. */
function isCanonicalInt64(p: usize, len: u32): bool {
  if (len == 0) return false;
  let i: u32 = 0;
  const neg = load<u8>(p) == 0x2d;
  if (neg) i = 1;
  if (i == len) return false;
  const first = load<u8>(p + i);
  if (first == 0x30) return len == 1;
  let mag: u64 = 0;
  for (; i < len; i++) {
    const d = <u32>load<u8>(p + i) - 0x30;
    if (d > 9) return false;
    if (mag > (0xffffffffffffffff - d) / 10) return false;
    mag = mag * 10 + d;
  }
  return neg ? mag <= 0x8000000000000000 : mag <= 0x7fffffffffffffff;
}
