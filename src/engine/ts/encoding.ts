/**
 * How the pure-TS engine holds keys and string values: as the JS strings
 * callers give, wherever the bytes allow.
 *
 * Redis keys and values are byte strings, and callers write JS strings that
 * stand for their UTF-8 bytes and read JS strings back. Converting every key
 * and value to a canonical byte form (one char per byte) would cost a scan of
 * each on every call, and GET would scan its reply again to decode it. So
 * the engine keeps what it is given, and converts only where bytes are
 * counted, cut or written out.
 *
 * KEYS (the keyspace Map's keys)
 *
 * - A key whose bytes are valid UTF-8 is the JS string they decode to: a
 *   string argument as given, a Uint8Array decoded. A string with a lone
 *   surrogate goes through wellFormed() first, as its bytes hold U+FFFD there
 *   (what TextEncoder writes), so 'a\uD800' and 'a\uFFFD' are one key. Each
 *   byte sequence thus has one spelling, and a key given as a string and as
 *   its bytes meet in the Map.
 * - A key whose bytes are not valid UTF-8 (only a Uint8Array can give one)
 *   is {@link RAW_KEY_TAG} followed by its byte string (bytes.ts). The tag is
 *   a lone low surrogate, which no well-formed string starts with, so such a
 *   key never equals a text key.
 *
 * Order: UTF-16 order (JS's `<`) is not UTF-8 byte order (a char past U+FFFF
 * is a surrogate pair, below U+E000..U+FFFF in UTF-16 and above them in
 * UTF-8), and the tag says nothing of a raw key's bytes. So ordered walks
 * and glob matching use {@link keyToByteString}, for which `<` is byte
 * order; an ASCII key is its own byte string.
 *
 * VALUES (value.ts)
 *
 * - Text: a JS string standing for its UTF-8 bytes, as the caller gave it
 *   (after wellFormed()) or decoded from valid UTF-8. GET returns it as is.
 * - A number for an integer the INCR family wrote (Redis's int encoding),
 *   so the next INCR neither reads nor makes a string.
 * - A RawString (a byte string) for bytes that are not valid UTF-8, and for
 *   values edited at byte offsets (APPEND, SETRANGE), where byte lengths must
 *   be O(1). Replies decode it, as every value was decoded before.
 * - A LongString past V8's longest string.
 *
 * COST
 *
 * A string argument costs one isWellFormed(), which V8 answers for a
 * one-byte string without reading it; a Uint8Array one native decode, plus
 * a re-encode only when the result holds U+FFFD (bytes.ts utf8DecodeExact).
 * Text pays where bytes are counted: STRLEN counts its UTF-8 length and
 * GETRANGE encodes it, O(n) where Redis is O(1) and O(range), and the first
 * APPEND or SETRANGE turns it into a RawString.
 */
import { As, type Bulk, type Bytes } from '../engine.js';
import { byteStringToBytes, byteStringToUtf8, bytesToByteString, isAscii, utf8DecodeExact, utf8Decode, utf8Encode, utf8Length, utf8ToByteString, wellFormed } from '../bytes.js';
import { RawString, type StringValue, type Text } from './value.js';

/** Starts a key whose bytes are not valid UTF-8: a lone low surrogate, which starts no well-formed string. */
const RAW_KEY_TAG = '\udfff';
const RAW_KEY_TAG_CODE = 0xdfff;

/**
 * flattened: `text`, which V8 flattens in place if it is a rope (a string
 * built by `+`), as reading a char makes it do. The Map then hashes and
 * compares a flat key instead of walking the rope at every lookup (about
 * 70 ns of a GET), and a stored value holds one flat string (the GC drops a
 * flattened rope's wrapper) instead of keeping the rope's pieces alive.
 */
function flattened(text: string): string {
  text.charCodeAt(0);
  return text;
}

// --- keys ------------------------------------------------------------------

/** keyOf: the Map key of a key argument (the caller checks its length). */
export function keyOf(arg: Bytes): string {
  return typeof arg === 'string' ? wellFormed(flattened(arg)) : keyOfBytes(arg);
}

/** keyOfBytes: the Map key of a key's bytes. */
function keyOfBytes(bytes: Uint8Array): string {
  return utf8DecodeExact(bytes) ?? RAW_KEY_TAG + bytesToByteString(bytes);
}

/**
 * keyToByteString: a key's bytes as a byte string, the form in which keys
 * are ordered, matched against patterns and written to the effects stream.
 */
export function keyToByteString(key: string): string {
  return key.charCodeAt(0) === RAW_KEY_TAG_CODE ? key.slice(1) : utf8ToByteString(key);
}

/** keyFromByteString: the Map key of the bytes a byte string holds; the inverse of {@link keyToByteString}. */
export function keyFromByteString(byteString: string): string {
  if (isAscii(byteString)) return byteString;
  return utf8DecodeExact(byteStringToBytes(byteString)) ?? RAW_KEY_TAG + byteString;
}

/**
 * keyReply: a key-form string (a key, or a hash field or set member held the
 * same way) in the form the caller asked for: text as it is, or its bytes.
 */
export function keyReply(key: string, as: As): Bulk {
  if (key.charCodeAt(0) === RAW_KEY_TAG_CODE) return byteStringReply(key.slice(1), as);
  return as === As.String ? key : utf8Encode(key);
}

/** keyByteLength: the length in bytes of a key-form string. */
export function keyByteLength(key: string): number {
  return key.charCodeAt(0) === RAW_KEY_TAG_CODE ? key.length - 1 : utf8Length(key);
}

// --- values ----------------------------------------------------------------

/** textOf: the stored form of a value argument (the caller checks its length). */
export function textOf(arg: Bytes): Text {
  if (typeof arg === 'string') return wellFormed(flattened(arg));
  const text = utf8DecodeExact(arg);
  return text !== null ? text : new RawString(bytesToByteString(arg));
}

/** textToByteString: the bytes of a {@link Text} or of a stored integer, as a byte string. */
export function textToByteString(value: Text | number): string {
  if (typeof value === 'string') return utf8ToByteString(value);
  return typeof value === 'number' ? String(value) : value.bytes;
}

/** byteLength: a string value's length in bytes; O(n) for text, O(1) otherwise. */
export function byteLength(value: StringValue): number {
  if (typeof value === 'string') return utf8Length(value);
  return typeof value === 'number' ? String(value).length : value.bytes.length;
}

/** reply: a stored string value in the form the caller asked for; text is returned as it is. */
export function reply(value: StringValue, as: As): Bulk {
  if (typeof value === 'string') return as === As.String ? value : utf8Encode(value);
  if (typeof value === 'number') return as === As.String ? String(value) : utf8Encode(String(value));
  if (value instanceof RawString) return byteStringReply(value.bytes, as);
  return as === As.String ? utf8Decode(value.bytes) : value.bytes.slice();
}

/** byteStringReply: the bytes of a byte string in the form the caller asked for. */
export function byteStringReply(byteString: string, as: As): Bulk {
  return as === As.String ? byteStringToUtf8(byteString) : byteStringToBytes(byteString);
}
