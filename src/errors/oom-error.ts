import { ReplyError } from './reply-error.js';

/**
 * OutOfMemoryError: the engine could not get memory for a write (the Wasm
 * engine's 4 GiB linear-memory cap, or a runtime that refused to grow). The
 * write did not happen and the dataset is intact.
 */
export class OutOfMemoryError extends ReplyError {
  override name = 'OutOfMemoryError' as const;

  constructor(detail = 'out of memory') {
    super(`OOM command not allowed: ${detail}`);
  }
}
