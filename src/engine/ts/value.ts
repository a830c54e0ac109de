/**
 * What the pure-TS engine stores under a key: a byte string for the string
 * type (one char per byte, see bytes.ts), or an object tagged with its type:
 * a collection, or a {@link LongString}. A value's type is read off its JS
 * type and tag, so no entry needs a wrapper object.
 */
import type { KeyType } from '../engine.js';

/** A non-string value: the collection types, each tagged with its type. */
export interface CollectionValue {
  readonly type: Exclude<KeyType, 'string'>;
  /** A deep copy, for COPY. */
  clone(): CollectionValue;
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

/** A string value: a byte string, or a {@link LongString} past V8's longest string. */
export type StringValue = string | LongString;

/** A stored value: a string value, or a tagged collection. */
export type Value = StringValue | CollectionValue;

/** The type name of a stored value. */
export function typeOf(value: Value): KeyType {
  return typeof value === 'string' ? 'string' : value.type;
}
