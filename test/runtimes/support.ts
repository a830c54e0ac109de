/**
 * What scripts/runtime-smoke/smoke.mjs must report in every runtime, how
 * scripts/runtime-cases/run.ts is run and read, and the helpers the runtime
 * tests share.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASE_COUNT } from '../cases/index.js';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The smoke script for command-line runtimes. */
export const SMOKE_RUN = fileURLToPath(new URL('../../scripts/runtime-smoke/run.mjs', import.meta.url));

/** The command cases and persistence round for command-line runtimes. */
export const CASES_RUN = fileURLToPath(new URL('../../scripts/runtime-cases/run.ts', import.meta.url));

/** How long a runtime may take over the cases and the persistence round (about a second here). */
const CASES_TIMEOUT_MS = 45_000;

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

/** Runs `script` under a command-line runtime and returns what it printed; throws if it could not run or failed. */
function runScript(runtime: string, executable: string, args: readonly string[], env: Record<string, string>, timeout: number): string {
  requireBuild();
  requireExecutable(executable, runtime, 'it is a dev dependency: run "npm ci"');
  const run = spawnSync(executable, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout,
  });
  if (run.error) throw new Error(`could not run ${runtime} (${executable}): ${run.error.message}`);
  if (run.status !== 0) throw new Error(`${runtime} exited with ${run.status}:\n${run.stderr}\n${run.stdout}`);
  return run.stdout;
}

/**
 * runSmoke: runs the smoke script under a command-line runtime and checks its
 * report. Fails, never skips, when the runtime or the build is missing.
 */
export function runSmoke(runtime: string, executable: string, args: readonly string[], env: Record<string, string> = {}): void {
  expectSmokeOutput(runScript(runtime, executable, [...args, SMOKE_RUN], env, 60_000), runtime);
}

// ---------------------------------------------------------------------------
// The command cases and the persistence round
// ---------------------------------------------------------------------------

/** What scripts/runtime-cases/run.ts prints (see its header). */
interface CasesReport {
  runtime: string;
  version: string;
  cases: {
    tables: number;
    total: number;
    passed: { wasm: number; ts: number };
    failed: number;
    ms: number;
    failures: unknown[];
  };
  persistence: {
    total: number;
    passed: number;
    ms: number;
    checks: { name: string; pass: boolean; detail?: unknown }[];
  };
  /** Wall time of the whole run, start of the runtime to exit, measured here. */
  wallMs: number;
}

/**
 * runCases: runs scripts/runtime-cases/run.ts under a command-line runtime
 * with a fresh scratch directory (removed after) and returns its report.
 * `args(dir)` gives the runtime's arguments before the script, so they can
 * name the directory (Deno's permissions). Fails, never skips, when the
 * runtime or the build is missing.
 */
function runCases(runtime: string, executable: string, args: (dir: string) => readonly string[], env: Record<string, string> = {}): CasesReport {
  const dir = mkdtempSync(join(tmpdir(), `flashkv-${runtime}-cases-`));
  try {
    const started = performance.now();
    const stdout = runScript(runtime, executable, [...args(dir), CASES_RUN, dir], env, CASES_TIMEOUT_MS);
    const wallMs = Math.round(performance.now() - started);
    const line = stdout.trim().split('\n').pop() ?? '';
    try {
      return { ...(JSON.parse(line) as Omit<CasesReport, 'wallMs'>), wallMs };
    } catch {
      throw new Error(`${runtime} did not print a JSON report; its output was:\n${stdout}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * describeCases: the suite of runtime `name` ("Deno": the report must say
 * "deno") over scripts/runtime-cases/run.ts, run once for both of its tests: every command case on both engines (the title
 * names how many, and the test prints each engine's pass count and the
 * times), and the persistence round.
 */
export function describeCases(name: string, executable: string, args: (dir: string) => readonly string[], env: Record<string, string> = {}): void {
  const runtime = name.toLowerCase();
  describe('the behaviour suite from dist/', () => {
    let report: CasesReport | undefined;
    beforeAll(() => {
      report = runCases(runtime, executable, args, env);
    }, 60_000);

    it(`${CASE_COUNT} command cases pass under ${name} on both engines`, () => {
      console.log(casesSummary(name, report!));
      expectCasesPassed(report!, runtime);
    });

    it(`a database kept in a directory survives close, reopen on the other engine, rewrite and reopen under ${name}`, () => {
      expectPersistencePassed(report!, runtime);
    });
  });
}

/** The line a runtime's case test prints, so the run's output shows each runtime's count. */
function casesSummary(name: string, report: CasesReport): string {
  const { cases, persistence } = report;
  return `${name} ${report.version}: ${cases.passed.wasm}/${CASE_COUNT} command cases passed on wasm, ${cases.passed.ts}/${CASE_COUNT} on ts (${cases.ms} ms); ${persistence.passed}/${persistence.total} persistence checks passed (${persistence.ms} ms); ${report.wallMs} ms with the runtime's start`;
}

/** Every case of test/cases/index.ts passed on both engines, and the report is from `runtime`. */
function expectCasesPassed(report: CasesReport, runtime: string): void {
  expect(report.runtime).toBe(runtime);
  expect(report.cases.failures, `cases that failed under ${runtime}`).toEqual([]);
  expect(report.cases.total, 'the runtime ran every case of test/cases/index.ts').toBe(CASE_COUNT);
  expect(report.cases.passed).toEqual({ wasm: CASE_COUNT, ts: CASE_COUNT });
}

/** Every check of the persistence round passed. */
function expectPersistencePassed(report: CasesReport, runtime: string): void {
  expect(report.persistence.checks.filter((check) => !check.pass), `persistence checks that failed under ${runtime}`).toEqual([]);
  expect(report.persistence.total).toBeGreaterThan(0);
}
