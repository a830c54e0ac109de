/**
 * Expiry: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT with NX XX GT LT; TTL, PTTL,
 * EXPIRETIME, PEXPIRETIME, PERSIST. Times relative to now are compared with
 * a tolerance; absolute ones are far enough ahead never to fire during a run.
 * Replies are redis-server 7.0.15's.
 */
import { err, near, type Case, type CaseTable } from './model.js';

const FUTURE_S = 4102444800;
const FUTURE_MS = FUTURE_S * 1000;
const LATER_MS = FUTURE_MS + 86_400_000;
const NOT_INTEGER = err('ERR value is not an integer or out of range');
const NX_AND_OTHERS = err('ERR NX and XX, GT or LT options at the same time are not compatible');
const GT_AND_LT = err('ERR GT and LT options at the same time are not compatible');

const expire: Case[] = [
  { title: 'EXPIRE sets a time to live in seconds and replies 1', steps: [['SET k v', 'OK'], ['EXPIRE k 100', 1], ['TTL k', near(100, 1)], ['PTTL k', near(100_000, 1000)]] },
  { title: 'PEXPIRE sets a time to live in milliseconds', steps: [['SET k v', 'OK'], ['PEXPIRE k 100000', 1], ['PTTL k', near(100_000, 1000)]] },
  { title: 'EXPIREAT and PEXPIREAT set an absolute expiry', steps: [['SET k v', 'OK'], [`EXPIREAT k ${FUTURE_S}`, 1], ['EXPIRETIME k', FUTURE_S], ['PEXPIRETIME k', FUTURE_MS], [`PEXPIREAT k ${FUTURE_MS + 1}`, 1], ['PEXPIRETIME k', FUTURE_MS + 1]] },
  { title: 'EXPIRE of a missing key replies 0', steps: [['EXPIRE k 100', 0], ['PEXPIREAT k 1', 0], ['EXISTS k', 0]] },
  { title: 'EXPIRE with a time of zero or less deletes the key and replies 1', steps: [['MSET a 1 b 2 c 3 d 4', 'OK'], ['EXPIRE a 0', 1], ['PEXPIRE b -1', 1], ['EXPIREAT c 1', 1], ['PEXPIREAT d 0', 1], ['DBSIZE', 0]] },
  { title: 'EXPIRE NX sets only when the key has no expiry', steps: [['SET k v', 'OK'], [`PEXPIREAT k ${FUTURE_MS} NX`, 1], [`PEXPIREAT k ${LATER_MS} NX`, 0], ['PEXPIRETIME k', FUTURE_MS]] },
  { title: 'EXPIRE XX sets only when the key has an expiry', steps: [['SET k v', 'OK'], [`PEXPIREAT k ${FUTURE_MS} XX`, 0], ['TTL k', -1], [`PEXPIREAT k ${FUTURE_MS}`, 1], [`PEXPIREAT k ${LATER_MS} XX`, 1], ['PEXPIRETIME k', LATER_MS]] },
  { title: 'EXPIRE GT sets only a later expiry, and no expiry counts as infinite', steps: [['SET k v', 'OK'], [`PEXPIREAT k ${FUTURE_MS} GT`, 0], ['TTL k', -1], [`PEXPIREAT k ${FUTURE_MS}`, 1], [`PEXPIREAT k ${FUTURE_MS} GT`, 0], [`PEXPIREAT k ${FUTURE_MS - 1} GT`, 0], [`PEXPIREAT k ${LATER_MS} GT`, 1], ['PEXPIRETIME k', LATER_MS]] },
  { title: 'EXPIRE LT sets only an earlier expiry, and no expiry counts as infinite', steps: [['SET k v', 'OK'], [`PEXPIREAT k ${LATER_MS} LT`, 1], [`PEXPIREAT k ${LATER_MS} LT`, 0], [`PEXPIREAT k ${LATER_MS + 1} LT`, 0], [`PEXPIREAT k ${FUTURE_MS} LT`, 1], ['PEXPIRETIME k', FUTURE_MS]] },
  { title: 'EXPIRE XX GT and XX LT combine', steps: [['SET k v', 'OK'], [`PEXPIREAT k ${FUTURE_MS} XX LT`, 0], [`PEXPIREAT k ${FUTURE_MS}`, 1], [`PEXPIREAT k ${LATER_MS} XX GT`, 1], [`PEXPIREAT k ${FUTURE_MS} GT XX`, 0], [`PEXPIREAT k ${FUTURE_MS} lt xx`, 1], ['PEXPIRETIME k', FUTURE_MS]] },
  { title: 'EXPIRE GT with a past time on a key without expiry fails and keeps the key', steps: [['SET k v', 'OK'], ['EXPIRE k -10 GT', 0], ['EXISTS k', 1]] },
  { title: 'EXPIRE LT with a past time on a key without expiry deletes it', steps: [['SET k v', 'OK'], ['EXPIRE k -10 LT', 1], ['EXISTS k', 0]] },
  { title: 'EXPIRE NX with XX, GT or LT is an error', steps: [['SET k v', 'OK'], ['EXPIRE k 10 NX XX', NX_AND_OTHERS], ['EXPIRE k 10 NX GT', NX_AND_OTHERS], ['EXPIRE k 10 LT NX', NX_AND_OTHERS], ['TTL k', -1]] },
  { title: 'EXPIRE GT with LT is an error', steps: [['SET k v', 'OK'], ['PEXPIRE k 10 GT LT', GT_AND_LT], ['EXPIREAT k 10 LT XX GT', GT_AND_LT]] },
  { title: 'EXPIRE with an unknown option names it in the error', steps: [['SET k v', 'OK'], ['EXPIRE k 10 FOO', err('ERR Unsupported option FOO')], ['PEXPIREAT k 10 NX bar', err('ERR Unsupported option bar')], ['EXISTS k', 1]] },
  { title: 'EXPIRE reads options before the number', steps: [['EXPIRE k abc FOO', err('ERR Unsupported option FOO')], ['EXPIRE k abc NX XX', NX_AND_OTHERS]] },
  { title: 'EXPIRE with a non-integer time is not an integer', steps: [['SET k v', 'OK'], ['EXPIRE k abc', NOT_INTEGER], ['PEXPIRE k 1.5', NOT_INTEGER], ['EXPIREAT k 9223372036854775808', NOT_INTEGER], ['TTL k', -1]] },
  { title: 'EXPIRE whose milliseconds overflow 64 bits is an invalid expire time', steps: [['SET k v', 'OK'], ['EXPIRE k 9223372036854775807', err("ERR invalid expire time in 'expire' command")], ['EXPIRE k 9223372036854775', err("ERR invalid expire time in 'expire' command")], ['PEXPIRE k 9223372036854775807', err("ERR invalid expire time in 'pexpire' command")], ['EXPIREAT k 9223372036854776', err("ERR invalid expire time in 'expireat' command")], ['EXPIREAT k -9223372036854776', err("ERR invalid expire time in 'expireat' command")], ['EXISTS k', 1], ['TTL k', -1]] },
  { title: 'PEXPIREAT takes the largest 64-bit time', steps: [['SET k v', 'OK'], ['PEXPIREAT k 9223372036854775807', 1], ['PEXPIRETIME k', 9223372036854775807n], ['EXPIRETIME k', 9223372036854776n]] },
  { title: 'EXPIREAT takes the largest seconds whose milliseconds fit 64 bits', steps: [['SET k v', 'OK'], ['EXPIREAT k 9223372036854775', 1], ['PEXPIRETIME k', 9223372036854775000n], ['EXPIRETIME k', 9223372036854775n], ['GET k', 'v']] },
  { title: 'PEXPIRE whose time from now overflows 64 bits is an invalid expire time', steps: [['SET k v', 'OK'], ['PEXPIRE k 9223372036854775807', err("ERR invalid expire time in 'pexpire' command")], ['PEXPIRETIME k', -1]] },
  { title: 'SET PXAT takes the largest 64-bit time', steps: [['SET k v PXAT 9223372036854775807', 'OK'], ['PEXPIRETIME k', 9223372036854775807n], ['EXPIRETIME k', 9223372036854776n], ['GET k', 'v']] },
  { title: 'SET and GETEX with a relative time that overflows 64 bits are invalid expire times', steps: [['SET k v PX 9223372036854775807', err("ERR invalid expire time in 'set' command")], ['SET k v', 'OK'], ['GETEX k PX 9223372036854775807', err("ERR invalid expire time in 'getex' command")], ['PEXPIRETIME k', -1]] },
  { title: 'GETEX PXAT takes the largest 64-bit time', steps: [['SET k v', 'OK'], ['GETEX k PXAT 9223372036854775807', 'v'], ['PEXPIRETIME k', 9223372036854775807n], ['GETEX k EXAT 9223372036854775', 'v'], ['PEXPIRETIME k', 9223372036854775000n]] },
  { title: 'EXPIRE GT and LT compare huge times exactly, on both sides of 2^53', steps: [['SET k v', 'OK'], ['PEXPIREAT k 9223372036854775807', 1], ['PEXPIREAT k 9223372036854775806 GT', 0], ['PEXPIREAT k 9223372036854775806 LT', 1], ['PEXPIRETIME k', 9223372036854775806n], ['PEXPIREAT k 9007199254740993 LT', 1], ['PEXPIREAT k 9007199254740992 GT', 0], ['PEXPIREAT k 9007199254740994 GT', 1], ['PEXPIRETIME k', 9007199254740994n], ['PEXPIREAT k 9007199254740991 LT', 1], ['PEXPIREAT k 9007199254740992 LT', 0], ['PEXPIREAT k 9007199254740992 GT', 1], ['PEXPIRETIME k', 9007199254740992n]] },
  { title: 'PEXPIREAT with the smallest 64-bit time deletes the key, with LT too', steps: [['MSET a 1 b 2', 'OK'], ['PEXPIREAT a -9223372036854775808', 1], ['PEXPIREAT b 9223372036854775807', 1], ['PEXPIREAT b -9223372036854775808 LT', 1], ['EXISTS a b', 0]] },
  { title: 'EXPIRETIME rounds exactly just below 2^53 milliseconds', steps: [['SET k v', 'OK'], ['PEXPIREAT k 9007199254740499', 1], ['EXPIRETIME k', 9007199254740], ['PEXPIREAT k 9007199254740991', 1], ['EXPIRETIME k', 9007199254741], ['PEXPIRETIME k', 9007199254740991]] },
  { title: 'TTL and friends reply -2 for a missing key', steps: [['TTL k', -2], ['PTTL k', -2], ['EXPIRETIME k', -2], ['PEXPIRETIME k', -2]] },
  { title: 'TTL and friends reply -1 for a key without expiry', steps: [['SET k v', 'OK'], ['TTL k', -1], ['PTTL k', -1], ['EXPIRETIME k', -1], ['PEXPIRETIME k', -1]] },
  { title: 'PERSIST removes the expiry and replies 1', steps: [['SET k v EX 100', 'OK'], ['PERSIST k', 1], ['TTL k', -1], ['PERSIST k', 0]] },
  { title: 'PERSIST of a missing key replies 0', steps: [['PERSIST k', 0]] },
  { title: 'Expiry commands check their arity', steps: [['EXPIRE k', err("ERR wrong number of arguments for 'expire' command")], ['PEXPIREAT k', err("ERR wrong number of arguments for 'pexpireat' command")], ['TTL', err("ERR wrong number of arguments for 'ttl' command")], ['PTTL a b', err("ERR wrong number of arguments for 'pttl' command")], ['EXPIRETIME', err("ERR wrong number of arguments for 'expiretime' command")], ['PERSIST a b', err("ERR wrong number of arguments for 'persist' command")]] },
];

export const EXPIRY: readonly CaseTable[] = [{ area: 'EXPIRE, TTL, PERSIST', cases: expire }];
