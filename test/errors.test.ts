/**
 * Errors: unknown commands, arity, the error classes db.call throws, and the
 * command table's rows checked against Redis's own COMMAND INFO (arity, flags,
 * key positions), so the table cannot drift from the reference.
 */
import { expect, it } from 'vitest';
import { COMMANDS } from '../src/engine/commands.js';
import { CommandError } from '../src/errors/command-error.js';
import { isReplyError, ReplyError } from '../src/errors/reply-error.js';
import { ERRORS, ROWS } from './cases/errors.js';
import { CASE_TABLES } from './cases/index.js';
import { words } from './cases/model.js';
import { WRONG_TYPES } from './cases/wrongtype.js';
import { defineCases } from './support/cases.js';
import { describeEngines } from './support/engines.js';
import { describeRedis } from './support/redis-server.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const raw = (...bytes: number[]): Uint8Array => Uint8Array.from(bytes);

defineCases(...ERRORS);

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

});

defineCases(...WRONG_TYPES);

/** Commands of a typed group that take a key of any type: they replace it, or answer nil for it. */
const ANY_TYPE = new Set(['set', 'setnx', 'setex', 'psetex', 'mset', 'msetnx', 'mget']);

it('every command that reads a value as its own type has a WRONGTYPE case, checked against redis-server', () => {
  const wrongtype = new Set<string>();
  for (const table of CASE_TABLES) {
    for (const { steps } of table.cases) {
      for (const [cmd, expected] of steps) {
        const error = (expected as { error?: unknown } | null)?.error;
        if (typeof error === 'string' && error.startsWith('WRONGTYPE ')) wrongtype.add(String(words(cmd)[0]).toLowerCase());
      }
    }
  }
  const typed = COMMANDS.filter((command) => ['string', 'hash', 'set'].includes(command.group) && !ANY_TYPE.has(command.name));
  expect(typed.filter((command) => !wrongtype.has(command.name)).map((command) => command.name)).toEqual([]);
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
