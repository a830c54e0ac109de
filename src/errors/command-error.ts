import { ReplyError } from './reply-error.js';

/**
 * CommandError: an "ERR ..." reply: bad syntax, a value that is not a number,
 * an overflow, a missing key where one is required.
 */
export class CommandError extends ReplyError {
  override name = 'CommandError' as const;
}
