/**
 * options: the `flashkv` command line, read with node:util's parseArgs.
 *
 *   flashkv [--engine wasm|ts] [--raw | --no-raw] [-h | --help] [-v | --version]
 *
 * parseArgs splits the arguments into tokens (so `--engine=ts`, `-hv` and
 * `--engine ts` all work); this module walks the tokens in order, so the
 * last of --raw and --no-raw wins, and words every refusal itself: an
 * unknown option, a stray argument, a value given to a flag, or an engine
 * that is not "wasm" or "ts". Node's own messages for these suggest `--`,
 * which this command has no use for.
 */
import { parseArgs } from 'node:util';

/** The parsed command line. */
export interface CliOptions {
  engine: 'wasm' | 'ts';
  /** Forced output mode: true for --raw, false for --no-raw, undefined to follow the terminal. */
  raw: boolean | undefined;
  help: boolean;
  version: boolean;
}

/** What --help prints, and what follows a refusal on stderr. */
export const USAGE = `Usage: flashkv [OPTIONS]

An interactive prompt on an embedded, in-memory flashkv database. Type Redis
commands as in redis-cli; "help" inside the prompt lists what is supported.
Piped input is read one command per line.

Options:
  --engine <wasm|ts>  Engine holding the data (default: wasm).
  --raw               Print replies raw (default when stdout is not a terminal).
  --no-raw            Print replies formatted (default when stdout is a terminal).
  -v, --version       Print the version and exit.
  -h, --help          Print this help and exit.

Environment:
  FLASHKV_HISTFILE    History file (default ~/.flashkv_history; empty: none).
`;

const OPTIONS = {
  engine: { type: 'string' },
  raw: { type: 'boolean' },
  'no-raw': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/**
 * parseCliOptions: the options in `argv` (without node and the script).
 * Throws an Error whose message is meant for the user.
 */
export function parseCliOptions(argv: readonly string[]): CliOptions {
  const options: CliOptions = { engine: 'wasm', raw: undefined, help: false, version: false };
  // Not strict: the loop below refuses what parseArgs would, in our words.
  const { tokens } = parseArgs({ args: [...argv], options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') throw new Error(`unexpected argument ${JSON.stringify(token.value)} (flashkv takes options only)`);
    if (token.name === 'engine') {
      const value = token.value;
      if (value === undefined) throw new Error('--engine needs a value: "wasm" or "ts"');
      if (value !== 'wasm' && value !== 'ts') throw new Error(`--engine must be "wasm" or "ts", not ${JSON.stringify(value)}`);
      options.engine = value;
      continue;
    }
    if (!Object.hasOwn(OPTIONS, token.name)) throw new Error(`unknown option ${JSON.stringify(token.rawName)}`);
    if (token.value !== undefined) throw new Error(`${token.rawName} takes no value`);
    if (token.name === 'raw') options.raw = true;
    else if (token.name === 'no-raw') options.raw = false;
    else if (token.name === 'help') options.help = true;
    else options.version = true;
  }
  return options;
}
