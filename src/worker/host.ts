/**
 * The worker side of {@link openInWorker}: this module is the worker's
 * entry. It opens one database as the page asks, runs each call on it in
 * order, and answers with the reply or the error; the log's notices and load
 * progress go to the page as events.
 *
 * Calls run one at a time, each awaited, so the page sees them in the order
 * it made them, as a connection to redis-server would.
 */
import { open, type DB, type OpenOptions } from '../db.js';
import type { Arg } from '../command-methods.js';
import { COMMANDS } from '../engine/commands.js';
import { LIFECYCLE, type Request, type Response, type WorkerEvent } from './protocol.js';

interface WorkerScope {
  onmessage: ((event: { data: Request }) => void) | null;
  postMessage(message: Response | WorkerEvent): void;
}

const scope = globalThis as unknown as WorkerScope;
let db: DB | null = null;
let queue: Promise<void> = Promise.resolve();

/** What a page may call: the command methods the rows make (and their Buffer twins), call, and the life cycle. */
const callable = new Set<string>([...LIFECYCLE, 'call', 'callBuffer', 'memoryUsage']);
for (const command of COMMANDS) {
  if (command.method === undefined) continue;
  callable.add(command.name);
  if (command.method.buffer === true) callable.add(`${command.name}Buffer`);
}

scope.onmessage = ({ data }) => {
  queue = queue.then(() => answer(data));
};

async function answer({ id, method, args }: Request): Promise<void> {
  try {
    scope.postMessage({ id, ok: true, value: await run(method, args) });
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    scope.postMessage({ id, ok: false, error: { name, message } });
  }
}

async function run(method: string, args: unknown[]): Promise<unknown> {
  if (method === 'open') {
    if (db !== null) throw new Error('flashkv: this worker already holds a database');
    const options = args[0] as OpenOptions;
    db = await open({
      ...options,
      logger: (level, message) => scope.postMessage({ event: 'log', level, message }),
      onLoadProgress: (progress) => scope.postMessage({ event: 'progress', progress }),
    });
    return db.engine;
  }
  if (db === null) throw new Error('flashkv: the database is not open');
  const live = db;
  if (method === 'exec') {
    const commands = args[0] as [string, ...Arg[]][];
    return live.update((tx) => commands.map(([name, ...rest]) => tx.call(name, ...rest)));
  }
  const target = (live as unknown as Record<string, unknown>)[method];
  if (typeof target !== 'function' || !callable.has(method)) throw new TypeError(`flashkv: ${method} is not a method a page can call in the worker`);
  return (target as (...params: unknown[]) => unknown).apply(live, args);
}
