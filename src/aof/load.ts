/**
 * Loading a log directory into an engine: the manifest's base, then each
 * incremental file, replayed command by command through the command table.
 *
 * What may go wrong, and what happens (Redis 7 does the same with its
 * default aof-load-truncated yes):
 * - The last file ends in the middle of a command, or inside a MULTI with no
 *   EXEC: a crash cut the last write short. The incomplete part is cut off
 *   the file, with a warning; the writes it held were never acknowledged.
 *   An incremental file that is not the last may end so too (the one a
 *   rewrite closed just before a power loss, see below): it is cut, and the
 *   files after it are emptied.
 * - Anything else that is not a well-formed command (damage before the
 *   tail, a torn base file, an unknown command): the load stops with an
 *   error naming the file and the byte offset, and no file is changed.
 *   `flashkv check-aof` reports on each file; with --fix it is the
 *   deliberate way to cut the last one back to its last good command.
 * - A command that replies with an error (WRONGTYPE...) is skipped, as Redis
 *   skips it, with one warning for the whole load.
 */
import { As } from '../engine/engine.js';
import { lookupCommand, resolveCommand, type Command, type CommandContext } from '../engine/commands.js';
import { resolveRow } from '../engine/commands/row.js';
import { equalBytes } from '../engine/bytes.js';
import { isReplyError } from '../errors/reply-error.js';
import type { Storage } from '../storage/storage.js';
import { MANIFEST_NAME, readManifest, replayOrder, type Manifest } from './manifest.js';
import { readUnits, selectTarget } from './units.js';

/** Where the log reports what it does: warnings, notices and load progress. */
export interface LogHooks {
  /** A notice or a warning, in words, as redis-server logs them. */
  log?(level: 'notice' | 'warning', message: string): void;
  /** Progress of a long load, about once a second. */
  progress?(progress: LoadProgress): void;
}

/** How far a load has come. */
export interface LoadProgress {
  /** Bytes of the log replayed so far, and in all. */
  bytes: number;
  totalBytes: number;
  /** Commands replayed so far. */
  commands: number;
  /** Milliseconds since the load started. */
  elapsedMs: number;
}

/** What a load found. */
export interface LoadResult {
  /** The manifest, or null for a directory with no log yet. */
  manifest: Manifest | null;
  /** Commands replayed. */
  commands: number;
  /** Bytes replayed. */
  bytes: number;
}

const PROGRESS_EVERY_MS = 1000;
/** Progress is also looked at after this many bytes, for logs of few, large values. */
const PROGRESS_EVERY_BYTES = 64 * 1024 * 1024;

/**
 * Replays the log in `storage` into `ctx.engine` (which must be empty and
 * not recording effects). Throws, having changed no file, if the log cannot
 * be read as a whole; cuts a torn tail off the last file.
 */
export async function loadLog(storage: Storage, ctx: CommandContext, hooks: LogHooks): Promise<LoadResult> {
  const manifest = await readManifest(storage);
  if (manifest === null) {
    // Empty files and no manifest are what a crash leaves while the first open creates the log (the files come before
    // the manifest that names them): they hold nothing, and the open starts the log over them. Data is never ignored.
    for (const name of await storage.list()) {
      if (name.startsWith('appendonly.aof') && ((await storage.read(name))?.length ?? 0) > 0) {
        throw new Error(`flashkv: ${storage.location} holds ${name} but no ${MANIFEST_NAME}; flashkv reads Redis 7's multi-part log, which starts from a manifest`);
      }
    }
    return { manifest: null, commands: 0, bytes: 0 };
  }
  const entries = replayOrder(manifest);

  const files: Uint8Array[] = [];
  for (const entry of entries) {
    const bytes = await storage.read(entry.name);
    if (bytes === null) throw new Error(`flashkv: the manifest of ${storage.location} names ${entry.name}, which is missing`);
    // A plain view: arguments are views into it, and a Node Buffer's subarray costs more.
    files.push(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
  }
  const totalBytes = files.reduce((sum, bytes) => sum + bytes.length, 0);

  const engine = ctx.engine;
  const started = Date.now();
  let nextProgress = started + PROGRESS_EVERY_MS;
  let commands = 0;
  let replayed = 0;
  let skipped = 0;
  let firstSkip = '';
  /** Files cut at the end of the load: a torn tail, and whatever follows a torn incremental file. */
  const cuts: { name: string; offset: number; size: number }[] = [];
  let lastName: Uint8Array | null = null;
  let lastCommand: Command | undefined;
  let nextProgressBytes = PROGRESS_EVERY_BYTES;

  for (let f = 0; f < entries.length; f++) {
    const entry = entries[f];
    const name = entry.name;
    const bytes = files[f];
    const fail = (offset: number, why: string): never => {
      throw new Error(
        `flashkv: cannot load ${storage.location}: ${name} at byte ${offset}: ${why.trim()}. No file was changed; \`flashkv check-aof ${storage.location}\` reports on every file of the log.`,
      );
    };
    const apply = (args: Uint8Array[], offset: number): void => {
      const select = selectTarget(args);
      if (select === 'other') fail(offset, 'the log selects a database other than 0; flashkv has one keyspace, database 0');
      if (select !== null) return;
      let call;
      try {
        // A log is mostly runs of one command: its row is looked up once per run.
        if (lastName !== null && equalBytes(args[0], lastName)) {
          call = resolveRow(lastCommand as Command, args.slice(1));
        } else {
          call = resolveCommand(args[0], args.slice(1));
          lastName = args[0];
          lastCommand = call.command.name.includes('|') ? lookupCommand(call.command.name.split('|')[0]) : call.command;
        }
      } catch (error) {
        return fail(offset, isReplyError(error) ? error.message : String(error));
      }
      engine.clock.begin();
      try {
        call.command.run(ctx, call.args, As.Bytes);
      } catch (error) {
        if (!isReplyError(error)) throw error;
        if (skipped++ === 0) firstSkip = `${name} at byte ${offset}: ${error.message}`;
      }
    };

    const read = readUnits(bytes, (unit, start, stop) => {
      for (const args of unit) apply(args, start);
      commands += unit.length;
      if (hooks.progress !== undefined && ((commands & 4095) === 0 || replayed + stop >= nextProgressBytes) && Date.now() >= nextProgress) {
        nextProgress = Date.now() + PROGRESS_EVERY_MS;
        nextProgressBytes = replayed + stop + PROGRESS_EVERY_BYTES;
        hooks.progress({ bytes: replayed + stop, totalBytes, commands, elapsedMs: Date.now() - started });
      }
    });
    replayed += bytes.length;
    const end = read.end;
    if (end.kind === 'corrupt') fail(end.at, `not a valid log record (${end.reason})`);
    if (end.kind === 'whole') continue;
    // A torn end: a crash cut the file's last write short. In the last file that is the usual torn
    // tail. In an earlier incremental file it is the one a rewrite had just closed, whose last bytes
    // were not yet synced when the power went: nothing after them was acknowledged under `always`
    // (the new file's syncs wait for the old one's), so the later files are dropped with the tail.
    if (f < entries.length - 1 && entry.type !== 'i') fail(end.goodUpTo, 'the file ends in the middle of a write, and only incremental files can');
    cuts.push({ name, offset: end.goodUpTo, size: bytes.length });
    for (let later = f + 1; later < entries.length; later++) cuts.push({ name: entries[later].name, offset: 0, size: files[later].length });
    break;
  }

  if (skipped > 0) hooks.log?.('warning', `${skipped} command(s) of the log replied with an error and were skipped, as Redis skips them; the first: ${firstSkip}`);
  for (const cut of cuts) {
    await storage.truncate(cut.name, cut.offset);
    hooks.log?.(
      'warning',
      `the log ended in the middle of a write (a crash cut it short): cut ${cut.name} from ${cut.size} to ${cut.offset} bytes; the ${cut.size - cut.offset} bytes cut were never acknowledged`,
    );
  }
  hooks.log?.('notice', `DB loaded from the log: ${commands} commands, ${totalBytes} bytes, ${((Date.now() - started) / 1000).toFixed(3)} seconds`);
  return { manifest, commands, bytes: totalBytes - cuts.reduce((sum, cut) => sum + cut.size - cut.offset, 0) };
}
