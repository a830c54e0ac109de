/**
 * The built `flashkv` program, for end-to-end tests: {@link runProgram} runs
 * it with piped input and collects what it printed; {@link useScratch} gives
 * a test file fresh directories to run it in (the program keeps its database
 * in ./data of its working directory), all removed after the file.
 *
 * The program is dist/cli/main.js: tests using it need `npm run build` first,
 * and {@link requireBuild} fails them with that advice when it is missing.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

/** The program's entry point in the build. */
export const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** What one run printed (stdout as latin1, so every byte shows) and how it exited. */
export interface Run {
  stdout: string;
  stderr: string;
  status: number | null;
}

/** Throws, telling how to make it, if the build is missing. Call in beforeAll. */
export function requireBuild(): void {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" before the CLI tests`);
}

/** useScratch: a temporary directory for the calling test file; `fresh()` makes an empty one under it for each call. */
export function useScratch(prefix: string): { fresh(): string } {
  let root: string | undefined;
  let made = 0;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(() => {
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
  });
  return {
    fresh(): string {
      if (root === undefined) throw new Error('useScratch: fresh() was called before beforeAll ran');
      const dir = join(root, `dir-${++made}`);
      mkdirSync(dir);
      return dir;
    },
  };
}

/** runProgram: runs `flashkv ...args` in `cwd` with `input` piped in (and its end), history off. */
export function runProgram(args: readonly string[], input: string | Uint8Array, cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd,
      env: { ...process.env, FLASHKV_HISTFILE: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('latin1').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ stdout, stderr, status }));
    child.stdin.end(input);
  });
}
