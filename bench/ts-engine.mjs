// The TS engine's hot paths through the public API, before and after a
// change: insert into an empty DB, SET over an existing key, GET (string),
// getBuffer and INCR, in random key order with each key built per call, and
// a bare Map's get as the floor (with the key as built, and flattened
// first, see below). Keys and values are 16 bytes, made as
// bench/scenarios.mjs makes them: 'key:00' + (KEY_BASE + i), a fresh cons
// string each call. docs/ts-engine.md holds the figures.
//
// To compare two builds in one run, pass the other build's dist/index.js
// (copy dist/ away before changing anything; a copy outside the repo needs a
// node_modules link next to it for @assemblyscript/loader):
//   node bench/ts-engine.mjs /tmp/before/dist/index.js
// Each op then runs on both builds back to back, alternating which goes
// first between rounds. TS_N sets the key count (default 1M), TS_ROUNDS the
// rounds (default 3); the table shows the median over rounds of each round's
// median sample. An insert sample adds the next 1,000 keys to a DB that is
// loading all n, and a fresh DB starts when one is full (untimed), so the
// figure is an insert into a store of about n/2 keys, as in scenarios.mjs.
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { seededRandom, shuffledIndices } from './keys.mjs';
import { benchRounds, fixed, keyAt, printTable, sink } from './support.mjs';

const BATCH = 1000;
const KEY_BASE = 1_000_000_000;
const KEY_SOURCE = `'key:00' + (${KEY_BASE} + id)`;
const VALUE_SOURCE = `'val:00' + (${KEY_BASE} + id)`;

/** The ops a sample runs BATCH of, as the expression one iteration evaluates (`db`, `key`, `value` in scope). */
const OPS = {
  'SET overwrite': 'db.set(key, value)',
  'GET string': 'db.get(key)',
  getBuffer: 'db.getBuffer(key)',
  INCR: 'db.incr(key)',
};

/**
 * A sample function running BATCH iterations of `expression` over the next
 * ids of `order`. Each is compiled on its own (new Function), so no call site
 * is shared between builds or ops: a shared loop would go polymorphic and
 * slow whichever build ran second.
 */
function compileBatch(expression, target, order) {
  const make = new Function(
    'db', 'order', 'sink', 'BATCH',
    `let at = 0;
    return function sample() {
      const from = at;
      at = at + 2 * BATCH > order.length ? 0 : at + BATCH;
      for (let i = from; i < from + BATCH; i++) {
        const id = order[i];
        const key = ${KEY_SOURCE};
        const value = ${VALUE_SOURCE};
        sink.value = ${expression};
      }
    };`,
  );
  return make(target, order, sink, BATCH);
}

/** A sample inserting the next BATCH ids of `order` into `loading.db`, which the task's beforeEach keeps fresh. */
function compileInsert(loading, order) {
  const make = new Function(
    'loading', 'order', 'BATCH',
    `return function sample() {
      const db = loading.db;
      const from = loading.at;
      loading.at += BATCH;
      for (let i = from; i < from + BATCH; i++) {
        const id = order[i];
        db.set(${KEY_SOURCE}, ${VALUE_SOURCE});
      }
    };`,
  );
  return make(loading, order, BATCH);
}

/** Loads `db` with every id: the 16-byte values for the string ops, the ids as counters for INCR. */
function load(db, n, counters) {
  for (let id = 0; id < n; id++) db.set(keyAt(KEY_BASE + id), counters ? String(id) : `val:00${KEY_BASE + id}`);
  return db;
}


/** Runs the matrix and returns { 'op|build': ns per op }, medians over rounds. */
export async function benchTsEngine(beforePath = null, { n = 1_000_000, timeMs = 1000, rounds = 3 } = {}) {
  const builds = { after: await import('../dist/index.js') };
  if (beforePath !== null) builds.before = await import(pathToFileURL(beforePath).href);
  const order = shuffledIndices(n, seededRandom(0x9e3779b9));

  const tasks = {};
  for (const [label, build] of Object.entries(builds)) {
    const loading = { db: null, at: 0 };
    const startLoad = () => {
      if (loading.db !== null && loading.at + BATCH <= order.length) return;
      loading.db?.close();
      loading.db = build.open({ engine: 'ts', activeExpiry: false });
      loading.at = 0;
    };
    tasks[`insert|${label}`] = [compileInsert(loading, order), { beforeEach: startLoad }];
    const strings = load(build.open({ engine: 'ts', activeExpiry: false }), n, false);
    const counters = load(build.open({ engine: 'ts', activeExpiry: false }), n, true);
    for (const [op, expression] of Object.entries(OPS)) tasks[`${op}|${label}`] = [compileBatch(expression, op === 'INCR' ? counters : strings, order)];
  }
  // The floor's stored keys are flat (support.mjs keyAt), the best case for
  // a Map; its lookups build keys per call, as the DB's do. A key built by
  // `+` is a rope, which Map.get hashes and compares on a slow path; reading
  // a char first makes V8 flatten it, as the TS engine does, which gives the
  // second, lower floor.
  const map = new Map();
  for (let id = 0; id < n; id++) map.set(keyAt(KEY_BASE + id), `val:00${KEY_BASE + id}`);
  const floors = { 'Map get|floor': compileBatch('db.get(key)', map, order), 'Map get, flat key|floor': compileBatch('(key.charCodeAt(0), db.get(key))', map, order) };

  return benchRounds({ rounds, timeMs, batch: BATCH }, (bench, round) => {
    const labels = round % 2 === 0 ? Object.keys(builds) : Object.keys(builds).reverse();
    for (const op of ['insert', ...Object.keys(OPS)]) {
      for (const label of labels) bench.add(`${op}|${label}`, ...tasks[`${op}|${label}`]);
    }
    for (const [name, fn] of Object.entries(floors)) bench.add(name, fn);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const beforePath = process.argv[2] ?? null;
  const n = Number(process.env.TS_N ?? 1_000_000);
  console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model}), load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const ns = await benchTsEngine(beforePath, { n, rounds: Number(process.env.TS_ROUNDS ?? 3) });
  const floor = ns['Map get|floor'];
  const rows = ['insert', ...Object.keys(OPS)].map((op) => {
    const now = ns[`${op}|after`];
    const then = ns[`${op}|before`];
    return [op, then === undefined ? '-' : fixed(then), fixed(now), then === undefined ? '-' : fixed(then / now, 2) + 'x', fixed(floor / now, 2) + 'x'];
  });
  rows.push(['Map get (floor)', '-', fixed(floor), '-', '1.00x']);
  const flatFloor = ns['Map get, flat key|floor'];
  rows.push(['Map get, flat key', '-', fixed(flatFloor), '-', fixed(floor / flatFloor, 2) + 'x']);
  printTable(
    `TS engine, ${n.toLocaleString()} keys in random order (ns/op, median; before/after > 1 means after is faster)`,
    ['op', 'before', 'after', 'before/after', 'Map get / after'],
    rows,
  );
  console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(JSON.stringify(ns));
}
