/**
 * A dataset as the commands that rebuild it: the body of a base file, as a
 * rewrite writes it. Per key, the command that creates its value (SET for a
 * string; each type adds its own as it lands) and PEXPIREAT for an expiry,
 * the forms redis-server's own rewrite writes.
 *
 * Built from the Engine contract (an ordered key walk, TYPE, GET, the
 * expiry), so one function serves both engines; keys come in batches, each
 * read at the engine's current instant.
 */
import { As, type Engine } from '../engine/engine.js';
import { RespWriter } from '../engine/resp.js';

const BATCH = 1024;

/** Appends to `writer` the commands that rebuild every live key of `engine`. */
export function writeSnapshot(engine: Engine, writer: RespWriter): number {
  let from: Uint8Array | null = null;
  let inclusive = true;
  let keys = 0;
  for (;;) {
    const batch = engine.scanKeys({ from, inclusive, limit: BATCH, end: null, prefix: null, match: null, type: null });
    for (const key of batch.keys) {
      const type = engine.type(key);
      if (type === 'none') continue;
      if (type !== 'string') throw new Error(`flashkv: the log cannot write keys of type ${type} yet`);
      writer.command(['SET', key, engine.get(key, As.Bytes) as Uint8Array]);
      const expireAt = engine.expireTime(key);
      if (expireAt !== -1) writer.command(['PEXPIREAT', key, String(expireAt)]);
      keys++;
    }
    if (batch.last === null) return keys;
    from = batch.last;
    inclusive = false;
  }
}
