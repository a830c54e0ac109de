/**
 * The built package in a browser: headless Chromium (Debian's /usr/bin/chromium
 * driven by playwright-core) loads scripts/runtime-smoke/index.html, which
 * imports dist/index.js as an ES module and runs the smoke check on both
 * engines (see scripts/runtime-smoke/smoke.mjs).
 *
 * A node:http server on 127.0.0.1 (a free port) serves only what the page
 * needs: dist/, the smoke folder, and the AssemblyScript loader that the page's
 * import map names. The browser gets a fresh profile directory, removed after.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSmokeOutput, requireBuild, requireExecutable, ROOT } from './support.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The folders the server may serve, relative to the repository root. */
const SERVED = ['dist/', 'scripts/runtime-smoke/', 'node_modules/@assemblyscript/loader/'];

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

/**
 * dist/ as a bundler hands it to a browser: the AssemblyScript loader's bare
 * name resolved to its file. A page's import map does the same for the page,
 * but not for the module workers it starts (openInWorker's), so the server
 * resolves it, as a bundler would.
 */
function asBundled(source: string): string {
  return source.replaceAll("from '@assemblyscript/loader'", "from '/node_modules/@assemblyscript/loader/index.js'");
}

/** Serves files under {@link SERVED} from the repository; 404 for anything else. */
function startServer(): Promise<Server> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).slice(1);
    const file = join(ROOT, path);
    const allowed = SERVED.some((folder) => path.startsWith(folder)) && !path.split(sep).includes('..');
    if (!allowed || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      response.writeHead(404).end(`not served: /${path}`);
      return;
    }
    response.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    response.end(path.startsWith('dist/') ? asBundled(readFileSync(file, 'utf8')) : readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

describe('headless Chromium', () => {
  let server: Server | undefined;
  let context: BrowserContext | undefined;
  let profile: string | undefined;

  beforeAll(async () => {
    requireBuild();
    requireExecutable(CHROMIUM, 'Chromium', 'install Debian\'s package: apt-get install chromium');
    server = await startServer();
    profile = mkdtempSync(join(tmpdir(), 'flashkv-chromium-'));
    // Playwright takes the profile directory here rather than as --user-data-dir.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 30_000,
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('runs the smoke check on both engines from dist/ as an ES module', async () => {
    const page = await context!.newPage();
    // Anything the page logs or fails to load goes into the failure message.
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
    });

    const { port } = server!.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/scripts/runtime-smoke/index.html`);
    try {
      await page.waitForFunction(() => (window as { __flashkvSmoke?: unknown }).__flashkvSmoke !== undefined, undefined, { timeout: 20_000 });
    } catch (error) {
      throw new Error(`the page never started the smoke check: ${(error as Error).message}\n${problems.join('\n')}`);
    }
    const report = await page.evaluate(() => (window as unknown as { __flashkvSmoke: Promise<string> }).__flashkvSmoke);
    if (problems.length > 0) throw new Error(`the page reported problems:\n${problems.join('\n')}\nreport: ${report}`);
    expectSmokeOutput(report, 'browser');
  }, 60_000);

  /** Opens scripts/runtime-smoke/opfs.html at `step` (in `page`, a navigation like a reload, or in a new tab) and returns its report. */
  async function opfsStep(step: 'write' | 'read' | 'hold' | 'main', engine: string, name: string, reuse?: Page): Promise<{ page: Page; report: Record<string, unknown> }> {
    const page = reuse ?? (await context!.newPage());
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
    });
    const { port } = server!.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/scripts/runtime-smoke/opfs.html?step=${step}&engine=${engine}&name=${name}`);
    await page.waitForFunction(() => (window as { __flashkvOpfs?: unknown }).__flashkvOpfs !== undefined, undefined, { timeout: 20_000 });
    const report = JSON.parse(await page.evaluate(() => (window as unknown as { __flashkvOpfs: Promise<string> }).__flashkvOpfs)) as Record<string, unknown>;
    if (problems.length > 0) throw new Error(`the page reported problems:\n${problems.join('\n')}\nreport: ${JSON.stringify(report)}`);
    return { page, report };
  }

  for (const engine of ['wasm', 'ts']) {
    it(`keeps a database in OPFS through a worker: written, the page reloaded, read back (${engine} engine)`, async () => {
      const name = `persist-${engine}`;
      const written = await opfsStep('write', engine, name);
      expect(written.report).toEqual({ engine, size: 4 });
      // The same tab goes on to the reading page: the worker and its memory are gone, the directory stays.
      const read = await opfsStep('read', engine, name, written.page);
      expect(read.report).toEqual({ engine, greeting: 'hello world', bytes: [0, 255, 13, 10], n: '42', ttlKept: true, size: 4, warnings: [] });
      // After the rewrite, once more.
      const again = await opfsStep('read', engine, name, read.page);
      expect(again.report).toMatchObject({ greeting: 'hello world', n: '42', size: 4 });
      await again.page.close();
    }, 60_000);
  }

  it("open({ path }) on a page's main thread says to use a worker", async () => {
    const main = await opfsStep('main', 'wasm', 'main');
    expect(main.report).toEqual({
      error:
        "Error: flashkv: open({ path }) keeps a browser's database in OPFS through sync access handles, which exist only in a dedicated worker: call open() there, or openInWorker() from 'flashkv/worker' here",
    });
    await main.page.close();
  }, 60_000);

  it('a second tab on the same directory gets the "in use" error a second process gets; it opens once the first tab is gone', async () => {
    const holder = await opfsStep('hold', 'wasm', 'held');
    expect(holder.report).toEqual({ held: true });
    const second = await opfsStep('read', 'wasm', 'held');
    expect(second.report).toEqual({ error: 'Error: flashkv: held is in use by another tab or worker; one may open a directory at a time' });
    await second.page.close();
    await holder.page.close();
    const third = await opfsStep('write', 'wasm', 'held');
    expect(third.report).toEqual({ engine: 'wasm', size: 4 });
    await third.page.close();
  }, 60_000);
});
