// The longest single HSET while one hash grows to N fields (10M by default),
// per engine, each in its own process: the wasm core's table resizes a
// bounded number of slots per write (assembly/hashtable.ts), so what is left
// of its longest calls is linear memory growing; the TS engine's Map
// rehashes all at once when it doubles.
//
//   node --expose-gc bench/hash-growth.mjs [fields]
//
// Also part of `npm run bench` (bench/run.mjs), with 10M fields.
import { fixed, openEngine, printTable, runChild } from './support.mjs';

/** Times every HSET of fields 0..n-1 into one hash; returns the distribution in microseconds. */
function growth(engine, n) {
  const db = openEngine(engine);
  const micros = new Float64Array(n);
  let slowCalls = 0;
  for (let i = 0; i < n; i++) {
    const field = 'field:' + i;
    const value = 'v' + i;
    const start = process.hrtime.bigint();
    db.hset('h', field, value);
    const took = Number(process.hrtime.bigint() - start) / 1000;
    micros[i] = took;
    if (took > 5000) slowCalls++;
  }
  const encoding = db.object('ENCODING', 'h');
  const fields = db.hlen('h');
  db.close();
  micros.sort();
  const at = (share) => micros[Math.min(n - 1, Math.floor(share * n))];
  return { engine, fields, encoding, medianUs: at(0.5), p99Us: at(0.99), p999Us: at(0.999), maxUs: micros[n - 1], slowCalls };
}

export function benchHashGrowth(n) {
  const rows = ['wasm', 'ts'].map((engine) => runChild('hash-growth.mjs', ['--child', engine, String(n)]));
  printTable(
    `Longest single HSET while one hash grows to ${n.toLocaleString()} fields (microseconds; calls over 5 ms counted)`,
    ['engine', 'median', 'p99', 'p99.9', 'longest', 'calls > 5 ms'],
    rows.map((r) => [r.engine, fixed(r.medianUs, 2), fixed(r.p99Us, 1), fixed(r.p999Us, 1), fixed(r.maxUs, 0), r.slowCalls]),
  );
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === '--child') console.log(JSON.stringify(growth(process.argv[3], Number(process.argv[4]))));
  else benchHashGrowth(Number(process.argv[2] ?? 10_000_000));
}
