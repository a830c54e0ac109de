/**
 * A small RESP2 codec for the tests: encodes commands as arrays of bulk
 * strings, and decodes replies into the shapes flashkv's `db.call` returns, so
 * a reply from redis-server and one from flashkv compare with `toEqual`.
 *
 * Written here on purpose, apart from flashkv's own RESP code, so a bug there
 * cannot hide itself by being on both sides of a comparison.
 *
 *   RESP2        decoded (As.String)              decoded (As.Bytes)
 *   +OK          'OK'                              'OK' (status stays a string)
 *   -ERR x       RespError('ERR x')                RespError('ERR x')
 *   :42          42 (bigint beyond +-(2^53 - 1))   same
 *   $3 abc       'abc' (UTF-8)                     Uint8Array
 *   $-1, *-1     null                              null
 *   *2 ...       array of the above                array of the above
 */

/** A command argument: a string stands for its UTF-8 bytes; numbers are written in decimal. */
export type RespArg = string | Uint8Array | number | bigint;

/** A decoded reply. */
export type RespReply = null | string | number | bigint | Uint8Array | RespError | RespReply[];

/** How bulk strings are decoded. */
export type BulkMode = 'string' | 'bytes';

/** An error reply (`-ERR ...`); `message` is the text after the dash. */
export class RespError extends Error {
  override name = 'RespError' as const;
}

const CRLF = Buffer.from('\r\n');

/** One command as RESP: `*<n>\r\n` then `$<len>\r\n<bytes>\r\n` per argument. */
export function encodeCommand(args: readonly RespArg[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = typeof arg === 'string' || typeof arg === 'number' || typeof arg === 'bigint' ? Buffer.from(String(arg)) : Buffer.from(arg);
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, CRLF);
  }
  return Buffer.concat(parts);
}

/** Thrown inside the decoder when the buffer ends mid-reply; caught by {@link RespDecoder.next}. */
const INCOMPLETE = Symbol('incomplete');

/**
 * RespDecoder: feed it bytes as they arrive with {@link RespDecoder.push}, take
 * whole replies out with {@link RespDecoder.next}. Malformed input throws.
 */
export class RespDecoder {
  #buffer: Buffer = Buffer.alloc(0);
  #offset = 0;
  readonly #mode: BulkMode;

  constructor(mode: BulkMode = 'string') {
    this.#mode = mode;
  }

  push(chunk: Uint8Array): void {
    const rest = this.#buffer.subarray(this.#offset);
    this.#buffer = rest.length === 0 ? Buffer.from(chunk) : Buffer.concat([rest, chunk]);
    this.#offset = 0;
  }

  /** Bytes received but not yet decoded into a whole reply. */
  get pending(): number {
    return this.#buffer.length - this.#offset;
  }

  /** The next whole reply, or undefined when more bytes are needed. */
  next(): { value: RespReply } | undefined {
    if (this.#offset >= this.#buffer.length) return undefined;
    const start = this.#offset;
    try {
      return { value: this.#read() };
    } catch (error) {
      if (error !== INCOMPLETE) throw error;
      this.#offset = start;
      return undefined;
    }
  }

  #line(): string {
    const end = this.#buffer.indexOf(CRLF, this.#offset);
    if (end < 0) throw INCOMPLETE;
    // UTF-8, as ioredis's parser reads them: an error text may echo argument
    // bytes (an unknown command's arguments); every other line is ASCII.
    const line = this.#buffer.toString('utf8', this.#offset, end);
    this.#offset = end + 2;
    return line;
  }

  #read(): RespReply {
    const line = this.#line();
    const body = line.slice(1);
    switch (line[0]) {
      case '+':
        return body;
      case '-':
        return new RespError(body);
      case ':':
        return integer(body);
      case '$': {
        const length = Number(body);
        if (length === -1) return null;
        if (!Number.isInteger(length) || length < 0) throw new Error(`RESP: bad bulk length ${JSON.stringify(body)}`);
        if (this.#buffer.length < this.#offset + length + 2) throw INCOMPLETE;
        const bytes = this.#buffer.subarray(this.#offset, this.#offset + length);
        if (this.#buffer[this.#offset + length] !== 13 || this.#buffer[this.#offset + length + 1] !== 10) {
          throw new Error('RESP: bulk string not followed by CRLF');
        }
        this.#offset += length + 2;
        return this.#mode === 'bytes' ? new Uint8Array(bytes) : bytes.toString('utf8');
      }
      case '*': {
        const count = Number(body);
        if (count === -1) return null;
        if (!Number.isInteger(count) || count < 0) throw new Error(`RESP: bad array length ${JSON.stringify(body)}`);
        const items: RespReply[] = [];
        for (let i = 0; i < count; i++) items.push(this.#read());
        return items;
      }
      default:
        throw new Error(`RESP: unexpected type byte ${JSON.stringify(line[0])}`);
    }
  }
}

/** An integer reply: a number while exact, a bigint beyond, as flashkv replies. */
function integer(text: string): number | bigint {
  const value = BigInt(text);
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/** Decodes a buffer holding whole replies (an effects stream, say) into a list; throws if it ends mid-reply. */
export function decodeAll(bytes: Uint8Array, mode: BulkMode = 'string'): RespReply[] {
  const decoder = new RespDecoder(mode);
  decoder.push(bytes);
  const replies: RespReply[] = [];
  for (let reply = decoder.next(); reply !== undefined; reply = decoder.next()) replies.push(reply.value);
  if (decoder.pending !== 0) throw new Error(`RESP: ${decoder.pending} trailing bytes do not make a whole reply`);
  return replies;
}
