/**
 * The Engine contract suite: what src/engine/engine.ts promises about the
 * Engine interface itself (transactions, effects units, keys and values as
 * bytes, time, ordered walks, memory figures, close), run against every
 * engine from one body so that the engines cannot drift apart. Command behaviour is tested through the
 * DB in the command suites; this suite talks to engines directly.
 */
import { describe, expect, it } from 'vitest';
import { As, ExpireFlags, SetFlags, type Engine } from '../../src/engine/engine.js';
import { decodeCommands } from '../../src/engine/resp.js';
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

    describe('keys and values are bytes', () => {
      const enc = new TextEncoder();
      const all = { from: null, inclusive: true, limit: 100, end: null, prefix: null, match: null, type: null };

      it('spells a lone surrogate as U+FFFD, as TextEncoder does, in keys and values', () => {
        const engine = fresh();
        engine.set('a\ud800', 'x\udc00', SetFlags.None, 0, As.String);
        expect(engine.get('a\ufffd', As.String)).toBe('x\ufffd');
        expect(engine.get(Uint8Array.of(0x61, 0xef, 0xbf, 0xbd), As.Bytes)).toEqual(Uint8Array.of(0x78, 0xef, 0xbf, 0xbd));
        expect(engine.strlen('a\udbff')).toBe(4);
        expect(engine.dbsize()).toBe(1);
        engine.close();
      });

      it('walks keys in UTF-8 byte order, bytes that are not UTF-8 among them', () => {
        const engine = fresh();
        // Byte order: 61 < C3 28 < C3 A9 < EE 80 80 < EF BF BF < F0 9F 98 80 < FF. In UTF-16
        // the surrogate pair of U+1F600 sorts below U+E000, and 0xFF alone is no text.
        const spellings = [Uint8Array.of(0xff), '\u{1f600}', enc.encode('\uffff'), '\ue000', enc.encode('é'), Uint8Array.of(0xc3, 0x28), 'a'];
        spellings.forEach((key, i) => engine.set(key, String(i), SetFlags.None, 0, As.String));
        const inByteOrder = spellings.map((key) => (typeof key === 'string' ? enc.encode(key) : key)).reverse();
        expect(engine.scanKeys(all).keys).toEqual(inByteOrder);
        const matched = engine.scanKeys({ ...all, match: Uint8Array.of(0xc3, 0x3f) });
        expect(matched.keys).toEqual([Uint8Array.of(0xc3, 0x28), enc.encode('é')]);
        expect(engine.get(Uint8Array.of(0xff), As.String)).toBe('0');
        engine.close();
      });

      it('keeps a value exactly: bytes that are not UTF-8, a byte-order mark, a U+FFFD it was given', () => {
        const engine = fresh();
        for (const value of [Uint8Array.of(0xc3), Uint8Array.of(0xef, 0xbb, 0xbf, 0x61), Uint8Array.of(0xef, 0xbf, 0xbd), Uint8Array.of(0xf0, 0x9f, 0x98)]) {
          engine.set('k', value, SetFlags.None, 0, As.String);
          expect(engine.get('k', As.Bytes)).toEqual(value);
          expect(engine.get('k', As.String)).toBe(new TextDecoder('utf-8', { ignoreBOM: true }).decode(value));
          expect(engine.strlen('k')).toBe(value.length);
        }
        engine.close();
      });

      it('counts and cuts bytes, not chars, and an edit may split a char or complete one', () => {
        const engine = fresh();
        engine.set('k', 'é€', SetFlags.None, 0, As.String);
        expect(engine.strlen('k')).toBe(5);
        expect(engine.getrange('k', 1, 2, As.Bytes)).toEqual(Uint8Array.of(0xa9, 0xe2));
        expect(engine.setrange('k', 1, '(')).toBe(5);
        expect(engine.get('k', As.Bytes)).toEqual(Uint8Array.of(0xc3, 0x28, 0xe2, 0x82, 0xac));
        expect(engine.setrange('k', 1, Uint8Array.of(0xa9))).toBe(5);
        expect(engine.get('k', As.String)).toBe('é€');
        engine.set('j', Uint8Array.of(0xc3), SetFlags.None, 0, As.String);
        expect(engine.append('j', Uint8Array.of(0xa9))).toBe(2);
        expect(engine.append('j', 'ß')).toBe(4);
        expect(engine.get('j', As.String)).toBe('éß');
        engine.close();
      });

      it('writes effects as the bytes, whatever the spelling', () => {
        const engine = fresh();
        engine.recordEffects = true;
        engine.set('é', Uint8Array.of(0xff), SetFlags.None, 0, As.String);
        engine.append(enc.encode('é'), 'ü');
        engine.mset(['a\ud800', 'b', Uint8Array.of(0x80), 'c']);
        expect(decodeCommands(engine.drainEffects())).toEqual([
          [enc.encode('SET'), enc.encode('é'), Uint8Array.of(0xff)],
          [enc.encode('APPEND'), enc.encode('é'), enc.encode('ü')],
          [enc.encode('MSET'), enc.encode('a\ufffd'), enc.encode('b'), Uint8Array.of(0x80), enc.encode('c')],
        ]);
        engine.close();
      });
    });

    describe('time', () => {
      it('reads the clock at most once per command, and keeps a written or pinned time until the next begin()', () => {
        const engine = fresh();
        let wall = engine.now;
        let reads = 0;
        engine.clock.source = () => {
          reads++;
          return wall;
        };
        engine.set('k', 'v', SetFlags.Expire, wall + 10, As.String);
        wall += 11;
        expect(engine.get('k', As.String)).toBe('v');
        expect(reads).toBe(0);
        engine.clock.begin();
        expect(engine.get('k', As.String)).toBeNull();
        expect(engine.expireTime('k')).toBe(-2);
        expect(reads).toBe(1);
        engine.clock.pin();
        expect(reads).toBe(2);
        wall += 1000;
        expect(engine.now).toBe(wall - 1000);
        expect(reads).toBe(2);
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
