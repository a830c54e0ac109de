/**
 * RequestReader: the commands a client sends, read from the bytes as they
 * arrive, as redis-server reads them: RESP arrays of bulk strings (what
 * clients send), or inline commands (a line of words, what a person types
 * into telnet), a pipeline of either in one chunk.
 *
 * A malformed frame is a {@link ProtocolError} with Redis's text; redis-server
 * replies with it and closes that connection, and so does the server here.
 */

const CR = 0x0d;
const LF = 0x0a;

/** The longest bulk argument, as Redis's default proto-max-bulk-len (512 MB). */
export const MAX_BULK = 512 * 1024 * 1024;
/** The most arguments in one command, as Redis allows (1024 * 1024). */
const MAX_ARGS = 1024 * 1024;
/** The longest inline request or length line (Redis's PROTO_INLINE_MAX_SIZE, 64 KiB). */
const MAX_INLINE = 64 * 1024;

/** A frame no command can be read from; the message is Redis's reply text. */
export class ProtocolError extends Error {}

export class RequestReader {
  #buffer: Buffer = Buffer.alloc(0);

  /** Adds bytes that arrived. */
  push(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
  }

  /**
   * The next complete command (its arguments, the name first; empty for an
   * empty inline line, which Redis ignores), or null until more bytes come.
   * Throws ProtocolError for a malformed frame.
   */
  next(): Buffer[] | null {
    const buffer = this.#buffer;
    if (buffer.length === 0) return null;
    const read = buffer[0] === 0x2a ? readMultibulk(buffer) : readInline(buffer);
    if (read === null) return null;
    this.#buffer = buffer.subarray(read.end);
    return read.args;
  }
}

function lineEnd(buffer: Buffer, from: number, tooBig: string): number {
  const at = buffer.indexOf(LF, from);
  if (at < 0) {
    if (buffer.length - from > MAX_INLINE) throw new ProtocolError(tooBig);
    return -1;
  }
  return at;
}

/** `*<n>\r\n` then n times `$<len>\r\n<bytes>\r\n`. */
function readMultibulk(buffer: Buffer): { args: Buffer[]; end: number } | null {
  const countEnd = lineEnd(buffer, 0, 'ERR Protocol error: too big mbulk count string');
  if (countEnd < 0) return null;
  const count = parseLength(buffer, 1, countEnd);
  if (count === null || count > MAX_ARGS) throw new ProtocolError('ERR Protocol error: invalid multibulk length');
  let at = countEnd + 1;
  const args: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    if (at >= buffer.length) return null;
    if (buffer[at] !== 0x24) throw new ProtocolError(`ERR Protocol error: expected '$', got '${String.fromCharCode(buffer[at])}'`);
    const sizeEnd = lineEnd(buffer, at, 'ERR Protocol error: too big bulk count string');
    if (sizeEnd < 0) return null;
    const size = parseLength(buffer, at + 1, sizeEnd);
    if (size === null || size > MAX_BULK) throw new ProtocolError('ERR Protocol error: invalid bulk length');
    const start = sizeEnd + 1;
    if (start + size + 2 > buffer.length) return null;
    args.push(buffer.subarray(start, start + size));
    at = start + size + 2;
  }
  return { args, end: at };
}

/** The decimal between `from` and the CR before `lf`; null if it is not one. (Redis takes a count <= 0 as an empty command.) */
function parseLength(buffer: Buffer, from: number, lf: number): number | null {
  const to = lf > from && buffer[lf - 1] === CR ? lf - 1 : lf;
  if (to === from) return null;
  let negative = false;
  let i = from;
  if (buffer[i] === 0x2d) {
    negative = true;
    i++;
  }
  let value = 0;
  for (; i < to; i++) {
    const digit = buffer[i] - 0x30;
    if (digit < 0 || digit > 9) return null;
    value = value * 10 + digit;
    if (value > Number.MAX_SAFE_INTEGER / 10) return null;
  }
  return negative ? (value > 1 ? null : -value) : value;
}

/** A line of words, split as redis-server splits them (double quotes with escapes, single quotes). */
function readInline(buffer: Buffer): { args: Buffer[]; end: number } | null {
  const lf = lineEnd(buffer, 0, 'ERR Protocol error: too big inline request');
  if (lf < 0) return null;
  const line = buffer.subarray(0, lf > 0 && buffer[lf - 1] === CR ? lf - 1 : lf);
  const args = splitWords(line);
  if (args === null) throw new ProtocolError('ERR Protocol error: unbalanced quotes in request');
  return { args, end: lf + 1 };
}

const ESCAPES: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x61: 0x07 };

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x0b || byte === 0x0c;
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/**
 * The escape at `i` inside a quote, as [byte, length consumed], or null:
 * in double quotes \xHH and \n \r \t \b \a (any other escaped byte
 * stands for itself), in single quotes only \'.
 */
function escapeAt(line: Buffer, i: number, quote: number): [number, number] | null {
  if (line[i] !== 0x5c || i + 1 >= line.length) return null;
  if (quote === 0x27) return line[i + 1] === 0x27 ? [0x27, 2] : null;
  if (line[i + 1] === 0x78 && i + 3 < line.length && hexValue(line[i + 2]) >= 0 && hexValue(line[i + 3]) >= 0) return [hexValue(line[i + 2]) * 16 + hexValue(line[i + 3]), 4];
  return [ESCAPES[line[i + 1]] ?? line[i + 1], 2];
}

/** The words of an inline request; null for unbalanced quotes (or a closing quote not followed by a space). */
function splitWords(line: Buffer): Buffer[] | null {
  const words: Buffer[] = [];
  let i = 0;
  while (true) {
    while (i < line.length && isSpace(line[i])) i++;
    if (i >= line.length) return words;
    const word: number[] = [];
    let quote = 0;
    for (;;) {
      if (i >= line.length) {
        if (quote !== 0) return null;
        break;
      }
      const byte = line[i];
      if (quote !== 0) {
        const escaped = escapeAt(line, i, quote);
        if (escaped !== null) {
          word.push(escaped[0]);
          i += escaped[1];
        } else if (byte === quote) {
          if (i + 1 < line.length && !isSpace(line[i + 1])) return null;
          i++;
          break;
        } else {
          word.push(byte);
          i++;
        }
      } else if (isSpace(byte)) {
        break;
      } else if (byte === 0x22 || byte === 0x27) {
        quote = byte;
        i++;
      } else {
        word.push(byte);
        i++;
      }
    }
    words.push(Buffer.from(word));
  }
}
