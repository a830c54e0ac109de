/**
 * Errors: unknown commands, arity, the error classes db.call throws, and the
 * command table's rows checked against Redis's own COMMAND INFO (arity, flags,
 * key positions), so the table cannot drift from the reference.
 */
import { expect, it } from 'vitest';
import { COMMANDS } from '../src/engine/commands.js';
import { CommandError } from '../src/errors/command-error.js';
import { isReplyError, ReplyError } from '../src/errors/reply-error.js';
import { defineCases, err, type Case } from './support/cases.js';
import { describeEngines } from './support/engines.js';
import { describeRedis } from './support/redis-server.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const raw = (...bytes: number[]): Uint8Array => Uint8Array.from(bytes);

const unknown: Case[] = [
  { title: 'An unknown command names itself and its arguments', steps: [['FOO a b', err("ERR unknown command 'FOO', with args beginning with: 'a' 'b' ")]] },
  { title: 'An unknown command without arguments ends the list empty', steps: [['nosuchcommand', err("ERR unknown command 'nosuchcommand', with args beginning with: ")]] },
  { title: 'An unknown command shows at most 128 characters of arguments', steps: [[['foo', 'x'.repeat(200), 'b'], err(`ERR unknown command 'foo', with args beginning with: '${'x'.repeat(128)}' `)]] },
  { title: 'An unknown command shows a newline in an argument as a space', steps: [[['foo', 'a\nb'], err("ERR unknown command 'foo', with args beginning with: 'a b' ")]] },
  { title: 'Command names are case-insensitive', steps: [['SeT k v', 'OK'], ['get k', 'v'], ['GET k', 'v'], ['gEt k', 'v']] },
  {
    title: 'Command names, subcommands and option tokens fold ASCII letters only, as strcasecmp does',
    steps: [
      ['\u212AEYS *', err("ERR unknown command '\u212AEYS', with args beginning with: '*' ")],
      ['MEMORY U\u017FAGE k', err("ERR unknown subcommand 'U\u017FAGE'. Try MEMORY HELP.")],
      ['FLUSHALL a\u017Fync', err('ERR syntax error')],
      ['SET k v \u212AEEPTTL', err('ERR syntax error')],
      ['SET k v kEePtTl', 'OK'],
    ],
  },
  {
    // Redis echoes the argument bytes; a client shows them decoded as UTF-8
    // (invalid bytes as U+FFFD), so a byte argument and the string with the
    // same bytes read the same.
    title: 'An unknown command quotes byte arguments as their bytes, decoded as UTF-8',
    steps: [[['foo', raw(0xff, 0xfe), utf8('é'), 'é'], err("ERR unknown command 'foo', with args beginning with: '\ufffd\ufffd' 'é' 'é' ")]],
  },
  {
    title: 'An unknown command counts its 128 characters in bytes',
    steps: [
      [['foo', 'é'.repeat(70), 'b'], err(`ERR unknown command 'foo', with args beginning with: '${'é'.repeat(64)}' `)],
      [['é'.repeat(70), 'a'], err(`ERR unknown command '${'é'.repeat(64)}', with args beginning with: 'a' `)],
    ],
  },
  {
    // C's "%s" stops at a NUL byte.
    title: 'An unknown command shows its name and arguments up to a NUL byte',
    steps: [[['fo\0o', 'a\0b', 'c'], err("ERR unknown command 'fo', with args beginning with: 'a' 'c' ")]],
  },
  { title: 'An empty command name is an unknown command', steps: [[['', 'a'], err("ERR unknown command '', with args beginning with: 'a' ")]] },
  { title: 'An unknown MEMORY subcommand is quoted as its bytes', steps: [[['MEMORY', utf8('é')], err("ERR unknown subcommand 'é'. Try MEMORY HELP.")]] },
];

/** Every row of the table, the subcommands of container commands (MEMORY) included. */
const ROWS = COMMANDS.flatMap((command) => [command, ...(command.subcommands ?? [])]);

/**
 * One too few arguments for every row, and one too many for fixed arities. A
 * subcommand ("memory|usage") is sent as its words, and its arity counts them.
 */
const arity: Case[] = ROWS.flatMap((command): Case[] => {
  const wrong = err(`ERR wrong number of arguments for '${command.name}' command`);
  const name = command.name.split('|');
  const spelled = name.join(' ').toUpperCase();
  const min = Math.abs(command.arity);
  const cases: Case[] = [];
  if (min - 1 >= name.length && min > 1) {
    const args = Array.from({ length: min - 1 - name.length }, (_, i) => `a${i}`);
    cases.push({ title: `${spelled} with ${args.length} arguments is an arity error`, steps: [[[...name, ...args], wrong]] });
  }
  if (command.arity > 0) {
    const args = Array.from({ length: command.arity + 1 - name.length }, (_, i) => `a${i}`);
    cases.push({ title: `${spelled} with ${args.length} arguments is an arity error`, steps: [[[...name, ...args], wrong]] });
  }
  return cases;
});

defineCases('unknown commands', unknown);
defineCases('arity', arity);

describeEngines('error classes', (suite) => {
  it('db.call throws a CommandError carrying the ERR prefix and Redis\'s text', () => {
    let caught: unknown;
    try {
      suite.db.call('SET', 'k', 'v', 'NX', 'XX');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CommandError);
    expect(caught).toBeInstanceOf(ReplyError);
    expect(isReplyError(caught)).toBe(true);
    expect((caught as CommandError).name).toBe('CommandError');
    expect((caught as CommandError).prefix).toBe('ERR');
    expect((caught as CommandError).message).toBe('ERR syntax error');
  });

  it('typed methods throw the same errors as db.call', () => {
    const { db } = suite;
    db.set('k', 'abc');
    expect(() => db.incr('k')).toThrow(new CommandError('ERR value is not an integer or out of range'));
    expect(() => db.incrby('k', 1)).toThrow('ERR value is not an integer or out of range');
    expect(() => db.rename('missing', 'x')).toThrow('ERR no such key');
    expect(() => db.set('k', 'v', 'EX', 0)).toThrow("ERR invalid expire time in 'set' command");
    expect(() => db.expire('k', 10, 'NX', 'GT')).toThrow('ERR NX and XX, GT or LT options at the same time are not compatible');
  });

  it('an unknown command is a CommandError', () => {
    expect(() => suite.db.call('nope', 1)).toThrow(CommandError);
  });

  it('call() without a command name, or with a name that is not a string or bytes, is a TypeError', () => {
    const db = suite.db as unknown as { call(...args: unknown[]): unknown; callBuffer(...args: unknown[]): unknown };
    expect(() => db.call()).toThrow(new TypeError('flashkv: call() needs a command name (a string or Uint8Array) as its first argument'));
    expect(() => db.callBuffer()).toThrow(new TypeError('flashkv: callBuffer() needs a command name (a string or Uint8Array) as its first argument'));
    expect(() => db.call(123)).toThrow(new TypeError('flashkv: the command name given to call() must be a string or Uint8Array, not number'));
    expect(() => db.call(null, 'k')).toThrow(new TypeError('flashkv: the command name given to call() must be a string or Uint8Array, not null'));
    expect(() => db.callBuffer(['GET'], 'k')).toThrow(new TypeError('flashkv: the command name given to callBuffer() must be a string or Uint8Array, not an array'));
  });

  it('call() takes the command name as bytes too, and quotes an unknown one as Redis does', () => {
    const { db } = suite;
    expect(db.call(utf8('SET'), 'k', 'v')).toBe('OK');
    expect(db.callBuffer(utf8('get'), 'k')).toEqual(utf8('v'));
    expect(() => db.call(utf8('nöpe'), utf8('ä'))).toThrow(new CommandError("ERR unknown command 'nöpe', with args beginning with: 'ä' "));
    expect(() => db.call(raw(0x66, 0xff), 'x')).toThrow(new CommandError("ERR unknown command 'f\ufffd', with args beginning with: 'x' "));
    expect(() => db.call(utf8('nope'), undefined as never)).toThrow(new TypeError("flashkv: argument 1 of 'nope' must be a string, Uint8Array, number or bigint, not undefined"));
  });

  it('a failed command changes nothing', () => {
    const { db } = suite;
    db.set('k', 'v', 'PXAT', 4102444800000);
    const before = [db.get('k'), db.pexpiretime('k'), db.dbsize()];
    for (const bad of [['SET', 'k', 'w', 'EX', '0'], ['SET', 'k', 'w', 'NX', 'XX'], ['INCR', 'k'], ['INCRBYFLOAT', 'k', '1'], ['SETRANGE', 'k', '-1', 'x'], ['EXPIRE', 'k', '10', 'FOO'], ['GETEX', 'k', 'EX', '0'], ['COPY', 'k', 'k'], ['MSET', 'k', 'w', 'j']]) {
      expect(() => db.call(bad[0], ...bad.slice(1))).toThrow(ReplyError);
    }
    expect([db.get('k'), db.pexpiretime('k'), db.dbsize()]).toEqual(before);
  });

  it('WRONGTYPE cannot be produced yet: every supported command works on strings', () => {
    // flashkv has only strings so far; when another type lands, a WRONGTYPE
    // suite belongs here (GET on a hash, INCR on a list, ...).
    expect(COMMANDS.every((command) => ['string', 'generic', 'server', 'connection'].includes(command.group))).toBe(true);
  });
});

describeRedis('the command table agrees with COMMAND INFO (redis-server, the reference)', (redis) => {
  for (const command of ROWS) {
    it(`${command.name.toUpperCase()} has Redis's arity, flags and key positions`, async () => {
      const reply = (await redis.client.call('COMMAND', 'INFO', command.name)) as unknown[][];
      const [name, arityReply, flags, first, last, step] = reply[0] as [string, number, string[], number, number, number];
      expect(name).toBe(command.name);
      expect(arityReply).toBe(command.arity);
      const tracked = ['write', 'readonly', 'denyoom', 'fast'];
      expect([...command.flags].sort()).toEqual(flags.filter((flag) => tracked.includes(flag)).sort());
      expect({ first: command.keys.first, last: command.keys.last, step: command.keys.step }).toEqual({ first, last, step });
    });
  }
});
