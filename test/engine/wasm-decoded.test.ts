/**
 * GET's reuse of decoded strings (assembly/io.ts, "Decoded strings"): a GET
 * of a long value unchanged since its last GET hands out the string decoded
 * then. These tests hunt for the one failure that matters, a stale string:
 * every write that can reach a long value (in place at the same length, in
 * a transaction, by a rollback, by freeing a leaf and building another where
 * it was) is followed by GETs of every key, checked against the TS engine.
 * Runs the debug build.
 */
import { describe, expect, it } from 'vitest';
import { As, ExpireFlags, GetExMode, SetFlags } from '../../src/engine/engine.js';
import { TsEngine } from '../../src/engine/ts/index.js';
import type { WasmEngine } from '../../src/engine/wasm.js';
import { debugWasmEngine } from '../support/debug-core.js';
import { random } from '../support/random.js';

const NOW = 1_700_000_000_000;
const LONG = 1100;

type AnyEngine = WasmEngine | TsEngine;
type Op = (e: AnyEngine, r: () => number) => unknown;

const KEYS = 6;
const key = (r: () => number) => `k${Math.floor(r() * KEYS)}`;
const within = (r: () => number, n: number) => Math.floor(r() * n);
/**
 * Long values that mostly share their length and differ in one character,
 * so overwrites take the in-place path; some are not ASCII (two UTF-8 bytes
 * per 'é'), some are short.
 */
function value(r: () => number): string {
  const kind = within(r, 6);
  if (kind === 0) return 'short' + within(r, 10);
  const mark = String.fromCharCode(97 + within(r, 26));
  if (kind === 1) return 'é'.repeat(LONG / 2 - 1) + mark;
  return 'v'.repeat(LONG - 1) + mark;
}

const OPS: Op[] = [
  (e, r) => e.set(key(r), value(r), [SetFlags.None, SetFlags.NX, SetFlags.XX, SetFlags.KeepTTL, SetFlags.Get][within(r, 5)], 0, As.String),
  (e, r) => e.set(key(r), value(r), SetFlags.Expire, NOW + 2 * within(r, 50) + 1, As.String),
  (e, r) => e.getdel(key(r), As.String),
  (e, r) => e.getex(key(r), GetExMode.At, NOW + 2 * within(r, 50) + 1, As.String),
  (e, r) => e.getex(key(r), GetExMode.Persist, 0, As.String),
  (e, r) => e.append(key(r), String.fromCharCode(97 + within(r, 26))),
  (e, r) => e.setrange(key(r), within(r, LONG + 5), String.fromCharCode(97 + within(r, 26))),
  (e, r) => e.del([key(r)]),
  (e, r) => e.rename(key(r), key(r), r() < 0.5),
  (e, r) => {
    const [src, dst] = [key(r), key(r)];
    return src === dst ? null : e.copy(src, dst, r() < 0.5);
  },
  (e, r) => e.expire(key(r), NOW + 2 * within(r, 50) - 9, ExpireFlags.None),
  (e, r) => e.mset([key(r), value(r), key(r), value(r)]),
  (e, r) => e.get(key(r), As.Bytes),
];

function outcome(e: AnyEngine, op: Op, seed: number): unknown {
  try {
    return op(e, random(seed));
  } catch (error) {
    return (error as Error).message;
  }
}

/** GET of every key as a string, twice, so the second can be a reuse. */
function readAll(e: AnyEngine): unknown[] {
  const out: unknown[] = [];
  for (let k = 0; k < KEYS; k++) out.push(e.get(`k${k}`, As.String), e.get(`k${k}`, As.String));
  return out;
}

function run(wasm: WasmEngine, seed: number, steps: number): void {
  const ts = new TsEngine();
  wasm.now = NOW;
  ts.now = NOW;
  const rand = random(seed);
  for (let step = 0; step < steps; step++) {
    const roll = rand();
    if (roll < 0.04 && !wasm.inTransaction) {
      wasm.begin();
      ts.begin();
    } else if (roll < 0.08 && wasm.inTransaction) {
      const commit = rand() < 0.5;
      for (const e of [wasm, ts]) {
        if (commit) e.commit();
        else e.rollback();
      }
    } else if (roll < 0.085) {
      wasm.flushall();
      ts.flushall();
    } else {
      const op = OPS[within(rand, OPS.length)];
      const opSeed = within(rand, 2 ** 31);
      expect(outcome(wasm, op, opSeed), `step ${step} op ${OPS.indexOf(op)} tx ${wasm.inTransaction}`).toEqual(outcome(ts, op, opSeed));
    }
    if (step % 53 === 0) {
      wasm.now += 4;
      ts.now += 4;
    }
    expect(readAll(wasm), `step ${step}`).toEqual(readAll(ts));
  }
}

describe('WasmEngine GET of long values', () => {
  it('never hands out a string of bytes that have changed since', () => {
    run(debugWasmEngine(), 1, 3000);
  });

  it('stays right when its budget drops kept strings at any time', () => {
    run(debugWasmEngine({ decodedStringChars: 2 * LONG }), 2, 3000);
  });

  it('stays right with reuse turned off', () => {
    run(debugWasmEngine({ decodedStringChars: 0 }), 3, 500);
  });

  it('drops the string kept for an address when a value built there is too long to keep', () => {
    const e = debugWasmEngine({ decodedStringChars: 1500 });
    const a = 'a'.repeat(LONG);
    const b = 'b'.repeat(1600);
    e.set('k', a, SetFlags.None, 0, As.String);
    expect(e.get('k', As.String)).toBe(a);
    e.del(['k']);
    e.set('k', b, SetFlags.None, 0, As.String);
    expect(e.get('k', As.String)).toBe(b);
    expect(e.get('k', As.String)).toBe(b);
  });

  it('replies the new value after an overwrite in place, in a transaction and after its rollback', () => {
    const e = debugWasmEngine();
    const a = 'a'.repeat(LONG);
    const b = 'b'.repeat(LONG);
    e.set('k', a, SetFlags.None, 0, As.String);
    expect(e.get('k', As.String)).toBe(a);
    expect(e.get('k', As.String)).toBe(a);
    e.set('k', b, SetFlags.None, 0, As.String);
    expect(e.get('k', As.String)).toBe(b);
    e.begin();
    e.set('k', a, SetFlags.None, 0, As.String);
    expect(e.get('k', As.String)).toBe(a);
    e.rollback();
    expect(e.get('k', As.String)).toBe(b);
    e.del(['k']);
    e.set('j', a, SetFlags.None, 0, As.String);
    expect(e.get('j', As.String)).toBe(a);
    expect(e.get('k', As.String)).toBeNull();
  });
});
