/**
 * The pure-TS engine's keyspace: entries, expiry and key order.
 *
 * REPRESENTATION
 *
 * - `values: Map<string, Value>` maps each key to its value. A key is the JS
 *   string its bytes decode to, so a string key from the caller is used as
 *   it came (encoding.ts: one spelling per byte sequence, and the tagged form
 *   of keys that are not UTF-8).
 * - A string value is, likewise, the JS string the caller gave (GET returns
 *   it as is), or a RawString or LongString holding bytes (value.ts). Other
 *   types (hash, set, zset, list) will be objects carrying their `type`, so a
 *   value's type is read off its JS type and no entry needs a wrapper object.
 * - `expires: Map<string, Int>` holds the absolute expiry (Unix ms) of the
 *   keys that have one, and only those: a key without a TTL costs nothing
 *   here, and while no key has a TTL the lazy-expiry check is one `size` read.
 *   A time is kept exactly as the contract gives it: a number, or a bigint
 *   beyond 2^53 - 1. JS compares the two kinds exactly (`at < now`), so the
 *   checks below need no conversion; nothing here does arithmetic on a time.
 * - {@link OrderedKeys} keeps a lazily maintained sorted view for ordered
 *   walks, in byte strings (byte order).
 * - Time is the engine's {@link CommandClock}: read only when a key with an
 *   expiry is looked at, so a keyspace without TTLs never reads it.
 *
 * INVARIANTS
 *
 * - Every key of `expires` is a key of `values`.
 * - A key whose expiry is < the clock's `now` is logically absent (as in Redis, a key
 *   lives through its expiry millisecond): {@link lookup}
 *   deletes it (recording `DEL k`) before anyone can see it. It may still sit
 *   in the maps until then, which is why DBSIZE may count it.
 * - Every key creation goes through {@link insert} and every removal through
 *   {@link remove}, so the order view hears of both.
 * - Every change to the maps goes through this class's write paths (insert,
 *   replace, remove, setExpireAt, clearExpire, clear), and each of them hands
 *   the key to {@link journal} first while a transaction is open; only
 *   {@link restore}, which undoes them, bypasses it (see journal.ts).
 */
import type { CommandClock } from '../clock.js';
import type { Int } from '../engine.js';
import type { Effects } from './effects.js';
import { keyFromByteString } from './encoding.js';
import type { Journal } from './journal.js';
import { OrderedKeys } from './ordered-keys.js';
import type { Value } from './value.js';

/** One engine's keyspace. */
export class Keyspace {
  readonly values = new Map<string, Value>();
  readonly expires = new Map<string, Int>();
  readonly order = new OrderedKeys();
  /** The open transaction's undo journal; null outside a transaction. */
  journal: Journal | null = null;
  readonly #effects: Effects;
  readonly #clock: CommandClock;
  /** Active expiry's place in `expires`, kept between calls; null to start over. */
  #expiryCursor: Iterator<[string, Int]> | null = null;

  constructor(effects: Effects, clock: CommandClock) {
    this.#effects = effects;
    this.#clock = clock;
  }

  /**
   * The live value of `key`, or undefined. An expired key is deleted on the
   * way (effect `DEL k`), as every Redis lookup does.
   */
  lookup(key: string): Value | undefined {
    const value = this.values.get(key);
    if (value === undefined) return undefined;
    if (this.expires.size !== 0) {
      const at = this.expires.get(key);
      if (at !== undefined && at < this.#clock.now) {
        this.expireKey(key);
        return undefined;
      }
    }
    return value;
  }

  /** Whether `key` holds a live value (deleting it first if it expired). */
  exists(key: string): boolean {
    return this.lookup(key) !== undefined;
  }

  /** Whether `key` is in the maps but past its expiry (no side effects). */
  isExpired(key: string): boolean {
    if (this.expires.size === 0) return false;
    const at = this.expires.get(key);
    return at !== undefined && at < this.#clock.now;
  }

  /**
   * Stores `value` under `key`, creating the key if needed. The expiry is left
   * as it is: callers clear or set it as their command says.
   */
  insert(key: string, value: Value): void {
    if (this.journal !== null) this.journal.saveKey(this, key);
    this.#store(key, value);
  }

  /** {@link insert} without the journal. */
  #store(key: string, value: Value): void {
    const before = this.values.size;
    this.values.set(key, value);
    if (this.values.size !== before) this.order.added(key);
  }

  /** Stores `value` under `key` with no expiry (SET, MSET). */
  replace(key: string, value: Value): void {
    this.insert(key, value);
    if (this.expires.size !== 0) this.expires.delete(key);
  }

  /** Removes `key` and its expiry; true if it was there. Records nothing. */
  remove(key: string): boolean {
    if (this.journal !== null) this.journal.saveKey(this, key);
    return this.#unlink(key);
  }

  /** {@link remove} without the journal. */
  #unlink(key: string): boolean {
    if (!this.values.delete(key)) return false;
    if (this.expires.size !== 0) this.expires.delete(key);
    this.order.removed();
    return true;
  }

  /** Removes an expired key and records `DEL k`. */
  expireKey(key: string): void {
    this.remove(key);
    this.#effects.del(key);
  }

  /** The key's absolute expiry in ms, or -1 when it has none. */
  expireAt(key: string): Int {
    if (this.expires.size === 0) return -1;
    return this.expires.get(key) ?? -1;
  }

  /**
   * Gives an existing key the expiry `at` (effect PEXPIREAT), or deletes it at
   * once (effect DEL) when `at` is not in the future: Redis's
   * checkAlreadyExpired, shared by the EXPIRE family and GETEX.
   */
  expireOrDelete(key: string, at: Int): void {
    if (at <= this.#clock.now) {
      this.remove(key);
      this.#effects.del(key);
    } else {
      this.setExpireAt(key, at);
      this.#effects.pexpireat(key, at);
    }
  }

  /** Sets or replaces the expiry of an existing key. */
  setExpireAt(key: string, at: Int): void {
    if (this.journal !== null) this.journal.saveKey(this, key);
    this.expires.set(key, at);
  }

  /** Removes the key's expiry; true if it had one. */
  clearExpire(key: string): boolean {
    if (this.expires.size === 0) return false;
    if (this.journal !== null) this.journal.saveKey(this, key);
    return this.expires.delete(key);
  }

  /**
   * Puts `key` back as a journal saved it: `value` undefined means absent,
   * `expireAt` -1 means no expiry. Journals nothing and records no effect;
   * keeps the order view told of keys that come back or go away.
   */
  restore(key: string, value: Value | undefined, expireAt: Int): void {
    if (value === undefined) {
      this.#unlink(key);
      return;
    }
    this.#store(key, value);
    if (expireAt === -1) this.expires.delete(key);
    else this.expires.set(key, expireAt);
  }

  /**
   * The keys as byte strings (encoding.ts keyToByteString) in ascending
   * order; may hold removed keys (check `values` for keyFromByteString).
   */
  orderedKeys(): readonly string[] {
    return this.order.view(
      () => this.values.keys(),
      (byteKey) => this.values.has(keyFromByteString(byteKey)),
      this.values.size,
    );
  }

  /** Removes every key and the state derived from them. */
  clear(): void {
    const journal = this.journal;
    if (journal !== null) {
      for (const key of this.values.keys()) journal.saveKey(this, key);
    }
    this.values.clear();
    this.expires.clear();
    this.order.clear();
    this.#expiryCursor = null;
  }

  /**
   * Active expiry: walks `expires` from where the last call stopped,
   * examining at most `budget` entries and deleting those past due (effect
   * `DEL k` each). A JS Map iterator stays valid across inserts and deletes,
   * so the walk resumes even after the keyspace changed; it starts over once
   * it reaches the end. Returns how many keys it deleted.
   */
  activeExpire(budget: number): number {
    let deleted = 0;
    const now = this.#clock.now;
    const cursor = this.#expiryCursor ?? this.expires.entries();
    for (let examined = 0; examined < budget; examined++) {
      const next = cursor.next();
      if (next.done === true) {
        // Start over next time; stop now so one call never examines an entry twice.
        this.#expiryCursor = null;
        return deleted;
      }
      const [key, at] = next.value;
      if (at < now) {
        this.expireKey(key);
        deleted++;
      }
    }
    this.#expiryCursor = cursor;
    return deleted;
  }
}
