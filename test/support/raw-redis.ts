/**
 * RawRedis: one connection to redis-server that hands back each reply's
 * bytes as they came, in RESP2 or (after HELLO 3) RESP3, so a test can hold
 * flashkv's reply writer to Redis's exact bytes.
 *
 * It only finds where a reply ends (the RESP3 framing rules, written here
 * apart from flashkv's writer so a bug there cannot hide on both sides).
 */
import { Socket } from 'node:net';
import { encodeCommand, type RespArg } from './resp.js';

const CRLF = Buffer.from('\r\n');

/** Where the reply starting at `at` ends, or -1 when more bytes are needed. */
export function replyEnd(buffer: Buffer, at: number): number {
  const lineEnd = buffer.indexOf(CRLF, at);
  if (lineEnd < 0) return -1;
  const type = String.fromCharCode(buffer[at]);
  const header = buffer.toString('latin1', at + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+': case '-': case ':': case '_': case ',': case '#': case '(':
      return next;
    case '$': case '=': case '!': {
      const length = Number(header);
      if (length < 0) return next;
      return buffer.length >= next + length + 2 ? next + length + 2 : -1;
    }
    case '*': case '~': case '>': case '%': case '|': {
      const count = Number(header);
      if (count < 0) return next;
      const items = type === '%' || type === '|' ? count * 2 : count;
      let end = next;
      for (let i = 0; i < items; i++) {
        end = replyEnd(buffer, end);
        if (end < 0) return -1;
      }
      // An attribute (|) is followed by the reply it annotates.
      return type === '|' ? replyEnd(buffer, end) : end;
    }
    default:
      throw new Error(`RESP: unexpected type byte ${JSON.stringify(type)} at ${at}`);
  }
}

export class RawRedis {
  readonly #socket: Socket;
  #buffer = Buffer.alloc(0);
  readonly #waiting: ((reply: Buffer) => void)[] = [];

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
  }

  /** Connects to 127.0.0.1:`port` and switches to `protocol` with HELLO. */
  static async connect(port: number, protocol: 2 | 3): Promise<RawRedis> {
    const socket = new Socket();
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(port, '127.0.0.1', () => resolve());
    });
    const client = new RawRedis(socket);
    await client.send('HELLO', protocol);
    return client;
  }

  /** Sends one command; resolves with its reply's bytes. */
  send(...args: RespArg[]): Promise<Buffer> {
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      this.#socket.write(encodeCommand(args));
    });
  }

  close(): void {
    this.#socket.destroy();
  }

  #receive(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (let end = replyEnd(this.#buffer, 0); end > 0; end = this.#buffer.length === 0 ? -1 : replyEnd(this.#buffer, 0)) {
      const reply = this.#buffer.subarray(0, end);
      this.#buffer = this.#buffer.subarray(end);
      this.#waiting.shift()?.(Buffer.from(reply));
    }
  }
}
