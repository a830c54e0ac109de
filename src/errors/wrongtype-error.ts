import { ReplyError } from './reply-error.js';
import { WRONGTYPE } from './messages.js';

/** WrongTypeError: the command met a key holding another data type. */
export class WrongTypeError extends ReplyError {
  override name = 'WrongTypeError' as const;

  constructor() {
    super(WRONGTYPE);
  }
}
