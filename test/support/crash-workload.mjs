/**
 * The crash test's workload (test/crash.test.ts): writes to a database that
 * report each acknowledgement as a line, so that whoever checks the
 * directory after a crash knows what must be in it.
 *
 * Plain JavaScript over any DB (the built package in the child process,
 * test/support/crash-child.mjs; the sources in the in-process power-loss
 * tests), so one workload serves both.
 *
 * Several workers run at once, each waiting for its last acknowledgement
 * before its next write, so every group commit carries several of them. A
 * worker's keys carry the life (`life`: one process's run over the
 * directory) and its number, and no two writes touch the same key unless
 * the report says how to check it:
 *
 *   set <key> <length>     SET of a new key to valueFor(key, length)
 *   px <key> <length> <lo> <hi>
 *                          SET ... PX FAR_MS of a new key, issued between the
 *                          clock readings lo and hi: the key expires at
 *                          lo + FAR_MS .. hi + FAR_MS
 *   incr <key> <n>         INCR of the worker's counter replied n
 *   append <key> <n>       APPEND of "n," to the worker's list "0,1,...,"
 *   tx <life> <worker> <n> update() no. n of the worker committed: it set
 *                          t:<life>:<worker>:<n>:x and :y, incremented
 *                          tc:<life>:<worker>, moved an amount between two
 *                          bal:<i> keys and sometimes set a px key
 *   del <key>              DEL of a key set (and acknowledged) just before
 *   rewrite-start, rewrite-end
 *                          a db.rewrite() began (nothing acknowledged) and
 *                          finished
 *
 * Some update() callbacks write and then throw: nothing of theirs may ever
 * reach the log. Across all keys, whatever was acknowledged:
 *   - t:<life>:<worker>:<n>:x and :y exist together or not at all, and for
 *     each worker there are exactly tc:<life>:<worker> such pairs;
 *   - the bal:<i> sum to zero;
 *   - the lists are "0,1,...,k," and the set/px values are valueFor(key, length).
 *
 * Plain writes (db.set...) are acknowledged by db.flush(); update() by its
 * own promise.
 */

import { seededRandom } from '../../bench/keys.mjs';

/** How far in the future the px keys expire (about 11 days). */
export const FAR_MS = 1_000_000_000;
/** The accounts transactions move amounts between. */
const ACCOUNTS = 8;

/** The value of a set or px key of `length` bytes: the key, then dots, cut to length. */
export function valueFor(key, length) {
  return `${key}=`.padEnd(length, '.').slice(0, length);
}

class Rollback extends Error {}

/**
 * Runs `workers` writers on `db` until `shouldStop()` says so (checked before
 * each write) and their last writes are acknowledged, calling `report(line)`
 * as each acknowledgement resolves. Every `rewriteEvery` writes (0: never) a
 * db.rewrite() starts unless one is running. Rejects with the first error a
 * write or rewrite met.
 */
export async function runWorkload(db, { seed, life, workers = 8, rewriteEvery = 0, shouldStop, report }) {
  const rng = seededRandom(seed);
  const pick = (n) => Math.floor(rng() * n);
  const length = () => (rng() < 0.1 ? 1000 + pick(7000) : 8 + pick(40));
  let writes = 0;
  let rewriting = null;
  let failure = null;

  const maybeRewrite = () => {
    if (rewriteEvery <= 0 || ++writes % rewriteEvery !== 0 || rewriting !== null) return;
    report('rewrite-start');
    rewriting = db.rewrite().then(
      () => report('rewrite-end'),
      (error) => {
        // An automatic rewrite (autoRewrite) may be running already; any other failure is one.
        if (!/already in progress/.test(error.message)) failure ??= error;
      },
    );
    rewriting.finally(() => {
      rewriting = null;
    });
  };

  const worker = async (w) => {
    let appended = 0;
    for (let n = 0; !shouldStop(); n++) {
      if (failure !== null) throw failure;
      maybeRewrite();
      const choice = rng();
      const key = (kind) => `${kind}:${life}:${w}:${n}`;
      if (choice < 0.25) {
        const k = key('s');
        const size = length();
        db.set(k, valueFor(k, size));
        await db.flush();
        report(`set ${k} ${size}`);
      } else if (choice < 0.35) {
        const k = key('p');
        const size = length();
        const lo = Date.now();
        db.set(k, valueFor(k, size), 'PX', FAR_MS);
        const hi = Date.now();
        await db.flush();
        report(`px ${k} ${size} ${lo} ${hi}`);
      } else if (choice < 0.5) {
        const k = `c:${life}:${w}`;
        const reply = db.incr(k);
        await db.flush();
        report(`incr ${k} ${reply}`);
      } else if (choice < 0.6) {
        const k = `a:${life}:${w}`;
        const m = appended++;
        db.append(k, `${m},`);
        await db.flush();
        report(`append ${k} ${m}`);
      } else if (choice < 0.65) {
        const k = key('d');
        db.set(k, 'doomed');
        await db.flush();
        db.del(k);
        await db.flush();
        report(`del ${k}`);
      } else {
        const from = pick(ACCOUNTS);
        const to = (from + 1 + pick(ACCOUNTS - 1)) % ACCOUNTS;
        const amount = 1 + pick(100);
        const abort = rng() < 0.1;
        const px = rng() < 0.2 ? key('p') : null;
        const size = length();
        const lo = Date.now();
        const committed = db
          .update((tx) => {
            tx.set(`${key('t')}:x`, String(amount));
            tx.decrby(`bal:${from}`, amount);
            tx.incr(`tc:${life}:${w}`);
            tx.incrby(`bal:${to}`, amount);
            if (px !== null) tx.set(px, valueFor(px, size), 'PX', FAR_MS);
            tx.set(`${key('t')}:y`, String(amount));
            if (abort) throw new Rollback('rolled back on purpose');
          })
          .then(
            () => true,
            (error) => {
              if (error instanceof Rollback) return false;
              throw error;
            },
          );
        const hi = Date.now();
        if (await committed) {
          if (px !== null) report(`px ${px} ${size} ${lo} ${hi}`);
          report(`tx ${life} ${w} ${n}`);
        }
      }
    }
  };

  await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  await rewriting;
  if (failure !== null) throw failure;
}
