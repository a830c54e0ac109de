/**
 * String commands: SET and its options, GET, GETSET, GETDEL, GETEX, SETNX,
 * SETEX, PSETEX, MGET, MSET, MSETNX, APPEND, STRLEN, GETRANGE, SETRANGE.
 * (Counters are in counters.ts.) Every reply here is what redis-server
 * 7.0.15 gives.
 */
import { err, near, type Case, type CaseTable } from './model.js';

/** 2100-01-01T00:00:00Z: an absolute expiry far enough ahead never to fire during a run. */
const FUTURE_S = 4102444800;
const FUTURE_MS = FUTURE_S * 1000;

const SYNTAX = err('ERR syntax error');
const NOT_INTEGER = err('ERR value is not an integer or out of range');

const set: Case[] = [
  { title: 'SET stores a value that GET reads back', steps: [['SET k v', 'OK'], ['GET k', 'v']] },
  { title: 'SET overwrites an existing value', steps: [['SET k v1', 'OK'], ['SET k v2', 'OK'], ['GET k', 'v2']] },
  { title: 'GET of a missing key replies nil', steps: [['GET missing', null]] },
  { title: 'SET NX writes only when the key is missing', steps: [['SET k a NX', 'OK'], ['SET k b NX', null], ['GET k', 'a']] },
  { title: 'SET XX writes only when the key exists', steps: [['SET k a XX', null], ['EXISTS k', 0], ['SET k a', 'OK'], ['SET k b XX', 'OK'], ['GET k', 'b']] },
  { title: 'SET options are case-insensitive', steps: [['set k a nx', 'OK'], ['SET k b xX', 'OK'], ['GET k', 'b']] },
  { title: 'SET NX and XX together are a syntax error', steps: [['SET k v NX XX', SYNTAX], ['SET k v XX NX', SYNTAX], ['EXISTS k', 0]] },
  { title: 'SET NX repeated is allowed', steps: [['SET k v NX NX', 'OK']] },
  { title: 'SET GET replies the old value, nil when there was none', steps: [['SET k a GET', null], ['SET k b GET', 'a'], ['GET k', 'b']] },
  { title: 'SET NX GET replies the old value and does not write', steps: [['SET k a NX GET', null], ['SET k b NX GET', 'a'], ['GET k', 'a']] },
  { title: 'SET XX GET on a missing key replies nil and creates nothing', steps: [['SET k a XX GET', null], ['EXISTS k', 0]] },
  { title: 'SET XX GET on an existing key replies the old value and writes', steps: [['SET k a', 'OK'], ['SET k b XX GET', 'a'], ['GET k', 'b']] },
  { title: 'SET EX sets a time to live in seconds', steps: [['SET k v EX 100', 'OK'], ['TTL k', near(100, 1)], ['PTTL k', near(100_000, 1000)]] },
  { title: 'SET PX sets a time to live in milliseconds', steps: [['SET k v PX 100000', 'OK'], ['PTTL k', near(100_000, 1000)], ['TTL k', near(100, 1)]] },
  { title: 'SET EXAT sets an absolute expiry in seconds', steps: [[`SET k v EXAT ${FUTURE_S}`, 'OK'], ['EXPIRETIME k', FUTURE_S], ['PEXPIRETIME k', FUTURE_MS]] },
  { title: 'SET PXAT sets an absolute expiry in milliseconds', steps: [[`SET k v PXAT ${FUTURE_MS + 123}`, 'OK'], ['PEXPIRETIME k', FUTURE_MS + 123], ['EXPIRETIME k', FUTURE_S]] },
  { title: 'EXPIRETIME rounds half a second up', steps: [[`SET k v PXAT ${FUTURE_MS + 500}`, 'OK'], ['EXPIRETIME k', FUTURE_S + 1], [`SET k v PXAT ${FUTURE_MS + 499}`, 'OK'], ['EXPIRETIME k', FUTURE_S]] },
  { title: 'SET EXAT in the past stores nothing visible', steps: [['SET k v EXAT 1', 'OK'], ['GET k', null], ['EXISTS k', 0]] },
  { title: 'SET PXAT in the past replaces and then expires an existing key', steps: [['SET k old', 'OK'], ['SET k v PXAT 1000', 'OK'], ['GET k', null]] },
  { title: 'SET without an expiry option clears the expiry', steps: [['SET k v EX 100', 'OK'], ['SET k w', 'OK'], ['TTL k', -1]] },
  { title: 'SET KEEPTTL keeps the existing expiry', steps: [[`SET k v PXAT ${FUTURE_MS}`, 'OK'], ['SET k w KEEPTTL', 'OK'], ['PEXPIRETIME k', FUTURE_MS], ['GET k', 'w']] },
  { title: 'SET KEEPTTL on a key without expiry leaves it without', steps: [['SET k v', 'OK'], ['SET k w KEEPTTL', 'OK'], ['TTL k', -1]] },
  { title: 'SET KEEPTTL with an expiry option is a syntax error', steps: [['SET k v KEEPTTL EX 10', SYNTAX], ['SET k v EX 10 KEEPTTL', SYNTAX], ['SET k v PXAT 1 KEEPTTL', SYNTAX]] },
  { title: 'SET with two different expiry options is a syntax error', steps: [['SET k v EX 10 PX 100', SYNTAX], ['SET k v PX 10 EXAT 100', SYNTAX], ['SET k v EXAT 10 PXAT 100', SYNTAX], ['EXISTS k', 0]] },
  { title: 'SET with the same expiry option twice takes the last', steps: [['SET k v EX 0 EX 100', 'OK'], ['TTL k', near(100, 1)]] },
  { title: 'SET EX without a number is a syntax error', steps: [['SET k v EX', SYNTAX], ['SET k v PX', SYNTAX], ['SET k v NX EXAT', SYNTAX]] },
  { title: 'SET with an unknown option is a syntax error', steps: [['SET k v FOO', SYNTAX], ['SET k v PERSIST', SYNTAX], ['EXISTS k', 0]] },
  { title: 'SET EX of zero or less is an invalid expire time', steps: [['SET k v EX 0', err("ERR invalid expire time in 'set' command")], ['SET k v PX -1', err("ERR invalid expire time in 'set' command")], ['SET k v EXAT 0', err("ERR invalid expire time in 'set' command")], ['SET k v PXAT -5', err("ERR invalid expire time in 'set' command")], ['EXISTS k', 0]] },
  { title: 'SET EX whose milliseconds overflow 64 bits is an invalid expire time', steps: [['SET k v EX 9223372036854775', err("ERR invalid expire time in 'set' command")], ['SET k v EXAT 9223372036854776', err("ERR invalid expire time in 'set' command")], ['SET k v PX 9223372036854775807', err("ERR invalid expire time in 'set' command")]] },
  { title: 'SET EX with a non-integer is not an integer', steps: [['SET k v EX abc', NOT_INTEGER], ['SET k v PX 1.5', NOT_INTEGER], ['SET k v EX 9223372036854775808', NOT_INTEGER]] },
  { title: 'SET checks option syntax before the expiry number', steps: [['SET k v EX abc FOO', SYNTAX], ['SET k v EX 0 NX XX', SYNTAX]] },
  { title: 'SET NX with an expiry that fails the condition keeps the old expiry', steps: [[`SET k v PXAT ${FUTURE_MS}`, 'OK'], ['SET k w NX EX 5', null], ['PEXPIRETIME k', FUTURE_MS]] },
  { title: 'SET XX GET EX combines all three', steps: [['SET k a', 'OK'], [`SET k b XX GET EXAT ${FUTURE_S}`, 'a'], ['GET k', 'b'], ['EXPIRETIME k', FUTURE_S]] },
  { title: 'SET takes an empty value', steps: [[['SET', 'k', ''], 'OK'], ['GET k', ''], ['STRLEN k', 0], ['EXISTS k', 1]] },
  { title: 'SET and GET keep non-ASCII text intact', steps: [[['SET', 'clé', 'ünïcödé ✓ 𝄞'], 'OK'], [['GET', 'clé'], 'ünïcödé ✓ 𝄞'], [['STRLEN', 'clé'], 20]] },
  { title: 'SET with too few arguments is an arity error', steps: [['SET k', err("ERR wrong number of arguments for 'set' command")]] },
  { title: 'GET with extra arguments is an arity error', steps: [['GET a b', err("ERR wrong number of arguments for 'get' command")]] },
];

const getVariants: Case[] = [
  { title: 'GETSET replies nil for a missing key and sets it', steps: [['GETSET k a', null], ['GET k', 'a']] },
  { title: 'GETSET replies the old value and sets the new one', steps: [['SET k a', 'OK'], ['GETSET k b', 'a'], ['GET k', 'b']] },
  { title: 'GETSET clears the expiry', steps: [['SET k a EX 100', 'OK'], ['GETSET k b', 'a'], ['TTL k', -1]] },
  { title: 'GETDEL replies the value and deletes the key', steps: [['SET k a EX 100', 'OK'], ['GETDEL k', 'a'], ['EXISTS k', 0], ['GETDEL k', null]] },
  { title: 'GETEX without options replies the value and keeps the expiry', steps: [[`SET k a PXAT ${FUTURE_MS}`, 'OK'], ['GETEX k', 'a'], ['PEXPIRETIME k', FUTURE_MS]] },
  { title: 'GETEX of a missing key replies nil', steps: [['GETEX k EX 10', null], ['EXISTS k', 0]] },
  { title: 'GETEX EX and PX set a relative expiry', steps: [['SET k a', 'OK'], ['GETEX k EX 100', 'a'], ['TTL k', near(100, 1)], ['GETEX k PX 50000', 'a'], ['PTTL k', near(50_000, 1000)]] },
  { title: 'GETEX EXAT and PXAT set an absolute expiry', steps: [['SET k a', 'OK'], [`GETEX k EXAT ${FUTURE_S}`, 'a'], ['EXPIRETIME k', FUTURE_S], [`GETEX k PXAT ${FUTURE_MS + 7}`, 'a'], ['PEXPIRETIME k', FUTURE_MS + 7]] },
  { title: 'GETEX PERSIST removes the expiry', steps: [['SET k a EX 100', 'OK'], ['GETEX k PERSIST', 'a'], ['TTL k', -1]] },
  { title: 'GETEX with an absolute time in the past replies the value and deletes the key', steps: [['SET k a', 'OK'], ['GETEX k PXAT 1', 'a'], ['EXISTS k', 0], ['SET k b', 'OK'], ['GETEX k EXAT 1', 'b'], ['GET k', null]] },
  { title: 'GETEX of zero or less is an invalid expire time', steps: [['SET k a', 'OK'], ['GETEX k EX 0', err("ERR invalid expire time in 'getex' command")], ['GETEX k PX -1', err("ERR invalid expire time in 'getex' command")], ['TTL k', -1]] },
  { title: 'GETEX rejects SET-only options and conflicting ones', steps: [['SET k a', 'OK'], ['GETEX k NX', SYNTAX], ['GETEX k KEEPTTL', SYNTAX], ['GETEX k GET', SYNTAX], ['GETEX k EX 10 PERSIST', SYNTAX], ['GETEX k PERSIST EX 10', SYNTAX], ['GETEX k EX 10 PX 10', SYNTAX], ['GETEX k EX', SYNTAX]] },
  { title: 'GETEX of a missing key replies nil before it reads the time', steps: [['GETEX k EX 0', null], ['GETEX k PX -1', null], ['GETEX k EXAT abc', null], ['GETEX k EX 10 PERSIST', SYNTAX], ['EXISTS k', 0]] },
  { title: 'GETEX with a non-integer time is not an integer', steps: [['SET k a', 'OK'], ['GETEX k EX ten', NOT_INTEGER]] },
  { title: 'SETNX replies 1 when it sets and 0 when the key exists', steps: [['SETNX k a', 1], ['SETNX k b', 0], ['GET k', 'a']] },
  { title: 'SETEX sets a value with a time to live in seconds', steps: [['SETEX k 100 v', 'OK'], ['GET k', 'v'], ['TTL k', near(100, 1)]] },
  { title: 'PSETEX sets a value with a time to live in milliseconds', steps: [['PSETEX k 100000 v', 'OK'], ['GET k', 'v'], ['PTTL k', near(100_000, 1000)]] },
  { title: 'SETEX and PSETEX reject a time of zero or less', steps: [['SETEX k 0 v', err("ERR invalid expire time in 'setex' command")], ['PSETEX k -5 v', err("ERR invalid expire time in 'psetex' command")], ['EXISTS k', 0]] },
  { title: 'SETEX and PSETEX reject a non-integer time', steps: [['SETEX k x v', NOT_INTEGER], ['PSETEX k 1.5 v', NOT_INTEGER]] },
  { title: 'SETEX with the wrong number of arguments is an arity error', steps: [['SETEX k 10', err("ERR wrong number of arguments for 'setex' command")], ['PSETEX k', err("ERR wrong number of arguments for 'psetex' command")]] },
];

const multi: Case[] = [
  { title: 'MGET replies one entry per key, nil for missing ones', steps: [['MSET a 1 c 3', 'OK'], ['MGET a b c a', ['1', null, '3', '1']]] },
  { title: 'MSET writes every pair and later pairs win', steps: [['MSET a 1 b 2 a 3', 'OK'], ['MGET a b', ['3', '2']]] },
  { title: 'MSET clears the expiry of keys it overwrites', steps: [['SET a x EX 100', 'OK'], ['MSET a 1', 'OK'], ['TTL a', -1]] },
  { title: 'MSET with an odd number of arguments is an arity error', steps: [['MSET a 1 b', err("ERR wrong number of arguments for 'mset' command")], ['EXISTS a', 0], ['MSET a', err("ERR wrong number of arguments for 'mset' command")]] },
  { title: 'MSETNX sets all pairs when none of the keys exists', steps: [['MSETNX a 1 b 2', 1], ['MGET a b', ['1', '2']]] },
  { title: 'MSETNX sets nothing when any key exists', steps: [['SET b x', 'OK'], ['MSETNX a 1 b 2 c 3', 0], ['MGET a b c', [null, 'x', null]]] },
  { title: 'MSETNX with a repeated new key sets it to the last value', steps: [['MSETNX a 1 a 2', 1], ['GET a', '2']] },
  { title: 'MSETNX with an odd number of arguments is an arity error', steps: [['MSETNX a 1 b', err("ERR wrong number of arguments for 'msetnx' command")]] },
  { title: 'MGET without keys is an arity error', steps: [['MGET', err("ERR wrong number of arguments for 'mget' command")]] },
];

const editing: Case[] = [
  { title: 'APPEND creates the key and replies the new length', steps: [['APPEND k ab', 2], ['APPEND k cd', 4], ['GET k', 'abcd']] },
  { title: 'APPEND keeps the expiry', steps: [[`SET k a PXAT ${FUTURE_MS}`, 'OK'], ['APPEND k b', 2], ['PEXPIRETIME k', FUTURE_MS]] },
  { title: 'APPEND of an empty string to a missing key creates an empty string', steps: [[['APPEND', 'k', ''], 0], ['EXISTS k', 1], ['GET k', '']] },
  { title: 'APPEND to an integer value appends to its digits', steps: [['SET k 12', 'OK'], ['APPEND k 3', 3], ['INCR k', 124]] },
  { title: 'STRLEN counts bytes, not characters', steps: [['STRLEN k', 0], [['SET', 'k', 'héllo'], 'OK'], ['STRLEN k', 6], ['SET n 12345', 'OK'], ['STRLEN n', 5]] },
  { title: 'GETRANGE takes inclusive byte offsets, negative from the end', steps: [['SET k Hello_World', 'OK'], ['GETRANGE k 0 4', 'Hello'], ['GETRANGE k -5 -1', 'World'], ['GETRANGE k 6 100', 'World'], ['GETRANGE k -100 4', 'Hello'], ['GETRANGE k 0 -1', 'Hello_World']] },
  { title: 'GETRANGE replies an empty string for an empty or inverted range', steps: [['SET k Hello_World', 'OK'], ['GETRANGE k 5 3', ''], ['GETRANGE k -1 -5', ''], ['GETRANGE k -100 -200', ''], ['GETRANGE k 20 30', '']] },
  { title: 'GETRANGE clamps a negative end to the first byte (Redis 7.0)', steps: [['SET k Hello_World', 'OK'], ['GETRANGE k 0 -100', 'H']] },
  { title: 'GETRANGE of a missing key is an empty string', steps: [['GETRANGE k 0 -1', '']] },
  { title: 'GETRANGE on an integer value reads its digits', steps: [['SET k 12345', 'OK'], ['GETRANGE k 1 2', '23']] },
  { title: 'GETRANGE takes offsets beyond 2^53', steps: [['SET k abc', 'OK'], ['GETRANGE k 0 9223372036854775807', 'abc'], ['GETRANGE k -9223372036854775808 0', 'a']] },
  { title: 'GETRANGE with a non-integer offset is not an integer', steps: [['SET k abc', 'OK'], ['GETRANGE k a 1', NOT_INTEGER], ['GETRANGE k 0 1.0', NOT_INTEGER]] },
  { title: 'SETRANGE overwrites from an offset and replies the new length', steps: [['SET k Hello_World', 'OK'], ['SETRANGE k 6 Redis', 11], ['GET k', 'Hello_Redis'], ['SETRANGE k 9 xyz', 12], ['GET k', 'Hello_Redxyz']] },
  { title: 'SETRANGE past the end pads with zero bytes', steps: [['SETRANGE k 3 hi', 5], ['GET k', '\0\0\0hi'], ['SET j ab', 'OK'], ['SETRANGE j 4 c', 5], ['GET j', 'ab\0\0c']] },
  { title: 'SETRANGE with an empty value creates nothing and replies the length', steps: [[['SETRANGE', 'k', '5', ''], 0], ['EXISTS k', 0], ['SET j abc', 'OK'], [['SETRANGE', 'j', '10', ''], 3], ['GET j', 'abc']] },
  { title: 'SETRANGE keeps the expiry', steps: [[`SET k abc PXAT ${FUTURE_MS}`, 'OK'], ['SETRANGE k 1 X', 3], ['PEXPIRETIME k', FUTURE_MS]] },
  { title: 'SETRANGE with a negative offset is out of range', steps: [['SETRANGE k -1 x', err('ERR offset is out of range')], ['EXISTS k', 0]] },
  { title: 'SETRANGE ending past 512 MiB exceeds the maximum size', steps: [['SETRANGE k 536870912 x', err('ERR string exceeds maximum allowed size (proto-max-bulk-len)')], ['SETRANGE k 536870911 xy', err('ERR string exceeds maximum allowed size (proto-max-bulk-len)')], ['EXISTS k', 0]] },
  { title: 'SETRANGE with an empty value far out is not an error', steps: [[['SETRANGE', 'k', '536870912', ''], 0], ['SET j a', 'OK'], [['SETRANGE', 'j', '536870912', ''], 1]] },
  { title: 'SETRANGE with a non-integer offset is not an integer', steps: [['SETRANGE k x v', NOT_INTEGER], ['SETRANGE k 9223372036854775808 v', NOT_INTEGER]] },
];

export const STRINGS: readonly CaseTable[] = [
  { area: 'SET', cases: set },
  { area: 'GETSET, GETDEL, GETEX, SETNX, SETEX, PSETEX', cases: getVariants },
  { area: 'MGET, MSET, MSETNX', cases: multi },
  { area: 'APPEND, STRLEN, GETRANGE, SETRANGE', cases: editing },
];
