/**
 * DB: the public face of one flashkv database: the Redis-named command
 * methods (from {@link CommandMethods}), transactions (`update`, `view`) and
 * the lifecycle (`open`, `close`).
 */
import { CommandMethods } from './command-methods.js';
import { runCommand, type Command, type CommandContext, type Reply } from './engine/commands.js';
import type { As, Bytes, Engine } from './engine/engine.js';
import { ScanCursors } from './engine/scan-cursors.js';
import { Stats } from './engine/stats.js';
import { TsEngine } from './engine/ts/index.js';
import { WasmEngine } from './engine/wasm.js';
import { TransactionError } from './errors/transaction-error.js';
import { ActiveExpiry, type ActiveExpiryOptions } from './expiry.js';
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
}

/**
 * A callback for {@link DB.update} or {@link DB.view}. It must be synchronous:
 * an `await` inside would let other code see the transaction half done.
 */
export type TxCallback<T> = (tx: Tx) => T extends PromiseLike<unknown> ? never : T;

/**
 * open: creates an in-memory database.
 *
 * @example
 * ```ts
 * const db = open();
 * db.set('greeting', 'hello', 'EX', 60);
 * db.get('greeting'); // 'hello'
 * db.close();
 * ```
 */
export function open(options: OpenOptions = {}): DB {
  const engine: Engine = options.engine === 'ts' ? new TsEngine() : new WasmEngine();
  return new DB(engine, options);
}

/** DB: one open database. Create it with {@link open}. */
export class DB extends CommandMethods {
  readonly #engine: Engine;
  readonly #context: CommandContext;
  #expiry: ActiveExpiry | undefined;
  #closed = false;
  /** The handle of the running update()/view(), if any. */
  #tx: Tx | null = null;

  /** @internal Use {@link open}. */
  constructor(engine: Engine, options: OpenOptions) {
    super();
    this.#engine = engine;
    // Date is looked up at each read, so a clock installed later (fake timers) applies.
    engine.clock.source = () => Date.now();
    this.#context = { engine, cursors: new ScanCursors(), stats: new Stats(Date.now()) };
    if (options.activeExpiry !== false) {
      this.#expiry = new ActiveExpiry(engine, options.activeExpiry);
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
      return Promise.resolve(this.#transact(fn, true));
    } catch (error) {
      return Promise.reject(error);
    }
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
   * while this DB object is still referenced. Further calls throw.
   */
  close(): void {
    if (this.#closed) return;
    if (this.#tx !== null) throw new TransactionError('flashkv: close() inside update()/view(); close after it returns');
    this.#closed = true;
    this.#expiry?.stop();
    this.#expiry = undefined;
    this.#engine.close();
    this.#context.cursors.clear();
  }

  protected override execute(command: Command, args: readonly Bytes[], as: As): Reply {
    this.#ready();
    return runCommand(this.#context, command, args, as);
  }

  protected override contextFor(): CommandContext {
    this.#ready();
    return this.#context;
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
