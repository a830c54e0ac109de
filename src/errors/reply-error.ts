/**
 * ReplyError: the base of every error a command can reply with.
 *
 * `message` is Redis's error text exactly as redis-server would send it, prefix
 * included ("ERR syntax error", "WRONGTYPE Operation against ..."), so the
 * server can forward it verbatim and tests can compare it with real Redis.
 * Subclasses exist per prefix so callers can branch with `instanceof` or, across
 * realms and bundles, with {@link isReplyError} and the `name` field.
 */
export class ReplyError extends Error {
  override name: string = 'ReplyError';

  /** The first word of the message: 'ERR', 'WRONGTYPE', 'OOM', ... */
  readonly prefix: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    const space = message.indexOf(' ');
    this.prefix = space < 0 ? message : message.slice(0, space);
  }
}

/** True for any {@link ReplyError}, including ones from another copy of flashkv. */
export function isReplyError(value: unknown): value is ReplyError {
  return value instanceof ReplyError || (value instanceof Error && typeof (value as ReplyError).prefix === 'string' && /Error$/.test(value.name));
}
