// object: what a keyspace entry holds, and the one way each kind is freed.
//
// THE MODEL
//
// An entry is a leaf (leaf.ts): key, expiry, and an object header of type
// and encoding in its flags byte. The object's payload follows the key in
// the same block, like Redis's embstr where robj and sds share one
// allocation. What the payload is depends on the encoding:
//
//   type     encoding    payload in the leaf         owns outside the leaf
//   string   raw         the value bytes              nothing
//   hash     listpack    u32 address of the object    a listpack block (listpack.ts)
//   hash     hashtable   u32 address of the object    a table and its entries (hashtable.ts)
//   set      intset      u32 address of the object    an intset block (intset.ts)
//   set      hashtable   u32 address of the object    a table and its entries (hashtable.ts)
//
// A small string pays nothing for the model: no pointer, no second block.
// A collection's leaf holds LEAF_OBJECT_LEN value bytes, the address of its
// object; the object never points back, so a leaf can be rebuilt (a new
// expiry) or renamed by handing the address to a new leaf (db.ts dbMove),
// without touching the object.
//
// Every collection object starts with a u32 epoch (journal.ts EPOCHS): the
// transaction that made it, or 0. Encodings keep their own layouts after it.
//
// ONE FREE PATH
//
// objFree is the only way an entry's memory goes back to the heap: DEL,
// overwrite, expiry, FLUSHALL inside a transaction, commit (the replaced
// entries the journal kept) and rollback (the entries it undoes) all call it.
// objFreeObject frees a collection's object alone (a conversion's old
// object, one the journal saved) and objFreeLeaf a leaf whose object another
// leaf now holds. A new type or encoding adds its case here and nowhere else.

import { parseDecimal } from './decimal';
import { heapBlockSize, heapFree } from './heap';
import { EncodingName } from '../src/engine/abi';
import { htDuplicate, htDuplicateBytes, htFree, htMemoryUsage } from './hashtable';
import { intsetBytes, intsetCopy, intsetFree } from './intset';
import { lpDuplicate, lpDuplicateBytes, lpFree, lpMemoryUsage } from './listpack';
import {
  ENC_HASHTABLE, ENC_INTSET, ENC_LISTPACK, ENC_RAW, leafEncoding, leafHasTtl, leafObject, leafSize, leafType, leafVal,
  leafValLen,
  TYPE_HASH, TYPE_SET, TYPE_STRING,
} from './leaf';

/** Whether the entry's value is an object elsewhere (a collection) rather than bytes in the leaf. */
// @ts-ignore: decorator
@inline export function objIsCollection(leaf: usize): bool {
  return leafType(leaf) != TYPE_STRING;
}

/** A collection object's epoch (journal.ts EPOCHS). */
// @ts-ignore: decorator
@inline export function objEpoch(leaf: usize): u32 {
  return load<u32>(leafObject(leaf));
}

// @ts-ignore: decorator
@inline export function objSetEpoch(leaf: usize, epoch: u32): void {
  store<u32>(leafObject(leaf), epoch);
}

/**
 * objFreeObject: returns every block of a collection's `object` (of `type`
 * and `encoding`) to the heap.
 */
export function objFreeObject(type: u8, encoding: u8, object: usize): void {
  if ((type == TYPE_HASH || type == TYPE_SET) && encoding == ENC_HASHTABLE) {
    htFree(object);
    return;
  }
  if (type == TYPE_SET && encoding == ENC_INTSET) {
    intsetFree(object);
    return;
  }
  if (type == TYPE_HASH && encoding == ENC_LISTPACK) {
    lpFree(object);
    return;
  }
  assert(false, 'objFreeObject: unknown type or encoding');
}

/**
 * objFree: returns every block of the entry `leaf` (unlinked from the tree
 * and the TTL index) to the heap.
 */
export function objFree(leaf: usize): void {
  const type = leafType(leaf);
  const encoding = leafEncoding(leaf);
  if (type == TYPE_STRING) {
    assert(encoding == ENC_RAW, 'objFree: unknown string encoding');
  } else {
    objFreeObject(type, encoding, leafObject(leaf));
  }
  heapFree(leaf, leafSize(leaf));
}

/** objFreeLeaf: frees the leaf block alone: its value now belongs to another leaf (db.ts dbMove). */
export function objFreeLeaf(leaf: usize): void {
  heapFree(leaf, leafSize(leaf));
}

/**
 * objMemoryUsage: the bytes the entry holds (MEMORY USAGE): its blocks at
 * the size the heap gives them, plus its TTL index slot. The tree nodes
 * above the leaf are shared between keys and not counted.
 */
export function objMemoryUsage(leaf: usize): u64 {
  const type = leafType(leaf);
  const encoding = leafEncoding(leaf);
  const own = <u64>heapBlockSize(leafSize(leaf)) + (leafHasTtl(leaf) ? 4 : 0);
  if (type == TYPE_STRING && encoding == ENC_RAW) return own;
  if ((type == TYPE_HASH || type == TYPE_SET) && encoding == ENC_HASHTABLE) return own + htMemoryUsage(leafObject(leaf));
  if (type == TYPE_SET && encoding == ENC_INTSET) return own + intsetBytes(leafObject(leaf));
  if (type == TYPE_HASH && encoding == ENC_LISTPACK) return own + lpMemoryUsage(leafObject(leaf));
  assert(false, 'objMemoryUsage: unknown type or encoding');
  return 0;
}

/**
 * objDuplicateBytes: heap bytes objDuplicate(leaf) allocates (0 for a
 * string, whose value is copied with its leaf), for reservations.
 */
export function objDuplicateBytes(leaf: usize): u64 {
  const type = leafType(leaf);
  const encoding = leafEncoding(leaf);
  if (type == TYPE_STRING) return 0;
  if ((type == TYPE_HASH || type == TYPE_SET) && encoding == ENC_HASHTABLE) return htDuplicateBytes(leafObject(leaf));
  if (type == TYPE_SET && encoding == ENC_INTSET) return intsetBytes(leafObject(leaf));
  if (type == TYPE_HASH && encoding == ENC_LISTPACK) return lpDuplicateBytes(leafObject(leaf));
  assert(false, 'objDuplicateBytes: unknown type or encoding');
  return 0;
}

/**
 * objDuplicate: a deep copy of a collection's object with the given epoch,
 * same encoding (COPY keeps it, as Redis does). Precondition: a collection,
 * objDuplicateBytes reserved.
 */
export function objDuplicate(leaf: usize, epoch: u32): usize {
  const type = leafType(leaf);
  const encoding = leafEncoding(leaf);
  if ((type == TYPE_HASH || type == TYPE_SET) && encoding == ENC_HASHTABLE) return htDuplicate(leafObject(leaf), epoch);
  if (type == TYPE_SET && encoding == ENC_INTSET) {
    const copy = intsetCopy(leafObject(leaf), epoch);
    assert(copy != 0, 'intset copy without reservation');
    return copy;
  }
  if (type == TYPE_HASH && encoding == ENC_LISTPACK) return lpDuplicate(leafObject(leaf), epoch);
  assert(false, 'objDuplicate: unknown type or encoding');
  return 0;
}

/**
 * objEncodingName: what OBJECT ENCODING says of the entry (abi.ts
 * EncodingName). A string is named by its content as Redis would encode it:
 * a canonical integer of up to 20 characters is int, up to 44 bytes embstr,
 * longer raw. A collection is named by its encoding.
 */
export function objEncodingName(leaf: usize): i32 {
  const type = leafType(leaf);
  if (type == TYPE_STRING) {
    const len = leafValLen(leaf);
    if (parseDecimal(leafVal(leaf), len)) return EncodingName.Int;
    return len <= 44 ? EncodingName.Embstr : EncodingName.Raw;
  }
  const encoding = leafEncoding(leaf);
  if ((type == TYPE_HASH || type == TYPE_SET) && encoding == ENC_HASHTABLE) return EncodingName.Hashtable;
  if (type == TYPE_SET && encoding == ENC_INTSET) return EncodingName.Intset;
  if (type == TYPE_HASH && encoding == ENC_LISTPACK) return EncodingName.Listpack;
  assert(false, 'objEncodingName: unknown type or encoding');
  return EncodingName.None;
}

