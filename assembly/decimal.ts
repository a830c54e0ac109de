// decimal: signed 64-bit integers as canonical decimal text, both ways
// (Redis's string2ll and ll2string).
//
// CANONICAL means the one spelling ll2string would write: an optional '-',
// then digits with no leading zero (and "0" alone, never "-0"), no '+', no
// spaces, within i64. It is what INCR accepts, what OBJECT ENCODING calls
// int, and what lets a set member live in an intset: text and integer map
// to each other one to one, so a member stored as an integer replies with
// the very bytes it was added with.

/** The longest canonical decimal: "-9223372036854775808". */
// @ts-ignore: decorator
@inline export const DECIMAL_MAX_LEN: u32 = 20;

/** The value parseDecimal found (valid after it returned true). */
export let parsedDecimal: i64 = 0;

/**
 * parseDecimal: whether the `len` bytes at `p` are a canonical signed
 * 64-bit decimal (above); on true, the value is in parsedDecimal.
 */
export function parseDecimal(p: usize, len: u32): bool {
  if (len == 0 || len > DECIMAL_MAX_LEN) return false;
  if (len == 1 && load<u8>(p) == 0x30) {
    parsedDecimal = 0;
    return true;
  }
  let i: u32 = 0;
  const negative = load<u8>(p) == 0x2d;
  if (negative) {
    i = 1;
    if (len == 1) return false;
  }
  const first = load<u8>(p + i);
  if (first < 0x31 || first > 0x39) return false;
  let v: u64 = first - 0x30;
  i++;
  while (i < len) {
    const d = <u32>load<u8>(p + i) - 0x30;
    if (d > 9) return false;
    if (v > 0xffffffffffffffff / 10) return false;
    v *= 10;
    if (v > 0xffffffffffffffff - d) return false;
    v += d;
    i++;
  }
  if (negative) {
    if (v > 0x8000000000000000) return false;
    parsedDecimal = <i64>(0 - v);
  } else {
    if (v > 0x7fffffffffffffff) return false;
    parsedDecimal = <i64>v;
  }
  return true;
}

/** The length of `v` written in decimal. */
export function decimalLen(v: i64): u32 {
  let mag: u64 = v < 0 ? <u64>(0 - v) : <u64>v;
  let digits: u32 = 1;
  for (; mag >= 10; mag /= 10) digits++;
  return v < 0 ? digits + 1 : digits;
}

/** formatDecimal: writes `v` in decimal at `out` (DECIMAL_MAX_LEN bytes of room); returns the length. */
export function formatDecimal(v: i64, out: usize): u32 {
  const len = decimalLen(v);
  let mag: u64 = v < 0 ? <u64>(0 - v) : <u64>v;
  let p = out + len;
  do {
    p--;
    store<u8>(p, <u8>(0x30 + mag % 10));
    mag /= 10;
  } while (mag != 0);
  if (v < 0) store<u8>(out, 0x2d);
  return len;
}
