/**
 * PING and ECHO: the first commands a redis-cli user types.
 */
import { err, type Case, type CaseTable } from './model.js';

const connection: Case[] = [
  { title: 'PING replies PONG', steps: [['PING', 'PONG']] },
  { title: 'PING with a message replies the message', steps: [['PING hello', 'hello']] },
  { title: 'PING with two messages is an arity error', steps: [['PING a b', err("ERR wrong number of arguments for 'ping' command")]] },
  { title: 'ECHO replies its argument', steps: [['ECHO hi', 'hi'], [['ECHO', ''], '']] },
];

export const CONNECTION: readonly CaseTable[] = [{ area: 'PING, ECHO', cases: connection }];
