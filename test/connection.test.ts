/**
 * PING and ECHO: the first commands a redis-cli user types, checked on both
 * engines and against redis-server.
 */
import { expect, it } from 'vitest';
import { defineCases, err, type Case } from './support/cases.js';
import { describeEngines } from './support/engines.js';

const connection: Case[] = [
  { title: 'PING replies PONG', steps: [['PING', 'PONG']] },
  { title: 'PING with a message replies the message', steps: [['PING hello', 'hello']] },
  { title: 'PING with two messages is an arity error', steps: [['PING a b', err("ERR wrong number of arguments for 'ping' command")]] },
  { title: 'ECHO replies its argument', steps: [['ECHO hi', 'hi'], [['ECHO', ''], '']] },
];

defineCases('PING, ECHO', connection);

describeEngines('PING and ECHO methods', (suite) => {
  it('ping and echo return strings, and callBuffer tells the PONG status from an echoed bulk', () => {
    expect(suite.db.ping()).toBe('PONG');
    expect(suite.db.ping('x')).toBe('x');
    expect(suite.db.echo('é')).toBe('é');
    expect(suite.db.callBuffer('PING')).toBe('PONG');
    expect(suite.db.callBuffer('ECHO', 'PONG')).toEqual(new TextEncoder().encode('PONG'));
  });
});
