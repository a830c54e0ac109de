/**
 * Reads the commands of one log file: RESP arrays of bulk strings, the only
 * form Redis writes to an append-only file, plus its `#...` annotation lines
 * (Redis 7 may write `#TS:<unix time>` lines), which carry no data.
 *
 * It tells the two ways a file can end badly apart, because the loader treats
 * them differently:
 * - torn: the bytes stop in the middle of a command (a crash cut a write
 *   short). Everything before the command is good.
 * - corrupt: a byte is not what RESP allows there. The file was damaged or
 *   is not a log, and nothing after the last good command can be trusted.
 *
 * Arguments are views into the file's bytes (no copies); the loader hands
 * them to the engine, which copies what it keeps.
 */

const CR = 0x0d;
const LF = 0x0a;
const ASTERISK = 0x2a;
const DOLLAR = 0x24;
const HASH = 0x23;

/**
 * How a read ended: at the end of the bytes, or at `offset`, the start of a
 * torn or corrupt command (everything before it is good); `at` is the byte
 * where the damage was found.
 */
export type ReadEnd =
  | { kind: 'complete' }
  | { kind: 'torn'; offset: number }
  | { kind: 'corrupt'; offset: number; at: number; reason: string };

/** Called for each command with its arguments (the name first) and where it starts and ends in the bytes. */
export type CommandSink = (args: Uint8Array[], start: number, end: number) => void;

/** Bulk lengths past this are damage, not data (Redis's proto-max-bulk-len allows 512 MiB). */
const MAX_BULK = 512 * 1024 * 1024;
/** Arguments past this are damage too: Redis's own limit on a multibulk length. */
const MAX_ARGS = 1024 * 1024;

class Stop {
  constructor(readonly torn: boolean, readonly reason: string) {}
}

/** Reads every command of `bytes`, calling `sink` for each; returns how the read ended. */
export function readCommands(bytes: Uint8Array, sink: CommandSink): ReadEnd {
  let at = 0;
  const length = bytes.length;

  /** The number on the line starting at `at` (after the type byte), moving `at` past its CRLF. */
  const readNumber = (max: number): number => {
    let value = 0;
    let digits = 0;
    for (;;) {
      if (at >= length) throw new Stop(true, '');
      const byte = bytes[at++];
      if (byte === CR) break;
      if (byte < 0x30 || byte > 0x39) throw new Stop(false, 'a length with a byte that is not a digit');
      value = value * 10 + (byte - 0x30);
      if (value > max) throw new Stop(false, `a length over ${max}`);
      digits++;
    }
    if (at >= length) throw new Stop(true, '');
    if (bytes[at++] !== LF || digits === 0) throw new Stop(false, 'a malformed length line');
    return value;
  };

  while (at < length) {
    const start = at;
    try {
      const type = bytes[at++];
      if (type === HASH) {
        // An annotation: skip its line.
        while (at < length && bytes[at] !== LF) at++;
        if (at >= length) throw new Stop(true, '');
        at++;
        continue;
      }
      if (type !== ASTERISK) throw new Stop(false, `expected '*' to start a command, found byte 0x${type.toString(16).padStart(2, '0')}`);
      const count = readNumber(MAX_ARGS);
      if (count === 0) throw new Stop(false, 'an empty command');
      const args: Uint8Array[] = new Array(count);
      for (let i = 0; i < count; i++) {
        if (at >= length) throw new Stop(true, '');
        if (bytes[at++] !== DOLLAR) throw new Stop(false, "expected '$' to start an argument");
        const size = readNumber(MAX_BULK);
        if (at + size + 2 > length) throw new Stop(true, '');
        args[i] = bytes.subarray(at, at + size);
        at += size;
        if (bytes[at] !== CR || bytes[at + 1] !== LF) throw new Stop(false, 'an argument not followed by CRLF');
        at += 2;
      }
      sink(args, start, at);
    } catch (error) {
      if (!(error instanceof Stop)) throw error;
      return error.torn ? { kind: 'torn', offset: start } : { kind: 'corrupt', offset: start, at: Math.max(start, at - 1), reason: error.reason };
    }
  }
  return { kind: 'complete' };
}
