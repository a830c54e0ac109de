/**
 * Crashes: what a directory holds after the power goes.
 *
 * In process, over MemoryStorage, whose crash() keeps what was synced (and a
 * torn part of what was not): a crash is taken before chosen storage
 * operations (an Interleaved storage names each one as it starts) and the
 * storage a restart would find is reopened.
 *
 * FLASHKV_CRASH_SEED picks the random choices (default 1).
 */
import { describe, expect, it } from 'vitest';
import { openWithStorage, type DB } from '../src/db.js';
import { MemoryStorage } from '../src/storage/memory.js';
import type { AppendFile, Storage } from '../src/storage/storage.js';
import { runWorkload } from './support/crash-workload.mjs';
import { random } from './support/random.js';

const SEED = Number(process.env.FLASHKV_CRASH_SEED ?? 1);
type EngineName = 'wasm' | 'ts';
/** The warning a load gives when it cuts a torn tail: the only one a crash may cause. */
const TORN_TAIL = /^the log ended in the middle of a write/;

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
});
