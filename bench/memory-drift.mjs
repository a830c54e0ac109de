// Does memory stay bounded as values change size? Three workloads, run
// against the wasm engine (linear memory: `used` = live allocations,
// `reserved` = the memory's size, what the process pays) and, the same
// operations in the same order, against redis-server (INFO memory:
// used_memory, used_memory_rss, mem_fragmentation_ratio):
//
//   a. drift:  N keys with 24-byte values, all overwritten with 80 bytes,
//              then with 200 bytes; then a fresh store loaded directly with
//              the final data. Figure: reserved (rss) drifted / fresh.
//   b. churn:  M keys with random sizes 8..512, then OPS random operations
//              (90% SET of a random key with a random size, 10% DEL of a
//              random key; a later SET re-inserts it), from a seeded PRNG so
//              every run and both subjects see the same sequence; then a
//              fresh store loaded with exactly the final dataset.
//   c. refill: N keys x 24 bytes, FLUSHALL, then N/2 keys x 60 bytes (less
//              in total): linear memory (rss) must not grow.
//
// Targets for the wasm engine: drift and churn within 1.5x of fresh, no
// growth on refill. Run alone: `node bench/memory-drift.mjs [--quick]
// [--no-redis]`; `--json` prints the figures as JSON instead (bench/run.mjs).
import { WasmEngine } from '../dist/engine/wasm.js';
import { encodeCommand, redisInstalled, startRedis } from './redis-server.mjs';
import { fixed, keyAt, printTable } from './support.mjs';

export const FULL = { driftKeys: 1_000_000, churnKeys: 300_000, churnOps: 3_000_000 };
export const QUICK = { driftKeys: 100_000, churnKeys: 30_000, churnOps: 300_000 };

const DRIFT_SIZES = [24, 80, 200];
const REFILL_A = 24;
const REFILL_B = 60;
const MIN_SIZE = 8;
const MAX_SIZE = 512;
const DEL_SHARE = 0.1;
const SEED = 0x5eed;

/** Values by size: `VALUES[n]` is n bytes of 'v' (never integer-like, so Redis stores them as strings too). */
const VALUES = Array.from({ length: MAX_SIZE + 1 }, (_, n) => 'v'.repeat(n));

/** A seeded PRNG (mulberry32) returning floats in [0, 1). */
function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The churn workload as arrays, so both subjects replay it exactly: initial
 * sizes, then per operation a key index and a size (0 for DEL), and the
 * dataset left at the end (size per key, 0 for absent).
 */
function churnPlan(keys, ops) {
  const random = prng(SEED);
  const size = () => MIN_SIZE + Math.floor(random() * (MAX_SIZE - MIN_SIZE + 1));
  const initial = Uint16Array.from({ length: keys }, size);
  const opKey = new Uint32Array(ops);
  const opSize = new Uint16Array(ops);
  const final = initial.slice();
  for (let j = 0; j < ops; j++) {
    const k = Math.floor(random() * keys);
    const s = random() < DEL_SHARE ? 0 : size();
    opKey[j] = k;
    opSize[j] = s;
    final[k] = s;
  }
  return { initial, opKey, opSize, final };
}

/**
 * Each workload as steps against a subject: `set(i, size)` for key i,
 * `del(i)`, `flushall()`, `measure(phase)` and `fresh()`, which swaps in a
 * new empty store (the old one measured and dropped). Both subjects run the
 * same steps; the subject's methods may be async.
 */
async function driftSteps(s, scale, keys) {
  const n = scale.driftKeys;
  for (const size of DRIFT_SIZES) {
    await s.setMany(n, (i) => i, () => size, keys);
    await s.measure(size === DRIFT_SIZES[0] ? `a. ${n.toLocaleString()} keys x ${size} B` : `a. all overwritten, ${size} B`);
  }
  await s.fresh();
  await s.setMany(n, (i) => i, () => DRIFT_SIZES[DRIFT_SIZES.length - 1], keys);
  await s.measure(`a. fresh, ${DRIFT_SIZES[DRIFT_SIZES.length - 1]} B`);
}

async function churnSteps(s, scale, keys, plan) {
  const m = scale.churnKeys;
  await s.setMany(m, (i) => i, (i) => plan.initial[i], keys);
  await s.measure(`b. ${m.toLocaleString()} keys x ${MIN_SIZE}..${MAX_SIZE} B`);
  await s.setMany(scale.churnOps, (j) => plan.opKey[j], (j) => plan.opSize[j], keys);
  await s.measure(`b. after ${scale.churnOps.toLocaleString()} ops`);
  const live = [];
  for (let i = 0; i < m; i++) if (plan.final[i] !== 0) live.push(i);
  await s.fresh();
  await s.setMany(live.length, (j) => live[j], (j) => plan.final[live[j]], keys);
  await s.measure(`b. fresh, final ${live.length.toLocaleString()} keys`);
}

async function refillSteps(s, scale, keys) {
  const n = scale.driftKeys;
  await s.setMany(n, (i) => i, () => REFILL_A, keys);
  await s.measure(`c. ${n.toLocaleString()} keys x ${REFILL_A} B`);
  await s.flushall();
  await s.measure('c. after FLUSHALL');
  await s.setMany(n >> 1, (i) => i, () => REFILL_B, keys);
  await s.measure(`c. refill ${(n >> 1).toLocaleString()} keys x ${REFILL_B} B`);
}

/** The wasm engine as a subject: size 0 means DEL. */
function wasmSubject(rows) {
  let engine = new WasmEngine();
  return {
    setMany(count, keyOf, sizeOf, keys) {
      for (let j = 0; j < count; j++) {
        const size = sizeOf(j);
        if (size === 0) engine.del([keys[keyOf(j)]]);
        else engine.set(keys[keyOf(j)], VALUES[size], 0, 0, 0);
      }
    },
    flushall() {
      engine.flushall();
    },
    measure(phase) {
      const { used, reserved } = engine.memory();
      rows.push({ phase, used, reserved });
    },
    fresh() {
      engine.close();
      engine = new WasmEngine();
    },
    done() {
      engine.close();
    },
  };
}

/** A redis-server as a subject; fresh() starts another server. */
async function redisSubject(rows) {
  let redis = await startRedis();
  return {
    async setMany(count, keyOf, sizeOf, keys) {
      await redis.connection.sendAll(count, (j) => {
        const size = sizeOf(j);
        return size === 0 ? encodeCommand(['DEL', keys[keyOf(j)]]) : encodeCommand(['SET', keys[keyOf(j)], VALUES[size]]);
      });
    },
    async flushall() {
      await redis.connection.command('FLUSHALL');
    },
    async measure(phase) {
      // used_memory_rss and the ratio are sampled by serverCron (hz 10): let it run.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const info = await redis.info('memory');
      rows.push({ phase, used: Number(info.used_memory), rss: Number(info.used_memory_rss), frag: Number(info.mem_fragmentation_ratio) });
    },
    async fresh() {
      redis.stop();
      redis = await startRedis();
    },
    done() {
      redis.stop();
    },
  };
}

async function runWorkloads(makeSubject, scale, keys, plan) {
  const rows = [];
  for (const steps of [driftSteps, churnSteps, refillSteps]) {
    const started = performance.now();
    const subject = await makeSubject(rows);
    try {
      await steps(subject, scale, keys, plan);
    } finally {
      subject.done();
    }
    process.stderr.write(`  ${steps.name}: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  return rows;
}

/**
 * Runs the three workloads on the wasm engine and, if installed and wanted,
 * redis-server. Returns { scale, wasm: rows, redis: rows | null }, a row per
 * measured phase in the same order for both.
 */
export async function memoryDrift(scale = FULL, withRedis = true) {
  const keys = Array.from({ length: Math.max(scale.driftKeys, scale.churnKeys) }, (_, i) => keyAt(i));
  const plan = churnPlan(scale.churnKeys, scale.churnOps);
  process.stderr.write('memory-drift: wasm\n');
  const wasm = await runWorkloads(wasmSubject, scale, keys, plan);
  let redis = null;
  if (withRedis && redisInstalled()) {
    process.stderr.write('memory-drift: redis-server\n');
    redis = await runWorkloads(redisSubject, scale, keys, plan);
  }
  return { scale, wasm, redis };
}

/** Figures derived from the rows: the ratios vs fresh and whether refill grew. */
export function driftFigures({ wasm, redis }) {
  const at = (rows, prefix) => rows.filter((row) => row.phase.startsWith(prefix));
  const figures = (rows, size) => {
    const drift = at(rows, 'a.');
    const churn = at(rows, 'b.');
    const refill = at(rows, 'c.');
    return {
      drift: size(drift[drift.length - 2]) / size(drift[drift.length - 1]),
      churn: size(churn[churn.length - 2]) / size(churn[churn.length - 1]),
      refillGrowth: size(refill[refill.length - 1]) - size(refill[0]),
    };
  };
  return { wasm: figures(wasm, (row) => row.reserved), redis: redis === null ? null : figures(redis, (row) => row.rss) };
}

const mib = (bytes) => fixed(bytes / 2 ** 20);

export function printMemoryDrift(result) {
  const { wasm, redis } = result;
  const figures = driftFigures(result);
  const rows = wasm.map((row, i) => {
    const peer = redis?.[i];
    return [row.phase, mib(row.used), mib(row.reserved), peer ? mib(peer.used) : '-', peer ? mib(peer.rss) : '-', peer ? fixed(peer.frag, 2) : '-'];
  });
  const ratio = (f, key) => (f === null ? '-' : fixed(f[key], 2) + 'x');
  const growth = (f) => (f === null ? '-' : f.refillGrowth > 0 ? `grew ${mib(f.refillGrowth)} MiB` : 'no growth');
  rows.push(['a. drifted / fresh', '', ratio(figures.wasm, 'drift'), '', ratio(figures.redis, 'drift'), '']);
  rows.push(['b. churned / fresh', '', ratio(figures.wasm, 'churn'), '', ratio(figures.redis, 'churn'), '']);
  rows.push(['c. refill after FLUSHALL', '', growth(figures.wasm), '', growth(figures.redis), '']);
  printTable(
    'Memory drift (MiB; wasm: live allocations / linear memory; redis-server 7: INFO used_memory / used_memory_rss / mem_fragmentation_ratio; ratios of reserved and rss)',
    ['phase', 'wasm used', 'wasm reserved', 'redis used', 'redis rss', 'redis frag'],
    rows,
  );
  return figures;
}

/** The targets the wasm allocator must meet, as [name, met] rows. */
export function driftTargets(result) {
  const { wasm } = driftFigures(result);
  return [
    ['drift: reserved <= 1.5x fresh', wasm.drift <= 1.5],
    ['churn: reserved <= 1.5x fresh', wasm.churn <= 1.5],
    ['refill after FLUSHALL: no growth', wasm.refillGrowth <= 0],
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await memoryDrift(process.argv.includes('--quick') ? QUICK : FULL, !process.argv.includes('--no-redis'));
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(result));
  } else {
    printMemoryDrift(result);
    printTable('Targets (wasm engine)', ['target', 'met'], driftTargets(result).map(([name, met]) => [name, met ? 'yes' : 'NO']));
  }
}
