/**
 * repl: the read-eval-print loop over one embedded database.
 *
 * {@link Session} turns one typed line into output (no I/O, so tests drive it
 * directly); {@link runRepl} feeds it lines from a stream (through
 * node:readline on a terminal) and writes what it returns.
 *
 * What a line may be, as in redis-cli's repl():
 * - a command and its arguments, split by {@link splitArgs};
 * - `N command ...` runs the command N times (N > 0);
 * - `help`, `help <command>`, `help @<group>` (also `?`);
 * - `clear` clears a terminal screen;
 * - `quit` or `exit` ends the session (so does end of input, or Ctrl-C / Ctrl-D
 *   at the prompt).
 * A blank line does nothing; a line with unbalanced quotes prints
 * "Invalid argument(s)".
 *
 * Interactive use (stdin is a terminal) gets a prompt, line editing, Tab
 * completion of command names and a history kept in ~/.flashkv_history (or
 * $FLASHKV_HISTFILE; set it empty to keep none); what is typed there is text,
 * read as UTF-8. Otherwise, for scripts, stdin is read as bytes, one command
 * per line ending in "\n", with no prompt, as redis-cli reads a pipe: an
 * argument keeps bytes that are not UTF-8 (`printf 'SET c \xff\n'` stores
 * one byte).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { DB } from '../db.js';
import { COMMANDS } from '../engine/commands.js';
import { formatErrorRaw, formatErrorTty, formatRaw, formatTty } from './format.js';
import { helpText } from './help.js';
import { INVALID_ARGUMENTS, splitArgs } from './split-args.js';

/**
 * The prompt. redis-cli shows the server's address ("127.0.0.1:6379>"); an
 * embedded database has no address, and showing one would suggest a server
 * that other clients could reach, so the prompt names the program instead.
 */
export const PROMPT = 'flashkv> ';

/** How many history lines are kept, in memory and in the history file. */
export const HISTORY_SIZE = 1000;

const REPEAT_INVALID = 'Invalid repeat command option value.';
const CLEAR_SCREEN = '\x1b[H\x1b[2J';

/** Options shared by {@link Session} and {@link runRepl}. */
export interface SessionOptions {
  /**
   * Format replies for people (`"quoted"`, `(integer) 1`, numbered arrays) rather
   * than raw for scripts. redis-cli decides by whether stdout is a terminal.
   */
  pretty: boolean;
  /** The first line of `help`'s usage text. */
  banner: string;
}

/** What one line produced: output chunks to write, and whether the session ends. */
export interface LineResult {
  output: (string | Uint8Array)[];
  quit: boolean;
}

const decoder = new TextDecoder();

/** Session: evaluates typed lines against a database, without doing any I/O itself. */
export class Session {
  readonly #db: DB;
  readonly #options: SessionOptions;

  constructor(db: DB, options: SessionOptions) {
    this.#db = db;
    this.#options = options;
  }

  /** handleLine: runs one line (text, or its bytes); see the module comment for what a line may be. */
  handleLine(line: string | Uint8Array): LineResult {
    const output: (string | Uint8Array)[] = [];
    const argv = splitArgs(line);
    if (argv === null) return { output: [INVALID_ARGUMENTS + '\n'], quit: false };
    if (argv.length === 0) return { output, quit: false };

    const first = decoder.decode(argv[0]).toLowerCase();
    if (first === 'quit' || first === 'exit') return { output, quit: true };
    if (first === 'clear' && argv.length === 1) {
      if (this.#options.pretty) output.push(CLEAR_SCREEN);
      return { output, quit: false };
    }

    let repeat = 1;
    let words = argv;
    if (argv.length > 1 && /^[+-]?[0-9]+$/.test(first)) {
      repeat = Number(first);
      if (!(repeat > 0) || !Number.isSafeInteger(repeat)) return { output: [REPEAT_INVALID + '\n'], quit: false };
      words = argv.slice(1);
    }
    for (let i = 0; i < repeat; i++) output.push(this.#run(words));
    return { output, quit: false };
  }

  /** Runs one command (or help) and formats its reply. */
  #run(words: readonly Uint8Array[]): string | Uint8Array {
    const lower = decoder.decode(words[0]).toLowerCase();
    if (lower === 'help' || lower === '?') {
      const topic = words.slice(1).map((word) => decoder.decode(word));
      return helpText(topic, { colour: this.#options.pretty, banner: this.#options.banner });
    }
    const pretty = this.#options.pretty;
    try {
      // The name goes as bytes too, so an unknown one is quoted as typed.
      const reply = this.#db.callBuffer(words[0], ...words.slice(1));
      return pretty ? formatTty(reply) : formatRaw(reply);
    } catch (error) {
      return pretty ? formatErrorTty(error) : formatErrorRaw(error);
    }
  }
}

/** Options for {@link runRepl}. */
export interface ReplOptions extends SessionOptions {
  input: Readable;
  output: Writable;
  /**
   * Prompt, line editing, completion and history, through node:readline
   * (stdin is a terminal). False reads `input` as bytes, a command a line.
   */
  interactive: boolean;
  /** Where history is kept between sessions (interactive only); null keeps none. */
  historyFile: string | null;
}

/**
 * runRepl: reads lines from `input` until end of input or `quit`, running each
 * against `db` and writing the replies to `output`. Resolves when done; the
 * caller closes the database.
 */
export function runRepl(db: DB, options: ReplOptions): Promise<void> {
  const session = new Session(db, options);
  const { interactive, output } = options;
  if (!interactive) return runScript(session, options.input, output);
  const history = loadHistory(options.historyFile);
  const rl: Interface = createInterface({
    input: options.input,
    output,
    terminal: true,
    prompt: PROMPT,
    history,
    historySize: HISTORY_SIZE,
    completer: complete,
  });

  return new Promise((resolve) => {
    if (options.historyFile !== null) {
      const file = options.historyFile;
      rl.on('history', (lines: string[]) => saveHistory(file, lines));
    }
    // Ctrl-C at the prompt leaves, as in redis-cli.
    rl.on('SIGINT', () => rl.close());
    rl.on('close', () => {
      output.write('\n');
      resolve();
    });
    let quitting = false;
    rl.on('line', (line) => {
      // readline still delivers lines it had already read when quit closed it.
      if (quitting) return;
      const result = session.handleLine(line);
      for (const chunk of result.output) output.write(chunk);
      if (result.quit) {
        quitting = true;
        rl.close();
      }
      else rl.prompt();
    });
    rl.prompt();
  });
}

const NEWLINE = 0x0a;

/**
 * Script mode: runs `input` as bytes, one line per "\n" (a last line without
 * one too), until its end or `quit`, then stops reading it. Lines are cut
 * from the bytes, never decoded, so a chunk boundary inside a character or
 * bytes that are not UTF-8 change nothing.
 */
function runScript(session: Session, input: Readable, output: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    /** The start of a line whose end has not arrived yet. */
    let partial: Buffer | null = null;
    let done = false;
    const stop = (error?: Error): void => {
      if (done) return;
      done = true;
      input.off('data', onData).off('end', onEnd).off('error', stop);
      input.pause();
      if (error === undefined) resolve();
      else reject(error);
    };
    const run = (line: Uint8Array): void => {
      const result = session.handleLine(line);
      for (const chunk of result.output) output.write(chunk);
      if (result.quit) stop();
    };
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      let start = 0;
      for (let end = bytes.indexOf(NEWLINE); end >= 0 && !done; end = bytes.indexOf(NEWLINE, start)) {
        const tail = bytes.subarray(start, end);
        run(partial === null ? tail : Buffer.concat([partial, tail]));
        partial = null;
        start = end + 1;
      }
      if (!done && start < bytes.length) {
        const rest = bytes.subarray(start);
        // Copied: the stream may reuse its chunk's memory.
        partial = partial === null ? Buffer.from(rest) : Buffer.concat([partial, rest]);
      }
    };
    const onEnd = (): void => {
      if (partial !== null && !done) run(partial);
      stop();
    };
    input.on('data', onData).on('end', onEnd).on('error', stop);
  });
}

/** Tab completion: command names (and the REPL's own words) for the first word. */
function complete(line: string): [string[], string] {
  if (/\s/.test(line.trimStart())) return [[], line];
  const word = line.trimStart();
  const upper = word === word.toLowerCase() ? false : word === word.toUpperCase();
  const names = [...COMMANDS.map((command) => command.name), 'help', 'quit', 'exit', 'clear'].sort();
  const hits = names.filter((name) => name.startsWith(word.toLowerCase())).map((name) => (upper ? name.toUpperCase() : name));
  return [hits, word];
}

/** History lines for readline, newest first; none if the file is missing or unreadable. */
function loadHistory(file: string | null): string[] {
  if (file === null) return [];
  try {
    return readFileSync(file, 'utf8').split('\n').filter((line) => line !== '').slice(-HISTORY_SIZE).reverse();
  } catch {
    return [];
  }
}

/** Writes readline's history (newest first) to `file`, oldest first as shells keep it. */
function saveHistory(file: string, lines: readonly string[]): void {
  try {
    writeFileSync(file, [...lines].reverse().join('\n') + '\n', { mode: 0o600 });
  } catch {
    // History is a convenience: a read-only home directory must not end the session.
  }
}
