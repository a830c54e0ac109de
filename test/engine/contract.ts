/**
 * The Engine contract suite: what src/engine/engine.ts promises about the
 * Engine interface itself (transactions, effects units, ordered walks,
 * memory figures, close), run against every engine from one body so that
 * the engines cannot drift apart. Command behaviour is tested through the
 * DB in the command suites; this suite talks to engines directly.
 */
import { describe, expect, it } from 'vitest';
import { As, ExpireFlags, SetFlags, type Engine } from '../../src/engine/engine.js';
import { ENGINE_CLOSED, TX_DRAIN, TX_NESTED, txNotOpen } from '../../src/errors/messages.js';

const text = new TextDecoder();
const keyText = (bytes: Uint8Array) => text.decode(bytes);

/** Everything observable about the keyspace: key -> [type, value, expireTime]. */
function dump(engine: Engine): Map<string, [string, string | null, string]> {
  const out = new Map<string, [string, string | null, string]>();
  const all = engine.scanKeys({ from: null, inclusive: true, limit: 1e9, end: null, prefix: null, match: null, type: null });
  for (const key of all.keys.map(keyText)) {
    const type = engine.type(key);
    const value = type === 'string' ? (engine.get(key, As.String) as string) : null;
    out.set(key, [type, value, String(engine.expireTime(key))]);
  }
  return out;
}

/** Runs the contract against the engines `make` creates (each test gets a fresh one). */
export function engineContract(name: string, make: () => Engine): void {
  describe(`Engine contract (${name})`, () => {
    const fresh = (): Engine => {
      const engine = make();
      engine.now = 1_700_000_000_000;
      return engine;
    };

    describe('transactions', () => {
      it('commit keeps every change and closes the transaction', () => {
        const engine = fresh();
        engine.set('a', '1', SetFlags.None, 0, As.String);
        engine.begin();
        expect(engine.inTransaction).toBe(true);
        engine.set('a', '2', SetFlags.None, 0, As.String);
        engine.set('b', 'x', SetFlags.Expire, engine.now + 5000, As.String);
        engine.append('b', 'yz');
        engine.commit();
        expect(engine.inTransaction).toBe(false);
        expect(engine.get('a', As.String)).toBe('2');
        expect(engine.get('b', As.String)).toBe('xyz');
        expect(engine.expireTime('b')).toBe(engine.now + 5000);
        engine.close();
      });

      it('rollback restores values, expiry and key presence exactly', () => {
        const engine = fresh();
        engine.set('a', '1', SetFlags.None, 0, As.String);
        engine.set('t', 'v', SetFlags.Expire, engine.now + 1000, As.String);
        engine.set('gone', 'soon', SetFlags.None, 0, As.String);
        const before = dump(engine);
        engine.begin();
        engine.set('a', 'longer value', SetFlags.None, 0, As.String);
        engine.incrby('n', 5n);
        engine.expire('t', engine.now + 9000, ExpireFlags.None);
        engine.persist('t');
        engine.del(['gone']);
        engine.rename('a', 'renamed', false);
        engine.setrange('new', 3, 'abc');
        engine.rollback();
        expect(engine.inTransaction).toBe(false);
        expect(dump(engine)).toEqual(before);
        engine.close();
      });

      it('rejects a nested begin with one text, and leaves the open transaction usable', () => {
        const engine = fresh();
        engine.begin();
        engine.set('a', '1', SetFlags.None, 0, As.String);
        expect(() => engine.begin()).toThrow(TX_NESTED);
        expect(engine.inTransaction).toBe(true);
        engine.rollback();
        expect(engine.exists(['a'])).toBe(0);
        engine.close();
      });

      it('rejects commit and rollback without a transaction, changing nothing', () => {
        const engine = fresh();
        engine.set('a', '1', SetFlags.None, 0, As.String);
        expect(() => engine.commit()).toThrow(txNotOpen('commit'));
        expect(() => engine.rollback()).toThrow(txNotOpen('rollback'));
        expect(engine.get('a', As.String)).toBe('1');
        engine.close();
      });
    });

    describe('effects', () => {
      it('wraps a transaction in MULTI/EXEC, drops a rolled-back one, writes nothing for an empty one', () => {
        const engine = fresh();
        engine.recordEffects = true;
        engine.begin();
        engine.set('a', '1', SetFlags.None, 0, As.String);
        engine.commit();
        engine.begin();
        engine.set('b', '2', SetFlags.None, 0, As.String);
        engine.rollback();
        engine.begin();
        engine.get('a', As.String);
        engine.commit();
        expect(text.decode(engine.drainEffects())).toBe(
          '*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n*1\r\n$4\r\nEXEC\r\n',
        );
        expect(engine.drainEffects().length).toBe(0);
        engine.close();
      });

      it('refuses to drain inside a transaction, with one text', () => {
        const engine = fresh();
        engine.recordEffects = true;
        engine.begin();
        engine.set('a', '1', SetFlags.None, 0, As.String);
        expect(() => engine.drainEffects()).toThrow(TX_DRAIN);
        engine.commit();
        expect(text.decode(engine.drainEffects())).toContain('EXEC');
        engine.close();
      });
    });

    describe('ordered walks', () => {
      it('resumes after the last key examined, visiting every key once in byte order', () => {
        const engine = fresh();
        const names = Array.from({ length: 200 }, (_, i) => `k:${String(i).padStart(3, '0')}`);
        for (const key of [...names].reverse()) engine.set(key, 'v', SetFlags.None, 0, As.String);
        const seen: string[] = [];
        let from: Uint8Array | null = null;
        for (let steps = 0; steps < 100; steps++) {
          const batch = engine.scanKeys({ from, inclusive: false, limit: 7, end: null, prefix: null, match: null, type: null });
          seen.push(...batch.keys.map(keyText));
          if (batch.last === null) break;
          from = batch.last;
        }
        expect(seen).toEqual(names);
        engine.close();
      });

      it('applies prefix, end and match without returning keys past the bounds', () => {
        const engine = fresh();
        for (const key of ['a1', 'a2', 'b1', 'b2', 'b3', 'c1']) engine.set(key, 'v', SetFlags.None, 0, As.String);
        const enc = new TextEncoder();
        const byPrefix = engine.scanKeys({ from: null, inclusive: true, limit: 100, end: null, prefix: enc.encode('b'), match: null, type: null });
        expect(byPrefix.keys.map(keyText)).toEqual(['b1', 'b2', 'b3']);
        const byEnd = engine.scanKeys({ from: enc.encode('a2'), inclusive: true, limit: 100, end: enc.encode('b2'), prefix: null, match: null, type: null });
        expect(byEnd.keys.map(keyText)).toEqual(['a2', 'b1']);
        const byMatch = engine.scanKeys({ from: null, inclusive: true, limit: 100, end: null, prefix: null, match: enc.encode('*3'), type: null });
        expect(byMatch.keys.map(keyText)).toEqual(['b3']);
        engine.close();
      });
    });

    describe('memory and close', () => {
      it('reports memory that grows with the data and is released by FLUSHALL', () => {
        const engine = fresh();
        const empty = engine.memory();
        for (let i = 0; i < 2000; i++) engine.set(`key:${i}`, 'v'.repeat(100), SetFlags.None, 0, As.String);
        const full = engine.memory();
        expect(full.used).toBeGreaterThan(empty.used + 2000 * 100);
        expect(full.reserved).toBeGreaterThanOrEqual(full.used);
        expect(full.peak).toBeGreaterThanOrEqual(full.used);
        engine.flushall();
        expect(engine.memory().used).toBeLessThan(full.used - 2000 * 100);
        engine.close();
      });

      it('makes every later call fail with one text once closed, open transaction included', () => {
        const engine = fresh();
        engine.set('a', '1', SetFlags.None, 0, As.String);
        engine.begin();
        engine.close();
        expect(() => engine.get('a', As.String)).toThrow(ENGINE_CLOSED);
        expect(() => engine.set('a', '2', SetFlags.None, 0, As.String)).toThrow(ENGINE_CLOSED);
        expect(() => engine.begin()).toThrow(ENGINE_CLOSED);
        expect(() => engine.dbsize()).toThrow(ENGINE_CLOSED);
      });
    });
  });
}
