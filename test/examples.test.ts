/**
 * examples/ runs as the README says: each runtime's script twice (the count
 * goes on, so the data was kept), and the browser page through its server in
 * Chromium, reloaded (the count goes on in OPFS). The scripts run from a copy
 * inside the repository, so `import 'flashkv'` resolves to this package, and
 * keep their data there, removed after.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { requireBuild, ROOT } from './runtimes/support.js';

const copy = mkdtempSync(join(ROOT, '.examples-'));
cpSync(join(ROOT, 'examples'), copy, { recursive: true });
afterAll(() => rmSync(copy, { recursive: true, force: true }));

const RUNTIMES: Record<string, string[]> = {
  node: [process.execPath, join(copy, 'node.mjs')],
  deno: [join(ROOT, 'node_modules/.bin/deno'), 'run', '--allow-read', '--allow-write', '--allow-env', join(copy, 'deno.mjs')],
  bun: [join(ROOT, 'node_modules/.bin/bun'), join(copy, 'bun.mjs')],
};

describe('examples', () => {
  for (const [runtime, [command, ...args]] of Object.entries(RUNTIMES)) {
    it(`examples/${runtime}.mjs counts visits across runs`, () => {
      requireBuild();
      for (const visit of [1, 2]) {
        const run = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', timeout: 30_000, env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' } });
        expect(run.stderr).toBe('');
        expect(run.stdout).toMatch(new RegExp(`^visit ${visit}, last at \\S+ \\(2 keys in ./examples/data-${runtime}\\)\\n$`));
      }
    }, 60_000);
  }

  it('examples/browser: the page counts visits across reloads, kept in OPFS by a worker', async () => {
    requireBuild();
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const server = spawn(process.execPath, [join(copy, 'browser/serve.mjs')], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
    const profile = mkdtempSync(join(tmpdir(), 'flashkv-example-'));
    try {
      await new Promise((resolve) => server.stdout.once('data', resolve));
      const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
      try {
        const page = await context.newPage();
        const seen: string[] = [];
        for (let visit = 0; visit < 2; visit++) {
          await page.goto(`http://127.0.0.1:${port}/`);
          await page.waitForFunction(() => !document.querySelector('#status')!.textContent!.startsWith('opening'), undefined, { timeout: 20_000 });
          seen.push((await page.textContent('#status')) ?? '');
        }
        expect(seen).toEqual(['visit 1 of this page (engine: wasm); reload to count on', 'visit 2 of this page (engine: wasm); reload to count on']);
      } finally {
        await context.close();
      }
    } finally {
      server.kill();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 60_000);
});
