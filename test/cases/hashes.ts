/**
 * Hash commands: HSET, HSETNX, HMSET, HGET, HMGET, HEXISTS, HSTRLEN, HLEN,
 * HKEYS, HVALS, HGETALL, HDEL, HINCRBY, HINCRBYFLOAT, HRANDFIELD and HSCAN,
 * their errors and WRONGTYPE, the generic commands on hashes (TYPE, EXISTS,
 * DEL, EXPIRE, RENAME, COPY, SCAN TYPE) and OBJECT ENCODING's listpack to
 * hashtable conversion. Every reply here is what redis-server 7.0.15 gives.
 *
 * Orders: a small hash is a listpack, which keeps fields in insertion order
 * in Redis and in both engines, so its replies compare exactly; a hashtable's
 * order is each side's own, so its replies compare as sets ({@link unordered},
 * {@link unorderedPairs}). Random replies are checked by what they may be
 * ({@link oneOf}, {@link drawnFrom}).
 */
import { drawnFrom, err, near, oneOf, satisfies, scanReply, unordered, unorderedPairs, type Case, type CaseTable } from './model.js';

const SYNTAX = err('ERR syntax error');
const NOT_INTEGER = err('ERR value is not an integer or out of range');
const NOT_FLOAT = err('ERR value is not a valid float');
const WRONGTYPE = err('WRONGTYPE Operation against a key holding the wrong kind of value');
const arity = (name: string) => err(`ERR wrong number of arguments for '${name}' command`);

/** HSET h f1 v1 ... fN vN: a hash of `n` fields named f1..fN with values v1..vN. */
function fieldsCommand(key: string, n: number, from = 1): string[] {
  const args = ['HSET', key];
  for (let i = from; i < from + n; i++) args.push(`f${i}`, `v${i}`);
  return args;
}

const set: Case[] = [
  { title: 'HSET creates a hash and replies how many fields are new', steps: [['HSET h a 1 b 2', 2], ['HGET h a', '1'], ['HGET h b', '2'], ['TYPE h', 'hash']] },
  { title: 'HSET of existing fields overwrites them and counts only new ones', steps: [['HSET h a 1 b 2', 2], ['HSET h a 10 c 3', 1], ['HGETALL h', ['a', '10', 'b', '2', 'c', '3']]] },
  { title: 'HSET with a field given twice keeps the last value and counts it once', steps: [['HSET h a 1 a 2', 1], ['HGET h a', '2'], ['HLEN h', 1]] },
  { title: 'HSET takes empty fields and values', steps: [[['HSET', 'h', '', ''], 1], [['HGET', 'h', ''], ''], [['HSTRLEN', 'h', ''], 0], ['HLEN h', 1]] },
  { title: 'HSET keeps non-ASCII fields and values intact', steps: [[['HSET', 'h', 'clé', 'ünïcödé ✓ 𝄞'], 1], [['HGET', 'h', 'clé'], 'ünïcödé ✓ 𝄞'], [['HSTRLEN', 'h', 'clé'], 20]] },
  { title: 'HSET with a field and no value is an arity error', steps: [['HSET h a', arity('hset')], ['HSET h a 1 b', arity('hset')], ['HSET h', arity('hset')], ['EXISTS h', 0]] },
  { title: 'HSET on a string is WRONGTYPE and changes nothing', steps: [['SET k v', 'OK'], ['HSET k a 1', WRONGTYPE], ['GET k', 'v']] },
  { title: 'HSETNX sets a missing field and leaves an existing one', steps: [['HSETNX h a 1', 1], ['HSETNX h a 2', 0], ['HGET h a', '1'], ['HSETNX h b 2', 1], ['HLEN h', 2]] },
  { title: 'HSETNX on a string is WRONGTYPE', steps: [['SET k v', 'OK'], ['HSETNX k a 1', WRONGTYPE]] },
  { title: 'HSETNX with the wrong number of arguments is an arity error', steps: [['HSETNX h a', arity('hsetnx')], ['HSETNX h a 1 2', arity('hsetnx')]] },
  { title: 'HMSET sets fields and replies OK', steps: [['HMSET h a 1 b 2', 'OK'], ['HMSET h a 3', 'OK'], ['HGETALL h', ['a', '3', 'b', '2']]] },
  { title: 'HMSET with an odd number of field arguments is an arity error', steps: [['HMSET h a', arity('hmset')], ['HMSET h a 1 b', arity('hmset')], ['EXISTS h', 0]] },
  { title: 'HMSET on a string is WRONGTYPE', steps: [['SET k v', 'OK'], ['HMSET k a 1', WRONGTYPE]] },
];

const read: Case[] = [
  { title: 'HGET of a missing field or key replies nil', steps: [['HSET h a 1', 1], ['HGET h b', null], ['HGET nokey a', null]] },
  { title: 'HGET on a string is WRONGTYPE', steps: [['SET k v', 'OK'], ['HGET k a', WRONGTYPE]] },
  { title: 'HMGET replies a value or nil for each field, in the order asked', steps: [['HSET h a 1 b 2', 2], ['HMGET h b nofield a b', ['2', null, '1', '2']], ['HMGET nokey a b', [null, null]]] },
  { title: 'HMGET on a string is WRONGTYPE', steps: [['SET k v', 'OK'], ['HMGET k a', WRONGTYPE], ['HMGET k', arity('hmget')]] },
  { title: 'HEXISTS replies 1 for a field and 0 for a missing field or key', steps: [['HSET h a 1', 1], ['HEXISTS h a', 1], ['HEXISTS h b', 0], ['HEXISTS nokey a', 0]] },
  { title: 'HEXISTS on a string is WRONGTYPE', steps: [['SET k v', 'OK'], ['HEXISTS k a', WRONGTYPE], ['HEXISTS k', arity('hexists')]] },
  { title: 'HSTRLEN replies the length in bytes of a value, 0 for a missing field or key', steps: [['HSET h a hello n 12345 e é', 3], ['HSTRLEN h a', 5], ['HSTRLEN h n', 5], ['HSTRLEN h e', 2], ['HSTRLEN h b', 0], ['HSTRLEN nokey a', 0]] },
  { title: 'HSTRLEN on a string is WRONGTYPE', steps: [['SET k v', 'OK'], ['HSTRLEN k a', WRONGTYPE]] },
  { title: 'HLEN counts the fields, 0 for a missing key', steps: [['HSET h a 1 b 2 c 3', 3], ['HLEN h', 3], ['HLEN nokey', 0]] },
  { title: 'HLEN on a string is WRONGTYPE', steps: [['SET k v', 'OK'], ['HLEN k', WRONGTYPE], ['HLEN', arity('hlen')]] },
  { title: 'HKEYS, HVALS and HGETALL list a small hash in insertion order', steps: [['HSET h z 1 a 2 m 3', 3], ['HKEYS h', ['z', 'a', 'm']], ['HVALS h', ['1', '2', '3']], ['HGETALL h', ['z', '1', 'a', '2', 'm', '3']]] },
  { title: 'Overwriting a field keeps its place in a small hash', steps: [['HSET h a 1 b 2 c 3', 3], ['HSET h a x', 0], ['HKEYS h', ['a', 'b', 'c']], ['HDEL h b', 1], ['HSET h b y', 1], ['HGETALL h', ['a', 'x', 'c', '3', 'b', 'y']]] },
  { title: 'HKEYS, HVALS and HGETALL of a missing key reply an empty list', steps: [['HKEYS nokey', []], ['HVALS nokey', []], ['HGETALL nokey', []]] },
  { title: 'HKEYS, HVALS and HGETALL on a string are WRONGTYPE', steps: [['SET k v', 'OK'], ['HKEYS k', WRONGTYPE], ['HVALS k', WRONGTYPE], ['HGETALL k', WRONGTYPE]] },
  { title: 'HGETALL of a large hash replies every pair', steps: [[fieldsCommand('h', 600), 600], ['HLEN h', 600], ['HGETALL h', unorderedPairs(Array.from({ length: 600 }, (_, i) => [`f${i + 1}`, `v${i + 1}`]).flat())]] },
  { title: 'Hash replies carry binary fields and values byte for byte', bytes: true, steps: [[['HSET', 'h', Uint8Array.of(0, 0xff), Uint8Array.of(0xc3, 0x28)], 1], [['HGET', 'h', Uint8Array.of(0, 0xff)], Uint8Array.of(0xc3, 0x28)], [['HGETALL', 'h'], [Uint8Array.of(0, 0xff), Uint8Array.of(0xc3, 0x28)]], [['HKEYS', 'h'], [Uint8Array.of(0, 0xff)]]] },
];

const del: Case[] = [
  { title: 'HDEL removes fields and replies how many existed', steps: [['HSET h a 1 b 2 c 3', 3], ['HDEL h a nofield a', 1], ['HDEL h b c', 2], ['HDEL nokey a', 0]] },
  { title: 'HDEL of the last field deletes the key', steps: [['HSET h a 1 b 2', 2], ['HDEL h a b', 2], ['EXISTS h', 0], ['TYPE h', 'none'], ['HLEN h', 0]] },
  { title: 'HDEL on a string is WRONGTYPE', steps: [['SET k v', 'OK'], ['HDEL k a', WRONGTYPE], ['HDEL k', arity('hdel')]] },
];

const incr: Case[] = [
  { title: 'HINCRBY adds to a field, starting a missing field or key at 0', steps: [['HINCRBY h n 5', 5], ['HINCRBY h n -7', -2], ['HINCRBY h m 1', 1], ['HGET h n', '-2']] },
  { title: 'HINCRBY reaches the 64-bit limits exactly', steps: [['HSET h n 9223372036854775806', 1], ['HINCRBY h n 1', 9223372036854775807n], ['HINCRBY h m -9223372036854775808', -9223372036854775808n], ['HGET h m', '-9223372036854775808']] },
  { title: 'HINCRBY past the 64-bit limits is an overflow and changes nothing', steps: [['HSET h n 9223372036854775807', 1], ['HINCRBY h n 1', err('ERR increment or decrement would overflow')], ['HSET h m -9223372036854775808', 1], ['HINCRBY h m -1', err('ERR increment or decrement would overflow')], ['HGET h n', '9223372036854775807']] },
  { title: 'HINCRBY of a value that is not an integer is an error', steps: [['HSET h a abc b 1.5 c 007 e 9223372036854775808', 4], ['HINCRBY h a 1', err('ERR hash value is not an integer')], ['HINCRBY h b 1', err('ERR hash value is not an integer')], ['HINCRBY h c 1', err('ERR hash value is not an integer')], ['HINCRBY h e 1', err('ERR hash value is not an integer')], ['HGET h a', 'abc']] },
  { title: 'HINCRBY with an increment that is not an integer is an error, read before the key', steps: [['SET k v', 'OK'], ['HINCRBY k a x', NOT_INTEGER], ['HINCRBY h a 1.5', NOT_INTEGER], ['HINCRBY h a 9223372036854775808', NOT_INTEGER], ['EXISTS h', 0], ['HINCRBY k a 1', WRONGTYPE]] },
  { title: 'HINCRBYFLOAT adds a decimal and replies the result as Redis prints it', steps: [['HINCRBYFLOAT h f 10.5', '10.5'], ['HINCRBYFLOAT h f 0.1', '10.6'], ['HINCRBYFLOAT h f -5', '5.6'], ['HINCRBYFLOAT h g 5.0e3', '5000'], ['HINCRBYFLOAT h i 3', '3'], ['HGET h f', '5.6'], ['HGET h g', '5000']] },
  { title: 'HINCRBYFLOAT reads integers, exponents and hex as strtold does', steps: [['HSET h a 7 b 1e2 c 0x10 d -0', 4], ['HINCRBYFLOAT h a 0.5', '7.5'], ['HINCRBYFLOAT h b 1', '101'], ['HINCRBYFLOAT h c 1', '17'], ['HINCRBYFLOAT h d 0', '0']] },
  { title: 'HINCRBYFLOAT of a value that is not a float is an error and changes nothing', steps: [['HSET h a abc b 1.5x c inf', 3], ['HINCRBYFLOAT h a 1', err('ERR hash value is not a float')], ['HINCRBYFLOAT h b 1', err('ERR hash value is not a float')], ['HGET h a', 'abc']] },
  { title: 'HINCRBYFLOAT to infinity is refused and changes nothing', steps: [['HSET h c inf', 1], ['HINCRBYFLOAT h c 1', err('ERR increment would produce NaN or Infinity')], ['HINCRBYFLOAT h d 1e4932', satisfies('a long decimal', (reply) => typeof reply === 'string' && reply.length === 4933)], ['HINCRBYFLOAT h d 1e4932', err('ERR increment would produce NaN or Infinity')], ['HGET h c', 'inf']] },
  { title: 'HINCRBYFLOAT with an increment that is not a float, or is infinite, is refused before the key is read', steps: [['SET k v', 'OK'], ['HINCRBYFLOAT k a x', NOT_FLOAT], ['HINCRBYFLOAT k a nan', NOT_FLOAT], ['HINCRBYFLOAT k a inf', err('ERR value is NaN or Infinity')], ['HINCRBYFLOAT h a -Infinity', err('ERR value is NaN or Infinity')], [['HINCRBYFLOAT', 'h', 'a', ' 1'], NOT_FLOAT], [['HINCRBYFLOAT', 'h', 'a', ''], NOT_FLOAT], ['EXISTS h', 0], ['HINCRBYFLOAT k a 1', WRONGTYPE]] },
  { title: 'HINCRBY and HINCRBYFLOAT with the wrong number of arguments are arity errors', steps: [['HINCRBY h a', arity('hincrby')], ['HINCRBYFLOAT h a', arity('hincrbyfloat')], ['HINCRBYFLOAT h a 1 2', arity('hincrbyfloat')]] },
  { title: 'HINCRBY and HINCRBYFLOAT keep the key expiry', steps: [['HSET h n 1', 1], ['EXPIRE h 100', 1], ['HINCRBY h n 1', 2], ['HINCRBYFLOAT h n 1.5', '3.5'], ['TTL h', near(100, 1)]] },
];

/** The fields and values of the hashes the HRANDFIELD cases draw from. */
const RAND_POOL = ['a', '1', 'b', '2', 'c', '3'];
const RAND_FIELDS = ['a', 'b', 'c'];

const randfield: Case[] = [
  { title: 'HRANDFIELD without a count replies one field, nil for a missing key', steps: [['HSET h a 1 b 2 c 3', 3], ['HRANDFIELD h', oneOf(...RAND_FIELDS)], ['HRANDFIELD nokey', null]] },
  { title: 'HRANDFIELD with a positive count replies that many distinct fields, at most all of them', steps: [['HSET h a 1 b 2 c 3', 3], ['HRANDFIELD h 2', drawnFrom(RAND_FIELDS, 2, { distinct: true })], ['HRANDFIELD h 3', unordered(RAND_FIELDS)], ['HRANDFIELD h 10', unordered(RAND_FIELDS)], ['HRANDFIELD h 1', drawnFrom(RAND_FIELDS, 1, { distinct: true })]] },
  { title: 'HRANDFIELD with a negative count replies that many fields, which may repeat', steps: [['HSET h a 1 b 2 c 3', 3], ['HRANDFIELD h -5', drawnFrom(RAND_FIELDS, 5, { distinct: false })], ['HRANDFIELD h -1', drawnFrom(RAND_FIELDS, 1, { distinct: false })]] },
  { title: 'HRANDFIELD WITHVALUES replies fields with their values', steps: [['HSET h a 1 b 2 c 3', 3], ['HRANDFIELD h 2 WITHVALUES', drawnFrom(RAND_POOL, 2, { distinct: true, pairs: true })], ['HRANDFIELD h 5 withvalues', unorderedPairs(RAND_POOL)], ['HRANDFIELD h -4 WITHVALUES', drawnFrom(RAND_POOL, 4, { distinct: false, pairs: true })]] },
  { title: 'HRANDFIELD with a count of 0 or on a missing key replies an empty list', steps: [['HSET h a 1', 1], ['HRANDFIELD h 0', []], ['HRANDFIELD h 0 WITHVALUES', []], ['HRANDFIELD nokey 3', []], ['HRANDFIELD nokey -3 WITHVALUES', []]] },
  { title: 'HRANDFIELD draws from a large hash', steps: [[fieldsCommand('h', 600), 600], ['HRANDFIELD h 5', satisfies('5 distinct fields of the hash', (reply) => Array.isArray(reply) && new Set(reply).size === 5 && reply.every((field) => /^f([1-9]|[1-9][0-9]|[1-5][0-9][0-9]|600)$/.test(String(field))))], ['HRANDFIELD h -700', satisfies('700 fields of the hash', (reply) => Array.isArray(reply) && reply.length === 700)], ['HRANDFIELD h 700', satisfies('every field once', (reply) => Array.isArray(reply) && new Set(reply).size === 600)]] },
  { title: 'HRANDFIELD reads its count before the options, and WITHVALUES is its only option', steps: [['HSET h a 1', 1], ['HRANDFIELD h abc', NOT_INTEGER], ['HRANDFIELD h abc FOO', NOT_INTEGER], ['HRANDFIELD h 1 FOO', SYNTAX], ['HRANDFIELD h 1 WITHVALUES x', SYNTAX], ['HRANDFIELD nokey 1 FOO', SYNTAX]] },
  { title: 'HRANDFIELD refuses the one count whose magnitude does not fit, and WITHVALUES counts beyond half the range', steps: [['HSET h a 1', 1], ['HRANDFIELD h -9223372036854775808', err('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807')], ['HRANDFIELD h 9223372036854775807 WITHVALUES', err('ERR value is out of range')], ['HRANDFIELD h -4611686018427387904 WITHVALUES', err('ERR value is out of range')], ['HRANDFIELD h 4611686018427387903 WITHVALUES', ['a', '1']], ['HRANDFIELD h 9223372036854775807', ['a']]] },
  { title: 'HRANDFIELD on a string is WRONGTYPE, with or without a count', steps: [['SET k v', 'OK'], ['HRANDFIELD k', WRONGTYPE], ['HRANDFIELD k 0', WRONGTYPE], ['HRANDFIELD k 2 WITHVALUES', WRONGTYPE]] },
];

const scan: Case[] = [
  { title: 'HSCAN of a small hash replies every pair at once with cursor 0', steps: [['HSET h a 1 b 2 c 3', 3], ['HSCAN h 0', ['0', ['a', '1', 'b', '2', 'c', '3']]], ['HSCAN h 0 COUNT 1', ['0', ['a', '1', 'b', '2', 'c', '3']]]] },
  { title: 'HSCAN MATCH filters fields by a glob pattern', steps: [['HSET h apple 1 banana 2 avocado 3', 3], ['HSCAN h 0 MATCH a*', ['0', ['apple', '1', 'avocado', '3']]], ['HSCAN h 0 MATCH *an* COUNT 100', ['0', ['banana', '2']]], ['HSCAN h 0 MATCH 1', ['0', []]]] },
  { title: 'HSCAN MATCH * returns every field, the empty one too, which no other pattern matches', steps: [[['HSET', 'h', '', 'e', 'a', '1'], 2], ['HSCAN h 0 MATCH *', ['0', ['', 'e', 'a', '1']]], ['HSCAN h 0 MATCH *a', ['0', ['a', '1']]]] },
  { title: 'HSCAN of a missing key replies an empty scan, whatever follows the cursor', steps: [['HSCAN nokey 0', ['0', []]], ['HSCAN nokey 0 FOO', ['0', []]], ['HSCAN nokey 0 COUNT 0', ['0', []]]] },
  { title: 'HSCAN reads the cursor first, then the key, then the options', steps: [['HSET h a 1', 1], ['SET k v', 'OK'], ['HSCAN nokey abc', err('ERR invalid cursor')], ['HSCAN k 0 FOO', WRONGTYPE], ['HSCAN h 0 FOO', SYNTAX], ['HSCAN h 0 COUNT 0', SYNTAX], ['HSCAN h 0 COUNT', SYNTAX], ['HSCAN h 0 COUNT x', NOT_INTEGER], ['HSCAN h 0 TYPE string', SYNTAX], ['HSCAN h 18446744073709551616', err('ERR invalid cursor')]] },
  { title: 'HSCAN with the wrong number of arguments is an arity error', steps: [['HSCAN h', arity('hscan')]] },
  { title: 'HSCAN of a large hash with MATCH finds exactly the matching pairs', steps: [[fieldsCommand('h', 600), 600], ['HSCAN h 0 MATCH f59? COUNT 10000', scanReply('0', ['f590', 'v590', 'f591', 'v591', 'f592', 'v592', 'f593', 'v593', 'f594', 'v594', 'f595', 'v595', 'f596', 'v596', 'f597', 'v597', 'f598', 'v598', 'f599', 'v599'])]] },
];

const keyspace: Case[] = [
  { title: 'TYPE, EXISTS and DEL see a hash', steps: [['HSET h a 1', 1], ['TYPE h', 'hash'], ['EXISTS h', 1], ['DEL h', 1], ['EXISTS h', 0], ['HGET h a', null]] },
  { title: 'A hash keeps its expiry when its fields change', steps: [['HSET g a 1', 1], ['EXPIRE g 100', 1], ['TTL g', near(100, 1)], ['HSET g b 2', 1], ['HDEL g a', 1], ['TTL g', near(100, 1)]] },
  { title: 'A hash set to expire in the past is deleted', steps: [['HSET h a 1', 1], ['EXPIREAT h 1', 1], ['EXISTS h', 0], ['HLEN h', 0]] },
  { title: 'RENAME moves a hash with its expiry', steps: [['HSET h a 1 b 2', 2], ['EXPIRE h 100', 1], ['RENAME h g', 'OK'], ['EXISTS h', 0], ['HGETALL g', ['a', '1', 'b', '2']], ['TTL g', near(100, 1)]] },
  { title: 'RENAME of a hash onto a string replaces it', steps: [['HSET h a 1', 1], ['SET s v', 'OK'], ['RENAME h s', 'OK'], ['TYPE s', 'hash'], ['RENAMENX s h', 1]] },
  { title: 'COPY duplicates a hash; the copy changes on its own', steps: [['HSET h a 1 b 2', 2], ['COPY h g', 1], ['HSET g a 9', 0], ['HGET h a', '1'], ['HGETALL g', ['a', '9', 'b', '2']], ['COPY h g', 0], ['COPY h g REPLACE', 1], ['HGET g a', '1']] },
  { title: 'SCAN TYPE hash finds the hashes', steps: [['HSET h1 a 1', 1], ['HSET h2 a 1', 1], ['SET s v', 'OK'], ['SCAN 0 TYPE hash COUNT 100', scanReply('0', ['h1', 'h2'])], ['SCAN 0 TYPE string COUNT 100', scanReply('0', ['s'])]] },
  { title: 'String commands on a hash are WRONGTYPE', steps: [['HSET h a 1', 1], ['GET h', WRONGTYPE], ['APPEND h x', WRONGTYPE], ['INCR h', WRONGTYPE], ['SET h v', 'OK'], ['TYPE h', 'string']] },
];

const encoding: Case[] = [
  { title: 'OBJECT ENCODING of a missing key replies nil', steps: [['OBJECT ENCODING nokey', null]] },
  { title: 'OBJECT ENCODING names a string by its content', steps: [['SET a 12345', 'OK'], ['SET b hello', 'OK'], [['SET', 'c', 'x'.repeat(45)], 'OK'], ['OBJECT ENCODING a', 'int'], ['OBJECT ENCODING b', 'embstr'], ['OBJECT ENCODING c', 'raw']] },
  { title: 'A hash is a listpack up to 512 fields and a hashtable from the 513th', steps: [[fieldsCommand('h', 512), 512], ['OBJECT ENCODING h', 'listpack'], ['HSET h f513 v', 1], ['OBJECT ENCODING h', 'hashtable'], ['HLEN h', 513]] },
  { title: 'A hash created with 513 fields at once is a hashtable', steps: [[fieldsCommand('h', 513), 513], ['OBJECT ENCODING h', 'hashtable']] },
  { title: 'A value of 64 bytes stays in a listpack and one of 65 converts the hash', steps: [[['HSET', 'h', 'a', 'x'.repeat(64)], 1], ['OBJECT ENCODING h', 'listpack'], [['HSET', 'h', 'b', 'x'.repeat(65)], 1], ['OBJECT ENCODING h', 'hashtable'], [['HSTRLEN', 'h', 'b'], 65]] },
  { title: 'A field of 65 bytes converts the hash too', steps: [[['HSET', 'h', 'y'.repeat(65), '1'], 1], ['OBJECT ENCODING h', 'hashtable'], [['HSETNX', 'g', 'y'.repeat(65), '1'], 1], ['OBJECT ENCODING g', 'hashtable']] },
  { title: 'HINCRBYFLOAT that writes a long result converts the hash', steps: [['HINCRBYFLOAT h f 1e70', satisfies('a 71-digit decimal', (reply) => typeof reply === 'string' && reply.length === 71)], ['OBJECT ENCODING h', 'hashtable']] },
  { title: 'A hashtable stays a hashtable when it shrinks', steps: [[fieldsCommand('h', 513), 513], ['HDEL h f1 f2 f3 f4 f5 f6 f7 f8 f9 f10', 10], ['HLEN h', 503], ['OBJECT ENCODING h', 'hashtable']] },
  { title: 'A hashtable hash answers every command', steps: [[fieldsCommand('h', 513), 513], ['HGET h f77', 'v77'], ['HMGET h f1 nofield f513', ['v1', null, 'v513']], ['HEXISTS h f300', 1], ['HSTRLEN h f513', 4], ['HINCRBY h n 5', 5], ['HSETNX h f1 x', 0], ['HDEL h f1 n', 2], ['HLEN h', 512], ['HKEYS h', satisfies('512 fields', (reply) => Array.isArray(reply) && new Set(reply).size === 512)]] },
  { title: 'COPY and RENAME keep a hash encoding', steps: [[fieldsCommand('h', 513), 513], ['HSET small a 1', 1], ['COPY h h2', 1], ['COPY small small2', 1], ['OBJECT ENCODING h2', 'hashtable'], ['OBJECT ENCODING small2', 'listpack'], ['RENAME h h3', 'OK'], ['OBJECT ENCODING h3', 'hashtable']] },
  { title: 'OBJECT with an unknown subcommand or the wrong arity is an error', steps: [['OBJECT FOO', err("ERR unknown subcommand 'FOO'. Try OBJECT HELP.")], ['OBJECT ENCODING', arity('object|encoding')], ['OBJECT ENCODING a b', arity('object|encoding')], ['OBJECT', arity('object')]] },
];

export const HASHES: readonly CaseTable[] = [
  { area: 'HSET, HSETNX, HMSET', cases: set },
  { area: 'HGET, HMGET, HEXISTS, HSTRLEN, HLEN, HKEYS, HVALS, HGETALL', cases: read },
  { area: 'HDEL', cases: del },
  { area: 'HINCRBY, HINCRBYFLOAT', cases: incr },
  { area: 'HRANDFIELD', cases: randfield },
  { area: 'HSCAN', cases: scan },
  { area: 'Hashes in the keyspace', cases: keyspace },
  { area: 'OBJECT ENCODING of strings and hashes', cases: encoding },
];
