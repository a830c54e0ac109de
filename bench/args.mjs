// Integer arguments and command names: what parsing an option costs on the
// commands that take a number (SET EX, INCRBY, EXPIRE) and on db.call(),
// through the public API of each engine, beside the plainest GET, SET and INCR.
//
// To compare two builds in one run, pass the other build's dist/index.js
// (copy dist/ away before changing anything; a copy outside the repo needs a
// node_modules link next to it for @assemblyscript/loader):
//   node bench/args.mjs /tmp/dist-before/index.js
// Each op then runs on both builds in the same process, back to back, and
// the table gives the ratio. Without an argument, only ../dist is run.
//
// Each sample runs BATCH operations on sequential keys of a 100k-key dataset
// (ARGS_N); a round's figure is the median sample divided by BATCH, and the
// table shows the median over ARGS_ROUNDS rounds (default 3).
import { loadavg, cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { benchRounds, keys, printTable, fixed, sink, values } from './support.mjs';

const BATCH = 1000;

/**
 * The operations measured, as the expression one iteration evaluates (`db`,
 * `key`, `value` in scope). Each task's loop is compiled on its own (new
 * Function), so no call site is shared between builds, engines or ops: a
 * shared loop would see several DB classes and go polymorphic, slowing
 * whichever build ran second.
 */
const OPS = {
  'GET k': 'db.get(key)',
  'SET k v': 'db.set(key, value)',
  'INCR k': 'db.incr(key)',
  'SET k v EX 60': "db.set(key, value, 'EX', 60)",
  'INCRBY k 7': 'db.incrby(key, 7)',
  'EXPIRE k 60': 'db.expire(key, 60)',
  "call('SET', k, v, 'EX', '60')": "db.call('SET', key, value, 'EX', '60')",
  "call('INCRBY', k, '7')": "db.call('INCRBY', key, '7')",
};

function compileTask(expression, db, keyList, valueList) {
  const make = new Function(
    'db', 'keyList', 'valueList', 'sink', 'BATCH',
    `let at = 0;
    const n = keyList.length;
    return function task() {
      const from = at;
      at = at + 2 * BATCH > n ? 0 : at + BATCH;
      for (let i = from; i < from + BATCH; i++) {
        const key = keyList[i];
        const value = valueList[i];
        sink.value = ${expression};
      }
    };`,
  );
  return make(db, keyList, valueList, sink, BATCH);
}

/** One task per op for a build and engine: a DB of its own, loaded, and its compiled loop. */
function makeTasks(open, engine, keyList, valueList) {
  const tasks = {};
  for (const [op, expression] of Object.entries(OPS)) {
    const db = open({ engine, activeExpiry: false });
    for (let i = 0; i < keyList.length; i++) db.set(keyList[i], op.includes('INCR') ? String(i) : valueList[i]);
    tasks[op] = compileTask(expression, db, keyList, valueList);
  }
  return tasks;
}

/**
 * Runs every op on each build and engine for `rounds` rounds and returns
 * { 'op|engine|build': ns per op }, the median over the rounds of each
 * round's median sample. Within a round the two builds of one op run back
 * to back, and which goes first alternates between rounds, so drift on a
 * shared machine and the order of tasks fall on both alike.
 */
export async function benchArgs(beforePath = null, { n = 100_000, timeMs = 700, rounds = 3 } = {}) {
  const builds = { after: await import('../dist/index.js') };
  if (beforePath !== null) builds.before = await import(pathToFileURL(beforePath).href);
  const keyList = keys(n);
  const valueList = values(n);
  const tasks = {};
  for (const engine of ['wasm', 'ts']) {
    for (const [label, build] of Object.entries(builds)) tasks[`${engine}|${label}`] = makeTasks(build.open, engine, keyList, valueList);
  }
  return benchRounds({ rounds, timeMs, batch: BATCH }, (bench, round) => {
    const order = round % 2 === 0 ? Object.keys(builds) : Object.keys(builds).reverse();
    for (const engine of ['wasm', 'ts']) {
      for (const op of Object.keys(OPS)) {
        for (const label of order) bench.add(`${op}|${engine}|${label}`, tasks[`${engine}|${label}`][op]);
      }
    }
  });
}


if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const beforePath = process.argv[2] ?? null;
  console.log(`node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const ns = await benchArgs(beforePath, { n: Number(process.env.ARGS_N ?? 100_000), rounds: Number(process.env.ARGS_ROUNDS ?? 3) });
  const rows = [];
  for (const engine of ['wasm', 'ts']) {
    for (const op of Object.keys(OPS)) {
      const now = ns[`${op}|${engine}|after`];
      const then = ns[`${op}|${engine}|before`];
      rows.push([engine, op, then === undefined ? '-' : fixed(then), fixed(now), then === undefined ? '-' : fixed(then / now, 2) + 'x']);
    }
  }
  printTable('Integer arguments (ns/op, median; ratio > 1 means after is faster)', ['engine', 'op', 'before', 'after', 'before/after'], rows);
  console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(JSON.stringify(ns));
}
