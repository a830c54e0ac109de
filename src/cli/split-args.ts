/**
 * split-args: cuts a typed line into command arguments exactly as redis-cli
 * does (a port of Redis's `sdssplitargs`, sds.c).
 *
 * - Arguments are separated by whitespace.
 * - "Double quotes" allow escapes: \n \r \t \b \a, \xHH (two hex digits, one
 *   byte), and a backslash before any other character stands for that
 *   character (so \" and \\).
 * - 'Single quotes' take everything literally except \' (a quote).
 * - A closing quote must be followed by whitespace or the end of the line, and
 *   every opened quote must be closed; otherwise the whole line is invalid and
 *   redis-cli prints "Invalid argument(s)".
 * - A quote may open in the middle of a word: `a"b c"` is the one argument
 *   `ab c`, as in Redis.
 *
 * The line is split as UTF-8 bytes, not as JavaScript characters, because a
 * \xHH escape makes a single byte that need not be valid UTF-8: arguments are
 * byte strings, as the database's keys and values are.
 */

/** The text redis-cli prints for a line {@link splitArgs} rejects. */
export const INVALID_ARGUMENTS = 'Invalid argument(s)';

const SPACE = 0x20;
const TAB = 0x09;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const BACKSLASH = 0x5c;
const LOWER_X = 0x78;

/** C's isspace() in the "C" locale (space, \t \n \v \f \r): blanks skipped between arguments. */
function isSpace(byte: number): boolean {
  return byte === SPACE || (byte >= TAB && byte <= RETURN);
}

/** The value of an ASCII hex digit, or -1. */
function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x61 + 10;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x41 + 10;
  return -1;
}

/** The byte a backslash escape inside double quotes stands for. */
function unescape(byte: number): number {
  switch (byte) {
    case 0x6e: return NEWLINE; // \n
    case 0x72: return RETURN; // \r
    case 0x74: return TAB; // \t
    case 0x62: return 0x08; // \b
    case 0x61: return 0x07; // \a
    default: return byte; // \" \\ and any other character stand for themselves
  }
}

/**
 * Whether a quote at `i` properly ends the word: it must exist (a line that
 * ends inside quotes is unterminated) and be followed by whitespace or the end
 * of the line.
 */
function closesWord(p: Uint8Array, i: number): boolean {
  return i < p.length && (i + 1 === p.length || isSpace(p[i + 1]));
}

/** A growable byte buffer for the argument being read. */
class ByteBuilder {
  #bytes = new Uint8Array(16);
  #length = 0;

  push(byte: number): void {
    if (this.#length === this.#bytes.length) {
      const grown = new Uint8Array(this.#bytes.length * 2);
      grown.set(this.#bytes);
      this.#bytes = grown;
    }
    this.#bytes[this.#length++] = byte;
  }

  take(): Uint8Array {
    return this.#bytes.slice(0, this.#length);
  }
}

/**
 * splitArgs: the arguments in `line` as byte strings, or null when the quotes
 * are unbalanced or a closing quote is followed by something other than
 * whitespace (redis-cli's "Invalid argument(s)"). A blank line gives [].
 */
export function splitArgs(line: string | Uint8Array): Uint8Array[] | null {
  const p = typeof line === 'string' ? new TextEncoder().encode(line) : line;
  const end = p.length;
  // Reading past the end yields 0, like the C string's terminating NUL.
  const at = (i: number): number => (i < end ? p[i] : 0);
  const args: Uint8Array[] = [];
  let i = 0;
  for (;;) {
    while (i < end && isSpace(p[i])) i++;
    if (i >= end) return args;

    const current = new ByteBuilder();
    let inDouble = false;
    let inSingle = false;
    let done = false;
    while (!done) {
      const c = at(i);
      if (inDouble) {
        if (c === BACKSLASH && at(i + 1) === LOWER_X && hexValue(at(i + 2)) >= 0 && hexValue(at(i + 3)) >= 0) {
          current.push(hexValue(at(i + 2)) * 16 + hexValue(at(i + 3)));
          i += 3;
        } else if (c === BACKSLASH && i + 1 < end) {
          i++;
          current.push(unescape(p[i]));
        } else if (c === DOUBLE_QUOTE || i >= end) {
          if (!closesWord(p, i)) return null;
          done = true;
        } else {
          current.push(c);
        }
      } else if (inSingle) {
        if (c === BACKSLASH && at(i + 1) === SINGLE_QUOTE) {
          i++;
          current.push(SINGLE_QUOTE);
        } else if (c === SINGLE_QUOTE || i >= end) {
          if (!closesWord(p, i)) return null;
          done = true;
        } else {
          current.push(c);
        }
      } else if (i >= end || c === SPACE || c === NEWLINE || c === RETURN || c === TAB) {
        // Only these four end a word; VT and FF are skipped between words but kept inside one.
        done = true;
      } else if (c === DOUBLE_QUOTE) {
        inDouble = true;
      } else if (c === SINGLE_QUOTE) {
        inSingle = true;
      } else {
        current.push(c);
      }
      if (i < end) i++;
    }
    args.push(current.take());
  }
}
