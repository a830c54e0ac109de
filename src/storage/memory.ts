/**
 * An in-memory {@link Storage}: files are byte arrays, each with the length
 * that a sync made durable. Tests drive the log through it to see what a
 * disk would hold: `fail()` makes an operation throw a chosen errno (ENOSPC,
 * EIO...) until cleared, and `crash()` returns the storage a restart would
 * find, keeping of each file only what was synced (and, if asked, a torn part
 * of what was not).
 */
import { StorageError, describeCode, type AppendFile, type Storage } from './storage.js';

/** The operations a fault can be injected into. */
export type FaultyOperation = 'write' | 'sync' | 'replace' | 'truncate' | 'rename';

interface MemoryFile {
  bytes: Uint8Array;
  length: number;
  /** Bytes that survive a crash. */
  durable: number;
}

export class MemoryStorage implements Storage {
  readonly location: string;
  readonly #files = new Map<string, MemoryFile>();
  readonly #faults = new Map<FaultyOperation, string>();
  #locked = false;
  /** fsyncs done so far (replace counts one). */
  syncs = 0;

  constructor(location = 'memory') {
    this.location = location;
  }

  /** From now on `operation` throws a StorageError with `code`; `null` clears it. */
  fail(operation: FaultyOperation, code: string | null): void {
    if (code === null) this.#faults.delete(operation);
    else this.#faults.set(operation, code);
  }

  /**
   * What a restart after a power loss would find: each file cut to its
   * synced length, plus, with `tornBytes`, up to that many of the bytes
   * written after it (a write the disk had partly taken).
   */
  crash(tornBytes = 0): MemoryStorage {
    const after = new MemoryStorage(this.location);
    for (const [name, file] of this.#files) {
      const keep = Math.min(file.length, file.durable + tornBytes);
      after.#files.set(name, { bytes: file.bytes.slice(0, keep), length: keep, durable: keep });
    }
    return after;
  }

  /** The current bytes of `name` (written, synced or not), for tests; null if absent. */
  contents(name: string): Uint8Array | null {
    const file = this.#files.get(name);
    return file === undefined ? null : file.bytes.slice(0, file.length);
  }

  /** Puts a file in place as if it had been there all along (durable). */
  put(name: string, bytes: Uint8Array): void {
    this.#files.set(name, { bytes: bytes.slice(), length: bytes.length, durable: bytes.length });
  }

  async lock(): Promise<void> {
    if (this.#locked) throw new Error(`flashkv: ${this.location} is already open; close that database first`);
    this.#locked = true;
  }

  async unlock(): Promise<void> {
    this.#locked = false;
  }

  async list(): Promise<string[]> {
    return [...this.#files.keys()];
  }

  async read(name: string): Promise<Uint8Array | null> {
    return this.contents(name);
  }

  async append(name: string): Promise<AppendFile> {
    let file = this.#files.get(name);
    if (file === undefined) {
      file = { bytes: new Uint8Array(256), length: 0, durable: 0 };
      this.#files.set(name, file);
    }
    return new MemoryAppendFile(this, name, file);
  }

  async truncate(name: string, size: number): Promise<void> {
    this.check('truncate', name);
    const file = this.#files.get(name);
    if (file === undefined) return;
    file.length = Math.min(file.length, size);
    file.durable = file.length;
  }

  async replace(name: string, bytes: Uint8Array): Promise<void> {
    this.check('replace', name);
    this.syncs++;
    this.put(name, bytes);
  }

  async rename(from: string, to: string): Promise<void> {
    this.check('rename', to);
    const file = this.#files.get(from);
    if (file === undefined) throw new Error(`flashkv: cannot rename ${this.location}/${from}: no such file`);
    this.#files.delete(from);
    // Only what was synced survives a crash, as for any file.
    this.#files.set(to, file);
  }

  async remove(name: string): Promise<void> {
    this.#files.delete(name);
  }

  /** @internal Throws the fault injected into `operation`, if any. */
  check(operation: FaultyOperation, name: string): void {
    const code = this.#faults.get(operation);
    if (code !== undefined) throw new StorageError(code, `flashkv: cannot ${operation} ${this.location}/${name}: ${describeCode(code)}`);
  }
}

class MemoryAppendFile implements AppendFile {
  readonly #storage: MemoryStorage;
  readonly #name: string;
  readonly #file: MemoryFile;

  constructor(storage: MemoryStorage, name: string, file: MemoryFile) {
    this.#storage = storage;
    this.#name = name;
    this.#file = file;
  }

  get size(): number {
    return this.#file.length;
  }

  write(bytes: Uint8Array): void {
    this.#storage.check('write', this.#name);
    const file = this.#file;
    if (file.length + bytes.length > file.bytes.length) {
      const grown = new Uint8Array(Math.max(file.bytes.length * 2, file.length + bytes.length));
      grown.set(file.bytes.subarray(0, file.length));
      file.bytes = grown;
    }
    file.bytes.set(bytes, file.length);
    file.length += bytes.length;
  }

  async sync(): Promise<void> {
    this.#storage.check('sync', this.#name);
    this.#storage.syncs++;
    this.#file.durable = this.#file.length;
  }

  async close(): Promise<void> {}
}
