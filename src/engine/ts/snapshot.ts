/**
 * The TS engine's dataset snapshot (Engine.snapshot): the keys, values and
 * expiries copied into arrays at one instant, then written out as RESP
 * commands chunk by chunk while the live maps go on changing.
 *
 * Copying the entries is the whole pause: spreading a Map's keys and values
 * into two arrays takes about 60 ms for a million keys here, where
 * `new Map(map)` takes a second (it hashes every key again). Sharing the
 * values is safe because a string value is never edited in place (value.ts:
 * an edit makes a new one); a collection type, when one lands, must be
 * copied here or made copy-on-write.
 */
import type { DatasetSnapshot, Int } from '../engine.js';
import { RespWriter } from '../resp.js';
import { keyToByteString, textToByteString } from './encoding.js';
import type { Keyspace } from './keyspace.js';
import { LongString, type Value } from './value.js';

export function snapshotOf(keyspace: Keyspace): DatasetSnapshot {
  return new TsSnapshot([...keyspace.values.keys()], [...keyspace.values.values()], [...keyspace.expires.keys()], [...keyspace.expires.values()]);
}

class TsSnapshot implements DatasetSnapshot {
  #keys: string[];
  #values: Value[];
  #expireKeys: string[];
  #expireTimes: Int[];
  /** Next entry to write: values first, then expiries (a key's PEXPIREAT may follow its SET from far away; replay is the same). */
  #at = 0;
  /** One buffer for every chunk: each is lent (RespWriter.lend), so no chunk costs fresh pages. */
  readonly #writer = new RespWriter(1 << 16);

  constructor(keys: string[], values: Value[], expireKeys: string[], expireTimes: Int[]) {
    this.#keys = keys;
    this.#values = values;
    this.#expireKeys = expireKeys;
    this.#expireTimes = expireTimes;
  }

  next(maxBytes: number): Uint8Array | null {
    const keys = this.#keys;
    const total = keys.length + this.#expireKeys.length;
    if (this.#at >= total) return null;
    const writer = this.#writer;
    while (this.#at < total && writer.length < maxBytes) {
      const at = this.#at++;
      if (at < keys.length) {
        writer.command(['SET', keyToByteString(keys[at]), valueBytes(this.#values[at])]);
      } else {
        const e = at - keys.length;
        writer.command(['PEXPIREAT', keyToByteString(this.#expireKeys[e]), String(this.#expireTimes[e])]);
      }
    }
    return writer.lend();
  }

  close(): void {
    this.#keys = this.#expireKeys = [];
    this.#values = [];
    this.#expireTimes = [];
    this.#at = 0;
  }
}

function valueBytes(value: Value): string | Uint8Array {
  if (value instanceof LongString) return value.bytes;
  if (typeof value === 'object' && !('bytes' in value)) throw new Error(`flashkv: the log cannot write keys of type ${value.type} yet`);
  return textToByteString(value);
}
