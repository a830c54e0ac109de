// A redis-server for the benchmarks that compare against Redis: started on a
// free loopback port with no persistence, and one pipelining RESP connection
// to it over node:net. Replies are only counted and checked for errors,
// except the last one of each send, which is decoded (INFO's bulk text).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether `redis-server` can be run here. */
export function redisInstalled() {
  return spawnSync('redis-server', ['--version']).status === 0;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const CRLF = Buffer.from('\r\n');
/** Commands per write in {@link Connection.sendAll}. */
const BATCH = 10_000;

/**
 * One top-level reply of `buf` at `at` (simple string, error, integer or
 * bulk string: all the benchmarks' commands answer with these), or null
 * when it has not fully arrived.
 */
function parseReply(buf, at) {
  const eol = buf.indexOf(CRLF, at);
  if (eol === -1) return null;
  const type = buf[at];
  const line = buf.toString('latin1', at + 1, eol);
  if (type === 0x2b /* + */ || type === 0x3a /* : */) return { value: line, error: null, end: eol + 2 };
  if (type === 0x2d /* - */) return { value: null, error: line, end: eol + 2 };
  if (type === 0x24 /* $ */) {
    const n = Number(line);
    if (n < 0) return { value: null, error: null, end: eol + 2 };
    if (buf.length < eol + 2 + n + 2) return null;
    return { value: buf.toString('utf8', eol + 2, eol + 2 + n), error: null, end: eol + 2 + n + 2 };
  }
  throw new Error(`redis-server: unexpected reply type ${String.fromCharCode(type)}`);
}

/** `args` as one RESP command (ASCII arguments). */
export function encodeCommand(args) {
  let out = `*${args.length}\r\n`;
  for (const arg of args) out += `$${arg.length}\r\n${arg}\r\n`;
  return out;
}

/** A pipelining connection: each send() resolves once all the replies of its commands arrived. */
class Connection {
  #socket;
  #pending = Buffer.alloc(0);
  /** Sends awaiting replies, oldest first: { left, last, error, resolve, reject }. */
  #sends = [];

  constructor(socket) {
    this.#socket = socket;
    socket.on('data', (chunk) => this.#receive(chunk));
    socket.on('error', (error) => this.#fail(error));
  }

  static connect(port) {
    return new Promise((resolve, reject) => {
      const socket = new Socket();
      socket.once('error', reject);
      socket.connect(port, '127.0.0.1', () => {
        socket.off('error', reject);
        resolve(new Connection(socket));
      });
    });
  }

  /** Writes `count` encoded commands (a string or Buffer); resolves with the last reply, rejects on any error reply. */
  send(commands, count) {
    return new Promise((resolve, reject) => {
      this.#sends.push({ left: count, last: null, error: null, resolve, reject });
      this.#socket.write(commands);
    });
  }

  command(...args) {
    return this.send(encodeCommand(args), 1);
  }

  /**
   * Sends `count` commands, `encodeAt(i)` being the i-th (a RESP string,
   * ASCII), in batches of BATCH with one batch in flight at a time.
   */
  async sendAll(count, encodeAt) {
    for (let from = 0; from < count; from += BATCH) {
      const to = Math.min(count, from + BATCH);
      let text = '';
      for (let i = from; i < to; i++) text += encodeAt(i);
      await this.send(Buffer.from(text, 'latin1'), to - from);
    }
  }

  close() {
    this.#socket.destroy();
  }

  #receive(chunk) {
    const buf = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    let at = 0;
    for (let reply = parseReply(buf, at); reply !== null; reply = parseReply(buf, at)) {
      at = reply.end;
      const send = this.#sends[0];
      send.last = reply.value;
      send.error ??= reply.error;
      if (--send.left > 0) continue;
      this.#sends.shift();
      if (send.error === null) send.resolve(send.last);
      else send.reject(new Error(`redis-server: ${send.error}`));
    }
    this.#pending = buf.subarray(at);
  }

  #fail(error) {
    for (const send of this.#sends.splice(0)) send.reject(error);
  }
}

/**
 * Starts a redis-server (`--save '' --appendonly no`) on a free loopback
 * port and connects to it. Returns { port, connection, info(), stop() }.
 */
export async function startRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'flashkv-bench-'));
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  const stop = () => {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  let connection;
  for (let tries = 0; connection === undefined; tries++) {
    try {
      connection = await Connection.connect(port);
      await connection.command('PING');
    } catch (error) {
      connection = undefined;
      if (tries > 100 || server.exitCode !== null) {
        stop();
        throw new Error(`redis-server did not start: ${error}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    port,
    connection,
    /** INFO `section` as { field: string }. */
    async info(section) {
      const text = await connection.command('INFO', section);
      return Object.fromEntries(text.split('\r\n').filter((line) => line.includes(':')).map((line) => line.split(':', 2)));
    },
    stop() {
      connection.close();
      stop();
    },
  };
}
