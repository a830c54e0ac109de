// Per-operation speed on a 1M-key dataset (16-byte keys and values): SET,
// GET (string), GET (bytes), INCR and DEL through the public API of each
// engine, and a plain Map as the floor. Each tinybench sample runs a batch of
// BATCH operations so the timer's own cost vanishes; figures are the median
// sample divided by BATCH.
import { Bench } from 'tinybench';
import { keys, openEngine, sink, values } from './support.mjs';

const BATCH = 1000;

function cycler(n) {
  let i = 0;
  return () => {
    const at = i;
    i = (i + BATCH) % n;
    return at;
  };
}

/** The five operations against one DB; every DB is loaded with `n` keys first. */
function addFlashkvTasks(bench, engine, n, keyList, valueList) {
  const db = openEngine(engine);
  for (let i = 0; i < n; i++) db.set(keyList[i], valueList[i]);
  const counters = openEngine(engine);
  for (let i = 0; i < n; i++) counters.set(keyList[i], i);

  const setAt = cycler(n);
  bench.add(`SET ${engine}`, () => {
    const at = setAt();
    for (let i = at; i < at + BATCH; i++) db.set(keyList[i], valueList[i]);
  });
  const getAt = cycler(n);
  bench.add(`GET string ${engine}`, () => {
    const at = getAt();
    for (let i = at; i < at + BATCH; i++) sink.value = db.get(keyList[i]);
  });
  const getBytesAt = cycler(n);
  bench.add(`GET bytes ${engine}`, () => {
    const at = getBytesAt();
    for (let i = at; i < at + BATCH; i++) sink.value = db.getBuffer(keyList[i]);
  });
  const incrAt = cycler(n);
  bench.add(`INCR ${engine}`, () => {
    const at = incrAt();
    for (let i = at; i < at + BATCH; i++) sink.value = counters.incr(keyList[i]);
  });
  const delAt = cycler(n);
  let delFrom = 0;
  bench.add(
    `DEL ${engine}`,
    () => {
      for (let i = delFrom; i < delFrom + BATCH; i++) db.del(keyList[i]);
    },
    {
      // Put back the batch the next sample deletes, outside the timed part.
      beforeEach() {
        delFrom = delAt();
        for (let i = delFrom; i < delFrom + BATCH; i++) db.set(keyList[i], valueList[i]);
      },
    },
  );
}

function addMapTasks(bench, n, keyList, valueList) {
  const map = new Map();
  for (let i = 0; i < n; i++) map.set(keyList[i], valueList[i]);
  const counters = new Map();
  for (let i = 0; i < n; i++) counters.set(keyList[i], i);
  const setAt = cycler(n);
  bench.add('SET map', () => {
    const at = setAt();
    for (let i = at; i < at + BATCH; i++) map.set(keyList[i], valueList[i]);
  });
  const getAt = cycler(n);
  bench.add('GET string map', () => {
    const at = getAt();
    for (let i = at; i < at + BATCH; i++) sink.value = map.get(keyList[i]);
  });
  const incrAt = cycler(n);
  bench.add('INCR map', () => {
    const at = incrAt();
    for (let i = at; i < at + BATCH; i++) counters.set(keyList[i], counters.get(keyList[i]) + 1);
  });
  const delAt = cycler(n);
  let delFrom = 0;
  bench.add(
    'DEL map',
    () => {
      for (let i = delFrom; i < delFrom + BATCH; i++) map.delete(keyList[i]);
    },
    {
      beforeEach() {
        delFrom = delAt();
        for (let i = delFrom; i < delFrom + BATCH; i++) map.set(keyList[i], valueList[i]);
      },
    },
  );
}

/** Runs the matrix and returns { 'SET wasm': nsPerOp, ... } from medians. */
export async function benchOps(n = 1_000_000, timeMs = 1000) {
  const keyList = keys(n);
  const valueList = values(n);
  const bench = new Bench({ time: timeMs, warmupTime: 200 });
  addFlashkvTasks(bench, 'wasm', n, keyList, valueList);
  addFlashkvTasks(bench, 'ts', n, keyList, valueList);
  addMapTasks(bench, n, keyList, valueList);
  await bench.run();
  const nsPerOp = {};
  for (const task of bench.tasks) {
    if (task.result.state !== 'completed') throw new Error(`${task.name}: ${task.result.state} ${task.result.error ?? ''}`);
    nsPerOp[task.name] = (task.result.latency.p50 * 1e6) / BATCH;
  }
  return nsPerOp;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 1_000_000);
  console.log(JSON.stringify(await benchOps(n)));
}
