/**
 * The key order of the pure-TS engine: a sorted array beside the keyspace Map.
 *
 * A JS Map keeps insertion order, not key order, yet KEYS, SCAN, scanPrefix,
 * range and RANDOMKEY want the keys sorted bytewise. The array holds each
 * key's byte string (encoding.ts keyToByteString), for which JS's own `<` is
 * byte order; an ASCII key is its own byte string, so it costs no memory
 * twice. Keeping a balanced tree in step with every write would tax
 * each SET for the sake of walks that most workloads never ask for, so the
 * order is kept lazily:
 *
 * - Nothing is tracked until the first ordered walk asks for the order; that
 *   walk sorts all keys once, O(n log n).
 * - From then on a new key is pushed onto `#added` (O(1), as the Map key: it
 *   is converted only if a walk comes to merge it) and a removal only
 *   counts one more stale entry: the sorted array still holds the removed key,
 *   and readers skip keys the Map no longer has.
 * - The next walk merges: it sorts the few added keys and merges them into the
 *   array, dropping stale and duplicate entries (a key removed and added again
 *   appears in both lists), O(n + k log k) for k added keys. Removals alone
 *   trigger a merge only once stale entries outnumber live keys, so a reader
 *   never skips more than one stale entry per live one on average.
 * - If keys keep arriving and nobody walks (k reaching n), the order is
 *   dropped and tracking stops, so a write-only workload holds at most one
 *   extra pointer per key.
 *
 * The trade-off, measured against the wasm engine's radix tree (which is
 * ordered at all times): point reads and writes here pay one `Map.size`
 * comparison, and an ordered walk interleaved with inserts pays a linear merge
 * per step instead of O(log n).
 *
 * INVARIANTS (while `#sorted` is not null)
 *
 * - Every live key is in `#sorted` or `#added` (or both).
 * - `#sorted` is strictly ascending; entries whose key is gone are stale.
 */
import { keyToByteString } from './encoding.js';

/** Ordered view of a keyspace's keys; `isLive` says whether a key still exists. */
export class OrderedKeys {
  /** Ascending byte strings of keys, possibly with stale entries; null while order is not tracked. */
  #sorted: string[] | null = null;
  /** Map keys created since the last merge, unsorted. */
  #added: string[] = [];
  /** Removals since the last merge: an upper bound on stale entries in `#sorted`. */
  #stale = 0;

  /** Notes a key (a Map key) that was just created. */
  added(key: string): void {
    if (this.#sorted === null) return;
    this.#added.push(key);
    if (this.#added.length > this.#sorted.length + 1024) this.clear();
  }

  /** Notes a key that was just removed. */
  removed(): void {
    if (this.#sorted !== null) this.#stale++;
  }

  /** Forgets the order (FLUSHALL, or too many unmerged additions). */
  clear(): void {
    this.#sorted = null;
    this.#added = [];
    this.#stale = 0;
  }

  /**
   * The keys' byte strings in ascending order. The array may hold stale keys
   * (callers skip those `isLive` rejects), never misses a live one, and is
   * valid until the next write. `keys` lists every live Map key, for the
   * first sort.
   */
  view(keys: () => IterableIterator<string>, isLive: (byteKey: string) => boolean, liveCount: number): readonly string[] {
    if (this.#sorted === null) {
      this.#sorted = Array.from(keys(), keyToByteString).sort();
      this.#added = [];
      this.#stale = 0;
    } else if (this.#added.length > 0 || this.#stale > liveCount) {
      this.#sorted = merge(this.#sorted, this.#added.map(keyToByteString).sort(), isLive);
      this.#added = [];
      this.#stale = 0;
    }
    return this.#sorted;
  }
}

/** Merges two ascending lists, keeping live keys once each. */
function merge(sorted: readonly string[], added: readonly string[], isLive: (key: string) => boolean): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  let previous: string | null = null;
  while (i < sorted.length || j < added.length) {
    let key: string;
    if (j >= added.length || (i < sorted.length && sorted[i] <= added[j])) key = sorted[i++];
    else key = added[j++];
    if (key !== previous && isLive(key)) {
      out.push(key);
      previous = key;
    }
  }
  return out;
}

/** The first index in ascending `keys` whose key is >= `key` (or > when not `inclusive`). */
export function seek(keys: readonly string[], key: string, inclusive: boolean): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const probe = keys[mid];
    if (probe < key || (!inclusive && probe === key)) low = mid + 1;
    else high = mid;
  }
  return low;
}
