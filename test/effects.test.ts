/**
 * The effects stream: every change an engine makes, as RESP commands that
 * replay to the same dataset. Random command sequences (on a clock the test
 * moves, so keys expire lazily and actively mid-sequence) run through the
 * command table on one engine with recordEffects on; after each step its
 * effects are decoded (with the tests' own RESP decoder) and replayed, at the
 * same time, into a fresh engine of each kind, as a replica would. At the end
 * the canonical dumps (support/dump.ts) must be identical.
 *
 * Also checked on every step: the stream holds only write commands of the
 * table, and never a form whose result depends on when it is replayed
 * (relative expiry, INCRBYFLOAT), as the Engine contract promises; and a
 * command records only the effect forms its row declares (or DEL, for an
 * expired key it found).
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { arityAccepts, lookupCommand } from '../src/engine/commands.js';
import { As, type Engine } from '../src/engine/engine.js';
import { ScanCursors } from '../src/engine/scan-cursors.js';
import { Stats } from '../src/engine/stats.js';
import { TsEngine } from '../src/engine/ts/index.js';
import { isReplyError } from '../src/errors/reply-error.js';
import { CONTROLLED_CLOCK, CONTROLLED_START, collectionCommandArb, collectionWriteArb, commandArb, type Command } from './support/arbitraries.js';
import { debugWasmEngine } from './support/debug-core.js';
import { dump } from './support/dump.js';
import { ENGINES, type EngineName } from './support/engines.js';
import { decodeAll } from './support/resp.js';

const NUM_RUNS = Number(process.env.FLASHKV_EFFECTS_RUNS ?? 60);

/** One step of a scenario: a command, a transaction, the clock moving on, or an active-expiry pass. */
type Step = { cmd: Command } | { tx: Command[]; commit: boolean } | { advance: number } | { activeExpire: number };

/**
 * Scenarios of string, keyspace, hash and set commands. `collections` picks
 * the collection commands: with SPOP's random draws for the replay property
 * (which holds whatever is drawn), without them for comparing the two
 * engines' streams (their draws differ, as their tables do).
 */
function scenarioArbOf(collections: fc.Arbitrary<Command>): fc.Arbitrary<Step[]> {
  const command = fc.oneof({ arbitrary: commandArb(CONTROLLED_CLOCK), weight: 3 }, { arbitrary: collections, weight: 2 });
  const stepArb: fc.Arbitrary<Step> = fc.oneof(
    { arbitrary: command.map((cmd) => ({ cmd })), weight: 12 },
    { arbitrary: fc.record({ tx: fc.array(command, { maxLength: 6 }), commit: fc.boolean() }), weight: 2 },
    { arbitrary: fc.constantFrom(1, 3, 10, 250, 1000, 2500).map((advance) => ({ advance })), weight: 2 },
    { arbitrary: fc.constantFrom(1, 4, 64).map((activeExpire) => ({ activeExpire })), weight: 1 },
  );
  return fc.array(stepArb, { minLength: 1, maxLength: 50 });
}
const scenarioArb = scenarioArbOf(collectionWriteArb());
const comparableScenarioArb = scenarioArbOf(collectionCommandArb());

const opened: Engine[] = [];

/** A fresh engine of `kind`; the wasm one runs its debug build, which asserts the core's invariants. */
function makeEngine(kind: EngineName): Engine {
  const engine = kind === 'wasm' ? debugWasmEngine() : new TsEngine();
  expect(engine.kind).toBe(kind);
  opened.push(engine);
  return engine;
}

afterEach(() => {
  for (const engine of opened.splice(0)) engine.close();
});

/** Runs a command through the table as db.call does; an error reply is returned, not thrown. */
function runCommand(engine: Engine, cursors: ScanCursors, args: readonly (string | Uint8Array)[]): unknown {
  const name = typeof args[0] === 'string' ? args[0] : Buffer.from(args[0]).toString('latin1');
  const command = lookupCommand(name);
  if (command === undefined) throw new Error(`not in the command table: ${name}`);
  if (!arityAccepts(command, args.length)) throw new Error(`wrong arity: ${name}`);
  try {
    return command.run({ engine, cursors, stats: new Stats(0) }, args.slice(1), As.String);
  } catch (error) {
    if (isReplyError(error)) return error;
    throw error;
  }
}

/** Forms whose meaning depends on the time they are replayed at, which the stream must never hold. */
const TIME_DEPENDENT = new Set(['EXPIRE', 'PEXPIRE', 'SETEX', 'PSETEX', 'GETEX', 'INCRBYFLOAT']);

/** Decodes one drained chunk and checks each effect is a replayable write command. */
function decodeEffects(bytes: Uint8Array): Uint8Array[][] {
  return decodeAll(bytes, 'bytes').map((reply) => {
    if (!Array.isArray(reply) || reply.length === 0 || !reply.every((arg) => arg instanceof Uint8Array)) {
      throw new Error(`an effect is not an array of bulk strings: ${JSON.stringify(reply)}`);
    }
    const args = reply as Uint8Array[];
    const name = Buffer.from(args[0]).toString('latin1').toUpperCase();
    if ((name === 'MULTI' || name === 'EXEC') && args.length === 1) return args;
    const command = lookupCommand(name);
    expect(command, `effect ${name} is in the command table`).toBeDefined();
    expect(command!.flags, `effect ${name} is a write command`).toContain('write');
    expect(TIME_DEPENDENT.has(name), `effect ${name} does not depend on replay time`).toBe(false);
    if (name === 'SET') {
      const options = args.slice(3).map((arg) => Buffer.from(arg).toString('latin1').toUpperCase());
      expect(options.includes('EX') || options.includes('PX'), `SET effect ${options.join(' ')} has no relative expiry`).toBe(false);
    }
    return args;
  });
}

/** An effect's form, as rows declare them: the command's name, and for SET its expiry option (PXAT, KEEPTTL). */
function effectForm(args: Uint8Array[]): string {
  const words = args.map((arg) => Buffer.from(arg).toString('latin1').toUpperCase());
  if (words[0] !== 'SET') return words[0];
  const option = words.slice(3).find((word) => word === 'PXAT' || word === 'KEEPTTL');
  return option === undefined ? 'SET' : `SET ${option}`;
}

/** Checks that a command recorded only the forms its row declares, or DEL for an expired key. */
function checkDeclaredForms(cmd: Command, effects: Uint8Array[][]): void {
  const name = typeof cmd[0] === 'string' ? cmd[0] : Buffer.from(cmd[0]).toString('latin1');
  const declared: readonly string[] = lookupCommand(name)!.effects;
  for (const effect of effects) {
    const form = effectForm(effect);
    expect(form === 'DEL' || declared.includes(form), `${name} recorded ${form}; its row declares ${declared.join(', ') || 'none'}`).toBe(true);
  }
}

/** Text of an effect for failure messages. */
function showEffect(args: Uint8Array[]): string {
  return args.map((arg) => Buffer.from(arg).toString('utf8')).join(' ');
}

/** Runs `commands` between begin() and commit() or rollback(), as db.update does. */
function runTransaction(engine: Engine, cursors: ScanCursors, commands: Command[], commit: boolean): void {
  engine.begin();
  for (const cmd of commands) runCommand(engine, cursors, cmd);
  if (commit) engine.commit();
  else engine.rollback();
}

/** A committed transaction's effects are one MULTI ... EXEC unit (or nothing); a rolled-back one's are nothing. */
function checkTransactionUnit(effects: Uint8Array[][], committed: boolean): void {
  const names = effects.map((args) => Buffer.from(args[0]).toString('latin1').toUpperCase());
  if (!committed || names.length === 0) {
    expect(names, committed ? 'an empty transaction records nothing' : 'a rolled-back transaction records nothing').toEqual([]);
    return;
  }
  expect(names[0]).toBe('MULTI');
  expect(names[names.length - 1]).toBe('EXEC');
  expect(names.length, 'MULTI/EXEC wraps at least one change').toBeGreaterThan(2);
  expect(names.slice(1, -1).filter((name) => name === 'MULTI' || name === 'EXEC')).toEqual([]);
}

/**
 * Runs `steps` on an `origin` engine, replaying each step's effects into
 * one replica per kind at the same time; returns the engines and the log.
 */
function runWithReplicas(originKind: EngineName, steps: Step[]): { origin: Engine; replicas: Engine[]; log: string[][] } {
  const origin = makeEngine(originKind);
  origin.recordEffects = true;
  const replicas = ENGINES.map(makeEngine);
  const cursors = new ScanCursors();
  const replicaCursors = new ScanCursors();
  const log: string[][] = [];
  let now = CONTROLLED_START;
  for (const step of steps) {
    if ('advance' in step) {
      now += step.advance;
      continue;
    }
    origin.now = now;
    if ('activeExpire' in step) origin.activeExpire(step.activeExpire);
    else if ('tx' in step) runTransaction(origin, cursors, step.tx, step.commit);
    else runCommand(origin, cursors, step.cmd);
    const effects = decodeEffects(origin.drainEffects());
    log.push(effects.map(showEffect));
    if ('tx' in step) checkTransactionUnit(effects, step.commit);
    if ('cmd' in step) checkDeclaredForms(step.cmd, effects);
    for (const replica of replicas) {
      replica.now = now;
      for (const effect of effects) {
        const word = Buffer.from(effect[0]).toString('latin1').toUpperCase();
        if (word === 'MULTI' && effect.length === 1) {
          replica.begin();
          continue;
        }
        if (word === 'EXEC' && effect.length === 1) {
          replica.commit();
          continue;
        }
        const reply = runCommand(replica, replicaCursors, effect);
        if (isReplyError(reply)) throw new Error(`replaying ${showEffect(effect)} on the ${replica.kind} engine failed: ${reply.message}`);
      }
    }
  }
  for (const engine of [origin, ...replicas]) engine.now = now;
  return { origin, replicas, log };
}

describe('effects', () => {
  for (const originKind of ENGINES) {
    it(`replaying the ${originKind} engine's effects rebuilds its dataset on both engines`, () => {
      fc.assert(
        fc.property(scenarioArb, (steps) => {
          const { origin, replicas } = runWithReplicas(originKind, steps);
          const expected = dump(origin);
          for (const replica of replicas) expect(dump(replica), `${originKind} effects replayed on ${replica.kind}`).toEqual(expected);
          for (const engine of opened.splice(0)) engine.close();
        }),
        { numRuns: NUM_RUNS },
      );
    });
  }

  it('both engines record the same effects for the same commands', () => {
    fc.assert(
      fc.property(comparableScenarioArb, (steps) => {
        const wasm = runWithReplicas('wasm', steps);
        const ts = runWithReplicas('ts', steps);
        steps.filter((step) => !('advance' in step)).forEach((step, i) => {
          const sort = 'activeExpire' in step ? (list: string[]) => [...list].sort() : (list: string[]) => list;
          expect(sort(ts.log[i]), `effects of step ${i + 1}: ${JSON.stringify(step)}`).toEqual(sort(wasm.log[i]));
        });
        expect(dump(ts.origin)).toEqual(dump(wasm.origin));
        for (const engine of opened.splice(0)) engine.close();
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('SET over an expired key records DEL first, with or without an expiry of its own (fast-check seed 776059816)', () => {
    for (const kind of ENGINES) {
      const engine = makeEngine(kind);
      const cursors = new ScanCursors();
      engine.recordEffects = true;
      engine.now = CONTROLLED_START;
      runCommand(engine, cursors, ['SET', 'b', 'x', 'PX', '100']);
      engine.drainEffects();
      engine.now = CONTROLLED_START + 200;
      runCommand(engine, cursors, ['SET', 'b', 'y', 'PX', '1000']);
      expect(decodeEffects(engine.drainEffects()).map(showEffect), kind).toEqual([
        'DEL b',
        `SET b y PXAT ${CONTROLLED_START + 1200}`,
      ]);
    }
  });

  it('relative expiry, INCRBYFLOAT and lazy expiry are recorded in replayable forms', () => {
    for (const kind of ENGINES) {
      const engine = makeEngine(kind);
      const cursors = new ScanCursors();
      engine.recordEffects = true;
      engine.now = CONTROLLED_START;
      runCommand(engine, cursors, ['SET', 'a', '1', 'EX', '10']);
      runCommand(engine, cursors, ['PEXPIRE', 'a', '500']);
      runCommand(engine, cursors, ['INCRBYFLOAT', 'a', '0.5']);
      runCommand(engine, cursors, ['GET', 'a']);
      const before = decodeEffects(engine.drainEffects()).map(showEffect);
      expect(before.join('\n'), kind).toContain(String(CONTROLLED_START + 500));
      engine.now = CONTROLLED_START + 501;
      expect(runCommand(engine, cursors, ['GET', 'a'])).toBeNull();
      expect(decodeEffects(engine.drainEffects()).map(showEffect), `${kind}: a lazily expired key becomes DEL`).toEqual(['DEL a']);
      expect(engine.drainEffects()).toHaveLength(0);
    }
  });

  it('expiry times beyond 2^53 are recorded with their exact digits', () => {
    for (const kind of ENGINES) {
      const engine = makeEngine(kind);
      const cursors = new ScanCursors();
      engine.recordEffects = true;
      engine.now = CONTROLLED_START;
      runCommand(engine, cursors, ['SET', 'a', '1', 'PXAT', '9223372036854775807']);
      runCommand(engine, cursors, ['SET', 'b', '2']);
      runCommand(engine, cursors, ['PEXPIREAT', 'b', '9007199254740993']);
      runCommand(engine, cursors, ['GETEX', 'a', 'EXAT', '9223372036854775']);
      expect(decodeEffects(engine.drainEffects()).map(showEffect), kind).toEqual([
        'SET a 1 PXAT 9223372036854775807',
        'SET b 2',
        'PEXPIREAT b 9007199254740993',
        'PEXPIREAT a 9223372036854775000',
      ]);
    }
  });

  it('a write over a key that expired records its DEL first, as any access to it does', () => {
    // The contract: "any access to a key whose expireAt <= now deletes it
    // first (and records a DEL effect)". A write is an access too.
    const missing: string[] = [];
    for (const kind of ENGINES) {
      for (const write of [['SET', 'a', 'new'], ['MSET', 'a', 'new'], ['APPEND', 'a', 'new'], ['INCR', 'a'], ['SETRANGE', 'a', '0', 'x'], ['RENAME', 'b', 'a'], ['COPY', 'b', 'a']]) {
        const engine = makeEngine(kind);
        const cursors = new ScanCursors();
        engine.now = CONTROLLED_START;
        runCommand(engine, cursors, ['SET', 'a', '1', 'PX', '10']);
        runCommand(engine, cursors, ['SET', 'b', '2']);
        engine.recordEffects = true;
        engine.now = CONTROLLED_START + 11;
        runCommand(engine, cursors, write);
        const effects = decodeEffects(engine.drainEffects()).map(showEffect);
        if (effects[0] !== 'DEL a') missing.push(`${kind}: ${write.join(' ')} -> ${JSON.stringify(effects)}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('SCAN records a DEL for each expired key it deletes (those that match), inside a transaction as part of its unit', () => {
    for (const kind of ENGINES) {
      const engine = makeEngine(kind);
      const cursors = new ScanCursors();
      engine.now = CONTROLLED_START;
      for (const key of ['a1', 'a2', 'b1', 'b2']) runCommand(engine, cursors, ['SET', key, '1', 'PX', '10']);
      runCommand(engine, cursors, ['SET', 'live', '2']);
      engine.recordEffects = true;
      engine.now = CONTROLLED_START + 11;
      expect(runCommand(engine, cursors, ['SCAN', '0', 'MATCH', 'a*', 'COUNT', '1'])).toEqual([expect.any(String), []]);
      expect(decodeEffects(engine.drainEffects()).map(showEffect), `${kind}: SCAN COUNT 1 passes one key`).toEqual(['DEL a1']);
      expect(runCommand(engine, cursors, ['SCAN', '0', 'MATCH', 'a*', 'COUNT', '100'])).toEqual(['0', []]);
      expect(decodeEffects(engine.drainEffects()).map(showEffect), kind).toEqual(['DEL a2']);
      runTransaction(engine, cursors, [['SCAN', '0', 'MATCH', 'b*', 'COUNT', '100']], false);
      expect(engine.drainEffects(), `${kind}: a rolled-back SCAN records nothing`).toHaveLength(0);
      expect(engine.dbsize(), `${kind}: and its deletions are undone`).toBe(3);
      runTransaction(engine, cursors, [['SCAN', '0', 'COUNT', '100']], true);
      expect(decodeEffects(engine.drainEffects()).map(showEffect), kind).toEqual(['MULTI', 'DEL b1', 'DEL b2', 'EXEC']);
      expect(engine.dbsize(), kind).toBe(1);
    }
  });

  it('nothing is recorded while recordEffects is off, or for reads and failed commands', () => {
    for (const kind of ENGINES) {
      const engine = makeEngine(kind);
      const cursors = new ScanCursors();
      engine.now = CONTROLLED_START;
      runCommand(engine, cursors, ['SET', 'a', '1']);
      expect(engine.drainEffects(), kind).toHaveLength(0);
      engine.recordEffects = true;
      runCommand(engine, cursors, ['GET', 'a']);
      runCommand(engine, cursors, ['EXISTS', 'a']);
      runCommand(engine, cursors, ['SET', 'a', '2', 'NX']);
      runCommand(engine, cursors, ['INCR', 'a']);
      runCommand(engine, cursors, ['SET', 'b', 'x']);
      runCommand(engine, cursors, ['INCR', 'b']);
      runCommand(engine, cursors, ['DEL', 'nope']);
      const effects = decodeEffects(engine.drainEffects()).map(showEffect);
      expect(effects, kind).toHaveLength(2);
      expect(effects[0]).toMatch(/^(INCRBY a 1|SET a 2( KEEPTTL)?|INCR a)$/i);
      expect(effects[1]).toBe('SET b x');
    }
  });
});
