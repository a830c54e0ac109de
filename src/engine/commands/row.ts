/**
 * What a command row is, and the helpers every family's rows share: key
 * positions, the named method a row declares, bulk replies the table makes,
 * INFO's hit and miss counting, and resolving a container's subcommand.
 *
 * A family file (strings.ts, keyspace.ts, ...) declares its rows with
 * {@link family}: an object from command name to row, so each row's TSDoc and
 * method signature reach the DB's and Tx's methods by name (see
 * src/command-methods.ts, which installs one method per row).
 */
import { CommandError } from '../../errors/command-error.js';
import { unknownSubcommand, wrongArity } from '../../errors/messages.js';
import { argText, asciiLower } from '../args.js';
import { byteStringToUtf8, toByteString, utf8Decode, utf8Encode } from '../bytes.js';
import { As, type Bulk, type Bytes, type Engine } from '../engine.js';
import type { ScanCursors } from '../scan-cursors.js';
import type { Stats } from '../stats.js';
import type { Reply, ReplyKind } from '../reply.js';
import { syntaxOf, type ArgSpec } from './grammar.js';

export type { Reply, ReplyKind } from '../reply.js';

/**
 * Command flags, as Redis names them:
 * - `write`: may change the dataset (logged to the AOF, undone by a rolled-back transaction).
 * - `readonly`: never changes the dataset (allowed in `db.view()`).
 * - `denyoom`: may grow memory, so refused when memory is exhausted.
 * - `fast`: O(1) or O(log N), never blocks for long.
 */
export type CommandFlag = 'write' | 'readonly' | 'denyoom' | 'fast';

/** Redis's command groups, for help listings. */
export type CommandGroup = 'string' | 'hash' | 'set' | 'generic' | 'server' | 'connection';

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
  /** The append-only log, for a database opened with a path. */
  log?: LogControl;
}

/** What commands may ask of the append-only log (src/aof/log.ts). */
export interface LogControl {
  /** Starts a rewrite in the background; throws Redis's error if one is running. */
  startRewrite(): void;
}

/**
 * The effects a write may record (see src/engine/ts/effects.ts for when
 * each is used): the forms the AOF and replication will replay. A form named
 * like its command is the command logged as it is; the others are rewrites
 * that replay the same way later (a relative expiry becomes absolute, an
 * INCR becomes the SET of its result, HINCRBYFLOAT the HSET of its result,
 * SPOP the SREM of the members it popped). Any command that finds an expired
 * key may also record `DEL` for it.
 */
export type EffectForm =
  | 'SET'
  | 'SET PXAT'
  | 'SET KEEPTTL'
  | 'MSET'
  | 'APPEND'
  | 'SETRANGE'
  | 'PEXPIREAT'
  | 'PERSIST'
  | 'DEL'
  | 'RENAME'
  | 'COPY'
  | 'FLUSHALL'
  | 'HSET'
  | 'HDEL'
  | 'HINCRBY'
  | 'SADD'
  | 'SREM'
  | 'SMOVE'
  | 'SUNIONSTORE'
  | 'SINTERSTORE'
  | 'SDIFFSTORE';

/**
 * How a row's named method (`db.get`, `tx.set`, ...) takes its arguments and
 * shapes its result; `F` is the method's TypeScript signature, which the
 * DB's and Tx's types are derived from (made with {@link method}).
 */
export interface MethodSpec<F = unknown> {
  /** The signature, as a type only: never set at run time. */
  readonly signature?: F;
  /**
   * How many leading parameters stand for one argument each (a key, a
   * value, a count): an array there is refused. The parameters after them
   * are variadic, and arrays among them are flattened one level, as ioredis
   * does (`del([a, b])`, `set(k, v, ['EX', 10])`).
   */
  readonly single: number;
  /** Whether a missing trailing parameter (`ping()`, `flushdb()`) is left out rather than refused. */
  readonly optional?: boolean;
  /** Whether the variadic part may also be one object or Map of pairs (`mset({ a: '1' })`), as ioredis takes MSET's. */
  readonly pairs?: boolean;
  /** Whether a `<name>Buffer` variant returns bulk replies as Uint8Array. */
  readonly buffer?: boolean;
  /** Turns the raw reply into the method's result (for example SCAN's cursor as a string in the Buffer variant). */
  readonly shape?: (reply: Reply, as: As) => unknown;
}

/** A row's method: `F` is its TypeScript signature (typed here once, so no method casts its reply). */
export function method<F extends (...args: never[]) => unknown>(spec: Omit<MethodSpec, 'signature' | 'buffer'>): MethodSpec<F> {
  return methodSpec(spec, false);
}

/**
 * {@link method}, with a `<name>Buffer` variant whose bulk replies are
 * Uint8Array (`getBuffer`). The variant's signature is read from `F` (its
 * bulk strings as Uint8Array); an overloaded `F` (`spop(key)` and
 * `spop(key, count)`) gives it as `B`, as only one signature of an overload
 * set can be read back.
 */
export function bufferedMethod<F extends (...args: never[]) => unknown, B = never>(
  spec: Omit<MethodSpec, 'signature' | 'buffer'>,
): MethodSpec<F> & { readonly buffer: true; readonly bufferSignature?: B } {
  return methodSpec(spec, true);
}

/**
 * Every spec with the same fields in the same order: one hidden class, so
 * the one method body all rows share reads them without going megamorphic.
 */
function methodSpec<F, B extends boolean>(spec: Omit<MethodSpec, 'signature' | 'buffer'>, buffer: B): MethodSpec<F> & { readonly buffer: B } {
  return { single: spec.single, optional: spec.optional ?? false, pairs: spec.pairs ?? false, buffer, shape: spec.shape };
}

/** One row of the command table. */
export interface Command {
  /** Lower-case name (for a family's rows: the key it is declared under). */
  name: string;
  /** Argument count including the name; negative -N means at least N. */
  arity: number;
  flags: readonly CommandFlag[];
  keys: KeySpec;
  group: CommandGroup;
  /** The arguments after the name: their grammar, as COMMAND DOCS gives it (grammar.ts). */
  args: readonly ArgSpec[];
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
   * The reply's RESP3 types, for the server's RESP2/RESP3 writer (reply.ts);
   * none for a container, whose subcommands' rows declare theirs.
   */
  reply?: ReplyKind;
  /**
   * The reply's types for these arguments (after the name), for a command
   * whose reply changes type with an option the value cannot show: SPOP
   * with a count replies a set, HRANDFIELD WITHVALUES field/value pairs.
   * Without it, `reply` holds for every call.
   */
  replyFor?: (args: readonly Bytes[]) => ReplyKind;
  /** The effects the command may record; none for a command that never writes. */
  effects: readonly EffectForm[];
  /** The named method on DB and Tx; none for a subcommand, which its container's method reaches. */
  method?: MethodSpec;
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

/** A row as a family file declares it: its name is the key it is declared under. */
export type RowSpec = Omit<Command, 'name'>;

/**
 * family: a family's rows, keyed by command name. Returns them with their
 * names filled in and their literal types kept, so the method signatures
 * and TSDoc of each row stay reachable by name.
 */
export function family<const T extends Record<string, RowSpec>>(rows: T): { readonly [K in keyof T]: T[K] & { readonly name: K } } {
  const named: Record<string, Command> = {};
  for (const [name, spec] of Object.entries(rows)) named[name] = row(name, spec);
  return named as { readonly [K in keyof T]: T[K] & { readonly name: K } };
}

/**
 * A row with every field present, in one order: all rows share one hidden
 * class, so the code every command runs through (runCommand, the methods)
 * reads them without going megamorphic.
 */
function row(name: string, spec: RowSpec): Command {
  return {
    name,
    arity: spec.arity,
    flags: spec.flags,
    keys: spec.keys,
    group: spec.group,
    args: spec.args,
    summary: spec.summary,
    complexity: spec.complexity,
    since: spec.since,
    reply: spec.reply,
    replyFor: spec.replyFor,
    effects: spec.effects,
    method: spec.method,
    run: spec.run,
    subcommands: spec.subcommands?.map((sub) => row(sub.name, sub)),
  };
}

/** A family's rows as a list. */
export function rowsOf(rows: Readonly<Record<string, Command>>): Command[] {
  return Object.values(rows);
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

/** A collection's size or count above 0: only an existing key has one (HLEN, SCARD). */
export const positive = (reply: Reply): boolean => (reply as number) > 0;

/** A non-empty list: only an existing key replies one (HKEYS, SMEMBERS); an empty list may be a missing key. */
export const nonEmpty = (reply: Reply): boolean => (reply as Reply[]).length > 0;

/**
 * Whether `key` holds a value of any type, for replies that read the same
 * for a missing key and a present one (STRLEN 0, GETRANGE '', MGET nil,
 * COPY 0). Asked only after such a reply, so found values cost nothing extra.
 */
export function keyExists(ctx: CommandContext, key: Bytes): boolean {
  return ctx.engine.type(key) !== 'none';
}

/**
 * The syntax line of a command's arguments (`key value [NX | XX] ...`); for
 * a container, its subcommands' lines as alternatives.
 */
export function syntaxLine(command: Command): string {
  if (command.subcommands === undefined) return syntaxOf(command.args);
  return command.subcommands.map((sub) => [sub.name.slice(command.name.length + 1).toUpperCase(), syntaxOf(sub.args)].filter((part) => part !== '').join(' ')).join(' | ');
}

/** The reply kind of a resolved call: its row's, for these arguments (see {@link Command.replyFor}). */
export function replyKindOf(call: ResolvedCall): ReplyKind {
  return call.command.replyFor?.(call.args) ?? call.command.reply ?? 'bulk';
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

/**
 * resolveRow: checks the arguments' count against a row, with Redis's
 * errors, and for a container picks the subcommand's row.
 */
export function resolveRow(command: Command, args: Bytes[]): ResolvedCall {
  if (!arityAccepts(command, args.length + 1)) throw new CommandError(wrongArity(command.name));
  return command.subcommands === undefined ? { command, args } : resolveSubcommand(command, args);
}

/** The subcommand row `args[0]` names in `container` (arity already checked), with the arguments after it. */
export function resolveSubcommand(container: Command, args: readonly Bytes[]): ResolvedCall {
  const wanted = `${container.name}|${asciiLower(argText(args[0]))}`;
  const command = container.subcommands?.find((sub) => sub.name === wanted);
  if (command === undefined) throw new CommandError(byteStringToUtf8(unknownSubcommand(toByteString(args[0]), container.name)));
  if (!arityAccepts(command, args.length + 1)) throw new CommandError(wrongArity(command.name));
  return { command, args: args.slice(1) };
}
