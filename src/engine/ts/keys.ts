/**
 * Keyspace commands of the pure-TS engine (Redis's db.c and expire.c): DEL,
 * EXISTS, TYPE, RENAME, COPY, the ordered walk behind KEYS and SCAN,
 * RANDOMKEY and the EXPIRE family.
 *
 * Lookups expire keys lazily exactly as Redis's lookupKeyRead/Write do, so a
 * command never sees a dead key, and its DEL is recorded before the
 * command's own effect. The ordered walk is the exception: it only skips
 * expired keys (as KEYS does), listing them when asked, so that SCAN can
 * delete them after the walk.
 */
import { ExpireFlags, type As, type Bulk, type Int, type KeyBatch, type KeyType, type ScanFilter } from '../engine.js';
import { byteStringToBytes, bytesToByteString } from '../bytes.js';
import { globMatch, literalPrefix } from '../glob.js';
import { CommandError } from '../../errors/command-error.js';
import { NO_SUCH_KEY } from '../../errors/messages.js';
import type { Effects } from './effects.js';
import { byteStringReply, keyFromByteString } from './encoding.js';
import type { Keyspace } from './keyspace.js';
import type { Random } from './random.js';
import { typeOf, type Value } from './value.js';
import { seek } from './ordered-keys.js';

/** DEL / UNLINK: how many of the keys were deleted (a repeated key counts once). */
export function del(keyspace: Keyspace, effects: Effects, keys: readonly string[]): number {
  let deleted = 0;
  for (const key of keys) {
    if (keyspace.lookup(key) !== undefined && keyspace.remove(key)) {
      effects.del(key);
      deleted++;
    }
  }
  return deleted;
}

/** EXISTS: how many of the keys exist, counting repeats. */
export function exists(keyspace: Keyspace, keys: readonly string[]): number {
  let count = 0;
  for (const key of keys) {
    if (keyspace.exists(key)) count++;
  }
  return count;
}

export function type(keyspace: Keyspace, key: string): KeyType | 'none' {
  const value = keyspace.lookup(key);
  return value === undefined ? 'none' : typeOf(value);
}

/** RENAME (nx = false) / RENAMENX (nx = true); the value keeps its expiry. */
export function rename(keyspace: Keyspace, effects: Effects, src: string, dst: string, nx: boolean): 'OK' | 0 | 1 {
  const value = keyspace.lookup(src);
  if (value === undefined) throw new CommandError(NO_SUCH_KEY);
  // Same key: nothing moves, but the reply still says whether it "worked".
  if (src === dst) return nx ? 0 : 'OK';
  if (keyspace.exists(dst)) {
    if (nx) return 0;
    keyspace.remove(dst);
  }
  const expireAt = keyspace.expireAt(src);
  keyspace.remove(src);
  keyspace.insert(dst, value);
  if (expireAt !== -1) keyspace.setExpireAt(dst, expireAt);
  effects.rename(src, dst);
  return nx ? 1 : 'OK';
}

/** A value that can be stored under a second key without sharing state. */
function duplicate(value: Value): Value {
  // String values are immutable (edits make new ones), so sharing them is copying them.
  if (typeof value !== 'object') return value;
  return value.clone();
}

/** COPY: 1 if copied, 0 if `src` is absent or `dst` exists and not `replace`. */
export function copy(keyspace: Keyspace, effects: Effects, src: string, dst: string, replace: boolean): 0 | 1 {
  const value = keyspace.lookup(src);
  if (value === undefined) return 0;
  if (keyspace.exists(dst)) {
    if (!replace) return 0;
    keyspace.remove(dst);
  }
  const expireAt = keyspace.expireAt(src);
  keyspace.insert(dst, duplicate(value));
  if (expireAt !== -1) keyspace.setExpireAt(dst, expireAt);
  effects.copy(src, dst, replace);
  return 1;
}

/**
 * One step of an ordered walk (see Engine.scanKeys). The start is narrowed
 * to the longest literal prefix the `prefix` filter and the MATCH pattern
 * agree on, and the walk stops at the first key past that prefix or at
 * `end`, so a prefixed pattern costs O(log n + matches), not O(n).
 * `last` is null only when no live key is left to examine. The walk is in
 * byte strings (the order view's keys, see encoding.ts), so bounds, prefixes
 * and patterns compare bytes.
 */
export function scanKeys(keyspace: Keyspace, filter: ScanFilter): KeyBatch {
  let pattern = filter.match === null ? null : bytesToByteString(filter.match);
  // Redis's KEYS and SCAN skip matching for a lone '*', which is why it also
  // selects the empty key that stringmatchlen("*", "") rejects.
  if (pattern === '*') pattern = null;
  let prefix = filter.prefix === null ? '' : bytesToByteString(filter.prefix);
  if (pattern !== null) {
    const literal = literalPrefix(pattern).prefix;
    if (literal.startsWith(prefix)) prefix = literal;
    else if (!prefix.startsWith(literal)) return { keys: [], last: null };
  }
  const end = filter.end === null ? null : bytesToByteString(filter.end);
  const from = filter.from === null ? null : bytesToByteString(filter.from);
  const wantedType = filter.type;
  const limit = filter.limit;

  const ordered = keyspace.orderedKeys();
  const values = keyspace.values;
  let i = from === null || from < prefix ? seek(ordered, prefix, true) : seek(ordered, from, filter.inclusive);
  const found: Uint8Array[] = [];
  const expired: Uint8Array[] | undefined = filter.expired === true ? [] : undefined;
  let examined = 0;
  let last: string | null = null;
  for (; i < ordered.length; i++) {
    const key = ordered[i];
    if (end !== null && key >= end) break;
    if (!key.startsWith(prefix)) break;
    const mapKey = keyFromByteString(key);
    const value = values.get(mapKey);
    if (value === undefined) continue; // stale entry of the order view
    // A live key remains: report where to resume instead of examining it.
    if (examined === limit) return { keys: found, last: byteStringToBytes(last as string), expired };
    examined++;
    last = key;
    const dead = keyspace.isExpired(mapKey);
    if (dead && expired === undefined) continue;
    if (!dead && wantedType !== null && typeOf(value) !== wantedType) continue;
    if (pattern !== null && !globMatch(pattern, key)) continue;
    (dead ? (expired as Uint8Array[]) : found).push(byteStringToBytes(key));
  }
  return { keys: found, last: null, expired };
}

/**
 * RANDOMKEY: a uniformly chosen live key, drawn from the engine's seeded generator. Like Redis's dbRandomKey, an expired
 * key drawn on the way is deleted (effect `DEL k`) and another is drawn.
 */
export function randomkey(keyspace: Keyspace, random: Random, as: As): Bulk | null {
  while (keyspace.values.size > 0) {
    const ordered = keyspace.orderedKeys();
    const byteKey = ordered[random.below(ordered.length)];
    const key = keyFromByteString(byteKey);
    if (!keyspace.values.has(key)) continue; // stale: at most half the entries
    if (keyspace.isExpired(key)) {
      keyspace.expireKey(key);
      continue;
    }
    return byteStringReply(byteKey, as);
  }
  return null;
}

/**
 * EXPIRE family at an absolute time (see Engine.expire); flag checks as in
 * Redis's expireGenericCommand, where no expiry counts as infinite.
 */
export function expire(keyspace: Keyspace, key: string, at: Int, flags: ExpireFlags): 0 | 1 {
  if (!keyspace.exists(key)) return 0;
  if (flags !== ExpireFlags.None) {
    const current = keyspace.expireAt(key);
    if (flags & ExpireFlags.NX && current !== -1) return 0;
    if (flags & ExpireFlags.XX && current === -1) return 0;
    if (flags & ExpireFlags.GT && (current === -1 || at <= current)) return 0;
    if (flags & ExpireFlags.LT && current !== -1 && at >= current) return 0;
  }
  keyspace.expireOrDelete(key, at);
  return 1;
}

/** The key's absolute expiry in ms, -1 without one, -2 if absent. */
export function expireTime(keyspace: Keyspace, key: string): Int {
  return keyspace.exists(key) ? keyspace.expireAt(key) : -2;
}

export function persist(keyspace: Keyspace, effects: Effects, key: string): 0 | 1 {
  if (!keyspace.exists(key) || !keyspace.clearExpire(key)) return 0;
  effects.persist(key);
  return 1;
}

/** FLUSHALL; records the effect only when there was something to remove. */
export function flushall(keyspace: Keyspace, effects: Effects): void {
  if (keyspace.values.size === 0) return;
  keyspace.clear();
  effects.flushall();
}
