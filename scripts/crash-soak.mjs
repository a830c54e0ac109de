#!/usr/bin/env node
/**
 * The crash test as a soak: test/crash.test.ts run again and again, each run
 * with a new seed and many more kills than CI's 50, until the total is
 * reached or a run fails. A failing run prints its seed; rerun it with
 * FLASHKV_CRASH_SEED=<seed> FLASHKV_CRASH_ROUNDS=<kills> npx vitest run test/crash.test.ts
 *
 *   node scripts/crash-soak.mjs [total kills, default 1000] [kills per run, default 200]
 *
 * The child processes run the built package: `npm run build` first.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const total = Number(process.argv[2] ?? 1000);
const perRun = Number(process.argv[3] ?? 200);
if (!(total > 0 && perRun > 0)) {
  console.error('usage: node scripts/crash-soak.mjs [total kills] [kills per run]');
  process.exit(2);
}
if (!existsSync(new URL('../dist/index.js', import.meta.url))) {
  console.error('crash soak: dist/index.js is missing; run `npm run build` first');
  process.exit(2);
}

const started = Date.now();
for (let done = 0, run = 1; done < total; run++) {
  const rounds = Math.min(perRun, total - done);
  const seed = Math.floor(Math.random() * 2 ** 31);
  console.log(`crash soak: run ${run}, ${rounds} kills, seed ${seed} (${done} of ${total} kills done)`);
  const result = spawnSync('npx', ['vitest', 'run', 'test/crash.test.ts'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, FLASHKV_CRASH_ROUNDS: String(rounds), FLASHKV_CRASH_SEED: String(seed) },
  });
  if (result.status !== 0) {
    console.error(`crash soak: run ${run} failed; replay it with FLASHKV_CRASH_SEED=${seed} FLASHKV_CRASH_ROUNDS=${rounds} npx vitest run test/crash.test.ts`);
    process.exit(1);
  }
  done += rounds;
}
console.log(`crash soak: ${total} kills passed in ${Math.round((Date.now() - started) / 1000)} s`);
