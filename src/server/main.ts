#!/usr/bin/env node
/**
 * main: the `flashkv-server` command. Reads the options (options.ts), opens
 * the database and serves it (server.ts), logging as redis-server logs;
 * SIGTERM and SIGINT stop accepting, let replies finish, and close the
 * database (its log written, synced and released) before exiting.
 */
import { readFileSync } from 'node:fs';
import { VERSION } from '../version.js';
import { ConfigError, parseServerArgs } from './options.js';
import { startServer } from './server.js';

const USAGE = `Usage: flashkv-server [/path/to/flashkv.conf] [--option value ...]

Serves a flashkv database over the Redis protocol (redis-cli, ioredis and
node-redis speak to it). Options are redis-server's; a config file uses
redis.conf's syntax with the same directives.

  --port <n>              TCP port (default 6379; 0 picks a free one)
  --bind <address>        address to listen on (default 127.0.0.1)
  --dir <path>            the log directory (default ./data)
  --memory                keep nothing on disk
  --appendfsync <policy>  always, everysec (default) or no
  --requirepass <pass>    clients must AUTH with this password
  --maxclients <n>        most connections at once (default 10000)
  --engine <wasm|ts>      engine holding the data (default wasm)
  --hash-max-listpack-entries <n>, --hash-max-listpack-value <bytes>,
  --set-max-intset-entries <n>
                          when hashes and sets leave their compact encodings
                          (defaults 512, 64, 512)
  -v, --version           print the version and exit
  -h, --help              print this help and exit
`;

function stamp(): string {
  const now = new Date();
  const month = now.toLocaleString('en', { month: 'short', timeZone: 'UTC' });
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(now.getUTCDate())} ${month} ${now.getUTCFullYear()} ${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())}.${pad(now.getUTCMilliseconds(), 3)}`;
}

function log(level: 'notice' | 'warning', message: string): void {
  process.stdout.write(`${process.pid}:M ${stamp()} ${level === 'warning' ? '#' : '*'} ${message}\n`);
}

async function main(): Promise<void> {
  let options;
  try {
    options = parseServerArgs(process.argv.slice(2), (path) => readFileSync(path, 'utf8'));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
    return;
  }
  if (options.help) return void process.stdout.write(USAGE);
  if (options.version) return void process.stdout.write(`flashkv-server v=${VERSION} (Redis 7.0.15 protocol)\n`);

  log('warning', 'oO0OoO0OoO0Oo flashkv-server is starting oO0OoO0OoO0Oo');
  log('warning', `flashkv-server version=${VERSION}, speaking Redis 7.0.15, engine=${options.engine ?? 'wasm'}, pid=${process.pid}, just started`);
  const dir = options.dir === undefined ? './data' : options.dir;
  log('notice', dir === null ? 'Keeping the data in memory only (--memory)' : `Data in ${dir} (an append-only log in Redis 7's layout), appendfsync ${options.appendfsync ?? 'everysec'}`);
  let server: Awaited<ReturnType<typeof startServer>>;
  const stopLater = (signal: string): void => stop(signal);
  try {
    server = await startServer({ ...options, logger: log, onShutdown: () => stopLater('SHUTDOWN') });
  } catch (error) {
    log('warning', (error as Error).message);
    process.exitCode = 1;
    return;
  }
  log('notice', `Ready to accept connections tcp on ${server.address}:${server.port}`);
  let stopping = false;
  function stop(signal: string): void {
    if (stopping) return;
    stopping = true;
    log('warning', signal === 'SHUTDOWN' ? 'User requested shutdown...' : `Received ${signal} scheduling shutdown...`);
    server.close().then(
      () => {
        log('warning', 'flashkv-server is now ready to exit, bye bye...');
        process.exit(0);
      },
      (error: unknown) => {
        log('warning', `Error closing the database: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  }
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

await main();
