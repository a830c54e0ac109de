/**
 * The TS engine's dataset snapshot (Engine.snapshot): the keys, values and
 * expiries copied into arrays at one instant, then written out as RESP
 * commands chunk by chunk while the live maps go on changing.
 *
 * Copying the entries is the whole pause: spreading a Map's keys and values
 * into two arrays takes about 60 ms for a million keys here, where
 * `new Map(map)` takes a second (it hashes every key again). Sharing the
 * values is safe because a string value is never edited in place (value.ts:
 * an edit makes a new one). Collections are edited in place, so each is
 * frozen as it is taken: its element and value arrays are sliced (a copy of
 * pointers, without the ScanMap's Map, which would have to hash every
 * element again), O(elements) in all.
 *
 * What is written, key by key: a string as SET k v; a hash as HSET k f v ...
 * and a set as SADD k m ..., {@link ITEMS_PER_COMMAND} fields or members a
 * command (Redis's AOF_REWRITE_ITEMS_PER_CMD), in the collection's order (an
 * intset ascending), so a large collection is spread over many chunks; then
 * a PEXPIREAT per key with an expiry (after every value: replay is the same).
 */
import type { DatasetSnapshot, Int } from '../engine.js';
import { RespWriter } from '../resp.js';
import { keyToByteString, textToByteString } from './encoding.js';
import { HashValue } from './hash.js';
import type { Keyspace } from './keyspace.js';
import { SetValue } from './set.js';
import { LongString, type Text, type Value } from './value.js';

/** Fields (with their values) or members per HSET or SADD command. */
const ITEMS_PER_COMMAND = 64;

/**
 * A collection as it was when the snapshot was taken: its elements in
 * order, in key form or as intset integers, holes (undefined) included, and
 * a hash's values beside them.
 */
class FrozenCollection {
  constructor(
    readonly command: 'HSET' | 'SADD',
    readonly elements: readonly (string | Int | undefined)[],
    readonly values: readonly (Text | undefined)[] | null,
  ) {}
}

type SnapshotValue = Value | FrozenCollection;

function freeze(value: Value): SnapshotValue {
  if (value instanceof HashValue) {
    const { keys, values } = value.fields.freeze();
    return new FrozenCollection('HSET', keys, values);
  }
  if (value instanceof SetValue) {
    const ints = value.ints;
    return new FrozenCollection('SADD', ints !== null ? ints.slice() : (value.members as NonNullable<SetValue['members']>).freeze().keys, null);
  }
  return value;
}

export function snapshotOf(keyspace: Keyspace): DatasetSnapshot {
  const values: SnapshotValue[] = [...keyspace.values.values()];
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] === 'object') values[i] = freeze(values[i] as Value);
  }
  return new TsSnapshot([...keyspace.values.keys()], values, [...keyspace.expires.keys()], [...keyspace.expires.values()]);
}

class TsSnapshot implements DatasetSnapshot {
  #keys: string[];
  #values: SnapshotValue[];
  #expireKeys: string[];
  #expireTimes: Int[];
  /** Next entry to write: values first, then expiries (a key's PEXPIREAT may follow its SET from far away; replay is the same). */
  #at = 0;
  /** Within a collection entry: the next element to write. */
  #element = 0;
  /** One buffer for every chunk: each is lent (RespWriter.lend), so no chunk costs fresh pages. */
  readonly #writer = new RespWriter(1 << 16);

  constructor(keys: string[], values: SnapshotValue[], expireKeys: string[], expireTimes: Int[]) {
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
      const at = this.#at;
      if (at < keys.length) {
        const value = this.#values[at];
        if (value instanceof FrozenCollection) {
          if (this.#writeBatch(keys[at], value)) continue;
        } else {
          writer.command(['SET', keyToByteString(keys[at]), valueBytes(value)]);
        }
      } else {
        const e = at - keys.length;
        writer.command(['PEXPIREAT', keyToByteString(this.#expireKeys[e]), String(this.#expireTimes[e])]);
      }
      this.#at++;
    }
    return writer.lend();
  }

  /**
   * Writes the next command of up to {@link ITEMS_PER_COMMAND} elements of
   * `frozen`; returns true while elements remain after it, false (and
   * resets the element position) once the collection is done.
   */
  #writeBatch(key: string, frozen: FrozenCollection): boolean {
    const { elements, values } = frozen;
    const args: (string | Uint8Array)[] = [frozen.command, keyToByteString(key)];
    let i = this.#element;
    let items = 0;
    for (; i < elements.length && items < ITEMS_PER_COMMAND; i++) {
      const element = elements[i];
      if (element === undefined) continue;
      args.push(typeof element === 'string' ? keyToByteString(element) : String(element));
      if (values !== null) args.push(textToByteString(values[i] as Text));
      items++;
    }
    if (items > 0) this.#writer.command(args);
    if (i < elements.length) {
      this.#element = i;
      return true;
    }
    this.#element = 0;
    return false;
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
