#!/usr/bin/env node
/**
 * main: the `flashkv` command. Reads the options (options.ts), opens an
 * in-memory database and runs the REPL on it (see repl.ts).
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
import { parseCliOptions, USAGE, type CliOptions } from './options.js';
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

async function main(): Promise<void> {
  let args: CliOptions;
  try {
    args = parseCliOptions(process.argv.slice(2));
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
