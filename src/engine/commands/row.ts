/**
 * What a command row is, and the helpers every family's rows share: key
 * positions, bulk replies the table makes, INFO's hit and miss counting, and
 * resolving a container's subcommand.
 */
import { CommandError } from '../../errors/command-error.js';
import { unknownSubcommand, wrongArity } from '../../errors/messages.js';
import { argText, asciiLower } from '../args.js';
import { byteStringToUtf8, toByteString, utf8Decode, utf8Encode } from '../bytes.js';
import { As, type Bulk, type Bytes, type Engine } from '../engine.js';
import type { ScanCursors } from '../scan-cursors.js';
import type { Stats } from '../stats.js';


/** A command's reply, in ioredis's shapes (see the module comment). */
export type Reply = null | string | Uint8Array | number | bigint | Reply[];

/**
 * Command flags, as Redis names them:
 * - `write`: may change the dataset (logged to the AOF, undone by a rolled-back transaction).
 * - `readonly`: never changes the dataset (allowed in `db.view()`).
 * - `denyoom`: may grow memory, so refused when memory is exhausted.
 * - `fast`: O(1) or O(log N), never blocks for long.
 */
export type CommandFlag = 'write' | 'readonly' | 'denyoom' | 'fast';

/** Redis's command groups, for help listings. */
export type CommandGroup = 'string' | 'generic' | 'server' | 'connection';

/** Where a command's keys are: argument positions counted from the command name at 0. */
export interface KeySpec {
  /** Position of the first key, 0 if the command takes none. */
  first: number;
  /** Position of the last key; -1 means the last argument. */
  last: number;
  /** Distance between keys (2 for MSET's key value pairs). */
  step: number;
}

/** What a command runs against: the engine and the session state the table keeps. */
export interface CommandContext {
  engine: Engine;
  cursors: ScanCursors;
  /** INFO's counters (stats.ts). */
  stats: Stats;
}

/** One row of the command table. */
export interface Command {
  /** Lower-case name. */
  name: string;
  /** Argument count including the name; negative -N means at least N. */
  arity: number;
  flags: readonly CommandFlag[];
  keys: KeySpec;
  group: CommandGroup;
  /** The arguments after the name, in Redis's documentation syntax. */
  syntax: string;
  /**
   * What the command does, in one or two sentences of our own: third person
   * ("Reads the string at a key."), with the reply's special values.
   */
  summary: string;
  /**
   * Time cost in big-O: a key lookup counts as O(1) (the radix tree's depth
   * depends on the key's length, not on how many keys there are), N names
   * what grows.
   */
  complexity: string;
  /** The Redis version that introduced the command. */
  since: string;
  /**
   * Parses `args` (the arguments after the name; arity already checked) and
   * runs the command. Throws {@link ReplyError}s with Redis's texts.
   */
  run(ctx: CommandContext, args: readonly Bytes[], as: As): Reply;
  /**
   * A container command's subcommands, named "<container>|<subcommand>";
   * their arity counts the container's name and the subcommand's.
   */
  subcommands?: readonly Command[];
}

export const NO_KEYS: KeySpec = { first: 0, last: 0, step: 0 };
export const ONE_KEY: KeySpec = { first: 1, last: 1, step: 1 };
export const TWO_KEYS: KeySpec = { first: 1, last: 2, step: 1 };
export const ALL_KEYS: KeySpec = { first: 1, last: -1, step: 1 };
export const PAIRS: KeySpec = { first: 1, last: -1, step: 2 };

/** A bulk reply the table makes itself (cursors, echoed arguments), in the form `as` asks for. */
export function bulkOf(value: Bytes, as: As): Bulk {
  if (as === As.Bytes) return typeof value === 'string' ? utf8Encode(value) : value.slice();
  return typeof value === 'string' ? value : utf8Decode(value);
}

/** Runs a read whose key lookup INFO counts: a hit or a miss by what `found` says of the reply. */
export function countedRead<T>(ctx: CommandContext, read: () => T, found: (reply: T) => boolean): T {
  let reply: T;
  try {
    reply = read();
  } catch (error) {
    return ctx.stats.failedRead(error);
  }
  ctx.stats.lookup(found(reply));
  return reply;
}

export const notNull = (reply: unknown): boolean => reply !== null;

/**
 * Whether `key` holds a value of any type, for replies that read the same
 * for a missing key and a present one (STRLEN 0, GETRANGE '', MGET nil,
 * COPY 0). Asked only after such a reply, so found values cost nothing extra.
 */
export function keyExists(ctx: CommandContext, key: Bytes): boolean {
  return ctx.engine.type(key) !== 'none';
}

/** Whether `argc` arguments (the name included) satisfy the row's arity. */
export function arityAccepts(command: Command, argc: number): boolean {
  return command.arity >= 0 ? argc === command.arity : argc >= -command.arity;
}

/** A command ready to run: its row (a subcommand's for a container) and the arguments after its name. */
export interface ResolvedCall {
  command: Command;
  args: Bytes[];
}

/** The subcommand row `args[0]` names in `container` (arity already checked), with the arguments after it. */
export function resolveSubcommand(container: Command, args: readonly Bytes[]): ResolvedCall {
  const wanted = `${container.name}|${asciiLower(argText(args[0]))}`;
  const command = container.subcommands?.find((sub) => sub.name === wanted);
  if (command === undefined) throw new CommandError(byteStringToUtf8(unknownSubcommand(toByteString(args[0]), container.name)));
  if (!arityAccepts(command, args.length + 1)) throw new CommandError(wrongArity(command.name));
  return { command, args: args.slice(1) };
}
