/**
 * Keyspace commands: DEL, UNLINK, EXISTS, TYPE, RENAME, RENAMENX, COPY,
 * DBSIZE, FLUSHDB, FLUSHALL, RANDOMKEY. Replies are redis-server 7.0.15's.
 */
import { err, oneOf, type Case, type CaseTable } from './model.js';

const SYNTAX = err('ERR syntax error');
const FUTURE_MS = 4102444800000;

const keyspace: Case[] = [
  { title: 'DEL replies how many of the keys existed', steps: [['MSET a 1 b 2', 'OK'], ['DEL a b c', 2], ['EXISTS a b', 0], ['DEL a', 0]] },
  { title: 'DEL counts a key named twice once', steps: [['SET a 1', 'OK'], ['DEL a a', 1]] },
  { title: 'UNLINK deletes like DEL', steps: [['MSET a 1 b 2', 'OK'], ['UNLINK a b c', 2], ['DBSIZE', 0]] },
  { title: 'EXISTS counts each mention, repeats included', steps: [['MSET a 1 b 2', 'OK'], ['EXISTS a', 1], ['EXISTS a a b c', 3], ['EXISTS c', 0]] },
  { title: 'TYPE replies string for a string and none for no key', steps: [['SET a 1', 'OK'], ['TYPE a', 'string'], ['TYPE b', 'none']] },
  { title: 'RENAME moves the value and replies OK', steps: [['SET a 1', 'OK'], ['RENAME a b', 'OK'], ['GET b', '1'], ['EXISTS a', 0]] },
  { title: 'RENAME overwrites the destination', steps: [['MSET a 1 b 2', 'OK'], ['RENAME a b', 'OK'], ['GET b', '1'], ['DBSIZE', 1]] },
  { title: 'RENAME of a missing key is an error', steps: [['RENAME a b', err('ERR no such key')], ['RENAME a a', err('ERR no such key')]] },
  { title: 'RENAME of a key onto itself replies OK and keeps it', steps: [['SET a 1', 'OK'], ['RENAME a a', 'OK'], ['GET a', '1']] },
  { title: 'RENAME carries the expiry to the new name', steps: [[`SET a 1 PXAT ${FUTURE_MS}`, 'OK'], ['RENAME a b', 'OK'], ['PEXPIRETIME b', FUTURE_MS]] },
  { title: 'RENAME replaces the destination expiry with the source one', steps: [[`SET b 2 PXAT ${FUTURE_MS}`, 'OK'], ['SET a 1', 'OK'], ['RENAME a b', 'OK'], ['TTL b', -1]] },
  { title: 'RENAMENX renames only when the destination is missing', steps: [['MSET a 1 b 2', 'OK'], ['RENAMENX a b', 0], ['RENAMENX a c', 1], ['MGET a b c', [null, '2', '1']]] },
  { title: 'RENAMENX of a key onto itself replies 0', steps: [['SET a 1', 'OK'], ['RENAMENX a a', 0]] },
  { title: 'RENAMENX of a missing key is an error', steps: [['RENAMENX a b', err('ERR no such key')]] },
  { title: 'COPY copies the value and its expiry', steps: [[`SET a 1 PXAT ${FUTURE_MS}`, 'OK'], ['COPY a b', 1], ['GET b', '1'], ['PEXPIRETIME b', FUTURE_MS], ['GET a', '1']] },
  { title: 'COPY does not overwrite without REPLACE', steps: [['MSET a 1 b 2', 'OK'], ['COPY a b', 0], ['GET b', '2'], ['COPY a b REPLACE', 1], ['GET b', '1']] },
  { title: 'COPY REPLACE drops the destination expiry when the source has none', steps: [['SET a 1', 'OK'], [`SET b 2 PXAT ${FUTURE_MS}`, 'OK'], ['COPY a b REPLACE', 1], ['TTL b', -1]] },
  { title: 'COPY of a missing key replies 0', steps: [['COPY a b', 0], ['EXISTS b', 0]] },
  { title: 'COPY makes an independent copy', steps: [['SET a 1', 'OK'], ['COPY a b', 1], ['APPEND a 2', 2], ['GET b', '1']] },
  { title: 'COPY onto itself is an error, even when the key is missing', steps: [['COPY a a', err('ERR source and destination objects are the same')], ['SET a 1', 'OK'], ['COPY a a REPLACE', err('ERR source and destination objects are the same')]] },
  { title: 'COPY DB 0 copies within the database', steps: [['SET a 1', 'OK'], ['COPY a b DB 0', 1], ['COPY a b db 0 replace', 1], ['COPY a b REPLACE REPLACE', 1]] },
  { title: 'COPY with a database index out of range is an error', steps: [['SET a 1', 'OK'], ['COPY a b DB 16', err('ERR DB index is out of range')], ['COPY a b DB -1', err('ERR DB index is out of range')], ['EXISTS b', 0]] },
  { title: 'COPY with a bad option is an error', steps: [['SET a 1', 'OK'], ['COPY a b FOO', SYNTAX], ['COPY a b DB', SYNTAX], ['COPY a b DB abc', err('ERR value is not an integer or out of range')]] },
  { title: 'DBSIZE counts the keys', steps: [['DBSIZE', 0], ['MSET a 1 b 2 c 3', 'OK'], ['DBSIZE', 3], ['DEL a', 1], ['DBSIZE', 2]] },
  { title: 'FLUSHDB and FLUSHALL remove every key', steps: [['MSET a 1 b 2', 'OK'], ['FLUSHDB', 'OK'], ['DBSIZE', 0], ['MSET a 1 b 2', 'OK'], ['FLUSHALL', 'OK'], ['DBSIZE', 0]] },
  { title: 'FLUSHDB and FLUSHALL take ASYNC or SYNC', steps: [['SET a 1', 'OK'], ['FLUSHDB ASYNC', 'OK'], ['SET a 1', 'OK'], ['FLUSHALL sync', 'OK'], ['DBSIZE', 0]] },
  { title: 'FLUSHDB with another argument is a syntax error and flushes nothing', steps: [['SET a 1', 'OK'], ['FLUSHDB foo', SYNTAX], ['FLUSHALL ASYNC SYNC', SYNTAX], ['DBSIZE', 1]] },
  { title: 'RANDOMKEY replies nil when the database is empty', steps: [['RANDOMKEY', null]] },
  { title: 'RANDOMKEY replies one of the keys', steps: [['MSET a 1 b 2 c 3', 'OK'], ['RANDOMKEY', oneOf('a', 'b', 'c')], ['DEL a b', 2], ['RANDOMKEY', 'c']] },
  { title: 'The empty string is a key like any other', steps: [[['SET', '', 'v'], 'OK'], [['GET', ''], 'v'], [['EXISTS', ''], 1], ['KEYS *', ['']], [['RENAME', '', 'e'], 'OK'], [['COPY', 'e', ''], 1], ['DBSIZE', 2], [['DEL', ''], 1]] },
  { title: 'Keyspace commands check their arity', steps: [['DEL', err("ERR wrong number of arguments for 'del' command")], ['EXISTS', err("ERR wrong number of arguments for 'exists' command")], ['TYPE a b', err("ERR wrong number of arguments for 'type' command")], ['RENAME a', err("ERR wrong number of arguments for 'rename' command")], ['COPY a', err("ERR wrong number of arguments for 'copy' command")], ['DBSIZE x', err("ERR wrong number of arguments for 'dbsize' command")], ['RANDOMKEY x', err("ERR wrong number of arguments for 'randomkey' command")]] },
];

export const KEYSPACE: readonly CaseTable[] = [{ area: 'DEL, UNLINK, EXISTS, TYPE, RENAME, COPY, DBSIZE, FLUSHDB, RANDOMKEY', cases: keyspace }];
