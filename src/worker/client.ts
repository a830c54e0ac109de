/**
 * openInWorker: a database that lives in a dedicated worker, for a page
 * that cannot run flashkv in a worker of its own. In a browser this is how
 * the main thread keeps a database in OPFS (src/storage/opfs.ts), whose
 * synchronous access handles exist only in workers.
 *
 * The returned {@link RemoteDB} has the command methods of {@link DB}, each
 * returning a promise of what DB's returns; a transaction is a list of
 * commands given to `exec`, run in one `update()` in the worker (all or
 * nothing). Errors keep their class name and Redis's text.
 *
 * @example
 * ```ts
 * import { openInWorker } from 'flashkv/worker';
 * const db = await openInWorker({ path: 'notes' });
 * await db.set('greeting', 'hello');
 * await db.get('greeting');                 // 'hello'
 * await db.exec([['INCR', 'n'], ['SET', 'k', 'v']]);
 * await db.close();
 * ```
 */
import type { CommandMethods } from '../command-methods.js';
import type { OpenOptions } from '../db.js';
import type { Reply } from '../engine/commands.js';
import { CommandError } from '../errors/command-error.js';
import { OutOfMemoryError } from '../errors/oom-error.js';
import { ReplyError } from '../errors/reply-error.js';
import { TransactionError } from '../errors/transaction-error.js';
import { WrongTypeError } from '../errors/wrongtype-error.js';
import { LIFECYCLE, type Request, type Response, type WorkerEvent } from './protocol.js';

/** The command methods, each answering with a promise. Lazy iterators (scanPrefix, range) stay local to a DB. */
export type RemoteMethods = {
  [K in Exclude<keyof CommandMethods, 'scanPrefix' | 'scanPrefixBuffer' | 'range' | 'rangeBuffer'>]: CommandMethods[K] extends (...params: infer P) => infer R
    ? (...params: P) => Promise<R>
    : never;
};

/** A database in a worker: see {@link openInWorker}. */
export interface RemoteDB extends RemoteMethods {
  /** Which engine holds the data. */
  readonly engine: 'wasm' | 'ts';
  /** Runs `commands` (a command name and its arguments each) as one transaction; resolves with their replies once durable. */
  exec(commands: readonly (readonly [string, ...unknown[]])[]): Promise<Reply[]>;
  /** As {@link DB.flush}. */
  flush(): Promise<void>;
  /** As {@link DB.rewrite}. */
  rewrite(): Promise<void>;
  /** Closes the database (written, synced, released) and ends the worker. */
  close(): Promise<void>;
}

/** Options for {@link openInWorker}: those of `open`, and where the worker's module is. */
export interface WorkerOpenOptions extends OpenOptions {
  /**
   * The URL of flashkv's worker module (`flashkv/worker-host`), for bundlers
   * that do not follow `new URL(..., import.meta.url)`.
   * @default the host.js beside this module
   */
  workerUrl?: string | URL;
}

interface WorkerLike {
  postMessage(message: Request): void;
  terminate(): void;
  onmessage: ((event: { data: Response | WorkerEvent }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
}

type WorkerConstructor = new (url: string | URL, options: { type: 'module' }) => WorkerLike;

const ERRORS: Record<string, new (message: string) => Error> = {
  ReplyError,
  CommandError,
  WrongTypeError,
  OutOfMemoryError,
  TransactionError,
  TypeError,
  RangeError,
};

/** Starts a worker, opens a database in it with `options`, and resolves with a {@link RemoteDB} once it is loaded. */
export async function openInWorker(options: WorkerOpenOptions = {}): Promise<RemoteDB> {
  const WorkerClass = (globalThis as unknown as { Worker?: WorkerConstructor }).Worker;
  if (WorkerClass === undefined) throw new Error('flashkv: openInWorker needs Web Workers (a browser, Deno or Bun)');
  const { workerUrl, logger, onLoadProgress, ...openOptions } = options;
  const worker = new WorkerClass(workerUrl ?? new URL('./host.js', import.meta.url), { type: 'module' });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  let broken: Error | null = null;

  worker.onmessage = ({ data }) => {
    if ('event' in data) {
      if (data.event === 'log') (logger ?? defaultLogger)(data.level, data.message);
      else onLoadProgress?.(data.progress);
      return;
    }
    const waiter = pending.get(data.id);
    if (waiter === undefined) return;
    pending.delete(data.id);
    if (data.ok) waiter.resolve(data.value);
    else waiter.reject(rebuild(data.error));
  };
  worker.onerror = (event) => {
    broken = new Error(`flashkv: the database's worker failed: ${event.message ?? 'unknown error'}`);
    for (const waiter of pending.values()) waiter.reject(broken);
    pending.clear();
  };

  const request = (method: string, args: unknown[]): Promise<unknown> => {
    if (broken !== null) return Promise.reject(broken);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, method, args });
    });
  };

  let engine: 'wasm' | 'ts';
  try {
    engine = (await request('open', [openOptions])) as 'wasm' | 'ts';
  } catch (error) {
    worker.terminate();
    throw error;
  }

  const own: Record<string, unknown> = {
    engine,
    exec: (commands: unknown) => request('exec', [commands]),
    close: async () => {
      try {
        await request('close', []);
      } finally {
        worker.terminate();
      }
    },
  };
  for (const method of LIFECYCLE) if (!(method in own)) own[method] = () => request(method, []);
  return new Proxy(own, {
    get(target, property) {
      if (typeof property !== 'string' || property in target) return Reflect.get(target, property);
      if (property === 'then') return undefined;
      return (...args: unknown[]) => request(property, args);
    },
  }) as unknown as RemoteDB;
}

function rebuild(error: { name: string; message: string }): Error {
  const ErrorClass = ERRORS[error.name] ?? Error;
  const rebuilt = new ErrorClass(error.message);
  if (ErrorClass === Error) rebuilt.name = error.name;
  return rebuilt;
}

function defaultLogger(level: 'notice' | 'warning', message: string): void {
  if (level === 'warning') console.warn(`flashkv: ${message}`);
}
