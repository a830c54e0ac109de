/**
 * The server commands: DBSIZE, the flushes, INFO and the MEMORY container.
 */
import { CommandError } from '../../errors/command-error.js';
import { SYNTAX } from '../../errors/messages.js';
import { argToken, readInt64 } from '../args.js';
import { type Bytes } from '../engine.js';
import { infoText } from '../info.js';

import { bulkOf, NO_KEYS, resolveSubcommand, type Command, type CommandContext, type Reply } from './row.js';

function flushGeneric(ctx: CommandContext, args: readonly Bytes[]): Reply {
  if (args.length > 1) throw new CommandError(SYNTAX);
  if (args.length === 1) {
    const mode = argToken(args[0]);
    if (mode !== 'ASYNC' && mode !== 'SYNC') throw new CommandError(SYNTAX);
  }
  ctx.engine.flushall();
  return 'OK';
}

/**
 * MEMORY USAGE key [SAMPLES count]: the options are checked before the key
 * is looked up, as Redis does. SAMPLES bounds how many elements Redis
 * samples in a collection; flashkv measures whole values, so the count is
 * only validated.
 */
function memoryUsage(ctx: CommandContext, args: readonly Bytes[]): Reply {
  for (let i = 1; i < args.length; i++) {
    if (argToken(args[i]) === 'SAMPLES' && i + 1 < args.length) {
      if (readInt64(args[++i]) < 0) throw new CommandError(SYNTAX);
    } else {
      throw new CommandError(SYNTAX);
    }
  }
  return ctx.engine.memoryUsage(args[0]);
}

/** MEMORY HELP's reply lines (status replies, as Redis sends help). */
const MEMORY_HELP: readonly string[] = [
  'MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'USAGE <key> [SAMPLES <count>]',
  '    The bytes <key> takes with its value, expiry and bookkeeping; nil if it does not exist.',
  '    SAMPLES is accepted for compatibility: flashkv measures the whole value.',
  'HELP',
  '    Lists these subcommands.',
];

/** The server rows. */
export const SERVER_COMMANDS: readonly Command[] = [
  {
    name: 'dbsize', arity: 1, flags: ['readonly', 'fast'], keys: NO_KEYS, group: 'server', since: '1.0.0',
    syntax: '', summary: 'Counts the keys in the database.', complexity: 'O(1)',
    run: (ctx) => ctx.engine.dbsize(),
  },
  {
    name: 'flushdb', arity: -1, flags: ['write'], keys: NO_KEYS, group: 'server', since: '1.0.0',
    syntax: '[ASYNC | SYNC]', summary: 'Deletes every key; flashkv has one database, so this is FLUSHALL.', complexity: 'O(N) for N keys',
    run: (ctx, args) => flushGeneric(ctx, args),
  },
  {
    name: 'flushall', arity: -1, flags: ['write'], keys: NO_KEYS, group: 'server', since: '1.0.0',
    syntax: '[ASYNC | SYNC]', summary: 'Deletes every key.', complexity: 'O(N) for N keys',
    run: (ctx, args) => flushGeneric(ctx, args),
  },
  {
    name: 'info', arity: -1, flags: [], keys: NO_KEYS, group: 'server', since: '1.0.0',
    syntax: '[section [section ...]]',
    summary: 'Reports the server, memory, stats and keyspace figures as text, one "field:value" line each.',
    complexity: 'O(1); the TS engine visits every key to estimate its memory figures',
    run: (ctx, args, as) => bulkOf(infoText(ctx, args), as),
  },
  {
    name: 'memory', arity: -2, flags: [], keys: NO_KEYS, group: 'server', since: '4.0.0',
    syntax: 'USAGE key [SAMPLES count] | HELP', summary: 'Reports memory figures: the bytes one key takes (USAGE), or the list of subcommands (HELP).',
    complexity: 'That of the subcommand',
    run: (ctx, args, as) => {
      const call = resolveSubcommand(memoryContainer(), args);
      return call.command.run(ctx, call.args, as);
    },
    subcommands: [
      {
        name: 'memory|usage', arity: -3, flags: ['readonly'], keys: { first: 2, last: 2, step: 1 }, group: 'server', since: '4.0.0',
        syntax: 'key [SAMPLES count]', summary: 'Reports the bytes a key takes with its value, expiry and bookkeeping, or nil when it is missing.',
        complexity: 'O(1) for a string',
        run: (ctx, args) => memoryUsage(ctx, args),
      },
      {
        name: 'memory|help', arity: 2, flags: [], keys: NO_KEYS, group: 'server', since: '4.0.0',
        syntax: '', summary: 'Lists the MEMORY subcommands.', complexity: 'O(1)',
        run: () => [...MEMORY_HELP],
      },
    ],
  },
];

/** MEMORY's own row, whose subcommands its run resolves. */
function memoryContainer(): Command {
  return SERVER_COMMANDS.find((command) => command.name === 'memory')!;
}
