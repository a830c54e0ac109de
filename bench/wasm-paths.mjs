// The wasm engine's point operations in random key order, beside the TS
// engine and a bare Map, and beside another build of flashkv when one is
// given: the figures the wasm-core work is judged by (docs/wasm-core.md,
// "Random order").
//
//   node --expose-gc bench/wasm-paths.mjs [/tmp/dist-before/index.js]
//
// Keys are 'key:00' + (1e9 + i), 16 bytes, concatenated inside the timed
// loop as an application builds `'user:' + id`; values 'val:00' + (1e9 + i)
// (or a 4 KB string from a pool, WASM_PATHS_SIZE=4096). Keys are loaded in a
// shuffled order and read in a uniform random stream, fixed by a seed, so
// every subject sees the same sequence.
//
// - insert: the median of 1,000-key chunks over a whole load (a load of n
//   keys reports inserts into about n/2 keys).
// - SET (overwrite), GET, getBuffer: tinybench, samples of 1,000 ops, the
//   median sample over 1,000; subjects of one op run back to back, and the
//   whole set runs WASM_PATHS_ROUNDS times (default 1), the median taken.
//
// Env: WASM_PATHS_N (default 1000000), WASM_PATHS_SIZE (16), WASM_PATHS_ROUNDS (1),
// WASM_PATHS_SUBJECTS (comma list of wasm,ts,map,before: default all that exist).
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import { keyStream, loadOrder } from './keys.mjs';
import { fixed, median, printTable, settleHeap, sink } from './support.mjs';

const KEY_BASE = 1_000_000_000;
const BATCH = 1000;
const STREAM_LENGTH = 1 << 20;

/** The source of each op: `store`, `i` and `pool` in scope. */
function opSources(size) {
  const key = `'key:00' + (${KEY_BASE} + i)`;
  const value = size === 16 ? `'val:00' + (${KEY_BASE} + i)` : 'pool[i & 63]';
  return {
    set: `store.set(${key}, ${value})`,
    get: `store.get(${key})`,
    getBuffer: `store.getBuffer(${key})`,
  };
}

/** A loop compiled for one subject and op, so no call site is shared between them. */
function compileOps(expression) {
  return new Function(
    'store', 'stream', 'pool', 'sink',
    `let at = 0;
    return function task() {
      const from = at;
      at = at + 2 * ${BATCH} > stream.length ? 0 : at + ${BATCH};
      for (let p = from; p < from + ${BATCH}; p++) { const i = stream[p]; sink.value = ${expression}; }
    };`,
  );
}

function compileLoad(expression) {
  return new Function('store', 'order', 'pool', `return function load(from, to) { for (let p = from; p < to; p++) { const i = order[p]; ${expression}; } };`);
}


const n = Number(process.env.WASM_PATHS_N ?? 1_000_000);
const size = Number(process.env.WASM_PATHS_SIZE ?? 16);
const rounds = Number(process.env.WASM_PATHS_ROUNDS ?? 1);
const beforePath = process.argv[2] ?? null;

const after = await import('../dist/index.js');
const before = beforePath === null ? null : await import(pathToFileURL(beforePath).href);
const makers = {
  wasm: () => after.open({ engine: 'wasm', activeExpiry: false }),
  before: before === null ? null : () => before.open({ engine: 'wasm', activeExpiry: false }),
  ts: () => after.open({ engine: 'ts', activeExpiry: false }),
  map: () => new Map(),
};
const wanted = (process.env.WASM_PATHS_SUBJECTS ?? 'wasm,before,ts,map').split(',').filter((name) => makers[name]);

const pool = Array.from({ length: 64 }, (_, v) => {
  const bytes = Buffer.alloc(size);
  for (let b = 0; b < size; b++) bytes[b] = 97 + ((v + b) % 26);
  return bytes.toString('latin1');
});
const order = loadOrder('uniform', n, 7);
const stream = keyStream('uniform', n, STREAM_LENGTH, 11);
const ops = opSources(size);

console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0].model}), load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`${n} keys of 16 B, values of ${size} B, random order, keys built per call`);

const figures = {};
const stores = {};
for (const name of wanted) {
  settleHeap();
  const store = makers[name]();
  const load = compileLoad(ops.set)(store, order, pool);
  const chunks = [];
  for (let from = 0; from < n; from += BATCH) {
    const started = performance.now();
    load(from, Math.min(n, from + BATCH));
    chunks.push(((performance.now() - started) * 1e6) / (Math.min(n, from + BATCH) - from));
  }
  figures[`insert|${name}`] = [median(chunks)];
  stores[name] = store;
}

const tasks = {};
for (const name of wanted) {
  for (const op of ['set', 'get', 'getBuffer']) {
    if (name === 'map' && op === 'getBuffer') continue;
    tasks[`${op}|${name}`] = compileOps(ops[op])(stores[name], stream, pool, sink);
  }
}
for (let round = 0; round < rounds; round++) {
  const bench = new Bench({ time: 500, warmupTime: 150 });
  const names = round % 2 === 0 ? wanted : [...wanted].reverse();
  for (const op of ['set', 'get', 'getBuffer']) {
    for (const name of names) if (tasks[`${op}|${name}`]) bench.add(`${op}|${name}`, tasks[`${op}|${name}`]);
  }
  await bench.run();
  for (const task of bench.tasks) (figures[task.name] ??= []).push((task.result.latency.p50 * 1e6) / BATCH);
}

const rows = [];
for (const op of ['insert', 'set', 'get', 'getBuffer']) {
  const at = (name) => (figures[`${op}|${name}`] ? median(figures[`${op}|${name}`]) : undefined);
  const cells = wanted.map((name) => (at(name) === undefined ? '-' : fixed(at(name))));
  const ratio = (other) => (at('wasm') && at(other) ? fixed(at(other) / at('wasm'), 2) + 'x' : '-');
  rows.push([op, ...cells, ratio('ts'), ratio('map'), ratio('before')]);
}
printTable('ns per op, median (ratio > 1: wasm faster)', ['op', ...wanted, 'wasm vs ts', 'wasm vs map', 'wasm vs before'], rows);
console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
