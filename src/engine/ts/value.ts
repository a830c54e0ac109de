/**
 * What the pure-TS engine stores under a key: for the string type, a JS
 * string standing for its UTF-8 bytes (the common case, see encoding.ts) or
 * a number (an integer the INCR family wrote); otherwise an object tagged
 * with its type: a {@link RawString} or {@link LongString} for string values
 * held as bytes, or a collection. A value's type is read off its JS type and
 * tag, so no entry needs a wrapper object.
 */
import type { KeyType } from '../engine.js';

/** A non-string value: the collection types, each tagged with its type. */
export interface CollectionValue {
  readonly type: Exclude<KeyType, 'string'>;
  /** OBJECT ENCODING's name for it ('listpack', 'intset', 'hashtable'). */
  readonly encoding: string;
  /** A deep copy, for COPY. */
  clone(): CollectionValue;
}

/**
 * RawString: a string value held as its bytes, in a byte string (one char
 * per byte, see bytes.ts), where a JS string standing for UTF-8 will not do:
 * bytes that are not valid UTF-8, and values edited at byte offsets (APPEND,
 * SETRANGE), whose byte length must be O(1) (`bytes.length`) and which APPEND
 * extends as a V8 rope. Its `bytes` are never changed (an edit makes a new
 * RawString), so the undo journal and COPY can share it.
 */
export class RawString {
  readonly type = 'string' as const;

  constructor(readonly bytes: string) {}

  /** COPY's duplicate: the bytes never change, so sharing them is copying them. */
  clone(): RawString {
    return this;
  }
}

/**
 * LongString: a string value longer than V8's longest string (2^29 - 24
 * chars), which Redis allows up to 512 MiB (2^29 bytes): `SETRANGE k
 * 536870911 x` makes one. Only such values take this form, so it lives in a
 * band of 24 bytes and the common paths never meet it. Its bytes are never
 * changed (an edit makes a new one), as a byte string's, so the undo journal
 * and COPY can share it.
 */
export class LongString {
  readonly type = 'string' as const;

  constructor(readonly bytes: Uint8Array) {}

  /** The length in bytes, as a byte string's `length`. */
  get length(): number {
    return this.bytes.length;
  }

  /** COPY's duplicate: the bytes never change, so sharing them is copying them. */
  clone(): LongString {
    return this;
  }
}

/**
 * A string value given or stored whole: a JS string standing for its UTF-8
 * bytes, or a {@link RawString}. Arguments take this form (an argument is
 * never longer than a JS string).
 */
export type Text = string | RawString;

/**
 * A string value: {@link Text}; a number, for an integer the INCR family
 * stored while it is a safe integer (Redis's int encoding: its bytes are its
 * canonical decimal text, so the next INCR reads no chars and a counter
 * costs no string); or a {@link LongString} past V8's longest string.
 */
export type StringValue = Text | number | LongString;

/** A stored value: a string value, or a tagged collection. */
export type Value = StringValue | CollectionValue;

/** The type name of a stored value. */
export function typeOf(value: Value): KeyType {
  return typeof value === 'object' ? value.type : 'string';
}

/** Whether a stored value is of the string type. */
export function isString(value: Value): value is StringValue {
  return typeof value !== 'object' || value.type === 'string';
}
