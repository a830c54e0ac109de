// The workload matrix: each scenario fixes a key order, a key count, a value
// size, an API (strings or bytes) and how key strings are made, and runs its
// ops on every subject (wasm engine, TS engine, a bare Map as the floor,
// ioredis-mock as the peer) in one process, so the ratios are taken together.
// One child process per scenario: its datasets die with it, and JIT and GC
// state do not carry over from one scenario to the next.
//
// Not the full cross product (that would take hours): a base scenario
// (uniform random keys, 1M keys, 16-byte values, strings, keys built per
// call) and around it scenarios that each move one or two dimensions.
//
//   node --expose-gc bench/scenarios.mjs [--quick]    the table alone
//   node --expose-gc bench/scenarios.mjs 3            one scenario (index into SCENARIOS), as JSON
//   bench/run.mjs                                      the table and the rest
//
// Past runs and what they showed: docs/benchmarks.md (the first full run,
// 2026-12-02, took 11 min on 2 shared cores, most of it this matrix).
//
// How each figure is taken:
// - insert: the store is loaded in the scenario's order (ascending for
//   sequential, a shuffle otherwise) with every 1,000-key chunk timed; the
//   figure is the median chunk divided by 1,000, so a 1M-key load reports
//   inserts into a store of about half a million keys. Small stores are
//   loaded several times over (emptied in between) for enough chunks.
// - load, whole: all of one load's time over its keys, GC included.
// - memory: growth of the JS heap plus external memory (which holds the
//   wasm engine's linear memory) across the load, after full GCs, per key.
// - everything else: tinybench, each sample a batch of ops (or of 10
//   MGET/MSET calls), the figure the median sample divided by the batch.
import { Bench } from 'tinybench';
import { keyStream, loadOrder, writeFlags } from './keys.mjs';
import { SUBJECTS } from './subjects.mjs';
import { fixed, keyAt, median, printTable, runChild, settleHeap, sink, valueAt } from './support.mjs';

/**
 * Key i is 'key:00' + (KEY_BASE + i): 16 bytes, built as an application's
 * `'user:' + id` is, from a small integer (a Smi: a 12-digit id would be a
 * double, whose printing alone costs more than a Map lookup). Prebuilt keys
 * are the same text made flat ahead of time (support.mjs keyAt); built ones
 * are concatenated inside the timed loop, so each call pays for a fresh cons
 * string and its hashing. Values of 16 B are 'val:00' + (KEY_BASE + i).
 */
const KEY_BASE = 1_000_000_000;
/** Length of every precomputed key stream; runs longer than one pass wrap around. */
const STREAM_LENGTH = 1 << 20;
const LOAD_CHUNK = 1000;
const MULTI_KEYS = 100;
/** tinybench's time and warm-up per task (ms), and the keys each insert figure draws on. */
const EFFORT = {
  full: { time: 600, warmupTime: 150, loadKeysMin: 100_000 },
  quick: { time: 60, warmupTime: 20, loadKeysMin: 20_000 },
};
const POOL_SIZE = 64;

/** Key counts of the matrix; --quick shrinks the large ones tenfold. */
const KEY_COUNTS = { '10k': [10_000, 10_000], '1M': [1_000_000, 100_000], '10M': [10_000_000, 1_000_000] };

/** Ops per tinybench sample: enough to dwarf the timer, few enough to take many samples. */
function opsPerSample(size) {
  if (size >= 65536) return 10;
  if (size >= 4096) return 100;
  return 1000;
}

/** The read op of each API, and the share of writes in each mix. */
const READS = { string: 'GET', bytes: 'getBuffer' };
const MIXES = { mix95: 0.05, mix50: 0.5 };

/**
 * The matrix. `show` names the ops whose figures the issue asks for by name
 * (marked * in the table). ioredis-mock runs everywhere but at 10M keys.
 */
export const SCENARIOS = [
  { order: 'uniform', keys: '1M', size: 16, api: 'string', strings: 'built', ops: ['insert', 'load', 'SET', 'GET', 'getBuffer', 'mix95', 'mix50', 'MGET', 'MSET'], show: ['insert', 'load', 'SET', 'GET', 'getBuffer'] },
  { order: 'sequential', keys: '1M', size: 16, api: 'string', strings: 'built', ops: ['insert', 'SET', 'GET', 'getBuffer'] },
  { order: 'zipf', keys: '1M', size: 16, api: 'string', strings: 'built', ops: ['SET', 'GET', 'getBuffer', 'mix95', 'mix50', 'MGET'] },
  { order: 'uniform', keys: '1M', size: 16, api: 'string', strings: 'prebuilt', ops: ['insert', 'SET', 'GET', 'getBuffer', 'MGET', 'MSET'] },
  // The case the op table before this matrix measured (and the targets of the foundation issue).
  { order: 'sequential', keys: '1M', size: 16, api: 'string', strings: 'prebuilt', ops: ['SET', 'GET', 'getBuffer'] },
  { order: 'uniform', keys: '10k', size: 16, api: 'string', strings: 'built', ops: ['insert', 'SET', 'GET', 'getBuffer', 'mix95', 'mix50', 'MGET', 'MSET'] },
  { order: 'uniform', keys: '10M', size: 16, api: 'string', strings: 'built', ops: ['insert', 'load', 'memory', 'SET', 'GET', 'getBuffer'], show: ['load', 'memory'] },
  { order: 'uniform', keys: '1M', size: 16, api: 'bytes', strings: 'built', ops: ['insert', 'SET', 'getBuffer', 'mix95', 'mix50'] },
  { order: 'uniform', keys: '1M', size: 256, api: 'string', strings: 'built', ops: ['SET', 'GET'] },
  { order: 'uniform', keys: '1M', size: 256, api: 'bytes', strings: 'built', ops: ['SET', 'getBuffer'] },
  // 1M values of 4 KB would not fit one wasm32 instance (4 GiB), hence 10k keys for the large values.
  { order: 'uniform', keys: '10k', size: 4096, api: 'string', strings: 'built', ops: ['SET', 'GET'], show: ['GET'] },
  { order: 'uniform', keys: '10k', size: 4096, api: 'bytes', strings: 'built', ops: ['SET', 'getBuffer'] },
  { order: 'uniform', keys: '10k', size: 65536, api: 'string', strings: 'built', ops: ['SET', 'GET'] },
  { order: 'uniform', keys: '10k', size: 65536, api: 'bytes', strings: 'built', ops: ['SET', 'getBuffer'] },
];

const subjectsOf = (scenario) => SUBJECTS.filter((subject) => subject.name !== 'ioredis-mock' || scenario.keys !== '10M');

// ---------------------------------------------------------------------------
// Loop source: what one op looks like in a subject's compiled loop. `i` is the
// key's index; the key and value expressions read it.

/** The key and value expressions of a scenario. */
function expressions(scenario) {
  const key = scenario.strings === 'built' ? `'key:00' + (${KEY_BASE} + i)` : 'keyList[i]';
  let value = 'pool[i & ' + (POOL_SIZE - 1) + ']';
  // 16-byte string values are one per key, like the keys, so the JS stores'
  // memory is not flattered by sharing a few values; larger values and
  // Buffers come from a pool of POOL_SIZE distinct ones.
  if (scenario.api === 'string' && scenario.size === 16) value = scenario.strings === 'built' ? `'val:00' + (${KEY_BASE} + i)` : 'valueList[i]';
  return { key, value };
}

/** The read call of the scenario's API, or null where the subject has none. */
function readCall(subject, api, op) {
  if (op === 'GET') return subject.get;
  // A Map holding Buffers hands back the Buffer: its get is the floor for getBuffer there.
  if (api === 'bytes') return subject.getBuffer ?? subject.get;
  return subject.getBuffer;
}

/**
 * The statements for one op at stream position p, and how many stream
 * positions (keys) it consumes; null if the subject cannot do it.
 */
function opSource(op, subject, scenario) {
  const { key, value } = expressions(scenario);
  if (op === 'SET') return { step: 1, source: `const i = stream[p]; ${subject.set(key, value)};` };
  if (op === 'GET' || op === 'getBuffer') {
    const read = readCall(subject, scenario.api, op);
    return read === null ? null : { step: 1, source: `const i = stream[p]; sink.value = ${read(key)};` };
  }
  if (op in MIXES) {
    const read = readCall(subject, scenario.api, READS[scenario.api]);
    return {
      step: 1,
      source: `const i = stream[p]; const key = ${key};
        if (writes[p] === 1) ${subject.set('key', value)}; else sink.value = ${read('key')};`,
    };
  }
  const eachKey = (statement) => `for (let j = 0; j < ${MULTI_KEYS}; j++) { const i = stream[p + j]; ${statement} }`;
  if (op === 'MGET' && subject.batched) {
    return { step: MULTI_KEYS, source: `const keys = new Array(${MULTI_KEYS}); ${eachKey(`keys[j] = ${key};`)} sink.value = ${subject.mget('keys')};` };
  }
  if (op === 'MGET') {
    return { step: MULTI_KEYS, source: `const values = new Array(${MULTI_KEYS}); ${eachKey(`values[j] = ${subject.get(key)};`)} sink.value = values;` };
  }
  if (op === 'MSET' && subject.batched) {
    return { step: MULTI_KEYS, source: `const pairs = new Array(${2 * MULTI_KEYS}); ${eachKey(`pairs[2 * j] = ${key}; pairs[2 * j + 1] = ${value};`)} ${subject.mset('pairs')};` };
  }
  if (op === 'MSET') return { step: MULTI_KEYS, source: eachKey(`${subject.set(key, value)};`) };
  throw new RangeError(`unknown op ${op}`);
}

/** Names the compiled code may use, in order. */
const SCOPE = ['store', 'stream', 'writes', 'keyList', 'valueList', 'pool', 'sink'];

function compile(subject, body, scope) {
  const make = new Function(...SCOPE, body.replace('FUNCTION', subject.async ? 'async function' : 'function'));
  return make(...SCOPE.map((name) => scope[name]));
}

/** A tinybench task: each call runs `calls` ops from the next place in the stream. */
function compileTask(subject, { step, source }, calls, scope) {
  const span = calls * step;
  return compile(
    subject,
    `let at = 0;
    return FUNCTION task() {
      const from = at;
      at = at + 2 * ${span} > stream.length ? 0 : at + ${span};
      for (let p = from; p < from + ${span}; p += ${step}) { ${source} }
    };`,
    scope,
  );
}

/** The loader: SETs the keys at positions [from, to) of `stream` (the load order). */
function compileLoad(subject, scenario, scope) {
  const { key, value } = expressions(scenario);
  return compile(subject, `return FUNCTION load(from, to) { for (let p = from; p < to; p++) { const i = stream[p]; ${subject.set(key, value)}; } };`, scope);
}

// ---------------------------------------------------------------------------
// Running one scenario (in its own process).

/** POOL_SIZE distinct values of `size` bytes of ASCII, as flat strings or as Buffers. */
function valuePool(size, api) {
  return Array.from({ length: POOL_SIZE }, (_, v) => {
    const bytes = Buffer.alloc(size);
    for (let b = 0; b < size; b++) bytes[b] = 97 + ((v + b) % 26);
    // latin1 decoding makes a flat string (String.prototype.repeat would make a cons tree).
    return api === 'bytes' ? bytes : bytes.toString('latin1');
  });
}

/**
 * Bytes of process memory a store's data can live in: the JS heap plus
 * memory outside it, which V8 counts as `external` and which includes a
 * WebAssembly instance's linear memory (its whole reserved length).
 */
function memoryNow() {
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

/**
 * Loads a fresh store of the subject in the scenario's order and returns it
 * with the figures; where insert is reported, loads it enough times over
 * for `loadKeysMin` keys of chunks.
 */
async function loadStore(subject, scenario, n, scope, loadKeysMin) {
  const rounds = scenario.ops.includes('insert') ? Math.ceil(loadKeysMin / n) : 1;
  const chunkNs = [];
  settleHeap();
  const memoryBefore = memoryNow();
  const store = await subject.open();
  const load = compileLoad(subject, scenario, { ...scope, store });
  let wholeNs = 0;
  for (let round = 0; round < rounds; round++) {
    if (round > 0) await subject.clear(store);
    const started = performance.now();
    for (let from = 0; from < n; from += LOAD_CHUNK) {
      const chunkStarted = performance.now();
      await load(from, Math.min(n, from + LOAD_CHUNK));
      chunkNs.push(((performance.now() - chunkStarted) * 1e6) / (Math.min(n, from + LOAD_CHUNK) - from));
    }
    wholeNs = ((performance.now() - started) * 1e6) / n;
  }
  let bytesPerKey = null;
  if (scenario.ops.includes('memory')) {
    settleHeap();
    bytesPerKey = (memoryNow() - memoryBefore) / n;
  }
  return { store, insertNs: median(chunkNs), wholeNs, bytesPerKey };
}

/** Runs scenario `index` and returns { rows: [{ op, figures: { subject: number } }] }. */
export async function runScenario(index, quick) {
  const scenario = SCENARIOS[index];
  const n = KEY_COUNTS[scenario.keys][quick ? 1 : 0];
  const subjects = subjectsOf(scenario);
  const effort = EFFORT[quick ? 'quick' : 'full'];
  const seed = 1 + index;
  const scope = {
    stream: loadOrder(scenario.order, n, seed),
    writes: null,
    keyList: scenario.strings === 'prebuilt' ? Array.from({ length: n }, (_, i) => keyAt(KEY_BASE + i)) : null,
    valueList: scenario.strings === 'prebuilt' ? Array.from({ length: n }, (_, i) => valueAt(KEY_BASE + i)) : null,
    pool: valuePool(scenario.size, scenario.api),
    sink,
  };

  const figures = { insert: {}, load: {}, memory: {} };
  const stores = {};
  for (const subject of subjects) {
    const loaded = await loadStore(subject, scenario, n, scope, effort.loadKeysMin);
    stores[subject.name] = loaded.store;
    figures.insert[subject.name] = loaded.insertNs;
    figures.load[subject.name] = loaded.wholeNs;
    figures.memory[subject.name] = loaded.bytesPerKey;
  }

  scope.stream = keyStream(scenario.order, n, STREAM_LENGTH, seed + 1000);
  const timed = scenario.ops.filter((op) => !['insert', 'load', 'memory'].includes(op));
  const bench = new Bench({ time: effort.time, warmupTime: effort.warmupTime, iterations: 16 });
  const callsPerSample = {};
  for (const op of timed) {
    const writes = op in MIXES ? writeFlags(STREAM_LENGTH, MIXES[op], seed + 2000) : null;
    for (const subject of subjects) {
      const source = opSource(op, subject, scenario);
      if (source === null) continue;
      const calls = source.step === 1 ? opsPerSample(scenario.size) : 10;
      callsPerSample[`${op}|${subject.name}`] = calls;
      bench.add(`${op}|${subject.name}`, compileTask(subject, source, calls, { ...scope, writes, store: stores[subject.name] }));
    }
  }
  await bench.run();
  for (const task of bench.tasks) {
    if (task.result.state !== 'completed') throw new Error(`${task.name}: ${task.result.state} ${task.result.error ?? ''}`);
    const [op, subject] = task.name.split('|');
    (figures[op] ??= {})[subject] = (task.result.latency.p50 * 1e6) / callsPerSample[task.name];
  }
  return { n, rows: scenario.ops.map((op) => ({ op, figures: figures[op] })) };
}


// ---------------------------------------------------------------------------
// The table.

/** Runs every scenario, each in a child process; returns [{ scenario, n, rows }]. */
export function runScenarios(quick) {
  return SCENARIOS.map((scenario, index) => {
    process.stderr.write(`scenario ${index + 1}/${SCENARIOS.length}: ${describe(scenario)}\n`);
    return { scenario, ...runChild('scenarios.mjs', [String(index), ...(quick ? ['--quick'] : [])]) };
  });
}

/** ns per op of `op` for `subject` in the first result matching `where` (fields of a scenario). */
export function figureOf(results, where, op, subject) {
  const result = results.find(({ scenario }) => Object.entries(where).every(([field, value]) => scenario[field] === value));
  return result?.rows.find((row) => row.op === op)?.figures[subject];
}

const count = (n) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);
const bytes = (size) => (size >= 1024 ? `${size / 1024} KB` : `${size} B`);
const describe = (scenario) => `${scenario.order}, ${scenario.keys} keys, ${bytes(scenario.size)} ${scenario.api}, keys ${scenario.strings}`;

const OP_LABELS = {
  insert: 'insert new keys',
  load: 'load, whole (ns/key)',
  memory: 'memory (bytes/key)',
  MGET: `MGET ${MULTI_KEYS} keys`,
  MSET: `MSET ${MULTI_KEYS} keys`,
};

function opLabel(op, scenario) {
  const writePercent = Math.round(MIXES[op] * 100);
  const label = op in MIXES ? `${READS[scenario.api]}/SET ${100 - writePercent}/${writePercent}` : (OP_LABELS[op] ?? op);
  return (scenario.show?.includes(op) ? '* ' : '') + label;
}

/** A subject's cell: ns (or bytes) per op, and keys/s on the whole-load row. */
function cell(op, value) {
  if (value === undefined || value === null) return '-';
  if (op === 'load') return `${fixed(value)} (${fixed(1e3 / value, 2)}M/s)`;
  return fixed(value);
}

/** Cost of `b` over cost of `a`: > 1 means `a` is faster (or smaller). */
function ratio(figures, a, b) {
  const value = figures[b] / figures[a];
  return Number.isFinite(value) ? fixed(value, 2) + 'x' : '-';
}

export function printScenarios(results, quick) {
  const rows = [];
  for (const { scenario, n, rows: ops } of results) {
    for (const { op, figures } of ops) {
      rows.push([
        scenario.order, count(n), bytes(scenario.size), scenario.api, scenario.strings, opLabel(op, scenario),
        ...SUBJECTS.map((subject) => cell(op, figures[subject.name])),
        ratio(figures, 'wasm', 'ts'), ratio(figures, 'ts', 'map'), ratio(figures, 'wasm', 'map'), ratio(figures, 'wasm', 'ioredis-mock'),
      ]);
    }
  }
  printTable(
    `Workloads: ns per op (per call for MGET/MSET), median; "a vs b" = b's cost / a's (> 1: a is faster or smaller)${quick ? ' [--quick: 1M -> 100k, 10M -> 1M keys]' : ''}`,
    ['order', 'keys', 'value', 'api', 'key strings', 'op', ...SUBJECTS.map((subject) => subject.name), 'wasm vs ts', 'ts vs map', 'wasm vs map', 'wasm vs mock'],
    rows,
  );
  console.log(
    [
      '* a figure the issue asks for by name.',
      'insert: median 1,000-key chunk of a load in the scenario\'s order (a 1M load: inserts into ~500k keys); load, whole: all of it, GC included.',
      'memory: growth of JS heap + external memory (wasm: its linear memory, reserved length) after full GCs. Strings built per call stay in the JS stores as given: cons strings, larger than flat ones.',
      'Values: 16 B strings are one per key (\'val:00\' + id); larger values and Buffers come from a pool of 64.',
      'map: a bare Map keeping references (no copy); MGET/MSET are loops of get/set. It has no bytes to give for a string (getBuffer "-").',
      'ioredis-mock: every call awaited; not run at 10M keys, to keep the run short (its insert rows give its load rate).',
    ].join('\n'),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const index = process.argv.slice(2).find((arg) => /^\d+$/.test(arg));
  if (index !== undefined) {
    console.log(JSON.stringify(await runScenario(Number(index), quick)));
  } else {
    printScenarios(runScenarios(quick), quick);
  }
}
