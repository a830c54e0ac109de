/**
 * String commands of the pure-TS engine (Redis's t_string.c).
 *
 * A string value is text, a RawString or a LongString (value.ts; encoding.ts
 * says why). SET, GET, MSET, MGET and the counters keep text as it came.
 * The commands that count or cut bytes work on the value's byte string
 * ({@link byteForm}), so lengths and offsets are byte counts and slicing is
 * plain `String.prototype.slice`, and the edits (APPEND, SETRANGE) store a
 * RawString. Appending to one makes a V8 rope, which is what makes APPEND in
 * a loop O(1) per call; reads flatten it once.
 *
 * Each function takes the keyspace and the effects buffer, checks the type
 * before changing anything (a failed command changes nothing), and records
 * its effect in the form listed in effects.ts.
 */
import { As, GetExMode, SetFlags, type Bulk, type Bytes, type Int } from '../engine.js';
import { utf8Decode, utf8Length, writeByteString } from '../bytes.js';
import { CommandError } from '../../errors/command-error.js';
import { NOT_FLOAT, NOT_INTEGER, OVERFLOW, STRING_TOO_LONG } from '../../errors/messages.js';
import { OutOfMemoryError } from '../../errors/oom-error.js';
import { WrongTypeError } from '../../errors/wrongtype-error.js';
import { addInt64, parseInt64 } from '../integer.js';
import { incrByFloatByteString } from '../longdouble.js';
import type { Effects } from './effects.js';
import { byteLength, byteStringReply, keyOf, reply, textOf, textToByteString } from './encoding.js';
import type { Keyspace } from './keyspace.js';
import { isString, LongString, RawString, type StringValue, type Text, type Value } from './value.js';

/** Redis's proto-max-bulk-len: the largest string value, 512 MiB. */
const MAX_STRING_BYTES = 512 * 1024 * 1024;

/**
 * V8's longest string (2^29 - 24 chars on 64-bit), a little below Redis's
 * limit. APPEND and SETRANGE make a longer value a {@link LongString}; bytes
 * that long given as an argument cannot become a JS string, and are reported
 * as OOM rather than as V8's RangeError.
 */
const MAX_JS_STRING = 2 ** 29 - 24;

/** The live string value of `key`, undefined if absent; WRONGTYPE for other types. */
export function readString(keyspace: Keyspace, key: string): StringValue | undefined {
  const value: Value | undefined = keyspace.lookup(key);
  if (value === undefined || isString(value)) return value;
  throw new WrongTypeError();
}

/** Redis's checkStringLength. */
function checkLength(length: number): void {
  if (length > MAX_STRING_BYTES) throw new CommandError(STRING_TOO_LONG);
}

/** A key argument as the keyspace's Map key (encoding.ts), refusing what {@link checkArg} refuses. */
export function argKey(arg: Bytes): string {
  checkArg(arg);
  return keyOf(arg);
}

/** A value argument in its stored form (encoding.ts), refusing what {@link checkArg} refuses. */
export function argText(arg: Bytes): Text {
  checkArg(arg);
  return textOf(arg);
}

/**
 * Refuses what Redis refuses (over 512 MiB) and bytes V8 could not hold as a
 * string, with clean errors, before a conversion would throw V8's own
 * RangeError. A JS string's UTF-8 length is only counted when it could be
 * too long (up to 3 bytes per char).
 */
function checkArg(arg: Bytes): void {
  if (typeof arg !== 'string') {
    checkLength(arg.length);
    if (arg.length > MAX_JS_STRING) throw new OutOfMemoryError('argument longer than the TS engine can hold as a string');
  } else if (arg.length > MAX_STRING_BYTES / 3) {
    checkLength(utf8Length(arg));
  }
}

/**
 * A string value's bytes as a byte string, or the LongString itself: the
 * form in which the byte-level commands count and cut. Text that is ASCII is
 * its own byte string, found by one scan.
 */
function byteForm(value: StringValue): string | LongString {
  return value instanceof LongString ? value : textToByteString(value);
}

/**
 * `length` bytes: the bytes of `base`, zeros up to `offset`, `value` from
 * `offset`, the rest of `base` after it. For edits whose result is longer
 * than a byte string can be ({@link LongString}).
 */
function longString(base: string | LongString, length: number, offset: number, value: string): LongString {
  const bytes = new Uint8Array(length);
  if (typeof base === 'string') writeByteString(base, bytes, 0);
  else bytes.set(base.bytes);
  writeByteString(value, bytes, offset);
  return new LongString(bytes);
}

// --- GET / SET family --------------------------------------------------------

export function get(keyspace: Keyspace, key: string, as: As): Bulk | null {
  const value = readString(keyspace, key);
  return value === undefined ? null : reply(value, as);
}

/** SET with parsed flags (see Engine.set for the reply rules). */
export function set(keyspace: Keyspace, effects: Effects, key: string, value: Text, flags: SetFlags, expireAt: Int, as: As): 'OK' | Bulk | null {
  let previous: Bulk | null = null;
  let exists = false;
  if (flags & SetFlags.Get) {
    const old = readString(keyspace, key);
    if (old !== undefined) {
      exists = true;
      previous = reply(old, as);
    }
  } else if (flags & (SetFlags.NX | SetFlags.XX)) {
    exists = keyspace.exists(key);
  }
  const refused = (flags & SetFlags.NX && exists) || (flags & SetFlags.XX && !exists);
  if (!refused) {
    if (flags & SetFlags.Expire) {
      // An expired key is deleted first (effect DEL), as Redis's SET looks it up.
      if (keyspace.expires.size !== 0) keyspace.lookup(key);
      keyspace.insert(key, value);
      keyspace.setExpireAt(key, expireAt);
      effects.setPxat(key, value, expireAt);
    } else if (flags & SetFlags.KeepTTL) {
      // Lazily expire first so a dead key's TTL is not kept.
      keyspace.lookup(key);
      keyspace.insert(key, value);
      effects.setKeepTtl(key, value);
    } else {
      // An expired key is deleted first (effect DEL), as every access does.
      if (keyspace.expires.size !== 0) keyspace.lookup(key);
      keyspace.replace(key, value);
      effects.set(key, value);
    }
  }
  if (flags & SetFlags.Get) return previous;
  return refused ? null : 'OK';
}

export function getdel(keyspace: Keyspace, effects: Effects, key: string, as: As): Bulk | null {
  const value = readString(keyspace, key);
  if (value === undefined) return null;
  keyspace.remove(key);
  effects.del(key);
  return reply(value, as);
}

export function getex(keyspace: Keyspace, effects: Effects, key: string, mode: GetExMode, expireAt: Int, as: As): Bulk | null {
  const value = readString(keyspace, key);
  if (value === undefined) return null;
  const result = reply(value, as);
  if (mode === GetExMode.At) {
    keyspace.expireOrDelete(key, expireAt);
  } else if (mode === GetExMode.Persist) {
    if (keyspace.clearExpire(key)) effects.persist(key);
  }
  return result;
}

export function mget(keyspace: Keyspace, keys: readonly string[], as: As): (Bulk | null)[] {
  const out: (Bulk | null)[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const value = keyspace.lookup(keys[i]);
    out[i] = value !== undefined && isString(value) ? reply(value, as) : null;
  }
  return out;
}

/** MSET; `values[i]` goes to `keys[i]`. */
export function mset(keyspace: Keyspace, effects: Effects, keys: readonly string[], values: readonly Text[]): void {
  for (let i = 0; i < keys.length; i++) {
    if (keyspace.expires.size !== 0) keyspace.lookup(keys[i]);
    keyspace.replace(keys[i], values[i]);
  }
  effects.mset(keys, values);
}

export function msetnx(keyspace: Keyspace, effects: Effects, keys: readonly string[], values: readonly Text[]): 0 | 1 {
  for (const key of keys) {
    if (keyspace.exists(key)) return 0;
  }
  mset(keyspace, effects, keys, values);
  return 1;
}

// --- byte-level edits --------------------------------------------------------

/** APPEND: an absent key takes the value as it came; a present one becomes a RawString (or LongString). */
export function append(keyspace: Keyspace, effects: Effects, key: string, value: Text): number {
  const current = readString(keyspace, key);
  let next: StringValue;
  if (current === undefined) {
    next = value;
  } else {
    const base = byteForm(current);
    const tail = textToByteString(value);
    const length = base.length + tail.length;
    checkLength(length);
    next = length <= MAX_JS_STRING && typeof base === 'string' ? new RawString(base + tail) : longString(base, length, base.length, tail);
  }
  keyspace.insert(key, next);
  effects.append(key, value);
  return byteLength(next);
}

export function strlen(keyspace: Keyspace, key: string): number {
  const value = readString(keyspace, key);
  return value === undefined ? 0 : byteLength(value);
}

/** GETRANGE with Redis's index rules (negative from the end, clamped). */
export function getrange(keyspace: Keyspace, key: string, start: number, end: number, as: As): Bulk {
  const current = readString(keyspace, key);
  const value = current === undefined ? '' : byteForm(current);
  const length = value.length;
  if (start < 0 && end < 0 && start > end) return reply('', as);
  if (start < 0) start += length;
  if (end < 0) end += length;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= length) end = length - 1;
  if (start > end || length === 0) return reply('', as);
  if (typeof value !== 'string') {
    const part = value.bytes.subarray(start, end + 1);
    return as === As.String ? utf8Decode(part) : part.slice();
  }
  return byteStringReply(value.slice(start, end + 1), as);
}

export function setrange(keyspace: Keyspace, effects: Effects, key: string, offset: number, value: Text): number {
  const current = readString(keyspace, key);
  const patch = textToByteString(value);
  if (patch.length === 0) return current === undefined ? 0 : byteLength(current);
  checkLength(offset + patch.length);
  const base = current === undefined ? '' : byteForm(current);
  const length = Math.max(base.length, offset + patch.length);
  let next: RawString | LongString;
  if (length <= MAX_JS_STRING && typeof base === 'string') {
    const padding = offset > base.length ? '\u0000'.repeat(offset - base.length) : '';
    next = new RawString(base.slice(0, offset) + padding + patch + base.slice(offset + patch.length));
  } else {
    next = longString(base, length, offset, patch);
  }
  keyspace.insert(key, next);
  effects.setrange(key, offset, value);
  return length;
}

// --- counters ----------------------------------------------------------------

/**
 * INCRBY family: the sum by addInt64 (in doubles on the common path). A safe
 * result is stored as a number (value.ts StringValue), which the next call
 * takes as it is; a larger one as its text.
 */
export function incrby(keyspace: Keyspace, effects: Effects, key: string, delta: Int): Int {
  const current = readString(keyspace, key);
  if (current instanceof LongString) throw new CommandError(NOT_INTEGER);
  const value = current === undefined ? 0 : typeof current === 'number' ? current : parseText(current);
  if (value === null) throw new CommandError(NOT_INTEGER);
  const next = addInt64(value, delta);
  if (next === null) throw new CommandError(OVERFLOW);
  keyspace.insert(key, typeof next === 'number' ? next : String(next));
  effects.setIntegerKeepTtl(key, next);
  return next;
}

/** The integer a text value holds, as Redis's string2ll reads it; null if none. */
function parseText(value: Text): Int | null {
  // Text is read by its chars: a non-ASCII char is never a digit, as its bytes are not.
  return parseInt64(typeof value === 'string' ? value : value.bytes);
}

/** INCRBYFLOAT with Redis's long-double arithmetic (longdouble.ts). */
export function incrbyfloat(keyspace: Keyspace, effects: Effects, key: string, increment: Text, as: As): Bulk {
  const current = readString(keyspace, key);
  if (current instanceof LongString) throw new CommandError(NOT_FLOAT);
  const next = incrByFloatByteString(current === undefined ? null : textToByteString(current), textToByteString(increment));
  keyspace.insert(key, next);
  effects.setKeepTtl(key, next);
  return reply(next, as);
}
