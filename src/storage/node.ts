/**
 * The Node file-system backend of {@link Storage} (also what Deno and Bun run,
 * through their node:fs).
 *
 * Writes are synchronous `write(2)` calls (the log writes once per tick, as
 * Redis writes once per event-loop turn) and fsync runs on libuv's thread
 * pool, so the main thread keeps serving while the disk catches up.
 *
 * The lock is a file, `flashkv.lock`, created exclusively and holding the
 * owner's pid: a second open finds it, and fails if that process still runs;
 * a lock left by a process that died is taken over. Within one process a set
 * of held directories does the same job (the pid would be our own).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StorageError, type AppendFile, type Storage } from './storage.js';

const LOCK_FILE = 'flashkv.lock';
/** Directories held by databases of this process, by real path. */
const HELD = new Set<string>();

/** A {@link Storage} over the directory `dir` (created on lock if missing). */
export function nodeStorage(dir: string): Storage {
  return new NodeStorage(path.resolve(dir));
}

class NodeStorage implements Storage {
  readonly location: string;
  #held: string | null = null;

  constructor(dir: string) {
    this.location = dir;
  }

  async lock(): Promise<void> {
    guard(() => fs.mkdirSync(this.location, { recursive: true }), `cannot create the directory ${this.location}`);
    const real = fs.realpathSync(this.location);
    if (HELD.has(real)) throw new Error(`flashkv: ${this.location} is already open in this process; close that database (and await its close()) first`);
    const lockPath = path.join(real, LOCK_FILE);
    for (let attempt = 0; ; attempt++) {
      try {
        const fd = fs.openSync(lockPath, 'wx');
        fs.writeSync(fd, `${process.pid}\n`);
        fs.closeSync(fd);
        break;
      } catch (error) {
        if (code(error) !== 'EEXIST' || attempt > 0) throw storageError(error, `cannot lock ${this.location}`);
        const owner = Number.parseInt(readText(lockPath), 10);
        if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
          throw new Error(
            `flashkv: ${this.location} is in use by process ${owner} (or this runtime may not check whether it still runs); one process may open a directory at a time`,
          );
        }
        // The holder is gone (or it was this process, which HELD says no longer holds it): take the lock over.
        fs.rmSync(lockPath, { force: true });
      }
    }
    HELD.add(real);
    this.#held = real;
  }

  async unlock(): Promise<void> {
    if (this.#held === null) return;
    fs.rmSync(path.join(this.#held, LOCK_FILE), { force: true });
    HELD.delete(this.#held);
    this.#held = null;
  }

  async list(): Promise<string[]> {
    return guard(() => fs.readdirSync(this.location), `cannot list ${this.location}`);
  }

  async read(name: string): Promise<Uint8Array | null> {
    const file = path.join(this.location, name);
    try {
      return fs.readFileSync(file);
    } catch (error) {
      if (code(error) === 'ENOENT') return null;
      throw storageError(error, `cannot read ${file}`);
    }
  }

  async append(name: string): Promise<AppendFile> {
    const file = path.join(this.location, name);
    const fd = guard(() => fs.openSync(file, 'a'), `cannot open ${file}`);
    return new NodeAppendFile(file, fd, fs.fstatSync(fd).size);
  }

  async truncate(name: string, size: number): Promise<void> {
    const file = path.join(this.location, name);
    guard(() => {
      const fd = fs.openSync(file, 'r+');
      try {
        fs.ftruncateSync(fd, size);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }, `cannot truncate ${file}`);
  }

  async replace(name: string, bytes: Uint8Array): Promise<void> {
    const file = path.join(this.location, name);
    const temp = path.join(this.location, `temp-${process.pid}-${name}`);
    guard(() => {
      const fd = fs.openSync(temp, 'w');
      try {
        writeAll(fd, bytes);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(temp, file);
    }, `cannot write ${file}`);
    syncDirectory(this.location);
  }

  async rename(from: string, to: string): Promise<void> {
    const target = path.join(this.location, to);
    guard(() => fs.renameSync(path.join(this.location, from), target), `cannot rename ${from} to ${target}`);
    syncDirectory(this.location);
  }

  async remove(name: string): Promise<void> {
    const file = path.join(this.location, name);
    guard(() => fs.rmSync(file, { force: true }), `cannot remove ${file}`);
  }
}

class NodeAppendFile implements AppendFile {
  readonly #file: string;
  readonly #fd: number;
  #size: number;

  constructor(file: string, fd: number, size: number) {
    this.#file = file;
    this.#fd = fd;
    this.#size = size;
  }

  get size(): number {
    return this.#size;
  }

  write(bytes: Uint8Array): void {
    try {
      writeAll(this.#fd, bytes);
      this.#size += bytes.length;
    } catch (error) {
      // Cut a partial write back, so the file never ends in half a record we reported as failed.
      try {
        fs.ftruncateSync(this.#fd, this.#size);
      } catch {
        throw storageError(error, `cannot write ${this.#file} (and cutting the partial write back failed too)`);
      }
      throw storageError(error, `cannot write ${this.#file}`);
    }
  }

  sync(): Promise<void> {
    return new Promise((resolve, reject) => {
      fs.fsync(this.#fd, (error) => (error === null ? resolve() : reject(storageError(error, `cannot fsync ${this.#file}`))));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      fs.close(this.#fd, (error) => (error === null ? resolve() : reject(storageError(error, `cannot close ${this.#file}`))));
    });
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done);
}

/** fsync of a directory makes a rename in it durable; some file systems refuse it, which changes nothing there. */
function syncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fs.fsyncSync(fd);
  } catch (error) {
    if (!['EINVAL', 'EISDIR', 'EPERM', 'EBADF'].includes(code(error) ?? '')) throw storageError(error, `cannot fsync the directory ${dir}`);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Whether process `pid` still runs. Only "no such process" (ESRCH) says it
 * is gone: a refusal to look (EPERM, or Deno without --allow-run, whose
 * NotCapable error has no code) keeps the lock, since taking over a live
 * holder's directory would corrupt its log.
 */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return code(error) !== 'ESRCH';
  }
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'latin1');
  } catch {
    return '';
  }
}

function guard<T>(fn: () => T, what: string): T {
  try {
    return fn();
  } catch (error) {
    throw storageError(error, what);
  }
}

function code(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}

function storageError(error: unknown, what: string): StorageError {
  if (error instanceof StorageError) return error;
  const errorCode = code(error) ?? 'EIO';
  return new StorageError(errorCode, `flashkv: ${what}: ${(error as Error).message}`, { cause: error });
}
