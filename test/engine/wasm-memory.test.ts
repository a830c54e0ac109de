/**
 * Memory of the wasm engine: freed blocks are reused (linear memory stays
 * bounded under churn), growth is geometric, and running out of memory is a
 * clean OutOfMemoryError that leaves the dataset intact and the engine usable.
 * These run the release build: they are about memory, not asserts.
 */
import { describe, expect, it } from 'vitest';
import { As, ExpireFlags, SetFlags } from '../../src/engine/engine.js';
import { OutOfMemoryError } from '../../src/errors/oom-error.js';
import { WasmEngine } from '../../src/engine/wasm.js';
import { debugWasmEngine } from '../support/debug-core.js';

const PAGE = 65536;
const key = (i: number) => `key:${String(i).padStart(12, '0')}`;
const value = (i: number) => `val:${String(i).padStart(12, '0')}`;

describe('WasmEngine memory', () => {
  it('keeps linear memory bounded while 1M keys are set and deleted in a loop', () => {
    const engine = new WasmEngine();
    const window = 10_000;
    const sizes: number[] = [];
    for (let i = 0; i < 1_000_000; i++) {
      engine.set(key(i), value(i), SetFlags.None, 0, As.String);
      if (i >= window) engine.del([key(i - window)]);
      if (i % 100_000 === 0) sizes.push(engine.memory().reserved);
    }
    expect(engine.dbsize()).toBe(window);
    // 10k live keys need well under 2 MB; every later set reuses freed blocks.
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(new Set(sizes.slice(1)).size).toBe(1);
    for (let i = 1_000_000 - window; i < 1_000_000; i++) engine.del([key(i)]);
    expect(engine.dbsize()).toBe(0);
    engine.close();
  });

  it('reuses the space of overwritten values: memory stops growing within 1.5x of the first load', () => {
    // Every round shifts each key's value length by 37 (mod 100): the sizes
    // stay the same multiset but move between keys, so overwrites keep
    // leaving holes of one size and asking for another.
    const engine = new WasmEngine();
    for (let i = 0; i < 50_000; i++) engine.set(key(i), 'x'.repeat(i % 100), SetFlags.None, 0, As.String);
    const used = engine.memory().used;
    const reserved = engine.memory().reserved;
    const perRound: number[] = [];
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 50_000; i++) engine.set(key(i), 'y'.repeat((i + round * 37) % 100), SetFlags.None, 0, As.String);
      perRound.push(engine.memory().reserved);
    }
    expect(perRound[5]).toBeLessThanOrEqual(reserved * 1.5);
    expect(perRound[5]).toBe(perRound[3]);
    expect(Math.abs(engine.memory().used - used)).toBeLessThan(used * 0.05);
    engine.close();
  });

  it('returns all memory to reuse on FLUSHALL', () => {
    const engine = new WasmEngine();
    const empty = engine.memory().used;
    for (let i = 0; i < 20_000; i++) engine.set(key(i), value(i), SetFlags.None, 0, As.String);
    engine.flushall();
    expect(engine.memory().used).toBe(empty);
    const reserved = engine.memory().reserved;
    // Leaves of another size class than before: only a reset heap serves them from the same memory.
    for (let i = 0; i < 20_000; i++) engine.set(key(i), 'v'.repeat(12), SetFlags.None, 0, As.String);
    expect(engine.memory().reserved).toBe(reserved);
    engine.close();
  });

  it('grows memory geometrically, never a page at a time', () => {
    const engine = new WasmEngine();
    const steps: [number, number][] = [];
    let last = engine.memory().reserved;
    for (let i = 0; i < 300_000; i++) {
      engine.set(key(i), value(i), SetFlags.None, 0, As.String);
      const now = engine.memory().reserved;
      if (now !== last) steps.push([last, now]);
      last = now;
    }
    expect(steps.length).toBeGreaterThan(3);
    // Each step is at least 1 MiB and at least 1/32 of the size before it.
    for (const [before, after] of steps) {
      expect(after - before).toBeGreaterThanOrEqual(1 << 20);
      expect(after / before).toBeGreaterThanOrEqual(1.03);
    }
    engine.close();
  });
});

describe('WasmEngine out of memory', () => {
  it('fails a write cleanly with OutOfMemoryError, keeping earlier data and serving later commands', () => {
    const engine = new WasmEngine({ maxMemoryPages: 64 });
    engine.now = 1_700_000_000_000;
    engine.recordEffects = true;
    let stored = 0;
    let error: unknown;
    try {
      for (; stored < 1_000_000; stored++) engine.set(key(stored), value(stored), SetFlags.None, 0, As.String);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OutOfMemoryError);
    expect((error as Error).message).toBe('OOM command not allowed: out of memory');
    expect(engine.memory().reserved).toBeLessThanOrEqual(64 * PAGE);
    expect(engine.dbsize()).toBe(stored);
    expect(engine.get(key(stored), As.String)).toBeNull();
    for (let i = 0; i < stored; i += 97) expect(engine.get(key(i), As.String)).toBe(value(i));
    engine.drainEffects();

    // Every kind of write fails the same clean way and changes nothing.
    const big = 'z'.repeat(8 * 1024 * 1024);
    expect(() => engine.set('big', big, SetFlags.None, 0, As.String)).toThrow(OutOfMemoryError);
    expect(() => engine.append(key(0), big)).toThrow(OutOfMemoryError);
    expect(() => engine.mset(['a', big, 'b', 'c'])).toThrow(OutOfMemoryError);
    expect(engine.exists(['big', 'a', 'b'])).toBe(0);
    expect(engine.get(key(0), As.String)).toBe(value(0));
    expect(engine.drainEffects().length).toBe(0);

    // Deleting makes room again.
    expect(engine.del(Array.from({ length: 1000 }, (_, i) => key(i)))).toBe(1000);
    engine.set('after', 'works', SetFlags.None, 0, As.String);
    expect(engine.get('after', As.String)).toBe('works');
    expect(engine.dbsize()).toBe(stored - 1000 + 1);
    engine.close();
  });

  it('fails cleanly inside a transaction, which still rolls back or commits', () => {
    for (const end of ['rollback', 'commit'] as const) {
      const engine = debugWasmEngine({ maxMemoryPages: 48 });
      engine.now = 1_700_000_000_000;
      engine.recordEffects = true;
      for (let i = 0; i < 1000; i++) engine.set(key(i), value(i), SetFlags.Expire, engine.now + 60_000, As.String);
      engine.drainEffects();
      engine.begin();
      let written = 0;
      expect(() => {
        for (; written < 1_000_000; written++) engine.set(`tx:${written}`, value(written), SetFlags.None, 0, As.String);
      }).toThrow(OutOfMemoryError);
      engine.del([key(0)]);
      if (end === 'rollback') {
        engine.rollback();
        expect(engine.dbsize()).toBe(1000);
        expect(engine.get(key(0), As.String)).toBe(value(0));
        expect(engine.drainEffects().length).toBe(0);
      } else {
        engine.commit();
        expect(engine.dbsize()).toBe(1000 - 1 + written);
        expect(engine.get(`tx:${written - 1}`, As.String)).toBe(value(written - 1));
        expect(engine.drainEffects().length).toBeGreaterThan(0);
      }
      expect(engine.expireTime(key(1))).toBe(engine.now + 60_000);
      engine.close();
    }
  });

  it('fails cleanly when an argument cannot fit in memory', () => {
    const engine = new WasmEngine({ maxMemoryPages: 32 });
    engine.set('k', 'v', SetFlags.None, 0, As.String);
    expect(() => engine.set('k', new Uint8Array(4 * 1024 * 1024), SetFlags.None, 0, As.String)).toThrow(OutOfMemoryError);
    expect(engine.get('k', As.String)).toBe('v');
    engine.close();
  });
});

describe('WasmEngine undo journal', () => {
  const MB10 = 10 * 1024 * 1024;
  const tenMegabytes = () => {
    const value = new Uint8Array(MB10);
    for (let i = 0; i < MB10; i += 4096) value[i] = (i >> 12) & 0xff;
    return value;
  };

  it('journals a few dozen bytes, not the value, for APPEND and SETRANGE on a 10 MB string', () => {
    const engine = debugWasmEngine();
    const value = tenMegabytes();
    engine.set('big', value, SetFlags.None, 0, As.String);
    engine.set('ttl', 'v', SetFlags.Expire, Date.now() + 60_000, As.String);
    const usedBefore = engine.memory().used;

    engine.begin();
    expect(engine.append('big', 'x')).toBe(MB10 + 1);
    const afterAppend = engine.undoBytes();
    expect(afterAppend).toBeGreaterThan(0);
    expect(afterAppend).toBeLessThan(64);
    expect(engine.setrange('big', 5_000_000, 'abc')).toBe(MB10 + 1);
    expect(engine.undoBytes() - afterAppend).toBeLessThan(64);
    const beforeExpire = engine.undoBytes();
    engine.expire('ttl', Date.now() + 120_000, ExpireFlags.None);
    expect(engine.undoBytes() - beforeExpire).toBeLessThan(64);
    // The transaction holds no second copy of the value (what may grow is
    // the allocator's bitmap, 1/64 of any memory the APPEND had to add).
    expect(engine.memory().used - usedBefore).toBeLessThan(MB10 / 32);
    engine.rollback();

    expect(engine.undoBytes()).toBe(0);
    const got = engine.get('big', As.Bytes) as Uint8Array;
    expect(got.length).toBe(MB10);
    expect(Buffer.compare(got, value)).toBe(0);
    expect(engine.memory().used - usedBefore).toBeLessThan(MB10 / 32);
    engine.close();
  });

  it('keeps APPEND and SETRANGE on commit, and rolls back an APPEND to a key made in the transaction', () => {
    const engine = debugWasmEngine();
    engine.set('big', tenMegabytes(), SetFlags.None, 0, As.String);
    engine.begin();
    engine.append('big', 'tail');
    engine.setrange('big', 0, 'head');
    engine.commit();
    const got = engine.get('big', As.Bytes) as Uint8Array;
    expect(got.length).toBe(MB10 + 4);
    expect(new TextDecoder().decode(got.subarray(0, 4))).toBe('head');
    expect(new TextDecoder().decode(got.subarray(MB10))).toBe('tail');

    engine.begin();
    engine.set('big', 'short', SetFlags.None, 0, As.String);
    engine.set('n', '99', SetFlags.None, 0, As.String);
    engine.incrby('n', 1n);
    engine.set('n', 'x'.repeat(1000), SetFlags.None, 0, As.String);
    engine.rollback();
    expect(engine.strlen('big')).toBe(MB10 + 4);
    expect(engine.exists(['n'])).toBe(0);

    engine.set('n', '99', SetFlags.None, 0, As.String);
    engine.begin();
    engine.incrby('n', 1n);
    engine.set('n', 'abcd', SetFlags.None, 0, As.String);
    engine.set('n', 'x', SetFlags.None, 0, As.String);
    engine.rollback();
    expect(engine.get('n', As.String)).toBe('99');

    engine.begin();
    engine.set('fresh', 'a', SetFlags.None, 0, As.String);
    for (let i = 0; i < 100; i++) engine.append('fresh', 'b'.repeat(1000));
    engine.rollback();
    expect(engine.exists(['fresh'])).toBe(0);
    expect(engine.strlen('big')).toBe(MB10 + 4);
    engine.close();
  });
});

/**
 * The 4 GiB scenario: fill with 1 MiB values until SET fails with
 * OutOfMemoryError, delete a random quarter of them, then SET values of
 * every size up to 1 MiB. The freed quarter is far more than the new values
 * need, so every one of them must fit: freed memory serves any size, not
 * only the size it was freed at.
 */
function fillDeleteRefill(engine: WasmEngine, minFilled: number): void {
  // minFilled: values that must fit before the OOM (3/4 of the cap: an
  // allocator may lose some memory to rounding, not most of it).
  const MiB = 1 << 20;
  // One buffer for every value: a fixed pattern, the value's number stamped
  // into its first and last 4 bytes.
  const big = new Uint8Array(MiB);
  for (let j = 0; j < MiB; j++) big[j] = (j * 31) & 0xff;
  const stamp = (bytes: Uint8Array, n: number) => {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    view.setUint32(0, n);
    view.setUint32(bytes.length - 4, n);
  };
  const expectStamped = (key: string, length: number, n: number) => {
    const got = engine.get(key, As.Bytes) as Uint8Array | null;
    expect(got?.length, key).toBe(length);
    const view = new DataView(got!.buffer, got!.byteOffset, got!.byteLength);
    expect(view.getUint32(0), key).toBe(n);
    expect(view.getUint32(length - 4), key).toBe(n);
    for (let j = 4; j < length - 4; j += 4093) expect(got![j], key).toBe((j * 31) & 0xff);
  };

  let filled = 0;
  let error: unknown;
  try {
    for (;;) {
      stamp(big, filled);
      engine.set(`big:${filled}`, big, SetFlags.None, 0, As.String);
      filled++;
    }
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(OutOfMemoryError);
  expect(filled).toBeGreaterThanOrEqual(minFilled);
  expect(engine.dbsize()).toBe(filled);
  expect(engine.exists([`big:${filled}`])).toBe(0);
  for (const n of [0, 1, filled >> 1, filled - 1]) expectStamped(`big:${n}`, MiB, n);

  // A seeded shuffle (an LCG), so the quarter deleted is the same every run.
  let seed = 0x2545f491;
  const order = Array.from({ length: filled }, (_, n) => n);
  for (let i = filled - 1; i > 0; i--) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const j = seed % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const deleted = order.slice(0, filled >> 2);
  expect(engine.del(deleted.map((n) => `big:${n}`))).toBe(deleted.length);

  const sizes = [1, 100, 4096, 16384, 65536, 262144, 524288, MiB];
  const perSize = 4;
  for (const size of sizes) {
    for (let k = 0; k < perSize; k++) {
      const value = big.subarray(0, size);
      if (size >= 8) stamp(value, size + k);
      expect(() => engine.set(`size:${size}:${k}`, value, SetFlags.None, 0, As.String), `SET of ${size} bytes, #${k}`).not.toThrow();
    }
  }
  for (const size of sizes) {
    for (let k = 0; k < perSize; k++) {
      if (size >= 8) expectStamped(`size:${size}:${k}`, size, size + k);
      else expect(engine.strlen(`size:${size}:${k}`)).toBe(size);
    }
  }
  expect(engine.dbsize()).toBe(filled - deleted.length + sizes.length * perSize);
  const kept = order.slice(filled >> 2);
  for (const n of kept.slice(0, 8)) expectStamped(`big:${n}`, MiB, n);
  for (const n of deleted.slice(0, 8)) expect(engine.exists([`big:${n}`])).toBe(0);
}

describe('WasmEngine at the limit of its memory', () => {
  it('after OOM with 1 MiB values and deleting a random quarter, SETs of every size up to 1 MiB succeed (64 MiB cap)', () => {
    const engine = new WasmEngine({ maxMemoryPages: 1024 });
    fillDeleteRefill(engine, 48);
    engine.close();
  });

  it('after OOM with 1 MiB values and deleting a random quarter, SETs of every size up to 1 MiB succeed (4 GiB, the wasm32 limit)', () => {
    const engine = new WasmEngine();
    fillDeleteRefill(engine, 3072);
    engine.close();
  }, 120_000);
});
