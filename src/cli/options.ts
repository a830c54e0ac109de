/**
 * options: the `flashkv` command line, read with node:util's parseArgs.
 *
 *   flashkv [--dir <path> | --memory] [--appendfsync always|everysec|no]
 *           [--engine wasm|ts] [--raw | --no-raw] [-h | --help] [-v | --version]
 *   flashkv check-aof [--fix] <dir>
 *
 * parseArgs splits the arguments into tokens (so `--engine=ts`, `-hv` and
 * `--engine ts` all work); this module walks the tokens in order, so the
 * last of --raw and --no-raw wins, and words every refusal itself: an
 * unknown option, a stray argument, a value given to a flag, a value that is
 * not one of those allowed, or options that contradict each other. Node's
 * own messages for these suggest `--`, which this command has no use for.
 *
 * A value that starts with "-" after a space (`--dir --memory`) is refused
 * rather than taken: it is far more likely a forgotten value than a
 * directory named "--memory". `--dir=-x` says that one is meant.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { AppendFsync } from '../aof/log.js';

/** Where the data is kept when neither --dir nor --memory is given: ./data, as redis-server keeps its files in its working directory. */
export const DEFAULT_DIR = 'data';

/** The parsed command line of the prompt. */
export interface CliOptions {
  engine: 'wasm' | 'ts';
  /** Forced output mode: true for --raw, false for --no-raw, undefined to follow the terminal. */
  raw: boolean | undefined;
  /** The directory holding the log, or null for --memory (nothing on disk). */
  dir: string | null;
  /** The sync policy of the log; undefined leaves open()'s default (everysec). */
  appendfsync: AppendFsync | undefined;
  help: boolean;
  version: boolean;
}

/** The parsed command line of `flashkv check-aof`. */
export interface CheckAofOptions {
  /** The log directory (or its manifest file); null only with --help. */
  dir: string | null;
  fix: boolean;
  help: boolean;
}

/** What --help prints, and what follows a refusal on stderr. */
export const USAGE = `Usage: flashkv [OPTIONS]
       flashkv check-aof [--fix] <dir>

An interactive prompt on an embedded flashkv database. Type Redis commands as
in redis-cli; "help" inside the prompt lists what is supported. Piped input is
read one command per line.

The database is kept in ./data (relative to the current directory) as an
append-only log in Redis 7's layout, and loaded from there on the next start.

Options:
  --dir <path>        Keep the database in this directory instead of ./data.
  --memory            Keep nothing on disk: the data is gone when flashkv ends.
  --appendfsync <always|everysec|no>
                      When writes are synced to the disk: before each reply is
                      acknowledged, once a second (default), or when the OS
                      chooses.
  --engine <wasm|ts>  Engine holding the data (default: wasm).
  --raw               Print replies raw (default when stdout is not a terminal).
  --no-raw            Print replies formatted (default when stdout is a terminal).
  -v, --version       Print the version and exit.
  -h, --help          Print this help and exit.

Commands:
  check-aof [--fix] <dir>
                      Check the log in <dir>; --fix cuts a damaged last file
                      back to its last whole command. "flashkv check-aof
                      --help" says more.

Environment:
  FLASHKV_HISTFILE    History file (default ~/.flashkv_history; empty: none).
`;

/** What `flashkv check-aof --help` prints, and what follows its refusals. */
export const CHECK_AOF_USAGE = `Usage: flashkv check-aof [--fix] <dir>

Reads the log in <dir> (a directory flashkv or redis-server wrote: a manifest,
a base file and incremental files) without loading it, and says for each file
whether it is whole. For the first problem it gives the file, the byte offset
and what is wrong there. Exits with 1 if the log is not valid.

Options:
  --fix               Cut the damaged file back to its last whole command,
                      after saying how many bytes go. Only the last file of
                      the log may be cut; damage in an earlier one is
                      reported and left alone.
  -h, --help          Print this help and exit.

<dir> may also be the manifest file itself (appendonly.aof.manifest).
`;

const OPTIONS = {
  engine: { type: 'string' },
  dir: { type: 'string' },
  memory: { type: 'boolean' },
  appendfsync: { type: 'string' },
  raw: { type: 'boolean' },
  'no-raw': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const CHECK_AOF_OPTIONS = {
  fix: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The name of the subcommand `argv` starts with, if it starts with one. */
export function subcommandOf(argv: readonly string[]): 'check-aof' | null {
  return argv[0] === 'check-aof' ? 'check-aof' : null;
}

/** A token of parseArgs, as this module reads it. */
type Token =
  | { kind: 'option'; name: string; rawName: string; value?: string; inlineValue?: boolean }
  | { kind: 'positional'; value: string }
  | { kind: 'option-terminator' };
type OptionToken = Token & { kind: 'option' };

function tokensOf(argv: readonly string[], options: ParseArgsConfig['options']): Token[] {
  // Not strict: the callers refuse what parseArgs would, in our words.
  return parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true }).tokens as Token[];
}

/** The value of a string option, refused when missing or when it looks like the next option (see the module comment). */
function valueOf(token: OptionToken, what: string): string {
  const value = token.value;
  if (value === undefined || (!token.inlineValue && value.startsWith('-'))) throw new Error(`${token.rawName} needs a value: ${what}`);
  return value;
}

/**
 * parseCliOptions: the options in `argv` (without node and the script) for
 * the prompt. Throws an Error whose message is meant for the user.
 */
export function parseCliOptions(argv: readonly string[]): CliOptions {
  const options: CliOptions = { engine: 'wasm', raw: undefined, dir: DEFAULT_DIR, appendfsync: undefined, help: false, version: false };
  let dirGiven = false;
  let memory = false;
  for (const token of tokensOf(argv, OPTIONS)) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      throw new Error(`unexpected argument ${JSON.stringify(token.value)} (flashkv takes options only, or "check-aof" first)`);
    }
    if (token.name === 'engine') {
      const value = valueOf(token, '"wasm" or "ts"');
      if (value !== 'wasm' && value !== 'ts') throw new Error(`--engine must be "wasm" or "ts", not ${JSON.stringify(value)}`);
      options.engine = value;
      continue;
    }
    if (token.name === 'dir') {
      const value = valueOf(token, 'the directory to keep the database in');
      if (value === '') throw new Error('--dir needs a value: the directory to keep the database in');
      options.dir = value;
      dirGiven = true;
      continue;
    }
    if (token.name === 'appendfsync') {
      const value = valueOf(token, '"always", "everysec" or "no"');
      if (value !== 'always' && value !== 'everysec' && value !== 'no') {
        throw new Error(`--appendfsync must be "always", "everysec" or "no", not ${JSON.stringify(value)}`);
      }
      options.appendfsync = value;
      continue;
    }
    if (!Object.hasOwn(OPTIONS, token.name)) throw new Error(`unknown option ${JSON.stringify(token.rawName)}`);
    if (token.value !== undefined) throw new Error(`${token.rawName} takes no value`);
    if (token.name === 'memory') memory = true;
    else if (token.name === 'raw') options.raw = true;
    else if (token.name === 'no-raw') options.raw = false;
    else if (token.name === 'help') options.help = true;
    else options.version = true;
  }
  if (memory) {
    if (dirGiven) throw new Error('--memory keeps nothing on disk, so it cannot be given with --dir');
    if (options.appendfsync !== undefined) throw new Error('--appendfsync applies to a database kept on disk; --memory keeps nothing there');
    options.dir = null;
  }
  return options;
}

/**
 * parseCheckAofOptions: the options of `flashkv check-aof` in `argv` (the
 * words after "check-aof"). Throws an Error whose message is meant for the
 * user.
 */
export function parseCheckAofOptions(argv: readonly string[]): CheckAofOptions {
  const options: CheckAofOptions = { dir: null, fix: false, help: false };
  for (const token of tokensOf(argv, CHECK_AOF_OPTIONS)) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      if (options.dir !== null) throw new Error(`unexpected argument ${JSON.stringify(token.value)} (check-aof checks one directory)`);
      if (token.value === '') throw new Error('the directory to check cannot be an empty name');
      options.dir = token.value;
      continue;
    }
    if (!Object.hasOwn(CHECK_AOF_OPTIONS, token.name)) throw new Error(`unknown option ${JSON.stringify(token.rawName)}`);
    if (token.value !== undefined) throw new Error(`${token.rawName} takes no value`);
    if (token.name === 'fix') options.fix = true;
    else options.help = true;
  }
  if (options.dir === null && !options.help) throw new Error('missing the directory to check, as in: flashkv check-aof ./data');
  return options;
}
