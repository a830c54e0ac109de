/**
 * DB: the public face of one flashkv database: the Redis-named command
 * methods (from {@link CommandMethods}), transactions (`update`, `view`) and
 * the lifecycle (`open`, `close`).
 */
import { AppendLog, type AppendFsync } from './aof/log.js';
import type { LoadProgress } from './aof/load.js';
import { CommandMethods } from './command-methods.js';
import { runCommand, type Command, type CommandContext, type Reply } from './engine/commands.js';
import { DEFAULT_ENCODING_LIMITS, type As, type Bytes, type EncodingLimits, type Engine } from './engine/engine.js';
import { ScanCursors } from './engine/scan-cursors.js';
import { Stats } from './engine/stats.js';
import { TsEngine } from './engine/ts/index.js';
import { WasmEngine } from './engine/wasm.js';
import { TransactionError } from './errors/transaction-error.js';
import { ActiveExpiry, type ActiveExpiryOptions } from './expiry.js';
import type { Storage } from './storage/storage.js';
import { Tx } from './tx.js';

/** Options for {@link open}. */
export interface OpenOptions {
  /**
   * Which engine holds the data: `'wasm'` keeps keys in WebAssembly linear
   * memory (compact, no GC pauses); `'ts'` is the pure-TypeScript engine.
   * @default 'wasm'
   */
  engine?: 'wasm' | 'ts';
  /**
   * Active expiry: reclaim expired keys in the background, so their memory
   * returns without an access. `false` leaves expiry lazy only.
   * @default {}
   */
  activeExpiry?: ActiveExpiryOptions | false;
  /**
   * The directory that keeps the database on disk, as an append-only log in
   * Redis 7's layout (a redis-server started with `--dir <parent>
   * --appenddirname <name> --appendonly yes` loads it). With a path, `open`
   * returns a promise: it replays the log first. Without one the database
   * lives in memory only.
   */
  path?: string;
  /**
   * When writes reach the disk, as Redis's appendfsync: `'always'` syncs
   * before each acknowledgement (one fsync covers every write of a tick),
   * `'everysec'` once a second (a crash loses at most about a second),
   * `'no'` when the OS likes. Only with {@link OpenOptions.path}.
   * @default 'everysec'
   */
  appendfsync?: AppendFsync;
  /**
   * Rewrite (compact) the log by itself when it has grown by `percentage`
   * since the last rewrite and is at least `minSize` bytes, as Redis's
   * auto-aof-rewrite-percentage and auto-aof-rewrite-min-size; `false` never.
   * @default { percentage: 100, minSize: 64 MiB }
   */
  autoRewrite?: { percentage?: number; minSize?: number } | false;
  /**
   * Where the log's notices and warnings go (a torn tail cut at load, a
   * failing disk, a rewrite). By default warnings go to `console.warn` and
   * notices nowhere.
   */
  logger?: (level: 'notice' | 'warning', message: string) => void;
  /** Called about once a second while a long log loads. */
  onLoadProgress?: (progress: LoadProgress) => void;
  /**
   * When hashes and sets leave their compact encodings, as redis.conf's
   * hash-max-listpack-entries, hash-max-listpack-value and
   * set-max-intset-entries: a hash stays a listpack while it has at most
   * `hashMaxListpackEntries` fields and no field or value longer than
   * `hashMaxListpackValue` bytes; a set of integers stays an intset while it
   * has at most `setMaxIntsetEntries` members. A limit left out keeps Redis
   * 7.0's default. Change them later with {@link DB.setEncodingLimits}.
   * @default { hashMaxListpackEntries: 512, hashMaxListpackValue: 64, setMaxIntsetEntries: 512 }
   * @example open({ encoding: { hashMaxListpackEntries: 128 } })
   */
  encoding?: Partial<EncodingLimits>;
  /**
   * Where the random choices start (SPOP, SRANDMEMBER, HRANDFIELD,
   * RANDOMKEY): two databases opened with the same seed, on the same engine,
   * given the same commands, make the same choices, so a test or a
   * simulation can be repeated. A whole number from 0 to 2^32 - 1.
   * @default a fixed seed of the engine's
   */
  seed?: number;
}

/** {@link OpenOptions} with a path: the database is kept on disk. */
export type PersistentOpenOptions = OpenOptions & { path: string };

/**
 * A callback for {@link DB.update} or {@link DB.view}. It must be synchronous:
 * an `await` inside would let other code see the transaction half done.
 */
export type TxCallback<T> = (tx: Tx) => T extends PromiseLike<unknown> ? never : T;

/**
 * open: opens a database. Without `path` it lives in memory and is returned
 * at once; with `path` the log in that directory is replayed first and a
 * promise of the database is returned (`await open({ path })` works either
 * way).
 *
 * @example
 * ```ts
 * const db = open();
 * db.set('greeting', 'hello', 'EX', 60);
 * db.get('greeting'); // 'hello'
 * db.close();
 *
 * const kept = await open({ path: './data', appendfsync: 'always' });
 * kept.set('visits', '1');
 * await kept.flush(); // on disk
 * await kept.close();
 * ```
 */
export function open(options: PersistentOpenOptions): Promise<DB>;
export function open(options?: OpenOptions & { path?: undefined }): DB;
export function open(options?: OpenOptions): DB | Promise<DB>;
export function open(options: OpenOptions = {}): DB | Promise<DB> {
  if (options.path === undefined) return new DB(newContext(options), options, null);
  const path = options.path;
  return storageFor(path).then((storage) => openWithStorage(storage, options));
}

/** The storage backend of this runtime: OPFS in a browser's worker, else node:fs (Node, Deno, Bun). */
async function storageFor(path: string): Promise<Storage> {
  const opfs = await import('./storage/opfs.js');
  if (opfs.opfsAvailable()) return opfs.opfsStorage(path);
  try {
    const { nodeStorage } = await import('./storage/node.js');
    return nodeStorage(path);
  } catch (error) {
    const inBrowser = typeof (globalThis as { document?: unknown }).document !== 'undefined';
    throw new Error(
      inBrowser
        ? "flashkv: open({ path }) keeps a browser's database in OPFS through sync access handles, which exist only in a dedicated worker: call open() there, or openInWorker() from 'flashkv/worker' here"
        : 'flashkv: open({ path }) keeps the database in files through node:fs (Node, Deno, Bun) or OPFS (a browser worker); this runtime has neither',
      { cause: error },
    );
  }
}

/** @internal Opens a database kept in `storage` (tests pass an in-memory one). */
export async function openWithStorage(storage: Storage, options: OpenOptions): Promise<DB> {
  const context = newContext(options);
  const logger = options.logger ?? defaultLogger;
  const autoRewrite = options.autoRewrite === false ? { percentage: 0, minSize: 0 } : (options.autoRewrite ?? {});
  let log: AppendLog;
  try {
    log = await AppendLog.open(storage, context, {
      appendfsync: options.appendfsync ?? 'everysec',
      autoRewritePercentage: autoRewrite.percentage ?? 100,
      autoRewriteMinSize: autoRewrite.minSize ?? 64 * 1024 * 1024,
      hooks: { log: logger, progress: options.onLoadProgress },
    });
  } catch (error) {
    context.engine.close();
    throw error;
  }
  context.log = log;
  return new DB(context, options, log);
}

/** The engine `options` ask for, on the wall clock, with the table's session state around it. */
function newContext(options: OpenOptions): CommandContext {
  if (options.appendfsync !== undefined && !['always', 'everysec', 'no'].includes(options.appendfsync)) {
    throw new TypeError(`flashkv: appendfsync must be 'always', 'everysec' or 'no', not ${JSON.stringify(options.appendfsync)}`);
  }
  const limits = encodingLimits(DEFAULT_ENCODING_LIMITS, options.encoding ?? {});
  const engine: Engine = options.engine === 'ts' ? new TsEngine() : new WasmEngine();
  // Before the log is replayed, so its collections take the encodings they had.
  configure(engine, limits);
  if (options.seed !== undefined) engine.seed(checkedSeed(options.seed));
  // Date is looked up at each read, so a clock installed later (fake timers) applies.
  engine.clock.source = () => Date.now();
  return { engine, cursors: new ScanCursors(), stats: new Stats(Date.now()) };
}

function checkedSeed(seed: unknown): number {
  if (typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff) return seed;
  throw new TypeError(`flashkv: seed must be a whole number from 0 to 2^32 - 1, not ${String(seed)}`);
}

/**
 * `base` with `changes` applied, each checked: a known limit (a misspelt
 * one would be ignored silently) and a whole number from 0 to 2^53 - 1.
 */
function encodingLimits(base: Readonly<EncodingLimits>, changes: Partial<EncodingLimits>): EncodingLimits {
  if (typeof changes !== 'object' || changes === null) throw new TypeError(`flashkv: the encoding limits must be an object, not ${String(changes)}`);
  const limits = { ...base };
  for (const [name, value] of Object.entries(changes)) {
    if (!Object.hasOwn(DEFAULT_ENCODING_LIMITS, name)) {
      throw new TypeError(`flashkv: ${JSON.stringify(name)} is not an encoding limit; they are ${Object.keys(DEFAULT_ENCODING_LIMITS).join(', ')}`);
    }
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 0) throw new TypeError(`flashkv: the encoding limit ${name} must be a whole number from 0 to 2^53 - 1, not ${String(value)}`);
    limits[name as keyof EncodingLimits] = value;
  }
  return limits;
}

/**
 * Hands `limits` to the engine. The wasm core keeps each limit in 32 bits;
 * no collection there can reach 2^32 members or bytes, so a larger limit
 * is the same as 2^32 - 1.
 */
function configure(engine: Engine, limits: Readonly<EncodingLimits>): void {
  engine.configure({
    hashMaxListpackEntries: Math.min(limits.hashMaxListpackEntries, MAX_U32),
    hashMaxListpackValue: Math.min(limits.hashMaxListpackValue, MAX_U32),
    setMaxIntsetEntries: Math.min(limits.setMaxIntsetEntries, MAX_U32),
  });
}

const MAX_U32 = 0xffffffff;

function defaultLogger(level: 'notice' | 'warning', message: string): void {
  if (level === 'warning') console.warn(`flashkv: ${message}`);
}

/** DB: one open database. Create it with {@link open}. */
export class DB extends CommandMethods {
  readonly #engine: Engine;
  readonly #context: CommandContext;
  /** The append-only log, for a database opened with a path. */
  readonly #log: AppendLog | null;
  #expiry: ActiveExpiry | undefined;
  /** The encoding limits in force (OpenOptions.encoding, then setEncodingLimits). */
  #limits: EncodingLimits;
  #closed = false;
  /** The handle of the running update()/view(), if any. */
  #tx: Tx | null = null;

  /** @internal Use {@link open}. */
  constructor(context: CommandContext, options: OpenOptions, log: AppendLog | null) {
    super();
    this.#engine = context.engine;
    this.#context = context;
    this.#log = log;
    this.#limits = encodingLimits(DEFAULT_ENCODING_LIMITS, options.encoding ?? {});
    if (options.activeExpiry !== false) {
      this.#expiry = new ActiveExpiry(context.engine, options.activeExpiry);
      this.#expiry.start();
    }
  }

  /** Which engine this database runs on. */
  get engine(): 'wasm' | 'ts' {
    return this.#engine.kind;
  }

  /**
   * update: runs `fn` as one atomic transaction and resolves with what it
   * returned.
   *
   * `fn` gets a {@link Tx} with every command method of the DB. Its reads see
   * its own writes; time stands still while it runs, so no key expires between
   * two of its commands. If `fn` throws (a command error it does not catch
   * counts), every change it made is undone and the promise rejects with that
   * error. The promise resolves once the transaction is committed; when
   * persistence is configured, once it is as durable as the sync policy
   * promises.
   *
   * Rejects with TransactionError if `fn` returns a promise (its changes are
   * undone) or if the DB is closed. Called inside another update()/view()
   * callback, it throws TransactionError at once instead of rejecting: the
   * callback is synchronous and could not await a rejection, so the error
   * fails the outer callback and the outer transaction is undone.
   *
   * @example
   * ```ts
   * await db.update((tx) => {
   *   const balance = Number(tx.get('balance') ?? 0);
   *   if (balance < 10) throw new Error('insufficient funds'); // nothing changes
   *   tx.decrby('balance', 10);
   *   tx.incrby('spent', 10);
   * });
   * ```
   */
  update<T>(fn: TxCallback<T>): Promise<T> {
    if (this.#tx !== null) {
      throw new TransactionError('flashkv: update() was called inside update()/view(); transactions do not nest, so run the commands on the handle the callback received');
    }
    try {
      const refusal = this.#log?.refusal() ?? null;
      if (refusal !== null) throw refusal;
      const result = this.#transact(fn, true);
      return this.#log === null ? Promise.resolve(result) : this.#log.acknowledge().then(() => result);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * flush: resolves once every write made before it is as durable as
   * `appendfsync` promises (written; synced too under `'always'`). Use it
   * after plain writes (`db.set`), whose results come back before they reach
   * the disk; update() acknowledges its own. Rejects if the disk refused
   * them. Resolves at once for a database without a path.
   */
  flush(): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('flashkv: the database is closed'));
    return this.#log?.acknowledge() ?? Promise.resolve();
  }

  /**
   * rewrite: compacts the log (BGREWRITEAOF): the dataset as it is now
   * becomes the new base file and the files it replaces are removed. Writes
   * may continue meanwhile and none is lost. Resolves when the new log is in
   * place. Rejects for a database without a path.
   */
  rewrite(): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('flashkv: the database is closed'));
    if (this.#log === null) return Promise.reject(new Error('flashkv: rewrite() needs a database opened with a path'));
    return this.#log.rewrite();
  }

  /** encodingLimits: when hashes and sets leave their compact encodings, as now set (see {@link OpenOptions.encoding}). */
  get encodingLimits(): Readonly<EncodingLimits> {
    return { ...this.#limits };
  }

  /**
   * setEncodingLimits: changes the limits given (the others stay), as
   * CONFIG SET of hash-max-listpack-entries, hash-max-listpack-value and
   * set-max-intset-entries does: they apply to conversions from now on, and
   * a collection that already converted stays converted. Not part of a
   * transaction (nothing undoes it). Throws a TypeError for an unknown
   * limit or a value that is not a whole number from 0 to 2^53 - 1
   * (nothing changes then), and an Error once the database is closed.
   * @example db.setEncodingLimits({ setMaxIntsetEntries: 1024 })
   */
  setEncodingLimits(limits: Partial<EncodingLimits>): void {
    if (this.#closed) throw new Error('flashkv: the database is closed');
    const next = encodingLimits(this.#limits, limits);
    configure(this.#engine, next);
    this.#limits = next;
  }

  /**
   * view: runs `fn` against a read-only {@link Tx} and returns what it
   * returned. Write commands inside throw TransactionError; time stands still
   * while it runs. Throws TransactionError if `fn` returns a promise or if
   * called inside another update()/view().
   */
  view<T>(fn: TxCallback<T>): T {
    return this.#transact(fn, false);
  }

  /**
   * close: stops the expiry timer and releases everything the database
   * holds (the engine's memory, scan cursors), so the GC can reclaim it even
   * while this DB object is still referenced. Further calls throw. With a
   * path, the log is written, synced and closed and the directory released
   * before the promise resolves; it rejects if the last writes could not be
   * made durable. Without one, everything is released before close returns.
   */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#tx !== null) throw new TransactionError('flashkv: close() inside update()/view(); close after it returns');
    this.#closed = true;
    this.#expiry?.stop();
    this.#expiry = undefined;
    this.#context.cursors.clear();
    if (this.#log === null) {
      this.#engine.close();
      return Promise.resolve();
    }
    return this.#log.close().finally(() => this.#engine.close());
  }

  protected override execute(command: Command, args: readonly Bytes[], as: As): Reply {
    this.#ready();
    if (this.#log !== null) this.#logged(command.flags.includes('write'));
    return runCommand(this.#context, command, args, as);
  }

  protected override contextFor(writing: string | null): CommandContext {
    this.#ready();
    if (this.#log !== null) this.#logged(writing !== null);
    return this.#context;
  }

  /** A command is about to run on a database with a log: a write is refused while the disk fails; what it records is written at the end of the tick. */
  #logged(writes: boolean): void {
    const log = this.#log as AppendLog;
    if (writes) {
      const refusal = log.refusal();
      if (refusal !== null) throw refusal;
    }
    log.schedule();
  }

  /**
   * Runs `fn` with a fresh handle. A writable transaction is bracketed by the
   * engine's begin() and commit(), or rollback() if `fn` throws or returns a
   * promise; either way the handle dies when `fn` returns.
   */
  #transact<T>(fn: TxCallback<T>, writable: boolean): T {
    this.#ready();
    this.#engine.clock.pin();
    const tx = new Tx(this.#context, writable);
    this.#tx = tx;
    if (writable) this.#engine.begin();
    let result: T;
    try {
      result = fn(tx) as T;
      if (isPromiseLike(result)) {
        throw new TransactionError(
          'flashkv: the update()/view() callback returned a promise; it must be synchronous, because an await inside would let other code see the transaction half done. Its changes were undone.',
        );
      }
    } catch (error) {
      if (writable) this.#engine.rollback();
      throw error;
    } finally {
      tx.end();
      this.#tx = null;
    }
    if (writable) this.#engine.commit();
    return result;
  }

  /** Guards in a fixed order (closed, then inside a transaction), then starts a command on the clock (read only if needed, clock.ts). */
  #ready(): void {
    if (this.#closed) throw new Error('flashkv: the database is closed');
    if (this.#tx !== null) {
      throw new TransactionError('flashkv: the database was called directly inside update()/view(); use the transaction handle the callback received (transactions do not nest)');
    }
    this.#engine.clock.begin();
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}
