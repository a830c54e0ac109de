/**
 * The process test/crash.test.ts kills: opens the directory with the built
 * package (dist/, as users run it), prints `ready`, then runs the crash
 * workload (crash-workload.mjs) and prints each acknowledged write as a line
 * on stdout, until it is killed. Warnings from the log go to stderr.
 *
 *   node crash-child.mjs <dir> <engine> <appendfsync> <seed> <life>
 *
 * It stops by itself after STOP_AFTER_MS (exit code 3), so a parent that
 * died cannot leave it running; the parent counts that as a failure.
 */
import { open } from '../../dist/index.js';
import { runWorkload } from './crash-workload.mjs';

const STOP_AFTER_MS = 20_000;
/** Small, so the log is rewritten on its own as well as by the workload's rewrite() calls. */
const AUTO_REWRITE = { percentage: 100, minSize: 64 * 1024 };

const [path, engine, appendfsync, seed, life] = process.argv.slice(2);
const report = (line) => process.stdout.write(`${line}\n`);

const db = await open({
  path,
  engine,
  appendfsync,
  autoRewrite: AUTO_REWRITE,
  logger: (level, message) => {
    if (level === 'warning') process.stderr.write(`${message}\n`);
  },
});
report('ready');
const deadline = Date.now() + STOP_AFTER_MS;
await runWorkload(db, { seed: Number(seed), life: Number(life), rewriteEvery: 400, shouldStop: () => Date.now() > deadline, report });
await db.close();
process.exitCode = 3;
