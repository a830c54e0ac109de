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

/** "ERR wrong number of arguments for 'get' command" */
export function wrongArity(command: string): string {
  return `ERR wrong number of arguments for '${command}' command`;
}

/** "ERR invalid expire time in 'set' command" */
export function invalidExpireTime(command: string): string {
  return `ERR invalid expire time in '${command}' command`;
}

/** "ERR unknown command 'foo', with args beginning with: 'a' 'b' " */
export function unknownCommand(name: string, args: readonly string[]): string {
  const shown = args.map((a) => `'${a}' `).join('');
  return `ERR unknown command '${name}', with args beginning with: ${shown}`;
}
