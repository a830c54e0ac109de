/**
 * RESP2 commands as bytes: the effects stream's encoding.
 *
 * Every effect is one command, written as Redis writes commands into its AOF:
 * an array of bulk strings.
 *
 *   *<argc>\r\n  then per argument  $<length>\r\n<bytes>\r\n
 *
 * {@link RespWriter} appends commands to one growable buffer (doubling, so a
 * burst of writes costs amortised O(bytes)), and {@link RespWriter.drain}
 * hands the bytes over. Its framing methods (header, line, bulk) are also
 * what reply.ts renders replies with. Arguments are byte strings (one char per byte, see
 * bytes.ts) or Uint8Arrays, so neither engine has to re-encode what it stores.
 *
 * {@link decodeCommands} reads such a stream back, for tests that replay
 * effects and for tools; it accepts only arrays of bulk strings and throws on
 * anything else, including a truncated tail (telling a torn tail from
 * corruption is the AOF loader's job).
 */
import { bytesToByteString, writeByteString } from './bytes.js';

const CR = 0x0d;
const LF = 0x0a;
const ASTERISK = 0x2a;
const DOLLAR = 0x24;

/** One RESP argument: a byte string or raw bytes. */
export type RespArg = string | Uint8Array;

/** A growable buffer of RESP2 commands. */
export class RespWriter {
  #buffer: Uint8Array;
  #length = 0;

  /** @param initialCapacity bytes reserved up front; the buffer doubles as needed. */
  constructor(initialCapacity = 1024) {
    this.#buffer = new Uint8Array(Math.max(16, initialCapacity));
  }

  /** Bytes written since the last drain. */
  get length(): number {
    return this.#length;
  }

  /** Appends one command (an array of bulk strings). */
  command(args: readonly RespArg[]): void {
    this.header(ASTERISK, args.length);
    for (const arg of args) this.bulk(arg);
  }

  /** The bytes written since the last drain, in a fresh array; empties the buffer. */
  drain(): Uint8Array {
    const out = this.#buffer.slice(0, this.#length);
    this.#length = 0;
    return out;
  }

  /**
   * The bytes written since the last drain as a view of the buffer, valid
   * until the next write; empties the buffer. For a consumer that uses them
   * at once (the log writes them to a file): a fresh array per drain costs
   * new pages, which here cost more than the copy (docs/persistence.md).
   */
  lend(): Uint8Array {
    const out = this.#buffer.subarray(0, this.#length);
    this.#length = 0;
    return out;
  }

  /** Drops everything written since `mark` (a previous {@link length}). */
  truncate(mark: number): void {
    if (mark < this.#length) this.#length = mark;
  }

  /** Appends a bulk string: `$<length>\r\n<bytes>\r\n`. */
  bulk(arg: RespArg): void {
    this.header(DOLLAR, arg.length);
    this.body(arg);
  }

  /** Appends bytes (or a byte string) and CRLF: the payload of a bulk or verbatim string, or the rest of a line. */
  body(arg: RespArg): void {
    this.#reserve(arg.length + 2);
    if (typeof arg === 'string') {
      this.#length += writeByteString(arg, this.#buffer, this.#length);
    } else {
      this.#buffer.set(arg, this.#length);
      this.#length += arg.length;
    }
    this.#buffer[this.#length++] = CR;
    this.#buffer[this.#length++] = LF;
  }

  /** Appends a type byte and a decimal, as in `*<n>\r\n`, `$<n>\r\n` or `:<n>\r\n`. */
  header(type: number, count: number | bigint): void {
    const digits = String(count);
    this.#reserve(digits.length + 3);
    const buffer = this.#buffer;
    let at = this.#length;
    buffer[at++] = type;
    for (let i = 0; i < digits.length; i++) buffer[at++] = digits.charCodeAt(i);
    buffer[at++] = CR;
    buffer[at++] = LF;
    this.#length = at;
  }

  /**
   * Appends a type byte and a line, as in `+OK\r\n` or `-ERR ...\r\n`; `text`
   * is a byte string (one char per byte) or bytes, and must hold no CR or LF.
   */
  line(type: number, text: RespArg): void {
    this.#reserve(1);
    this.#buffer[this.#length++] = type;
    this.body(text);
  }

  #reserve(extra: number): void {
    const needed = this.#length + extra;
    if (needed <= this.#buffer.length) return;
    let capacity = this.#buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.#buffer.subarray(0, this.#length));
    this.#buffer = grown;
  }
}

/**
 * encodeCommand: one command as RESP2 bytes, in a fresh array (a convenience
 * for callers that write a single command).
 */
export function encodeCommand(args: readonly RespArg[]): Uint8Array {
  const writer = new RespWriter(64);
  writer.command(args);
  return writer.drain();
}

/** Reads the decimal after a type byte up to CRLF; returns [value, next offset]. */
function readLength(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let i = at;
  if (i >= bytes.length) throw new Error(`RESP: truncated at byte ${at}`);
  for (; i < bytes.length && bytes[i] !== CR; i++) {
    const digit = bytes[i] - 0x30;
    if (digit < 0 || digit > 9) throw new Error(`RESP: bad length byte at ${i}`);
    value = value * 10 + digit;
  }
  if (i === at) throw new Error(`RESP: empty length at byte ${at}`);
  if (i + 1 >= bytes.length) throw new Error(`RESP: truncated at byte ${i}`);
  if (bytes[i + 1] !== LF) throw new Error(`RESP: expected LF at byte ${i + 1}`);
  return [value, i + 2];
}

/**
 * decodeCommands: the commands in a RESP2 stream of arrays of bulk strings,
 * each argument a fresh subarray copy.
 *
 * @throws Error when the stream holds anything else or ends mid-command.
 */
export function decodeCommands(bytes: Uint8Array): Uint8Array[][] {
  const commands: Uint8Array[][] = [];
  let at = 0;
  while (at < bytes.length) {
    if (bytes[at] !== ASTERISK) throw new Error(`RESP: expected '*' at byte ${at}`);
    const [argc, afterCount] = readLength(bytes, at + 1);
    at = afterCount;
    const args: Uint8Array[] = [];
    for (let i = 0; i < argc; i++) {
      if (bytes[at] !== DOLLAR) throw new Error(`RESP: expected '$' at byte ${at}`);
      const [length, start] = readLength(bytes, at + 1);
      const end = start + length;
      if (end + 2 > bytes.length) throw new Error(`RESP: truncated bulk at byte ${start}`);
      if (bytes[end] !== CR || bytes[end + 1] !== LF) throw new Error(`RESP: expected CRLF at byte ${end}`);
      args.push(bytes.slice(start, end));
      at = end + 2;
    }
    commands.push(args);
  }
  return commands;
}

/** decodeCommandStrings: {@link decodeCommands} with each argument as a byte string. */
export function decodeCommandStrings(bytes: Uint8Array): string[][] {
  return decodeCommands(bytes).map((args) => args.map((arg) => bytesToByteString(arg)));
}
