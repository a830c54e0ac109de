/**
 * ScanCursors: maps SCAN's numeric cursors to "resume after this key".
 *
 * Redis's cursor encodes a position in its hash table. flashkv's keyspace is
 * ordered, so the natural position is the last key returned, which can be any
 * length and does not fit in the unsigned 64-bit number clients expect. This
 * table hands out fresh numbers for resume keys and remembers the most recent
 * {@link ScanCursors.capacity} of them.
 *
 * Cursors count up from 1 as numbers: 2^53 of them would take centuries to
 * issue, so a cursor given as a bigint (beyond 2^53 - 1) is one the table
 * never issued.
 *
 * A cursor the table no longer knows (evicted, or never issued) restarts the
 * walk from the beginning. That keeps SCAN's guarantee — every key present for
 * the whole iteration is returned at least once — at the cost of repeats, which
 * SCAN's contract already allows.
 */
import type { Int } from './engine.js';

export class ScanCursors {
  /** How many live cursors are remembered before the oldest is forgotten. */
  readonly capacity: number;

  #next = 1;
  readonly #resumeAfter = new Map<number, Uint8Array>();

  constructor(capacity = 4096) {
    this.capacity = capacity;
  }

  /** Issues a cursor that resumes after `lastKey`. */
  save(lastKey: Uint8Array): number {
    const cursor = this.#next++;
    this.#resumeAfter.set(cursor, lastKey);
    if (this.#resumeAfter.size > this.capacity) {
      const oldest = this.#resumeAfter.keys().next().value as number;
      this.#resumeAfter.delete(oldest);
    }
    return cursor;
  }

  /** Forgets every cursor (the database is closing). */
  clear(): void {
    this.#resumeAfter.clear();
  }

  /** The key to resume after for `cursor`, or null to start from the beginning. */
  resume(cursor: Int): Uint8Array | null {
    if (typeof cursor !== 'number') return null;
    return this.#resumeAfter.get(cursor) ?? null;
  }
}
