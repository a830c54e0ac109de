/**
 * The browser backend of {@link Storage}: a log directory in the Origin
 * Private File System, written through synchronous access handles.
 *
 * Sync access handles exist only in dedicated workers (synchronous since
 * Chromium 108, Firefox 111, Safari 16.4, per MDN's compatibility data; only
 * Chromium 156 is tested here), and they are what an append-only log needs:
 * a write at an offset, `flush()` as fsync, `truncate()`. Renames use the
 * handles' `move()`, which replaces an existing file. So a database kept
 * in OPFS lives in a worker: the app's own, or the one `openInWorker` starts.
 *
 * `path` names a directory under the origin's root ('data' or 'apps/notes');
 * each part is created if missing. A file has at most one access handle at a
 * time in the whole origin, and the lock is a Web Lock named after the path,
 * so a second tab or worker opening the same path gets the same "in use"
 * error as a second process does; the browser releases both when the worker
 * ends, however it ends.
 */
import { StorageError, type AppendFile, type Storage } from './storage.js';

/** The parts of the OPFS and Web Locks APIs this backend uses (typed here: the DOM lib is not in the build). */
interface SyncAccessHandle {
  read(buffer: Uint8Array, options?: { at?: number }): number;
  write(buffer: Uint8Array, options?: { at?: number }): number;
  truncate(size: number): void;
  getSize(): number;
  flush(): void;
  close(): void;
}

interface FileHandle {
  readonly kind: 'file';
  getFile(): Promise<{ arrayBuffer(): Promise<ArrayBuffer> }>;
  createSyncAccessHandle(): Promise<SyncAccessHandle>;
  move(parent: DirectoryHandle, name: string): Promise<void>;
}

interface DirectoryHandle {
  readonly kind: 'directory';
  getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<DirectoryHandle>;
  getFileHandle(name: string, options?: { create?: boolean }): Promise<FileHandle>;
  removeEntry(name: string): Promise<void>;
  keys(): AsyncIterable<string>;
}

interface LockManager {
  request(name: string, options: { ifAvailable: boolean }, callback: (lock: unknown) => Promise<unknown>): Promise<unknown>;
}

interface BrowserNavigator {
  storage?: { getDirectory?(): Promise<DirectoryHandle> };
  locks?: LockManager;
}

const browser = (): BrowserNavigator => (globalThis as unknown as { navigator?: BrowserNavigator }).navigator ?? {};

/** Whether this context can keep a log in OPFS: a dedicated worker of a browser that has sync access handles. */
export function opfsAvailable(): boolean {
  const fileHandle = (globalThis as unknown as { FileSystemFileHandle?: { prototype: object } }).FileSystemFileHandle;
  return fileHandle !== undefined && 'createSyncAccessHandle' in fileHandle.prototype && typeof browser().storage?.getDirectory === 'function';
}

/** A {@link Storage} over the OPFS directory `path`. */
export function opfsStorage(path: string): Storage {
  return new OpfsStorage(path);
}

class OpfsStorage implements Storage {
  readonly location: string;
  #dir: DirectoryHandle | null = null;
  #release: (() => void) | null = null;

  constructor(path: string) {
    this.location = path;
  }

  async lock(): Promise<void> {
    const parts = this.location.split('/').filter((part) => part !== '' && part !== '.');
    if (parts.length === 0 || parts.includes('..')) throw new Error(`flashkv: ${JSON.stringify(this.location)} is not a directory name in the origin's private file system`);
    const locks = browser().locks;
    if (locks === undefined) throw new Error('flashkv: this browser has no Web Locks, which keeping a database in OPFS needs');
    const held = await new Promise<(() => void) | null>((resolve, reject) => {
      locks
        .request(`flashkv:${parts.join('/')}`, { ifAvailable: true }, (lock) => {
          if (lock === null) {
            resolve(null);
            return Promise.resolve();
          }
          // The lock is held until this promise settles: when unlock() is called, or the worker ends.
          return new Promise<void>((release) => resolve(release));
        })
        .catch(reject);
    });
    if (held === null) throw new Error(`flashkv: ${this.location} is in use by another tab or worker; one may open a directory at a time`);
    this.#release = held;
    try {
      let dir = await (browser().storage as { getDirectory(): Promise<DirectoryHandle> }).getDirectory();
      for (const part of parts) dir = await dir.getDirectoryHandle(part, { create: true });
      this.#dir = dir;
    } catch (error) {
      await this.unlock();
      throw storageError(error, `cannot open ${this.location}`);
    }
  }

  async unlock(): Promise<void> {
    this.#release?.();
    this.#release = null;
    this.#dir = null;
  }

  async list(): Promise<string[]> {
    const names: string[] = [];
    for await (const name of this.#directory().keys()) names.push(name);
    return names;
  }

  async read(name: string): Promise<Uint8Array | null> {
    const handle = await this.#file(name, false);
    if (handle === null) return null;
    try {
      return new Uint8Array(await (await handle.getFile()).arrayBuffer());
    } catch (error) {
      throw storageError(error, `cannot read ${this.location}/${name}`);
    }
  }

  async append(name: string): Promise<AppendFile> {
    const handle = (await this.#file(name, true)) as FileHandle;
    try {
      return new OpfsAppendFile(`${this.location}/${name}`, await handle.createSyncAccessHandle());
    } catch (error) {
      throw storageError(error, `cannot open ${this.location}/${name}`);
    }
  }

  async truncate(name: string, size: number): Promise<void> {
    await this.#withHandle(name, (access) => {
      access.truncate(size);
      access.flush();
    });
  }

  async replace(name: string, bytes: Uint8Array): Promise<void> {
    const temp = `temp-${name}`;
    await this.#withHandle(temp, (access) => {
      access.truncate(0);
      writeAll(access, bytes, 0);
      access.flush();
    });
    await this.rename(temp, name);
  }

  async rename(from: string, to: string): Promise<void> {
    const handle = await this.#file(from, false);
    if (handle === null) throw new StorageError('ENOENT', `flashkv: cannot rename ${this.location}/${from}: no such file`);
    try {
      await handle.move(this.#directory(), to);
    } catch (error) {
      throw storageError(error, `cannot rename ${this.location}/${from} to ${to}`);
    }
  }

  async remove(name: string): Promise<void> {
    try {
      await this.#directory().removeEntry(name);
    } catch (error) {
      if ((error as { name?: string }).name !== 'NotFoundError') throw storageError(error, `cannot remove ${this.location}/${name}`);
    }
  }

  #directory(): DirectoryHandle {
    if (this.#dir === null) throw new Error(`flashkv: ${this.location} is not open`);
    return this.#dir;
  }

  async #file(name: string, create: boolean): Promise<FileHandle | null> {
    try {
      return await this.#directory().getFileHandle(name, { create });
    } catch (error) {
      if (!create && (error as { name?: string }).name === 'NotFoundError') return null;
      throw storageError(error, `cannot open ${this.location}/${name}`);
    }
  }

  async #withHandle(name: string, use: (access: SyncAccessHandle) => void): Promise<void> {
    const handle = (await this.#file(name, true)) as FileHandle;
    let access: SyncAccessHandle;
    try {
      access = await handle.createSyncAccessHandle();
    } catch (error) {
      throw storageError(error, `cannot open ${this.location}/${name}`);
    }
    try {
      use(access);
    } catch (error) {
      throw storageError(error, `cannot write ${this.location}/${name}`);
    } finally {
      access.close();
    }
  }
}

class OpfsAppendFile implements AppendFile {
  readonly #name: string;
  readonly #access: SyncAccessHandle;
  #size: number;

  constructor(name: string, access: SyncAccessHandle) {
    this.#name = name;
    this.#access = access;
    this.#size = access.getSize();
  }

  get size(): number {
    return this.#size;
  }

  write(bytes: Uint8Array): void {
    try {
      writeAll(this.#access, bytes, this.#size);
      this.#size += bytes.length;
    } catch (error) {
      try {
        this.#access.truncate(this.#size);
      } catch {
        throw storageError(error, `cannot write ${this.#name} (and cutting the partial write back failed too)`);
      }
      throw storageError(error, `cannot write ${this.#name}`);
    }
  }

  async sync(): Promise<void> {
    try {
      this.#access.flush();
    } catch (error) {
      throw storageError(error, `cannot flush ${this.#name}`);
    }
  }

  async close(): Promise<void> {
    this.#access.close();
  }
}

function writeAll(access: SyncAccessHandle, bytes: Uint8Array, at: number): void {
  let done = 0;
  while (done < bytes.length) {
    const wrote = access.write(bytes.subarray(done), { at: at + done });
    if (wrote <= 0) throw new StorageError('EIO', 'the write made no progress');
    done += wrote;
  }
}

/** A DOMException as a StorageError: a full quota is ENOSPC, as a full disk is. */
function storageError(error: unknown, what: string): StorageError {
  if (error instanceof StorageError) return error;
  const name = (error as { name?: string } | null)?.name ?? '';
  const code = name === 'QuotaExceededError' ? 'ENOSPC' : name === 'NoModificationAllowedError' ? 'EBUSY' : name === 'NotFoundError' ? 'ENOENT' : 'EIO';
  return new StorageError(code, `flashkv: ${what}: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}
