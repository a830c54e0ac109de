// Longest pause: load 3M keys, then 3M random overwrites in batches of 1,000
// SETs, timing every batch. The longest batch is the worst stall a caller sees
// (GC for the JS engines; memory growth or a slow path for wasm).
import { keyAt, openEngine, valueAt } from './support.mjs';

const BATCH = 1000;

export function longestPause(engine, n) {
  const store = engine === 'map' ? new Map() : openEngine(engine);
  for (let i = 0; i < n; i++) store.set(keyAt(i), valueAt(i));
  // A fixed LCG so every engine overwrites the same keys in the same order.
  let seed = 12345;
  const times = [];
  for (let done = 0; done < n; done += BATCH) {
    const batchKeys = [];
    const batchValues = [];
    for (let j = 0; j < BATCH; j++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const i = seed % n;
      batchKeys.push(keyAt(i));
      batchValues.push(valueAt(n - i));
    }
    const start = performance.now();
    for (let j = 0; j < BATCH; j++) store.set(batchKeys[j], batchValues[j]);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { engine, maxMs: times[times.length - 1], p50Ms: times[times.length >> 1], p999Ms: times[Math.floor(times.length * 0.999)] };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(longestPause(process.argv[2], Number(process.argv[3] ?? 3_000_000))));
}
