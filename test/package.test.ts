/**
 * The package as users get it. `npm pack` packs the build (dist/); the
 * tarball is installed offline into an empty project, and that project's
 * program (test/support/package-consumer.mjs) imports 'flashkv' by name in
 * Node, Deno and Bun and keeps a database on disk. The tarball's contents,
 * its packed size against the budget, its types from a consumer's side and a
 * browser bundle of it are checked here too.
 *
 * Nothing here touches the network: npm runs with --offline, Deno with
 * --cached-only, Bun with --no-install, and every child process gets a proxy
 * that refuses connections, so a download anyone attempts fails the test.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown, type RolldownLog } from 'rolldown';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'node_modules', '.bin');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/**
 * The most the tarball may weigh, packed. docs/architecture.md ("What the
 * package ships") gives the current figure and why the budget is this one.
 */
const PACKED_BUDGET = 320 * 1024;

/** The files besides dist/ that npm puts in every tarball it can. */
const NPM_EXTRAS = /^(package\.json|(README|LICEN[CS]E|CHANGELOG)(\.\w+)?)$/i;

/** Every child process gets this: a proxy on the discard port, which refuses connections, and no exceptions to it. */
const NO_NETWORK = {
  HTTP_PROXY: 'http://127.0.0.1:9',
  HTTPS_PROXY: 'http://127.0.0.1:9',
  http_proxy: 'http://127.0.0.1:9',
  https_proxy: 'http://127.0.0.1:9',
  NO_PROXY: '',
  no_proxy: '',
  NO_COLOR: '1',
};

/** What `npm pack --json` reports of one tarball (the fields used here). */
interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string }[];
}

/** run: runs `command` in `cwd` and returns its stdout; throws with both streams if it fails or outlives `timeout` ms. */
function run(command: string, args: readonly string[], cwd: string, timeout: number, env: Record<string, string> = {}): string {
  const result = spawnSync(command, args, { cwd, env: { ...process.env, ...NO_NETWORK, ...env }, encoding: 'utf8', timeout });
  if (result.error) throw new Error(`could not run ${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}:\n${result.stderr}\n${result.stdout}`);
  }
  return result.stdout;
}

/**
 * npmPack: packs the package in `dir` into `destination`. --ignore-scripts
 * packs the build under test as it is: `prepare` would build it again (half
 * a minute), and CI has just built it in `npm ci`.
 */
function npmPack(dir: string, destination: string): Packed {
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], dir, 60_000)) as Packed[];
  return packed;
}

/** The JSON line a program printed last. */
function lastJson(stdout: string): unknown {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`expected a line of JSON; the output was:\n${stdout}`);
  }
}

let scratch = '';
/** The empty project the tarball is installed into. */
let project = '';
/** Where the consumer keeps its databases. */
let data = '';
let packed: Packed;
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  types: string;
  exports: Record<string, Record<string, string>>;
  browser: Record<string, string>;
  bin: Record<string, string>;
};

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) throw new Error('dist/index.js is missing: run "npm run build" before the package test');
  scratch = mkdtempSync(join(tmpdir(), 'flashkv-package-'));
  const tarballs = join(scratch, 'tarballs');
  project = join(scratch, 'project');
  data = join(scratch, 'data');
  for (const dir of [tarballs, project, data]) mkdirSync(dir);

  packed = npmPack(ROOT, tarballs);
  // The one runtime dependency comes as a tarball too, packed from the copy
  // `npm ci` installed: `npm install --offline` would otherwise look for it in
  // npm's cache, which a machine with node_modules restored from elsewhere
  // does not have. The install itself is the ordinary one.
  const loader = npmPack(join(ROOT, 'node_modules', '@assemblyscript', 'loader'), tarballs);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'flashkv-consumer', private: true, type: 'module' }));
  run(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', join(tarballs, packed.filename), join(tarballs, loader.filename)],
    project,
    60_000,
  );
  copyFileSync(fileURLToPath(new URL('./support/package-consumer.mjs', import.meta.url)), join(project, 'main.mjs'));
}, 150_000);

afterAll(() => {
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('holds the build alone: JavaScript with its declarations, no wasm files, debug build or source maps', () => {
    const paths = packed.files.map((file) => file.path);
    expect(paths.filter((path) => !path.startsWith('dist/') && !NPM_EXTRAS.test(path))).toEqual([]);
    expect(paths.filter((path) => /\.(wasm|wat|map)$/.test(path) || /debug/i.test(path))).toEqual([]);
    expect(paths.filter((path) => path.endsWith('.js') && !paths.includes(path.replace(/\.js$/, '.d.ts')))).toEqual([]);

    const named = [
      manifest.types,
      ...Object.values(manifest.exports).flatMap((conditions) => Object.values(conditions)),
      ...Object.values(manifest.browser),
      ...Object.values(manifest.bin),
    ];
    expect(named.map((path) => path.replace(/^\.\//, '')).filter((path) => !paths.includes(path))).toEqual([]);
  });

  it('embeds the release build of the core, byte for byte', () => {
    const release = join(ROOT, 'build', 'flashkv.wasm');
    if (!existsSync(release)) throw new Error(`${release} is missing: run "npm run build"`);
    const embedded = readFileSync(join(project, 'node_modules', 'flashkv', 'dist', 'engine', 'wasm-binary.js'), 'utf8');
    const base64 = /releaseWasmBase64 = '([A-Za-z0-9+/=]+)'/.exec(embedded)?.[1];
    if (base64 === undefined) throw new Error('dist/engine/wasm-binary.js holds no releaseWasmBase64 literal');
    expect(Buffer.from(base64, 'base64').equals(readFileSync(release))).toBe(true);
  });

  it(`stays within its size budget of ${PACKED_BUDGET.toLocaleString('en-US')} bytes packed`, () => {
    // Printed on every run, so CI's log shows the figure and its trend.
    console.log(
      `${packed.filename}: ${packed.size.toLocaleString('en-US')} bytes packed (budget ${PACKED_BUDGET.toLocaleString('en-US')}), ` +
        `${packed.unpackedSize.toLocaleString('en-US')} unpacked, ${packed.entryCount} files`,
    );
    expect(packed.size).toBeLessThanOrEqual(PACKED_BUDGET);
  });
});

describe('installed into an empty project', () => {
  const EXPORTED = { flashkv: 'dist/index.js', 'flashkv/worker': 'dist/worker/client.js', 'flashkv/worker-host': 'dist/worker/host.js' };
  const engine = (name: string) => ({
    engine: name,
    committed: 'update',
    rolledBack: 'undo',
    values: ['hello', '12', 'update'],
    dbsize: 3,
    manifest: true,
  });
  const runtimes: { runtime: string; command: () => [string, string[]]; env?: Record<string, string> }[] = [
    { runtime: 'node', command: () => [process.execPath, ['main.mjs', data]] },
    {
      runtime: 'deno',
      // --cached-only: no download; --no-prompt with read and write granted
      // where they are needed only, so a permission the package should not
      // want fails instead of waiting for an answer.
      command: () => [join(BIN, 'deno'), ['run', '--no-prompt', '--cached-only', `--allow-read=${project},${data}`, `--allow-write=${data}`, 'main.mjs', data]],
      env: { DENO_NO_UPDATE_CHECK: '1' },
    },
    { runtime: 'bun', command: () => [join(BIN, 'bun'), ['--no-install', 'main.mjs', data]] },
  ];

  for (const { runtime, command, env } of runtimes) {
    it(`keeps a database on disk in ${runtime}: written, closed, reopened and read back on both engines`, () => {
      const [executable, args] = command();
      if (!existsSync(executable)) throw new Error(`${runtime} is missing (${executable}); it is a dev dependency: run "npm ci"`);
      const stdout = run(executable, args, project, 30_000, env);
      expect(lastJson(stdout)).toEqual({ runtime, exported: EXPORTED, engines: [engine('wasm'), engine('ts')] });
    }, 40_000);
  }

  it('type-checks from a consumer with strict settings and neither DOM nor Node types', () => {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022'], types: [], strict: true, noEmit: true, skipLibCheck: false },
        files: ['types.ts'],
      }),
    );
    writeFileSync(
      join(project, 'types.ts'),
      [
        "import { open, ReplyError, type DB, type Tx } from 'flashkv';",
        'const memory: DB = open();',
        "const kept: Promise<DB> = open({ path: 'data', appendfsync: 'always' });",
        "const visits: Promise<unknown> = kept.then((db) => db.update((tx: Tx) => tx.incr('visits')));",
        '// @ts-expect-error: with a path, open returns a promise',
        "const wrong: DB = open({ path: 'data' });",
        'export { memory, visits, wrong, ReplyError };',
      ].join('\n'),
    );
    expect(run(process.execPath, [TSC, '-p', 'tsconfig.json'], project, 60_000)).toBe('');
  }, 70_000);

  it('bundles for the browser (main entry and worker entries) with no node: module in its graph, the stand-in in place of the Node storage', async () => {
    writeFileSync(
      join(project, 'browser.mjs'),
      [
        "import { open } from 'flashkv';",
        'const db = open();',
        "db.set('k', 'v');",
        "const memory = db.get('k');",
        'await db.close();',
        'let persistent = null;',
        "await open({ path: 'data' }).then(() => { persistent = 'opened'; }, (error) => { persistent = error.cause?.message; });",
        'console.log(JSON.stringify({ memory, persistent }));',
      ].join('\n'),
    );
    // rolldown is Vite's bundler (it comes with vitest); `platform: 'browser'`
    // resolves the exports map's browser condition and package.json's
    // `browser` field.
    const logs: RolldownLog[] = [];
    const bundle = await rolldown({
      input: { browser: join(project, 'browser.mjs'), worker: 'flashkv/worker', 'worker-host': 'flashkv/worker-host' },
      cwd: project,
      platform: 'browser',
      onLog: (_level, log) => logs.push(log),
    });
    const { output } = await bundle.write({ dir: join(project, 'browser-bundle'), format: 'es' });
    await bundle.close();

    expect(logs.map((log) => log.message)).toEqual([]);
    const chunks = output.filter((file) => file.type === 'chunk');
    const names = new Set(chunks.map((chunk) => chunk.fileName));
    expect(chunks.flatMap((chunk) => [...chunk.imports, ...chunk.dynamicImports]).filter((id) => !names.has(id))).toEqual([]);
    const modules = chunks.flatMap((chunk) => chunk.moduleIds.map((id) => id.replaceAll('\\', '/')));
    expect(modules.filter((id) => id.endsWith('/storage/node.js'))).toEqual([]);
    expect(modules.filter((id) => id.endsWith('/storage/unavailable.js'))).toHaveLength(1);
    expect(modules.filter((id) => id.endsWith('/worker/host.js'))).toHaveLength(1);

    // The bundle needs nothing from its host, so Node runs it as a page's
    // main thread would: no OPFS, and the stand-in where node:fs was.
    const report = lastJson(run(process.execPath, [join('browser-bundle', 'browser.js')], project, 30_000));
    expect(report).toEqual({ memory: 'v', persistent: expect.stringContaining("package.json's browser field") });
  }, 40_000);
});
