// Memory per key for 1M 16-byte keys with 16-byte values, one engine per
// process. wasm: bytes in live allocations (`used`) and linear memory reserved
// (`reserved`, what the process really pays). ts and map: V8 heap growth after
// full GCs (the JS heap is where they live).
import { keys, openEngine, settleHeap, values } from './support.mjs';
import { WasmEngine } from '../dist/engine/wasm.js';

export function memoryPerKey(engine, n) {
  settleHeap();
  const before = process.memoryUsage();
  const keyList = keys(n);
  const valueList = values(n);
  if (engine === 'wasm') {
    const wasm = new WasmEngine();
    const empty = wasm.memory();
    for (let i = 0; i < n; i++) wasm.set(keyList[i], valueList[i], 0, 0, 0);
    const full = wasm.memory();
    return { engine, usedPerKey: (full.used - empty.used) / n, reservedPerKey: full.reserved / n };
  }
  let holder;
  if (engine === 'map') {
    holder = new Map();
    for (let i = 0; i < n; i++) holder.set(keyList[i], valueList[i]);
  } else {
    holder = openEngine(engine);
    for (let i = 0; i < n; i++) holder.set(keyList[i], valueList[i]);
  }
  // The key and value arrays are the benchmark's, not the store's: drop them.
  keyList.length = 0;
  valueList.length = 0;
  settleHeap();
  const after = process.memoryUsage();
  const perKey = (after.heapUsed + after.external - before.heapUsed - before.external) / n;
  globalThis.keep = holder;
  return { engine, usedPerKey: perKey, reservedPerKey: perKey };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(memoryPerKey(process.argv[2], Number(process.argv[3] ?? 1_000_000))));
}
