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
 * JS numbers are exact only up to 2^53 - 1, so the full range is an {@link
 * Int}: a number while |n| <= 2^53 - 1 and a bigint beyond. The parser
 * reads the digits into two doubles (the last 15 digits, and the up to 5
 * before them), each always exact, and makes a bigint only when the value
 * itself is beyond 2^53 - 1: the INCR family, expiry times, offsets and
 * counts never touch BigInt on the common path.
 */
import type { Bytes, Int } from './engine.js';

/** Largest and smallest signed 64-bit values (LLONG_MAX, LLONG_MIN). */
export const INT64_MAX = 0x7fffffffffffffffn;
export const INT64_MIN = -0x8000000000000000n;

/** Redis's LONG_STR_SIZE: an integer's text is shorter than this. */
const LONG_STR_SIZE = 21;

/** Digits in the low part of a long integer's text: 10^15 - 1 < 2^53, so always an exact double. */
const LOW_DIGITS = 15;
const LOW_SCALE = 1e15;

/** 2^53 - 1 split as the parser splits a text: 9 * 10^15 + 7199254740991 (both exact doubles). */
const SAFE_HIGH = Math.floor(Number.MAX_SAFE_INTEGER / LOW_SCALE);
const SAFE_LOW = Number.MAX_SAFE_INTEGER % LOW_SCALE;

/** 2^63 - 1 split the same way: 9223 * 10^15 + 372036854775807; -2^63 ends in ...808. */
const INT64_HIGH = 9223;
const INT64_MAX_LOW = 372036854775807;
const INT64_MIN_LOW = 372036854775808;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

/**
 * Whether high * 10^15 + low (high < 10^5, low < 10^15) is at most
 * `limitHigh` * 10^15 + `limitLow`: the comparison of two texts of up to
 * 20 digits split as the parser splits them, exact in doubles.
 */
function atMost(high: number, low: number, limitHigh: number, limitLow: number): boolean {
  return high < limitHigh || (high === limitHigh && low <= limitLow);
}

/**
 * parseInt64: Redis's `string2ll` on a {@link Bytes} argument: the value (a
 * number while |n| <= 2^53 - 1, else a bigint), or null when it is not the
 * canonical text of a signed 64-bit integer. A string is read by its char
 * codes: a byte string (bytes.ts), or a JS string whose UTF-8 bytes it
 * stands for, as the TS engine holds both (a non-ASCII char is never a
 * digit, so such a string is rejected as it is).
 */
export function parseInt64(value: Bytes): Int | null {
  const text = typeof value === 'string';
  const length = value.length;
  if (length === 0 || length >= LONG_STR_SIZE) return null;
  const negative = (text ? (value as string).charCodeAt(0) : (value as Uint8Array)[0]) === 0x2d;
  const start = negative ? 1 : 0;
  if (start === length) return null;
  // The digits before `split` go to `high` (at most 5 of them: 20 bytes in
  // all), the last 15 to `low`; both stay exact doubles.
  const split = length - LOW_DIGITS > start ? length - LOW_DIGITS : start;
  let high = 0;
  let low = 0;
  for (let i = start; i < length; i++) {
    const digit = (text ? (value as string).charCodeAt(i) : (value as Uint8Array)[i]) - 0x30;
    if (!(digit >= 0 && digit <= 9)) return null;
    if (digit === 0 && i === start) {
      // "0" alone is canonical; "-0", "00", "01" are not.
      return length === 1 ? 0 : null;
    }
    if (i < split) high = high * 10 + digit;
    else low = low * 10 + digit;
  }
  if (atMost(high, low, SAFE_HIGH, SAFE_LOW)) {
    const exact = high * LOW_SCALE + low;
    return negative ? -exact : exact;
  }
  if (!atMost(high, low, INT64_HIGH, negative ? INT64_MIN_LOW : INT64_MAX_LOW)) return null;
  const big = BigInt(high) * 1000000000000000n + BigInt(low);
  return negative ? -big : big;
}

/**
 * toInt: an exact integer reply: a number while |n| <= 2^53 - 1, else the
 * bigint itself (the contract's {@link Int}).
 */
export function toInt(n: bigint): Int {
  return n <= MAX_SAFE && n >= MIN_SAFE ? Number(n) : n;
}

/**
 * addInt64: value + delta as a signed 64-bit integer, or null when the sum
 * overflows (the INCR family's and HINCRBY's "increment or decrement would
 * overflow"). In doubles while both and the sum are safe integers (a double
 * sum of two safe integers is a safe integer exactly when it is exact), else
 * in bigint.
 */
export function addInt64(value: Int, delta: Int): Int | null {
  const sum = typeof value === 'number' && typeof delta === 'number' ? value + delta : NaN;
  if (Number.isSafeInteger(sum)) return sum;
  const big = BigInt(value) + BigInt(delta);
  return big > INT64_MAX || big < INT64_MIN ? null : toInt(big);
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
