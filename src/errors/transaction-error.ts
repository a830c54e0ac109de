/**
 * TransactionError: `update()` or `view()` was misused: an async callback, a
 * nested transaction, a write inside `view()`, a handle used after its
 * callback returned, or the DB called directly inside a transaction. These are
 * programming errors, not Redis replies, so it is not a ReplyError.
 */
export class TransactionError extends Error {
  override name = 'TransactionError' as const;
}
