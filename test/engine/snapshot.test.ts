/**
 * Engine.snapshot, the base of a log rewrite, on both engines (the wasm one
 * on its debug build, whose asserts check the copied heap): the commands it
 * returns rebuild the dataset as it was when the snapshot was taken, however
 * the engine changes meanwhile and however small the chunks.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { resolveCommand, type CommandContext } from '../../src/engine/commands.js';
import { As, SetFlags, type Engine } from '../../src/engine/engine.js';
import { decodeCommands } from '../../src/engine/resp.js';
import { ScanCursors } from '../../src/engine/scan-cursors.js';
import { Stats } from '../../src/engine/stats.js';
import { TsEngine } from '../../src/engine/ts/index.js';
import { debugWasmEngine } from '../support/debug-core.js';
import { dump } from '../support/dump.js';
import { ENGINES, type EngineName } from '../support/engines.js';

const NOW = 1_700_000_000_000;
const engines: Engine[] = [];

afterEach(() => {
  for (const engine of engines.splice(0)) engine.close();
});

function make(kind: EngineName): Engine {
  const engine = kind === 'wasm' ? debugWasmEngine() : new TsEngine();
  engine.now = NOW;
  engines.push(engine);
  return engine;
}

/** Every chunk of `snapshot`, replayed into a fresh engine of `kind`. */
function replay(chunks: Uint8Array[], kind: EngineName): Engine {
  const target = make(kind);
  const ctx: CommandContext = { engine: target, cursors: new ScanCursors(), stats: new Stats(NOW) };
  for (const chunk of chunks) {
    for (const args of decodeCommands(chunk)) {
      const call = resolveCommand(args[0], args.slice(1));
      call.command.run(ctx, call.args, As.Bytes);
    }
  }
  return target;
}

function fill(engine: Engine, keys: number): void {
  for (let i = 0; i < keys; i++) engine.set(`key:${i}`, `value:${i}`, 0, 0, As.String);
  engine.set(new Uint8Array([0, 255, 13, 10]), new Uint8Array([13, 10, 0, 36]), 0, 0, As.String);
  engine.set('long', 'x'.repeat(100_000), 0, 0, As.String);
  engine.set('k'.repeat(300), 'long key', 0, 0, As.String);
  engine.set('ttl', 'later', SetFlags.Expire, NOW + 60_000, As.String);
  engine.set('past', 'gone', SetFlags.Expire, NOW + 10, As.String);
  engine.incrby('counter', 41);
  engine.append('appended', 'abc');
}

describe.each(ENGINES)('snapshot (%s engine)', (kind) => {
  it('rebuilds the dataset of the instant it was taken, in chunks of any size, while the engine changes', () => {
    for (const budget of [1, 64, 4096, 1 << 20]) {
      const engine = make(kind);
      fill(engine, 2000);
      engine.now = NOW + 20; // 'past' has expired, not yet reclaimed
      const expected = dump(engine);
      const snapshot = engine.snapshot();
      // The engine changes under the snapshot: overwrites, deletes, new keys, a flush.
      engine.append('appended', 'def');
      engine.del(['key:0', 'key:1999']);
      engine.set('new', 'key', 0, 0, As.String);
      const chunks: Uint8Array[] = [];
      for (let chunk = snapshot.next(budget); chunk !== null; chunk = snapshot.next(budget)) chunks.push(chunk.slice());
      engine.flushall();
      snapshot.close();
      const rebuilt = replay(chunks, kind === 'wasm' ? 'ts' : 'wasm');
      rebuilt.now = NOW + 20;
      expect(dump(rebuilt)).toEqual(expected);
      if (budget === 1) expect(chunks.length).toBeGreaterThan(2000);
    }
  });

  it('writes SET and PEXPIREAT, as redis-server\'s rewrite does', () => {
    const engine = make(kind);
    engine.set('a', '1', 0, 0, As.String);
    engine.set('b', '2', SetFlags.Expire, NOW + 5000, As.String);
    const snapshot = engine.snapshot();
    const commands: string[] = [];
    for (let chunk = snapshot.next(1 << 16); chunk !== null; chunk = snapshot.next(1 << 16)) {
      for (const args of decodeCommands(chunk)) commands.push(args.map((arg) => Buffer.from(arg).toString()).join(' '));
    }
    expect(commands.sort()).toEqual(['PEXPIREAT b ' + (NOW + 5000), 'SET a 1', 'SET b 2']);
  });

  it('of an empty engine is nothing', () => {
    const snapshot = make(kind).snapshot();
    expect(snapshot.next(1024)).toBeNull();
  });
});
