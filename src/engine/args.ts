/**
 * Argument readers for the command table: tokens, integers and expiry times,
 * with Redis 7's exact error texts. Arguments arrive as strings or bytes
 * (server and AOF paths never make strings of keys or values; option tokens are
 * short and decoded here).
 */
import { CommandError } from '../errors/command-error.js';
import { invalidExpireTime, NOT_INTEGER } from '../errors/messages.js';
import type { Bytes, Int } from './engine.js';
import { INT64_MAX, INT64_MIN, parseInt64, toInt } from './integer.js';

/** An argument as text, for option tokens and error messages. */
export function argText(arg: Bytes): string {
  if (typeof arg === 'string') return arg;
  let text = '';
  for (let i = 0; i < arg.length; i++) text += String.fromCharCode(arg[i]);
  return text;
}

/**
 * The argument with its ASCII letters upper-cased, to compare with an option
 * name. Redis compares tokens with strcasecmp, which folds ASCII only, so
 * no other char may change: String#toUpperCase would turn 'ſ' (U+017F) into
 * 'S' and accept 'aſync' as ASYNC. Most tokens are already upper case and
 * are returned as they are, without the ~25 ns toUpperCase costs.
 */
export function argToken(arg: Bytes): string {
  return asciiCase(argText(arg), 0x61, 0x7a, -0x20);
}

/**
 * `text` with its ASCII letters lower-cased (strcasecmp's folding, see
 * {@link argToken}), for names kept in lower case: commands, subcommands,
 * types, INFO sections. The text itself when it has no upper-case letter.
 */
export function asciiLower(text: string): string {
  return asciiCase(text, 0x41, 0x5a, 0x20);
}

/** `text` with each char in [first, last] shifted by `shift`; the text itself when none is. */
function asciiCase(text: string, first: number, last: number, shift: number): string {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= first && code <= last) {
      let out = text.slice(0, i);
      for (let j = i; j < text.length; j++) {
        const c = text.charCodeAt(j);
        out += String.fromCharCode(c >= first && c <= last ? c + shift : c);
      }
      return out;
    }
  }
  return text;
}

/**
 * FractionArg: a JS number with a fractional part, given as a command
 * argument. It is the bytes of the number's decimal form (`String(n)`, the
 * shortest that reads back as the same double), which a value or a float
 * argument takes as they are; and it remembers the number and where it was
 * given, so that an integer reader ({@link readInt64}, SCAN's cursor) refuses
 * it with a TypeError naming the command and the argument instead of Redis's
 * "value is not an integer". Only fractions are wrapped: integers arrive as
 * decimal strings, so this costs nothing on the common paths.
 */
export class FractionArg extends Uint8Array {
  /** Copies (slice, subarray) are plain Uint8Arrays. */
  static get [Symbol.species](): Uint8ArrayConstructor {
    return Uint8Array;
  }

  readonly number: number;
  readonly command: string;
  readonly position: number;

  constructor(number: number, command: string, position: number) {
    const text = String(number);
    super(text.length);
    for (let i = 0; i < text.length; i++) this[i] = text.charCodeAt(i);
    this.number = number;
    this.command = command;
    this.position = position;
  }
}

/** The TypeError for a {@link FractionArg} read where an integer belongs. */
export function fractionRefused(arg: FractionArg): TypeError {
  return new TypeError(`flashkv: argument ${arg.position} of '${arg.command}' must be an integer, not ${String(arg.number)}`);
}

/**
 * A signed 64-bit integer argument, exact: a number while |n| <= 2^53 - 1,
 * a bigint beyond. ERR "value is not an integer or out of range" otherwise
 * (a TypeError for a JS fraction, see {@link FractionArg}).
 */
export function readInt64(arg: Bytes): Int {
  const value = parseInt64(arg);
  if (value === null) {
    if (arg instanceof FractionArg) throw fractionRefused(arg);
    throw new CommandError(NOT_INTEGER);
  }
  return value;
}

/**
 * readRangedInt: a 64-bit integer argument within [min, max], as Redis's
 * getRangeLongFromObjectOrReply reads one: with a `message`, that error for
 * any refusal (a non-integer too); without, ERR "value is not an integer or
 * out of range" or ERR "value is out of range, value must between <min> and
 * <max>" (sic). A TypeError for a JS fraction, as {@link readInt64}.
 */
export function readRangedInt(arg: Bytes, min: Int, max: Int, message?: string): Int {
  const value = parseInt64(arg);
  if (value === null) {
    if (arg instanceof FractionArg) throw fractionRefused(arg);
    throw new CommandError(message ?? NOT_INTEGER);
  }
  if (value < min || value > max) throw new CommandError(message ?? `ERR value is out of range, value must between ${min} and ${max}`);
  return value;
}

/** Redis's getPositiveLongFromObjectOrReply: an integer >= 0, else `message` (a non-integer too). */
export function readNonNegative(arg: Bytes, message = 'ERR value is out of range, must be positive'): Int {
  return readRangedInt(arg, 0, INT64_MAX, message);
}

/**
 * A 64-bit integer argument as a number, saturated to +-(2^53 - 1): for
 * indexes and offsets, where anything past 2^53 already lies beyond every
 * string.
 */
export function readIndex(arg: Bytes): number {
  const value = readInt64(arg);
  if (typeof value === 'number') return value;
  return value > 0n ? Number.MAX_SAFE_INTEGER : -Number.MAX_SAFE_INTEGER;
}

/** Whether an expiry argument counts in seconds or milliseconds, from now or from the epoch. */
export const enum ExpiryUnit {
  Seconds = 0,
  Milliseconds = 1,
}

/**
 * SET/SETEX/GETEX expiry: a positive amount, relative to `now` or absolute,
 * turned into absolute milliseconds, exact (a bigint only beyond 2^53 - 1).
 * Zero, negative and overflowing values are ERR "invalid expire time in
 * '<command>' command", as Redis replies.
 */
export function readPositiveExpiry(arg: Bytes, unit: ExpiryUnit, relative: boolean, now: number, command: string): Int {
  const amount = readInt64(arg);
  if (amount <= 0) throw new CommandError(invalidExpireTime(command));
  return expiryTime(amount, unit, relative, now, command);
}

/**
 * EXPIRE-family time: any signed amount (a past time deletes the key),
 * relative to `now` or absolute, in absolute milliseconds, exact (a bigint
 * only beyond +-(2^53 - 1)). Values whose milliseconds overflow 64 bits are
 * ERR "invalid expire time".
 */
export function readExpireTime(arg: Bytes, unit: ExpiryUnit, relative: boolean, now: number, command: string): Int {
  return expiryTime(readInt64(arg), unit, relative, now, command);
}

/**
 * An amount of seconds or milliseconds as absolute milliseconds. In doubles
 * while every step is a safe integer (a double product or sum whose exact
 * value is a safe integer is exact, and one whose exact value is not is no
 * safe integer either), which is every realistic time; else in bigint, with
 * Redis's overflow checks.
 */
function expiryTime(amount: Int, unit: ExpiryUnit, relative: boolean, now: number, command: string): Int {
  if (typeof amount === 'number') {
    const ms = unit === ExpiryUnit.Seconds ? amount * 1000 : amount;
    const at = relative ? ms + now : ms;
    if (Number.isSafeInteger(ms) && Number.isSafeInteger(at)) return at;
  }
  return bigExpiryTime(BigInt(amount), unit, relative, now, command);
}

/**
 * {@link expiryTime} in bigint, as Redis computes it in long long: seconds
 * whose milliseconds overflow, and a relative time whose sum with now
 * overflows, are invalid expire times.
 */
function bigExpiryTime(amount: bigint, unit: ExpiryUnit, relative: boolean, now: number, command: string): Int {
  let when = amount;
  if (unit === ExpiryUnit.Seconds) {
    if (when > INT64_MAX / 1000n || when < INT64_MIN / 1000n) throw new CommandError(invalidExpireTime(command));
    when *= 1000n;
  }
  if (relative) {
    if (when > INT64_MAX - BigInt(now)) throw new CommandError(invalidExpireTime(command));
    when += BigInt(now);
  }
  return toInt(when);
}
