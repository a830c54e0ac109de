/**
 * Tx: the handle `db.update(fn)` and `db.view(fn)` pass to `fn`.
 *
 * A Tx offers every command method the DB has (they share
 * {@link CommandMethods}) and runs them against the same engine, with three
 * differences, checked in this order before every call:
 *
 * 1. A handle is live only while its callback runs; afterwards every call
 *    throws, so no write can slip in after the commit.
 * 2. A read-only handle (from `view`) refuses commands flagged `write`.
 * 3. The clock is frozen at the start of the transaction: no key expires
 *    between two of its commands, as Redis freezes time during MULTI/EXEC.
 *
 * Atomicity itself is the engine's: `update` brackets the callback with
 * engine.begin() and commit() or rollback() (see src/db.ts).
 */
import { CommandMethods } from './command-methods.js';
import { runCommand, type Command, type CommandContext, type Reply } from './engine/commands.js';
import type { As, Bytes } from './engine/engine.js';
import { TransactionError } from './errors/transaction-error.js';

/** Tx: a transaction handle. Only `db.update()` and `db.view()` create one. */
export class Tx extends CommandMethods {
  /** Whether this handle may run write commands (false for `view`). */
  readonly writable: boolean;

  readonly #context: CommandContext;
  #live = true;

  /** @internal */
  constructor(context: CommandContext, writable: boolean) {
    super();
    this.#context = context;
    this.writable = writable;
  }

  /** @internal Ends the handle's life: any later call throws. */
  end(): void {
    this.#live = false;
  }

  protected override execute(command: Command, args: readonly Bytes[], as: As): Reply {
    this.#guard(command.flags.includes('write') ? command.name : null);
    return runCommand(this.#context, command, args, as);
  }

  protected override contextFor(writing: string | null): CommandContext {
    this.#guard(writing);
    return this.#context;
  }

  #guard(writing: string | null): void {
    if (!this.#live) {
      throw new TransactionError('flashkv: this transaction handle was used after its callback returned; use the DB, or start a new update()/view()');
    }
    if (writing !== null && !this.writable) {
      throw new TransactionError(`flashkv: '${writing}' changes data and view() is read-only; use update() to write`);
    }
  }
}
