/**
 * Command cases as vitest suites, checked against both engines and real Redis.
 *
 * The cases themselves are data in ../cases/ (what a case is:
 * ../cases/model.ts). {@link defineCases} turns each table into two suites:
 * one run on each flashkv engine through `db.call` (or `db.callBuffer`), and
 * one run on a real redis-server through the RESP client of ./redis-server.ts
 * (skipped, with the reason in its title, when redis-server is not
 * installed). So every expected value in a table is checked against the
 * reference on every run that has it, and a table cannot drift from what
 * Redis does. The same tables run under Deno and Bun too
 * (scripts/runtime-cases/run.ts, from test/runtimes/).
 */
import { expect, it } from 'vitest';
import { type CaseTable, type Cmd, type Outcome, runOnDb, show, type Step, words } from '../cases/model.js';
import { describeEngines } from './engines.js';
import { describeRedis, type RedisClient } from './redis-server.js';
import { RespError, type RespReply } from './resp.js';

export * from '../cases/model.js';

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
 * defineCases: registers each table as a suite per engine and, when
 * redis-server is installed, as a suite on real Redis, so every expected
 * value is checked against the reference too.
 */
export function defineCases(...tables: readonly CaseTable[]): void {
  for (const { area, cases } of tables) {
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
}
