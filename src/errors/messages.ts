/**
 * Error texts shared by both engines and the command table, exactly as
 * Redis 7 words them (built once, as Redis's `shared.*` replies are).
 */
export const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
export const SYNTAX = 'ERR syntax error';
export const NOT_INTEGER = 'ERR value is not an integer or out of range';
export const NOT_FLOAT = 'ERR value is not a valid float';
export const OVERFLOW = 'ERR increment or decrement would overflow';
export const FLOAT_NAN_OR_INF = 'ERR increment would produce NaN or Infinity';
export const NO_SUCH_KEY = 'ERR no such key';
export const OFFSET_OUT_OF_RANGE = 'ERR offset is out of range';
export const STRING_TOO_LONG = 'ERR string exceeds maximum allowed size (proto-max-bulk-len)';
export const INVALID_CURSOR = 'ERR invalid cursor';
export const SAME_OBJECT = 'ERR source and destination objects are the same';
export const HASH_NOT_INTEGER = 'ERR hash value is not an integer';
export const HASH_NOT_FLOAT = 'ERR hash value is not a float';

/** "ERR wrong number of arguments for 'get' command" */
export function wrongArity(command: string): string {
  return `ERR wrong number of arguments for '${command}' command`;
}

/** "ERR invalid expire time in 'set' command" */
export function invalidExpireTime(command: string): string {
  return `ERR invalid expire time in '${command}' command`;
}

/** How many bytes of an unknown command's name and arguments Redis echoes back. */
const UNKNOWN_COMMAND_ECHO = 128;

/**
 * The part of a byte string C's `%.*s` prints: up to the first NUL byte, at
 * most `max` bytes.
 */
function cString(bytes: string, max: number): string {
  const nul = bytes.indexOf('\0');
  return bytes.slice(0, nul >= 0 && nul < max ? nul : max);
}

/**
 * "ERR unknown command 'foo', with args beginning with: 'a' 'b' ", as Redis
 * builds it from the bytes it received: the name cut to 128 bytes, arguments
 * quoted until 128 bytes of them are shown, each part ending at a NUL byte
 * (C's %s), and CR and LF turned into spaces.
 *
 * Takes and returns byte strings (one char per byte, src/engine/bytes.ts):
 * the caller decodes the result as UTF-8, as a client shows Redis's reply.
 */
export function unknownCommand(name: string, args: readonly string[]): string {
  let shown = '';
  for (const arg of args) {
    if (shown.length >= UNKNOWN_COMMAND_ECHO) break;
    shown += `'${cString(arg, UNKNOWN_COMMAND_ECHO - shown.length)}' `;
  }
  const message = `ERR unknown command '${cString(name, UNKNOWN_COMMAND_ECHO)}', with args beginning with: ${shown}`;
  return message.replace(/[\r\n]/g, ' ');
}

/**
 * "ERR unknown subcommand 'foo'. Try MEMORY HELP.": the subcommand cut to
 * 128 bytes (and at a NUL byte) with CR and LF as spaces, as Redis replies.
 * Takes and returns byte strings, as {@link unknownCommand} does.
 */
export function unknownSubcommand(subcommand: string, command: string): string {
  const message = `ERR unknown subcommand '${cString(subcommand, UNKNOWN_COMMAND_ECHO)}'. Try ${command.toUpperCase()} HELP.`;
  return message.replace(/[\r\n]/g, ' ');
}

/** Engine misuse, the same text from both engines (the Engine contract suite checks it). */
export const TX_NESTED = 'flashkv: begin() inside a transaction (transactions do not nest)';
export const TX_DRAIN = 'flashkv: effects cannot be drained inside a transaction';
export const ENGINE_CLOSED = 'flashkv: the engine is closed';

/** "flashkv: commit() without a transaction; call begin() first" */
export function txNotOpen(verb: 'commit' | 'rollback'): string {
  return `flashkv: ${verb}() without a transaction; call begin() first`;
}
