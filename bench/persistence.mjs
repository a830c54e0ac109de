// The append-only log's costs, from one run: SET throughput with each
// appendfsync policy against memory only, group commit under `always`,
// loading a 1M-key log (flashkv's engines against redis-server loading the
// same directory), and the longest stall of the event loop while a rewrite
// of 1M keys runs. Files go to os.tmpdir() (here the machine's one disk).
//
//   node --expose-gc bench/persistence.mjs [--quick]
//
// Also part of `npm run bench` (bench/run.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import { open } from '../dist/index.js';
import { benchRounds, fixed, median, printTable, settleHeap } from './support.mjs';

const ENGINES = ['wasm', 'ts'];
const KEY_BASE = 1_000_000_000;
const SET_BATCH = 1000;
const IN_FLIGHT = 100;

function tempDir() {
  return mkdtempSync(join(tmpdir(), 'flashkv-bench-'));
}

/** Opens a store: memory only, or a log in a fresh directory with `appendfsync`. */
async function openStore(engine, appendfsync) {
  if (appendfsync === 'memory') return { db: open({ engine, activeExpiry: false }), dir: null };
  const dir = tempDir();
  const db = await open({ engine, path: join(dir, 'data'), appendfsync, activeExpiry: false, autoRewrite: false });
  return { db, dir };
}

async function closeStore({ db, dir }) {
  await db.close();
  if (dir !== null) rmSync(dir, { recursive: true, force: true });
}

/**
 * ns per SET: batches of 1,000 `db.set` calls with keys built per call, each
 * batch awaited with db.flush() (written; under always, synced: one fsync
 * per batch). Three rounds, the subjects' order rotated each round, the
 * median round kept.
 */
async function setThroughput(quick) {
  const policies = ['memory', 'no', 'everysec', 'always'];
  const stores = {};
  for (const engine of ENGINES) for (const policy of policies) stores[`${engine} ${policy}`] = await openStore(engine, policy);
  const names = Object.keys(stores);
  let i = 0;
  const figures = await benchRounds({ rounds: quick ? 1 : 3, timeMs: quick ? 300 : 1000, batch: SET_BATCH }, (bench, round) => {
    for (let t = 0; t < names.length; t++) {
      const name = names[(t + round * 3) % names.length];
      const db = stores[name].db;
      bench.add(name, async () => {
        for (let n = 0; n < SET_BATCH; n++, i++) db.set('key:00' + (KEY_BASE + (i % 1_000_000)), 'val:00' + (KEY_BASE + i));
        await db.flush();
      });
    }
  });
  for (const store of Object.values(stores)) await closeStore(store);
  return figures;
}

/**
 * ns per acknowledged update() under always: one at a time (each waits for
 * its own fsync) against IN_FLIGHT at a time (group commit: they share).
 */
async function groupCommit(quick) {
  const figures = {};
  for (const engine of ENGINES) {
    const store = await openStore(engine, 'always');
    const db = store.db;
    let i = 0;
    const bench = new Bench({ time: quick ? 300 : 1500, warmupTime: quick ? 50 : 200 });
    bench.add('one at a time', async () => {
      for (let n = 0; n < 10; n++, i++) await db.update((tx) => tx.set('k' + i, 'v'));
    });
    bench.add(`${IN_FLIGHT} in flight`, async () => {
      const acks = [];
      for (let n = 0; n < IN_FLIGHT; n++, i++) acks.push(db.update((tx) => tx.set('k' + i, 'v')));
      await Promise.all(acks);
    });
    await bench.run();
    figures[`${engine} one`] = (bench.tasks[0].result.latency.p50 * 1e6) / 10;
    figures[`${engine} group`] = (bench.tasks[1].result.latency.p50 * 1e6) / IN_FLIGHT;
    await closeStore(store);
  }
  return figures;
}

/** Writes a log of `n` keys (16-byte keys and values) with `engine`, closed; returns its directory. */
async function writeLog(n, engine = 'wasm') {
  const parent = tempDir();
  const path = join(parent, 'appendonlydir');
  const db = await open({ engine, path, appendfsync: 'no', activeExpiry: false, autoRewrite: false });
  for (let i = 0; i < n; i++) {
    db.set('key:00' + (KEY_BASE + i), 'val:00' + (KEY_BASE + i));
    if (i % 100_000 === 99_999) await db.flush();
  }
  await db.close();
  return { parent, path };
}

/** Milliseconds flashkv takes to open (replay) the log at `path`, median of `rounds`. */
async function flashkvLoadMs(engine, path, rounds) {
  const times = [];
  for (let r = 0; r < rounds; r++) {
    settleHeap();
    const started = performance.now();
    const db = await open({ engine, path, activeExpiry: false, autoRewrite: false, logger: () => {} });
    times.push(performance.now() - started);
    await db.close();
  }
  return median(times);
}

/** redis-server's own "DB loaded from append only file" time for a copy of `path`, median of `rounds`; null without redis-server. */
async function redisLoadMs(path, rounds) {
  if (spawnSync('redis-server', ['--version']).status !== 0) return null;
  const times = [];
  for (let r = 0; r < rounds; r++) {
    const dir = tempDir();
    cpSync(path, join(dir, 'appendonlydir'), { recursive: true });
    const child = spawn('redis-server', ['--port', '0', '--unixsocket', join(dir, 'redis.sock'), '--save', '', '--dir', dir, '--appendonly', 'yes', '--appenddirname', 'appendonlydir', '--loglevel', 'notice'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    const loaded = await new Promise((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        log += chunk;
        const match = /DB loaded from append only file: ([0-9.]+) seconds/.exec(log);
        if (match) resolve(Number(match[1]) * 1000);
      });
      child.once('exit', () => reject(new Error(`redis-server exited: ${log}`)));
    });
    child.removeAllListeners('exit');
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
    times.push(loaded);
  }
  return median(times);
}

/**
 * A rewrite of an `n`-key log while a chain of timers writes and measures
 * the gaps between its callbacks: the longest is the longest the database
 * stopped answering. Also the snapshot's own pause, from the log's notice.
 */
async function rewritePause(engine, n) {
  const { parent, path } = await writeLog(n, engine);
  const messages = [];
  const db = await open({ engine, path, appendfsync: 'everysec', activeExpiry: false, autoRewrite: false, logger: (level, message) => messages.push(message) });
  settleHeap();
  // A timer chain that also writes: the longest gap between two of its callbacks is the longest the database could
  // not answer. (perf_hooks' monitorEventLoopDelay missed a 170 ms stall here, so the gaps are measured directly.)
  let writes = 0;
  let running = true;
  let last = performance.now();
  let longestStallMs = 0;
  const tick = () => {
    if (!running) return;
    const now = performance.now();
    longestStallMs = Math.max(longestStallMs, now - last);
    last = now;
    for (let i = 0; i < 100; i++, writes++) db.set('during:' + writes, 'x');
    if (running) setTimeout(tick, 0);
  };
  const started = performance.now();
  setTimeout(tick, 0);
  await db.rewrite();
  const totalMs = performance.now() - started;
  running = false;
  const snapshotMs = Number(/stopped the database for ([0-9.]+) ms/.exec(messages.join('\n'))?.[1] ?? NaN);
  await db.close();
  rmSync(parent, { recursive: true, force: true });
  return { engine, snapshotMs, longestStallMs, totalMs, writes };
}

/** Every figure of this file, printed as tables; returns them. */
export async function benchPersistence(quick = false) {
  const n = quick ? 100_000 : 1_000_000;
  const sets = await setThroughput(quick);
  printTable(
    `SET with the log, ns per SET (batches of ${SET_BATCH}, keys built per call, each batch awaited with flush(); median)`,
    ['engine', 'memory only', 'no', 'everysec', 'always', 'everysec cost'],
    ENGINES.map((engine) => {
      const memory = sets[`${engine} memory`];
      return [engine, fixed(memory), fixed(sets[`${engine} no`]), fixed(sets[`${engine} everysec`]), fixed(sets[`${engine} always`]), fixed((sets[`${engine} everysec`] / memory - 1) * 100, 0) + '%'];
    }),
  );
  const group = await groupCommit(quick);
  printTable(
    `Group commit under always: ns per acknowledged update() (median)`,
    ['engine', 'one at a time', `${IN_FLIGHT} in flight`, 'ratio'],
    ENGINES.map((engine) => [engine, fixed(group[`${engine} one`], 0), fixed(group[`${engine} group`], 0), fixed(group[`${engine} one`] / group[`${engine} group`], 1) + 'x']),
  );
  const { parent, path } = await writeLog(n);
  const size = readFileSync(join(path, 'appendonly.aof.1.incr.aof')).length;
  const rounds = quick ? 1 : 3;
  const loads = { wasm: await flashkvLoadMs('wasm', path, rounds), ts: await flashkvLoadMs('ts', path, rounds), redis: await redisLoadMs(path, rounds) };
  rmSync(parent, { recursive: true, force: true });
  printTable(
    `Loading a log of ${n.toLocaleString()} SETs (${fixed(size / 2 ** 20)} MiB), ms (median of ${rounds}; redis-server: its own "DB loaded" time)`,
    ['loader', 'ms', 'keys/s', 'vs redis-server'],
    Object.entries(loads).map(([name, ms]) => [name === 'redis' ? 'redis-server' : name, fixed(ms, 0), ms === null ? '-' : fixed((n / ms) * 1000, 0), ms === null || loads.redis === null ? '-' : fixed(loads.redis / ms, 2) + 'x']),
  );
  const pauses = [];
  for (const engine of ENGINES) pauses.push(await rewritePause(engine, n));
  printTable(
    `Rewrite of ${n.toLocaleString()} keys while writing: the snapshot's pause, the event loop's longest stall (the longest the DB did not answer), ms`,
    ['engine', 'snapshot pause', 'longest stall', 'whole rewrite', 'writes meanwhile'],
    pauses.map((p) => [p.engine, fixed(p.snapshotMs), fixed(p.longestStallMs), fixed(p.totalMs, 0), p.writes]),
  );
  return { sets, group, loads, pauses };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await benchPersistence(process.argv.includes('--quick'));
