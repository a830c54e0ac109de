/**
 * The pure-TS engine's effects: every change, as a RESP command that replays
 * to the same dataset (see "Effects stream" in the design notes and the
 * Engine contract).
 *
 * One method per effect form, so the forms are listed in one place and both
 * engines can be held to them:
 *
 *   change                                  effect
 *   SET (no expiry), SET ... GET, SET NX/XX  SET k v
 *   SET with an expiry                       SET k v PXAT ms
 *   SET ... KEEPTTL, INCRBY family,
 *   INCRBYFLOAT                              SET k v KEEPTTL
 *   MSET, MSETNX                             MSET k v [k v ...]
 *   APPEND                                   APPEND k v
 *   SETRANGE                                 SETRANGE k offset v
 *   EXPIRE family, GETEX EX/PX/...           PEXPIREAT k ms
 *   PERSIST, GETEX PERSIST                   PERSIST k
 *   DEL, GETDEL, expiry in the past,
 *   lazy and active expiry                   DEL k (one command per key)
 *   RENAME, RENAMENX                         RENAME src dst
 *   COPY                                     COPY src dst [REPLACE]
 *   FLUSHALL                                 FLUSHALL
 *   HSET, HMSET, HSETNX (when it set)        HSET k f v [f v ...] as given
 *   HDEL (when it removed a field)           HDEL k f [f ...] as given
 *   HINCRBY                                  HINCRBY k f delta
 *   SADD, SREM (when they changed the set)   SADD/SREM k m [m ...] as given
 *   SPOP (when it popped)                    SREM k m [m ...] (the members popped)
 *   SMOVE (when it moved)                    SMOVE src dst m
 *   SUNIONSTORE, SINTERSTORE, SDIFFSTORE
 *   (when the dataset changed)               the command as given
 *   a transaction                            MULTI, its effects, EXEC
 *
 * A collection emptied by HDEL, SREM, SPOP or SMOVE loses its key with no
 * effect of its own: replaying the command empties it again. (HINCRBYFLOAT
 * is HGET then HSET in its row, so it records HSET k f result, as Redis 7.0
 * propagates it.) Fields and members are held in key form (encoding.ts) and
 * written as their bytes.
 *
 * A command that changed nothing (NX/XX refused, an absent key, an empty
 * SETRANGE, GETEX without options, PERSIST without an expiry) records nothing.
 * These are the wasm engine's forms too (assembly/strings.ts, keyspace.ts),
 * so both engines' effect streams can be compared byte for byte. Keys and
 * values arrive in the engine's forms (encoding.ts) and are written as their
 * bytes; the conversion is paid only while recording.
 *
 * TRANSACTIONS
 *
 * begin() writes `MULTI` at once, remembering where it starts, because the
 * buffer can only be cut back, not opened up in the middle. commit() then
 * either appends `EXEC` or, when nothing followed the MULTI, cuts the MULTI
 * away again (a transaction that changed nothing leaves no trace); rollback()
 * cuts back to where the MULTI started. The MULTI is written even while
 * recording is off, so switching recording on inside a transaction still
 * yields a whole unit. Draining inside a transaction throws: the bytes after
 * the MULTI are not yet effects, and once handed over they could not be taken
 * back.
 */
import type { Int } from '../engine.js';
import { RespWriter } from '../resp.js';
import { keyToByteString, textToByteString } from './encoding.js';
import type { Text } from './value.js';

const MULTI: readonly string[] = ['MULTI'];
const EXEC: readonly string[] = ['EXEC'];

/** The effects buffer; every method is a no-op while `enabled` is false. */
export class Effects {
  /** Whether changes are recorded (the engine's `recordEffects`). */
  enabled = false;
  #writer = new RespWriter(4096);
  /** Buffer length before the open transaction's MULTI; -1 outside a transaction. */
  #multiAt = -1;
  /** Buffer length just after that MULTI. */
  #bodyAt = -1;

  /**
   * Hands over the recorded bytes and empties the buffer.
   *
   * @throws Error inside a transaction (see the module comment).
   */
  drain(): Uint8Array {
    if (this.#multiAt !== -1) throw new Error('flashkv: effects cannot be drained inside a transaction');
    return this.#writer.lend();
  }

  /** Opens a transaction's unit: writes MULTI and remembers where it starts. */
  begin(): void {
    this.#multiAt = this.#writer.length;
    this.#writer.command(MULTI);
    this.#bodyAt = this.#writer.length;
  }

  /** Closes the unit with EXEC, or removes the MULTI if nothing followed it. */
  commit(): void {
    if (this.#writer.length === this.#bodyAt) this.#writer.truncate(this.#multiAt);
    else this.#writer.command(EXEC);
    this.#multiAt = this.#bodyAt = -1;
  }

  /** Drops the unit: the MULTI and everything recorded since. */
  rollback(): void {
    this.#writer.truncate(this.#multiAt);
    this.#multiAt = this.#bodyAt = -1;
  }

  /** Drops the buffer and its bytes, in or out of a transaction (the engine is closing). */
  discard(): void {
    this.#writer = new RespWriter(16);
    this.#multiAt = this.#bodyAt = -1;
  }

  set(key: string, value: Text): void {
    if (this.enabled) this.#writer.command(['SET', keyToByteString(key), textToByteString(value)]);
  }

  setPxat(key: string, value: Text, expireAt: Int): void {
    if (this.enabled) this.#writer.command(['SET', keyToByteString(key), textToByteString(value), 'PXAT', String(expireAt)]);
  }

  setKeepTtl(key: string, value: Text): void {
    if (this.enabled) this.#writer.command(['SET', keyToByteString(key), textToByteString(value), 'KEEPTTL']);
  }

  /** The INCR family's result, written out only while recording. */
  setIntegerKeepTtl(key: string, value: Int): void {
    if (this.enabled) this.#writer.command(['SET', keyToByteString(key), String(value), 'KEEPTTL']);
  }

  /** `values[i]` goes to `keys[i]`. */
  mset(keys: readonly string[], values: readonly Text[]): void {
    if (!this.enabled) return;
    const args = ['MSET'];
    for (let i = 0; i < keys.length; i++) args.push(keyToByteString(keys[i]), textToByteString(values[i]));
    this.#writer.command(args);
  }

  append(key: string, value: Text): void {
    if (this.enabled) this.#writer.command(['APPEND', keyToByteString(key), textToByteString(value)]);
  }

  setrange(key: string, offset: number, value: Text): void {
    if (this.enabled) this.#writer.command(['SETRANGE', keyToByteString(key), String(offset), textToByteString(value)]);
  }

  pexpireat(key: string, expireAt: Int): void {
    if (this.enabled) this.#writer.command(['PEXPIREAT', keyToByteString(key), String(expireAt)]);
  }

  persist(key: string): void {
    if (this.enabled) this.#writer.command(['PERSIST', keyToByteString(key)]);
  }

  del(key: string): void {
    if (this.enabled) this.#writer.command(['DEL', keyToByteString(key)]);
  }

  rename(src: string, dst: string): void {
    if (this.enabled) this.#writer.command(['RENAME', keyToByteString(src), keyToByteString(dst)]);
  }

  copy(src: string, dst: string, replace: boolean): void {
    if (!this.enabled) return;
    const args = ['COPY', keyToByteString(src), keyToByteString(dst)];
    if (replace) args.push('REPLACE');
    this.#writer.command(args);
  }

  /** HSET k f v ...: `values[i]` goes to `fields[i]`. */
  hset(key: string, fields: readonly string[], values: readonly Text[]): void {
    if (!this.enabled) return;
    const args = ['HSET', keyToByteString(key)];
    for (let i = 0; i < fields.length; i++) args.push(keyToByteString(fields[i]), textToByteString(values[i]));
    this.#writer.command(args);
  }

  hincrby(key: string, field: string, delta: Int): void {
    if (this.enabled) this.#writer.command(['HINCRBY', keyToByteString(key), keyToByteString(field), String(delta)]);
  }

  /**
   * A command naming a key and then elements in key form: HDEL k f ...,
   * SADD k m ..., SREM k m ... .
   */
  elements(command: 'HDEL' | 'SADD' | 'SREM', key: string, elements: readonly string[]): void {
    if (!this.enabled) return;
    const args = [command, keyToByteString(key)];
    for (const element of elements) args.push(keyToByteString(element));
    this.#writer.command(args);
  }

  smove(src: string, dst: string, member: string): void {
    if (this.enabled) this.#writer.command(['SMOVE', keyToByteString(src), keyToByteString(dst), keyToByteString(member)]);
  }

  /** SUNIONSTORE / SINTERSTORE / SDIFFSTORE dst k ...: a command over keys only. */
  keysCommand(command: 'SUNIONSTORE' | 'SINTERSTORE' | 'SDIFFSTORE', keys: readonly string[]): void {
    if (!this.enabled) return;
    const args: string[] = [command];
    for (const key of keys) args.push(keyToByteString(key));
    this.#writer.command(args);
  }

  flushall(): void {
    if (this.enabled) this.#writer.command(['FLUSHALL']);
  }
}
