/**
 * The suite factory: every behaviour suite runs once per engine.
 *
 * {@link describeEngines} wraps a suite body in `describe.each(ENGINES)`, opens
 * one database per engine in `beforeAll` (asserting that the engine asked for
 * is the one that is live, so a fallback cannot pass for both), empties it
 * before each test and closes it after the suite. Tests that need their own
 * database (other options, fake timers) call `suite.open()`, and whatever they
 * open is closed after the test.
 *
 * flashkv is imported lazily, inside `beforeAll`: a suite whose engine fails
 * to load fails its tests with the loader's error, while the oracle half of the
 * same file (see ./cases.ts) still runs.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect } from 'vitest';
import type { DB, OpenOptions } from '../../src/db.js';

/** The engines every behaviour suite runs against. */
export const ENGINES = ['wasm', 'ts'] as const;
export type EngineName = (typeof ENGINES)[number];

/** What a suite body gets: its engine's database and a way to open more. */
export interface EngineSuite {
  /** The engine this run of the suite is for. */
  readonly engine: EngineName;
  /** The suite's database, emptied before each test. */
  readonly db: DB;
  /** Opens another database on this engine; it is closed after the current test. */
  open(options?: Omit<OpenOptions, 'engine'>): DB;
}

let dbModule: typeof import('../../src/db.js') | undefined;

/** flashkv's `open`, loaded on first use. */
export async function loadOpen(): Promise<typeof import('../../src/db.js').open> {
  dbModule ??= await import('../../src/db.js');
  return dbModule.open;
}

/** Opens a database on `engine` and checks it is that engine. Call after {@link loadOpen} resolved. */
export function openEngine(engine: EngineName, options: Omit<OpenOptions, 'engine'> = {}): DB {
  if (dbModule === undefined) throw new Error('flashkv is not loaded yet: await loadOpen() in a beforeAll first');
  const db = dbModule.open({ ...options, engine });
  expect(db.engine).toBe(engine);
  return db;
}

/** describeEngines: runs `body` once per engine, under "<title> (<engine> engine)". */
export function describeEngines(title: string, body: (suite: EngineSuite) => void): void {
  describe.each(ENGINES)(`${title} (%s engine)`, (engine) => {
    let db: DB | undefined;
    const opened: DB[] = [];
    beforeAll(async () => {
      await loadOpen();
      db = openEngine(engine);
    });
    beforeEach(() => {
      db?.flushall();
    });
    afterEach(() => {
      for (const extra of opened.splice(0)) extra.close();
    });
    afterAll(() => {
      db?.close();
    });
    body({
      engine,
      get db(): DB {
        if (db === undefined) throw new Error(`the ${engine} engine did not load (see the beforeAll error)`);
        return db;
      },
      open(options = {}) {
        const extra = openEngine(engine, options);
        opened.push(extra);
        return extra;
      },
    });
  });
}
