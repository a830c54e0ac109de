/**
 * PING and ECHO: the first commands a redis-cli user types, checked on both
 * engines and against redis-server.
 */
import { expect, it } from 'vitest';
import { CONNECTION } from './cases/connection.js';
import { defineCases } from './support/cases.js';
import { describeEngines } from './support/engines.js';

defineCases(...CONNECTION);

describeEngines('PING and ECHO methods', (suite) => {
  it('ping and echo return strings, and callBuffer tells the PONG status from an echoed bulk', () => {
    expect(suite.db.ping()).toBe('PONG');
    expect(suite.db.ping('x')).toBe('x');
    expect(suite.db.echo('é')).toBe('é');
    expect(suite.db.callBuffer('PING')).toBe('PONG');
    expect(suite.db.callBuffer('ECHO', 'PONG')).toEqual(new TextEncoder().encode('PONG'));
  });
});
