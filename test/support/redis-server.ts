/**
 * A real redis-server as the oracle for flashkv's behaviour.
 *
 * {@link useRedis} starts one redis-server for the calling test file (on a
 * free 127.0.0.1 port, no persistence) in `beforeAll` and stops it in
 * `afterAll`, so test files running in parallel never share a keyspace. When
 * `redis-server` is not on PATH, {@link redisAvailable} is false and suites
 * built with {@link describeRedis} are skipped with the reason in their title.
 * CI installs redis-server, so there they run; set FLASHKV_REQUIRE_REDIS=1 to
 * turn a missing redis-server into a failure instead of a skip.
 *
 * {@link RedisClient} is a minimal RESP2 client over node:net: one connection,
 * requests pipelined in order, replies decoded by ./resp.ts into db.call's shapes.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { encodeCommand, RespDecoder, RespError, type BulkMode, type RespArg, type RespReply } from './resp.js';

/** The reference version the expected values in the suites were taken from. */
export const REFERENCE_VERSION = '7.0.15';

function probeRedis(): { available: boolean; version: string | null; reason: string } {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    return { available: false, version: null, reason: 'redis-server is not on PATH' };
  }
  const version = /v=(\S+)/.exec(probe.stdout)?.[1] ?? null;
  return { available: true, version, reason: '' };
}

const probe = probeRedis();

/** Whether a redis-server binary can be started here. */
export const redisAvailable = probe.available;

/** The installed redis-server's version, e.g. '7.0.15'; null when absent. */
export const redisVersion = probe.version;

if (!redisAvailable && process.env.FLASHKV_REQUIRE_REDIS === '1') {
  throw new Error(`FLASHKV_REQUIRE_REDIS=1 but ${probe.reason}`);
}

/** A port the kernel just handed out on 127.0.0.1 and took back. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One running redis-server. */
export class RedisServer {
  readonly port: number;
  readonly #process: ChildProcess;
  /** The server's directory, removed on stop unless the caller gave it. */
  readonly #dir: string;
  readonly #ownsDir: boolean;
  #log = '';

  private constructor(port: number, child: ChildProcess, dir: string, ownsDir: boolean) {
    this.port = port;
    this.#process = child;
    this.#dir = dir;
    this.#ownsDir = ownsDir;
    child.stdout?.on('data', (chunk: Buffer) => (this.#log += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.#log += chunk.toString()));
  }

  /**
   * Starts a server on a free loopback port, retrying if another process
   * took the port first. Without options it keeps nothing on disk; `dir`
   * (kept on stop) and `args` (after the defaults, so they win) start one on
   * a data directory, e.g. with `--appendonly yes`.
   */
  static async start(options: { dir?: string; args?: readonly string[] } = {}): Promise<RedisServer> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      const port = await freePort();
      const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'flashkv-redis-'));
      const child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning', ...(options.args ?? [])],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const server = new RedisServer(port, child, dir, options.dir === undefined);
      try {
        await server.#waitUntilReady();
        return server;
      } catch (error) {
        lastError = error;
        await server.stop();
      }
    }
    throw new Error(`could not start redis-server: ${String(lastError)}`);
  }

  async #waitUntilReady(): Promise<void> {
    const deadline = Date.now() + 5000;
    for (;;) {
      if (this.#process.exitCode !== null) throw new Error(`redis-server exited: ${this.#log.trim()}`);
      try {
        const client = await RedisClient.connect(this.port);
        await client.call('PING');
        client.close();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${this.port}: ${String(error)} ${this.#log.trim()}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  }

  /** A new connection to this server. */
  connect(mode: BulkMode = 'string'): Promise<RedisClient> {
    return RedisClient.connect(this.port, mode);
  }

  /** Stops the server and removes its directory. */
  async stop(): Promise<void> {
    const child = this.#process;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    if (this.#ownsDir) rmSync(this.#dir, { recursive: true, force: true });
  }

  /** What the server printed so far. */
  get log(): string {
    return this.#log;
  }
}

/**
 * RedisClient: one connection speaking RESP2. Commands sent before earlier
 * replies arrive are pipelined; replies resolve in order.
 */
export class RedisClient {
  readonly #socket: Socket;
  readonly #decoder: RespDecoder;
  readonly #waiting: { resolve: (reply: RespReply) => void; reject: (error: Error) => void }[] = [];
  #failure: Error | null = null;

  private constructor(socket: Socket, mode: BulkMode) {
    this.#socket = socket;
    this.#decoder = new RespDecoder(mode);
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    socket.on('error', (error) => this.#fail(error));
    socket.on('close', () => this.#fail(new Error('connection to redis-server closed')));
  }

  /** Connects to redis-server on 127.0.0.1:`port`; bulk replies as strings or bytes. */
  static connect(port: number, mode: BulkMode = 'string'): Promise<RedisClient> {
    return new Promise((resolve, reject) => {
      const socket = new Socket();
      socket.setNoDelay(true);
      socket.once('error', reject);
      socket.connect(port, '127.0.0.1', () => {
        socket.off('error', reject);
        resolve(new RedisClient(socket, mode));
      });
    });
  }

  /** Sends one command; resolves with its reply, an error reply included as a {@link RespError} value. */
  send(...args: RespArg[]): Promise<RespReply> {
    if (this.#failure !== null) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#socket.write(encodeCommand(args));
    });
  }

  /** Sends one command; resolves with its reply, or rejects with a {@link RespError} for an error reply (as db.call throws). */
  async call(...args: RespArg[]): Promise<RespReply> {
    const reply = await this.send(...args);
    if (reply instanceof RespError) throw reply;
    return reply;
  }

  /** Closes the connection. */
  close(): void {
    this.#socket.destroy();
  }

  #receive(chunk: Buffer): void {
    this.#decoder.push(chunk);
    for (let reply = this.#decoder.next(); reply !== undefined; reply = this.#decoder.next()) {
      const waiter = this.#waiting.shift();
      if (waiter === undefined) throw new Error('redis-server sent a reply nobody asked for');
      waiter.resolve(reply.value);
    }
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const waiter of this.#waiting.splice(0)) waiter.reject(error);
  }
}

/** A file's redis-server and its connections, live between beforeAll and afterAll. */
export interface RedisHandle {
  /** The server; throws if used outside the file's tests. */
  readonly server: RedisServer;
  /** A connection decoding bulk replies as strings (db.call's shapes). */
  readonly client: RedisClient;
  /** A connection decoding bulk replies as Uint8Array (db.callBuffer's shapes). */
  readonly bytes: RedisClient;
}

/**
 * useRedis: registers a beforeAll that starts this file's redis-server and an
 * afterAll that stops it. Call it inside the describe that needs Redis (one
 * built with {@link describeRedis}), so nothing starts when the suite is skipped.
 */
export function useRedis(): RedisHandle {
  let server: RedisServer | undefined;
  let client: RedisClient | undefined;
  let bytes: RedisClient | undefined;
  beforeAll(async () => {
    server = await RedisServer.start();
    client = await server.connect('string');
    bytes = await server.connect('bytes');
    const info = await client.call('INFO', 'server');
    const version = /redis_version:(\S+)/.exec(String(info))?.[1];
    if (version !== REFERENCE_VERSION) {
      console.warn(`redis-server ${version} is running; the expected values were taken from ${REFERENCE_VERSION}`);
    }
  });
  afterAll(async () => {
    client?.close();
    bytes?.close();
    await server?.stop();
  });
  const live = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('redis-server is not running (use it inside a test of the describe that called useRedis)');
    return value;
  };
  return {
    get server() {
      return live(server);
    },
    get client() {
      return live(client);
    },
    get bytes() {
      return live(bytes);
    },
  };
}

/** The title suffix of oracle suites: empty when redis-server runs, else why they are skipped. */
export const redisSkipReason = redisAvailable ? '' : ` (skipped: ${probe.reason})`;

/**
 * describeRedis: a describe block that runs against a real redis-server, or
 * is skipped, with the reason in its title, when none is installed.
 * `body` gets the file's {@link RedisHandle}.
 */
export function describeRedis(title: string, body: (redis: RedisHandle) => void): void {
  describe.skipIf(!redisAvailable)(`${title}${redisSkipReason}`, () => {
    body(useRedis());
  });
}
