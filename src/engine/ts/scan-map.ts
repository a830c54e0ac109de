/**
 * ScanMap: the table behind the TS engine's hashes and hashtable sets. A Map
 * from element (a field or member, in the keyspace's key form, encoding.ts)
 * to a slot, plus the elements in slots kept in insertion order, so that a
 * SCAN cursor can name a place in the walk that survives any change.
 *
 * LAYOUT
 *
 *   #slots   Map<string, number>   element -> its slot
 *   #keys    (string | undefined)[] slot -> element; undefined is a hole
 *   #values  (V | undefined)[]      slot -> value (hashes); null for a set
 *   #seqs    number[]               slot -> sequence number; null while no
 *                                   compaction has run (then seq = slot)
 *
 * A new element is appended (next slot, next sequence number); setting an
 * existing element's value keeps its slot; a delete leaves a hole. Walking
 * the slots in order and skipping holes gives insertion order, which is
 * Redis's listpack order (a field set again keeps its place, a field deleted
 * and set again goes to the end), so a small hash replies exactly as Redis.
 *
 * Holes are squeezed out once they outnumber the elements (and there are at
 * least {@link COMPACT_MIN_HOLES}): the survivors move down, keeping their
 * order and their sequence numbers, and #slots is re-pointed. That costs
 * O(n) after n/2 deletes, O(1) amortized per delete, and keeps at least half
 * the slots live, so a random slot is an element with probability >= 1/2.
 *
 * SCAN CURSORS
 *
 * A cursor is a sequence number: "resume at the first slot whose sequence is
 * >= cursor". Sequence numbers only grow along the slots and never change
 * for an element while it is present (compaction moves slots, not sequence
 * numbers), so the walk visits slots in sequence order and each call resumes
 * exactly after the last slot the previous call examined, whatever was added
 * or deleted in between. Hence the guarantee, stronger than Redis's:
 *
 * - an element present from the first call to the last is returned exactly
 *   once (its sequence falls in exactly one call's interval);
 * - an element added during the scan may or may not be returned; one deleted
 *   and added again is a new element (a new sequence number);
 * - the cursor strictly grows, so the scan ends; 0 means the walk is over.
 *
 * Each call examines at most COUNT elements and 10 * COUNT slots (Redis's
 * cap on empty buckets), after an O(log n) search for the resume slot: O(1)
 * when no compaction has run (the sequence is the slot).
 *
 * TRANSACTIONS
 *
 * Each edit takes the open transaction's journal (or null) and records its
 * inverse as an {@link UndoEntry} holding this ScanMap, never a key
 * (journal.ts, EXTENDING IT: COLLECTIONS): an append, a hole, an overwritten
 * value. While a journal is open nothing compacts, so slots stay where the
 * entries saw them; undone newest first they restore the table exactly
 * (slots, order, sequence numbers and all).
 */
import type { Random } from './random.js';
import type { Journal, UndoEntry } from './journal.js';
import type { Population } from './sampling.js';

/** Fewer holes than this are never worth a compaction. */
const COMPACT_MIN_HOLES = 8;

/** A scan examines at most this many slots per element COUNT asks for (Redis's dictScan cap on empty buckets). */
const SCAN_SLOTS_PER_COUNT = 10;

export class ScanMap<V> implements Population {
  readonly #slots: Map<string, number>;
  #keys: (string | undefined)[];
  #values: (V | undefined)[] | null;
  #seqs: number[] | null;
  /** The sequence number of the next slot appended. */
  #nextSeq: number;
  /** Undefined entries in #keys. */
  #holes: number;

  /** An empty map; `withValues` false makes a set (elements without values). */
  constructor(withValues: boolean) {
    this.#slots = new Map();
    this.#keys = [];
    this.#values = withValues ? [] : null;
    this.#seqs = null;
    this.#nextSeq = 0;
    this.#holes = 0;
  }

  /** How many elements. */
  get size(): number {
    return this.#slots.size;
  }

  /** Slots in use, holes included: walk 0 .. slotCount - 1 with {@link keyAt}. */
  get slotCount(): number {
    return this.#keys.length;
  }

  /** The element in `slot`, undefined for a hole. */
  keyAt(slot: number): string | undefined {
    return this.#keys[slot];
  }

  /** The value in `slot` (undefined for a hole or a set). */
  valueAt(slot: number): V | undefined {
    return this.#values === null ? undefined : this.#values[slot];
  }

  /** Whether the sequence numbers are stored (after a compaction): one more slot array for memory estimates. */
  get hasSeqs(): boolean {
    return this.#seqs !== null;
  }

  has(key: string): boolean {
    return this.#slots.has(key);
  }

  get(key: string): V | undefined {
    const slot = this.#slots.get(key);
    return slot === undefined || this.#values === null ? undefined : this.#values[slot];
  }

  /**
   * Sets `key` (to `value` for a hash; a set passes undefined). Returns true
   * if the element was added, false if it was there (its value replaced in
   * place). Journals the inverse when `journal` is not null.
   */
  set(key: string, value: V | undefined, journal: Journal | null): boolean {
    const slot = this.#slots.get(key);
    if (slot !== undefined) {
      const values = this.#values;
      if (values !== null) {
        if (journal !== null) journal.record(new ValueUndo(this, slot, values[slot]));
        values[slot] = value;
      }
      return false;
    }
    this.#slots.set(key, this.#keys.length);
    this.#keys.push(key);
    if (this.#values !== null) this.#values.push(value);
    if (this.#seqs !== null) this.#seqs.push(this.#nextSeq);
    this.#nextSeq++;
    if (journal !== null) journal.record(new AppendUndo(this));
    return true;
  }

  /** Removes `key`; true if it was there. Journals the inverse when `journal` is not null. */
  delete(key: string, journal: Journal | null): boolean {
    const slot = this.#slots.get(key);
    if (slot === undefined) return false;
    this.#removeSlot(slot, key, journal);
    return true;
  }

  /** Removes the element in `slot` (which must hold one); the inverse is journaled as by {@link delete}. */
  deleteAt(slot: number, journal: Journal | null): void {
    this.#removeSlot(slot, this.#keys[slot] as string, journal);
  }

  #removeSlot(slot: number, key: string, journal: Journal | null): void {
    this.#slots.delete(key);
    this.#keys[slot] = undefined;
    let value: V | undefined;
    if (this.#values !== null) {
      value = this.#values[slot];
      this.#values[slot] = undefined;
    }
    this.#holes++;
    if (journal !== null) journal.record(new RemoveUndo(this, slot, key, value));
    else if (this.#holes >= COMPACT_MIN_HOLES && this.#holes > this.#slots.size) this.#compact();
  }

  /**
   * A uniformly chosen element's slot; the map must not be empty. At least
   * half the slots are live outside a transaction, so this takes two draws
   * on average.
   */
  randomPosition(random: Random): number {
    const keys = this.#keys;
    for (;;) {
      const slot = random.below(keys.length);
      if (keys[slot] !== undefined) return slot;
    }
  }

  /** The live slots, in order (a fresh array). */
  positions(): number[] {
    const out: number[] = [];
    const keys = this.#keys;
    for (let slot = 0; slot < keys.length; slot++) if (keys[slot] !== undefined) out.push(slot);
    return out;
  }

  /**
   * One step of a scan (see SCAN CURSORS): visits up to `count` elements
   * from `cursor` on, examining at most 10 * `count` slots, and returns the
   * next cursor, 0 when the walk is over.
   */
  scan(cursor: number, count: number, visit: (key: string, value: V | undefined) => void): number {
    const keys = this.#keys;
    const values = this.#values;
    let slot = this.#firstSlotFrom(cursor);
    let found = 0;
    const maxSlots = count * SCAN_SLOTS_PER_COUNT;
    for (let examined = 0; slot < keys.length && found < count && examined < maxSlots; slot++, examined++) {
      const key = keys[slot];
      if (key === undefined) continue;
      visit(key, values === null ? undefined : values[slot]);
      found++;
    }
    if (slot >= keys.length) return 0;
    return this.#seqs === null ? slot : this.#seqs[slot];
  }

  /** The first slot whose sequence number is >= `cursor` (slotCount if none). */
  #firstSlotFrom(cursor: number): number {
    const length = this.#keys.length;
    const seqs = this.#seqs;
    if (seqs === null) return cursor < length ? cursor : length;
    let low = 0;
    let high = length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (seqs[mid] < cursor) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /**
   * Squeezes the holes out (see the module comment): survivors keep their
   * order and sequence numbers. Never runs inside a transaction.
   */
  #compact(): void {
    const keys = this.#keys;
    const values = this.#values;
    const seqs = this.#seqs;
    const live = this.#slots.size;
    const newKeys = new Array<string>(live);
    const newValues = values === null ? null : new Array<V | undefined>(live);
    const newSeqs = new Array<number>(live);
    let to = 0;
    for (let from = 0; from < keys.length; from++) {
      const key = keys[from];
      if (key === undefined) continue;
      newKeys[to] = key;
      if (newValues !== null) newValues[to] = (values as (V | undefined)[])[from];
      newSeqs[to] = seqs === null ? from : seqs[from];
      this.#slots.set(key, to);
      to++;
    }
    this.#keys = newKeys;
    this.#values = newValues;
    this.#seqs = newSeqs;
    this.#holes = 0;
  }

  /** A copy sharing nothing mutable (COPY): holes squeezed out, sequence numbers kept. */
  clone(): ScanMap<V> {
    const copy = new ScanMap<V>(this.#values !== null);
    const keys = this.#keys;
    const values = this.#values;
    const seqs = this.#seqs;
    const copyKeys: string[] = [];
    const copyValues: (V | undefined)[] | null = values === null ? null : [];
    const copySeqs: number[] = [];
    for (let slot = 0; slot < keys.length; slot++) {
      const key = keys[slot];
      if (key === undefined) continue;
      copy.#slots.set(key, copyKeys.length);
      copyKeys.push(key);
      if (copyValues !== null) copyValues.push((values as (V | undefined)[])[slot]);
      copySeqs.push(seqs === null ? slot : seqs[slot]);
    }
    copy.#keys = copyKeys;
    copy.#values = copyValues;
    copy.#seqs = this.#holes === 0 && seqs === null ? null : copySeqs;
    copy.#nextSeq = this.#nextSeq;
    return copy;
  }

  /** The elements and values as they are now, holes included (a snapshot's frozen copy). */
  freeze(): { keys: (string | undefined)[]; values: (V | undefined)[] | null } {
    return { keys: this.#keys.slice(), values: this.#values === null ? null : this.#values.slice() };
  }

  // --- undo (journal entries only; these journal nothing) --------------------

  /** Undoes the latest append: the last slot goes, with its sequence number. */
  undoAppend(): void {
    const key = this.#keys.pop() as string;
    this.#slots.delete(key);
    if (this.#values !== null) this.#values.pop();
    if (this.#seqs !== null) this.#seqs.pop();
    this.#nextSeq--;
  }

  /** Undoes a delete: the element goes back into its hole. */
  undoRemove(slot: number, key: string, value: V | undefined): void {
    this.#keys[slot] = key;
    if (this.#values !== null) this.#values[slot] = value;
    this.#slots.set(key, slot);
    this.#holes--;
  }

  /** Undoes a value overwrite. */
  undoValue(slot: number, value: V | undefined): void {
    (this.#values as (V | undefined)[])[slot] = value;
  }
}

/** An element appended: undo drops the last slot. */
class AppendUndo implements UndoEntry {
  constructor(readonly map: ScanMap<unknown>) {}

  undo(): void {
    this.map.undoAppend();
  }
}

/** An element deleted from `slot`: undo puts it back there. */
class RemoveUndo<V> implements UndoEntry {
  constructor(
    readonly map: ScanMap<V>,
    readonly slot: number,
    readonly key: string,
    readonly value: V | undefined,
  ) {}

  undo(): void {
    this.map.undoRemove(this.slot, this.key, this.value);
  }
}

/** The value in `slot` overwritten: undo writes the old one back. */
class ValueUndo<V> implements UndoEntry {
  constructor(
    readonly map: ScanMap<V>,
    readonly slot: number,
    readonly value: V | undefined,
  ) {}

  undo(): void {
    this.map.undoValue(this.slot, this.value);
  }
}
