/**
 * The connection commands: PING and ECHO.
 */
import { CommandError } from '../../errors/command-error.js';
import { wrongArity } from '../../errors/messages.js';

import { OPTIONAL, string } from './grammar.js';
import { type Arg } from './params.js';
import { bulkOf, family, method, NO_KEYS } from './row.js';

/** The connection rows. */
export const CONNECTION_COMMANDS = family({
  /** ping: 'PONG', or `message` back. */
  ping: {
    arity: -1, flags: ['fast'], keys: NO_KEYS, group: 'connection', since: '1.0.0',
    args: [string('message', OPTIONAL)], summary: 'Replies PONG, or echoes its argument; a cheap check that the database answers.', complexity: 'O(1)',
    reply: { oneOf: ['status', 'bulk'] }, effects: [],
    method: method<(message?: Arg) => string>({ single: 1, optional: true }),
    run: (_ctx, args, as) => {
      if (args.length > 1) throw new CommandError(wrongArity('ping'));
      return args.length === 0 ? 'PONG' : bulkOf(args[0], as);
    },
  },
  /** echo: `message` back. */
  echo: {
    arity: 2, flags: ['fast'], keys: NO_KEYS, group: 'connection', since: '1.0.0',
    args: [string('message')], summary: 'Returns its argument unchanged.', complexity: 'O(1)',
    reply: 'bulk', effects: [],
    method: method<(message: Arg) => string>({ single: 1 }),
    run: (_ctx, args, as) => bulkOf(args[0], as),
  },
});
