#!/usr/bin/env node
/**
 * main: the `flashkv` command. Opens an in-memory database and runs the REPL
 * on it (see repl.ts).
 *
 *   flashkv [--engine wasm|ts] [--raw | --no-raw]
 *
 * Like redis-cli, replies are formatted for people when stdout is a terminal
 * and raw for scripts otherwise; --raw and --no-raw force either. The prompt,
 * line editing and history are on when stdin is a terminal.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { open } from '../db.js';
import { runRepl } from './repl.js';

/** The parsed command line. */
export interface CliArgs {
  engine: 'wasm' | 'ts';
  /** Forced output mode: true for --raw, false for --no-raw, undefined to follow the terminal. */
  raw: boolean | undefined;
  help: boolean;
  version: boolean;
}

const USAGE = `Usage: flashkv [OPTIONS]

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

/** parseArgs: the options in `argv` (without node and the script); throws an Error with a message for the user. */
export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { engine: 'wasm', raw: undefined, help: false, version: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--engine' || arg.startsWith('--engine=')) {
      const value = arg === '--engine' ? argv[++i] : arg.slice('--engine='.length);
      if (value !== 'wasm' && value !== 'ts') throw new Error(`--engine must be "wasm" or "ts", not ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
      args.engine = value;
    } else if (arg === '--raw') {
      args.raw = true;
    } else if (arg === '--no-raw') {
      args.raw = false;
    } else if (arg === '-h' || arg === '--help') {
      args.help = true;
    } else if (arg === '-v' || arg === '--version') {
      args.version = true;
    } else {
      throw new Error(`unknown option ${JSON.stringify(arg)}`);
    }
  }
  return args;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function historyFile(): string | null {
  const fromEnv = process.env.FLASHKV_HISTFILE;
  if (fromEnv !== undefined) return fromEnv === '' ? null : fromEnv;
  return join(homedir(), '.flashkv_history');
}

async function main(): Promise<void> {
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`flashkv: ${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 1;
    return;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  const version = packageVersion();
  if (args.version) {
    process.stdout.write(`flashkv ${version}\n`);
    return;
  }

  // `flashkv | head` closes stdout early: end quietly, as other Unix tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });

  const db = open({ engine: args.engine });
  try {
    await runRepl(db, {
      input: process.stdin,
      output: process.stdout,
      interactive: process.stdin.isTTY === true,
      pretty: args.raw === undefined ? process.stdout.isTTY === true : !args.raw,
      historyFile: historyFile(),
      banner: `flashkv ${version} (in-memory, engine: ${db.engine})`,
    });
  } finally {
    db.close();
  }
}

await main();
