// Shared pieces of the benchmarks: the dataset, engines by name, child runs and tables.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { open } from '../dist/index.js';

/**
 * 16-byte keys and 16-byte values, as the issue's scenario names them. Built
 * from char codes so V8 makes flat one-byte strings: a concatenation would
 * leave a 32-byte cons-string wrapper behind every key and inflate the JS
 * engines' memory figures with the benchmark's own garbage.
 */
export function keyAt(i) {
  return flat('key:', i);
}
export function valueAt(i) {
  return flat('val:', i);
}

const codes = new Array(16);
function flat(prefix, i) {
  for (let c = 0; c < 4; c++) codes[c] = prefix.charCodeAt(c);
  for (let c = 15, rest = i; c >= 4; c--, rest = Math.floor(rest / 10)) codes[c] = 48 + (rest % 10);
  return String.fromCharCode.apply(null, codes);
}

/**
 * Where benchmark loops leave their results, so the optimiser cannot drop a
 * read whose result nobody uses (a plain Map.get otherwise measures as free).
 */
export const sink = { value: null };

export function keys(n) {
  return Array.from({ length: n }, (_, i) => keyAt(i));
}
export function values(n) {
  return Array.from({ length: n }, (_, i) => valueAt(i));
}

/** A flashkv DB of the named engine, without the expiry timer (nothing expires here). */
export function openEngine(engine) {
  return open({ engine, activeExpiry: false });
}

/**
 * Runs `bench/<script> <args>` in a fresh Node process (its own heap, so GC and
 * memory figures of one engine do not leak into another's) and returns the JSON
 * it prints on its last line.
 */
export function runChild(script, args, nodeArgs = []) {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=16384', ...nodeArgs, path, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) throw new Error(`${script} ${args.join(' ')} failed:\n${child.stderr}`);
  const lines = child.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

export function settleHeap() {
  for (let i = 0; i < 4; i++) globalThis.gc?.();
}

/** Prints rows as an aligned table. */
export function printTable(title, header, rows) {
  const all = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, c) => Math.max(...all.map((row) => row[c].length)));
  console.log(`\n${title}`);
  for (const [r, row] of all.entries()) {
    console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
    if (r === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

export const fixed = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** The median of a list of numbers. */
export function median(list) {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs `rounds` tinybench rounds (a fresh Bench each, `addTasks(bench,
 * round)` filling it) and returns { task name: ns per op }: each round's
 * median sample divided by `batch` (the operations one sample runs), then
 * the median over rounds. A task that fails stops the run.
 */
export async function benchRounds({ rounds, timeMs, batch }, addTasks) {
  const samples = {};
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time: timeMs, warmupTime: 200 });
    addTasks(bench, round);
    await bench.run();
    for (const task of bench.tasks) {
      if (task.result.state !== 'completed') throw new Error(`${task.name}: ${task.result.state} ${task.result.error ?? ''}`);
      (samples[task.name] ??= []).push((task.result.latency.p50 * 1e6) / batch);
    }
  }
  const ns = {};
  for (const [name, list] of Object.entries(samples)) ns[name] = median(list);
  return ns;
}
