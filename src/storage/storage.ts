/**
 * Storage: the files of one log directory, as the append-only log needs them.
 *
 * The log (src/aof/) sees a directory through this interface only, so it runs
 * unchanged over Node's file system (node.ts), memory (memory.ts, which tests
 * also use to inject faults and crashes) and, later, a browser's private file
 * system. Names are plain file names inside the directory; nothing here knows
 * about RESP or manifests.
 *
 * Durability is explicit: a write reaches the file (the OS's cache) and
 * survives a process crash; only {@link AppendFile.sync} and
 * {@link Storage.replace} make bytes survive a power loss. A failure is an
 * {@link StorageError} carrying the system's code (EIO, ENOSPC, EROFS...), so
 * the log can say what went wrong.
 */

/** An open file that only grows at its end (or is cut back after a failed write). */
export interface AppendFile {
  /** The file's length in bytes, including writes not yet synced. */
  readonly size: number;
  /**
   * Appends all of `bytes`, synchronously. On failure it throws a
   * StorageError and the file keeps its old length: a partial write is cut
   * back where possible, and if even that fails the error says so
   * (`torn`), and the log's loader will cut the tail on the next open.
   */
  write(bytes: Uint8Array): void;
  /** Makes every byte written so far durable (fsync). */
  sync(): Promise<void>;
  /** Closes the file; writes not yet synced are not synced by this. */
  close(): Promise<void>;
}

/** One log directory. */
export interface Storage {
  /** Where the directory is, for messages (a path, or a name). */
  readonly location: string;
  /**
   * Takes the directory for this process: creates it if missing and fails
   * with a clear error if another live process (or another open database in
   * this one) holds it. A holder that died does not keep it.
   */
  lock(): Promise<void>;
  /** Gives the directory back. */
  unlock(): Promise<void>;
  /** The names of the files in the directory. */
  list(): Promise<string[]>;
  /** The whole content of `name`, or null if there is no such file. */
  read(name: string): Promise<Uint8Array | null>;
  /** Opens `name` for appending, creating it (empty) if missing. */
  append(name: string): Promise<AppendFile>;
  /** Cuts `name` to its first `size` bytes, durably. */
  truncate(name: string, size: number): Promise<void>;
  /**
   * Writes `name` atomically and durably: a temporary file, synced, renamed
   * over `name`, and the directory synced, so a crash leaves either the old
   * content or the new, never a mix.
   */
  replace(name: string, bytes: Uint8Array): Promise<void>;
  /**
   * Renames `from` to `to` (replacing it) durably: the directory is synced,
   * so after a crash the name points at one file or the other, whole. Sync
   * `from` first.
   */
  rename(from: string, to: string): Promise<void>;
  /** Removes `name` (no error if it is gone already). */
  remove(name: string): Promise<void>;
}

/** A failed file operation, with the system's error code. */
export class StorageError extends Error {
  /** The system's code: 'EIO', 'ENOSPC', 'EROFS', 'EACCES', ... */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
    this.code = code;
  }
}

/** The usual wording of the codes a log meets, as strerror(3) says them (Redis quotes strerror in its replies). */
const DESCRIPTIONS: Record<string, string> = {
  EIO: 'Input/output error',
  ENOSPC: 'No space left on device',
  EROFS: 'Read-only file system',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EDQUOT: 'Disk quota exceeded',
  EBADF: 'Bad file descriptor',
  EFBIG: 'File too large',
};

/** strerror's text for a code, or the code itself when it is not one of the usual ones. */
export function describeCode(code: string): string {
  return DESCRIPTIONS[code] ?? code;
}
