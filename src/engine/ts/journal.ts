/**
 * The undo journal of the pure-TS engine: what a transaction changed, kept as
 * the inverse of each change so rollback can put the keyspace back.
 *
 * HOW IT WORKS
 *
 * While a transaction is open, the keyspace's `journal` field points at the
 * journal, and every write path of the keyspace (insert, remove, setExpireAt,
 * clearExpire, clear) calls {@link Journal.saveKey} before it changes a key.
 * The first call for a key in the transaction appends a {@link KeyUndo}
 * holding the key's state as it was at begin(): its value (undefined when it
 * was absent) and its expiry (-1 when it had none). Later changes to the same
 * key add nothing, so a transaction costs one entry per key it touches
 * however often it touches it, and nothing is ever copied: a string value is
 * immutable (a JS string, a number, or a RawString or LongString that edits
 * replace), so saving it is saving a reference.
 *
 * Rollback undoes the entries newest first ({@link Journal.undo}); commit
 * just drops the journal. A journal serves one transaction: allocating a
 * fresh one (an object, an array, a Set) is cheaper than emptying a used
 * one, whose Set V8 would rebuild anyway. Outside a transaction the
 * keyspace's journal is null and each write path pays one null check.
 *
 * WHAT COUNTS AS A CHANGE
 *
 * Everything that moves a key in or out of the maps, including lazy and
 * active expiry and FLUSHALL (which saves every key it removes: proportional
 * to what changes, as FLUSHALL changes every key). A key that was expired but
 * still present at begin() and is reclaimed inside the transaction comes back
 * on rollback expired-but-present, which is exactly its state at begin().
 *
 * EXTENDING IT: COLLECTIONS
 *
 * A collection (hash, set, zset, list) is changed in place, so saving the
 * key would save a reference to the very object being edited. Each in-place
 * edit records its own {@link UndoEntry} instead, the inverse of that one
 * edit ("field f had value v", "member m had score s", "member m was
 * absent"), appended to the same ordered list. The rule such an entry follows:
 * it holds the collection object itself, never its key, because by the time
 * it is undone the key may hold another value or nothing (DEL, RENAME, a
 * SET over it). Key entries only re-point keys at objects and collection
 * entries only edit objects, so the two kinds never act on the same state,
 * and newest-first order among the collection entries restores each object
 * exactly. Adding a type is one class implementing UndoEntry beside the
 * type's code, plus the call that appends it.
 */
import type { Int } from '../engine.js';
import type { Value } from './value.js';

/**
 * The part of the keyspace the journal reads and writes. Named here, rather
 * than importing the Keyspace class, so the keyspace can depend on its journal
 * without the two depending on each other.
 */
export interface JournaledKeyspace {
  readonly values: ReadonlyMap<string, Value>;
  /** The key's expiry, -1 for none. */
  expireAt(key: string): Int;
  /** Puts a key back as saved, journaling nothing. */
  restore(key: string, value: Value | undefined, expireAt: Int): void;
}

/**
 * Up to this many saved keys, "already saved?" scans an array; past it a Set
 * answers. Most transactions touch a handful of keys, and for those a scan
 * beats hashing into a Set that must grow twice on the way to ten entries.
 */
const SCAN_LIMIT = 16;

/** One inverse change: undo() puts back what one change took away. */
export interface UndoEntry {
  /** Restores the state this entry saved, without journaling anything. */
  undo(keyspace: JournaledKeyspace): void;
}

/** A key as it was at begin(): its value (undefined if absent) and expiry (-1 if none). */
class KeyUndo implements UndoEntry {
  constructor(
    readonly key: string,
    readonly value: Value | undefined,
    readonly expireAt: Int,
  ) {}

  undo(keyspace: JournaledKeyspace): void {
    keyspace.restore(this.key, this.value, this.expireAt);
  }
}

/** The inverse changes of one open transaction. */
export class Journal {
  /** Inverse changes, oldest first. */
  readonly #entries: UndoEntry[] = [];
  /** Keys that already have a {@link KeyUndo} here: an array while short, then a Set. */
  #savedKeys: string[] | Set<string> = [];

  /**
   * Saves `key`'s current value and expiry, unless the transaction already
   * saved it. Precondition: called before the change, so "current" is the
   * state at begin() for a key not yet saved.
   */
  saveKey(keyspace: JournaledKeyspace, key: string): void {
    if (this.#isSaved(key)) return;
    this.#markSaved(key);
    const value = keyspace.values.get(key);
    const expireAt = value === undefined ? -1 : keyspace.expireAt(key);
    this.#entries.push(new KeyUndo(key, value, expireAt));
  }

  /**
   * Appends the inverse of one in-place edit of a collection (see
   * EXTENDING IT: COLLECTIONS), in order with the key entries.
   */
  record(entry: UndoEntry): void {
    this.#entries.push(entry);
  }

  #isSaved(key: string): boolean {
    const saved = this.#savedKeys;
    if (!Array.isArray(saved)) return saved.has(key);
    for (let i = 0; i < saved.length; i++) {
      if (saved[i] === key) return true;
    }
    return false;
  }

  #markSaved(key: string): void {
    const saved = this.#savedKeys;
    if (!Array.isArray(saved)) saved.add(key);
    else if (saved.length < SCAN_LIMIT) saved.push(key);
    else this.#savedKeys = new Set(saved).add(key);
  }

  /**
   * Undoes every saved change, newest first. The caller detaches the journal
   * from the keyspace first, although {@link JournaledKeyspace.restore} journals
   * nothing either way, and drops it afterwards.
   */
  undo(keyspace: JournaledKeyspace): void {
    const entries = this.#entries;
    for (let i = entries.length - 1; i >= 0; i--) entries[i].undo(keyspace);
  }
}
