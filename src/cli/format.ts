/**
 * format: prints replies the way redis-cli 7 does (cliFormatReplyTTY and
 * cliFormatReplyRaw in redis-cli.c), checked against redis-cli 7.0.15.
 *
 * Replies come from `db.callBuffer`, whose shapes tell RESP types apart: a JS
 * string is a status reply (+OK), a Uint8Array a bulk string, a number or
 * bigint an integer, null a nil, an array an array. Errors are thrown as
 * exceptions and formatted by {@link formatErrorTty} / {@link formatErrorRaw}.
 *
 * Two modes, chosen as redis-cli chooses them, by whether standard output is a
 * terminal:
 *
 * TTY (for people):
 *   OK                      status, as is
 *   "a\nb\xff"              bulk, quoted with sdscatrepr's escapes
 *   (integer) 5
 *   (nil)
 *   (error) ERR ...
 *   1) "a"                  arrays numbered, indexes right-aligned to the
 *   2) 1) "b"               widest one; nested arrays indented under their
 *      2) "c"               parent's number
 *   (empty array)
 *
 * Raw (for scripts; stdout is a pipe or file):
 *   status and bulk bytes as they are, integers as bare digits, nil as an empty
 *   line, array elements one per line (nested arrays flattened), an empty array
 *   as an empty line, and an error as its text followed by an empty line. (The
 *   extra line is redis-cli's: its raw formatter ends errors with "\n" and the
 *   caller appends the command delimiter "\n" to every reply.)
 */
import type { Reply } from '../engine/commands.js';
import { isReplyError } from '../errors/reply-error.js';

// ---------------------------------------------------------------------------
// TTY mode
// ---------------------------------------------------------------------------

/**
 * quoteBytes: Redis's sdscatrepr: the bytes in double quotes, with \\ \" \n
 * \r \t \a \b escaped, printable ASCII as is and every other byte as \xhh
 * (lower-case hex, as redis-cli prints UTF-8 too: "\xc3\xa9").
 */
export function quoteBytes(bytes: Uint8Array): string {
  let out = '"';
  for (const byte of bytes) {
    switch (byte) {
      case 0x5c: out += '\\\\'; break;
      case 0x22: out += '\\"'; break;
      case 0x0a: out += '\\n'; break;
      case 0x0d: out += '\\r'; break;
      case 0x09: out += '\\t'; break;
      case 0x07: out += '\\a'; break;
      case 0x08: out += '\\b'; break;
      default:
        out += byte >= 0x20 && byte <= 0x7e ? String.fromCharCode(byte) : '\\x' + byte.toString(16).padStart(2, '0');
    }
  }
  return out + '"';
}

/**
 * formatTty: one reply as redis-cli prints it on a terminal, ending in a
 * newline. `prefix` is the indentation of a nested array's later elements
 * (the first one sits after its parent's number).
 */
export function formatTty(reply: Reply, prefix = ''): string {
  if (reply === null) return '(nil)\n';
  if (typeof reply === 'string') return reply + '\n';
  if (typeof reply === 'number' || typeof reply === 'bigint') return `(integer) ${reply}\n`;
  if (reply instanceof Uint8Array) return quoteBytes(reply) + '\n';
  if (reply.length === 0) return '(empty array)\n';
  const width = String(reply.length).length;
  const nested = prefix + ' '.repeat(width + 2);
  let out = '';
  for (let i = 0; i < reply.length; i++) {
    out += (i === 0 ? '' : prefix) + String(i + 1).padStart(width) + ') ';
    out += formatTty(reply[i], nested);
  }
  return out;
}

/** formatErrorTty: a failed command as redis-cli prints it on a terminal. */
export function formatErrorTty(error: unknown): string {
  return `(error) ${errorText(error)}\n`;
}

// ---------------------------------------------------------------------------
// Raw mode
// ---------------------------------------------------------------------------

const NEWLINE = new Uint8Array([0x0a]);
const encoder = new TextEncoder();

/** formatRaw: one reply as redis-cli prints it when stdout is not a terminal, ending in a newline. */
export function formatRaw(reply: Reply): Uint8Array {
  const chunks: Uint8Array[] = [];
  appendRaw(reply, chunks);
  chunks.push(NEWLINE);
  return concat(chunks);
}

/** formatErrorRaw: a failed command as redis-cli prints it when stdout is not a terminal. */
export function formatErrorRaw(error: unknown): Uint8Array {
  return encoder.encode(`${errorText(error)}\n\n`);
}

function appendRaw(reply: Reply, chunks: Uint8Array[]): void {
  if (reply === null) return;
  if (typeof reply === 'string') chunks.push(encoder.encode(reply));
  else if (typeof reply === 'number' || typeof reply === 'bigint') chunks.push(encoder.encode(String(reply)));
  else if (reply instanceof Uint8Array) chunks.push(reply);
  else {
    for (let i = 0; i < reply.length; i++) {
      if (i > 0) chunks.push(NEWLINE);
      appendRaw(reply[i], chunks);
    }
  }
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * The text of a failed command: a ReplyError's message is Redis's error text
 * ("ERR ...", "WRONGTYPE ..."). Anything else is a flashkv fault rather than a
 * command's reply; it is shown with an ERR prefix so it still reads as one.
 */
function errorText(error: unknown): string {
  if (isReplyError(error)) return error.message;
  if (error instanceof Error) return `ERR ${error.message}`;
  return `ERR ${String(error)}`;
}
