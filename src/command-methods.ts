/**
 * CommandMethods: the Redis-named methods shared by {@link DB} and the
 * transaction handle {@link Tx}, so both offer exactly the same commands.
 *
 * There is one method per row of the command table, made from the row: its
 * name (lower case, as ioredis names methods), its TSDoc, its TypeScript
 * signature and how it reads its parameters (see MethodSpec in
 * engine/commands/row.ts and engine/commands/params.ts). A method builds the
 * command's arguments and runs the row, so `db.set(k, v, 'EX', 10)` and
 * `db.call('SET', k, v, 'EX', 10)` run the same code. Methods return what
 * ioredis returns: `null` for a missing key, numbers for integers, `'OK'`
 * for status replies; rows with a `<name>Buffer` variant (`getBuffer`)
 * return stored bytes as Uint8Array there.
 *
 * Integers: replies are exact over Redis's whole signed 64-bit range. They are
 * `number` while |n| <= 2^53 - 1 and `bigint` beyond, so `incr` near 2^63
 * returns a bigint rather than a silently rounded number.
 */
import { toBytes, utf8Decode } from './engine/bytes.js';
import { COMMANDS, resolveCommand, type COMMAND_ROWS, type CommandContext, type Reply } from './engine/commands.js';
import { argBytes, commandName, methodArgs, type Arg, type Key, type Variadic } from './engine/commands/params.js';
import { arityAccepts, method, resolveRow, type Command, type MethodSpec } from './engine/commands/row.js';
import { As, type Bulk, type Bytes } from './engine/engine.js';

export type { Arg, Cursor, Key, Pairs, Variadic } from './engine/commands/params.js';

/** Options for {@link CommandMethods.scanPrefix} and {@link CommandMethods.range}. */
export interface IterateOptions {
  /** Keys fetched from the engine per step. @default 256 */
  batch?: number;
}

type Rows = typeof COMMAND_ROWS;

/** A row's method signature. */
type SignatureOf<R> = R extends { readonly method: MethodSpec<infer F> } ? F : never;

/**
 * A reply type with bulk strings as bytes; status strings (string literals)
 * and cursors stay strings, and so do an object's keys (hgetallBuffer's
 * fields).
 */
type Buffered<R> = R extends string
  ? string extends R
    ? Uint8Array
    : R
  : R extends readonly unknown[]
    ? { [I in keyof R]: Buffered<R[I]> }
    : R extends object
      ? { [K in keyof R]: Buffered<R[K]> }
      : R;

/** The methods the rows declare, by command name, with each row's TSDoc. */
type RowMethods = { [K in keyof Rows as Rows[K] extends { readonly method: object } ? K : never]: SignatureOf<Rows[K]> };

/** A row's signature with its bulk replies as bytes (of its last overload: an overloaded row declares its Buffer signature). */
type BufferedSignature<F> = F extends (...args: infer P) => infer R ? (...args: P) => Buffered<R> : never;

/** The signature of a row's `<name>Buffer` variant: the one it declares (bufferedMethod's `B`), else its own with bulk replies as bytes. */
type BufferSignatureOf<R> = R extends { readonly method: { readonly bufferSignature?: infer B } } ? ([Exclude<B, undefined>] extends [never] ? BufferedSignature<SignatureOf<R>> : Exclude<B, undefined>) : never;

/** The `<name>Buffer` variants of the rows that declare one. */
type BufferMethods = {
  [K in keyof Rows as Rows[K] extends { readonly method: { readonly buffer: true } } ? `${K & string}Buffer` : never]: BufferSignatureOf<Rows[K]>;
};

/** The command methods (declared by the rows, installed below). */
export interface CommandMethods extends RowMethods, BufferMethods {}

/** The command methods; subclasses decide how a call reaches the engine. */
export abstract class CommandMethods {
  static {
    for (const command of COMMANDS) {
      if (command.method === undefined) continue;
      install(this.prototype, command.name, CommandMethods.#rowMethod(command, command.method, As.String));
      if (command.method.buffer === true) install(this.prototype, `${command.name}Buffer`, CommandMethods.#rowMethod(command, command.method, As.Bytes));
    }
  }

  /**
   * A row's method: builds the arguments as its spec says, runs the row
   * (arity checked), and shapes the reply. When a call passes exactly the
   * single-value parameters (`get(k)`, `set(k, v)`) and the row's arity
   * takes that many, the method builds the argument list at once and skips
   * the generic reading: the path the hottest commands run through.
   */
  static #rowMethod(command: Command, spec: MethodSpec, as: As): (this: CommandMethods, ...params: unknown[]) => unknown {
    const name = command.name;
    const direct = spec.shape === undefined && command.subcommands === undefined && arityAccepts(command, spec.single + 1);
    if (direct && spec.single === 1) {
      return function (this: CommandMethods, a: unknown): unknown {
        if (arguments.length !== 1) return CommandMethods.#run(this, command, spec, as, arguments);
        return this.execute(command, [argBytes(a as Arg, name, 1)], as);
      };
    }
    if (direct && spec.single === 2) {
      return function (this: CommandMethods, a: unknown, b: unknown): unknown {
        if (arguments.length !== 2) return CommandMethods.#run(this, command, spec, as, arguments);
        return this.execute(command, [argBytes(a as Arg, name, 1), argBytes(b as Arg, name, 2)], as);
      };
    }
    return function (this: CommandMethods): unknown {
      return CommandMethods.#run(this, command, spec, as, arguments);
    };
  }

  /** A row's method in general: the parameters read as the spec says, the arity checked, the reply shaped. */
  static #run(target: CommandMethods, command: Command, spec: MethodSpec, as: As, params: ArrayLike<unknown>): unknown {
    const call = resolveRow(command, methodArgs(command.name, spec, params));
    const reply = target.execute(call.command, call.args, as);
    return spec.shape === undefined ? reply : spec.shape(reply, as);
  }

  /**
   * Runs a resolved command: the subclass applies its guards (closed,
   * read-only, stale) and its clock, then runCommand (which counts it).
   */
  protected abstract execute(command: Command, args: readonly Bytes[], as: As): Reply;

  /**
   * The context (engine and INFO's counters), ready for a walk: guards
   * applied and clock set.
   */
  protected abstract contextFor(writing: string | null): CommandContext;

  /**
   * call: runs any supported command by name (a string, or its bytes), as
   * redis-cli would send it. Throws a ReplyError with Redis's text for an
   * unknown command (quoting the name and arguments as Redis does: their
   * bytes, decoded as UTF-8), a wrong number of arguments or any error the
   * command replies with. A missing name, or one that is not a string or a
   * Uint8Array, is a TypeError: Redis ignores an empty command, which a call
   * that must return a reply cannot do.
   */
  call(name: Key, ...args: Variadic<Arg>): Reply {
    const command = commandName(name, 'call');
    const call = resolveCommand(command, methodArgs(command, CALL_ARGS, args));
    return this.execute(call.command, call.args, As.String);
  }

  /** callBuffer: {@link CommandMethods.call}, with bulk replies as Uint8Array and status replies as strings. */
  callBuffer(name: Key, ...args: Variadic<Arg>): Reply {
    const command = commandName(name, 'callBuffer');
    const call = resolveCommand(command, methodArgs(command, CALL_ARGS, args));
    return this.execute(call.command, call.args, As.Bytes);
  }

  /**
   * memoryUsage: the bytes `key` takes with its value, expiry and
   * bookkeeping, or null if it does not exist (MEMORY USAGE). Exact for the
   * Wasm engine; an estimate from V8's object layouts for the TS engine. Like
   * Redis, it reports a key that expired but was not reclaimed yet.
   */
  memoryUsage(key: Key): number | null {
    return this.memory('USAGE', key);
  }

  // --- ordered iteration -----------------------------------------------------

  /**
   * scanPrefix: a lazy iterator over the keys that start with `prefix`, in
   * byte order. Keys added or removed while iterating may or may not be seen;
   * a key present throughout is seen exactly once.
   */
  scanPrefix(prefix: Key, options: IterateOptions = {}): IterableIterator<string> {
    const bytes = toBytes(prefix);
    return this.walk(bytes, null, bytes, options.batch ?? 256, As.String) as IterableIterator<string>;
  }

  /** scanPrefixBuffer: {@link CommandMethods.scanPrefix} yielding bytes. */
  scanPrefixBuffer(prefix: Key, options: IterateOptions = {}): IterableIterator<Uint8Array> {
    const bytes = toBytes(prefix);
    return this.walk(bytes, null, bytes, options.batch ?? 256, As.Bytes) as IterableIterator<Uint8Array>;
  }

  /**
   * range: a lazy iterator over the keys k with `start` <= k < `end` in byte
   * order; `null` leaves that side open.
   */
  range(start: Key | null, end: Key | null, options: IterateOptions = {}): IterableIterator<string> {
    return this.walk(start === null ? null : toBytes(start), end === null ? null : toBytes(end), null, options.batch ?? 256, As.String) as IterableIterator<string>;
  }

  /** rangeBuffer: {@link CommandMethods.range} yielding bytes. */
  rangeBuffer(start: Key | null, end: Key | null, options: IterateOptions = {}): IterableIterator<Uint8Array> {
    return this.walk(start === null ? null : toBytes(start), end === null ? null : toBytes(end), null, options.batch ?? 256, As.Bytes) as IterableIterator<Uint8Array>;
  }

  /** Lazily walks keys in byte order, one bounded engine step at a time. */
  protected *walk(start: Uint8Array | null, end: Uint8Array | null, prefix: Uint8Array | null, limit: number, as: As): Generator<Bulk> {
    let from = start;
    let inclusive = true;
    for (;;) {
      const batch = this.contextFor(null).engine.scanKeys({ from, inclusive, limit, end, prefix, match: null, type: null });
      for (const key of batch.keys) yield as === As.Bytes ? key : utf8Decode(key);
      if (batch.last === null) return;
      from = batch.last;
      inclusive = false;
    }
  }

}

/** How call() reads its arguments after the name: all variadic, arrays flattened one level. */
const CALL_ARGS = method<(...args: Variadic<Arg>) => Reply>({ single: 0 });

function install(prototype: CommandMethods, name: string, method: (this: CommandMethods, ...params: unknown[]) => unknown): void {
  Object.defineProperty(prototype, name, { value: method, writable: true, configurable: true });
}
