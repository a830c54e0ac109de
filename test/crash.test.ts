/**
 * Crashes: what a directory holds after the process dies or the power goes.
 *
 * KILLED PROCESSES. A child process (support/crash-child.mjs, on the built
 * package) writes under load (support/crash-workload.mjs: new keys, SET PX,
 * INCR, APPEND, DEL and transactions, many in flight, rewrites now and then)
 * and prints each write once it is acknowledged. The parent kills it with
 * SIGKILL at a seeded random moment, or just after it starts a rewrite,
 * reopens the directory on the other engine or the same one, and checks
 * that the directory loads, that every acknowledged write is there, and
 * that transactions are all or nothing. Some rounds give the directory a
 * second life (another child, another kill) after the first check. Most
 * rounds use appendfsync `always`; some `everysec`, whose acknowledged
 * writes are written to the OS and so survive the death of the process too.
 *
 * POWER LOSS. In process, over MemoryStorage, whose crash() keeps what was
 * synced (and a torn part of what was not): a crash is taken at storage
 * operations all along a workload, rewrites included, and each is reopened.
 * With `always` every acknowledged write survives, torn tail or not. With
 * `everysec` what survives is a prefix of the log, and only writes of the
 * last second before the crash are lost.
 *
 * Knobs: FLASHKV_CRASH_ROUNDS (kills, default 50) and FLASHKV_CRASH_SEED
 * (the plan of rounds and the workloads; printed in the suite's title).
 * `node scripts/crash-soak.mjs` runs many more rounds.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MANIFEST_NAME, parseManifest } from '../src/aof/manifest.js';
import { open, openWithStorage, type DB } from '../src/db.js';
import { MemoryStorage } from '../src/storage/memory.js';
import type { AppendFile, Storage } from '../src/storage/storage.js';
import { FAR_MS, runWorkload, valueFor } from './support/crash-workload.mjs';
import { random } from './support/random.js';

const CHILD = fileURLToPath(new URL('./support/crash-child.mjs', import.meta.url));
const ROUNDS = Number(process.env.FLASHKV_CRASH_ROUNDS ?? 50);
const SEED = Number(process.env.FLASHKV_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ENGINES = ['wasm', 'ts'] as const;
type EngineName = (typeof ENGINES)[number];
/** The warning a load gives when it cuts a torn tail: the only one a crash may cause. */
const TORN_TAIL = /^the log ended in the middle of a write/;

// --- checking a reopened database ---------------------------------------------

/**
 * Checks `db` against the reports of the workload(s) that wrote it: every
 * acknowledged write is there, and the invariants that hold whatever was
 * acknowledged (crash-workload.mjs lists them) hold. `context` names the
 * crash in the failure.
 */
function expectAcknowledged(db: DB, reports: readonly string[], context = ''): void {
  // Problems are collected and compared once: an expect() per report would cost more than the load.
  const problems: string[] = [];
  const check = (ok: boolean, what: string): void => {
    if (!ok) problems.push(what);
  };
  for (const line of reports) {
    const [kind, key, a, b, c] = line.split(' ');
    switch (kind) {
      case 'set':
        check(db.get(key) === valueFor(key, Number(a)), `${line}: ${key} holds ${db.get(key)?.slice(0, 40)}`);
        break;
      case 'px': {
        const expireAt = db.pexpiretime(key) as number;
        check(db.get(key) === valueFor(key, Number(a)), `${line}: ${key} holds ${db.get(key)?.slice(0, 40)}`);
        check(expireAt >= Number(b) + FAR_MS && expireAt <= Number(c) + FAR_MS, `${line}: ${key} expires at ${expireAt}`);
        break;
      }
      case 'incr':
        check(Number(db.get(key)) >= Number(a), `${line}: ${key} holds ${db.get(key)}`);
        break;
      case 'append':
        check(appendedCount(db.get(key)) > Number(a), `${line}: ${key} holds ${db.get(key)?.slice(-40)}`);
        break;
      case 'tx':
        // tx <life> <worker> <n>: `key` is the life here.
        check(db.exists(`t:${key}:${a}:${b}:x`, `t:${key}:${a}:${b}:y`) === 2, `${line}: the transaction's keys are missing`);
        break;
      case 'del':
        check(db.exists(key) === 0, `${line}: ${key} is there`);
        break;
      case 'ready':
      case 'rewrite-start':
      case 'rewrite-end':
        break;
      default:
        problems.push(`unknown report: ${line}`);
    }
  }
  problems.push(...invariantProblems(db));
  expect(problems.slice(0, 10), `${context}: ${problems.length} acknowledged writes missing or invariants broken, the first ten shown`).toEqual([]);
}

/** The number of entries of an APPEND list "0,1,...,k,", or -1 if it is anything else. */
function appendedCount(value: string | null): number {
  if (value === null) return 0;
  const entries = value.split(',');
  if (entries.pop() !== '') return -1;
  return entries.every((entry, i) => entry === String(i)) ? entries.length : -1;
}

/** What holds whatever was acknowledged: transactions whole and counted, balances summing to zero, values intact. */
function invariantProblems(db: DB): string[] {
  const problems: string[] = [];
  const pairs = new Map<string, number>();
  let balance = 0;
  for (const key of db.scanPrefix('')) {
    const kind = key.slice(0, key.indexOf(':'));
    if (kind === 't') {
      const id = key.slice(2, key.lastIndexOf(':'));
      pairs.set(id, (pairs.get(id) ?? 0) + 1);
    } else if (kind === 'bal') {
      balance += Number(db.get(key));
    } else if (kind === 's' || kind === 'p') {
      const value = db.get(key) as string;
      if (value !== valueFor(key, value.length)) problems.push(`${key} holds ${value.slice(0, 40)}`);
      if (kind === 'p' && !(db.pttl(key) > 0)) problems.push(`${key} has no expiry`);
    } else if (kind === 'a') {
      if (appendedCount(db.get(key)) < 0) problems.push(`${key} holds ${db.get(key)?.slice(-40)}`);
    }
  }
  /** Whole transactions per worker (`<life>:<worker>`). */
  const perWorker = new Map<string, number>();
  for (const [id, keys] of pairs) {
    if (keys !== 2) problems.push(`transaction ${id} is not whole`);
    const worker = id.slice(0, id.lastIndexOf(':'));
    perWorker.set(worker, (perWorker.get(worker) ?? 0) + 1);
  }
  for (const key of db.scanPrefix('tc:')) {
    const worker = key.slice('tc:'.length);
    if ((perWorker.get(worker) ?? 0) !== Number(db.get(key))) problems.push(`${key} counts ${db.get(key)} transactions, ${perWorker.get(worker) ?? 0} are there`);
    perWorker.delete(worker);
  }
  for (const worker of perWorker.keys()) problems.push(`transactions of ${worker} without their counter`);
  if (balance !== 0) problems.push(`the balances sum to ${balance}`);
  return problems;
}

// --- killed processes ------------------------------------------------------------

interface RoundPlan {
  index: number;
  appendfsync: 'always' | 'everysec';
  /** The engine of the child's lives and the one the parent reopens with. */
  childEngine: EngineName;
  reopenEngine: EngineName;
  /** Milliseconds after `ready` before the kill, or before the first rewrite-start that triggers it. */
  delayMs: number;
  /** Kill just after the child reports a rewrite starting, this many ms after it. */
  atRewrite: number | null;
  lives: number;
  seed: number;
}

/** The rounds, drawn from SEED: as many kills as ROUNDS asks. */
function planRounds(): RoundPlan[] {
  const rng = random(SEED);
  const plans: RoundPlan[] = [];
  let kills = 0;
  for (let index = 0; kills < ROUNDS; index++) {
    const lives = index % 4 === 3 ? 2 : 1;
    plans.push({
      index,
      appendfsync: index % 5 === 4 ? 'everysec' : 'always',
      childEngine: ENGINES[index % 2],
      reopenEngine: ENGINES[(index >> 1) % 2],
      delayMs: 10 + Math.floor(rng() * 150),
      atRewrite: index % 3 === 1 ? Math.floor(rng() * 4) : null,
      lives,
      seed: Math.floor(rng() * 2 ** 31),
    });
    kills += lives;
  }
  return plans;
}

/** What one life of the child left: its reports (in order) and whether the kill cut a rewrite short. */
interface Life {
  reports: string[];
  interruptedRewrite: boolean;
}

/** Runs one life of the child over `dir` and kills it as `plan` says; fails if it died any other way. */
async function killChild(dir: string, plan: RoundPlan, life: number): Promise<Life> {
  const strays = strayFiles(dir);
  const child = spawn(process.execPath, [CHILD, dir, plan.childEngine, plan.appendfsync, String(plan.seed + life), String(life)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const reports: string[] = [];
  let stderr = '';
  let partial = '';
  let armedAt = Infinity;
  let gaveUp = false;
  const kill = () => child.kill('SIGKILL');
  // A child that never says ready (or hangs) is killed too, and then fails the round.
  const giveUp = setTimeout(() => {
    gaveUp = true;
    kill();
  }, 15_000);
  let timer: ReturnType<typeof setTimeout> | undefined;
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  child.stdout.setEncoding('latin1').on('data', (text: string) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() as string;
    for (const line of lines) {
      reports.push(line);
      if (line === 'ready') {
        // Waiting for a rewrite: if none starts within half a second, the kill comes anyway.
        timer = setTimeout(kill, plan.delayMs + (plan.atRewrite === null ? 0 : 500));
        if (plan.atRewrite !== null) armedAt = Date.now() + plan.delayMs;
      } else if (line === 'rewrite-start' && Date.now() >= armedAt) {
        armedAt = Infinity;
        clearTimeout(timer);
        timer = setTimeout(kill, plan.atRewrite as number);
      }
    }
  });
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  clearTimeout(giveUp);
  clearTimeout(timer);
  expect(gaveUp, `the child hung: ${stderr}`).toBe(false);
  expect(reports[0], `the child did not start: ${stderr}`).toBe('ready');
  expect(signal, `the child died by itself (exit code ${code}): ${stderr}`).toBe('SIGKILL');
  expect(stderr, 'the child logged warnings').toBe('');
  return { reports, interruptedRewrite: rewriteInterrupted(dir, strays) };
}

/** Files of the log that the manifest does not list, and temporary files: what an interrupted rewrite leaves. */
function strayFiles(dir: string): Set<string> {
  if (!existsSync(join(dir, MANIFEST_NAME))) return new Set();
  const manifest = parseManifest(readFileSync(join(dir, MANIFEST_NAME), 'latin1'), dir);
  const listed = new Set([manifest.base, ...manifest.incrs].map((entry) => entry?.name));
  return new Set(readdirSync(dir).filter((name) => (name.startsWith('appendonly.aof.') && name !== MANIFEST_NAME && !listed.has(name)) || name.startsWith('temp-')));
}

/** Whether the directory shows a rewrite in progress: two incremental files listed, or new stray files. */
function rewriteInterrupted(dir: string, strays: Set<string>): boolean {
  const manifest = parseManifest(readFileSync(join(dir, MANIFEST_NAME), 'latin1'), dir);
  return manifest.incrs.length > 1 || [...strayFiles(dir)].some((name) => !strays.has(name));
}

/** Opens `dir` as the parent does after a kill: it must load, with no warning but a torn tail's. */
async function reopen(dir: string, engine: EngineName): Promise<DB> {
  const warnings: string[] = [];
  const db = await open({ path: dir, engine, appendfsync: 'always', autoRewrite: false, logger: (level, message) => level === 'warning' && warnings.push(message) });
  for (const warning of warnings) expect(warning).toMatch(TORN_TAIL);
  return db;
}

describe(`killed with SIGKILL under load (seed ${SEED}; FLASHKV_CRASH_SEED=${SEED} replays the plan)`, () => {
  const plans = planRounds();
  let interrupted = 0;

  for (const plan of plans) {
    const when = plan.atRewrite === null ? `${plan.delayMs} ms after it started` : `${plan.atRewrite} ms into a rewrite, ${plan.delayMs}+ ms after it started`;
    const again = plan.lives === 1 ? '' : `, ${plan.lives} lives`;
    it(`round ${plan.index}: appendfsync ${plan.appendfsync}, written on ${plan.childEngine}, read on ${plan.reopenEngine}, killed ${when}${again}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'flashkv-crash-'));
      try {
        const reports: string[] = [];
        for (let life = 0; life < plan.lives; life++) {
          const result = await killChild(dir, plan, life);
          if (result.interruptedRewrite) interrupted++;
          reports.push(...result.reports);
          const db = await reopen(dir, plan.reopenEngine);
          try {
            expectAcknowledged(db, reports, `life ${life}`);
          } finally {
            await db.close();
          }
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 30_000);
  }

  it.skipIf(!plans.some((plan) => plan.atRewrite !== null))('some kills landed in the middle of a rewrite', () => {
    expect(interrupted).toBeGreaterThan(0);
  });
});

// --- power loss ------------------------------------------------------------------

/** A crash taken during a workload: what a restart would find, and how far the workload had come. */
interface PowerCut {
  storage: MemoryStorage;
  /** Reports (or writes) made before the crash. */
  done: number;
  /** The clock at the crash. */
  at: number;
  /** The operation the crash came before. */
  before: string;
}

/**
 * A Storage over a MemoryStorage that calls `before` with the name of each
 * operation that changes a file, just before it runs, and lets each fsync
 * and replace wait for `latency()` (a disk takes its time, and other writes
 * come meanwhile). An fsync makes the file durable before its wait or after
 * it, as `durableAtCall()` says.
 */
class Interleaved implements Storage {
  constructor(
    readonly memory: MemoryStorage,
    readonly before: (operation: string) => void,
    readonly latency: (operation: string) => Promise<void>,
    readonly durableAtCall: () => boolean = () => true,
  ) {}

  get location(): string {
    return this.memory.location;
  }

  lock(): Promise<void> {
    return this.memory.lock();
  }

  unlock(): Promise<void> {
    return this.memory.unlock();
  }

  list(): Promise<string[]> {
    return this.memory.list();
  }

  read(name: string): Promise<Uint8Array | null> {
    return this.memory.read(name);
  }

  async append(name: string): Promise<AppendFile> {
    this.before(`append ${name}`);
    const file = await this.memory.append(name);
    const { before, latency, durableAtCall } = this;
    return {
      get size() {
        return file.size;
      },
      write(bytes: Uint8Array) {
        before(`write ${name}`);
        file.write(bytes);
      },
      async sync() {
        before(`sync ${name}`);
        // Either the bytes written before the call are durable at once (a log that counts later ones as synced loses
        // them), or only when the wait is over (writes made meanwhile are not covered, nor is anything if the power goes).
        const early = durableAtCall();
        if (early) await file.sync();
        await latency(`sync ${name}`);
        if (!early) await file.sync();
      },
      close: () => file.close(),
    };
  }

  async truncate(name: string, size: number): Promise<void> {
    this.before(`truncate ${name}`);
    await this.memory.truncate(name, size);
  }

  async replace(name: string, bytes: Uint8Array): Promise<void> {
    this.before(`replace ${name}`);
    await this.latency(`replace ${name}`);
    await this.memory.replace(name, bytes);
  }

  async rename(from: string, to: string): Promise<void> {
    this.before(`rename ${from} ${to}`);
    await this.memory.rename(from, to);
  }

  async remove(name: string): Promise<void> {
    this.before(`remove ${name}`);
    await this.memory.remove(name);
  }
}

/**
 * Takes power cuts along a workload: before every operation of a rewrite or
 * an open (append, replace, rename, truncate, remove) and before one write or fsync
 * in `every`, each keeping a random torn part (none half the time) of what
 * was not synced.
 */
function powerCuts(memory: MemoryStorage, seed: number, every: number, progress: () => number) {
  const rng = random(seed);
  const cuts: PowerCut[] = [];
  const before = (operation: string): void => {
    if ((operation.startsWith('write') || operation.startsWith('sync')) && rng() * every >= 1) return;
    const torn = rng() < 0.5 ? 0 : 1 + Math.floor(rng() * 300);
    cuts.push({ storage: memory.crash(torn), done: progress(), at: Date.now(), before: `${operation} (torn ${torn})` });
  };
  return { cuts, before };
}

/** Opens a power cut's storage: it must load, with no warning but a torn tail's. */
async function reopenCut(cut: PowerCut, engine: EngineName): Promise<DB> {
  const warnings: string[] = [];
  const db = await openWithStorage(cut.storage, { engine, appendfsync: 'always', autoRewrite: false, logger: (level, message) => level === 'warning' && warnings.push(message) });
  for (const warning of warnings) expect(warning, cut.before).toMatch(TORN_TAIL);
  return db;
}

describe('power loss (MemoryStorage.crash)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a crash while the first open creates the log leaves a directory that opens, empty', async () => {
    const memory = new MemoryStorage();
    const { cuts, before } = powerCuts(memory, SEED, 1, () => 0);
    await (await openWithStorage(new Interleaved(memory, before, () => Promise.resolve()), {})).close();
    // The files are made first, then the manifest that names them.
    expect(cuts.map((cut) => cut.before.split(' ').slice(0, 2).join(' '))).toContain('replace appendonly.aof.manifest');
    for (const cut of cuts) {
      const reopened = await reopenCut(cut, 'wasm');
      expect(reopened.dbsize(), cut.before).toBe(0);
      await reopened.close();
    }
  });

  it('a rewrite finishes while appendfsync always writes keep coming, each fsync followed at once by the next', async () => {
    const storage = new Interleaved(new MemoryStorage(), () => undefined, () => new Promise<void>((resolve) => setImmediate(resolve)));
    const db = await openWithStorage(storage, { appendfsync: 'always', autoRewrite: false });
    let rewritten = false;
    let acknowledged = 0;
    const rewrite = db.rewrite().then(() => {
      rewritten = true;
    });
    await runWorkload(db, { seed: SEED, life: 0, workers: 4, shouldStop: () => rewritten || acknowledged >= 3000, report: () => acknowledged++ });
    expect(rewritten, `the rewrite was still running after ${acknowledged} acknowledged writes`).toBe(true);
    await rewrite;
    await db.close();
  });

  for (const [engine, other] of [ENGINES, [...ENGINES].reverse()] as [EngineName, EngineName][]) {
    it(`appendfsync always on ${engine}: every acknowledged write survives a crash before any write, fsync or rewrite step, torn tail or not (reopened on ${other})`, async () => {
      const seed = SEED + (engine === 'ts' ? 1 : 0);
      const reports: string[] = [];
      const memory = new MemoryStorage();
      const { cuts, before } = powerCuts(memory, seed, 10, () => reports.length);
      const rng = random(seed + 2);
      const latency = () => (rng() < 0.5 ? Promise.resolve() : new Promise<void>((resolve) => setImmediate(resolve)));
      const db = await openWithStorage(new Interleaved(memory, before, latency, () => rng() < 0.5), {
        engine,
        appendfsync: 'always',
        autoRewrite: { percentage: 100, minSize: 32 * 1024 },
      });
      await runWorkload(db, { seed, life: 0, workers: 6, rewriteEvery: 120, shouldStop: () => reports.length >= 1500, report: (line: string) => reports.push(line) });
      await db.close();
      expect(reports.filter((line) => line === 'rewrite-end').length, 'rewrites finished').toBeGreaterThan(3);

      for (const cut of cuts) {
        const reopened = await reopenCut(cut, other);
        try {
          expectAcknowledged(reopened, reports.slice(0, cut.done), cut.before);
        } finally {
          await reopened.close();
        }
      }
    }, 60_000);
  }

  it('appendfsync everysec: what survives a crash is a prefix of the log, and only writes of the last second are lost', async () => {
    vi.useFakeTimers();
    const rng = random(SEED + 3);
    const memory = new MemoryStorage();
    /** When write i was made, and which were transactions (e:i and f:i together). */
    const issued: number[] = [];
    const transactions = new Set<number>();
    const { cuts, before } = powerCuts(memory, SEED + 4, 5, () => issued.length);
    const db = await openWithStorage(new Interleaved(memory, before, () => Promise.resolve()), {
      engine: 'wasm',
      appendfsync: 'everysec',
      autoRewrite: { percentage: 100, minSize: 16 * 1024 },
    });
    const rewrites: Promise<void>[] = [];
    for (let i = 0; i < 1200; i++) {
      const key = `e:${i}`;
      const value = valueFor(key, 8 + Math.floor(rng() * 60));
      issued.push(Date.now());
      if (rng() < 0.2) {
        transactions.add(i);
        void db.update((tx) => {
          tx.set(key, value);
          tx.set(`f:${i}`, value);
        });
      } else {
        db.set(key, value);
      }
      // An automatic rewrite may be running already (autoRewrite): then this one is refused, and that is all.
      if (i % 250 === 125) {
        rewrites.push(
          db.rewrite().catch((error: Error) => {
            expect(error.message).toMatch(/already in progress/);
          }),
        );
      }
      await vi.advanceTimersByTimeAsync(Math.floor(rng() * 25));
    }
    await Promise.all(rewrites);
    await db.close();
    vi.useRealTimers();
    expect(cuts.filter((cut) => cut.before.startsWith('replace appendonly.aof.manifest')).length, 'crashes during rewrites').toBeGreaterThan(8);

    for (const cut of cuts) {
      const reopened = await reopenCut(cut, 'ts');
      try {
        let kept = 0;
        while (kept < cut.done && reopened.exists(`e:${kept}`) === 1) kept++;
        const prefix = Array.from({ length: kept }, (_, i) => (transactions.has(i) ? [`e:${i}`, `f:${i}`] : [`e:${i}`])).flat();
        expect([...reopened.scanPrefix('')].sort(), `${cut.before}: the first ${kept} writes and nothing else`).toEqual(prefix.sort());
        const olderThanASecond = issued.slice(0, cut.done).filter((at) => at < cut.at - 1000).length;
        expect(kept, `${cut.before} at ${cut.at}: writes made more than a second before the crash are kept`).toBeGreaterThanOrEqual(olderThanASecond);
      } finally {
        await reopened.close();
      }
    }
  }, 60_000);
});
