/**
 * The behaviour suite's command cases and a persistence round, run in a
 * command-line runtime (Deno, Bun) against the built package, dist/.
 *
 *   deno run --no-prompt --sloppy-imports --allow-read=<dir> --allow-write=<dir> scripts/runtime-cases/run.ts <dir>
 *   bun scripts/runtime-cases/run.ts <dir>
 *
 * `<dir>` is an empty scratch directory the persistence round keeps its
 * databases in. Both runtimes run TypeScript as it is; Deno needs
 * `--sloppy-imports` to resolve the repository's `./x.js` imports to
 * `./x.ts`, as tsc and Bun do.
 *
 * Cases: every table of test/cases/index.ts (the tables vitest runs, not a
 * copy), each case on both engines, from an empty keyspace, through
 * runOnDb and compared with sameReply (test/cases/model.ts). A case stops at
 * its first wrong step, which the report names.
 *
 * Persistence: for each engine, a database in `<dir>/<engine>` gets strings,
 * bytes, expiries (one already past), counters, a committed and a
 * rolled-back transaction, a delete and a rename; it is closed and reopened
 * on the other engine, which must see exactly the same dataset; that one
 * rewrites the log, writes more and closes; the first engine reopens it and
 * must see exactly that. Every check is recorded rather than thrown, so one
 * failure does not hide the rest.
 *
 * Output: one line of JSON, `{ runtime, version, cases, persistence }`;
 * test/runtimes/ reads it. The exit code is 0 whenever the report was
 * printed: the report, not the code, says what passed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as flashkv from '../../dist/index.js';
import { CASE_TABLES } from '../../test/cases/index.js';
import { describeValue, runOnDb, sameReply, show, type Case } from '../../test/cases/model.js';
import { runtimeName } from '../runtime-smoke/smoke.mjs';

type DB = flashkv.DB;
type EngineName = 'wasm' | 'ts';
const ENGINES: readonly EngineName[] = ['wasm', 'ts'];

/** 2100-01-01T00:00:00Z: an expiry that never fires during a run. */
const FUTURE_MS = 4102444800000;

interface CaseFailure {
  engine: EngineName;
  area: string;
  title: string;
  /** The first wrong step, from 1; absent when the case threw outside a step. */
  step?: number;
  command?: string;
  expected?: unknown;
  actual?: unknown;
  thrown?: string;
}

interface Check {
  name: string;
  pass: boolean;
  detail?: unknown;
}

function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

// ---------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------

/** Runs one case on `db` (emptied first); null when every step got its reply. */
function runCase(db: DB, engine: EngineName, area: string, c: Case): CaseFailure | null {
  try {
    db.flushall();
    for (const [i, [cmd, expected]] of c.steps.entries()) {
      const actual = runOnDb(db, cmd, c.bytes);
      if (!sameReply(actual, expected)) {
        return { engine, area, title: c.title, step: i + 1, command: show(cmd), expected: describeValue(expected), actual: describeValue(actual) };
      }
    }
    return null;
  } catch (error) {
    return { engine, area, title: c.title, thrown: errorText(error) };
  }
}

function runCases() {
  const started = performance.now();
  const results: { area: string; title: string; wasm?: 'pass' | 'fail'; ts?: 'pass' | 'fail' }[] = [];
  for (const { area, cases } of CASE_TABLES) for (const c of cases) results.push({ area, title: c.title });
  const failures: CaseFailure[] = [];
  const passed: Record<EngineName, number> = { wasm: 0, ts: 0 };
  for (const engine of ENGINES) {
    const db = flashkv.open({ engine });
    if (db.engine !== engine) throw new Error(`open({ engine: '${engine}' }) gave the ${db.engine} engine`);
    try {
      let index = 0;
      for (const { area, cases } of CASE_TABLES) {
        for (const c of cases) {
          const failure = runCase(db, engine, area, c);
          results[index++][engine] = failure === null ? 'pass' : 'fail';
          if (failure === null) passed[engine]++;
          else failures.push(failure);
        }
      }
    } finally {
      db.close();
    }
  }
  return {
    tables: CASE_TABLES.length,
    total: results.length,
    passed,
    failed: failures.length,
    ms: Math.round(performance.now() - started),
    failures,
    results,
  };
}

// ---------------------------------------------------------------------------
// Persistence
// ---------------------------------------------------------------------------

/** Every key with its value and absolute expiry, in byte order: the dataset, exactly. */
function dump(db: DB): [key: string, value: string, pexpiretime: number | bigint][] {
  return db.keysBuffer('*').map((key) => [hexOf(key), hexOf(db.getBuffer(key)), db.pexpiretime(key)]);
}

function hexOf(bytes: Uint8Array | null): string {
  if (bytes === null) return '(nil)';
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The files the manifest names, base first ("appendonly.aof.1.base.aof"). */
function manifestFiles(dir: string): string[] {
  const lines = readFileSync(join(dir, 'appendonly.aof.manifest'), 'utf8').split('\n');
  return lines.filter((line) => line.startsWith('file ')).map((line) => line.split(' ')[1]);
}

/** The writes of the first round: every kind of value, expiry and transaction outcome. */
async function writeMix(db: DB): Promise<void> {
  db.set('s:plain', 'hello');
  db.set('s:utf8', 'ünïcödé ✓ 𝄞');
  db.set(Uint8Array.of(0x00, 0xff, 0x0d, 0x0a), Uint8Array.of(0xff, 0x00, 0x0d, 0x0a, 0xc3, 0x28));
  db.set('s:empty', '');
  db.set('e:future', 'v', 'PXAT', FUTURE_MS + 123);
  db.set('e:ttl', 'v', 'EX', 1000);
  db.set('e:past', 'v', 'PX', 1);
  db.set('e:persisted', 'v', 'EX', 1000);
  db.persist('e:persisted');
  db.mset('m:a', '1', 'm:b', '2');
  db.incr('n:count');
  db.incrby('n:count', 41);
  db.incrbyfloat('n:float', 1.5);
  db.set('n:big', '9223372036854775806');
  db.incr('n:big');
  db.append('s:plain', ' world');
  db.setrange('s:range', 3, 'x');
  db.set('s:old', 'moved');
  db.rename('s:old', 's:new');
  db.set('s:deleted', 'x');
  db.del('s:deleted');
  await db.update((tx) => {
    tx.set('t:a', '1');
    tx.incrby('t:n', 5);
    tx.set('t:expiring', 'v', 'PXAT', FUTURE_MS);
    tx.del('m:b');
  });
  try {
    await db.update((tx) => {
      tx.set('t:rolled', 'x');
      tx.del('m:a');
      throw new Error('undo');
    });
  } catch {
    // The rollback is the point; the checks see its effect.
  }
  // Let e:past's millisecond pass, so it is logged as set and is expired by the reopen.
  await new Promise((resolve) => setTimeout(resolve, 5));
}

/** What the first round's writes must leave, by key; checked after every reopen. */
function mixChecks(db: DB): Check[] {
  const checks: Check[] = [];
  const expect = (name: string, actual: unknown, expected: unknown) => checks.push({ name, pass: sameReply(actual, expected), detail: sameReply(actual, expected) ? undefined : { expected: describeValue(expected), actual: describeValue(actual) } });
  expect('a string appended to', db.get('s:plain'), 'hello world');
  expect('a UTF-8 string', db.get('s:utf8'), 'ünïcödé ✓ 𝄞');
  expect('a binary key and value', db.getBuffer(Uint8Array.of(0x00, 0xff, 0x0d, 0x0a)), Uint8Array.of(0xff, 0x00, 0x0d, 0x0a, 0xc3, 0x28));
  expect('an empty string', db.get('s:empty'), '');
  expect('SETRANGE past the end', db.getBuffer('s:range'), Uint8Array.of(0, 0, 0, 0x78));
  expect('an absolute expiry, to the millisecond', db.pexpiretime('e:future'), FUTURE_MS + 123);
  expect('a relative expiry, still about 1000 s away', Math.abs(db.ttl('e:ttl') - 1000) <= 30, true);
  expect('a key whose expiry passed is gone', db.exists('e:past'), 0);
  expect('PERSIST removed the expiry', db.ttl('e:persisted'), -1);
  expect('counters', db.mget('n:count', 'n:float'), ['42', '1.5']);
  expect('a counter past 2^53', db.get('n:big'), '9223372036854775807');
  expect('RENAME moved the key', [db.exists('s:old'), db.get('s:new')], [0, 'moved']);
  expect('DEL removed the key', db.exists('s:deleted'), 0);
  expect('the committed transaction, whole', [db.get('t:a'), db.get('t:n'), db.pexpiretime('t:expiring'), db.exists('m:b')], ['1', '5', FUTURE_MS, 0]);
  expect('the rolled-back transaction, not at all', [db.exists('t:rolled'), db.get('m:a')], [0, '1']);
  return checks;
}

/**
 * One engine's round in `dir`: write on `first`, reopen on the other,
 * rewrite, reopen on `first`. Each check is pushed to `checks` as it is
 * made, so those made before a throw are kept.
 */
async function persistenceRound(dir: string, first: EngineName, checks: Check[]): Promise<void> {
  const second: EngineName = first === 'wasm' ? 'ts' : 'wasm';
  const warnings: string[] = [];
  const logger = (level: 'notice' | 'warning', message: string) => {
    if (level === 'warning') warnings.push(message);
  };
  const check = (name: string, pass: boolean, detail?: unknown) => checks.push({ name: `${first} then ${second}: ${name}`, pass, detail: pass ? undefined : detail });
  const same = (name: string, actual: unknown, expected: unknown) => check(name, sameReply(actual, expected), { expected: describeValue(expected), actual: describeValue(actual) });
  const withMix = (when: string, db: DB) => {
    for (const c of mixChecks(db)) check(`${when}: ${c.name}`, c.pass, c.detail);
  };

  // 1. Write, under appendfsync always, and close.
  let db = await flashkv.open({ path: dir, engine: first, appendfsync: 'always', logger });
  await writeMix(db);
  withMix('as written', db);
  const written = dump(db);
  await db.close();
  const before = manifestFiles(dir);

  // 2. Reopen on the other engine: the same dataset, key for key; then rewrite and write more.
  db = await flashkv.open({ path: dir, engine: second, logger });
  same('reopened on the other engine: the same dataset, key for key', dump(db), written);
  withMix('reopened', db);
  await db.rewrite();
  db.set('after:rewrite', 'r');
  db.expire('s:utf8', 2000);
  await db.update((tx) => {
    tx.incr('n:count');
    tx.del('s:empty');
  });
  const rewritten = dump(db);
  await db.close();
  const after = manifestFiles(dir);
  check('the rewrite put a new base and incremental file in the manifest', after.length === 2 && after[0].endsWith('.base.aof') && after.every((file) => !before.includes(file)), { before, after });

  // 3. Reopen on the first engine: the rewritten base plus what came after it.
  db = await flashkv.open({ path: dir, engine: first, logger });
  same('reopened after the rewrite: the same dataset, key for key', dump(db), rewritten);
  same('writes after the rewrite are there', [db.get('after:rewrite'), db.get('n:count'), db.exists('s:empty'), Math.abs(db.ttl('s:utf8') - 2000) <= 30], ['r', '43', 0, true]);
  same('the rolled-back transaction is still not there', db.exists('t:rolled'), 0);
  await db.close();

  same('no warnings from the log', warnings, []);
}

async function runPersistence(base: string) {
  const started = performance.now();
  const checks: Check[] = [];
  for (const engine of ENGINES) {
    try {
      await persistenceRound(join(base, engine), engine, checks);
    } catch (error) {
      checks.push({ name: `${engine} round`, pass: false, detail: errorText(error) });
    }
  }
  return { total: checks.length, passed: checks.filter((c) => c.pass).length, ms: Math.round(performance.now() - started), checks };
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

const deno = (globalThis as { Deno?: { args: string[]; version: { deno: string } } }).Deno;
const bun = (globalThis as { Bun?: { version: string } }).Bun;
const args = deno ? deno.args : process.argv.slice(2);
const dir = args[0];
if (dir === undefined) throw new Error('usage: run.ts <empty scratch directory>');

const cases = runCases();
const persistence = await runPersistence(dir);
const version = deno ? deno.version.deno : bun ? bun.version : process.version;
console.log(JSON.stringify({ runtime: runtimeName(), version, cases, persistence }));
