/**
 * What the pure-TS engine stores under a key: a byte string for the string
 * type (one char per byte, see bytes.ts), or a collection object tagged with
 * its type. A value's type is read off its JS type, so no entry needs a
 * wrapper object.
 */
import type { KeyType } from '../engine.js';

/** A non-string value: the collection types, each tagged with its type. */
export interface CollectionValue {
  readonly type: Exclude<KeyType, 'string'>;
  /** A deep copy, for COPY. */
  clone(): CollectionValue;
}

/** A stored value: a byte string for the string type, else a tagged collection. */
export type Value = string | CollectionValue;

/** The type name of a stored value. */
export function typeOf(value: Value): KeyType {
  return typeof value === 'string' ? 'string' : value.type;
}
