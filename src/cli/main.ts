#!/usr/bin/env node
/**
 * main: the `flashkv` command. Reads the options (options.ts), opens the
 * database and runs the REPL on it (see repl.ts); `flashkv check-aof ...`
 * checks a log instead (check-aof.ts).
 *
 *   flashkv [--dir <path> | --memory] [--appendfsync always|everysec|no]
 *           [--engine wasm|ts] [--raw | --no-raw]
 *   flashkv check-aof [--fix] <dir>
 *
 * The database is kept in ./data unless --dir names another directory or
 * --memory asks for none, as redis-server keeps its files in its working
 * directory. Loading it draws a progress bar on stderr when the load is long
 * and stderr is a terminal; the log's warnings (a torn tail cut at load, a
 * failing disk) go to stderr. When the session ends the database is closed,
 * so every write is on the disk before the process exits.
 *
 * Like redis-cli, replies are formatted for people when stdout is a terminal
 * and raw for scripts otherwise; --raw and --no-raw force either. The banner,
 * the prompt, line editing and history are on when stdin is a terminal.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { open, type DB } from '../db.js';
import { runCheckAof, userMessage } from './check-aof.js';
import { CHECK_AOF_USAGE, parseCheckAofOptions, parseCliOptions, subcommandOf, USAGE, type CliOptions } from './options.js';
import { ProgressBar } from './progress.js';
import { runRepl } from './repl.js';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function historyFile(): string | null {
  const fromEnv = process.env.FLASHKV_HISTFILE;
  if (fromEnv !== undefined) return fromEnv === '' ? null : fromEnv;
  return join(homedir(), '.flashkv_history');
}

/**
 * The command line as `parse` reads it; null when it was refused (printed
 * with the usage after it, exit code 1) or asked only for help (printed).
 */
function readArgs<T extends { help: boolean }>(parse: (argv: readonly string[]) => T, argv: readonly string[], name: string, usage: string): T | null {
  let args: T;
  try {
    args = parse(argv);
  } catch (error) {
    process.stderr.write(`${name}: ${(error as Error).message}\n\n${usage}`);
    process.exitCode = 1;
    return null;
  }
  if (args.help) {
    process.stdout.write(usage);
    return null;
  }
  return args;
}

async function checkAof(argv: readonly string[]): Promise<void> {
  const args = readArgs(parseCheckAofOptions, argv, 'flashkv check-aof', CHECK_AOF_USAGE);
  if (args === null) return;
  process.exitCode = await runCheckAof(
    { dir: args.dir as string, fix: args.fix },
    { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) },
  );
}

/** Opens the database the options ask for, drawing load progress on a terminal and printing the log's warnings. */
async function openDatabase(args: CliOptions): Promise<DB> {
  if (args.dir === null) return open({ engine: args.engine });
  const bar = process.stderr.isTTY === true ? new ProgressBar(process.stderr, `Loading ${args.dir}`) : null;
  const logger = (level: 'notice' | 'warning', message: string): void => {
    if (level !== 'warning') return;
    bar?.end();
    process.stderr.write(`flashkv: warning: ${message}\n`);
  };
  try {
    return await open({ engine: args.engine, path: args.dir, appendfsync: args.appendfsync, logger, onLoadProgress: bar === null ? undefined : (progress) => bar.update(progress) });
  } finally {
    bar?.end();
  }
}

async function main(argv: readonly string[]): Promise<void> {
  if (subcommandOf(argv) === 'check-aof') return checkAof(argv.slice(1));
  const args = readArgs(parseCliOptions, argv, 'flashkv', USAGE);
  if (args === null) return;
  const version = packageVersion();
  if (args.version) {
    process.stdout.write(`flashkv ${version}\n`);
    return;
  }

  let db: DB;
  try {
    db = await openDatabase(args);
  } catch (error) {
    process.stderr.write(`flashkv: ${userMessage(error)}\n`);
    process.exitCode = 1;
    return;
  }

  /** Closes the database once, reporting a failure to make the last writes durable. */
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= db.close().catch((error: unknown) => {
      process.stderr.write(`flashkv: ${userMessage(error)}\n`);
      process.exitCode = 1;
    }));

  // `flashkv | head` closes stdout early: end quietly, as other Unix tools do, once the data is safe.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    void close().then(() => process.exit(process.exitCode ?? 0));
  });

  const where = args.dir === null ? 'in memory only: nothing is kept on disk' : `data in ${resolve(args.dir)}, appendfsync ${args.appendfsync ?? 'everysec'}`;
  const banner = `flashkv ${version} (${where}, engine: ${db.engine})`;
  const interactive = process.stdin.isTTY === true;
  if (interactive) process.stdout.write(`${banner}\n`);
  try {
    await runRepl(db, {
      input: process.stdin,
      output: process.stdout,
      interactive,
      pretty: args.raw === undefined ? process.stdout.isTTY === true : !args.raw,
      historyFile: historyFile(),
      banner,
    });
  } finally {
    await close();
  }
}

await main(process.argv.slice(2));
