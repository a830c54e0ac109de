/**
 * Signed 64-bit integers as Redis reads and writes them.
 *
 * Redis's `string2ll` (util.c) accepts only the canonical decimal spelling of
 * a long long: an optional '-', then "0" alone or a digit 1-9 followed by
 * digits, at most 20 bytes, within [-2^63, 2^63 - 1]. No '+', no spaces, no
 * leading zeros, no "-0". INCR/DECR, SETRANGE offsets, EXPIRE times and every
 * other integer argument go through it, and the integer a string holds is
 * written back in the same canonical form, so parse(format(n)) = n and
 * format(parse(s)) = s for every accepted s.
 *
 * JS numbers are exact only up to 2^53 - 1, so the full range is carried as
 * bigint. Most integers are small, though, so {@link parseSmallInt} reads up
 * to 15 digits (always below 2^53) into a number without touching BigInt,
 * and the INCR family can stay in doubles until a value leaves the safe range.
 */
import type { Bytes, Int } from './engine.js';

/** Largest and smallest signed 64-bit values (LLONG_MAX, LLONG_MIN). */
export const INT64_MAX = 0x7fffffffffffffffn;
export const INT64_MIN = -0x8000000000000000n;

/** Redis's LONG_STR_SIZE: an integer's text is shorter than this. */
const LONG_STR_SIZE = 21;

/** Digits that always fit a double exactly: 10^15 - 1 < 2^53. */
const SMALL_INT_DIGITS = 15;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

/**
 * The shape check of `string2ll`, shared by the string and bytes parsers
 * (`codeAt` reads either): the index of the first digit when the text is a
 * canonical integer of at most 20 bytes, else -1. The range is checked after.
 */
function canonicalStart(length: number, codeAt: (i: number) => number): number {
  if (length === 0 || length >= LONG_STR_SIZE) return -1;
  const start = codeAt(0) === 0x2d ? 1 : 0;
  if (start === length) return -1;
  const first = codeAt(start);
  if (first === 0x30) {
    // "0" alone is canonical; "-0", "00", "01" are not.
    return start === 0 && length === 1 ? 0 : -1;
  }
  if (first < 0x31 || first > 0x39) return -1;
  for (let i = start + 1; i < length; i++) {
    const code = codeAt(i);
    if (code < 0x30 || code > 0x39) return -1;
  }
  return start;
}

/**
 * parseInt64Text: Redis's `string2ll` on a JS string whose char codes are
 * the bytes (a byte string, or any ASCII text): the value, or null when the
 * text is not a canonical signed 64-bit integer.
 */
export function parseInt64Text(text: string): bigint | null {
  if (canonicalStart(text.length, (i) => text.charCodeAt(i)) < 0) return null;
  const value = BigInt(text);
  return value > INT64_MAX || value < INT64_MIN ? null : value;
}

/**
 * parseInt64: Redis's `string2ll` on a {@link Bytes} argument (a string
 * stands for its UTF-8 bytes, and a non-ASCII char is never a digit, so the
 * string is checked as it is).
 */
export function parseInt64(value: Bytes): bigint | null {
  if (typeof value === 'string') return parseInt64Text(value);
  if (canonicalStart(value.length, (i) => value[i]) < 0) return null;
  let text = '';
  for (let i = 0; i < value.length; i++) text += String.fromCharCode(value[i]);
  const parsed = BigInt(text);
  return parsed > INT64_MAX || parsed < INT64_MIN ? null : parsed;
}

/**
 * parseSmallInt: the fast path of {@link parseInt64Text} for texts of at most
 * 15 digits (plus sign), which are always exact doubles. Returns the number,
 * null when the text is not canonical, or undefined when it is longer than
 * the fast path covers (ask {@link parseInt64Text}).
 */
export function parseSmallInt(text: string): number | null | undefined {
  const length = text.length;
  if (length === 0) return null;
  const negative = text.charCodeAt(0) === 0x2d;
  const start = negative ? 1 : 0;
  if (length - start > SMALL_INT_DIGITS) return undefined;
  if (start === length) return null;
  let value = text.charCodeAt(start) - 0x30;
  if (value === 0) return length === 1 ? 0 : null;
  if (value < 1 || value > 9) return null;
  for (let i = start + 1; i < length; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return null;
    value = value * 10 + digit;
  }
  return negative ? -value : value;
}

/**
 * toInt: an exact integer reply: a number while |n| <= 2^53 - 1, else the
 * bigint itself (the contract's {@link Int}).
 */
export function toInt(n: bigint): Int {
  return n <= MAX_SAFE && n >= MIN_SAFE ? Number(n) : n;
}

/** formatInt64: the canonical decimal text of an integer, as Redis writes it. */
export function formatInt64(n: bigint | number): string {
  return String(n);
}

/** int64ToBytes: the canonical decimal text of an integer as ASCII bytes, in a fresh array. */
export function int64ToBytes(n: bigint | number): Uint8Array {
  const text = String(n);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}
