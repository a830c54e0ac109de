// Does close() give the memory back while the caller still holds the DB?
// ROUNDS rounds of open({ engine }) / fill with KEYS keys of ~500-byte values
// (~100 MB of data) / close(), every closed DB kept in an array as a user's
// variable would keep it; after each round, full GCs, then the process's RSS
// and V8 heap. Bounded: RSS stays near one round's worth whatever the round;
// a leak: it grows by the dataset each round.
//
// `node --expose-gc bench/close-rss.mjs [rounds] [keys]` runs each engine in
// its own process and prints one table; `... close-rss.mjs <wasm|ts> [rounds]
// [keys]` runs one engine and prints its rounds as JSON.
import { open } from '../dist/index.js';
import { fixed, keyAt, printTable, runChild, settleHeap } from './support.mjs';

const VALUE_BYTES = 500;

/**
 * A distinct flat one-byte string of VALUE_BYTES per key: the TS engine keeps
 * the string it is given, so a shared or concatenated value would make its
 * dataset look smaller than it is.
 */
function valueFor(key, scratch) {
  scratch.fill(0x76);
  scratch.write(key, 0, 'latin1');
  return scratch.toString('latin1');
}

export function closeRss(engine, rounds, keys) {
  if (globalThis.gc === undefined) throw new Error('run with node --expose-gc');
  const scratch = Buffer.alloc(VALUE_BYTES);
  const kept = [];
  const sample = (round) => {
    settleHeap();
    const m = process.memoryUsage();
    return { round, rss: m.rss, heapUsed: m.heapUsed, external: m.external };
  };
  const out = [sample(0)];
  for (let round = 1; round <= rounds; round++) {
    const db = open({ engine });
    for (let i = 0; i < keys; i++) {
      const key = keyAt(i);
      db.set(key, valueFor(key, scratch));
    }
    db.close();
    kept.push(db);
    out.push(sample(round));
  }
  globalThis.keep = kept;
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [first, ...rest] = process.argv.slice(2);
  if (first === 'wasm' || first === 'ts') {
    console.log(JSON.stringify(closeRss(first, Number(rest[0] ?? 20), Number(rest[1] ?? 200_000))));
  } else {
    const args = [first ?? '20', rest[0] ?? '200000'];
    const wasm = runChild('close-rss.mjs', ['wasm', ...args]);
    const ts = runChild('close-rss.mjs', ['ts', ...args]);
    const mib = (bytes) => fixed(bytes / 2 ** 20);
    printTable(
      `close(): ${args[0]} rounds of open / ${Number(args[1]).toLocaleString()} keys x ${VALUE_BYTES} B / close, every closed DB still referenced (MiB after full GCs)`,
      ['round', 'wasm rss', 'wasm heap', 'wasm external', 'ts rss', 'ts heap'],
      wasm.map((w, i) => [w.round === 0 ? 'before' : w.round, mib(w.rss), mib(w.heapUsed), mib(w.external), mib(ts[i].rss), mib(ts[i].heapUsed)]),
    );
  }
}
