// heap: the core's own allocator over linear memory.
//
// WHAT IT STORES
//
// Every byte the keyspace owns (ART nodes, leaves, the TTL index, the effects
// buffer, the argument and reply regions) is a block from this allocator. No
// managed AssemblyScript object is ever allocated (the build uses runtime
// "stub" and nothing calls __new), so the layout below is the whole heap.
//
//   0 .............. __heap_base   static data (mailbox, free-list heads)
//   heapStart ...... heapTop       blocks, live or on a free list
//   heapTop ........ memory end    never handed out yet
//
// SIZE CLASSES
//
// Blocks carry no header: the owner knows a block's size (a leaf computes it
// from its own lengths, a node from its kind) and passes it back to heapFree.
// That is what lets a 16-byte key with a 16-byte value live in a 36-byte
// block with no allocator overhead at all.
//
//   class   0..30   sizes 8, 12, 16, ..., 128       4-byte steps (<= 3 bytes lost)
//   class  31..222  8 classes per doubling above 128 (<= 12.5% lost)
//                   144 160 ... 256 | 288 320 ... 512 | ... up to 2^31
//
// Each class has a singly linked free list threaded through the first four
// bytes of its free blocks. Freed blocks are reused only by their own class;
// blocks are never split or merged. That keeps alloc and free O(1) with no
// boundary tags, at the price that memory freed in one class does not serve
// another (flushall resets the whole heap, see heapReset).
//
// GROWTH AND OUT OF MEMORY
//
// When the bump region runs out the heap grows linear memory geometrically
// (by 1/32 of its size, at least HEAP_MIN_GROW_PAGES = 1 MiB), never one
// page at a time. Steps that fine keep reserved memory within ~3% of what is
// used, and cost little: V8 reserves the address space of a wasm32 memory up
// front, so a grow commits pages in place and never copies (measured: 145
// grows from 1 MiB to 1 GiB take 46 ms on this machine kind). If memory.grow fails (or would pass heapMaxPages) the heap retries
// with exactly the pages it needs, then reports failure by returning 0. It
// never traps.
//
// Writers that must be all-or-nothing call heapReserve(worstCaseBytes) before
// touching anything: once it succeeds, bump space for that many bytes exists
// and is pledged to the command, so every allocation the command makes
// afterwards succeeds (an allocation either pops a free list or takes bump
// space, and the command takes no more than it reserved). Optional
// allocations made meanwhile (shrinking a tree node or the TTL index after a
// delete) use heapAllocSpare, which never touches pledged space.

// @ts-ignore: decorator
@inline const PAGE_SHIFT: u32 = 16;
// @ts-ignore: decorator
@inline const HEAP_MIN_GROW_PAGES: u32 = 16;
/** Memory grows by 1 / 2^HEAP_GROW_SHIFT of its size. */
// @ts-ignore: decorator
@inline const HEAP_GROW_SHIFT: u32 = 5;
// @ts-ignore: decorator
@inline const SMALL_LIMIT: u32 = 128;
// @ts-ignore: decorator
@inline const SMALL_CLASSES: u32 = 31;
// @ts-ignore: decorator
@inline const CLASS_COUNT: u32 = 223;
/** The largest block the heap hands out (2 GiB); larger requests fail cleanly. */
// @ts-ignore: decorator
@inline export const HEAP_MAX_BLOCK: u32 = 0x80000000;

// @ts-ignore: decorator
@inline const HEAP_PAGE_LIMIT: u32 = 65535;

/** Free-list heads, one u32 per class. */
const heapFreeHeads: usize = memory.data(CLASS_COUNT * 4, 8);

let heapStart: usize = 0;
let heapTop: usize = 0;
/** End of linear memory; u64 because 4 GiB does not fit a wasm32 usize. */
let heapEnd: u64 = 0;
/** Bytes in live blocks, counted at their class size. */
let heapLive: u64 = 0;
/** The highest heapUsedBytes seen when last sampled (heapPeakBytes, and on every growth). */
let heapPeak: u64 = 0;
/** Bump bytes promised to the running command by heapReserve and not yet taken. */
let heapPledged: u64 = 0;
/**
 * The most pages linear memory may have. One page short of 4 GiB, so that
 * every heap address and end fits a wasm32 usize; tests lower it to reach
 * OOM quickly.
 */
let heapMaxPages: u32 = HEAP_PAGE_LIMIT;

// === Size classes ===========================================================

/** The class index serving a request of `size` bytes (1 <= size <= HEAP_MAX_BLOCK). */
// @ts-ignore: decorator
@inline export function heapClassOf(size: u32): u32 {
  if (size <= SMALL_LIMIT) return size <= 8 ? 0 : ((size + 3) >> 2) - 2;
  const p: u32 = 31 - clz<u32>(size - 1);
  return SMALL_CLASSES + ((p - 7) << 3) + ((size - 1 - (<u32>1 << p)) >> (p - 3));
}

/** The block size of class `cls`. */
// @ts-ignore: decorator
@inline export function heapClassSize(cls: u32): u32 {
  if (cls < SMALL_CLASSES) return (cls + 2) << 2;
  const q = cls - SMALL_CLASSES;
  const p = 7 + (q >> 3);
  return (<u32>1 << p) + (((q & 7) + 1) << (p - 3));
}

/** The block size a request of `size` bytes really takes. */
// @ts-ignore: decorator
@inline export function heapBlockSize(size: u32): u32 {
  return heapClassSize(heapClassOf(size));
}

// === Growth =================================================================

/** Makes linear memory end at or after `limit`; false if the runtime or the cap refuses. */
function heapGrowTo(limit: u64): bool {
  const havePages = <u32>memory.size();
  const needPages = <u32>((limit + 0xffff) >> PAGE_SHIFT);
  if (limit > (<u64>heapMaxPages << PAGE_SHIFT)) return false;
  let want = havePages + max(havePages >> HEAP_GROW_SHIFT, HEAP_MIN_GROW_PAGES);
  if (want < needPages) want = needPages;
  if (want > heapMaxPages) want = heapMaxPages;
  if (memory.grow(want - havePages) < 0) {
    if (memory.grow(needPages - havePages) < 0) return false;
  }
  heapEnd = <u64>memory.size() << PAGE_SHIFT;
  return true;
}

/**
 * heapReserve: guarantees `bytes` of bump space, growing memory if needed.
 * Returns false (and changes nothing a caller can see) when memory cannot grow.
 */
export function heapReserve(bytes: u64): bool {
  const limit = <u64>heapTop + bytes;
  if (limit > heapEnd && !heapGrowTo(limit)) return false;
  heapPledged = bytes;
  return true;
}

/** heapEndPledge: the running command is over; its unused pledge lapses. */
export function heapEndPledge(): void {
  heapPledged = 0;
}

// === Alloc and free =========================================================

/** Takes the first block off class `cls`'s free list, or 0 when it is empty. */
// @ts-ignore: decorator
@inline function popFree(cls: u32): usize {
  const head = heapFreeHeads + (<usize>cls << 2);
  const free = <usize>load<u32>(head);
  if (free == 0) return 0;
  store<u32>(head, load<u32>(free));
  heapLive += heapClassSize(cls);
  return free;
}

/**
 * heapAlloc: a block of at least `size` bytes (contents undefined), 4-byte
 * aligned, or 0 when memory is exhausted. The caller owns it and must return
 * it with heapFree(ptr, size) passing a size of the same class.
 */
export function heapAlloc(size: u32): usize {
  if (size > HEAP_MAX_BLOCK) return 0;
  const cls = heapClassOf(size);
  const free = popFree(cls);
  if (free != 0) return free;
  const bytes = heapClassSize(cls);
  const top = heapTop;
  if (<u64>top + bytes > heapEnd) {
    if (!heapGrowTo(<u64>top + bytes)) return 0;
  }
  heapTop = top + bytes;
  heapLive += bytes;
  heapPledged = heapPledged > <u64>bytes ? heapPledged - bytes : 0;
  return top;
}

/**
 * heapAllocSpare: as heapAlloc for allocations a command can do without
 * (shrinking a node): from a free list, or from bump space beyond what is
 * pledged, never growing memory. 0 when none is to be had.
 */
export function heapAllocSpare(size: u32): usize {
  const cls = heapClassOf(size);
  const free = popFree(cls);
  if (free != 0) return free;
  const bytes = heapClassSize(cls);
  const top = heapTop;
  if (<u64>top + bytes + heapPledged > heapEnd) return 0;
  heapTop = top + bytes;
  heapLive += bytes;
  return top;
}

/** heapFree: returns a block from heapAlloc; `size` must map to the class it was allocated with. */
export function heapFree(ptr: usize, size: u32): void {
  assert(ptr >= heapStart && ptr < heapTop);
  const cls = heapClassOf(size);
  const head = heapFreeHeads + (<usize>cls << 2);
  store<u32>(ptr, load<u32>(head));
  store<u32>(head, <u32>ptr);
  heapLive -= heapClassSize(cls);
}

/** Whether a block of `oldSize` bytes can hold `newSize` bytes without moving. */
// @ts-ignore: decorator
@inline export function heapFitsInPlace(oldSize: u32, newSize: u32): bool {
  return heapClassOf(oldSize) == heapClassOf(newSize);
}

// === Whole-heap operations ==================================================

/** heapInit: places the heap after static data. Called once from the start function. */
export function heapInit(): void {
  heapStart = (__heap_base + 15) & ~<usize>15;
  heapTop = heapStart;
  heapEnd = <u64>memory.size() << PAGE_SHIFT;
  heapLive = 0;
}

/**
 * heapReset: forgets every block at once (FLUSHALL). All memory becomes bump
 * space again, so it serves any size class afterwards. Callers re-create the
 * blocks they keep (see ioAfterReset).
 */
export function heapReset(): void {
  memory.fill(heapFreeHeads, 0, CLASS_COUNT * 4);
  heapTop = heapStart;
  heapLive = 0;
  heapPledged = 0;
}

/** Bytes in live blocks plus the static region below the heap. */
export function heapUsedBytes(): u64 {
  return heapLive + <u64>heapStart;
}

/** The most bytes heapUsedBytes has reported since the instance started (INFO used_memory_peak). */
export function heapPeakBytes(): u64 {
  const used = heapUsedBytes();
  if (used > heapPeak) heapPeak = used;
  return heapPeak;
}

/** Bytes of linear memory reserved from the runtime. */
export function heapReservedBytes(): u64 {
  return <u64>memory.size() << PAGE_SHIFT;
}

/** heapSetMaxPages: caps linear memory (at most HEAP_PAGE_LIMIT pages). */
export function heapSetMaxPages(pages: u32): void {
  heapMaxPages = min(pages, HEAP_PAGE_LIMIT);
}
