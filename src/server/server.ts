/**
 * startServer: flashkv behind the Redis protocol on a TCP port, so
 * redis-cli, ioredis and node-redis talk to it as to redis-server.
 *
 * Each connection reads its requests as they arrive (RequestReader: RESP or
 * inline, pipelined), runs them in order (Session) and writes the replies of
 * a batch together. A batch that wrote waits for the log's acknowledgement
 * before its replies go out, as redis-server writes (and under always,
 * syncs) its log before it replies.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { basename, dirname, resolve } from 'node:path';
import { open, type DB } from '../db.js';
import type { AppendFsync } from '../aof/log.js';
import type { EncodingLimits } from '../engine/engine.js';
import { writeError } from '../engine/reply.js';
import { RespWriter } from '../engine/resp.js';
import { ProtocolError, RequestReader } from './request-reader.js';
import { Session, type ServerState } from './session.js';

/** How the server runs; the names are redis-server's. */
export interface ServerOptions {
  /** @default 6379; 0 picks a free port */
  port?: number;
  /** @default '127.0.0.1' (loopback only, as redis-server's protected mode intends) */
  bind?: string;
  /** The log directory; null keeps the data in memory only. @default './data' */
  dir?: string | null;
  appendfsync?: AppendFsync;
  /** The password clients must give with AUTH or HELLO; null for none. */
  requirepass?: string | null;
  /** @default 10000 */
  maxclients?: number;
  engine?: 'wasm' | 'ts';
  /** hash-max-listpack-entries, hash-max-listpack-value, set-max-intset-entries (open()'s `encoding`); CONFIG SET changes them. */
  encoding?: Partial<EncodingLimits>;
  /** Where the server's own and the log's messages go. */
  logger?: (level: 'notice' | 'warning', message: string) => void;
  /** What SHUTDOWN does; without it SHUTDOWN is refused. */
  onShutdown?: () => void;
}

/** A running server. */
export interface RunningServer {
  readonly port: number;
  readonly address: string;
  readonly db: DB;
  /** Stops accepting, ends the connections, and closes the database (written, synced, released). */
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? (() => undefined);
  const dir = options.dir === undefined ? './data' : options.dir;
  const db = dir === null ? open({ engine: options.engine, encoding: options.encoding }) : await open({ engine: options.engine, encoding: options.encoding, path: dir, appendfsync: options.appendfsync, logger });
  const config = new Map<string, string>([
    ['port', String(options.port ?? 6379)],
    ['bind', options.bind ?? '127.0.0.1'],
    ['dir', dir === null ? '' : resolve(dirname(dir))],
    ['appendonly', dir === null ? 'no' : 'yes'],
    ['appenddirname', dir === null ? '' : basename(dir)],
    ['appendfilename', 'appendonly.aof'],
    ['appendfsync', options.appendfsync ?? 'everysec'],
    ['databases', '1'],
  ]);
  const limits = db.encodingLimits;
  const encoding = { hashMaxListpackEntries: BigInt(limits.hashMaxListpackEntries), hashMaxListpackValue: BigInt(limits.hashMaxListpackValue), setMaxIntsetEntries: BigInt(limits.setMaxIntsetEntries) };
  const state: ServerState = { db, password: options.requirepass ?? null, maxClients: options.maxclients ?? 10000, config, encoding, nextClientId: 1, shutdown: options.onShutdown ?? null };
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    if (sockets.size >= state.maxClients) {
      // Read (and drop) what it sends, so its close is seen and the server can stop.
      socket.on('error', () => socket.destroy());
      socket.end('-ERR max number of clients reached\r\n');
      socket.resume();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serve(socket, new Session(state), db, logger);
  });
  try {
    await listen(server, options.port ?? 6379, options.bind ?? '127.0.0.1');
  } catch (error) {
    await db.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  config.set('port', String(port));
  return {
    port,
    address: options.bind ?? '127.0.0.1',
    db,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.end();
        // A client that does not close its side within a second is cut off.
        setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, 1000).unref();
      });
      await db.close();
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`flashkv-server: ${host}:${port} is already in use (another redis-server or flashkv-server?); choose another with --port`)
          : new Error(`flashkv-server: cannot listen on ${host}:${port}: ${error.message}`),
      );
    });
    server.listen(port, host, () => resolve());
  });
}

/** One connection: requests in, replies out, in order. */
function serve(socket: Socket, session: Session, db: DB, logger: (level: 'notice' | 'warning', message: string) => void): void {
  const reader = new RequestReader();
  let busy = false;
  socket.on('data', (chunk: Buffer) => {
    reader.push(chunk);
    if (!busy) {
      drain().catch((error: unknown) => {
        // A fault of the server's own (not a command's error, which is a reply): end this connection, not the server.
        logger('warning', `Closing client ${session.id} after an internal error: ${(error as Error)?.stack ?? String(error)}`);
        socket.destroy();
      });
    }
  });
  socket.on('error', () => socket.destroy());

  async function drain(): Promise<void> {
    busy = true;
    try {
      for (;;) {
        const out = new RespWriter(256);
        let wrote = false;
        let close = false;
        for (;;) {
          let args: Buffer[] | null;
          try {
            args = reader.next();
          } catch (error) {
            if (!(error instanceof ProtocolError)) throw error;
            writeError(out, error.message);
            close = true;
            break;
          }
          if (args === null) break;
          const outcome = session.run(args, out);
          wrote ||= outcome.wrote;
          if (outcome.close) {
            close = true;
            break;
          }
        }
        if (out.length === 0 && !close) return;
        // Replies to writes go out once the log holds them, as redis-server's do.
        if (wrote) await db.flush().catch(() => undefined);
        if (socket.destroyed) return;
        socket.write(out.drain());
        if (close) {
          socket.end();
          return;
        }
      }
    } finally {
      busy = false;
    }
  }
}
