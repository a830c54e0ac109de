/**
 * The built package in Bun: both engines answer the smoke check exactly as
 * expected (see scripts/runtime-smoke/smoke.mjs), every command case of the
 * behaviour suite passes on both, and a database kept in a directory survives
 * close, reopen and rewrite (see scripts/runtime-cases/run.ts).
 */
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { describeCases, runSmoke } from './support.js';

const BUN = fileURLToPath(new URL('../../node_modules/.bin/bun', import.meta.url));
const ENV = { NO_COLOR: '1' };

describe('Bun', () => {
  it('runs the smoke check on both engines from dist/', () => {
    runSmoke('bun', BUN, [], ENV);
  }, 60_000);

  describeCases('Bun', BUN, () => [], ENV);
});
