/**
 * Loading a log directory into an engine: the manifest's base, then each
 * incremental file, replayed command by command through the command table.
 *
 * What may go wrong, and what happens (Redis 7 does the same with its
 * default aof-load-truncated yes):
 * - The last file ends in the middle of a command, or inside a MULTI with no
 *   EXEC: a crash cut the last write short. The incomplete part is cut off
 *   the file, with a warning; the writes it held were never acknowledged.
 * - Anything else that is not a well-formed command (damage before the
 *   tail, a torn file that is not the last, an unknown command): the load
 *   stops with an error naming the file and the byte offset, and no file is
 *   changed. `flashkv check-aof --fix` is the deliberate way to cut a file
 *   back to its last good command.
 * - A command that replies with an error (WRONGTYPE...) is skipped, as Redis
 *   skips it, with one warning for the whole load.
 */
import { As } from '../engine/engine.js';
import { lookupCommand, resolveCommand, type Command, type CommandContext } from '../engine/commands.js';
import { resolveRow } from '../engine/commands/row.js';
import { isReplyError } from '../errors/reply-error.js';
import type { Storage } from '../storage/storage.js';
import { MANIFEST_NAME, parseManifest, type Manifest } from './manifest.js';
import { readCommands } from './reader.js';

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
  /** Bytes replayed, in all and in the base file. */
  bytes: number;
  baseBytes: number;
}

const LATIN1 = new TextDecoder('latin1');
const PROGRESS_EVERY_MS = 1000;

/** Whether `bytes` spell `word` (lower-case letters) in any case, without decoding them. */
function isWord(bytes: Uint8Array, word: string): boolean {
  if (bytes.length !== word.length) return false;
  for (let i = 0; i < word.length; i++) if ((bytes[i] | 0x20) !== word.charCodeAt(i)) return false;
  return true;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Replays the log in `storage` into `ctx.engine` (which must be empty and
 * not recording effects). Throws, having changed no file, if the log cannot
 * be read as a whole; cuts a torn tail off the last file.
 */
export async function loadLog(storage: Storage, ctx: CommandContext, hooks: LogHooks): Promise<LoadResult> {
  const manifestBytes = await storage.read(MANIFEST_NAME);
  if (manifestBytes === null) {
    const names = await storage.list();
    const stray = names.find((name) => name.startsWith('appendonly.aof'));
    if (stray !== undefined) {
      throw new Error(`flashkv: ${storage.location} holds ${stray} but no ${MANIFEST_NAME}; flashkv reads Redis 7's multi-part log, which starts from a manifest`);
    }
    return { manifest: null, commands: 0, bytes: 0, baseBytes: 0 };
  }
  const manifest = parseManifest(LATIN1.decode(manifestBytes), `${storage.location}/${MANIFEST_NAME}`);
  const entries = manifest.base === null ? manifest.incrs : [manifest.base, ...manifest.incrs];

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
  let cut: { name: string; offset: number; size: number } | null = null;
  let lastName: Uint8Array | null = null;
  let lastCommand: Command | undefined;

  for (let f = 0; f < entries.length; f++) {
    const name = entries[f].name;
    const bytes = files[f];
    const last = f === entries.length - 1;
    /** Commands of an open MULTI, and where it started; null outside one. */
    let queued: Uint8Array[][] | null = null;
    let multiAt = 0;
    const fail = (offset: number, why: string): never => {
      throw new Error(
        `flashkv: cannot load ${storage.location}: ${name} at byte ${offset}: ${why.trim()}. No file was changed; \`flashkv check-aof --fix ${storage.location}\` cuts the log back to its last good command, dropping what follows.`,
      );
    };
    const apply = (args: Uint8Array[], offset: number): void => {
      let call;
      try {
        // A log is mostly runs of one command: its row is looked up once per run.
        if (lastName !== null && sameBytes(args[0], lastName)) {
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

    const end = readCommands(bytes, (args, start, stop) => {
      const name = args[0];
      if (isWord(name, 'multi')) {
        if (queued !== null) fail(start, 'MULTI inside MULTI');
        queued = [];
        multiAt = start;
      } else if (isWord(name, 'exec')) {
        if (queued === null) fail(start, 'EXEC without MULTI');
        for (const command of queued!) apply(command, multiAt);
        queued = null;
      } else if (isWord(name, 'select')) {
        if (args.length !== 2 || LATIN1.decode(args[1]) !== '0') fail(start, 'the log selects a database other than 0; flashkv has one keyspace, database 0');
      } else if (queued !== null) {
        queued.push(args);
      } else {
        apply(args, start);
      }
      commands++;
      if ((commands & 4095) === 0 && hooks.progress !== undefined && Date.now() >= nextProgress) {
        nextProgress = Date.now() + PROGRESS_EVERY_MS;
        hooks.progress({ bytes: replayed + stop, totalBytes, commands, elapsedMs: Date.now() - started });
      }
    });

    if (end.kind === 'corrupt') fail(end.at, `not a valid log record (${end.reason})`);
    let goodUpTo = end.kind === 'torn' ? end.offset : bytes.length;
    if (queued !== null) goodUpTo = multiAt;
    if (goodUpTo < bytes.length) {
      if (!last) fail(goodUpTo, end.kind === 'torn' ? 'the file ends in the middle of a command, and it is not the last file of the log' : 'MULTI without EXEC, and it is not the last file of the log');
      cut = { name, offset: goodUpTo, size: bytes.length };
    }
    replayed += bytes.length;
  }

  if (skipped > 0) hooks.log?.('warning', `${skipped} command(s) of the log replied with an error and were skipped, as Redis skips them; the first: ${firstSkip}`);
  if (cut !== null) {
    await storage.truncate(cut.name, cut.offset);
    hooks.log?.(
      'warning',
      `the log ended in the middle of a write (a crash cut it short): cut ${cut.name} from ${cut.size} to ${cut.offset} bytes; the ${cut.size - cut.offset} bytes cut were never acknowledged`,
    );
  }
  hooks.log?.('notice', `DB loaded from the log: ${commands} commands, ${totalBytes} bytes, ${((Date.now() - started) / 1000).toFixed(3)} seconds`);
  return { manifest, commands, bytes: totalBytes - (cut === null ? 0 : cut.size - cut.offset), baseBytes: manifest.base === null ? 0 : files[0].length };
}
