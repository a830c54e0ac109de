/**
 * What the named methods take, and how their parameters become a command's
 * arguments: the parameter types (keys, arguments, variadic lists, pairs)
 * and the checks that refuse what Redis could not be sent exactly.
 *
 * Keys and values take a string (its UTF-8 bytes) or a Uint8Array; values
 * also take numbers and bigints, written in decimal as ioredis does.
 *
 * Numbers must be exact: NaN, the infinities and integers beyond
 * Number.MAX_SAFE_INTEGER (which may already be rounded, and which String()
 * writes as "1e+21" from 1e21 up) are a TypeError naming the command and the
 * argument; pass a bigint or a string for larger integers. A fraction is
 * written as String() writes it ("1.5"), which suits a value or a float
 * (INCRBYFLOAT); where Redis expects an integer (INCRBY's increment, an
 * expiry, an offset, a COUNT, a cursor) it is a TypeError too.
 *
 * Variable-length arguments (keys, pairs, options, call()'s arguments) may
 * also come in arrays, flattened one level as ioredis flattens them:
 * `mset(['a', '1', 'b', '2'])`, `del(keys)`, `set(k, v, ['EX', 10])`.
 * `mset` and `msetnx` also take one object or one Map of keys to values. A
 * parameter that stands for one value (a key, a value, a count) takes no
 * array: there an array, like an array nested two deep, is a TypeError.
 */
import { FractionArg } from '../args.js';
import { utf8Decode } from '../bytes.js';
import type { Bytes } from '../engine.js';
import type { MethodSpec } from './row.js';

/** A key: a string (its UTF-8 bytes) or raw bytes. */
export type Key = string | Uint8Array;

/**
 * A value or command argument; numbers and bigints are written in decimal.
 * A number must be finite and, if it is an integer, at most
 * Number.MAX_SAFE_INTEGER in magnitude; a fraction only goes where Redis
 * takes a value or a float (see the module comment).
 */
export type Arg = string | Uint8Array | number | bigint;

/** Variable-length arguments: each one an item, or an array of items (flattened one level, as ioredis does). */
export type Variadic<T> = (T | readonly T[])[];

/** A SCAN cursor as a method returns it: decimal digits, '0' when the walk is done. */
export type Cursor = `${bigint}`;

/** What mset and msetnx take in one argument: an object or a Map of keys to values. */
export type Pairs = Readonly<Record<string, Arg>> | ReadonlyMap<Key, Arg>;

/**
 * methodArgs: a named method's parameters as the command's arguments, as
 * its row's {@link MethodSpec} says to read them: the single ones as they
 * are, the variadic rest flattened (or read as pairs), each checked by
 * {@link argBytes}.
 */
export function methodArgs(command: Bytes, spec: MethodSpec, params: ArrayLike<unknown>): Bytes[] {
  let count = params.length;
  if (spec.optional === true) while (count > 0 && params[count - 1] === undefined) count--;
  const single = Math.min(spec.single, count);
  const rest = count === single ? NO_PARAMS : Array.prototype.slice.call(params, single, count);
  const variadic = spec.pairs === true ? flattenPairs(rest as Variadic<Arg> | [Pairs]) : flat(rest as Variadic<Arg>);
  const args = new Array<Bytes>(single + variadic.length);
  for (let i = 0; i < single; i++) args[i] = argBytes(params[i] as Arg, command, i + 1);
  for (let i = 0; i < variadic.length; i++) args[single + i] = argBytes(variadic[i], command, single + i + 1);
  return args;
}

/** The variadic part of a call that has none: shared, so such a call allocates no list for it. */
const NO_PARAMS: readonly unknown[] = [];

/**
 * An argument as the engine takes it: strings and bytes as they are, bigints
 * in decimal, numbers in decimal when that is exact. Anything else is a
 * TypeError that names the command and the argument, rather than a value
 * stored by accident or a failure deep in an engine:
 *
 * - undefined, null, an object or an array;
 * - NaN and the infinities;
 * - an integer beyond Number.MAX_SAFE_INTEGER: it may already be the rounded
 *   result of the caller's arithmetic (2 ** 60 + 1 is 2 ** 60), and from
 *   1e21 up String() writes it as "1e+21". A bigint or a string says it
 *   exactly.
 *
 * A fraction is written with String() (1.5 as "1.5"), right for a value or a
 * float (INCRBYFLOAT); where Redis reads an integer, it is a TypeError too
 * (see FractionArg in engine/args.ts).
 */
export function argBytes(value: Arg, command: Bytes, position: number): Bytes {
  if (typeof value === 'string' || value instanceof Uint8Array) return value;
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return String(value);
    return inexactNumber(value, typeof command === 'string' ? command : utf8Decode(command), position);
  }
  if (typeof value === 'bigint') return String(value);
  throw new TypeError(`flashkv: argument ${position} of '${typeof command === 'string' ? command : utf8Decode(command)}' must be a string, Uint8Array, number or bigint, not ${describe(value)}`);
}

/** A number argument that is not a safe integer: a {@link FractionArg}, or the TypeError argBytes describes. */
function inexactNumber(value: number, command: string, position: number): Bytes {
  if (!Number.isFinite(value)) {
    throw new TypeError(`flashkv: argument ${position} of '${command}' is ${String(value)}; a number argument must be finite`);
  }
  if (Number.isInteger(value)) {
    throw new TypeError(
      `flashkv: argument ${position} of '${command}' is ${String(value)}, an integer beyond Number.MAX_SAFE_INTEGER (2^53 - 1), so it may already be rounded; pass a bigint or a string`,
    );
  }
  return new FractionArg(value, command, position);
}

/** call()'s command name: a string or bytes, else a TypeError. */
export function commandName(name: Key, method: string): Key {
  if (typeof name === 'string' || name instanceof Uint8Array) return name;
  if (name === undefined) throw new TypeError(`flashkv: ${method}() needs a command name (a string or Uint8Array) as its first argument`);
  throw new TypeError(`flashkv: the command name given to ${method}() must be a string or Uint8Array, not ${describe(name)}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? `an object (${Object.prototype.toString.call(value)})` : typeof value;
}

/**
 * Variable-length arguments as one list, arrays among them flattened one
 * level (`del(a, [b, c])` is `del(a, b, c)`), as ioredis flattens them.
 * Returns the list itself when nothing is nested: Array.prototype.flat costs
 * more than the whole DEL of a key in the Wasm engine. An array nested
 * deeper stays an item, for argBytes to refuse.
 */
export function flat<T>(items: Variadic<T>): T[] {
  for (let i = 0; i < items.length; i++) {
    if (Array.isArray(items[i])) return (items as T[][]).flat() as T[];
  }
  return items as T[];
}

/**
 * mset's and msetnx's arguments as a flat list: pairs (arrays flattened as
 * {@link flat} does), or one object or Map whose entries are the pairs, as
 * ioredis's argument transformer for MSET reads them.
 */
function flattenPairs(pairs: Variadic<Arg> | [Pairs]): Arg[] {
  const first = pairs[0];
  if (pairs.length === 1 && first instanceof Map) {
    const out: Arg[] = [];
    for (const [key, value] of first as ReadonlyMap<Key, Arg>) out.push(key, value);
    return out;
  }
  if (pairs.length === 1 && typeof first === 'object' && first !== null && !Array.isArray(first) && !(first instanceof Uint8Array)) {
    return Object.entries(first as Readonly<Record<string, Arg>>).flat();
  }
  return flat(pairs as Variadic<Arg>);
}
