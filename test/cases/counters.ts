/**
 * Counters: INCR, DECR, INCRBY, DECRBY over Redis's signed 64-bit range, and
 * INCRBYFLOAT with Redis's long-double arithmetic and formatting. Integers
 * beyond 2^53 come back as exact bigints. Replies are redis-server 7.0.15's.
 */
import { err, type Case, type CaseTable } from './model.js';

const NOT_INTEGER = err('ERR value is not an integer or out of range');
const OVERFLOW = err('ERR increment or decrement would overflow');
const NOT_FLOAT = err('ERR value is not a valid float');
const NAN_OR_INF = err('ERR increment would produce NaN or Infinity');
const FUTURE_MS = 4102444800000;

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

const integers: Case[] = [
  { title: 'INCR of a missing key starts from 0', steps: [['INCR k', 1], ['INCR k', 2], ['GET k', '2']] },
  { title: 'DECR of a missing key starts from 0', steps: [['DECR k', -1], ['DECR k', -2], ['GET k', '-2']] },
  { title: 'INCRBY and DECRBY add and subtract any 64-bit amount', steps: [['INCRBY k 10', 10], ['DECRBY k 25', -15], ['INCRBY k -5', -20], ['DECRBY k -20', 0]] },
  { title: 'INCR works on a value set as text', steps: [['SET k 41', 'OK'], ['INCR k', 42], ['SET n -7', 'OK'], ['DECR n', -8]] },
  { title: 'INCR keeps the expiry', steps: [[`SET k 1 PXAT ${FUTURE_MS}`, 'OK'], ['INCR k', 2], ['PEXPIRETIME k', FUTURE_MS]] },
  { title: 'INCR of a value that is not a canonical integer is an error and changes nothing', steps: [['SET k abc', 'OK'], ['INCR k', NOT_INTEGER], ['GET k', 'abc'], ['SET k 1.5', 'OK'], ['INCR k', NOT_INTEGER], ['SET k 01', 'OK'], ['INCR k', NOT_INTEGER], [['SET', 'k', ' 5'], 'OK'], ['INCRBY k 1', NOT_INTEGER], ['SET k +5', 'OK'], ['INCR k', NOT_INTEGER], [['SET', 'k', ''], 'OK'], ['INCR k', NOT_INTEGER]] },
  { title: 'INCR of a value outside 64 bits is not an integer', steps: [['SET k 9223372036854775808', 'OK'], ['INCR k', NOT_INTEGER], ['SET k -9223372036854775809', 'OK'], ['DECR k', NOT_INTEGER]] },
  { title: 'INCRBY with an increment that is not an integer is an error', steps: [['INCRBY k abc', NOT_INTEGER], ['INCRBY k 1.0', NOT_INTEGER], ['DECRBY k 9223372036854775808', NOT_INTEGER], ['EXISTS k', 0]] },
  { title: 'INCR past the largest 64-bit integer would overflow', steps: [['SET k 9223372036854775807', 'OK'], ['INCR k', OVERFLOW], ['GET k', '9223372036854775807'], ['INCRBY k -1', 9223372036854775806n]] },
  { title: 'DECR past the smallest 64-bit integer would overflow', steps: [['SET k -9223372036854775808', 'OK'], ['DECR k', OVERFLOW], ['DECRBY k 1', OVERFLOW], ['INCRBY k -1', OVERFLOW]] },
  { title: 'INCRBY adding two large positives would overflow', steps: [['SET k 5000000000000000000', 'OK'], ['INCRBY k 5000000000000000000', OVERFLOW]] },
  { title: 'DECRBY of the smallest 64-bit integer would overflow before reading the key', steps: [['DECRBY k -9223372036854775808', err('ERR decrement would overflow')], ['EXISTS k', 0], ['SET k abc', 'OK'], ['DECRBY k -9223372036854775808', err('ERR decrement would overflow')]] },
  { title: 'INCRBY reaches both ends of the 64-bit range exactly', steps: [['INCRBY k 9223372036854775807', INT64_MAX], ['INCRBY j -9223372036854775808', INT64_MIN], ['GET j', '-9223372036854775808']] },
  { title: 'Integers beyond 2^53 come back as exact bigints', steps: [['SET k 9007199254740991', 'OK'], ['INCR k', 9007199254740992n], ['INCR k', 9007199254740993n], ['DECRBY k 2', 9007199254740991], ['SET n -9007199254740991', 'OK'], ['DECR n', -9007199254740992n]] },
  { title: 'INCR with the wrong number of arguments is an arity error', steps: [['INCR', err("ERR wrong number of arguments for 'incr' command")], ['INCRBY k', err("ERR wrong number of arguments for 'incrby' command")], ['DECRBY k 1 2', err("ERR wrong number of arguments for 'decrby' command")]] },
];

const floats: Case[] = [
  { title: 'INCRBYFLOAT of a missing key starts from 0', steps: [['INCRBYFLOAT k 10.5', '10.5'], ['GET k', '10.5']] },
  { title: 'INCRBYFLOAT adds in long double and prints the shortest form', steps: [['INCRBYFLOAT k 0.1', '0.1'], ['INCRBYFLOAT k 0.2', '0.3'], ['SET j 10.5', 'OK'], ['INCRBYFLOAT j 0.1', '10.6']] },
  { title: 'INCRBYFLOAT prints whole results without a fraction', steps: [['SET k 3', 'OK'], ['INCRBYFLOAT k 1.5', '4.5'], ['INCRBYFLOAT k 0.5', '5'], ['SET j 10.50', 'OK'], ['INCRBYFLOAT j 0', '10.5']] },
  { title: 'INCRBYFLOAT reads exponents and writes plain digits', steps: [['SET k 5.0e3', 'OK'], ['INCRBYFLOAT k 2.0e2', '5200'], ['INCRBYFLOAT j 2.5e3', '2500'], ['INCRBYFLOAT big 1e30', '1000000000000000000024696061952']] },
  { title: 'INCRBYFLOAT prints a tiny result as 0', steps: [['INCRBYFLOAT k 1.5e-20', '0'], ['INCRBYFLOAT z -0.0', '0']] },
  { title: 'INCRBYFLOAT accepts hexadecimal and negative increments', steps: [['INCRBYFLOAT k 0x10', '16'], ['INCRBYFLOAT k -20', '-4']] },
  { title: 'INCRBYFLOAT on an integer near 2^63 keeps 64 bits of precision', steps: [['SET k 9223372036854775806', 'OK'], ['INCRBYFLOAT k 1', '9223372036854775807']] },
  { title: 'INCRBYFLOAT keeps the expiry', steps: [[`SET k 1 PXAT ${FUTURE_MS}`, 'OK'], ['INCRBYFLOAT k 1.5', '2.5'], ['PEXPIRETIME k', FUTURE_MS]] },
  { title: 'INCRBYFLOAT with an increment that is not a float is an error', steps: [['INCRBYFLOAT k abc', NOT_FLOAT], [['INCRBYFLOAT', 'k', ' 1'], NOT_FLOAT], [['INCRBYFLOAT', 'k', '1 '], NOT_FLOAT], [['INCRBYFLOAT', 'k', ''], NOT_FLOAT], ['INCRBYFLOAT k nan', NOT_FLOAT], ['EXISTS k', 0]] },
  { title: 'INCRBYFLOAT on a value that is not a float is an error', steps: [['SET k 1e400x', 'OK'], ['INCRBYFLOAT k 1', NOT_FLOAT], ['GET k', '1e400x']] },
  { title: 'INCRBYFLOAT to infinity is refused', steps: [['INCRBYFLOAT k inf', NAN_OR_INF], ['INCRBYFLOAT k -inf', NAN_OR_INF], ['EXISTS k', 0]] },
  { title: 'INCRBYFLOAT refuses increments outside the long double range, overflow and underflow alike', steps: [['INCRBYFLOAT k 1e5000', NOT_FLOAT], ['INCRBYFLOAT k 5e-5000', NOT_FLOAT], ['EXISTS k', 0]] },
  { title: 'INCRBYFLOAT refuses a sum that overflows long double', steps: [['SET k 1e4932', 'OK'], ['INCRBYFLOAT k 1e4932', NAN_OR_INF], ['GET k', '1e4932']] },
  { title: 'INCRBYFLOAT prints the smallest double as 0', steps: [['INCRBYFLOAT k 4.9e-324', '0']] },
  { title: 'INCRBYFLOAT goes past the double range in long double', steps: [['SET k 1.7976931348623157e308', 'OK'], ['INCRBYFLOAT k 1.7976931348623157e308', '359538626972463139991842093548208868096772893888658356970628841530353257046248792709403737216774171128857586838851041378617416726902272110715794556052955234146997955372576789671236326588091188869859074894581254961338834769297758245552436667197907705664206565009503223382416235440319971852753604933726679072768']] },
];

export const COUNTERS: readonly CaseTable[] = [
  { area: 'INCR, DECR, INCRBY, DECRBY', cases: integers },
  { area: 'INCRBYFLOAT', cases: floats },
];
