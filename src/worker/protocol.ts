/**
 * The messages between {@link openInWorker}'s proxy (client.ts) and the
 * worker that holds the database (host.ts). Everything in them is
 * structured-cloneable: command arguments and replies are strings, numbers,
 * bigints, Uint8Arrays, arrays and plain objects.
 */

/** A call from the page: a DB method by name, or 'open' / 'exec'. */
export interface Request {
  id: number;
  method: string;
  args: unknown[];
}

/** The answer to one {@link Request}. */
export type Response =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; message: string } };

/** Something the worker reports on its own: a log line, or load progress. */
export type WorkerEvent =
  | { event: 'log'; level: 'notice' | 'warning'; message: string }
  | { event: 'progress'; progress: { bytes: number; totalBytes: number; commands: number; elapsedMs: number } };

/** The methods a page may call besides the command methods. */
export const LIFECYCLE = ['flush', 'rewrite', 'close'] as const;
