// The browser build: its size (the modules a page and openInWorker's worker
// load, raw and gzipped) and the time to load a 100k-key log from OPFS in
// headless Chromium against the same from the Node file system.
//
//   node bench/browser.mjs        (needs dist/ and /usr/bin/chromium)
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { open } from '../dist/index.js';
import { loadTimes } from './browser/load-times.mjs';
import { fixed, median, printTable } from './support.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KEYS = 100_000;
const ROUNDS = 5;

/** Every module reachable from `entries` by static or dynamic relative imports, except the Node-only storage. */
function moduleGraph(entries) {
  const seen = new Set();
  const pending = entries.map((entry) => resolve(ROOT, entry));
  while (pending.length > 0) {
    const file = pending.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:from|import\()\s*['"](\.[^'"]+)['"]/g)) {
      const target = resolve(dirname(file), match[1]);
      if (!target.endsWith(join('storage', 'node.js'))) pending.push(target);
    }
  }
  return [...seen];
}

function sizes(files) {
  const bytes = Buffer.concat(files.map((file) => readFileSync(file)));
  return { files: files.length, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/** Serves the repository's dist/ (the loader's bare name resolved, as a bundler would), bench/browser/ and the loader. */
function serve() {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname)).slice(1);
    const file = join(ROOT, path);
    const allowed = ['dist/', 'bench/browser/', 'node_modules/@assemblyscript/loader/'].some((folder) => path.startsWith(folder)) && !path.includes('..');
    if (!allowed || !statSync(file, { throwIfNoEntry: false })?.isFile()) return response.writeHead(404).end();
    let body = readFileSync(file);
    if (path.startsWith('dist/')) body = body.toString('utf8').replaceAll("from '@assemblyscript/loader'", "from '/node_modules/@assemblyscript/loader/index.js'");
    response.writeHead(200, { 'content-type': file.endsWith('.html') ? 'text/html' : 'text/javascript', 'cache-control': 'no-store' });
    response.end(body);
  });
  return new Promise((ready) => server.listen(0, '127.0.0.1', () => ready(server)));
}

async function opfsLoad(engine) {
  const server = await serve();
  const profile = mkdtempSync(join(tmpdir(), 'flashkv-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/bench/browser/opfs-load.html?engine=${engine}&keys=${KEYS}&rounds=${ROUNDS}`);
    await page.waitForFunction(() => window.__report !== undefined, undefined, { timeout: 60_000 });
    const report = JSON.parse(await page.evaluate(() => window.__report));
    if (report.error) throw new Error(report.error);
    return median(report.loadMs);
  } finally {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

async function nodeLoad(engine) {
  const dir = mkdtempSync(join(tmpdir(), 'flashkv-bench-load-'));
  const times = await loadTimes(open, { engine, path: join(dir, 'data'), keys: KEYS, rounds: ROUNDS });
  rmSync(dir, { recursive: true, force: true });
  return median(times);
}

export async function benchBrowser() {
  const page = sizes(moduleGraph(['dist/index.js']));
  const worker = sizes(moduleGraph(['dist/worker/client.js', 'dist/worker/host.js']));
  printTable('Browser build: the modules loaded (dist/, Node-only storage left out), bytes', ['entry', 'modules', 'raw', 'gzip -9'], [
    ['flashkv (open on a page or in a worker)', page.files, page.raw, page.gzip],
    ['flashkv/worker (openInWorker and its worker)', worker.files, worker.raw, worker.gzip],
  ]);
  const rows = [];
  for (const engine of ['wasm', 'ts']) {
    const browserMs = await opfsLoad(engine);
    const nodeMs = await nodeLoad(engine);
    rows.push([engine, fixed(browserMs), fixed(nodeMs), fixed(browserMs / nodeMs, 2) + 'x']);
  }
  printTable(`Loading a log of ${KEYS.toLocaleString()} SETs, ms (median of ${ROUNDS}): Chromium worker from OPFS vs Node from its file system`, ['engine', 'OPFS (Chromium)', 'node:fs (Node)', 'OPFS / node:fs'], rows);
  return { page, worker, rows };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await benchBrowser();
