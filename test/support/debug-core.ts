/**
 * The debug build of the Wasm core, for tests: build/flashkv.debug.wasm
 * (written by `npm run build:wasm`), whose asserts check the allocator, the
 * radix tree and the TTL index on every operation, and turn a broken
 * invariant into an Error instead of silent damage.
 *
 * The package embeds only the release build, so the debug build is read from
 * build/ here, with node:fs, and handed to WasmEngine's `core` option; the
 * engine itself never touches a file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WasmEngine, type WasmEngineOptions } from '../../src/engine/wasm.js';

const DEBUG_WASM = fileURLToPath(new URL('../../build/flashkv.debug.wasm', import.meta.url));

let compiled: WebAssembly.Module | undefined;

/** The debug core, compiled once per test file. */
export function debugCore(): WebAssembly.Module {
  if (compiled === undefined) {
    if (!existsSync(DEBUG_WASM)) throw new Error(`${DEBUG_WASM} is missing: run "npm run build:wasm" first`);
    compiled = new WebAssembly.Module(readFileSync(DEBUG_WASM));
  }
  return compiled;
}

/** A WasmEngine running the debug core. */
export function debugWasmEngine(options: Omit<WasmEngineOptions, 'core'> = {}): WasmEngine {
  return new WasmEngine({ ...options, core: debugCore() });
}
