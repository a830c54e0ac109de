// Transaction overhead: ten commands (5 SET, 5 INCR) inside one db.update()
// against the same ten commands outside one, on each engine. Each tinybench
// sample runs BATCH groups of ten; the ratio of the medians is the cost of
// atomicity (undo journal, frozen clock, the handle and the promise).
import { Bench } from 'tinybench';
import { keys, openEngine, values } from './support.mjs';

const BATCH = 100;

function tenCommands(target, keyList, valueList, at) {
  for (let j = 0; j < 5; j++) target.set(keyList[at + j], valueList[at + j]);
  for (let j = 0; j < 5; j++) target.incr(`counter:${j}`);
}

export async function benchTransactions(n = 100_000, timeMs = 1000) {
  const keyList = keys(n);
  const valueList = values(n);
  const bench = new Bench({ time: timeMs, warmupTime: 200 });
  for (const engine of ['wasm', 'ts']) {
    const db = openEngine(engine);
    for (let i = 0; i < n; i++) db.set(keyList[i], valueList[i]);
    let plainAt = 0;
    bench.add(`plain ${engine}`, () => {
      for (let b = 0; b < BATCH; b++) {
        tenCommands(db, keyList, valueList, plainAt);
        plainAt = (plainAt + 5) % (n - 5);
      }
    });
    let txAt = 0;
    bench.add(`update ${engine}`, () => {
      for (let b = 0; b < BATCH; b++) {
        db.update((tx) => tenCommands(tx, keyList, valueList, txAt));
        txAt = (txAt + 5) % (n - 5);
      }
    });
  }
  await bench.run();
  const nsPerGroup = {};
  for (const task of bench.tasks) {
    if (task.result.state !== 'completed') throw new Error(`${task.name}: ${task.result.state} ${task.result.error ?? ''}`);
    nsPerGroup[task.name] = (task.result.latency.p50 * 1e6) / BATCH;
  }
  return nsPerGroup;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchTransactions(Number(process.argv[2] ?? 100_000))));
}
