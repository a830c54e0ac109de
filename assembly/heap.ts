// heap: the core's own allocator over linear memory.
//
// WHAT IT STORES
//
// Every byte the keyspace owns (ART nodes, leaves, the TTL index, the effects
// buffer, the journal, the argument and reply regions) is a block from this
// allocator. No managed AssemblyScript object is ever allocated (the build
// uses runtime "stub" and nothing calls __new), so the layout below is the
// whole heap.
//
//   0 .............. __heap_base   static data (mailbox, list heads)
//   heapStart ...... heapTop       blocks, live or free, tiling the range
//   heapTop ........ heapEnd       the top: never handed out, or given back
//   heapEnd ........ memory end    the boundary bitmap (below)
//
// HOW IT WORKS: good fit with coalescing, and no block headers
//
// Blocks are multiples of 4 bytes (a granule), at least 8. A live block
// carries no header at all: its owner knows its size (a leaf computes it
// from its own lengths, a node from its kind) and passes it back to
// heapFree. That is what lets a 16-byte key with a 16-byte value live in a
// 36-byte block with nothing added.
//
// Free blocks are the allocator's own, so they hold their bookkeeping
// inside:
//
//   free block of f bytes        off      size
//     size f                     0        4
//     next free, same list       4        4     (f >= 16 only)
//     previous free, same list   8        4     (f >= 16 only)
//     ...
//     size f again (footer)      f - 4    4     (f >= 8; for f == 4 it is word 0)
//
// Free blocks of 16 bytes or more sit on segregated lists, TLSF style: a
// first level by power of two and 32 second-level lists within each, with a
// bitmap per level so finding the smallest non-empty list that fits is a
// few bit operations. Below 256 bytes the lists are exact (one per 4-byte
// size); above, a list spans 1/32 of its power of two. Free blocks of 4 to
// 12 bytes (split remainders) are on no list; they wait to merge with a
// neighbour.
//
// COALESCING WITHOUT HEADERS: freeing a block must know whether its
// neighbours are free. The next one starts at ptr + size; the previous one
// ends at ptr - 4. A side bitmap answers both: one bit per 8 bytes of
// address space, set for the 8-byte pair holding the first granule of a
// free block and the pair holding its last granule. A set bit is never
// ambiguous, because no two free blocks touch (they are merged at once)
// and a live block is at least two granules, so a pair that straddles a
// free block's boundary shares it only with a live block's granule:
//
//   bit(ptr - 4)     set  <=>  the block before ptr is free (its footer at ptr - 4)
//   bit(ptr + size)  set  <=>  the block after is free (its size at ptr + size)
//
// The bitmap costs 1/64 of linear memory (1.6%). It sits at the very end
// of memory, after the top: when memory grows it moves to the new end
// (a memmove of 1/64 of memory, amortised by geometric growth) and the
// space it left joins the top, so growing leaves no hole behind.
//
// Freeing merges the block with free neighbours and files the result; a
// block that reaches the top is given back to it. Allocation takes the first
// block of the smallest list that fits, splits off the remainder, and falls
// back to the top, growing linear memory when the top is short. So any
// freed space serves any size, and memory that drifts between sizes is
// reused instead of stranded (docs/wasm-core.md has the measurements).
//
// GROWTH AND OUT OF MEMORY
//
// The top grows linear memory geometrically (by 1/32 of its size, at least
// HEAP_MIN_GROW_PAGES = 1 MiB), never one page at a time. Steps that fine
// keep reserved memory within ~3% of what is used, and cost little: V8
// reserves the address space of a wasm32 memory up front, so a grow commits
// pages in place and never copies. If memory.grow fails (or would pass
// heapMaxPages) the heap retries with exactly the pages it needs, then
// reports failure by returning 0. It never traps.
//
// RESERVATIONS: writers that must be all-or-nothing call
// heapReserve(worstCaseBytes) before touching anything. It succeeds only if
// one free block (or the top, after growing) has worstCaseBytes plus 1/32
// (the rounding of a list search) in one piece; that amount becomes the
// pledge. Each allocation then lowers the pledge by its size plus 1/32, and
// the invariant "some free block is at least the pledge" survives every
// step: an allocation either takes another block, or splits the big one and
// leaves at least what is still pledged. So no allocation of the command can
// fail, and freed space anywhere in the heap counts, not only the top.
// Optional allocations meanwhile (shrinking a node or the TTL index after a
// delete) use heapAllocSpare, which takes nothing the pledge needs.

// @ts-ignore: decorator
@inline const PAGE_SHIFT: u32 = 16;
// @ts-ignore: decorator
@inline const HEAP_MIN_GROW_PAGES: u32 = 16;
/** Memory grows by 1 / 2^HEAP_GROW_SHIFT of its size. */
// @ts-ignore: decorator
@inline const HEAP_GROW_SHIFT: u32 = 5;
/** The smallest live block: two granules (the bitmap's pairs rely on it). */
// @ts-ignore: decorator
@inline const MIN_BLOCK: u32 = 8;
/** The smallest free block that goes on a list (size, next, previous, footer). */
// @ts-ignore: decorator
@inline const MIN_LISTED: u32 = 16;
/** Second-level lists per first level. */
// @ts-ignore: decorator
@inline const SL_BITS: u32 = 5;
/** Sizes below this have exact lists of their own (first level 0). */
// @ts-ignore: decorator
@inline const LINEAR_LIMIT: u32 = 128;
/** Below this size every list holds blocks of one exact size. */
// @ts-ignore: decorator
@inline const EXACT_LIMIT: u32 = 256;
/** First levels: 0 for sizes < 128, then one per power of two from 2^7 to 2^31. */
// @ts-ignore: decorator
@inline const FL_COUNT: u32 = 26;
/** The largest block the heap hands out (2 GiB); larger requests fail cleanly. */
// @ts-ignore: decorator
@inline export const HEAP_MAX_BLOCK: u32 = 0x80000000;

// @ts-ignore: decorator
@inline const HEAP_PAGE_LIMIT: u32 = 65535;

/** List heads, FL_COUNT x 32 u32. */
const heapHeads: usize = memory.data(FL_COUNT << SL_BITS << 2, 16);
/** Second-level bitmaps, one u32 per first level: bit s set when list (f, s) is non-empty. */
const heapSlMaps: usize = memory.data(FL_COUNT << 2, 16);
/** First-level bitmap: bit f set when any list of level f is non-empty. */
let heapFlMap: u32 = 0;

let heapStart: usize = 0;
let heapTop: usize = 0;
/** End of the space blocks can take: where the bitmap starts. */
let heapEnd: u64 = 0;
/** The boundary bitmap, one bit per 8 bytes of [0, memory end), at [heapEnd, memory end). */
let heapBits: usize = 0;
let heapBitsSize: u32 = 0;
/** Bytes in live blocks (the bitmap included). */
let heapLive: u64 = 0;
/**
 * The end of the memory that may have been written: blocks handed out from
 * the top raise it, and the bitmap's old place joins the top dirty when
 * memory grows. [heapWritten, heapEnd) is as memory.grow made it: zero
 * (heapAllocZeroed relies on it).
 */
let heapWritten: usize = 0;
/** The most heapLive has been. */
let heapPeak: u64 = 0;
/** Bytes promised to the running command by heapReserve and not yet taken. */
let heapPledged: u64 = 0;
/**
 * The most pages linear memory may have. One page short of 4 GiB, so that
 * every heap address and end fits a wasm32 usize; tests lower it to reach
 * OOM quickly.
 */
let heapMaxPages: u32 = HEAP_PAGE_LIMIT;

// === Sizes ==================================================================

/** The block size a request of `size` bytes really takes: rounded up to 4, at least 8. */
// @ts-ignore: decorator
@inline export function heapBlockSize(size: u32): u32 {
  return size <= MIN_BLOCK ? MIN_BLOCK : (size + 3) & ~3;
}

/** What a list search for `size` bytes may need beyond it (the rounding to a list's lower bound). */
// @ts-ignore: decorator
@inline function searchSlack(size: u64): u64 {
  return size >> SL_BITS;
}

// === The boundary bitmap ====================================================

// @ts-ignore: decorator
@inline function bitTest(addr: usize): bool {
  return (load<u8>(heapBits + (addr >> 6)) & (<u8>1 << <u8>((addr >> 3) & 7))) != 0;
}

// @ts-ignore: decorator
@inline function bitSet(addr: usize): void {
  const p = heapBits + (addr >> 6);
  store<u8>(p, load<u8>(p) | (<u8>1 << <u8>((addr >> 3) & 7)));
}

// @ts-ignore: decorator
@inline function bitClear(addr: usize): void {
  const p = heapBits + (addr >> 6);
  store<u8>(p, load<u8>(p) & ~(<u8>1 << <u8>((addr >> 3) & 7)));
}

// === Segregated lists =======================================================

let mapFl: u32 = 0;
let mapSl: u32 = 0;

/** Sets mapFl/mapSl to the list a free block of `size` (>= 16) bytes belongs on. */
// @ts-ignore: decorator
@inline function mapInsert(size: u32): void {
  if (size < LINEAR_LIMIT) {
    mapFl = 0;
    mapSl = size >> 2;
  } else {
    const p: u32 = 31 - clz<u32>(size);
    mapFl = p - 6;
    mapSl = (size >> (p - SL_BITS)) & ((<u32>1 << SL_BITS) - 1);
  }
}

// @ts-ignore: decorator
@inline function headAt(fl: u32, sl: u32): usize {
  return heapHeads + (((fl << SL_BITS) + sl) << 2);
}

/** Files the free block [block, +size) (size >= 16) on its list. */
function listInsert(block: usize, size: u32): void {
  mapInsert(size);
  const head = headAt(mapFl, mapSl);
  const first = <usize>load<u32>(head);
  store<u32>(block, <u32>first, 4);
  store<u32>(block, 0, 8);
  if (first != 0) store<u32>(first, <u32>block, 8);
  store<u32>(head, <u32>block);
  heapFlMap |= <u32>1 << mapFl;
  const sl = heapSlMaps + (mapFl << 2);
  store<u32>(sl, load<u32>(sl) | (<u32>1 << mapSl));
}

/** Takes the free block [block, +size) (size >= 16) off its list. */
function listRemove(block: usize, size: u32): void {
  const next = <usize>load<u32>(block, 4);
  const prev = <usize>load<u32>(block, 8);
  if (next != 0) store<u32>(next, <u32>prev, 8);
  if (prev != 0) {
    store<u32>(prev, <u32>next, 4);
    return;
  }
  mapInsert(size);
  const head = headAt(mapFl, mapSl);
  store<u32>(head, <u32>next);
  if (next != 0) return;
  const sl = heapSlMaps + (mapFl << 2);
  const slMap = load<u32>(sl) & ~(<u32>1 << mapSl);
  store<u32>(sl, slMap);
  if (slMap == 0) heapFlMap &= ~(<u32>1 << mapFl);
}

/**
 * A free block of at least `size` bytes from the lists, or 0: the first
 * block of the smallest non-empty list whose every block fits.
 */
function listFind(size: u64): usize {
  if (size < LINEAR_LIMIT) {
    mapFl = 0;
    mapSl = <u32>size >> 2;
  } else {
    if (size > <u64>HEAP_MAX_BLOCK) return 0;
    const p: u32 = 63 - <u32>clz<u64>(size);
    const rounded = size + (<u64>1 << (p - SL_BITS)) - 1;
    const q: u32 = 63 - <u32>clz<u64>(rounded);
    mapFl = q - 6;
    mapSl = <u32>(rounded >> (q - SL_BITS)) & ((<u32>1 << SL_BITS) - 1);
    if (mapFl >= FL_COUNT) return 0;
  }
  let slMap = load<u32>(heapSlMaps + (mapFl << 2)) & (<u32>0xffffffff << mapSl);
  let fl = mapFl;
  if (slMap == 0) {
    const flMap = mapFl + 1 >= 32 ? 0 : heapFlMap & (<u32>0xffffffff << (mapFl + 1));
    if (flMap == 0) return 0;
    fl = ctz<u32>(flMap);
    slMap = load<u32>(heapSlMaps + (fl << 2));
  }
  return <usize>load<u32>(headAt(fl, ctz<u32>(slMap)));
}

/** The first free block of exactly `bytes` (< EXACT_LIMIT), or 0. */
// @ts-ignore: decorator
@inline function listExact(bytes: u32): usize {
  mapInsert(bytes);
  return <usize>load<u32>(headAt(mapFl, mapSl));
}

// === Free blocks ============================================================

/** Writes the bookkeeping of a new free block [block, +size) (not touching the top) and files it. */
function freeBlockMake(block: usize, size: u32): void {
  store<u32>(block, size);
  store<u32>(block + size - 4, size);
  bitSet(block);
  bitSet(block + size - 4);
  if (size >= MIN_LISTED) listInsert(block, size);
}

/** Undoes freeBlockMake: the block is about to be used or merged. */
function freeBlockTake(block: usize, size: u32): void {
  if (size >= MIN_LISTED) listRemove(block, size);
  bitClear(block);
  bitClear(block + size - 4);
}

/**
 * Gives [block, +size) back: merges it with free neighbours and files the
 * result, or returns it to the top when it reaches it. The range's
 * neighbours are live blocks, free blocks or the top; its own bits are clear.
 */
function release(block: usize, size: u32): void {
  let start = block;
  let total = <u64>size;
  const next = block + size;
  if (next != heapTop && bitTest(next)) {
    const nextSize = load<u32>(next);
    freeBlockTake(next, nextSize);
    total += nextSize;
  }
  if (block > heapStart && bitTest(block - 4)) {
    const prevSize = load<u32>(block - 4);
    start = block - prevSize;
    freeBlockTake(start, prevSize);
    total += prevSize;
  }
  if (start + <usize>total == heapTop) {
    heapTop = start;
    return;
  }
  freeBlockMake(start, <u32>total);
}

/**
 * Takes `size` bytes from the start of the free block [block, +have) (off
 * its list already); the remainder becomes a free block of its own.
 */
function carve(block: usize, have: u32, size: u32): void {
  if (have > size) freeBlockMake(block + size, have - size);
}

// === Growth =================================================================

/**
 * Makes the top at least `room` bytes, growing linear memory (and the
 * bitmap with it); false if the runtime or the cap refuses.
 */
function heapGrow(room: u64): bool {
  const havePages = <u32>memory.size();
  // The bitmap for the new size is carved from the new top as well.
  const limit = <u64>heapTop + room;
  const needBytes = limit + limit / 63 + 64;
  const needPages = <u32>min((needBytes + 0xffff) >> PAGE_SHIFT, <u64>0xffffffff);
  if (needPages > heapMaxPages) return false;
  let want = havePages + max(havePages >> HEAP_GROW_SHIFT, HEAP_MIN_GROW_PAGES);
  if (want < needPages) want = needPages;
  if (want > heapMaxPages) want = heapMaxPages;
  if (memory.grow(want - havePages) < 0) {
    if (memory.grow(needPages - havePages) < 0) return false;
  }
  bitsMoveToEnd();
  return true;
}

/**
 * Moves the bitmap to the end of linear memory (after a grow, or at start),
 * sized to cover all of it; the bytes it leaves become part of the top.
 */
function bitsMoveToEnd(): void {
  const end = <u64>memory.size() << PAGE_SHIFT;
  const size = heapBlockSize(<u32>((end + 63) >> 6));
  const bits = <usize>(end - size);
  assert(bits >= heapTop, 'bitmap does not fit the grown memory');
  if (heapBits + heapBitsSize > heapWritten) heapWritten = heapBits + heapBitsSize;
  memory.copy(bits, heapBits, heapBitsSize);
  memory.fill(bits + heapBitsSize, 0, size - heapBitsSize);
  heapLive += size - heapBitsSize;
  if (heapLive > heapPeak) heapPeak = heapLive;
  heapBits = bits;
  heapBitsSize = size;
  heapEnd = <u64>bits;
}

/**
 * heapReserve: guarantees that allocations totalling `bytes` (block sizes)
 * succeed until the command ends, growing memory if needed. Returns false
 * (and changes nothing a caller can see) when the space cannot be had.
 */
export function heapReserve(bytes: u64): bool {
  const need = bytes + searchSlack(bytes);
  if (need != 0 && <u64>heapTop + need > heapEnd && listFind(need) == 0 && !heapGrow(need)) return false;
  heapPledged = need;
  return true;
}

/** heapEndPledge: the running command is over; its unused pledge lapses. */
export function heapEndPledge(): void {
  heapPledged = 0;
}

// === Alloc and free =========================================================

/** Counts `size` bytes as taken: live, and off the pledge. */
// @ts-ignore: decorator
@inline function taken(size: u32): void {
  heapLive += size;
  if (heapLive > heapPeak) heapPeak = heapLive;
  const cost = <u64>size + searchSlack(size);
  heapPledged = heapPledged > cost ? heapPledged - cost : 0;
}

/**
 * heapAlloc: a block of at least `size` bytes (contents undefined), 4-byte
 * aligned, or 0 when memory is exhausted. The caller owns it and must
 * return it with heapFree(ptr, size) passing a size with the same
 * heapBlockSize.
 */
export function heapAlloc(size: u32): usize {
  return allocate(size, false);
}

/**
 * heapAllocZeroed: as heapAlloc, the block's bytes all zero. Only the part
 * that may have been written is cleared: memory from the top that nothing
 * has touched since memory.grow made it is zero already (see heapWritten),
 * so a large new array (a hash table's slots) costs no pass over fresh
 * pages, whose first touch is what is slow (page faults: 60 ms for 16 MiB
 * measured here, against 1 ms for clearing them again).
 */
export function heapAllocZeroed(size: u32): usize {
  return allocate(size, true);
}

function allocate(size: u32, zero: bool): usize {
  if (size > HEAP_MAX_BLOCK) return 0;
  const bytes = heapBlockSize(size);
  // A small request splits a larger free block only when neither a block
  // of its exact size nor the top can serve it: otherwise leaves would
  // carve up the holes tree nodes leave as they grow, and the next node of
  // that size would find none (measured: +3 bytes per key over 1M inserts).
  const exact = bytes < EXACT_LIMIT && <u64>heapTop + bytes <= heapEnd;
  const block = exact ? listExact(bytes) : listFind(bytes);
  if (block != 0) {
    const have = load<u32>(block);
    freeBlockTake(block, have);
    carve(block, have, bytes);
    taken(bytes);
    if (zero) memory.fill(block, 0, bytes);
    return block;
  }
  if (<u64>heapTop + bytes > heapEnd && !heapGrow(bytes)) return 0;
  const top = heapTop;
  heapTop = top + bytes;
  taken(bytes);
  if (zero && top < heapWritten) memory.fill(top, 0, min(bytes, <u32>(heapWritten - top)));
  if (heapTop > heapWritten) heapWritten = heapTop;
  return top;
}

/**
 * heapAllocSpare: as heapAlloc for allocations a command can do without
 * (shrinking a node): never grows memory, and takes nothing the pledge
 * needs (the block it splits keeps at least the pledge). 0 when none is to
 * be had.
 */
export function heapAllocSpare(size: u32): usize {
  const bytes = heapBlockSize(size);
  const want = <u64>bytes + heapPledged + (heapPledged != 0 ? searchSlack(bytes) : 0);
  const block = listFind(want);
  if (block != 0) {
    const have = load<u32>(block);
    freeBlockTake(block, have);
    carve(block, have, bytes);
    heapLive += bytes;
    if (heapLive > heapPeak) heapPeak = heapLive;
    return block;
  }
  if (<u64>heapTop + want > heapEnd) return 0;
  const top = heapTop;
  heapTop = top + bytes;
  if (heapTop > heapWritten) heapWritten = heapTop;
  heapLive += bytes;
  if (heapLive > heapPeak) heapPeak = heapLive;
  return top;
}

/** heapFree: returns a block from heapAlloc; `size` must have the heapBlockSize it was allocated with. */
export function heapFree(ptr: usize, size: u32): void {
  const bytes = heapBlockSize(size);
  assert(ptr >= heapStart && ptr + bytes <= heapTop && (ptr & 3) == 0, 'heapFree of a block outside the heap');
  heapLive -= bytes;
  release(ptr, bytes);
}

/**
 * heapResize: makes the block at `ptr` (of heapBlockSize(oldSize) bytes)
 * heapBlockSize(newSize) bytes without moving it: shrinking always
 * succeeds (the tail is freed); growing succeeds when the free block or the
 * top right after it has the room, without growing memory. False (nothing
 * changed) otherwise; the caller then allocates a new block.
 */
export function heapResize(ptr: usize, oldSize: u32, newSize: u32): bool {
  const have = heapBlockSize(oldSize);
  const want = heapBlockSize(newSize);
  if (want == have) return true;
  if (want < have) {
    heapLive -= have - want;
    release(ptr + want, have - want);
    return true;
  }
  const next = ptr + have;
  const extra = want - have;
  if (next == heapTop) {
    if (<u64>heapTop + extra > heapEnd) return false;
    heapTop += extra;
    if (heapTop > heapWritten) heapWritten = heapTop;
    taken(extra);
    return true;
  }
  if (!bitTest(next)) return false;
  const nextSize = load<u32>(next);
  if (nextSize < extra) return false;
  freeBlockTake(next, nextSize);
  if (nextSize > extra) freeBlockMake(ptr + want, nextSize - extra);
  taken(extra);
  return true;
}

// === Whole-heap operations ==================================================

/** heapInit: places the heap after static data and the bitmap at the end of memory. Called once from the start function. */
export function heapInit(): void {
  heapStart = (__heap_base + 15) & ~<usize>15;
  heapTop = heapStart;
  heapLive = 0;
  bitsMoveToEnd();
}

/**
 * heapReset: frees every block at once (FLUSHALL) except `keep` (a block
 * of `keepSize` bytes, or 0): the rest of the heap becomes free space that
 * serves any size. Callers re-create the other blocks they keep (see
 * ioAfterReset).
 */
export function heapReset(keep: usize, keepSize: u32): void {
  memory.fill(heapBits, 0, heapBitsSize);
  memory.fill(heapHeads, 0, FL_COUNT << SL_BITS << 2);
  memory.fill(heapSlMaps, 0, FL_COUNT << 2);
  heapFlMap = 0;
  heapPledged = 0;
  heapLive = heapBitsSize;
  heapTop = heapStart;
  if (keep == 0) return;
  const keepBytes = heapBlockSize(keepSize);
  if (keep > heapStart) freeBlockMake(heapStart, <u32>(keep - heapStart));
  heapTop = keep + keepBytes;
  heapLive += keepBytes;
}

/** Bytes in live blocks plus the static region below the heap. */
export function heapUsedBytes(): u64 {
  return heapLive + <u64>heapStart;
}

/** The most heapUsedBytes has been since the instance started (INFO used_memory_peak). */
export function heapPeakBytes(): u64 {
  return heapPeak + <u64>heapStart;
}

/** Bytes of linear memory reserved from the runtime. */
export function heapReservedBytes(): u64 {
  return <u64>memory.size() << PAGE_SHIFT;
}

/** heapSetMaxPages: caps linear memory (at most HEAP_PAGE_LIMIT pages). */
export function heapSetMaxPages(pages: u32): void {
  heapMaxPages = min(pages, HEAP_PAGE_LIMIT);
}

// === Snapshot instances =====================================================
//
// A log rewrite reads the dataset from a copy of this heap in a second
// instance of the module (snapshot.ts), so the live one keeps serving. The
// copy is [0, heapTop) of the live instance, static data included (the
// tree's root slot lives there): heapPrepareCopy makes room for it, the host
// copies the bytes, and heapAdoptCopy makes them this instance's heap. Both
// instances ran the same start function, so the blocks this one allocated
// then sit where the live one's did and are overwritten by their
// counterparts. The copy's free blocks are forgotten (never reused here): the
// snapshot instance only reads the copy and allocates its output above it.

/** The live heap's top: how many bytes of linear memory a copy of the heap takes. */
export function heapCopyBytes(): usize {
  return heapTop;
}

/** Grows this (fresh) instance so a heap of `top` bytes fits below its bitmap; false on OOM. */
export function heapPrepareCopy(top: usize): bool {
  if (top < heapTop) return false;
  return <u64>top + 64 <= heapEnd || heapGrow(<u64>(top - heapTop) + 64);
}

/** Takes the copied bytes [0, top) as this instance's heap: all of it live, nothing free. */
export function heapAdoptCopy(top: usize): void {
  memory.fill(heapHeads, 0, FL_COUNT << SL_BITS << 2);
  memory.fill(heapSlMaps, 0, FL_COUNT << 2);
  memory.fill(heapBits, 0, heapBitsSize);
  heapFlMap = 0;
  heapPledged = 0;
  heapTop = top;
  if (top > heapWritten) heapWritten = top;
  heapLive = <u64>(top - heapStart) + heapBitsSize;
  if (heapLive > heapPeak) heapPeak = heapLive;
}
