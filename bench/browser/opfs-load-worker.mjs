// In a dedicated worker: writes a log of `keys` SETs to OPFS (directory
// `name`), closes it, then times opening it again, `rounds` times; posts
// { engine, keys, loadMs: [...] }.
import { open } from '/dist/index.js';

const params = new URLSearchParams(self.location.search);
const engine = params.get('engine');
const keys = Number(params.get('keys'));
const rounds = Number(params.get('rounds'));
const path = `bench-${engine}-${Date.now()}`;

try {
  const db = await open({ engine, path, appendfsync: 'no', activeExpiry: false, autoRewrite: false });
  for (let i = 0; i < keys; i++) db.set('key:00' + (1_000_000_000 + i), 'val:00' + (1_000_000_000 + i));
  await db.close();
  const loadMs = [];
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    const again = await open({ engine, path, activeExpiry: false, autoRewrite: false });
    loadMs.push(performance.now() - started);
    if (again.dbsize() !== keys) throw new Error(`loaded ${again.dbsize()} keys of ${keys}`);
    await again.close();
  }
  const root = await navigator.storage.getDirectory();
  await root.removeEntry(path, { recursive: true });
  postMessage({ engine, keys, loadMs });
} catch (error) {
  postMessage({ error: String(error && error.stack ? error.stack : error) });
}
