/**
 * The command table: one row per Redis command flashkv supports.
 *
 * A row gives the command's name, arity (Redis's convention: the count includes
 * the command name, and a negative arity -N means "at least N"), flags, key
 * positions, help text, and `run`, which parses the arguments with Redis's exact
 * errors and calls the typed {@link Engine} method. The same rows drive
 * `db.call()`, the CLI's dispatch and `help`, and (later) the server, the AOF
 * and transactions; adding a command means a row here plus an implementation in
 * each engine.
 *
 * A container command (MEMORY) has a row of its own for its name and arity,
 * and rows for its subcommands, named as Redis names them ("memory|usage");
 * {@link resolveCommand} picks the subcommand's row, whose flags and arity
 * then apply.
 *
 * The rows also keep INFO's counters (stats.ts): {@link runCommand} counts
 * each command run, and the rows that read keys count keyspace hits and
 * misses from their replies.
 *
 * Replies follow ioredis's shapes: integers as numbers (bigint beyond 2^53),
 * 'OK' and other status replies as strings, bulk replies as strings with
 * `As.String` or Uint8Array with `As.Bytes`, null for nil, arrays as arrays. In
 * `As.Bytes` mode a status reply is the only string, so a front end can tell
 * `+OK` from a bulk "OK".
 */
import { CommandError } from '../errors/command-error.js';
import { unknownCommand } from '../errors/messages.js';
import { argText, asciiLower } from './args.js';
import { byteStringToUtf8, toByteString } from './bytes.js';
import { As, type Bytes, type Engine } from './engine.js';

import { CONNECTION_COMMANDS } from './commands/connection.js';
import { HASH_COMMANDS } from './commands/hashes.js';
import { KEYSPACE_COMMANDS } from './commands/keyspace.js';
import { arityAccepts, replyKindOf, resolveRow, rowsOf, syntaxLine, type Command, type CommandContext, type Reply, type ResolvedCall } from './commands/row.js';
import { SERVER_COMMANDS } from './commands/server.js';
import { SET_COMMANDS } from './commands/sets.js';
import { STRING_COMMANDS } from './commands/strings.js';

export { arityAccepts, replyKindOf, syntaxLine };
export type { Command, CommandContext, CommandFlag, CommandGroup, KeySpec, Reply, ResolvedCall } from './commands/row.js';

/** Every row by command name, family by family (src/engine/commands/<family>.ts); DB's and Tx's method types are read from it. */
export const COMMAND_ROWS = { ...STRING_COMMANDS, ...HASH_COMMANDS, ...SET_COMMANDS, ...KEYSPACE_COMMANDS, ...SERVER_COMMANDS, ...CONNECTION_COMMANDS };

/** Every command flashkv supports. */
export const COMMANDS: readonly Command[] = rowsOf(COMMAND_ROWS);

/**
 * The rows by name, each under its lower-case and its upper-case spelling:
 * the two ways commands are written (db.call('SET', ...), the methods'
 * 'set'), found without lower-casing the name on every call.
 */
const BY_NAME = new Map<string, Command>();
for (const command of COMMANDS) {
  BY_NAME.set(command.name, command);
  BY_NAME.set(command.name.toUpperCase(), command);
}

/** The row for a command name in any case (ASCII letters, as Redis folds them), or undefined. */
export function lookupCommand(name: string): Command | undefined {
  return BY_NAME.get(name) ?? BY_NAME.get(asciiLower(name));
}

/**
 * resolveCommand: finds the row for `name` and checks the arguments' count,
 * with Redis's errors: unknown command, wrong number of arguments, and for a
 * container command, unknown subcommand and the subcommand's arity (named
 * "memory|usage", as Redis names it). A command refused here has not run
 * and is not counted.
 */
export function resolveCommand(name: Bytes, args: Bytes[]): ResolvedCall {
  const command = lookupCommand(typeof name === 'string' ? name : argText(name));
  if (command === undefined) throw new CommandError(byteStringToUtf8(unknownCommand(toByteString(name), args.map(toByteString))));
  return resolveRow(command, args);
}

/**
 * runCommand: runs a resolved command (a row, and the arguments after its
 * name, arity checked) against `ctx`, counting it in INFO's
 * total_commands_processed.
 */
export function runCommand(ctx: CommandContext, command: Command, args: readonly Bytes[], as: As): Reply {
  ctx.stats.commands++;
  if (as === As.Bytes) return command.run(ctx, args, as);
  try {
    return command.run(ctx, args, as);
  } catch (error) {
    throw isStringTooLong(error) ? new RangeError(STRING_TOO_LONG, { cause: error }) : error;
  }
}

/**
 * A value can be 512 MiB, longer than the longest string V8 makes (2^29 - 24
 * chars): read as a string it fails in the decoder with a message about
 * engine internals. Said in the API's terms instead; nothing changed.
 */
const STRING_TOO_LONG =
  'flashkv: the reply holds a value longer than the longest JS string (2^29 - 24 characters); read it as bytes (getBuffer, callBuffer)';

function isStringTooLong(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // Node's Buffer decoders say ERR_STRING_TOO_LONG; TextDecoder and string
  // building elsewhere throw V8's RangeError "Invalid string length".
  return (error as { code?: unknown }).code === 'ERR_STRING_TOO_LONG' || (error instanceof RangeError && /string length/i.test(error.message));
}
