/**
 * The server commands: DBSIZE, the flushes, INFO and the MEMORY container.
 */
import { CommandError } from '../../errors/command-error.js';
import { SYNTAX } from '../../errors/messages.js';
import { argToken, readInt64 } from '../args.js';
import { type Bytes } from '../engine.js';
import { infoText } from '../info.js';

import { integer, key, oneOf, OPTIONAL, OPTIONAL_MULTIPLE, string, token } from './grammar.js';
import type { Arg, Key, Variadic } from './params.js';
import { bulkOf, family, method, NO_KEYS, resolveSubcommand, type CommandContext, type Reply } from './row.js';

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
/** BGREWRITEAOF on a database that lives in memory only (Redis always has a file to write; flashkv then has none). */
const NO_LOG = 'ERR this database has no append-only log to rewrite; open it with a path to keep it on disk';

const MEMORY_HELP: readonly string[] = [
  'MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'USAGE <key> [SAMPLES <count>]',
  '    The bytes <key> takes with its value, expiry and bookkeeping; nil if it does not exist.',
  '    SAMPLES is accepted for compatibility: flashkv measures the whole value.',
  'HELP',
  '    Lists these subcommands.',
];

/** The server rows. */
export const SERVER_COMMANDS = family({
  /** dbsize: how many keys the database holds. */
  dbsize: {
    arity: 1, flags: ['readonly', 'fast'], keys: NO_KEYS, group: 'server', since: '1.0.0',
    args: [], summary: 'Counts the keys in the database.', complexity: 'O(1)',
    reply: 'integer', effects: [],
    method: method<() => number>({ single: 0 }),
    run: (ctx) => ctx.engine.dbsize(),
  },
  /** bgrewriteaof: starts compacting the append-only log; see {@link DB.rewrite} for a promise of its end. */
  bgrewriteaof: {
    arity: 1, flags: [], keys: NO_KEYS, group: 'server', since: '1.0.0',
    args: [], summary: 'Starts rewriting the append-only log in the background: the dataset as it is now becomes its new base file.', complexity: 'O(1); the rewrite itself reads every key, off the command path',
    reply: 'status', effects: [],
    method: method<() => string>({ single: 0 }),
    run: (ctx) => {
      if (ctx.log === undefined) throw new CommandError(NO_LOG);
      ctx.log.startRewrite();
      return 'Background append only file rewriting started';
    },
  },
  /** flushdb: deletes every key. */
  flushdb: {
    arity: -1, flags: ['write'], keys: NO_KEYS, group: 'server', since: '1.0.0',
    args: [oneOf('async', [token('ASYNC'), token('SYNC')], OPTIONAL)], summary: 'Deletes every key; flashkv has one database, so this is FLUSHALL.', complexity: 'O(N) for N keys',
    reply: 'status', effects: ['FLUSHALL'],
    method: method<(mode?: 'ASYNC' | 'SYNC') => 'OK'>({ single: 1, optional: true }),
    run: (ctx, args) => flushGeneric(ctx, args),
  },
  /** flushall: deletes every key (one database: the same as {@link CommandMethods.flushdb}). */
  flushall: {
    arity: -1, flags: ['write'], keys: NO_KEYS, group: 'server', since: '1.0.0',
    args: [oneOf('async', [token('ASYNC'), token('SYNC')], OPTIONAL)], summary: 'Deletes every key.', complexity: 'O(N) for N keys',
    reply: 'status', effects: ['FLUSHALL'],
    method: method<(mode?: 'ASYNC' | 'SYNC') => 'OK'>({ single: 1, optional: true }),
    run: (ctx, args) => flushGeneric(ctx, args),
  },
  /**
   * info: INFO [section ...]: Redis's report text ("# Server\r\nfield:value\r\n...")
   * for the sections server, memory, stats and keyspace; no section, or
   * 'default', 'all' or 'everything', selects all four. Sections flashkv
   * does not have select nothing.
   * @example db.info('keyspace') // '# Keyspace\r\ndb0:keys=3,expires=1,avg_ttl=0\r\n'
   */
  info: {
    arity: -1, flags: [], keys: NO_KEYS, group: 'server', since: '1.0.0',
    args: [string('section', OPTIONAL_MULTIPLE)],
    summary: 'Reports the server, memory, stats and keyspace figures as text, one "field:value" line each.',
    complexity: 'O(1); the TS engine visits every key to estimate its memory figures',
    reply: 'verbatim', effects: [],
    method: method<(...sections: Variadic<Arg>) => string>({ single: 0 }),
    run: (ctx, args, as) => bulkOf(infoText(ctx, args), as),
  },
  /**
   * memory: MEMORY USAGE key [SAMPLES count] (bytes, or null for a missing
   * key) or MEMORY HELP (lines of text), as ioredis's `memory` takes them.
   */
  memory: {
    arity: -2, flags: [], keys: NO_KEYS, group: 'server', since: '4.0.0',
    args: [], summary: 'Reports memory figures: the bytes one key takes (USAGE), or the list of subcommands (HELP).',
    complexity: 'That of the subcommand',
    effects: [],
    method: method<{ (subcommand: 'USAGE' | 'usage', key: Key, ...options: Variadic<Arg>): number | null; (subcommand: 'HELP' | 'help'): string[]; (subcommand: string, ...args: Variadic<Arg>): Reply }>({ single: 1 }),
    run: (ctx, args, as) => {
      const call = resolveSubcommand(SERVER_COMMANDS.memory, args);
      return call.command.run(ctx, call.args, as);
    },
    subcommands: [
      {
        name: 'memory|usage', arity: -3, flags: ['readonly'], keys: { first: 2, last: 2, step: 1 }, group: 'server', since: '4.0.0',
        args: [key('key'), integer('count', { token: 'SAMPLES', optional: true })], summary: 'Reports the bytes a key takes with its value, expiry and bookkeeping, or nil when it is missing.',
        complexity: 'O(1) for a string',
        reply: 'integer', effects: [],
        run: (ctx, args) => memoryUsage(ctx, args),
      },
      {
        name: 'memory|help', arity: 2, flags: [], keys: NO_KEYS, group: 'server', since: '4.0.0',
        args: [], summary: 'Lists the MEMORY subcommands.', complexity: 'O(1)',
        reply: { array: 'status' }, effects: [],
        run: () => [...MEMORY_HELP],
      },
    ],
  },
});

