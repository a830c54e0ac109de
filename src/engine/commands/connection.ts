/**
 * The connection commands: PING and ECHO.
 */
import { CommandError } from '../../errors/command-error.js';
import { wrongArity } from '../../errors/messages.js';

import { bulkOf, NO_KEYS, type Command } from './row.js';


/** The connection rows. */
export const CONNECTION_COMMANDS: readonly Command[] = [
  {
    name: 'ping', arity: -1, flags: ['fast'], keys: NO_KEYS, group: 'connection', since: '1.0.0',
    syntax: '[message]', summary: 'Replies PONG, or echoes its argument; a cheap check that the database answers.', complexity: 'O(1)',
    run: (_ctx, args, as) => {
      if (args.length > 1) throw new CommandError(wrongArity('ping'));
      return args.length === 0 ? 'PONG' : bulkOf(args[0], as);
    },
  },
  {
    name: 'echo', arity: 2, flags: ['fast'], keys: NO_KEYS, group: 'connection', since: '1.0.0',
    syntax: 'message', summary: 'Returns its argument unchanged.', complexity: 'O(1)',
    run: (_ctx, args, as) => bulkOf(args[0], as),
  },
];
