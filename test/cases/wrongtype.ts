/**
 * WRONGTYPE across types: the string commands on a hash and a set, and the
 * commands that take any type (SET, MSET, MGET, the keyspace commands) on
 * them. The hash and set commands' own WRONGTYPE cases are in hashes.ts and
 * sets.ts; errors.test.ts checks that every command that reads a value as
 * one type has one somewhere. Every reply here is redis-server 7.0.15's.
 */
import { err, unordered, type Case, type CaseTable } from './model.js';

const WRONGTYPE = err('WRONGTYPE Operation against a key holding the wrong kind of value');

/** Makes `h` a hash and `s` a set. */
const SETUP = [
  ['HSET h f v', 1],
  ['SADD s m', 1],
] as const;

const onCollections = (title: string, ...steps: Case['steps']): Case => ({ title, steps: [...SETUP, ...steps] });

const strings: Case[] = [
  onCollections('GET, GETDEL and GETEX of a hash or a set are WRONGTYPE and change nothing', ['GET h', WRONGTYPE], ['GET s', WRONGTYPE], ['GETDEL h', WRONGTYPE], ['GETEX s EX 10', WRONGTYPE], ['TTL s', -1], ['HGET h f', 'v']),
  onCollections('GETSET and SET ... GET of a hash are WRONGTYPE and write nothing', ['GETSET h x', WRONGTYPE], ['SET s x GET', WRONGTYPE], ['TYPE h', 'hash'], ['TYPE s', 'set']),
  onCollections('APPEND, SETRANGE, STRLEN and GETRANGE of a hash or a set are WRONGTYPE', ['APPEND h x', WRONGTYPE], ['SETRANGE s 0 x', WRONGTYPE], ['STRLEN h', WRONGTYPE], ['GETRANGE s 0 -1', WRONGTYPE], ['HGETALL h', ['f', 'v']]),
  onCollections('the INCR family on a hash or a set is WRONGTYPE', ['INCR h', WRONGTYPE], ['DECR s', WRONGTYPE], ['INCRBY h 5', WRONGTYPE], ['DECRBY s 5', WRONGTYPE], ['INCRBYFLOAT h 1.5', WRONGTYPE], ['SMEMBERS s', ['m']]),
  onCollections('SET, SETEX and MSET replace a hash or a set with a string', ['SET h x', 'OK'], ['TYPE h', 'string'], ['SETEX s 100 y', 'OK'], ['GET s', 'y'], ['HSET h2 f v', 1], ['MSET h2 z', 'OK'], ['GET h2', 'z']),
  onCollections('SETNX and MSETNX leave a hash or a set in place', ['SETNX h x', 0], ['MSETNX s x other y', 0], ['TYPE s', 'set'], ['EXISTS other', 0]),
  onCollections('MGET replies nil for a hash or a set', ['SET k v', 'OK'], ['MGET h k s', [null, 'v', null]]),
];

const keyspace: Case[] = [
  onCollections('TYPE, EXISTS and DEL work on hashes and sets', ['TYPE h', 'hash'], ['TYPE s', 'set'], ['EXISTS h s nokey', 2], ['DEL h s', 2], ['EXISTS h s', 0]),
  onCollections('EXPIRE, TTL and PERSIST work on hashes and sets', ['EXPIRE h 100', 1], ['TTL h', 100], ['PERSIST h', 1], ['TTL h', -1], ['PEXPIRE s 0', 1], ['EXISTS s', 0]),
  onCollections('RENAME and COPY move and duplicate hashes and sets', ['RENAME h h2', 'OK'], ['HGETALL h2', ['f', 'v']], ['COPY s s2', 1], ['SADD s2 n', 1], ['SMEMBERS s', ['m']], ['SMEMBERS s2', unordered(['m', 'n'])], ['COPY h2 s REPLACE', 1], ['TYPE s', 'hash']),
  onCollections('SCAN TYPE and KEYS see hashes and sets', ['SET k v', 'OK'], ['SCAN 0 TYPE hash', ['0', ['h']]], ['SCAN 0 TYPE set', ['0', ['s']]], ['KEYS *', unordered(['h', 's', 'k'])]),
  onCollections('OBJECT ENCODING names the encodings of small hashes and sets', ['SADD ints 1 2 3', 3], ['OBJECT ENCODING h', 'listpack'], ['OBJECT ENCODING s', 'hashtable'], ['OBJECT ENCODING ints', 'intset']),
  onCollections('FLUSHALL removes hashes and sets', ['FLUSHALL', 'OK'], ['DBSIZE', 0], ['HGETALL h', []]),
];

export const WRONG_TYPES: CaseTable[] = [
  { area: 'WRONGTYPE: string commands on hashes and sets', cases: strings },
  { area: 'keyspace commands on hashes and sets', cases: keyspace },
];
