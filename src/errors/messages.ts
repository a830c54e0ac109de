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

/** "ERR wrong number of arguments for 'get' command" */
export function wrongArity(command: string): string {
  return `ERR wrong number of arguments for '${command}' command`;
}

/** "ERR invalid expire time in 'set' command" */
export function invalidExpireTime(command: string): string {
  return `ERR invalid expire time in '${command}' command`;
}

/** How much of an unknown command's name and arguments Redis echoes back. */
const UNKNOWN_COMMAND_ECHO = 128;

/**
 * "ERR unknown command 'foo', with args beginning with: 'a' 'b' ", as Redis
 * builds it: the name cut to 128 characters, arguments quoted until 128
 * characters are shown, and newlines turned into spaces.
 */
export function unknownCommand(name: string, args: readonly string[]): string {
  let shown = '';
  for (const arg of args) {
    if (shown.length >= UNKNOWN_COMMAND_ECHO) break;
    shown += `'${arg.slice(0, UNKNOWN_COMMAND_ECHO - shown.length)}' `;
  }
  const message = `ERR unknown command '${name.slice(0, UNKNOWN_COMMAND_ECHO)}', with args beginning with: ${shown}`;
  return message.replace(/[\r\n]/g, ' ');
}

/**
 * "ERR unknown subcommand 'foo'. Try MEMORY HELP.": the subcommand cut to
 * 128 characters with newlines as spaces, as Redis replies.
 */
export function unknownSubcommand(subcommand: string, command: string): string {
  const message = `ERR unknown subcommand '${subcommand.slice(0, UNKNOWN_COMMAND_ECHO)}'. Try ${command.toUpperCase()} HELP.`;
  return message.replace(/[\r\n]/g, ' ');
}
