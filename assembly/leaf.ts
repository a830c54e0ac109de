// leaf: the layout of one keyspace entry.
//
// WHAT IT STORES
//
// A leaf is one heap block holding everything about a key: its type and
// encoding, the key bytes, the value bytes inline (strings) or the u32
// address of the collection's object (LEAF_OBJECT_LEN value bytes, see
// object.ts), and the expiry when there is one. The ART points at leaves (tagged, see art.ts); the TTL
// index (ttl.ts) points at leaves that carry an expiry. A leaf is owned by the
// tree: whoever unlinks it from the tree frees it.
//
// LAYOUT
//
// Short form (key < 256 bytes and value < 64 KiB), the common case:
//
//   off  size  field
//   0    1     flags    bits 0-2 type, bit 3 HAS_TTL, bit 4 LONG, bits 5-6 encoding,
//                       bit 7 DECODED (the host keeps a decoded string of the value)
//   1    1     keyLen
//   2    2     valLen
//   4    k     key bytes
//   4+k  v     value bytes
//
// Long form (LONG set), for anything larger:
//
//   0    1     flags
//   1    3     unused
//   4    4     keyLen
//   8    4     valLen
//   12   k     key bytes, then value bytes
//
// With HAS_TTL, twelve bytes sit between the header and the key:
//
//   +0   8     expireAt  absolute Unix ms (i64)
//   +8   4     ttlSlot   this leaf's index in the TTL index (ttl.ts)
//
// So a 16-byte key with a 16-byte value and no expiry takes 4 + 16 + 16 = 36
// bytes, a block of exactly 36 (heap.ts has 4-byte classes up to 128); an
// expiry adds 12 here and 4 in the TTL index. Keys without an expiry pay
// nothing for the feature.
//
// INVARIANTS
//
// - The block size is always heapBlockSize(leafSize(leaf)): no capacity field;
//   a value changes length in place by resizing the block (leafResize).
// - A leaf linked in the tree has HAS_TTL exactly when it is in the TTL
//   index at ttlSlot (unlinked leaves kept by a transaction's journal are in
//   neither).
// - DECODED is set only by GET (strGet), and means: the value's bytes have
//   not changed since the reply that set it, so the string the host decoded
//   then is still the value (io.ts, "Decoded strings"). Every change of a
//   live leaf's value bytes goes through leafResize (even to the same
//   length), which clears it; a new leaf starts without it, so a leaf built
//   where a freed one was never inherits it.

import { Encoding, ObjectType } from '../src/engine/abi';
import { HEAP_MAX_BLOCK, heapAlloc, heapBlockSize, heapResize } from './heap';

// @ts-ignore: decorator
@inline export const TYPE_STRING: u8 = <u8>ObjectType.String;
// @ts-ignore: decorator
@inline export const TYPE_HASH: u8 = <u8>ObjectType.Hash;
// @ts-ignore: decorator
@inline export const TYPE_SET: u8 = <u8>ObjectType.Set;
// @ts-ignore: decorator
@inline export const TYPE_NONE: i32 = -1;

/** Encodings (bits 5-6, abi.ts Encoding): strings are raw; collections say what their object is (object.ts). */
// @ts-ignore: decorator
@inline export const ENC_RAW: u8 = <u8>Encoding.Raw;
// @ts-ignore: decorator
@inline export const ENC_LISTPACK: u8 = <u8>Encoding.Listpack;
// @ts-ignore: decorator
@inline export const ENC_INTSET: u8 = <u8>Encoding.Intset;
// @ts-ignore: decorator
@inline export const ENC_HASHTABLE: u8 = <u8>Encoding.Hashtable;

/** Value bytes of a collection's leaf: the u32 address of its object (object.ts). */
// @ts-ignore: decorator
@inline export const LEAF_OBJECT_LEN: u32 = 4;

// @ts-ignore: decorator
@inline const FLAG_TYPE_MASK: u8 = 0x07;
// @ts-ignore: decorator
@inline const FLAG_HAS_TTL: u8 = 0x08;
// @ts-ignore: decorator
@inline const FLAG_LONG: u8 = 0x10;
// @ts-ignore: decorator
@inline const FLAG_ENCODING_MASK: u8 = 0x03;
// @ts-ignore: decorator
@inline const FLAG_DECODED: u8 = 0x80;
// @ts-ignore: decorator
@inline const SHORT_HEADER: u32 = 4;
// @ts-ignore: decorator
@inline const LONG_HEADER: u32 = 12;
// @ts-ignore: decorator
@inline const TTL_EXTENSION: u32 = 12;

// === Field access ===========================================================

// @ts-ignore: decorator
@inline function leafIsLong(leaf: usize): bool {
  return (load<u8>(leaf) & FLAG_LONG) != 0;
}

// @ts-ignore: decorator
@inline export function leafHasTtl(leaf: usize): bool {
  return (load<u8>(leaf) & FLAG_HAS_TTL) != 0;
}

// @ts-ignore: decorator
@inline export function leafType(leaf: usize): u8 {
  return load<u8>(leaf) & FLAG_TYPE_MASK;
}

/** The object's encoding (object.ts). */
// @ts-ignore: decorator
@inline export function leafEncoding(leaf: usize): u8 {
  return (load<u8>(leaf) >> 5) & FLAG_ENCODING_MASK;
}

/** Sets the object's encoding (a collection converting, a copy of a leaf). */
// @ts-ignore: decorator
@inline export function leafSetEncoding(leaf: usize, encoding: u8): void {
  store<u8>(leaf, (load<u8>(leaf) & ~(FLAG_ENCODING_MASK << 5)) | (encoding << 5));
}

/** A collection leaf's object: the u32 address its value holds. */
// @ts-ignore: decorator
@inline export function leafObject(leaf: usize): usize {
  return <usize>load<u32>(leafVal(leaf));
}

/** Points a collection leaf at another object (a conversion, a reallocation, a copy). */
// @ts-ignore: decorator
@inline export function leafSetObject(leaf: usize, object: usize): void {
  store<u32>(leafVal(leaf), <u32>object);
}

/** Whether the host keeps a string decoded from this value, unchanged since (see INVARIANTS). */
// @ts-ignore: decorator
@inline export function leafDecoded(leaf: usize): bool {
  return (load<u8>(leaf) & FLAG_DECODED) != 0;
}

/** Records that the host is about to decode and keep this value (strGet only). */
// @ts-ignore: decorator
@inline export function leafSetDecoded(leaf: usize): void {
  store<u8>(leaf, load<u8>(leaf) | FLAG_DECODED);
}

// @ts-ignore: decorator
@inline export function leafKeyLen(leaf: usize): u32 {
  return leafIsLong(leaf) ? load<u32>(leaf, 4) : <u32>load<u8>(leaf, 1);
}

// @ts-ignore: decorator
@inline export function leafValLen(leaf: usize): u32 {
  return leafIsLong(leaf) ? load<u32>(leaf, 8) : <u32>load<u16>(leaf, 2);
}

// @ts-ignore: decorator
@inline function leafHeaderLen(leaf: usize): u32 {
  return (leafIsLong(leaf) ? LONG_HEADER : SHORT_HEADER) + (leafHasTtl(leaf) ? TTL_EXTENSION : 0);
}

// @ts-ignore: decorator
@inline export function leafKey(leaf: usize): usize {
  return leaf + leafHeaderLen(leaf);
}

// @ts-ignore: decorator
@inline export function leafVal(leaf: usize): usize {
  return leaf + leafHeaderLen(leaf) + leafKeyLen(leaf);
}

/** Precondition: leafHasTtl(leaf). */
// @ts-ignore: decorator
@inline export function leafExpireAt(leaf: usize): i64 {
  return load<i64>(leaf + (leafIsLong(leaf) ? LONG_HEADER : SHORT_HEADER));
}

/** Precondition: leafHasTtl(leaf). */
// @ts-ignore: decorator
@inline export function leafSetExpireAt(leaf: usize, at: i64): void {
  store<i64>(leaf + (leafIsLong(leaf) ? LONG_HEADER : SHORT_HEADER), at);
}

/** Precondition: leafHasTtl(leaf). */
// @ts-ignore: decorator
@inline export function leafTtlSlot(leaf: usize): u32 {
  return load<u32>(leaf + (leafIsLong(leaf) ? LONG_HEADER : SHORT_HEADER), 8);
}

/** Precondition: leafHasTtl(leaf). */
// @ts-ignore: decorator
@inline export function leafSetTtlSlot(leaf: usize, slot: u32): void {
  store<u32>(leaf + (leafIsLong(leaf) ? LONG_HEADER : SHORT_HEADER), slot, 8);
}

// === Sizes ==================================================================

/** Bytes a leaf with these lengths occupies (before size-class rounding). */
// @ts-ignore: decorator
@inline export function leafSizeFor(keyLen: u32, valLen: u32, hasTtl: bool): u64 {
  const long = keyLen > 0xff || valLen > 0xffff;
  return <u64>(long ? LONG_HEADER : SHORT_HEADER) + (hasTtl ? TTL_EXTENSION : 0) + keyLen + valLen;
}

/**
 * Heap bytes a leaf with these lengths takes (its block size), for
 * reservations; a size the heap cannot serve is returned unrounded, which no
 * reservation can satisfy.
 */
export function leafBlockBytes(keyLen: u32, valLen: u32, hasTtl: bool): u64 {
  const size = leafSizeFor(keyLen, valLen, hasTtl);
  return size > <u64>HEAP_MAX_BLOCK ? size : <u64>heapBlockSize(<u32>size);
}

/** The size heapFree needs for this leaf. */
// @ts-ignore: decorator
@inline export function leafSize(leaf: usize): u32 {
  return leafHeaderLen(leaf) + leafKeyLen(leaf) + leafValLen(leaf);
}

/**
 * leafResize: gives `leaf` a value of `valLen` bytes without moving it (the
 * first min(old, new) bytes kept, new bytes undefined): the block shrinks
 * in place, or grows into free space right after it (heap.ts heapResize).
 * False, nothing changed, when it cannot: then the caller rebuilds the leaf
 * elsewhere. A long-form leaf stays long when its value shrinks.
 *
 * Every in-place change of a live value calls this first, to the same
 * length if need be, since it is what clears DECODED: the host's string of
 * the old bytes must not be handed out again.
 */
export function leafResize(leaf: usize, valLen: u32): bool {
  const long = leafIsLong(leaf);
  if (!long && valLen > 0xffff) return false;
  const oldSize = leafSize(leaf);
  const newSize = oldSize - leafValLen(leaf) + valLen;
  if (!heapResize(leaf, oldSize, newSize)) return false;
  store<u8>(leaf, load<u8>(leaf) & ~FLAG_DECODED);
  if (long) store<u32>(leaf, valLen, 8);
  else store<u16>(leaf, <u16>valLen, 2);
  return true;
}

// === Construction ===========================================================

/**
 * leafNew: allocates a leaf for `keyLen` key bytes and `valLen` value bytes,
 * copies the key (the value is left for the caller to fill), and sets the
 * expiry when `hasTtl` (ttlSlot is left for ttlAdd). Returns 0 when memory is
 * exhausted.
 */
export function leafNew(type: u8, key: usize, keyLen: u32, valLen: u32, hasTtl: bool, expireAt: i64): usize {
  const size = leafSizeFor(keyLen, valLen, hasTtl);
  if (size > <u64>HEAP_MAX_BLOCK) return 0;
  const leaf = heapAlloc(<u32>size);
  if (leaf == 0) return 0;
  const long = keyLen > 0xff || valLen > 0xffff;
  let header: u32;
  if (long) {
    store<u32>(leaf, 0);
    store<u32>(leaf, keyLen, 4);
    store<u32>(leaf, valLen, 8);
    header = LONG_HEADER;
  } else {
    store<u8>(leaf, <u8>keyLen, 1);
    store<u16>(leaf, <u16>valLen, 2);
    header = SHORT_HEADER;
  }
  store<u8>(leaf, type | (ENC_RAW << 5) | (long ? FLAG_LONG : 0) | (hasTtl ? FLAG_HAS_TTL : 0));
  if (hasTtl) {
    store<i64>(leaf + header, expireAt);
    store<u32>(leaf + header, 0, 8);
    header += TTL_EXTENSION;
  }
  memory.copy(leaf + header, key, keyLen);
  return leaf;
}
