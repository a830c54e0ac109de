/**
 * Integer arguments at their boundaries, through every reader: INCRBY and
 * DECRBY deltas, GETRANGE and SETRANGE offsets, SET/SETEX/PSETEX/GETEX
 * expiry amounts, the EXPIRE family's times, SCAN COUNT and MEMORY USAGE
 * SAMPLES. Each is read with Redis's string2ll rules (src/engine/integer.ts)
 * and kept exact over the whole signed 64-bit range: a number while
 * |n| <= 2^53 - 1 and a bigint beyond, with no rounding where a value or a
 * product crosses 2^53. The values: 2^53 - 1, 2^53, 2^53 + 1 (and their
 * negatives), 2^63 - 1, -2^63, one past each, "-0", "+1", leading zeros, 20
 * and 21 bytes, and the seconds that overflow milliseconds (INT64_MAX / 1000
 * and one more). Replies are redis-server 7.0.15's.
 */
import { err, near, satisfies, type Case, type CaseTable } from './model.js';

const NOT_INTEGER = err('ERR value is not an integer or out of range');
const OVERFLOW = err('ERR increment or decrement would overflow');
const SYNTAX = err('ERR syntax error');
const TOO_LONG = err('ERR string exceeds maximum allowed size (proto-max-bulk-len)');
const OFFSET = err('ERR offset is out of range');
const invalid = (command: string) => err(`ERR invalid expire time in '${command}' command`);

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** Spellings string2ll refuses, each next to the value it would be. */
const NOT_CANONICAL = ['-0', '+1', '01', '-01', '007', '00', '99999999999999999999', '00000000000000000001', '-12345678901234567890', '123456789012345678901'];

/** A reply that is a number or a bigint within [low, high], for times measured from a moving clock. */
function between(low: bigint, high: bigint) {
  return satisfies(`an integer in [${low}, ${high}]`, (actual) => (typeof actual === 'number' || typeof actual === 'bigint') && BigInt(actual) >= low && BigInt(actual) <= high);
}

const deltas: Case[] = [
  {
    title: 'INCRBY replies its delta exactly on both sides of 2^53 and at both ends of 64 bits',
    steps: [
      ['INCRBY a 9007199254740991', 9007199254740991],
      ['INCRBY b 9007199254740992', 9007199254740992n],
      ['INCRBY c 9007199254740993', 9007199254740993n],
      ['INCRBY d -9007199254740991', -9007199254740991],
      ['INCRBY e -9007199254740992', -9007199254740992n],
      ['INCRBY f -9007199254740993', -9007199254740993n],
      ['INCRBY g 9223372036854775807', INT64_MAX],
      ['INCRBY h -9223372036854775808', INT64_MIN],
      ['MGET c f g h', ['9007199254740993', '-9007199254740993', '9223372036854775807', '-9223372036854775808']],
    ],
  },
  {
    title: 'INCRBY with a delta of 2^53 + 1 adds exactly and replies a bigint',
    steps: [
      ['SET k 1', 'OK'],
      ['INCRBY k 9007199254740993', 9007199254740994n],
      ['INCRBY k -9007199254740993', 1],
      ['SET k 9007199254740993', 'OK'],
      ['INCRBY k 9007199254740993', 18014398509481986n],
      ['INCRBY k -18014398509481987', -1],
      ['DECRBY k 9007199254740993', -9007199254740994n],
      ['DECRBY k -9007199254740993', -1],
      ['GET k', '-1'],
    ],
  },
  {
    title: 'INCRBY of two safe integers whose sum passes 2^53 is not rounded',
    steps: [
      ['SET k 9007199254740991', 'OK'],
      ['INCRBY k 2', 9007199254740993n],
      ['INCRBY k -2', 9007199254740991],
      ['SET k -9007199254740991', 'OK'],
      ['DECRBY k 2', -9007199254740993n],
      ['SET k 4503599627370497', 'OK'],
      ['INCRBY k 4503599627370497', 9007199254740994n],
      ['GET k', '9007199254740994'],
    ],
  },
  {
    title: 'INCRBY from a bigint value reaches -2^63 exactly and overflows one past either end',
    steps: [
      ['SET k 9007199254740993', 'OK'],
      ['INCRBY k 9223372036854775807', OVERFLOW],
      ['INCRBY k -9223372036854775808', -9214364837600034815n],
      ['DECRBY k 9007199254740993', INT64_MIN],
      ['DECRBY k 1', OVERFLOW],
      ['DECRBY j 9223372036854775807', -INT64_MAX],
      ['DECRBY j 1', INT64_MIN],
      ['DECRBY j 1', OVERFLOW],
      ['GET j', '-9223372036854775808'],
    ],
  },
  {
    title: 'INCRBY and DECRBY refuse a delta one past 64 bits and every non-canonical spelling',
    steps: [
      ['INCRBY k 9223372036854775808', NOT_INTEGER],
      ['INCRBY k -9223372036854775809', NOT_INTEGER],
      ['DECRBY k 9223372036854775808', NOT_INTEGER],
      ...NOT_CANONICAL.map((text): [string, unknown] => [`INCRBY k ${text}`, NOT_INTEGER]),
      ...NOT_CANONICAL.map((text): [string, unknown] => [`DECRBY k ${text}`, NOT_INTEGER]),
      ['EXISTS k', 0],
      ['INCRBY k 0', 0],
      ['DECRBY k 0', 0],
      ['GET k', '0'],
    ],
  },
];

const offsets: Case[] = [
  {
    title: 'GETRANGE takes offsets over the whole 64-bit range',
    steps: [
      ['SET k hello', 'OK'],
      ['GETRANGE k 0 9223372036854775807', 'hello'],
      ['GETRANGE k -9223372036854775808 -1', 'hello'],
      ['GETRANGE k -9223372036854775808 9223372036854775807', 'hello'],
      ['GETRANGE k 9007199254740993 9007199254740993', ''],
      ['GETRANGE k -9007199254740993 1', 'he'],
      ['GETRANGE k 1 9007199254740992', 'ello'],
    ],
  },
  {
    title: 'GETRANGE refuses an offset one past 64 bits and every non-canonical spelling',
    steps: [
      ['SET k hello', 'OK'],
      ['GETRANGE k 0 9223372036854775808', NOT_INTEGER],
      ['GETRANGE k -9223372036854775809 1', NOT_INTEGER],
      ...NOT_CANONICAL.map((text): [string, unknown] => [`GETRANGE k ${text} 2`, NOT_INTEGER]),
      ...NOT_CANONICAL.map((text): [string, unknown] => [`GETRANGE k 0 ${text}`, NOT_INTEGER]),
    ],
  },
  {
    title: 'SETRANGE refuses negative offsets and offsets past 512 MiB, up to the ends of 64 bits',
    steps: [
      ['SET k hello', 'OK'],
      ['SETRANGE k -1 x', OFFSET],
      ['SETRANGE k -9223372036854775808 x', OFFSET],
      ['SETRANGE k 9223372036854775807 x', TOO_LONG],
      ['SETRANGE k 9007199254740993 x', TOO_LONG],
      ['SETRANGE k 9007199254740991 x', TOO_LONG],
      ['SETRANGE k 9223372036854775808 x', NOT_INTEGER],
      ...NOT_CANONICAL.map((text): [string, unknown] => [`SETRANGE k ${text} x`, NOT_INTEGER]),
      ['SETRANGE k 0 j', 5],
      ['GET k', 'jello'],
    ],
  },
];

const expiries: Case[] = [
  {
    title: 'SET EXAT and PXAT store times on both sides of 2^53 ms exactly',
    steps: [
      ['SET k v PXAT 9007199254740991', 'OK'],
      ['PEXPIRETIME k', 9007199254740991],
      ['SET k v PXAT 9007199254740992', 'OK'],
      ['PEXPIRETIME k', 9007199254740992n],
      ['SET k v PXAT 9007199254740993', 'OK'],
      ['PEXPIRETIME k', 9007199254740993n],
      ['SET k v EXAT 9007199254740', 'OK'],
      ['PEXPIRETIME k', 9007199254740000],
      ['SET k v EXAT 9007199254741', 'OK'],
      ['PEXPIRETIME k', 9007199254741000n],
      ['SET k v EXAT 9007199254740993', 'OK'],
      ['PEXPIRETIME k', 9007199254740993000n],
      ['EXPIRETIME k', 9007199254740993n],
    ],
  },
  {
    title: 'SET EXAT takes INT64_MAX / 1000 seconds and refuses one more',
    steps: [
      ['SET k v EXAT 9223372036854775', 'OK'],
      ['PEXPIRETIME k', 9223372036854775000n],
      ['SET k v EXAT 9223372036854776', invalid('set')],
      ['PEXPIRETIME k', 9223372036854775000n],
      ['SET k v PXAT 9223372036854775808', NOT_INTEGER],
      ['GET k', 'v'],
    ],
  },
  {
    title: 'SET EX, SETEX and GETEX EX overflow from now at INT64_MAX / 1000 seconds and one more',
    steps: [
      ['SET k v EX 9223372036854775', invalid('set')],
      ['SET k v EX 9223372036854776', invalid('set')],
      ['SETEX k 9223372036854775 v', invalid('setex')],
      ['SETEX k 9223372036854776 v', invalid('setex')],
      ['PSETEX k 9223372036854775807 v', invalid('psetex')],
      ['SET k v', 'OK'],
      ['GETEX k EX 9223372036854775', invalid('getex')],
      ['GETEX k EXAT 9223372036854776', invalid('getex')],
      ['GETEX k EXAT 9223372036854775', 'v'],
      ['PEXPIRETIME k', 9223372036854775000n],
    ],
  },
  {
    title: 'SET EX of 2^53 - 1 and 2^53 seconds is a time beyond 2^53 ms, stored exactly',
    steps: [
      ['SET k v EX 9007199254740991', 'OK'],
      ['TTL k', near(9007199254740991, 1)],
      ['PEXPIRETIME k', between(9007199254740991000n, 9007199254740991000n + 2n ** 42n)],
      ['SETEX k 9007199254740992 v', 'OK'],
      ['TTL k', between(9007199254740991n, 9007199254740992n)],
      ['PSETEX k 9007199254740993 v', 'OK'],
      ['PTTL k', between(9007199254740993n - 60_000n, 9007199254740993n)],
    ],
  },
  {
    title: 'SET EX, SETEX, PSETEX and GETEX refuse zero, negative times, one past 64 bits and non-canonical spellings',
    steps: [
      ['SET k v EX 0', invalid('set')],
      ['SET k v PX -1', invalid('set')],
      ['SET k v EXAT -9223372036854775808', invalid('set')],
      ['SETEX k -9007199254740993 v', invalid('setex')],
      ['PSETEX k 0 v', invalid('psetex')],
      ['SET k v EX 9223372036854775808', NOT_INTEGER],
      ['SETEX k -9223372036854775809 v', NOT_INTEGER],
      ...NOT_CANONICAL.map((text): [string, unknown] => [`SET k v EX ${text}`, NOT_INTEGER]),
      ...NOT_CANONICAL.map((text): [string, unknown] => [`PSETEX k ${text} v`, NOT_INTEGER]),
      ['EXISTS k', 0],
      ['SET k v', 'OK'],
      ['GETEX k PX 0', invalid('getex')],
      ['GETEX k PXAT -1', invalid('getex')],
      ...NOT_CANONICAL.map((text): [string, unknown] => [`GETEX k EX ${text}`, NOT_INTEGER]),
      ['TTL k', -1],
    ],
  },
  {
    title: 'EXPIRE with a negative time deletes the key, down to -INT64_MAX / 1000 seconds and -2^63 ms',
    steps: [
      ['MSET a 1 b 2 c 3 d 4 e 5', 'OK'],
      ['EXPIRE a -1', 1],
      ['EXPIRE b -9007199254740993', 1],
      ['EXPIRE c -9223372036854775', 1],
      ['PEXPIRE d -9223372036854775808', 1],
      ['PEXPIRE e -9007199254740992', 1],
      ['DBSIZE', 0],
      ['EXPIRE a -1', 0],
    ],
  },
  {
    title: 'EXPIRE refuses seconds whose milliseconds overflow, one past 64 bits and non-canonical spellings',
    steps: [
      ['SET k v', 'OK'],
      ['EXPIRE k -9223372036854776', invalid('expire')],
      ['EXPIRE k 9223372036854776', invalid('expire')],
      ['EXPIREAT k -9223372036854776', invalid('expireat')],
      ['PEXPIRE k -9223372036854775809', NOT_INTEGER],
      ['PEXPIREAT k 9223372036854775808', NOT_INTEGER],
      ...NOT_CANONICAL.map((text): [string, unknown] => [`EXPIRE k ${text}`, NOT_INTEGER]),
      ...NOT_CANONICAL.map((text): [string, unknown] => [`PEXPIREAT k ${text}`, NOT_INTEGER]),
      ['TTL k', -1],
    ],
  },
  {
    title: 'EXPIRE and PEXPIRE store relative times on both sides of 2^53 ms',
    steps: [
      ['SET k v', 'OK'],
      ['EXPIRE k 9007199254740', 1],
      ['TTL k', near(9007199254740, 1)],
      ['EXPIRE k 9007199254741', 1],
      ['TTL k', near(9007199254741, 1)],
      ['PEXPIRE k 9007199254740993', 1],
      ['PTTL k', between(9007199254740993n - 60_000n, 9007199254740993n)],
      ['EXPIREAT k 9007199254740993', 1],
      ['EXPIRETIME k', 9007199254740993n],
      ['PEXPIRETIME k', 9007199254740993000n],
    ],
  },
];

const counts: Case[] = [
  {
    title: 'SCAN COUNT takes any positive 64-bit count and refuses the rest',
    steps: [
      ['SET k v', 'OK'],
      ['SCAN 0 COUNT 9223372036854775807', ['0', ['k']]],
      ['SCAN 0 COUNT 9007199254740993', ['0', ['k']]],
      ['SCAN 0 COUNT -9223372036854775808', SYNTAX],
      ['SCAN 0 COUNT 9223372036854775808', NOT_INTEGER],
      ...NOT_CANONICAL.map((text): [string, unknown] => [`SCAN 0 COUNT ${text}`, NOT_INTEGER]),
    ],
  },
  {
    title: 'MEMORY USAGE SAMPLES takes any count from 0 to 2^63 - 1',
    steps: [
      ['SET k v', 'OK'],
      ['MEMORY USAGE k SAMPLES 9223372036854775807', satisfies('a positive number', (n) => typeof n === 'number' && n > 0)],
      ['MEMORY USAGE k SAMPLES -9223372036854775808', SYNTAX],
      ['MEMORY USAGE k SAMPLES 9223372036854775808', NOT_INTEGER],
      ['MEMORY USAGE k SAMPLES -0', NOT_INTEGER],
    ],
  },
];

export const INTEGERS: readonly CaseTable[] = [
  { area: 'integer arguments: INCRBY and DECRBY deltas', cases: deltas },
  { area: 'integer arguments: GETRANGE and SETRANGE offsets', cases: offsets },
  { area: 'integer arguments: expiry amounts and times', cases: expiries },
  { area: 'integer arguments: counts', cases: counts },
];
