/**
 * A user's first program, run by test/package.test.ts from a project that
 * installed the packed tarball: it imports 'flashkv' by its package name and,
 * on each engine, keeps a database in a directory, writes to it (SET, INCR,
 * a transaction that commits and one that throws), closes it, opens it again
 * and reads everything back. It also says where the exports map's entries
 * resolve. It prints one line of JSON.
 *
 * Usage: <runtime> package-consumer.mjs <scratch directory>
 * The same file runs unchanged in Node, Deno and Bun (all through node:fs).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { open } from 'flashkv';

const scratch = process.argv[2];
if (!scratch) throw new Error('usage: package-consumer.mjs <scratch directory>');

const runtime = typeof globalThis.Deno !== 'undefined' ? 'deno' : typeof globalThis.Bun !== 'undefined' ? 'bun' : 'node';

/** One engine's round trip through the disk; returns what it read back. */
async function roundTrip(engine) {
  const path = join(scratch, `${runtime}-${engine}`);

  const db = await open({ path, engine, appendfsync: 'always' });
  db.set('greeting', 'hello');
  db.incr('visits');
  db.incr('visits');
  const committed = await db.update((tx) => {
    tx.incrby('visits', 10);
    tx.set('last', 'update');
    return tx.get('last');
  });
  let rolledBack = 'not thrown';
  try {
    await db.update((tx) => {
      tx.set('greeting', 'lost');
      throw new Error('undo');
    });
  } catch (error) {
    rolledBack = error.message;
  }
  await db.close();

  const reopened = await open({ path, engine });
  const read = {
    engine,
    committed,
    rolledBack,
    values: reopened.mget('greeting', 'visits', 'last'),
    dbsize: reopened.dbsize(),
    manifest: readdirSync(path).includes('appendonly.aof.manifest'),
  };
  await reopened.close();
  return read;
}

/** Where each entry of the exports map resolves, inside the package. */
const exported = Object.fromEntries(
  ['flashkv', 'flashkv/worker', 'flashkv/worker-host'].map((specifier) => [specifier, import.meta.resolve(specifier).replace(/^.*\/node_modules\/flashkv\//, '')]),
);

const report = { runtime, exported, engines: [await roundTrip('wasm'), await roundTrip('ts')] };
console.log(JSON.stringify(report));
