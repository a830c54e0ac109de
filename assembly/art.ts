// art: the keyspace index, an adaptive radix tree (Leis et al., ICDE 2013)
// over binary-safe keys, ordered bytewise.
//
// WHAT IT STORES
//
// Inner nodes route on one key byte each; leaves (leaf.ts) hold whole keys.
// The tree owns its nodes and its leaves: art* functions link and unlink
// leaves but never free them; the caller that unlinks a leaf frees it.
//
// POINTERS
//
// A child slot is a u32: 0 for empty, a node address, or a leaf address with
// bit 0 set (heap blocks are 4-byte aligned, so bit 0 is free). The root is a
// slot in static memory, so "the slot that points at this node" (a ref) is
// uniform from the root down, and growing or collapsing a node is a store to
// its ref.
//
// NODE LAYOUT (every kind shares the 20-byte header)
//
//   off  size  field
//   0    1     kind       NODE4 / NODE16 / NODE48 / NODE256
//   1    1     cap        NODE16 only: children it has room for (6, 10, 14, 16)
//   2    2     count      children (the end leaf is not counted)
//   4    4     prefixLen  length of the compressed path below the parent's edge
//   8    4     endLeaf    tagged leaf whose key ends exactly at this node, or 0
//   12   8     prefix     the first min(prefixLen, 8) bytes of the path
//
//   kind     layout after the header                        size
//   NODE4    keys u8[4] @20,  children u32[4]  @24     20 + 4 + 16     =   40
//   NODE16   keys u8[16] @20, children u32[cap] @36    20 + 16 + 4 cap = 60 .. 100
//   NODE48   index u8[256] @20 (slot+1, 0 = none),
//            children u32[48] @276                     20 + 256 + 192  =  468
//   NODE256  children u32[256] @20                     20 + 1024       = 1044
//
// NODE4 and NODE16 keep keys sorted so iteration is in byte order. Nodes grow
// at 5 / 17 / 49 children and shrink at 3 / 12 / 37, so a key that comes and
// goes at a boundary does not reallocate every time. A NODE16 also grows its
// room four children at a time (its 16 key bytes stay, for the SIMD search):
// the common node of 10 (decimal digits) takes 76 bytes instead of 100.
//
// Binary-safe keys may be prefixes of each other ("a" and "ab"), so a node
// has an end-leaf slot instead of relying on a terminator byte.
//
// PATH COMPRESSION (hybrid, as in the paper): a node stores its full prefix
// length but only 8 prefix bytes. Lookups skip the bytes they cannot see and
// verify the whole key at the leaf (optimistic). Inserts and ordered walks
// need the real bytes; beyond the eighth they read them from the node's
// minimum leaf, which shares the whole path (pessimistic where it matters).
//
// BOUNDED WORK: every operation walks one root-to-leaf path (each node
// consumes at least one key byte) plus, for grow/shrink, a copy of one node.
// Ordered walks stop when the visitor says so. Nothing recurses: paths can be
// as deep as keys are long, so walks keep an explicit stack in the heap.
//
// OUT OF MEMORY: artInsert allocates at most one node (ART_INSERT_WORST
// bytes); callers reserve that first (heap.ts), so inserts never fail
// halfway. Shrinking is optional: a delete that cannot allocate the smaller
// node without touching space pledged to the command (heapAllocSpare) keeps
// the larger one, which is still valid.

import { heapAlloc, heapAllocSpare, heapFree } from './heap';
import { leafKey, leafKeyLen } from './leaf';

// @ts-ignore: decorator
@inline const NODE4: u8 = 1;
// @ts-ignore: decorator
@inline const NODE16: u8 = 2;
// @ts-ignore: decorator
@inline const NODE48: u8 = 3;
// @ts-ignore: decorator
@inline const NODE256: u8 = 4;

// @ts-ignore: decorator
@inline const OFF_COUNT: usize = 2;
// @ts-ignore: decorator
@inline const OFF_PREFIX_LEN: usize = 4;
// @ts-ignore: decorator
@inline const OFF_END_LEAF: usize = 8;
// @ts-ignore: decorator
@inline const OFF_PREFIX: usize = 12;
// @ts-ignore: decorator
@inline const HEADER: usize = 20;
// @ts-ignore: decorator
@inline const INLINE_PREFIX: u32 = 8;

// @ts-ignore: decorator
@inline const N4_CHILDREN: usize = 24;
// @ts-ignore: decorator
@inline const N16_CHILDREN: usize = 36;
// @ts-ignore: decorator
@inline const N48_CHILDREN: usize = 276;

// @ts-ignore: decorator
@inline const SIZE4: u32 = 40;
/** NODE16 capacity (children it has room for: 6, 10, 14 or 16), in the header's byte 1. */
// @ts-ignore: decorator
@inline const OFF_CAP: usize = 1;
// @ts-ignore: decorator
@inline const N16_MIN_CAP: u32 = 6;
// @ts-ignore: decorator
@inline const N16_MAX_CAP: u32 = 16;
// @ts-ignore: decorator
@inline const SIZE48: u32 = 468;
// @ts-ignore: decorator
@inline const SIZE256: u32 = 1044;

/** The most bytes one artInsert can allocate (one NODE256, rounded to its class). */
// @ts-ignore: decorator
@inline export const ART_INSERT_WORST: u32 = 1152;

/** The root slot. */
const artRoot: usize = memory.data(4, 4);

// === Slots and tags =========================================================

// @ts-ignore: decorator
@inline function isLeafRef(p: u32): bool {
  return (p & 1) != 0;
}

// @ts-ignore: decorator
@inline function untag(p: u32): usize {
  return <usize>(p & ~1);
}

// @ts-ignore: decorator
@inline function tag(leaf: usize): u32 {
  return <u32>leaf | 1;
}

// @ts-ignore: decorator
@inline function nodeKind(n: usize): u8 {
  return load<u8>(n);
}

// @ts-ignore: decorator
@inline function nodeCount(n: usize): u32 {
  return load<u16>(n, OFF_COUNT);
}

// @ts-ignore: decorator
@inline function nodeSetCount(n: usize, c: u32): void {
  store<u16>(n, <u16>c, OFF_COUNT);
}

// @ts-ignore: decorator
@inline function nodePrefixLen(n: usize): u32 {
  return load<u32>(n, OFF_PREFIX_LEN);
}

/** Bytes of a NODE16 with room for `cap` children: the 16 key bytes are always there (SIMD search). */
// @ts-ignore: decorator
@inline function node16Size(cap: u32): u32 {
  return <u32>N16_CHILDREN + (cap << 2);
}

// @ts-ignore: decorator
@inline function node16Cap(n: usize): u32 {
  return load<u8>(n, OFF_CAP);
}

/** Bytes `a` and `b` agree on, up to `n`. */
function bytesCommon(a: usize, b: usize, n: u32): u32 {
  let i: u32 = 0;
  while (i + 8 <= n && load<u64>(a + i) == load<u64>(b + i)) i += 8;
  while (i < n && load<u8>(a + i) == load<u8>(b + i)) i++;
  return i;
}

/** Whether `leaf`'s key is exactly key[0..keyLen). */
// @ts-ignore: decorator
@inline function leafMatches(leaf: usize, key: usize, keyLen: u32): bool {
  return leafKeyLen(leaf) == keyLen && bytesCommon(leafKey(leaf), key, keyLen) == keyLen;
}

/** Bytewise comparison of two byte strings: <0, 0, >0. */
export function bytesCompare(a: usize, aLen: u32, b: usize, bLen: u32): i32 {
  const n = min(aLen, bLen);
  const i = bytesCommon(a, b, n);
  if (i < n) return <i32>load<u8>(a + i) - <i32>load<u8>(b + i);
  return aLen < bLen ? -1 : aLen > bLen ? 1 : 0;
}

// === Node primitives ========================================================

/** A zeroed NODE4 with the given prefix bytes, or 0 on OOM. */
function node4New(prefix: usize, prefixLen: u32): usize {
  const n = heapAlloc(SIZE4);
  if (n == 0) return 0;
  memory.fill(n, 0, SIZE4);
  store<u8>(n, NODE4);
  store<u32>(n, prefixLen, OFF_PREFIX_LEN);
  memory.copy(n + OFF_PREFIX, prefix, min(prefixLen, INLINE_PREFIX));
  return n;
}

/** Child number `rank` (< count) of node `n`, in byte order. */
function childAt(n: usize, rank: u32): u32 {
  const kind = nodeKind(n);
  if (kind == NODE4) return load<u32>(n + N4_CHILDREN + (<usize>rank << 2));
  if (kind == NODE16) return load<u32>(n + N16_CHILDREN + (<usize>rank << 2));
  let r = rank;
  for (let b: u32 = 0; b < 256; b++) {
    let c: u32 = 0;
    if (kind == NODE48) {
      const slot = load<u8>(n + HEADER + b);
      if (slot != 0) c = load<u32>(n + N48_CHILDREN + ((<usize>slot - 1) << 2));
    } else {
      c = load<u32>(n + HEADER + (b << 2));
    }
    if (c == 0) continue;
    if (r == 0) return c;
    r--;
  }
  assert(false, 'ART child rank out of range');
  return 0;
}

/** The smallest leaf under `ref` (a tagged ref); the end leaf sorts before children. */
function minLeaf(ref: u32): usize {
  let p = ref;
  while (!isLeafRef(p)) {
    const end = load<u32>(<usize>p, OFF_END_LEAF);
    if (end != 0) return untag(end);
    p = childAt(<usize>p, 0);
  }
  return untag(p);
}

/** Byte `i` of node `n`'s prefix, where the prefix starts at key depth `depth`. */
function prefixByteAt(n: usize, depth: u32, i: u32): u8 {
  if (i < INLINE_PREFIX) return load<u8>(n + OFF_PREFIX + i);
  return load<u8>(leafKey(minLeaf(<u32>n)) + depth + i);
}

/** How many bytes of `n`'s prefix key[depth..keyLen) matches, reading every byte. */
function prefixMatchFull(n: usize, key: usize, keyLen: u32, depth: u32): u32 {
  const plen = nodePrefixLen(n);
  const limit = min(plen, keyLen - depth);
  const inline = min(limit, INLINE_PREFIX);
  let i = bytesCommon(n + OFF_PREFIX, key + depth, inline);
  if (i < inline || i == limit) return i;
  const leaf = minLeaf(<u32>n);
  return i + bytesCommon(leafKey(leaf) + depth + i, key + depth + i, limit - i);
}

/** The address of the child slot for `byte`, or 0 when there is none. */
function findChild(n: usize, byte: u8): usize {
  const kind = nodeKind(n);
  if (kind == NODE4) {
    const count = nodeCount(n);
    for (let i: u32 = 0; i < count; i++) {
      const k = load<u8>(n + HEADER + i);
      if (k == byte) return n + N4_CHILDREN + (<usize>i << 2);
      if (k > byte) return 0;
    }
    return 0;
  }
  if (kind == NODE16) {
    // All 16 key bytes compared at once (the paper's SSE search); bytes past
    // count are stale and masked off.
    const hits = i8x16.bitmask(i8x16.eq(v128.load(n + HEADER), i8x16.splat(byte))) & ((1 << nodeCount(n)) - 1);
    return hits == 0 ? 0 : n + N16_CHILDREN + (<usize>ctz(hits) << 2);
  }
  if (kind == NODE48) {
    const slot = load<u8>(n + HEADER + byte);
    return slot == 0 ? 0 : n + N48_CHILDREN + ((<usize>slot - 1) << 2);
  }
  const slot = n + HEADER + (<usize>byte << 2);
  return load<u32>(slot) == 0 ? 0 : slot;
}

/** Inserts into a sorted NODE4/NODE16 with room. */
function sortedInsert(n: usize, children: usize, byte: u8, child: u32): void {
  const count = nodeCount(n);
  let i: u32 = 0;
  while (i < count && load<u8>(n + HEADER + i) < byte) i++;
  memory.copy(n + HEADER + i + 1, n + HEADER + i, count - i);
  memory.copy(n + children + ((<usize>i + 1) << 2), n + children + (<usize>i << 2), (count - i) << 2);
  store<u8>(n + HEADER + i, byte);
  store<u32>(n + children + (<usize>i << 2), child);
  nodeSetCount(n, count + 1);
}

/** Copies the header of `from` into `to` (then fixes the kind). */
function copyHeader(to: usize, from: usize, kind: u8): void {
  memory.copy(to, from, HEADER);
  store<u8>(to, kind);
}

/**
 * Adds `child` under `byte` to node `n` held in slot `ref`, growing the node
 * into the next kind when it is full. Precondition: no child for `byte`;
 * ART_INSERT_WORST bytes reserved.
 */
function addChild(ref: usize, n: usize, byte: u8, child: u32): void {
  const kind = nodeKind(n);
  const count = nodeCount(n);
  if (kind == NODE4) {
    if (count < 4) { sortedInsert(n, N4_CHILDREN, byte, child); return; }
    const g = heapAlloc(node16Size(N16_MIN_CAP));
    assert(g != 0, 'ART grow without reservation');
    copyHeader(g, n, NODE16);
    store<u8>(g, <u8>N16_MIN_CAP, OFF_CAP);
    memory.copy(g + HEADER, n + HEADER, 4);
    memory.copy(g + N16_CHILDREN, n + N4_CHILDREN, 16);
    heapFree(n, SIZE4);
    store<u32>(ref, <u32>g);
    sortedInsert(g, N16_CHILDREN, byte, child);
    return;
  }
  if (kind == NODE16) {
    const cap = node16Cap(n);
    if (count < cap) { sortedInsert(n, N16_CHILDREN, byte, child); return; }
    if (cap < N16_MAX_CAP) {
      // Room grows four children at a time (6, 10, 14, 16): a NODE16 costs
      // 36 + 4 bytes per child it can hold, so a node of ten (decimal keys)
      // takes 76 bytes, not 100, and few distinct sizes are left on free
      // lists as nodes grow through them.
      const grown = min(cap + 4, N16_MAX_CAP);
      const g = heapAlloc(node16Size(grown));
      assert(g != 0, 'ART grow without reservation');
      memory.copy(g, n, node16Size(cap));
      store<u8>(g, <u8>grown, OFF_CAP);
      heapFree(n, node16Size(cap));
      store<u32>(ref, <u32>g);
      sortedInsert(g, N16_CHILDREN, byte, child);
      return;
    }
    const g = heapAlloc(SIZE48);
    assert(g != 0, 'ART grow without reservation');
    copyHeader(g, n, NODE48);
    memory.fill(g + HEADER, 0, 256 + 48 * 4);
    for (let i: u32 = 0; i < 16; i++) {
      store<u8>(g + HEADER + load<u8>(n + HEADER + i), <u8>(i + 1));
      store<u32>(g + N48_CHILDREN + (<usize>i << 2), load<u32>(n + N16_CHILDREN + (<usize>i << 2)));
    }
    heapFree(n, node16Size(N16_MAX_CAP));
    store<u32>(ref, <u32>g);
    addChild(ref, g, byte, child);
    return;
  }
  if (kind == NODE48) {
    if (count < 48) {
      let slot: u32 = 0;
      while (load<u32>(n + N48_CHILDREN + (<usize>slot << 2)) != 0) slot++;
      store<u32>(n + N48_CHILDREN + (<usize>slot << 2), child);
      store<u8>(n + HEADER + byte, <u8>(slot + 1));
      nodeSetCount(n, count + 1);
      return;
    }
    const g = heapAlloc(SIZE256);
    assert(g != 0, 'ART grow without reservation');
    copyHeader(g, n, NODE256);
    memory.fill(g + HEADER, 0, 1024);
    for (let b: u32 = 0; b < 256; b++) {
      const slot = load<u8>(n + HEADER + b);
      if (slot != 0) store<u32>(g + HEADER + (b << 2), load<u32>(n + N48_CHILDREN + ((<usize>slot - 1) << 2)));
    }
    heapFree(n, SIZE48);
    store<u32>(ref, <u32>g);
    addChild(ref, g, byte, child);
    return;
  }
  store<u32>(n + HEADER + (<usize>byte << 2), child);
  nodeSetCount(n, count + 1);
}

// === Lookup =================================================================

/**
 * Passes node `n`'s prefix optimistically: compares the inline bytes only
 * (the leaf comparison at the end catches the rest). Returns the depth after
 * the prefix, or -1 when the key cannot be below `n`.
 */
// @ts-ignore: decorator
@inline function skipPrefix(n: usize, key: usize, keyLen: u32, depth: u32): i64 {
  const plen = nodePrefixLen(n);
  if (plen == 0) return depth;
  if (plen > keyLen - depth) return -1;
  const inline = min(plen, INLINE_PREFIX);
  if (bytesCommon(n + OFF_PREFIX, key + depth, inline) != inline) return -1;
  return <i64>depth + plen;
}

/**
 * artFind: the address of the slot holding the leaf for key[0..keyLen), or 0.
 * The slot stays valid until the tree changes shape.
 */
export function artFind(key: usize, keyLen: u32): usize {
  let ref = artRoot;
  let depth: u32 = 0;
  while (true) {
    const p = load<u32>(ref);
    if (p == 0) return 0;
    if (isLeafRef(p)) return leafMatches(untag(p), key, keyLen) ? ref : 0;
    const n = <usize>p;
    const after = skipPrefix(n, key, keyLen, depth);
    if (after < 0) return 0;
    depth = <u32>after;
    if (depth == keyLen) {
      const end = load<u32>(n, OFF_END_LEAF);
      return end != 0 && leafMatches(untag(end), key, keyLen) ? n + OFF_END_LEAF : 0;
    }
    ref = findChild(n, load<u8>(key + depth));
    if (ref == 0) return 0;
    depth++;
  }
}

/** The leaf in a slot returned by artFind. */
// @ts-ignore: decorator
@inline export function artSlotLeaf(slot: usize): usize {
  return untag(load<u32>(slot));
}

/** Points a slot returned by artFind at another leaf for the same key. */
// @ts-ignore: decorator
@inline export function artSlotReplace(slot: usize, leaf: usize): void {
  store<u32>(slot, tag(leaf));
}

// === Insert =================================================================

/**
 * artInsert: links `leaf` under its key. Precondition: the key is absent and
 * ART_INSERT_WORST bytes are reserved, so this cannot fail.
 */
export function artInsert(leaf: usize): void {
  const key = leafKey(leaf);
  const keyLen = leafKeyLen(leaf);
  let ref = artRoot;
  let depth: u32 = 0;
  while (true) {
    const p = load<u32>(ref);
    if (p == 0) { store<u32>(ref, tag(leaf)); return; }
    if (isLeafRef(p)) {
      const other = untag(p);
      const otherKey = leafKey(other);
      const otherLen = leafKeyLen(other);
      assert(!leafMatches(other, key, keyLen), 'artInsert on a present key');
      const lcp = bytesCommon(key + depth, otherKey + depth, min(keyLen, otherLen) - depth);
      const n = node4New(key + depth, lcp);
      assert(n != 0, 'ART insert without reservation');
      const d = depth + lcp;
      if (otherLen == d) store<u32>(n, p, OFF_END_LEAF);
      else sortedInsert(n, N4_CHILDREN, load<u8>(otherKey + d), p);
      if (keyLen == d) store<u32>(n, tag(leaf), OFF_END_LEAF);
      else sortedInsert(n, N4_CHILDREN, load<u8>(key + d), tag(leaf));
      store<u32>(ref, <u32>n);
      return;
    }
    const n = <usize>p;
    const plen = nodePrefixLen(n);
    if (plen != 0) {
      const m = prefixMatchFull(n, key, keyLen, depth);
      if (m < plen) {
        splitPrefix(ref, n, depth, m, leaf, key, keyLen);
        return;
      }
      depth += plen;
    }
    if (depth == keyLen) {
      assert(load<u32>(n, OFF_END_LEAF) == 0, 'artInsert on a present key');
      store<u32>(n, tag(leaf), OFF_END_LEAF);
      return;
    }
    const byte = load<u8>(key + depth);
    const slot = findChild(n, byte);
    if (slot == 0) { addChild(ref, n, byte, tag(leaf)); return; }
    ref = slot;
    depth++;
  }
}

/**
 * Splits node `n` (in `ref`, prefix starting at `depth`) whose prefix the new
 * key leaves after `m` bytes: a NODE4 with the first m bytes takes its place,
 * holding `n` (prefix shortened by m + 1) and the new leaf.
 */
function splitPrefix(ref: usize, n: usize, depth: u32, m: u32, leaf: usize, key: usize, keyLen: u32): void {
  const plen = nodePrefixLen(n);
  const parent = node4New(key + depth, m);
  assert(parent != 0, 'ART insert without reservation');
  const edge = prefixByteAt(n, depth, m);
  const rest = plen - m - 1;
  // Take the shortened prefix's visible bytes before changing n: beyond the
  // inline bytes they come from n's minimum leaf.
  const shown = min(rest, INLINE_PREFIX);
  if (plen <= INLINE_PREFIX) {
    memory.copy(n + OFF_PREFIX, n + OFF_PREFIX + m + 1, shown);
  } else {
    memory.copy(n + OFF_PREFIX, leafKey(minLeaf(<u32>n)) + depth + m + 1, shown);
  }
  store<u32>(n, rest, OFF_PREFIX_LEN);
  sortedInsert(parent, N4_CHILDREN, edge, <u32>n);
  if (keyLen == depth + m) store<u32>(parent, tag(leaf), OFF_END_LEAF);
  else sortedInsert(parent, N4_CHILDREN, load<u8>(key + depth + m), tag(leaf));
  store<u32>(ref, <u32>parent);
}

// === Delete =================================================================

/**
 * artDelete: unlinks the leaf for key[0..keyLen) and returns it (the caller
 * frees it), or 0 when absent. `key` may point into the leaf itself: it is
 * not read after the leaf is unlinked.
 */
export function artDelete(key: usize, keyLen: u32): usize {
  let ref = artRoot;
  let depth: u32 = 0;
  while (true) {
    const p = load<u32>(ref);
    if (p == 0) return 0;
    if (isLeafRef(p)) {
      const leaf = untag(p);
      if (!leafMatches(leaf, key, keyLen)) return 0;
      store<u32>(ref, 0);
      return leaf;
    }
    const n = <usize>p;
    const after = skipPrefix(n, key, keyLen, depth);
    if (after < 0) return 0;
    depth = <u32>after;
    if (depth == keyLen) {
      const end = load<u32>(n, OFF_END_LEAF);
      if (end == 0 || !leafMatches(untag(end), key, keyLen)) return 0;
      store<u32>(n, 0, OFF_END_LEAF);
      shrinkAfterRemove(ref, n);
      return untag(end);
    }
    const byte = load<u8>(key + depth);
    const slot = findChild(n, byte);
    if (slot == 0) return 0;
    const c = load<u32>(slot);
    if (isLeafRef(c)) {
      const leaf = untag(c);
      if (!leafMatches(leaf, key, keyLen)) return 0;
      removeChild(n, byte, slot);
      shrinkAfterRemove(ref, n);
      return leaf;
    }
    ref = slot;
    depth++;
  }
}

/** Removes the child for `byte` (its slot address is `slot`) from `n`. */
function removeChild(n: usize, byte: u8, slot: usize): void {
  const kind = nodeKind(n);
  const count = nodeCount(n);
  if (kind == NODE4 || kind == NODE16) {
    const children = kind == NODE4 ? N4_CHILDREN : N16_CHILDREN;
    const i = <u32>((slot - n - children) >> 2);
    memory.copy(n + HEADER + i, n + HEADER + i + 1, count - 1 - i);
    memory.copy(slot, slot + 4, (count - 1 - i) << 2);
  } else if (kind == NODE48) {
    store<u32>(slot, 0);
    store<u8>(n + HEADER + byte, 0);
  } else {
    store<u32>(slot, 0);
  }
  nodeSetCount(n, count - 1);
}

/**
 * After a removal from `n` (in `ref`): collapses a NODE4 left with one child
 * and no end leaf (or only an end leaf) into that child, and moves larger
 * nodes down a kind below their shrink threshold when memory allows.
 */
function shrinkAfterRemove(ref: usize, n: usize): void {
  const kind = nodeKind(n);
  const count = nodeCount(n);
  const end = load<u32>(n, OFF_END_LEAF);
  if (kind == NODE4) {
    if (count == 0 && end != 0) {
      store<u32>(ref, end);
      heapFree(n, SIZE4);
    } else if (count == 1 && end == 0) {
      collapseIntoChild(ref, n);
    }
    return;
  }
  if (kind == NODE16) {
    if (count > 3) return;
    const s = heapAllocSpare(SIZE4);
    if (s == 0) return;
    copyHeader(s, n, NODE4);
    memory.copy(s + HEADER, n + HEADER, count);
    memory.copy(s + N4_CHILDREN, n + N16_CHILDREN, count << 2);
    heapFree(n, node16Size(node16Cap(n)));
    store<u32>(ref, <u32>s);
    return;
  }
  if (kind == NODE48) {
    if (count > 12) return;
    const cap: u32 = count <= 6 ? 6 : count <= 10 ? 10 : 14;
    const s = heapAllocSpare(node16Size(cap));
    if (s == 0) return;
    copyHeader(s, n, NODE16);
    store<u8>(s, <u8>cap, OFF_CAP);
    let j: u32 = 0;
    for (let b: u32 = 0; b < 256; b++) {
      const slot = load<u8>(n + HEADER + b);
      if (slot == 0) continue;
      store<u8>(s + HEADER + j, <u8>b);
      store<u32>(s + N16_CHILDREN + (<usize>j << 2), load<u32>(n + N48_CHILDREN + ((<usize>slot - 1) << 2)));
      j++;
    }
    heapFree(n, SIZE48);
    store<u32>(ref, <u32>s);
    return;
  }
  if (count > 37) return;
  const s = heapAllocSpare(SIZE48);
  if (s == 0) return;
  copyHeader(s, n, NODE48);
  memory.fill(s + HEADER, 0, 256 + 48 * 4);
  let j: u32 = 0;
  for (let b: u32 = 0; b < 256; b++) {
    const c = load<u32>(n + HEADER + (b << 2));
    if (c == 0) continue;
    store<u32>(s + N48_CHILDREN + (<usize>j << 2), c);
    store<u8>(s + HEADER + b, <u8>(j + 1));
    j++;
  }
  heapFree(n, SIZE256);
  store<u32>(ref, <u32>s);
}

/** Replaces a NODE4 holding one child (and no end leaf) by that child, merging prefixes. */
function collapseIntoChild(ref: usize, n: usize): void {
  const child = load<u32>(n, N4_CHILDREN);
  if (!isLeafRef(child)) {
    const c = <usize>child;
    const plen = nodePrefixLen(n);
    const clen = nodePrefixLen(c);
    // New inline prefix = n's prefix, the edge byte, c's prefix (first 8 bytes).
    if (plen < INLINE_PREFIX) {
      const buf = c + OFF_PREFIX;
      const fromChild = min(clen, INLINE_PREFIX - plen - 1);
      memory.copy(buf + plen + 1, buf, fromChild);
      store<u8>(buf + plen, load<u8>(n + HEADER));
      memory.copy(buf, n + OFF_PREFIX, plen);
    } else {
      memory.copy(c + OFF_PREFIX, n + OFF_PREFIX, INLINE_PREFIX);
    }
    store<u32>(c, plen + 1 + clen, OFF_PREFIX_LEN);
  }
  store<u32>(ref, child);
  heapFree(n, SIZE4);
}

// === Ordered walk ===========================================================

/** Visitor for artWalk: receives a leaf, returns false to stop the walk. */
export type ArtVisitor = (leaf: usize) => bool;

// @ts-ignore: decorator
@inline export const ART_WALK_DONE: i32 = 1;
// @ts-ignore: decorator
@inline export const ART_WALK_STOPPED: i32 = 0;
// @ts-ignore: decorator
@inline export const ART_WALK_OOM: i32 = -1;

// The walk keeps its own stack of frames in a heap block, not the wasm call
// stack: a chain of keys each a prefix of the next nests one node per key,
// deeper than any call stack. One frame per node on the current path:
//
//   off  size  field
//   0    4     node
//   4    4     depth    key bytes consumed through the node's prefix
//   8    4     cursor   next child: index (NODE4/16) or edge byte (NODE48/256)
//   12   2     first    the `from` byte at `depth` (when bounded)
//   14   1     bounded  whether keys below may still be < `from`
//   15   1     unused                                            = 16 bytes
// @ts-ignore: decorator
@inline const FRAME: u32 = 16;
// @ts-ignore: decorator
@inline const FRAMES_MIN: u32 = 64;

let walkStack: usize = 0;
let walkStackCap: u32 = 0;
let walkTop: u32 = 0;
let walkFrom: usize = 0;
let walkFromLen: u32 = 0;
let walkInclusive: bool = false;
let walkVisit: ArtVisitor = artVisitNothing;

function artVisitNothing(leaf: usize): bool {
  return false;
}

/**
 * artWalk: calls `visit` on leaves in ascending key order, starting at the
 * first key >= from (> from unless `inclusive`; fromLen < 0 starts at the
 * smallest key), until `visit` returns false. Returns ART_WALK_STOPPED when
 * the visitor stopped it, ART_WALK_DONE when it ran out of keys, ART_WALK_OOM
 * when its stack could not grow. The visitor must not change the tree.
 *
 * Work before the first visit is one root-to-leaf path: subtrees wholly
 * below `from` are skipped by their prefix or edge byte, never entered.
 */
export function artWalk(from: usize, fromLen: i32, inclusive: bool, visit: ArtVisitor): i32 {
  walkFrom = from;
  walkFromLen = fromLen < 0 ? 0 : <u32>fromLen;
  walkInclusive = inclusive;
  walkVisit = visit;
  walkTop = 0;
  const root = load<u32>(artRoot);
  if (root == 0) return ART_WALK_DONE;
  const bounded = fromLen >= 0;
  if (isLeafRef(root)) return walkLeaf(untag(root), bounded) ? ART_WALK_DONE : ART_WALK_STOPPED;
  let entered = walkEnter(<usize>root, 0, bounded);
  while (entered == ART_WALK_DONE && walkTop > 0) {
    const frame = walkStack + (<usize>(walkTop - 1) * FRAME);
    const child = walkNextChild(frame);
    if (child == 0) {
      walkTop--;
      continue;
    }
    const childBounded = load<u8>(frame, 14) != 0 && walkEdge == <u32>load<u16>(frame, 12);
    const depth = load<u32>(frame, 4) + 1;
    if (isLeafRef(child)) {
      if (!walkLeaf(untag(child), childBounded)) return ART_WALK_STOPPED;
    } else {
      entered = walkEnter(<usize>child, depth, childBounded);
    }
  }
  return entered;
}

function walkLeaf(leaf: usize, bounded: bool): bool {
  if (bounded) {
    const c = bytesCompare(leafKey(leaf), leafKeyLen(leaf), walkFrom, walkFromLen);
    if (c < 0 || (c == 0 && !walkInclusive)) return true;
  }
  return walkVisit(leaf);
}

/**
 * Enters node `n` (its prefix starting at key depth `depth`): skips it when
 * its prefix sorts below `from`, visits its end leaf, and pushes its frame.
 * Returns ART_WALK_DONE to go on, ART_WALK_STOPPED or ART_WALK_OOM.
 */
function walkEnter(n: usize, depth: u32, bounded: bool): i32 {
  const plen = nodePrefixLen(n);
  if (bounded) {
    for (let i: u32 = 0; i < plen; i++) {
      if (depth + i >= walkFromLen) { bounded = false; break; }
      const pb = prefixByteAt(n, depth, i);
      const fb = load<u8>(walkFrom + depth + i);
      if (pb < fb) return ART_WALK_DONE;
      if (pb > fb) { bounded = false; break; }
    }
  }
  depth += plen;
  const end = load<u32>(n, OFF_END_LEAF);
  if (end != 0 && !walkLeaf(untag(end), bounded)) return ART_WALK_STOPPED;
  if (bounded && depth >= walkFromLen) bounded = false;
  const first: u32 = bounded ? <u32>load<u8>(walkFrom + depth) : 0;
  let cursor = first;
  const kind = nodeKind(n);
  if (kind == NODE4 || kind == NODE16) {
    const count = nodeCount(n);
    cursor = 0;
    while (cursor < count && <u32>load<u8>(n + HEADER + cursor) < first) cursor++;
  }
  if (walkTop == walkStackCap && !walkGrowStack()) return ART_WALK_OOM;
  const frame = walkStack + (<usize>walkTop * FRAME);
  store<u32>(frame, <u32>n);
  store<u32>(frame, depth, 4);
  store<u32>(frame, cursor, 8);
  store<u16>(frame, <u16>first, 12);
  store<u8>(frame, bounded ? 1 : 0, 14);
  walkTop++;
  return ART_WALK_DONE;
}

/** Doubles the frame stack; false on OOM. */
function walkGrowStack(): bool {
  const cap = max(walkStackCap << 1, FRAMES_MIN);
  const grown = heapAlloc(cap * FRAME);
  if (grown == 0) return false;
  if (walkStack != 0) {
    memory.copy(grown, walkStack, walkTop * FRAME);
    heapFree(walkStack, walkStackCap * FRAME);
  }
  walkStack = grown;
  walkStackCap = cap;
  return true;
}

/** The edge byte of the child walkNextChild returned last. */
let walkEdge: u32 = 0;

/** The next child of a frame's node (advancing its cursor, setting walkEdge), or 0 when there is none. */
function walkNextChild(frame: usize): u32 {
  const n = <usize>load<u32>(frame);
  let cursor = load<u32>(frame, 8);
  const kind = nodeKind(n);
  let child: u32 = 0;
  if (kind == NODE4 || kind == NODE16) {
    if (cursor < nodeCount(n)) {
      walkEdge = load<u8>(n + HEADER + cursor);
      child = load<u32>(n + (kind == NODE4 ? N4_CHILDREN : N16_CHILDREN) + (<usize>cursor << 2));
      cursor++;
    }
  } else {
    while (cursor < 256 && child == 0) {
      if (kind == NODE48) {
        const slot = load<u8>(n + HEADER + cursor);
        if (slot != 0) child = load<u32>(n + N48_CHILDREN + ((<usize>slot - 1) << 2));
      } else {
        child = load<u32>(n + HEADER + (<usize>cursor << 2));
      }
      walkEdge = cursor;
      cursor++;
    }
  }
  store<u32>(frame, cursor, 8);
  return child;
}

/** artMinLeaf: the leaf with the smallest key, or 0 for an empty tree. */
export function artMinLeaf(): usize {
  const root = load<u32>(artRoot);
  return root == 0 ? 0 : minLeaf(root);
}

// === Random pick ============================================================

/**
 * artRandomLeaf: a leaf picked by descending through uniformly chosen
 * children (the end leaf counts as one choice), or 0 for an empty tree.
 * Not uniform over keys, as RANDOMKEY need not be; one path of work.
 */
export function artRandomLeaf(random: () => u32): usize {
  let p = load<u32>(artRoot);
  if (p == 0) return 0;
  while (!isLeafRef(p)) {
    const n = <usize>p;
    const count = nodeCount(n);
    const end = load<u32>(n, OFF_END_LEAF);
    const choices = count + (end != 0 ? 1 : 0);
    const r = random() % choices;
    if (r == count) return untag(end);
    p = childAt(n, r);
  }
  return untag(p);
}

// === Whole tree =============================================================

/** artReset: forgets every node and the walk stack (FLUSHALL; the heap is reset separately). */
export function artReset(): void {
  store<u32>(artRoot, 0);
  walkStack = 0;
  walkStackCap = 0;
}
