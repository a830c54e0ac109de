/**
 * The pure-TS engine's collection commands (Engine.call): one function per
 * {@link Op}, gathered from the type files (hash.ts, set.ts) into one table
 * the engine dispatches on. Adding a command is its function in the type's
 * file and its entry in that file's table.
 */
import { Op, type As, type EncodingLimits, type Int } from '../engine.js';
import type { Reply } from '../reply.js';
import type { Effects } from './effects.js';
import { HASH_OPS } from './hash.js';
import type { Keyspace } from './keyspace.js';
import type { Random } from './random.js';
import { SET_OPS } from './set.js';

/** What a collection command runs against. */
export interface CollectionContext {
  readonly keyspace: Keyspace;
  readonly effects: Effects;
  readonly limits: EncodingLimits;
  readonly random: Random;
}

/** One collection command: abi.ts {@link Op} says what `args`, `n` and `flags` carry. */
export type OpFunction = (ctx: CollectionContext, args: readonly import('../engine.js').Bytes[], as: As, n: Int, flags: number) => Reply;

/** A type file's commands, by op. */
export type OpTable = Partial<Record<Op, OpFunction>>;

const OPS: OpFunction[] = [];

/** Adds a type file's commands to the dispatch table. */
function register(table: OpTable): void {
  for (const [op, fn] of Object.entries(table)) OPS[Number(op)] = fn as OpFunction;
}

register(HASH_OPS);
register(SET_OPS);

/** Runs collection command `op`. */
export function runOp(ctx: CollectionContext, op: Op, args: readonly import('../engine.js').Bytes[], as: As, n: Int, flags: number): Reply {
  const fn = OPS[op];
  if (fn === undefined) throw new Error(`flashkv: unknown collection op ${op}`);
  return fn(ctx, args, as, n, flags);
}
