/**
 * The built package in Deno: both engines answer the smoke check exactly as
 * expected (see scripts/runtime-smoke/smoke.mjs), every command case of the
 * behaviour suite passes on both, and a database kept in a directory survives
 * close, reopen and rewrite (see scripts/runtime-cases/run.ts). Deno resolves
 * the loader's bare specifier from node_modules because the repository has a
 * package.json.
 */
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { describeCases, runSmoke } from './support.js';

const DENO = fileURLToPath(new URL('../../node_modules/.bin/deno', import.meta.url));
const ENV = { DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };

describe('Deno', () => {
  it('runs the smoke check on both engines from dist/ with no permissions', () => {
    // --no-prompt: a permission the package should not need fails instead of waiting for an answer.
    runSmoke('deno', DENO, ['run', '--no-prompt'], ENV);
  }, 60_000);

  // Offline (--cached-only, no --allow-net), reading and writing only the
  // scratch directory; --sloppy-imports resolves the case tables' "./x.js"
  // imports to their .ts files.
  describeCases('Deno', DENO, (dir) => ['run', '--no-prompt', '--cached-only', '--sloppy-imports', `--allow-read=${dir}`, `--allow-write=${dir}`], ENV);
});
