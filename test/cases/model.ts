/**
 * What a command case is made of, with nothing tied to a test runner.
 *
 * A case is a sentence title and a list of steps, each a command and the reply
 * redis-server 7.0.15 gives to it. The tables in this folder are plain
 * modules built from this file alone, so two runners read the same data:
 * vitest, through `defineCases` (../support/cases.ts), on both engines and on
 * redis-server; and Deno and Bun, through scripts/runtime-cases/run.ts, on
 * both engines of the built package. Nothing here may import vitest or a
 * runtime's API (node:*, Deno, Bun): only what every runtime has.
 *
 * Each case starts from an empty keyspace. Both sides read the same wall clock,
 * so times relative to now are fine as long as the step compares them with a
 * tolerance ({@link near}).
 */
import type { DB } from '../../src/db.js';
import type { RespArg, RespReply } from '../support/resp.js';

/** A command: words split on spaces ('SET k v EX 10'), or an argument list for spaces and bytes. */
export type Cmd = string | readonly RespArg[];

/** What a step expects: a reply, an {@link err}, or an asymmetric matcher ({@link near}, {@link unordered}, ...). */
export type Expected = unknown;

/** One command and the reply it must get. */
export type Step = readonly [Cmd, Expected];

export interface Case {
  /** A sentence saying what the case shows. */
  title: string;
  steps: readonly Step[];
  /** Run with bulk replies as bytes (db.callBuffer); status replies stay strings. */
  bytes?: boolean;
}

/** The cases of one area, registered as one suite ("SET", "KEYS", ...). */
export interface CaseTable {
  /** The suite's title: the commands or the subject the cases cover. */
  area: string;
  cases: readonly Case[];
}

/** An error reply, compared by its exact text. */
export interface ErrorOutcome {
  error: string;
}

/** A command's outcome: its reply, or `{ error }` for an error reply. */
export type Outcome = RespReply | ErrorOutcome;

/** The expected outcome of a command that replies with error `text`. */
export function err(text: string): ErrorOutcome {
  return { error: text };
}

/** Splits a command written as one string into its words. */
export function words(cmd: Cmd): RespArg[] {
  return typeof cmd === 'string' ? cmd.split(' ').filter((word) => word !== '') : [...cmd];
}

/** Bytes as lowercase hex. */
export function hex(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte.toString(16).padStart(2, '0');
  return text;
}

/** A short readable form of a command for failure messages. */
export function show(cmd: Cmd): string {
  return words(cmd)
    .map((arg) => (arg instanceof Uint8Array ? `<${hex(arg)}>` : String(arg)))
    .join(' ');
}

// ---------------------------------------------------------------------------
// Asymmetric matchers (vitest's equality calls `asymmetricMatch` on them, and
// so does sameReply below)
// ---------------------------------------------------------------------------

class Matcher {
  readonly $$typeof = Symbol.for('jest.asymmetricMatcher');
  constructor(
    readonly description: string,
    readonly asymmetricMatch: (actual: unknown) => boolean,
  ) {}
  toString(): string {
    return this.description;
  }
  toAsymmetricMatcher(): string {
    return this.description;
  }
}

/** A number within `tolerance` of `value` (TTLs and expiry times read from a moving clock). */
export function near(value: number, tolerance: number): Matcher {
  return new Matcher(`near(${value} +- ${tolerance})`, (actual) => typeof actual === 'number' && Math.abs(actual - value) <= tolerance);
}

/** An array with exactly these items in any order (KEYS, SCAN). */
export function unordered(items: readonly unknown[]): Matcher {
  const sorted = [...items].map((item) => JSON.stringify(item)).sort();
  return new Matcher(`unordered(${JSON.stringify(items)})`, (actual) => {
    if (!Array.isArray(actual)) return false;
    const got = actual.map((item) => JSON.stringify(item)).sort();
    return got.length === sorted.length && got.every((item, i) => item === sorted[i]);
  });
}

/** A flat list of key/value pairs, these pairs in any order (HGETALL and HSCAN of a hash whose order is its table's). */
export function unorderedPairs(items: readonly unknown[]): Matcher {
  const pairsOf = (list: readonly unknown[]) => {
    const pairs: string[] = [];
    for (let i = 0; i + 1 < list.length; i += 2) pairs.push(JSON.stringify([list[i], list[i + 1]]));
    return pairs.sort();
  };
  const expected = pairsOf(items);
  return new Matcher(`unorderedPairs(${JSON.stringify(items)})`, (actual) => {
    if (!Array.isArray(actual) || actual.length !== items.length) return false;
    const got = pairsOf(actual);
    return got.every((pair, i) => pair === expected[i]);
  });
}

/**
 * A list of `count` picks from `pool` (SRANDMEMBER, HRANDFIELD, SPOP with a
 * count): distinct picks, or picks that may repeat. With `pairs`, each pick
 * is two items, a key and its value, taken from `pool` as pairs.
 */
export function drawnFrom(pool: readonly unknown[], count: number, options: { distinct: boolean; pairs?: boolean }): Matcher {
  const width = options.pairs === true ? 2 : 1;
  const choices = new Set<string>();
  for (let i = 0; i < pool.length; i += width) choices.add(JSON.stringify(pool.slice(i, i + width)));
  const description = `${count} ${options.distinct ? 'distinct' : 'possibly repeated'} ${options.pairs === true ? 'pairs' : 'picks'} from ${JSON.stringify(pool)}`;
  return new Matcher(description, (actual) => {
    if (!Array.isArray(actual) || actual.length !== count * width) return false;
    const picks: string[] = [];
    for (let i = 0; i < actual.length; i += width) picks.push(JSON.stringify(actual.slice(i, i + width)));
    return picks.every((pick) => choices.has(pick)) && (!options.distinct || new Set(picks).size === picks.length);
  });
}

/** One of the given replies (RANDOMKEY). */
export function oneOf(...choices: readonly unknown[]): Matcher {
  return new Matcher(`oneOf(${JSON.stringify(choices)})`, (actual) => choices.some((choice) => Object.is(choice, actual) || JSON.stringify(choice) === JSON.stringify(actual)));
}

/** A SCAN reply: a cursor string and keys, the keys in any order. */
export function scanReply(cursor: string | Matcher, keys: readonly unknown[]): unknown[] {
  return [cursor, unordered(keys)];
}

/** Any reply `predicate` accepts, for replies whose exact value is each side's own (INFO, MEMORY USAGE). */
export function satisfies(description: string, predicate: (actual: unknown) => boolean): Matcher {
  return new Matcher(description, predicate);
}

/** Any cursor other than '0' (flashkv's cursors are not Redis's hash-table positions). */
export const moreToScan = new Matcher('a cursor other than "0"', (actual) => typeof actual === 'string' && /^[1-9][0-9]*$/.test(actual));

/** Whether `value` is an asymmetric matcher: anything with an `asymmetricMatch` function, as vitest decides. */
function isMatcher(value: unknown): value is { asymmetricMatch(actual: unknown): boolean } {
  return typeof value === 'object' && value !== null && typeof (value as { asymmetricMatch?: unknown }).asymmetricMatch === 'function';
}

// ---------------------------------------------------------------------------
// Running and comparing
// ---------------------------------------------------------------------------

/**
 * Runs a command on a flashkv database, from src/ or from the built package
 * (only its call methods are needed); an error reply becomes `{ error }`.
 */
export function runOnDb(db: Pick<DB, 'call' | 'callBuffer'>, cmd: Cmd, bytes = false): Outcome {
  const [name, ...args] = words(cmd);
  try {
    return (bytes ? db.callBuffer(String(name), ...args) : db.call(String(name), ...args)) as RespReply;
  } catch (error) {
    if (error instanceof Error && typeof (error as { prefix?: unknown }).prefix === 'string') return { error: error.message };
    throw error;
  }
}

/**
 * sameReply: whether `actual` is what `expected` describes, for runners
 * without vitest. It agrees with vitest's toEqual on every shape a reply or
 * an expectation takes here: matchers are asked, primitives compare with
 * Object.is (so 1 and 1n differ, as do 0 and -0), byte arrays byte by byte,
 * arrays item by item, and plain objects ({ error }) key by key.
 */
export function sameReply(actual: unknown, expected: unknown): boolean {
  if (isMatcher(expected)) return expected.asymmetricMatch(actual);
  if (Object.is(actual, expected)) return true;
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) return false;
  if (expected instanceof Uint8Array) {
    return actual instanceof Uint8Array && actual.length === expected.length && actual.every((byte, i) => byte === expected[i]);
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && actual.every((item, i) => sameReply(item, expected[i]));
  }
  if (Array.isArray(actual) || actual instanceof Uint8Array) return false;
  const keys = Object.keys(expected);
  return keys.length === Object.keys(actual).length && keys.every((key) => Object.hasOwn(actual, key) && sameReply((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key]));
}

/** A JSON-ready form of a reply or an expectation for reports: bigints as "<n>n", bytes as { hex }, matchers by description. */
export function describeValue(value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Uint8Array) return { hex: hex(value) };
  if (isMatcher(value)) return { matcher: String(value) };
  if (Array.isArray(value)) return value.map(describeValue);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, describeValue(item)]));
  return value;
}
