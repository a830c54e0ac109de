/**
 * Table-driven command cases, checked against both engines and real Redis.
 *
 * A case is a sentence title and a list of steps, each a command and the reply
 * redis-server 7.0.15 gives to it. {@link defineCases} turns one table into
 * two suites: one run on each flashkv engine through `db.call` (or
 * `db.callBuffer`), and one run on a real redis-server through the RESP client
 * of ./redis-server.ts (skipped, with the reason in its title, when
 * redis-server is not installed). So every expected value in a table is
 * checked against the reference on every run that has it, and a table cannot
 * drift from what Redis does.
 *
 * Each case starts from an empty keyspace. Both sides read the same wall clock,
 * so times relative to now are fine as long as the step compares them with a
 * tolerance ({@link near}).
 */
import { expect, it } from 'vitest';
import type { DB } from '../../src/db.js';
import { describeEngines } from './engines.js';
import { describeRedis, type RedisClient } from './redis-server.js';
import { RespError, type RespArg, type RespReply } from './resp.js';

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

/** A short readable form of a command for failure messages. */
export function show(cmd: Cmd): string {
  return words(cmd)
    .map((arg) => (arg instanceof Uint8Array ? `<${Buffer.from(arg).toString('hex')}>` : String(arg)))
    .join(' ');
}

// ---------------------------------------------------------------------------
// Asymmetric matchers (vitest's equality calls `asymmetricMatch` on them)
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

// ---------------------------------------------------------------------------
// Running commands
// ---------------------------------------------------------------------------

/** Runs a command on a flashkv database; an error reply becomes `{ error }`. */
export function runOnDb(db: DB, cmd: Cmd, bytes = false): Outcome {
  const [name, ...args] = words(cmd);
  try {
    return (bytes ? db.callBuffer(String(name), ...args) : db.call(String(name), ...args)) as RespReply;
  } catch (error) {
    if (error instanceof Error && typeof (error as { prefix?: unknown }).prefix === 'string') return { error: error.message };
    throw error;
  }
}

/** Runs a command on redis-server; an error reply becomes `{ error }`. */
export async function runOnRedis(client: RedisClient, cmd: Cmd): Promise<Outcome> {
  const reply = await client.send(...words(cmd));
  return toOutcome(reply);
}

/** A RESP reply with error replies (at any depth) turned into `{ error }`. */
export function toOutcome(reply: RespReply): Outcome {
  if (reply instanceof RespError) return { error: reply.message };
  return reply;
}

/** Checks one step's outcome, naming the step in the failure. */
export function expectStep(actual: Outcome, step: Step, index: number): void {
  expect(actual, `step ${index + 1}: ${show(step[0])}`).toEqual(step[1]);
}

/**
 * defineCases: registers `cases` as a suite per engine and, when redis-server
 * is installed, as a suite on real Redis, so every expected value is checked
 * against the reference too.
 */
export function defineCases(area: string, cases: readonly Case[]): void {
  describeEngines(area, (suite) => {
    for (const c of cases) {
      it(c.title, () => {
        c.steps.forEach((step, i) => expectStep(runOnDb(suite.db, step[0], c.bytes), step, i));
      });
    }
  });
  describeRedis(`${area} (redis-server, the reference)`, (redis) => {
    for (const c of cases) {
      it(c.title, async () => {
        const client = c.bytes ? redis.bytes : redis.client;
        await client.call('FLUSHALL');
        for (const [i, step] of c.steps.entries()) expectStep(await runOnRedis(client, step[0]), step, i);
      });
    }
  });
}
