import { defineConfig } from 'vitest/config';

/**
 * vitest for flashkv.
 *
 * - Every `*.test.ts` under test/ runs: the behaviour suites (each once per
 *   engine, see test/support/engines.ts), the engines' own unit tests in
 *   test/engine/, the differential and effects tests, and the CLI and runtime
 *   smoke tests.
 * - Test files that need a real Redis start their own redis-server on a free
 *   loopback port (test/support/redis-server.ts), so files can run in
 *   parallel without sharing a keyspace.
 * - Sized for small CI machines (2 cores): child processes rather than
 *   threads, so a Wasm engine that traps or a redis-server that hangs takes
 *   down one worker, not the run; at most two workers at once.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // A single test doing real work (a differential run, a full SCAN of a
    // large keyspace) finishes in a few seconds; anything near these limits
    // is a hang, and failing fast says so.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    teardownTimeout: 10_000,
    // Expiry tests swap in fake timers; put the real ones back whatever a
    // test forgot to undo.
    unstubGlobals: true,
    restoreMocks: true,
  },
});
