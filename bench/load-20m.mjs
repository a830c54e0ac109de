// Capacity: load 20M 16-byte keys with 16-byte values into one wasm instance
// and report the load rate and memory. (A V8 Map stops near 16.7M entries.)
import { WasmEngine } from '../dist/engine/wasm.js';
import { keyAt, valueAt } from './support.mjs';

export function load20m(n) {
  const wasm = new WasmEngine();
  const start = performance.now();
  for (let i = 0; i < n; i++) wasm.set(keyAt(i), valueAt(i), 0, 0, 0);
  const seconds = (performance.now() - start) / 1000;
  const memory = wasm.memory();
  return { keys: wasm.dbsize(), seconds, keysPerSecond: n / seconds, usedBytes: memory.used, reservedBytes: memory.reserved };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(load20m(Number(process.argv[2] ?? 20_000_000))));
}
