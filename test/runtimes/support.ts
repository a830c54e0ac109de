/**
 * What scripts/runtime-smoke/smoke.mjs must report in every runtime, and the
 * helpers the runtime tests share.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The smoke script for command-line runtimes. */
export const SMOKE_RUN = fileURLToPath(new URL('../../scripts/runtime-smoke/run.mjs', import.meta.url));

/** One engine's answers (see smoke.mjs for the commands behind each field). */
function engineResult(engine: 'wasm' | 'ts'): Record<string, unknown> {
  return {
    engine,
    set: 'OK',
    get: 'hello',
    getBuffer: [104, 101, 108, 108, 111],
    callBufferStatus: 'OK',
    callBufferBulkIsBytes: true,
    incr: [1, 2, 12, 11],
    incrPast2e53: 'bigint:9223372036854775807',
    pxatInThePast: null,
    pxExpires: ['v', null, 0],
    scanPrefix: ['user:1', 'user:10', 'user:2'],
    dbsize: 9,
  };
}

/** The whole report for `runtime`. */
export function expectedSmoke(runtime: string): unknown {
  return { runtime, engines: { wasm: engineResult('wasm'), ts: engineResult('ts') } };
}

/** Fails with a clear message when the build the smoke check imports is missing. */
export function requireBuild(): void {
  const index = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
  if (!existsSync(index)) throw new Error(`${index} is missing: run "npm run build" before the runtime smoke tests`);
}

/** Fails with a clear message when a runtime's executable is missing. */
export function requireExecutable(path: string, what: string, install: string): void {
  if (!existsSync(path)) throw new Error(`${what} is missing (${path}); ${install}`);
}

/**
 * Parses the JSON line a runtime printed and compares it with the expected
 * report; on a mismatch the diff names the engine and step that differ.
 */
export function expectSmokeOutput(stdout: string, runtime: string): void {
  const line = stdout.trim().split('\n').pop() ?? '';
  let report: unknown;
  try {
    report = JSON.parse(line);
  } catch {
    throw new Error(`${runtime} did not print a JSON report; its output was:\n${stdout}`);
  }
  expect(report).toEqual(expectedSmoke(runtime));
}

/**
 * runSmoke: runs the smoke script under a command-line runtime and checks its
 * report. Fails, never skips, when the runtime or the build is missing.
 */
export function runSmoke(runtime: string, executable: string, args: readonly string[], env: Record<string, string> = {}): void {
  requireBuild();
  requireExecutable(executable, runtime, 'it is a dev dependency: run "npm ci"');
  const run = spawnSync(executable, [...args, SMOKE_RUN], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.error) throw new Error(`could not run ${runtime} (${executable}): ${run.error.message}`);
  if (run.status !== 0) throw new Error(`${runtime} exited with ${run.status}:\n${run.stderr}\n${run.stdout}`);
  expectSmokeOutput(run.stdout, runtime);
}
