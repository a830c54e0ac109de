// In a dedicated worker: load-times.mjs on OPFS (a directory of its own,
// removed after); posts { engine, keys, loadMs: [...] }.
import { open } from '/dist/index.js';
import { loadTimes } from '/bench/browser/load-times.mjs';

const params = new URLSearchParams(self.location.search);
const engine = params.get('engine');
const keys = Number(params.get('keys'));
const rounds = Number(params.get('rounds'));
const path = `bench-${engine}-${Date.now()}`;

try {
  const loadMs = await loadTimes(open, { engine, path, keys, rounds });
  const root = await navigator.storage.getDirectory();
  await root.removeEntry(path, { recursive: true });
  postMessage({ engine, keys, loadMs });
} catch (error) {
  postMessage({ error: String(error && error.stack ? error.stack : error) });
}
