/**
 * The built package in Deno: both engines answer the smoke check exactly as
 * expected (see scripts/runtime-smoke/smoke.mjs). Deno resolves the loader's
 * bare specifier from node_modules because the repository has a package.json.
 */
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { runSmoke } from './support.js';

const DENO = fileURLToPath(new URL('../../node_modules/.bin/deno', import.meta.url));

describe('Deno', () => {
  it('runs the smoke check on both engines from dist/ with no permissions', () => {
    // --no-prompt: a permission the package should not need fails instead of waiting for an answer.
    runSmoke('deno', DENO, ['run', '--no-prompt'], { DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' });
  }, 60_000);
});
