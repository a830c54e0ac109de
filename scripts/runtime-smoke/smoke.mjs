/**
 * The runtime smoke check: a few commands on both engines, from the built
 * package, in whatever runtime imports this module (Deno, Bun, a browser).
 * test/runtimes/ runs it in each and compares the result with one expected
 * object, so every runtime must give exactly the same answers.
 *
 * It needs nothing but the ES module (no fs, no process): the Wasm binary is
 * embedded in dist/. Each step is caught on its own, so a failure names the
 * step and the engine rather than ending the whole check.
 */

/** Milliseconds to wait for a key set with PX to expire. */
const PX_TTL = 30;
const PX_WAIT = 120;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** What runs this module: 'deno', 'bun', 'browser' or 'node'. */
export function runtimeName() {
  if (typeof globalThis.Deno !== 'undefined') return 'deno';
  if (typeof globalThis.Bun !== 'undefined') return 'bun';
  if (typeof globalThis.window !== 'undefined' && typeof globalThis.document !== 'undefined') return 'browser';
  return 'node';
}

/** Runs `step`, giving its value or `{ error }` with the message. */
async function attempt(step) {
  try {
    return await step();
  } catch (error) {
    return { error: String(error && error.stack ? error.stack : error) };
  }
}

/** The checks on one engine. `flashkv` is the module dist/index.js. */
async function checkEngine(flashkv, engine) {
  const db = flashkv.open({ engine });
  try {
    const result = { engine: db.engine };
    result.set = await attempt(() => db.set('greeting', 'hello'));
    result.get = await attempt(() => db.get('greeting'));
    result.getBuffer = await attempt(() => Array.from(db.getBuffer('greeting')));
    // callBuffer tells a status reply (a string) from a bulk one (bytes).
    result.callBufferStatus = await attempt(() => db.callBuffer('SET', 'ok', 'OK'));
    result.callBufferBulkIsBytes = await attempt(() => db.callBuffer('GET', 'ok') instanceof Uint8Array);
    result.incr = await attempt(() => [db.incr('counter'), db.incr('counter'), db.incrby('counter', 10), db.decr('counter')]);
    result.incrPast2e53 = await attempt(() => {
      db.set('big', '9223372036854775806');
      const value = db.incr('big');
      return `${typeof value}:${value}`;
    });
    result.pxatInThePast = await attempt(() => {
      db.set('stale', 'v', 'PXAT', Date.now() - 1000);
      return db.get('stale');
    });
    result.pxExpires = await attempt(async () => {
      db.set('brief', 'v', 'PX', PX_TTL);
      const before = db.get('brief');
      await sleep(PX_WAIT);
      return [before, db.get('brief'), db.exists('brief')];
    });
    result.scanPrefix = await attempt(() => {
      db.mset('user:2', 'b', 'user:10', 'c', 'user:1', 'a', 'usex', 'x', 'other', 'y');
      return [...db.scanPrefix('user:')];
    });
    result.dbsize = await attempt(() => db.dbsize());
    return result;
  } finally {
    db.close();
  }
}

/** smoke: the checks on both engines, as a JSON-ready object. */
export async function smoke(flashkv) {
  const engines = {};
  for (const engine of ['wasm', 'ts']) {
    engines[engine] = await attempt(() => checkEngine(flashkv, engine));
  }
  return { runtime: runtimeName(), engines };
}
