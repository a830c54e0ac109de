/**
 * The built package in Bun: both engines answer the smoke check exactly as
 * expected (see scripts/runtime-smoke/smoke.mjs).
 */
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { runSmoke } from './support.js';

const BUN = fileURLToPath(new URL('../../node_modules/.bin/bun', import.meta.url));

describe('Bun', () => {
  it('runs the smoke check on both engines from dist/', () => {
    runSmoke('bun', BUN, [], { NO_COLOR: '1' });
  }, 60_000);
});
