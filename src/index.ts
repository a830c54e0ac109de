/**
 * flashkv: an embeddable in-memory database with Redis's data types and
 * commands, its hot data structures in WebAssembly.
 *
 * This module is the whole public surface. Deliberately not exported: the
 * Engine contract and the engines themselves (reach them through
 * `open({ engine })`), and the command table's internals (use `db.call`), so both can change without breaking users.
 */
export { open, DB } from './db.js';
export type { OpenOptions, PersistentOpenOptions, TxCallback } from './db.js';
export type { AppendFsync } from './aof/log.js';
export type { LoadProgress } from './aof/load.js';
export type { Tx } from './tx.js';
export type { Arg, Cursor, IterateOptions, Key, Pairs, Variadic } from './command-methods.js';
export type { ActiveExpiryOptions } from './expiry.js';
export type { Reply } from './engine/commands.js';
export type { EncodingLimits } from './engine/engine.js';
export { ReplyError, isReplyError } from './errors/reply-error.js';
export { CommandError } from './errors/command-error.js';
export { WrongTypeError } from './errors/wrongtype-error.js';
export { OutOfMemoryError } from './errors/oom-error.js';
export { TransactionError } from './errors/transaction-error.js';
