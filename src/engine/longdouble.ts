/**
 * INCRBYFLOAT arithmetic, bit for bit as Redis 7 does it on x86-64 Linux.
 *
 * Redis parses both operands with glibc's `strtold`, adds them as C `long
 * double`, and prints the sum with `"%.17Lf"` before trimming trailing zeros
 * (util.c `string2ld`/`ld2string`, t_string.c `incrbyfloatCommand`). On x86-64
 * a long double is the x87 80-bit extended format: a 64-bit significand with
 * an explicit integer bit, 15-bit exponent, round-to-nearest-even. JS has no
 * such type, so this module computes the same results exactly with BigInt:
 *
 *   value = (-1)^negative * significand * 2^exponent
 *
 * where `significand` is an integer below 2^64. A finite long double is
 * always such a number, so every step (parse, add, print) is an exact
 * rational computation followed by one correctly rounded step, which is what
 * glibc and the x87 FPU do too.
 *
 * FORMAT LIMITS (x87 extended)
 *
 *   normal:     2^63 <= significand < 2^64, -16445 <= exponent <= 16320
 *               (smallest normal 2^-16382 = 2^63 * 2^-16445;
 *                largest finite (2^64 - 1) * 2^16320 < 2^16384)
 *   subnormal:  significand < 2^63 with exponent = -16445
 *
 * WHAT REDIS ACCEPTS AS A FLOAT (string2ld)
 *
 * - 1 to 5119 bytes; strtold must consume all of them, so a NUL byte (where
 *   strtold would stop) makes the input invalid.
 * - No leading whitespace (Redis checks `isspace(buf[0])` itself); strtold
 *   must consume everything else.
 * - strtold's syntax: optional sign, then decimal digits with an optional
 *   '.' and exponent, or "0x" hex digits with an optional '.' and binary 'p'
 *   exponent, or "inf"/"infinity"/"nan"/"nan(chars)" in any case.
 * - Rejected: NaN, a result that overflowed to infinity, and a nonzero
 *   input that underflowed to zero (errno ERANGE). Literal "inf" is accepted;
 *   the sum is then infinite, which the command reports as "increment would
 *   produce NaN or Infinity".
 *
 * All of this was checked against redis-server 7.0.15; the cases are in
 * test/engine/helpers/longdouble.test.ts.
 */
import { CommandError } from '../errors/command-error.js';
import { FLOAT_NAN_OR_INF, NOT_FLOAT } from '../errors/messages.js';
import { byteStringToBytes, bytesToByteString } from './bytes.js';

/** A finite x87 long double: (-1)^negative * significand * 2^exponent. */
export interface LongDouble {
  readonly negative: boolean;
  /** 0 <= significand < 2^64; below 2^63 only for zero and subnormals. */
  readonly significand: bigint;
  readonly exponent: number;
}

/** What {@link parseLongDouble} found: a finite value, an infinity, or nothing valid. */
export type ParsedLongDouble = LongDouble | typeof INFINITE | null;

/** The parse result for an accepted infinity ("inf", "-Infinity"). */
export const INFINITE = 'infinite' as const;

const SIGNIFICAND_BITS = 64;
const MIN_EXPONENT = -16445;
const MAX_EXPONENT = 16320;
const TWO_POW_64 = 1n << 64n;
const TWO_POW_63 = 1n << 63n;

/** Redis's MAX_LONG_DOUBLE_CHARS: inputs must be shorter than this. */
export const MAX_LONG_DOUBLE_CHARS = 5 * 1024;

/** Fractional digits printed by "%.17Lf". */
const PRINT_DIGITS = 17;
const PRINT_SCALE = 10n ** BigInt(PRINT_DIGITS);

/**
 * Decimal exponents beyond these bounds overflow or underflow whatever the
 * digits (at most 5119 of them): 10^6000 exceeds the largest long double, and
 * 10^5120 * 10^-11000 is below half the smallest subnormal (~3.6e-4951).
 */
const DECIMAL_EXPONENT_OVERFLOW = 6000;
const DECIMAL_EXPONENT_UNDERFLOW = -11000;
/** The same bounds for hex floats, in powers of two (16^5119 = 2^20476). */
const BINARY_EXPONENT_OVERFLOW = 17000;
const BINARY_EXPONENT_UNDERFLOW = -40000;

const ZERO: LongDouble = { negative: false, significand: 0n, exponent: 0 };

// --- rounding ----------------------------------------------------------------

/** Bit length of a positive bigint. */
function bitLength(n: bigint): number {
  const hex = n.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0], 16)));
}

/**
 * roundToLongDouble: the long double nearest to num / den * 2^exp2 (ties to
 * even), for num, den > 0. Returns null on overflow; a result that rounds
 * below half the smallest subnormal comes back as zero.
 */
function roundToLongDouble(negative: boolean, num: bigint, den: bigint, exp2: number): LongDouble | null {
  // num/den lies in [2^(bn-bd-1), 2^(bn-bd+1)), so with this first guess the
  // quotient lands in [2^63, 2^65); one correction step settles it.
  let exponent = bitLength(num) - bitLength(den) + exp2 - SIGNIFICAND_BITS;
  if (exponent < MIN_EXPONENT) exponent = MIN_EXPONENT;
  let { quotient, remainder, divisor } = divide(num, den, exp2 - exponent);
  if (quotient >= TWO_POW_64) {
    exponent++;
    ({ quotient, remainder, divisor } = divide(num, den, exp2 - exponent));
  }
  const twice = remainder * 2n;
  if (twice > divisor || (twice === divisor && (quotient & 1n) === 1n)) quotient++;
  if (quotient === TWO_POW_64) {
    quotient = TWO_POW_63;
    exponent++;
  }
  if (exponent > MAX_EXPONENT) return null;
  if (quotient === 0n) return { negative, significand: 0n, exponent: 0 };
  return { negative, significand: quotient, exponent };
}

/** floor(num * 2^shift / den) with its remainder and the divisor it is against. */
function divide(num: bigint, den: bigint, shift: number): { quotient: bigint; remainder: bigint; divisor: bigint } {
  const dividend = shift >= 0 ? num << BigInt(shift) : num;
  const divisor = shift >= 0 ? den : den << BigInt(-shift);
  const quotient = dividend / divisor;
  return { quotient, remainder: dividend - quotient * divisor, divisor };
}

// --- parsing (strtold) -------------------------------------------------------

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function hexDigitValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/** True when `text` at `at` starts with `word` (lowercase ASCII), ignoring case. */
function matchesWord(text: string, at: number, word: string): boolean {
  if (at + word.length > text.length) return false;
  for (let i = 0; i < word.length; i++) {
    if ((text.charCodeAt(at + i) | 0x20) !== word.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Reads an exponent's digits (after 'e' or 'p' and an optional sign) at `at`.
 * Returns the end index and the value clamped to +-1e9 (far beyond any bound
 * that matters), or null when no digit follows, in which case strtold does not
 * consume the exponent letter.
 */
function readExponent(text: string, at: number): { end: number; value: number } | null {
  let i = at;
  let sign = 1;
  const first = text.charCodeAt(i);
  if (first === 0x2b || first === 0x2d) {
    if (first === 0x2d) sign = -1;
    i++;
  }
  if (!isDigit(text.charCodeAt(i))) return null;
  let value = 0;
  for (; isDigit(text.charCodeAt(i)); i++) {
    if (value < 1e9) value = value * 10 + (text.charCodeAt(i) - 0x30);
  }
  return { end: i, value: sign * value };
}

/**
 * parseLongDouble: parses a byte string as Redis's `string2ld` does (see the
 * module essay): a finite long double, {@link INFINITE}, or null when Redis
 * would reply "value is not a valid float".
 */
export function parseLongDouble(text: string): ParsedLongDouble {
  if (text.length === 0 || text.length >= MAX_LONG_DOUBLE_CHARS) return null;

  let i = 0;
  let negative = false;
  const signChar = text.charCodeAt(0);
  if (signChar === 0x2b || signChar === 0x2d) {
    negative = signChar === 0x2d;
    i++;
  }

  if (matchesWord(text, i, 'inf')) {
    const end = matchesWord(text, i, 'infinity') ? i + 8 : i + 3;
    return end === text.length ? INFINITE : null;
  }
  if (matchesWord(text, i, 'nan')) return null; // NaN is never a valid float

  if (text.charCodeAt(i) === 0x30 && (text.charCodeAt(i + 1) | 0x20) === 0x78) {
    const hex = parseHexFloat(text, i + 2, negative);
    // "0x" without hex digits is the number 0 followed by garbage.
    if (hex !== undefined) return hex;
    return null;
  }
  return parseDecimalFloat(text, i, negative);
}

/** The decimal branch of strtold from `start` (after the sign). */
function parseDecimalFloat(text: string, start: number, negative: boolean): LongDouble | null {
  let i = start;
  let digits = '';
  let fractionDigits = 0;
  for (; isDigit(text.charCodeAt(i)); i++) digits += text[i];
  if (text.charCodeAt(i) === 0x2e) {
    i++;
    for (; isDigit(text.charCodeAt(i)); i++, fractionDigits++) digits += text[i];
  }
  if (digits.length === 0) return null;
  let exponent = 0;
  if ((text.charCodeAt(i) | 0x20) === 0x65) {
    const read = readExponent(text, i + 1);
    if (read !== null) {
      i = read.end;
      exponent = read.value;
    }
  }
  if (i !== text.length) return null;

  const mantissa = BigInt(digits);
  if (mantissa === 0n) return { negative, significand: 0n, exponent: 0 };
  const decimalExponent = exponent - fractionDigits;
  if (decimalExponent > DECIMAL_EXPONENT_OVERFLOW) return null;
  if (decimalExponent < DECIMAL_EXPONENT_UNDERFLOW) return null;
  const value =
    decimalExponent >= 0
      ? roundToLongDouble(negative, mantissa * 10n ** BigInt(decimalExponent), 1n, 0)
      : roundToLongDouble(negative, mantissa, 10n ** BigInt(-decimalExponent), 0);
  // Overflow (HUGE_VAL) and underflow to zero both set ERANGE: rejected.
  if (value === null || value.significand === 0n) return null;
  return value;
}

/**
 * The hex branch of strtold from `start` (after "0x"). Returns undefined when
 * no hex digit follows, so the caller can treat "0x" as "0" plus garbage.
 */
function parseHexFloat(text: string, start: number, negative: boolean): LongDouble | null | undefined {
  let i = start;
  let mantissa = 0n;
  let digitCount = 0;
  let fractionDigits = 0;
  for (let d = hexDigitValue(text.charCodeAt(i)); d >= 0; d = hexDigitValue(text.charCodeAt(++i))) {
    mantissa = (mantissa << 4n) | BigInt(d);
    digitCount++;
  }
  if (text.charCodeAt(i) === 0x2e) {
    i++;
    for (let d = hexDigitValue(text.charCodeAt(i)); d >= 0; d = hexDigitValue(text.charCodeAt(++i))) {
      mantissa = (mantissa << 4n) | BigInt(d);
      digitCount++;
      fractionDigits++;
    }
  }
  if (digitCount === 0) return undefined;
  let exponent = 0;
  if ((text.charCodeAt(i) | 0x20) === 0x70) {
    const read = readExponent(text, i + 1);
    if (read !== null) {
      i = read.end;
      exponent = read.value;
    }
  }
  if (i !== text.length) return null;
  if (mantissa === 0n) return { negative, significand: 0n, exponent: 0 };
  const binaryExponent = exponent - 4 * fractionDigits;
  if (binaryExponent > BINARY_EXPONENT_OVERFLOW || binaryExponent < BINARY_EXPONENT_UNDERFLOW) return null;
  const value = roundToLongDouble(negative, mantissa, 1n, binaryExponent);
  if (value === null || value.significand === 0n) return null;
  return value;
}

// --- arithmetic --------------------------------------------------------------

/**
 * addLongDouble: a + b rounded to the nearest long double (ties to even), or
 * null when the sum overflows to infinity. An exact zero sum is +0, as IEEE
 * round-to-nearest gives for x + (-x).
 */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | null {
  if (a.significand === 0n) return b.significand === 0n ? { negative: a.negative && b.negative, significand: 0n, exponent: 0 } : b;
  if (b.significand === 0n) return a;
  // Exact sum as an integer times 2^low, then one rounding.
  const low = Math.min(a.exponent, b.exponent);
  const aScaled = a.significand << BigInt(a.exponent - low);
  const bScaled = b.significand << BigInt(b.exponent - low);
  const sum = (a.negative ? -aScaled : aScaled) + (b.negative ? -bScaled : bScaled);
  if (sum === 0n) return ZERO;
  const negative = sum < 0n;
  return roundToLongDouble(negative, negative ? -sum : sum, 1n, low);
}

// --- printing ("%.17Lf" then trimmed) -----------------------------------------

/**
 * formatLongDouble: Redis's `ld2string(..., LD_STR_HUMAN)`: the exact decimal
 * value rounded half-to-even to 17 fractional digits (glibc printf), then
 * trailing zeros and a trailing '.' removed, and "-0" written as "0".
 */
export function formatLongDouble(value: LongDouble): string {
  let scaled: bigint;
  if (value.exponent >= 0) {
    scaled = (value.significand << BigInt(value.exponent)) * PRINT_SCALE;
  } else {
    const shift = BigInt(-value.exponent);
    const product = value.significand * PRINT_SCALE;
    scaled = product >> shift;
    const remainder = product - (scaled << shift);
    const half = 1n << (shift - 1n);
    if (remainder > half || (remainder === half && (scaled & 1n) === 1n)) scaled++;
  }
  if (scaled === 0n) return '0';
  const digits = scaled.toString().padStart(PRINT_DIGITS + 1, '0');
  const integerPart = digits.slice(0, digits.length - PRINT_DIGITS);
  let fraction = digits.slice(digits.length - PRINT_DIGITS);
  let end = fraction.length;
  while (end > 0 && fraction.charCodeAt(end - 1) === 0x30) end--;
  fraction = fraction.slice(0, end);
  const sign = value.negative ? '-' : '';
  return fraction.length === 0 ? sign + integerPart : `${sign}${integerPart}.${fraction}`;
}

// --- INCRBYFLOAT -------------------------------------------------------------

/**
 * incrByFloatByteString: INCRBYFLOAT's arithmetic on byte strings (see
 * bytes.ts): `current` is the stored value (null when the key is absent, read
 * as 0), `increment` the argument. Returns the new value as Redis prints it.
 *
 * @throws CommandError "ERR value is not a valid float" when either operand
 *   is not one, "ERR increment would produce NaN or Infinity" when the sum is
 *   not finite.
 */
export function incrByFloatByteString(current: string | null, increment: string): string {
  const base = current === null ? ZERO : parseLongDouble(current);
  if (base === null) throw new CommandError(NOT_FLOAT);
  const delta = parseLongDouble(increment);
  if (delta === null) throw new CommandError(NOT_FLOAT);
  if (base === INFINITE || delta === INFINITE) throw new CommandError(FLOAT_NAN_OR_INF);
  const sum = addLongDouble(base, delta);
  if (sum === null) throw new CommandError(FLOAT_NAN_OR_INF);
  return formatLongDouble(sum);
}

/**
 * incrByFloat: {@link incrByFloatByteString} on raw bytes; returns a fresh
 * array (ASCII digits) the caller owns.
 *
 * @throws CommandError as {@link incrByFloatByteString}.
 */
export function incrByFloat(current: Uint8Array | null, increment: Uint8Array): Uint8Array {
  // Too long to be a number, as parseLongDouble would say; checked first so
  // a value past the longest JS string (up to 512 MiB) is never made one.
  if ((current !== null && current.length >= MAX_LONG_DOUBLE_CHARS) || increment.length >= MAX_LONG_DOUBLE_CHARS) {
    throw new CommandError(NOT_FLOAT);
  }
  const result = incrByFloatByteString(current === null ? null : bytesToByteString(current), bytesToByteString(increment));
  return byteStringToBytes(result);
}
