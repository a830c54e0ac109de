/**
 * ScanCursors: maps SCAN's numeric cursors to "resume after this key".
 *
 * Redis's cursor encodes a position in its hash table. flashkv's keyspace is
 * ordered, so the natural position is the last key returned, which can be any
 * length and does not fit in the unsigned 64-bit number clients expect. This
 * table hands out fresh numbers for resume keys and remembers the most recent
 * {@link ScanCursors.capacity} of them.
 *
 * A cursor the table no longer knows (evicted, or never issued) restarts the
 * walk from the beginning. That keeps SCAN's guarantee — every key present for
 * the whole iteration is returned at least once — at the cost of repeats, which
 * SCAN's contract already allows.
 */
export class ScanCursors {
  /** How many live cursors are remembered before the oldest is forgotten. */
  readonly capacity: number;

  #next = 1n;
  readonly #resumeAfter = new Map<bigint, Uint8Array>();

  constructor(capacity = 4096) {
    this.capacity = capacity;
  }

  /** Issues a cursor that resumes after `lastKey`. */
  save(lastKey: Uint8Array): bigint {
    const cursor = this.#next++;
    this.#resumeAfter.set(cursor, lastKey);
    if (this.#resumeAfter.size > this.capacity) {
      const oldest = this.#resumeAfter.keys().next().value as bigint;
      this.#resumeAfter.delete(oldest);
    }
    return cursor;
  }

  /** Forgets every cursor (the database is closing). */
  clear(): void {
    this.#resumeAfter.clear();
  }

  /** The key to resume after for `cursor`, or null to start from the beginning. */
  resume(cursor: bigint): Uint8Array | null {
    return this.#resumeAfter.get(cursor) ?? null;
  }
}
