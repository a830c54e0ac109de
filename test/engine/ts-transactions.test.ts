/**
 * Transactions in the pure-TS engine: begin/commit/rollback over the undo
 * journal (src/engine/ts/journal.ts) and the MULTI/EXEC unit of the effects
 * stream.
 *
 * The property tests drive random command sequences through the command
 * table. The state they compare is a canonical dump read at `now = 0`, when
 * no key counts as expired: every key in the maps (expired-but-present ones
 * included), its type, value bytes and expireAt, plus DBSIZE. Reading at
 * time 0 never deletes anything, so dumping inside a transaction journals
 * nothing.
 */
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { lookupCommand, type Reply } from '../../src/engine/commands.js';
import { As, SetFlags, type Engine, type KeyBatch } from '../../src/engine/engine.js';
import { decodeCommandStrings } from '../../src/engine/resp.js';
import { ScanCursors } from '../../src/engine/scan-cursors.js';
import { Stats } from '../../src/engine/stats.js';
import { TsEngine } from '../../src/engine/ts/index.js';

const NOW = 1_700_000_000_000;
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

// --- helpers -------------------------------------------------------------------

interface DumpEntry {
  key: string;
  type: string;
  value: string | null;
  expireAt: number;
}

interface Dump {
  entries: DumpEntry[];
  dbsize: number;
}

/** Every key in the engine's maps, with type, value bytes (latin1) and expireAt; see the module comment. */
function dump(engine: Engine): Dump {
  const now = engine.now;
  engine.now = 0;
  try {
    const entries: DumpEntry[] = [];
    let from: Uint8Array | null = null;
    for (;;) {
      const batch: KeyBatch = engine.scanKeys({ from, inclusive: false, limit: 7, end: null, prefix: null, match: null, type: null });
      for (const key of batch.keys) {
        const type = engine.type(key);
        const value = type === 'string' ? latin1(engine.get(key, As.Bytes) as Uint8Array) : null;
        entries.push({ key: latin1(key), type, value, expireAt: engine.expireTime(key) });
      }
      if (batch.last === null) break;
      from = batch.last;
    }
    return { entries, dbsize: engine.dbsize() };
  } finally {
    engine.now = now;
  }
}

/** A command as the generators make it: a name, its arguments, and how far the clock moves first. */
interface Call {
  name: string;
  args: string[];
  advance: number;
}

/** Not a command: the host's active-expiry step, `engine.activeExpire(budget)`. */
const ACTIVE_EXPIRE = 'active-expire';

/** Runs one call through the command table; a Redis error is a reply like any other. */
function run(engine: Engine, cursors: ScanCursors, call: Call): Reply | { error: string } {
  if (call.name === ACTIVE_EXPIRE) return engine.activeExpire(Number(call.args[0]));
  const command = lookupCommand(call.name);
  if (command === undefined) throw new Error(`no such command in the table: ${call.name}`);
  try {
    return command.run({ engine, cursors, stats: new Stats(0) }, call.args, As.String);
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * Runs calls, moving the clock before each unless `frozen` (inside a
 * transaction the host freezes it).
 */
function runAll(engine: Engine, cursors: ScanCursors, calls: readonly Call[], frozen = engine.inTransaction): (Reply | { error: string })[] {
  return calls.map((call) => {
    if (!frozen) engine.now += call.advance;
    return run(engine, cursors, call);
  });
}

/** Replays an effects stream into `engine`, MULTI/EXEC as begin/commit. */
function replay(engine: Engine, effects: Uint8Array): void {
  const cursors = new ScanCursors();
  for (const [name, ...args] of decodeCommandStrings(effects)) {
    if (name === 'MULTI') engine.begin();
    else if (name === 'EXEC') engine.commit();
    else {
      const command = lookupCommand(name);
      if (command === undefined) throw new Error(`effect not in the command table: ${name}`);
      command.run({ engine, cursors, stats: new Stats(0) }, args.map((arg) => Uint8Array.from(arg, (c) => c.charCodeAt(0))), As.Bytes);
    }
  }
}

function freshEngine(recordEffects: boolean): TsEngine {
  const engine = new TsEngine();
  engine.now = NOW;
  engine.recordEffects = recordEffects;
  return engine;
}

// --- generators ------------------------------------------------------------------

/** A few keys, so commands collide; one is not ASCII and one is empty. */
const key = fc.constantFrom('k0', 'k1', 'k2', 'k3', 'n', '\u00e9t\u00e9', '');
const value = fc.oneof(fc.constantFrom('', 'v', 'abc', '0', '10', '-3', '1.5', '9223372036854775807'), fc.integer({ min: -100, max: 100 }).map(String));
const ms = fc.integer({ min: 1, max: 2_000 }).map(String);
const expireFlag = fc.constantFrom<string[]>([], ['NX'], ['XX'], ['GT'], ['LT']);

const flushall = fc.constant<Call>({ name: 'flushall', args: [], advance: 0 });

const call = fc.tuple(
  fc.oneof(
    fc.tuple(key, value, fc.constantFrom<string[]>([], ['NX'], ['XX'], ['GET'], ['KEEPTTL'], ['XX', 'GET'])).map(([k, v, o]) => ['set', k, v, ...o]),
    fc.tuple(key, value, ms).map(([k, v, t]) => ['set', k, v, 'PX', t]),
    fc.tuple(key, value, fc.integer({ min: -500, max: 2_000 })).map(([k, v, t]) => ['set', k, v, 'PXAT', String(NOW + t)]),
    fc.tuple(key, value).map(([k, v]) => ['setnx', k, v]),
    fc.tuple(key, value).map(([k, v]) => ['getset', k, v]),
    fc.tuple(key, ms, value).map(([k, t, v]) => ['psetex', k, t, v]),
    key.map((k) => ['get', k]),
    key.map((k) => ['getdel', k]),
    fc.tuple(key, fc.constantFrom<string[]>([], ['PERSIST'], ['PX', '300'], ['PXAT', String(NOW - 1)])).map(([k, o]) => ['getex', k, ...o]),
    fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 3 }).map((pairs) => ['mset', ...pairs.flat()]),
    fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 2 }).map((pairs) => ['msetnx', ...pairs.flat()]),
    fc.array(key, { minLength: 1, maxLength: 3 }).map((keys) => ['mget', ...keys]),
    fc.tuple(key, value).map(([k, v]) => ['append', k, v]),
    fc.tuple(key, fc.integer({ min: 0, max: 6 }), value).map(([k, o, v]) => ['setrange', k, String(o), v]),
    key.map((k) => ['incr', k]),
    key.map((k) => ['decr', k]),
    fc.tuple(key, fc.integer({ min: -50, max: 50 })).map(([k, d]) => ['incrby', k, String(d)]),
    fc.tuple(key, fc.constantFrom('0.5', '-2', '1e3')).map(([k, d]) => ['incrbyfloat', k, d]),
    fc.array(key, { minLength: 1, maxLength: 3 }).map((keys) => ['del', ...keys]),
    fc.array(key, { minLength: 1, maxLength: 3 }).map((keys) => ['exists', ...keys]),
    key.map((k) => ['type', k]),
    fc.tuple(key, key).map(([a, b]) => ['rename', a, b]),
    fc.tuple(key, key).map(([a, b]) => ['renamenx', a, b]),
    fc.tuple(key, key, fc.boolean()).map(([a, b, r]) => (r ? ['copy', a, b, 'REPLACE'] : ['copy', a, b])),
    fc.tuple(key, ms, expireFlag).map(([k, t, f]) => ['pexpire', k, t, ...f]),
    fc.tuple(key, fc.integer({ min: -500, max: 2_000 }), expireFlag).map(([k, t, f]) => ['pexpireat', k, String(NOW + t), ...f]),
    key.map((k) => ['persist', k]),
    key.map((k) => ['pttl', k]),
    fc.constantFrom(['keys', '*'], ['keys', 'k*'], ['scan', '0', 'COUNT', '2'], ['dbsize']),
    fc.integer({ min: 1, max: 40 }).map((budget) => [ACTIVE_EXPIRE, String(budget)]),
  ),
  fc.integer({ min: 0, max: 300 }),
).map(([[name, ...args], advance]): Call => ({ name, args, advance }));

/** Sequences of calls; FLUSHALL, which empties everything, comes up about once in 40. */
const calls = (max: number) => fc.array(fc.oneof({ arbitrary: call, weight: 39 }, { arbitrary: flushall, weight: 1 }), { maxLength: max });

/** Calls whose replies and effects depend only on the data (not on active expiry's cursor, nor SCAN's numbers). */
const dataOnly = (list: readonly Call[]) => list.filter((c) => c.name !== ACTIVE_EXPIRE && c.name !== 'scan');

// --- tests -----------------------------------------------------------------------

let engine: TsEngine;
let cursors: ScanCursors;

beforeEach(() => {
  engine = freshEngine(true);
  cursors = new ScanCursors();
});

function effects(): string[][] {
  return decodeCommandStrings(engine.drainEffects());
}

describe('TsEngine transactions: the contract', () => {
  it('reports whether a transaction is open', () => {
    expect(engine.inTransaction).toBe(false);
    engine.begin();
    expect(engine.inTransaction).toBe(true);
    engine.commit();
    expect(engine.inTransaction).toBe(false);
    engine.begin();
    engine.rollback();
    expect(engine.inTransaction).toBe(false);
  });

  it('lets a transaction read its own writes', () => {
    engine.set('keep', 'old', SetFlags.None, 0, As.String);
    expect(run(engine, cursors, { name: 'keys', args: ['*'], advance: 0 })).toEqual(['keep']);
    engine.begin();
    expect(run(engine, cursors, { name: 'set', args: ['b', 'x'], advance: 0 })).toBe('OK');
    expect(run(engine, cursors, { name: 'get', args: ['b'], advance: 0 })).toBe('x');
    expect(run(engine, cursors, { name: 'incr', args: ['n'], advance: 0 })).toBe(1);
    expect(run(engine, cursors, { name: 'incrby', args: ['n', '41'], advance: 0 })).toBe(42);
    expect(run(engine, cursors, { name: 'append', args: ['keep', '!'], advance: 0 })).toBe(4);
    expect(run(engine, cursors, { name: 'pexpire', args: ['b', '500'], advance: 0 })).toBe(1);
    expect(run(engine, cursors, { name: 'pttl', args: ['b'], advance: 0 })).toBe(500);
    expect(run(engine, cursors, { name: 'rename', args: ['b', 'a'], advance: 0 })).toBe('OK');
    expect(run(engine, cursors, { name: 'keys', args: ['*'], advance: 0 })).toEqual(['a', 'keep', 'n']);
    expect(run(engine, cursors, { name: 'dbsize', args: [], advance: 0 })).toBe(3);
    expect(run(engine, cursors, { name: 'del', args: ['keep'], advance: 0 })).toBe(1);
    expect(run(engine, cursors, { name: 'exists', args: ['keep', 'a'], advance: 0 })).toBe(1);
    engine.rollback();
    expect(run(engine, cursors, { name: 'keys', args: ['*'], advance: 0 })).toEqual(['keep']);
    expect(engine.get('keep', As.String)).toBe('old');
    expect(engine.dbsize()).toBe(1);
  });

  it('wraps committed effects in MULTI ... EXEC, after the effects recorded before begin()', () => {
    engine.set('before', '1', SetFlags.None, 0, As.String);
    engine.begin();
    engine.set('a', '1', SetFlags.None, 0, As.String);
    engine.incrby('a', 2n);
    engine.commit();
    expect(effects()).toEqual([
      ['SET', 'before', '1'],
      ['MULTI'],
      ['SET', 'a', '1'],
      ['SET', 'a', '3', 'KEEPTTL'],
      ['EXEC'],
    ]);
  });

  it('leaves no trace of a committed transaction that changed nothing', () => {
    engine.set('a', '1', SetFlags.None, 0, As.String);
    engine.begin();
    engine.get('a', As.String);
    engine.set('a', '2', SetFlags.NX, 0, As.String);
    engine.persist('a');
    engine.commit();
    expect(effects()).toEqual([['SET', 'a', '1']]);
  });

  it('drops the effects of a rolled-back transaction and keeps the earlier ones', () => {
    engine.set('before', '1', SetFlags.None, 0, As.String);
    engine.begin();
    engine.set('a', '1', SetFlags.None, 0, As.String);
    engine.del(['before']);
    engine.rollback();
    engine.set('after', '1', SetFlags.None, 0, As.String);
    expect(effects()).toEqual([
      ['SET', 'before', '1'],
      ['SET', 'after', '1'],
    ]);
  });

  it('wraps the unit even when recording was switched on inside the transaction', () => {
    engine.recordEffects = false;
    engine.begin();
    engine.set('a', '1', SetFlags.None, 0, As.String);
    engine.recordEffects = true;
    engine.set('b', '1', SetFlags.None, 0, As.String);
    engine.commit();
    expect(effects()).toEqual([['MULTI'], ['SET', 'b', '1'], ['EXEC']]);
  });

  it('records nothing while recording is off', () => {
    engine.recordEffects = false;
    engine.begin();
    engine.set('a', '1', SetFlags.None, 0, As.String);
    engine.commit();
    expect(engine.drainEffects().length).toBe(0);
    expect(engine.get('a', As.String)).toBe('1');
  });

  it('refuses to drain effects inside a transaction', () => {
    engine.begin();
    expect(() => engine.drainEffects()).toThrow('flashkv: effects cannot be drained inside a transaction');
    engine.commit();
    expect(engine.drainEffects().length).toBe(0);
  });
});

describe('TsEngine transactions: rollback restores exactly', () => {
  it('brings back a key that lazy expiry deleted inside the transaction, still expired', () => {
    engine.set('ttl', 'v', SetFlags.Expire, NOW + 100, As.String);
    engine.set('live', 'v', SetFlags.None, 0, As.String);
    engine.now = NOW + 101; // 'ttl' is past due but still in the maps
    engine.drainEffects();
    const before = dump(engine);
    expect(before.dbsize).toBe(2);
    engine.begin();
    expect(engine.get('ttl', As.String)).toBeNull();
    expect(engine.dbsize()).toBe(1);
    engine.set('ttl', 'new', SetFlags.None, 0, As.String);
    engine.rollback();
    expect(dump(engine)).toEqual(before);
    expect(engine.drainEffects().length).toBe(0);
    // Outside the transaction it expires as it would have.
    expect(engine.get('ttl', As.String)).toBeNull();
    expect(effects()).toEqual([['DEL', 'ttl']]);
  });

  it('undoes FLUSHALL: values, expiry, order view and DBSIZE', () => {
    for (let i = 0; i < 50; i++) engine.set(`k${i}`, `v${i}`, i % 3 === 0 ? SetFlags.Expire : SetFlags.None, NOW + 1_000 + i, As.String);
    const sorted = run(engine, cursors, { name: 'keys', args: ['*'], advance: 0 });
    const before = dump(engine);
    engine.begin();
    engine.set('k7', 'changed', SetFlags.None, 0, As.String);
    engine.flushall();
    expect(engine.dbsize()).toBe(0);
    engine.set('new', '1', SetFlags.None, 0, As.String);
    expect(run(engine, cursors, { name: 'keys', args: ['*'], advance: 0 })).toEqual(['new']);
    engine.rollback();
    expect(dump(engine)).toEqual(before);
    expect(run(engine, cursors, { name: 'keys', args: ['*'], advance: 0 })).toEqual(sorted);
  });

  it('keeps the order view right when keys come and go inside the rolled-back transaction', () => {
    for (const k of ['b', 'd', 'f']) engine.set(k, '1', SetFlags.None, 0, As.String);
    expect(run(engine, cursors, { name: 'keys', args: ['*'], advance: 0 })).toEqual(['b', 'd', 'f']);
    engine.begin();
    engine.del(['d']);
    engine.set('a', '1', SetFlags.None, 0, As.String);
    engine.rename('f', 'e');
    expect(run(engine, cursors, { name: 'keys', args: ['*'], advance: 0 })).toEqual(['a', 'b', 'e']);
    engine.rollback();
    expect(run(engine, cursors, { name: 'keys', args: ['*'], advance: 0 })).toEqual(['b', 'd', 'f']);
    engine.set('c', '1', SetFlags.None, 0, As.String);
    expect(run(engine, cursors, { name: 'keys', args: ['*'], advance: 0 })).toEqual(['b', 'c', 'd', 'f']);
  });

  it('leaves active expiry able to reclaim every due key after a rollback', () => {
    for (let i = 0; i < 100; i++) engine.set(`t${i}`, 'v', SetFlags.Expire, NOW + 10 + (i % 10), As.String);
    engine.now = NOW + 5;
    expect(engine.activeExpire(30)).toBe(0); // the cursor now sits mid-way
    engine.begin();
    engine.del(['t40', 't41']);
    engine.persist('t42');
    engine.set('t43', 'v', SetFlags.Expire, NOW + 1_000_000, As.String);
    engine.flushall();
    engine.rollback();
    engine.now = NOW + 100;
    let reclaimed = 0;
    for (let calls = 0; calls < 10 && engine.dbsize() > 0; calls++) reclaimed += engine.activeExpire(25);
    expect(reclaimed).toBe(100);
    expect(engine.dbsize()).toBe(0);
  });
});

describe('TsEngine transactions: random command sequences', () => {
  it('rollback restores the dump taken at begin(), and the engine behaves as if the transaction never ran', () => {
    fc.assert(
      fc.property(calls(25), calls(25), calls(15), (setup, body, after) => {
        const subject = freshEngine(true);
        const twin = freshEngine(true);
        const subjectCursors = new ScanCursors();
        const twinCursors = new ScanCursors();
        runAll(subject, subjectCursors, setup);
        runAll(twin, twinCursors, setup);
        const before = dump(subject);
        subject.drainEffects();

        subject.begin();
        runAll(subject, subjectCursors, body);
        subject.rollback();
        expect(dump(subject)).toEqual(before);
        expect(subject.drainEffects().length).toBe(0);

        // Afterwards the two agree on every reply and on the data.
        const next = dataOnly(after);
        expect(runAll(subject, subjectCursors, next)).toEqual(runAll(twin, twinCursors, next));
        expect(dump(subject)).toEqual(dump(twin));
        // Active expiry reaches every due key on both (two calls cover a whole pass).
        subject.now = twin.now = NOW + 1_000_000;
        const subjectReclaimed = subject.activeExpire(1_000) + subject.activeExpire(1_000);
        const twinReclaimed = twin.activeExpire(1_000) + twin.activeExpire(1_000);
        expect(subjectReclaimed).toBe(twinReclaimed);
        expect(dump(subject)).toEqual(dump(twin));
      }),
      { numRuns: 300 },
    );
  });

  it('commit keeps the changes, and its effects, one MULTI/EXEC unit, replay to the same data', () => {
    fc.assert(
      fc.property(calls(25), calls(25).map(dataOnly), (setup, body) => {
        const subject = freshEngine(true);
        const cursorsOf = new ScanCursors();
        runAll(subject, cursorsOf, setup);
        const setupEffects = subject.drainEffects().slice(); // kept past later calls: a copy of the lent bytes

        // The same body outside a transaction, on a copy made by replay, is the reference.
        const reference = freshEngine(false);
        replay(reference, setupEffects);
        reference.now = subject.now;

        subject.begin();
        const replies = runAll(subject, cursorsOf, body);
        const inside = dump(subject);
        subject.commit();
        expect(dump(subject)).toEqual(inside);
        expect(runAll(reference, new ScanCursors(), body, true)).toEqual(replies);
        expect(dump(reference)).toEqual(inside);

        const txEffects = subject.drainEffects().slice();
        const commands = decodeCommandStrings(txEffects);
        if (commands.length > 0) {
          expect(commands[0]).toEqual(['MULTI']);
          expect(commands.at(-1)).toEqual(['EXEC']);
          const names = commands.slice(1, -1).map(([name]) => name);
          expect(names.length).toBeGreaterThan(0);
          expect(names).not.toContain('MULTI');
          expect(names).not.toContain('EXEC');
        }

        const replayed = freshEngine(false);
        replay(replayed, setupEffects);
        replay(replayed, txEffects);
        expect(replayed.inTransaction).toBe(false);
        expect(dump(replayed)).toEqual(dump(subject));
      }),
      { numRuns: 300 },
    );
  });
});
