// flashkv benchmarks: every figure from one run on this machine, printed as
// tables of ratios. `npm run bench` (after `npm install`, which builds dist/).
// Options: --quick (large key counts at a tenth, shorter samples) for a smoke run.
//
// Past results (Node 20, 2 shared cores, medians) are in docs/benchmarks.md.
import { cpus, loadavg } from 'node:os';
import { runChild, printTable, fixed } from './support.mjs';
import { figureOf, printScenarios, runScenarios } from './scenarios.mjs';
import { benchTransactions } from './transactions.mjs';
import { redisMemoryPerKey } from './redis-memory.mjs';
import { driftTargets, printMemoryDrift } from './memory-drift.mjs';
import { benchPersistence } from './persistence.mjs';
import { existsSync } from 'node:fs';
import { benchBrowser } from './browser.mjs';
import { benchCollections } from './collections.mjs';
import { benchHashGrowth } from './hash-growth.mjs';

const quick = process.argv.includes('--quick');
const N = quick ? 100_000 : 1_000_000;
const PAUSE_N = quick ? 300_000 : 3_000_000;
const CAPACITY_N = quick ? 1_000_000 : 20_000_000;

const loadAverage = () => loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`flashkv bench: node ${process.version}, ${cpus().length} cores (${cpus()[0].model}), load average ${loadAverage()}`);

const workloads = runScenarios(quick);
printScenarios(workloads, quick);
// The foundation issue's targets were set on keys read in insertion order, prebuilt.
const insertionOrder = (op, engine) => figureOf(workloads, { order: 'sequential', strings: 'prebuilt' }, op, engine);

const memory = ['wasm', 'ts', 'map'].map((engine) => runChild('memory.mjs', [engine, String(N)]));
const wasmMemory = memory[0];
const redis = await redisMemoryPerKey(N);
const memoryRows = memory.map((m) => [m.engine, fixed(m.usedPerKey), fixed(m.reservedPerKey), fixed(m.reservedPerKey / memory[1].usedPerKey, 2) + 'x']);
if (redis !== null) memoryRows.push([redis.engine, fixed(redis.usedPerKey), '-', fixed(redis.usedPerKey / memory[1].usedPerKey, 2) + 'x']);
printTable(
  'Memory per key (bytes; wasm: live allocations / linear memory reserved; ts, map: V8 heap growth; redis-server: INFO used_memory growth)',
  ['engine', 'used', 'reserved', 'vs ts (reserved)'],
  memoryRows,
);

const drift = runChild('memory-drift.mjs', ['--json', ...(quick ? ['--quick'] : [])]);
printMemoryDrift(drift);

const pauses = ['wasm', 'ts', 'map'].map((engine) => runChild('pause.mjs', [engine, String(PAUSE_N)]));
printTable(
  `Longest pause: ${PAUSE_N.toLocaleString()} random overwrites of a ${PAUSE_N.toLocaleString()}-key dataset, 1,000-op batches (ms)`,
  ['engine', 'longest', 'p99.9', 'median'],
  pauses.map((p) => [p.engine, fixed(p.maxMs, 2), fixed(p.p999Ms, 2), fixed(p.p50Ms, 3)]),
);

const capacity = runChild('load-20m.mjs', [String(CAPACITY_N)]);
printTable(
  `Capacity: ${CAPACITY_N.toLocaleString()} keys in one wasm instance`,
  ['keys', 'load rate (keys/s)', 'used (MiB)', 'reserved (MiB)', 'bytes/key reserved'],
  [[capacity.keys, fixed(capacity.keysPerSecond, 0), fixed(capacity.usedBytes / 2 ** 20), fixed(capacity.reservedBytes / 2 ** 20), fixed(capacity.reservedBytes / capacity.keys)]],
);

const tx = await benchTransactions(quick ? 20_000 : 100_000, quick ? 300 : 1000);
printTable(
  'Transactions: 10 commands (5 SET, 5 INCR) in one update() vs outside one (ns per group of ten, median)',
  ['engine', 'plain', 'update()', 'overhead'],
  ['wasm', 'ts'].map((engine) => [engine, fixed(tx[`plain ${engine}`], 0), fixed(tx[`update ${engine}`], 0), fixed((tx[`update ${engine}`] / tx[`plain ${engine}`] - 1) * 100, 0) + '%']),
);

const collectionTargets = await benchCollections(quick);
const hashGrowth = benchHashGrowth(quick ? 1_000_000 : 10_000_000);

const persistence = await benchPersistence(quick);
if (existsSync('/usr/bin/chromium')) await benchBrowser();
else console.log('\n(browser figures skipped: no /usr/bin/chromium)');
const everysecCost = (engine) => persistence.sets[`${engine} everysec`] / persistence.sets[`${engine} memory`] - 1;

const targets = [
  ['GET string >= 0.8x ts (insertion order)', insertionOrder('GET', 'ts') / insertionOrder('GET', 'wasm') >= 0.8],
  ['GET bytes >= 1.2x ts (insertion order)', insertionOrder('getBuffer', 'ts') / insertionOrder('getBuffer', 'wasm') >= 1.2],
  ['SET >= 1.2x ts (insertion order)', insertionOrder('SET', 'ts') / insertionOrder('SET', 'wasm') >= 1.2],
  ['memory <= 0.5x ts', wasmMemory.reservedPerKey <= 0.5 * memory[1].usedPerKey],
  ['memory <= 64 B/key all in', wasmMemory.reservedPerKey <= 64],
  ['longest pause <= 10 ms', pauses[0].maxMs <= 10],
  ['update() overhead < 30% (wasm)', tx['update wasm'] / tx['plain wasm'] < 1.3],
  ['update() overhead < 30% (ts)', tx['update ts'] / tx['plain ts'] < 1.3],
  ...driftTargets(drift),
  ['log, everysec costs <= 15% of memory-only SET (wasm)', everysecCost('wasm') <= 0.15],
  ['log, everysec costs <= 15% of memory-only SET (ts)', everysecCost('ts') <= 0.15],
  ['log, always: 100 in flight >= 20x one at a time (wasm)', persistence.group['wasm one'] / persistence.group['wasm group'] >= 20],
  ['log, load 1M keys at least as fast as redis-server (wasm)', persistence.loads.redis !== null && persistence.loads.wasm <= persistence.loads.redis],
  ['log, load 1M keys at least as fast as redis-server (ts)', persistence.loads.redis !== null && persistence.loads.ts <= persistence.loads.redis],
  ...collectionTargets,
  ['longest HSET growing one hash <= 10 ms (wasm)', hashGrowth[0].maxUs <= 10_000],
];
printTable('Targets (wasm engine)', ['target', 'met'], targets.map(([name, met]) => [name, met ? 'yes' : 'NO']));
console.log(`\nload average at the end: ${loadAverage()}`);
