// What bench/browser.mjs measures on both sides, in a Chromium worker
// (OPFS) and in Node (node:fs): a log of `keys` SETs written at `path` with
// flashkv's `open` and closed, then opened again `rounds` times, each open
// timed and checked to hold every key. Returns the times in ms.
export async function loadTimes(open, { engine, path, keys, rounds }) {
  const db = await open({ engine, path, appendfsync: 'no', activeExpiry: false, autoRewrite: false });
  for (let i = 0; i < keys; i++) db.set('key:00' + (1_000_000_000 + i), 'val:00' + (1_000_000_000 + i));
  await db.close();
  const times = [];
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    const again = await open({ engine, path, activeExpiry: false, autoRewrite: false });
    times.push(performance.now() - started);
    if (again.dbsize() !== keys) throw new Error(`loaded ${again.dbsize()} keys of ${keys}`);
    await again.close();
  }
  return times;
}
