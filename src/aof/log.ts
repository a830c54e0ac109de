/**
 * AppendLog: the durable append-only log of one database, in Redis 7's
 * multi-part layout (manifest.ts): every change the engine records as an
 * effect (RESP commands, src/engine/engine.ts) is appended to the current
 * incremental file.
 *
 * WRITING. Commands record their effects in the engine's buffer; the DB
 * calls {@link AppendLog.schedule} as a command runs, and at the end of the
 * tick (a microtask) one write(2) takes everything recorded since the last,
 * as redis-server writes once per event-loop turn. `appendfsync` then says
 * when bytes are made durable, as Redis means it:
 *   always    an fsync covers every write before its acknowledgement; writes
 *             that arrive while one runs share the next (group commit)
 *   everysec  an fsync each second, in the background
 *   no        the OS flushes when it likes
 * An acknowledgement ({@link AppendLog.acknowledge}: update()'s promise,
 * db.flush()) resolves once everything recorded before it is written and,
 * under `always`, synced.
 *
 * FAILURES. A write or fsync that fails is never ignored: the
 * acknowledgements it covers reject, and {@link AppendLog.refusal} gives the
 * error (Redis's MISCONF text) the DB throws for every write command until
 * a retry succeeds. Unwritten bytes are kept and retried each second, so no
 * change the dataset holds is dropped from the log while the disk is full.
 *
 * REWRITE. {@link AppendLog.rewrite} compacts the log: a new incremental
 * file is started (and listed in the manifest at once, so nothing written
 * from then on can be lost), the dataset at that instant is written as a new
 * base, and a manifest naming only the new base and new incremental file
 * replaces the old one; then the old files are removed. A crash at any
 * point leaves a manifest that loads the whole dataset. Only freezing the
 * dataset (Engine.snapshot: a copy of the wasm heap, or of the TS engine's
 * entries) stops the database; the base is written from the frozen copy a
 * chunk per turn of the event loop while commands go on.
 */
import type { CommandContext } from '../engine/commands.js';
import type { LogControl } from '../engine/commands/row.js';
import type { Engine } from '../engine/engine.js';
import { CommandError } from '../errors/command-error.js';
import { StorageError, describeCode, type AppendFile, type Storage } from '../storage/storage.js';
import { unrefTimer } from '../unref-timer.js';
import { loadLog, type LogHooks } from './load.js';
import { MANIFEST_NAME, baseName, formatManifest, incrName, replayOrder, type Manifest } from './manifest.js';

/** When written bytes are made durable; see {@link AppendLog}. */
export type AppendFsync = 'always' | 'everysec' | 'no';

/** How a log behaves. */
export interface LogOptions {
  appendfsync: AppendFsync;
  /** Rewrite on its own once the log has grown by this percentage since the last rewrite (0: never). Redis's auto-aof-rewrite-percentage. */
  autoRewritePercentage: number;
  /** ... and is at least this many bytes. Redis's auto-aof-rewrite-min-size. */
  autoRewriteMinSize: number;
  hooks: LogHooks;
}

/** One acknowledgement waiting: `target` is the log offset it needs, -1 until the next write assigns it. */
interface Waiter {
  target: number;
  resolve(): void;
  reject(error: Error): void;
}

const RETRY_MS = 1000;
const REWRITE_RUNNING = 'ERR Background append only file rewriting already in progress';
/** Bytes of the new base written per turn of the event loop during a rewrite. */
const REWRITE_CHUNK = 256 * 1024;
const EMPTY = new Uint8Array(0);

export class AppendLog implements LogControl {
  readonly #storage: Storage;
  readonly #engine: Engine;
  readonly #options: LogOptions;
  #manifest: Manifest;
  #file: AppendFile;
  /** Bytes written since the log was opened, across files: offsets of the log as a whole. */
  #written = 0;
  /** How much of #written is known durable. */
  #synced = 0;
  /** Effects drained from the engine but not yet written (a write failed). */
  #pending: Uint8Array = EMPTY;
  /** Acknowledgements waiting for the next write. */
  #next: Waiter[] = [];
  /** Acknowledgements written and waiting for an fsync (appendfsync always). */
  #syncWaiters: Waiter[] = [];
  #scheduled = false;
  #syncing = false;
  /**
   * The file a rewrite switched away from, until it is synced, and the log
   * offset it ends at. Meanwhile no fsync of the new file starts: it would
   * count the old file's tail as durable. A failed sync of it is retried
   * each second, as any failed fsync.
   */
  #retired: { file: AppendFile; upTo: number } | null = null;
  #writeError: StorageError | null = null;
  #syncError: StorageError | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  #closed = false;
  /** close() was called: no rewrite starts any more. */
  #closing = false;
  /** The log's size after the last rewrite (or at open), and now: the automatic rewrite compares them. */
  #sizeAtRewrite: number;
  #size: number;
  #rewriting: Promise<void> | null = null;
  /** Bytes of the base the last rewrite wrote. */
  #baseBytes = 0;

  private constructor(storage: Storage, engine: Engine, options: LogOptions, manifest: Manifest, file: AppendFile, size: number) {
    this.#storage = storage;
    this.#engine = engine;
    this.#options = options;
    this.#manifest = manifest;
    this.#file = file;
    this.#size = size;
    // As Redis counts growth after a restart: from the size the log was loaded at.
    this.#sizeAtRewrite = Math.max(size, 1);
    this.#timer = setInterval(() => this.#tick(), RETRY_MS);
    unrefTimer(this.#timer);
  }

  /**
   * Takes the directory, replays its log into `ctx.engine` (which must be
   * empty), and opens the log for appending; a directory without a log gets
   * an empty one, as redis-server creates on first start.
   */
  static async open(storage: Storage, ctx: CommandContext, options: LogOptions): Promise<AppendLog> {
    await storage.lock();
    try {
      const loaded = await loadLog(storage, ctx, options.hooks);
      let manifest = loaded.manifest;
      if (manifest === null || manifest.incrs.length === 0) {
        let base = manifest?.base ?? null;
        if (base === null) {
          base = { name: baseName(1), seq: 1, type: 'b' };
          await storage.replace(base.name, EMPTY);
          options.hooks.log?.('notice', `Creating AOF base file ${base.name} on server start`);
        }
        const incr = { name: incrName(base.seq), seq: base.seq, type: 'i' as const };
        await (await storage.append(incr.name)).close();
        manifest = { base, incrs: [incr] };
        await storage.replace(MANIFEST_NAME, manifestBytes(manifest));
        options.hooks.log?.('notice', `Creating AOF incr file ${incr.name} on server start`);
      }
      const file = await storage.append((manifest.incrs.at(-1) as { name: string }).name);
      ctx.engine.recordEffects = true;
      return new AppendLog(storage, ctx.engine, options, manifest, file, loaded.bytes);
    } catch (error) {
      await storage.unlock();
      throw error;
    }
  }

  /** Writes what the engine recorded at the end of this tick. Cheap to call for every command. */
  schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(this.#flushTask);
  }

  readonly #flushTask = (): void => {
    this.#scheduled = false;
    if (!this.#closed) this.#flush();
  };

  /**
   * Resolves once everything recorded so far is as durable as `appendfsync`
   * promises; rejects if the write or fsync that covers it fails.
   */
  acknowledge(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#next.push({ target: -1, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Null while the log accepts writes; otherwise the error (Redis's MISCONF
   * reply) write commands fail with until the disk problem clears.
   */
  refusal(): CommandError | null {
    const error = this.#writeError ?? this.#syncError;
    return error === null ? null : new CommandError(`MISCONF Errors writing to the AOF file: ${describeCode(error.code)}`, { cause: error });
  }

  /** BGREWRITEAOF: starts a rewrite whose failure is only logged; throws Redis's error if one is running. */
  startRewrite(): void {
    if (this.#rewriting !== null) throw new CommandError(REWRITE_RUNNING);
    this.rewrite().catch((error: unknown) => this.#options.hooks.log?.('warning', `Background AOF rewrite failed: ${(error as Error).message}`));
  }

  /** Rewrites the log from the current dataset (see the module comment); resolves when the new manifest is in place. */
  rewrite(): Promise<void> {
    if (this.#rewriting !== null) return Promise.reject(new CommandError(REWRITE_RUNNING));
    const refusal = this.refusal();
    if (refusal !== null) return Promise.reject(refusal);
    if (this.#closing) return Promise.reject(new Error('flashkv: the database is closing'));
    const rewriting = this.#rewrite().finally(() => {
      this.#rewriting = null;
    });
    this.#rewriting = rewriting;
    return rewriting;
  }

  /** Writes and syncs everything, closes the file and gives the directory back; rejects if the last bytes could not be made durable. */
  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    // A running rewrite finishes first (the log keeps writing meanwhile); it starts no other.
    await this.#rewriting?.catch(() => undefined);
    this.#flush();
    this.#closed = true;
    clearInterval(this.#timer);
    try {
      await this.#syncIdle();
      let failure: StorageError | null = this.#writeError;
      if (failure === null && this.#retired !== null) {
        try {
          await this.#syncRetired();
        } catch (error) {
          failure = asStorageError(error);
          await this.#retired?.file.close();
        }
      }
      // The last fsync settles the acknowledgements still waiting (the one under way as close began may have covered
      // fewer bytes, and starts no other once closed); any it cannot cover reject rather than wait forever.
      let unsynced: Error | null = failure;
      if (failure === null && this.#written > this.#synced) {
        const upTo = this.#written;
        try {
          await this.#file.sync();
          this.#synced = upTo;
        } catch (error) {
          unsynced = asStorageError(error);
        }
      }
      this.#settleSynced();
      for (const waiter of this.#syncWaiters.splice(0)) waiter.reject(unsynced ?? new Error('flashkv: closed before the write was synced'));
      await this.#file.close();
      if (unsynced !== null) throw unsynced;
    } finally {
      this.#engine.recordEffects = false;
      await this.#storage.unlock();
    }
  }

  // --- writing ---------------------------------------------------------------

  /** Writes what the engine recorded (and what an earlier failure left), then settles or queues the acknowledgements. */
  #flush(): void {
    const effects = this.#engine.drainEffects();
    const bytes = this.#pending.length === 0 ? effects : concat(this.#pending, effects);
    const waiters = this.#next;
    this.#next = [];
    if (bytes.length > 0) {
      try {
        this.#file.write(bytes);
      } catch (error) {
        // Kept for the retry: a copy, since the engine's drained bytes are only lent.
        this.#pending = bytes === effects ? effects.slice() : bytes;
        const failure = asStorageError(error);
        if (this.#writeError === null) this.#options.hooks.log?.('warning', `Error writing to the AOF file: ${failure.message}`);
        this.#writeError = failure;
        for (const waiter of waiters) waiter.reject(failure);
        return;
      }
      this.#pending = EMPTY;
      this.#written += bytes.length;
      this.#size += bytes.length;
      if (this.#writeError !== null) {
        this.#writeError = null;
        this.#options.hooks.log?.('notice', 'AOF write error looks solved, the log can write again');
      }
    }
    if (this.#options.appendfsync !== 'always') {
      for (const waiter of waiters) waiter.resolve();
    } else {
      for (const waiter of waiters) {
        waiter.target = this.#written;
        this.#syncWaiters.push(waiter);
      }
      if (this.#syncWaiters.length > 0) this.#sync();
    }
    this.#maybeRewrite();
  }

  /** Starts an fsync of everything written, unless one runs (its end starts the next: group commit). */
  #sync(): void {
    if (this.#syncing || this.#retired !== null) return;
    if (this.#written === this.#synced && this.#syncError === null) {
      this.#settleSynced();
      return;
    }
    this.#syncing = true;
    const upTo = this.#written;
    this.#file.sync().then(
      () => {
        this.#syncing = false;
        this.#synced = Math.max(this.#synced, upTo);
        if (this.#syncError !== null) {
          this.#syncError = null;
          this.#options.hooks.log?.('notice', 'AOF fsync error looks solved, the log can write again');
        }
        this.#settleSynced();
        if (this.#syncWaiters.length > 0 && !this.#closed) this.#sync();
      },
      (error: unknown) => {
        this.#syncing = false;
        const failure = asStorageError(error);
        if (this.#syncError === null) this.#options.hooks.log?.('warning', `Error syncing the AOF file: ${failure.message}`);
        this.#syncError = failure;
        // What was written may not be on the disk: nothing waiting can be confirmed.
        const waiters = this.#syncWaiters;
        this.#syncWaiters = [];
        for (const waiter of waiters) waiter.reject(failure);
      },
    );
  }

  /** Resolves once no fsync is under way (none starts after it ends while the caller holds #retired or #closed). */
  async #syncIdle(): Promise<void> {
    while (this.#syncing) await new Promise((resolve) => setTimeout(resolve, 1));
  }

  /** Syncs and closes the file a rewrite switched away from; on failure it stays, refusing writes, for the next retry. */
  async #syncRetired(): Promise<void> {
    const retired = this.#retired;
    if (retired === null) return;
    this.#syncing = true;
    try {
      await retired.file.sync();
    } catch (error) {
      const failure = asStorageError(error);
      if (this.#syncError === null) this.#options.hooks.log?.('warning', `Error syncing the AOF file: ${failure.message}`);
      this.#syncError = failure;
      for (const waiter of this.#syncWaiters.splice(0)) waiter.reject(failure);
      throw failure;
    } finally {
      this.#syncing = false;
    }
    this.#synced = Math.max(this.#synced, retired.upTo);
    this.#retired = null;
    await retired.file.close();
    this.#settleSynced();
    if (!this.#closed && (this.#syncWaiters.length > 0 || this.#syncError !== null)) this.#sync();
  }

  #settleSynced(): void {
    const waiters = this.#syncWaiters;
    this.#syncWaiters = [];
    for (const waiter of waiters) {
      if (waiter.target <= this.#synced) waiter.resolve();
      else this.#syncWaiters.push(waiter);
    }
  }

  /** Once a second: writes what timers recorded (active expiry), retries a failed write, and syncs for everysec or after a failed fsync. */
  #tick(): void {
    if (this.#closed) return;
    this.#flush();
    if (this.#retired !== null) {
      if (!this.#syncing && this.#rewriting === null) this.#syncRetired().catch(() => undefined);
      return;
    }
    if (this.#writeError === null && (this.#syncError !== null || (this.#options.appendfsync === 'everysec' && this.#written > this.#synced))) this.#sync();
  }

  // --- rewriting -------------------------------------------------------------

  #maybeRewrite(): void {
    const { autoRewritePercentage, autoRewriteMinSize } = this.#options;
    if (autoRewritePercentage <= 0 || this.#rewriting !== null || this.#closing || this.#size < autoRewriteMinSize) return;
    if (((this.#size - this.#sizeAtRewrite) * 100) / this.#sizeAtRewrite < autoRewritePercentage) return;
    const growth = Math.round(((this.#size - this.#sizeAtRewrite) * 100) / this.#sizeAtRewrite);
    this.#options.hooks.log?.('notice', `Starting automatic rewriting of AOF on ${growth}% growth`);
    this.startRewrite();
  }

  async #rewrite(): Promise<void> {
    const storage = this.#storage;
    const hooks = this.#options.hooks;
    const old = this.#manifest;
    const lastIncr = old.incrs.at(-1) as { seq: number };
    const incr = { name: incrName(lastIncr.seq + 1), seq: lastIncr.seq + 1, type: 'i' as const };
    const base = { name: baseName((old.base?.seq ?? 0) + 1), seq: (old.base?.seq ?? 0) + 1, type: 'b' as const };

    // The new incremental file joins the manifest before anything is written to it.
    const newFile = await storage.append(incr.name);
    const during: Manifest = { base: old.base, incrs: [...old.incrs, incr] };
    try {
      await storage.replace(MANIFEST_NAME, manifestBytes(during));
    } catch (error) {
      await newFile.close();
      throw error;
    }
    this.#manifest = during;
    hooks.log?.('notice', `Creating AOF incr file ${incr.name} on background rewrite`);

    // One synchronous step: what was recorded goes to the old file, the
    // dataset is frozen (the engine's snapshot: the only pause), and later
    // writes go to the new file.
    this.#flush();
    if (this.#writeError !== null) throw this.#writeError;
    const oldFile = this.#file;
    const oldUpTo = this.#written;
    const started = performance.now();
    const snapshot = this.#engine.snapshot();
    const pauseMs = performance.now() - started;
    this.#file = newFile;
    this.#size = newFile.size;
    this.#retired = { file: oldFile, upTo: oldUpTo };

    try {
      // The one fsync under way, if any, ends without starting another (#retired), then the old file is synced.
      await this.#syncIdle();
      await this.#syncRetired();

      // The base is written from the snapshot a chunk per turn of the event loop, so commands keep running.
      const temp = `temp-rewrite-${base.name}`;
      await storage.remove(temp);
      const out = await storage.append(temp);
      let baseBytes = 0;
      try {
        for (let chunk = snapshot.next(REWRITE_CHUNK); chunk !== null; chunk = snapshot.next(REWRITE_CHUNK)) {
          out.write(chunk);
          baseBytes += chunk.length;
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
        await out.sync();
      } finally {
        await out.close();
      }
      await storage.rename(temp, base.name);
      this.#baseBytes = baseBytes;
    } finally {
      snapshot.close();
    }
    const after: Manifest = { base, incrs: [incr] };
    await storage.replace(MANIFEST_NAME, manifestBytes(after));
    this.#manifest = after;
    this.#sizeAtRewrite = Math.max(this.#baseBytes, 1);
    this.#size = this.#baseBytes + newFile.size;
    for (const entry of replayOrder(during).slice(0, -1)) {
      await storage.remove(entry.name);
    }
    hooks.log?.('notice', `Background AOF rewrite finished successfully: ${this.#baseBytes} bytes in ${base.name}; the snapshot stopped the database for ${pauseMs.toFixed(1)} ms`);
  }
}

function manifestBytes(manifest: Manifest): Uint8Array {
  return new TextEncoder().encode(formatManifest(manifest));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (b.length === 0) return a;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function asStorageError(error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  return new StorageError(typeof code === 'string' ? code : 'EIO', (error as Error)?.message ?? String(error), { cause: error });
}
