/**
 * close() gives the memory back even while the caller still holds the DB:
 * after it, nothing the DB or its engine keeps reaches the WebAssembly
 * instance's memory, so a full GC frees it. Checked with a WeakRef on the
 * memory of every instance created while the DB opens, and a full GC, made
 * callable through V8's --expose-gc flag (this file runs in its own worker
 * process, so the flag goes no further). The same in RSS figures, for both
 * engines: bench/close-rss.mjs.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { open } from '../src/index.js';
import { WasmEngine } from '../src/engine/wasm.js';
import { As, SetFlags } from '../src/engine/engine.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Runs `create` and returns weak references to the memory of every wasm instance it made. */
function trackMemories<T>(create: () => T): { result: T; memories: WeakRef<WebAssembly.Memory>[] } {
  const memories: WeakRef<WebAssembly.Memory>[] = [];
  const Original = WebAssembly.Instance;
  class Tracked extends Original {
    constructor(module: WebAssembly.Module, imports?: WebAssembly.Imports) {
      super(module, imports);
      memories.push(new WeakRef(this.exports.memory as WebAssembly.Memory));
    }
  }
  WebAssembly.Instance = Tracked;
  try {
    return { result: create(), memories };
  } finally {
    WebAssembly.Instance = Original;
  }
}

/**
 * Full GCs with turns of the event loop between them, until `gone` says the
 * target went or 20 rounds passed: on a loaded machine V8 has been seen to
 * keep a dead instance through the first few collections. A WeakRef read
 * keeps its target until the job ends, so `gone` is asked in a turn of its
 * own, never in the turn of a GC.
 */
async function collect(gone: () => boolean = () => false): Promise<void> {
  const turn = (): Promise<unknown> => new Promise((resolve) => setTimeout(resolve, 0));
  for (let i = 0; i < 20; i++) {
    gc();
    await turn();
    if (i < 3) continue;
    if (gone()) return;
    await turn();
  }
}

const value = 'v'.repeat(200);

describe('close() releases the wasm instance', () => {
  it('a closed DB still referenced does not keep its linear memory alive', async () => {
    const { result: db, memories } = trackMemories(() => open({ engine: 'wasm' }));
    expect(memories.length).toBe(1);
    for (let i = 0; i < 20_000; i++) db.set(`key:${i}`, value);
    db.scan(0, 'COUNT', 10); // leaves a cursor behind
    db.close();
    await collect(() => memories[0].deref() === undefined);
    expect(memories[0].deref()).toBeUndefined();
    // Still referenced, still answering as a closed database does.
    expect(db.engine).toBe('wasm');
    expect(() => db.get('key:1')).toThrow('flashkv: the database is closed');
  });

  it('an open DB keeps it (the check above can see a leak)', async () => {
    const { result: db, memories } = trackMemories(() => open({ engine: 'wasm' }));
    db.set('k', value);
    await collect();
    expect(memories[0].deref()).toBeInstanceOf(WebAssembly.Memory);
    expect(db.get('k')).toBe(value);
    db.close();
  });

  it('a closed WasmEngine still referenced does not keep it either, and refuses calls', async () => {
    const { result: engine, memories } = trackMemories(() => new WasmEngine());
    engine.set('k', value, SetFlags.None, 0, As.String);
    engine.close();
    await collect(() => memories[0].deref() === undefined);
    expect(memories[0].deref()).toBeUndefined();
    expect(() => engine.get('k', As.String)).toThrow('flashkv: the engine is closed');
    expect(() => engine.dbsize()).toThrow('flashkv: the engine is closed');
    expect(() => engine.memory()).toThrow('flashkv: the engine is closed');
  });
});
