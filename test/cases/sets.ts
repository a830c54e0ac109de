/**
 * Set commands: SADD, SREM, SISMEMBER, SMISMEMBER, SCARD, SMEMBERS, SPOP,
 * SRANDMEMBER, SMOVE, SUNION, SINTER, SDIFF, their STORE forms,
 * SINTERCARD and SSCAN, their errors and WRONGTYPE, the generic commands on
 * sets and OBJECT ENCODING's intset to hashtable conversion. Every reply
 * here is what redis-server 7.0.15 gives.
 *
 * Orders: an intset is sorted (in Redis and in both engines), so replies
 * from one compare exactly where a case says so; any other set's order is
 * each side's own, so member lists compare as sets ({@link unordered}).
 * Random replies are checked by what they may be ({@link oneOf},
 * {@link drawnFrom}).
 */
import { drawnFrom, err, near, oneOf, satisfies, scanReply, unordered, type Case, type CaseTable } from './model.js';

const SYNTAX = err('ERR syntax error');
const NOT_INTEGER = err('ERR value is not an integer or out of range');
const WRONGTYPE = err('WRONGTYPE Operation against a key holding the wrong kind of value');
const arity = (name: string) => err(`ERR wrong number of arguments for '${name}' command`);

/** SADD key m1 ... mN with members `prefix`1..`prefix`N (integers when the prefix is empty). */
function membersCommand(key: string, n: number, prefix = '', from = 1): string[] {
  const args = ['SADD', key];
  for (let i = from; i < from + n; i++) args.push(`${prefix}${i}`);
  return args;
}

const add: Case[] = [
  { title: 'SADD creates a set and replies how many members are new', steps: [['SADD s a b c', 3], ['SADD s a d a', 1], ['SCARD s', 4], ['TYPE s', 'set']] },
  { title: 'SADD takes an empty member and non-ASCII members', steps: [[['SADD', 's', '', 'ünï ✓'], 2], [['SISMEMBER', 's', ''], 1], [['SISMEMBER', 's', 'ünï ✓'], 1]] },
  { title: 'SADD on a string is WRONGTYPE and changes nothing', steps: [['SET k v', 'OK'], ['SADD k a', WRONGTYPE], ['GET k', 'v'], ['SADD k', arity('sadd')]] },
  { title: 'SREM removes members and replies how many were there', steps: [['SADD s a b c', 3], ['SREM s a nope a', 1], ['SREM s b c', 2], ['SREM nokey a', 0]] },
  { title: 'SREM of the last member deletes the key', steps: [['SADD s 1 2', 2], ['SREM s 1 2', 2], ['EXISTS s', 0], ['TYPE s', 'none'], ['SCARD s', 0]] },
  { title: 'SREM on a string is WRONGTYPE', steps: [['SET k v', 'OK'], ['SREM k a', WRONGTYPE], ['SREM k', arity('srem')]] },
];

const read: Case[] = [
  { title: 'SISMEMBER replies 1 for a member and 0 otherwise', steps: [['SADD s a 1', 2], ['SISMEMBER s a', 1], ['SISMEMBER s 1', 1], ['SISMEMBER s b', 0], ['SISMEMBER s 01', 0], ['SISMEMBER nokey a', 0]] },
  { title: 'SISMEMBER on a string is WRONGTYPE', steps: [['SET k v', 'OK'], ['SISMEMBER k a', WRONGTYPE], ['SISMEMBER k', arity('sismember')]] },
  { title: 'SMISMEMBER replies 1 or 0 for each value, in the order asked', steps: [['SADD s a b', 2], ['SMISMEMBER s b x a a', [1, 0, 1, 1]], ['SMISMEMBER nokey a b', [0, 0]]] },
  { title: 'SMISMEMBER on a string is WRONGTYPE', steps: [['SET k v', 'OK'], ['SMISMEMBER k a', WRONGTYPE], ['SMISMEMBER s', arity('smismember')]] },
  { title: 'SCARD counts the members, 0 for a missing key', steps: [['SADD s a b c', 3], ['SCARD s', 3], ['SCARD nokey', 0]] },
  { title: 'SCARD on a string is WRONGTYPE', steps: [['SET k v', 'OK'], ['SCARD k', WRONGTYPE]] },
  { title: 'SMEMBERS lists the members, an empty list for a missing key', steps: [['SADD s c a b', 3], ['SMEMBERS s', unordered(['a', 'b', 'c'])], ['SMEMBERS nokey', []]] },
  { title: 'SMEMBERS of a set of integers lists them in ascending order', steps: [['SADD s 10 -3 7 0 9223372036854775807 -9223372036854775808', 6], ['SMEMBERS s', ['-9223372036854775808', '-3', '0', '7', '10', '9223372036854775807']]] },
  { title: 'SMEMBERS on a string is WRONGTYPE', steps: [['SET k v', 'OK'], ['SMEMBERS k', WRONGTYPE]] },
  { title: 'Set replies carry binary members byte for byte', bytes: true, steps: [[['SADD', 's', Uint8Array.of(0, 0xff)], 1], [['SMEMBERS', 's'], [Uint8Array.of(0, 0xff)]], [['SISMEMBER', 's', Uint8Array.of(0, 0xff)], 1], [['SPOP', 's'], Uint8Array.of(0, 0xff)]] },
];

const POOL = ['a', 'b', 'c'];

const random: Case[] = [
  { title: 'SPOP removes and replies a random member, nil for a missing key', steps: [['SADD s a b c', 3], ['SPOP s', oneOf(...POOL)], ['SCARD s', 2], ['SPOP nokey', null]] },
  { title: 'SPOP of the last member deletes the key', steps: [['SADD s a', 1], ['SPOP s', 'a'], ['EXISTS s', 0]] },
  { title: 'SPOP with a count removes that many distinct members, at most all of them', steps: [['SADD s a b c', 3], ['SPOP s 2', drawnFrom(POOL, 2, { distinct: true })], ['SCARD s', 1], ['SPOP s 5', drawnFrom(POOL, 1, { distinct: true })], ['EXISTS s', 0], ['SPOP s 2', []]] },
  { title: 'SPOP with a count that takes the whole set empties it', steps: [[membersCommand('s', 20), 20], ['SPOP s 20', unordered(Array.from({ length: 20 }, (_, i) => String(i + 1)))], ['EXISTS s', 0]] },
  { title: 'SPOP with a count of 0 pops nothing', steps: [['SADD s a', 1], ['SPOP s 0', []], ['SCARD s', 1], ['SPOP nokey 0', []]] },
  { title: 'SPOP refuses a negative or non-integer count, and more arguments', steps: [['SADD s a', 1], ['SPOP s -1', err('ERR value is out of range, must be positive')], ['SPOP s abc', err('ERR value is out of range, must be positive')], ['SPOP s 1 2', SYNTAX], ['SPOP s abc 2', SYNTAX], ['SCARD s', 1]] },
  { title: 'SPOP on a string is WRONGTYPE, with or without a count', steps: [['SET k v', 'OK'], ['SPOP k', WRONGTYPE], ['SPOP k 0', WRONGTYPE], ['SPOP k 2', WRONGTYPE]] },
  { title: 'SPOP draws from a large set and removes what it replies', steps: [[membersCommand('s', 600, 'm'), 600], ['SPOP s 550', satisfies('550 distinct members', (reply) => Array.isArray(reply) && new Set(reply).size === 550)], ['SCARD s', 50], ['SPOP s 10', satisfies('10 distinct members', (reply) => Array.isArray(reply) && new Set(reply).size === 10)], ['SCARD s', 40]] },
  { title: 'SRANDMEMBER replies a random member without removing it, nil for a missing key', steps: [['SADD s a b c', 3], ['SRANDMEMBER s', oneOf(...POOL)], ['SCARD s', 3], ['SRANDMEMBER nokey', null]] },
  { title: 'SRANDMEMBER with a positive count replies distinct members, at most all of them', steps: [['SADD s a b c', 3], ['SRANDMEMBER s 2', drawnFrom(POOL, 2, { distinct: true })], ['SRANDMEMBER s 3', unordered(POOL)], ['SRANDMEMBER s 10', unordered(POOL)], ['SRANDMEMBER s 9223372036854775807', unordered(POOL)]] },
  { title: 'SRANDMEMBER with a negative count replies that many members, which may repeat', steps: [['SADD s a b c', 3], ['SRANDMEMBER s -7', drawnFrom(POOL, 7, { distinct: false })], ['SADD t 1 2 3', 3], ['SRANDMEMBER t -4', drawnFrom(['1', '2', '3'], 4, { distinct: false })]] },
  { title: 'SRANDMEMBER with a count of 0 or on a missing key replies an empty list', steps: [['SADD s a', 1], ['SRANDMEMBER s 0', []], ['SRANDMEMBER nokey 5', []], ['SRANDMEMBER nokey -5', []]] },
  { title: 'SRANDMEMBER refuses the one count whose magnitude does not fit, and more arguments', steps: [['SADD s a', 1], ['SRANDMEMBER s -9223372036854775808', err('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807')], ['SRANDMEMBER s abc', NOT_INTEGER], ['SRANDMEMBER s 1 2', SYNTAX], ['SRANDMEMBER s abc 2', SYNTAX]] },
  { title: 'SRANDMEMBER on a string is WRONGTYPE, with or without a count', steps: [['SET k v', 'OK'], ['SRANDMEMBER k', WRONGTYPE], ['SRANDMEMBER k 0', WRONGTYPE], ['SRANDMEMBER k -2', WRONGTYPE]] },
  { title: 'SRANDMEMBER draws distinct members from a large set', steps: [[membersCommand('s', 600, 'm'), 600], ['SRANDMEMBER s 100', satisfies('100 distinct members', (reply) => Array.isArray(reply) && new Set(reply).size === 100)], ['SRANDMEMBER s 500', satisfies('500 distinct members', (reply) => Array.isArray(reply) && new Set(reply).size === 500)], ['SRANDMEMBER s -1000', satisfies('1000 members', (reply) => Array.isArray(reply) && reply.length === 1000)]] },
];

const move: Case[] = [
  { title: 'SMOVE moves a member, creating the destination', steps: [['SADD src a b', 2], ['SMOVE src dst a', 1], ['SMEMBERS src', ['b']], ['SMEMBERS dst', ['a']], ['SMOVE src dst nope', 0]] },
  { title: 'SMOVE of a member already in the destination removes it from the source', steps: [['SADD src a b', 2], ['SADD dst a', 1], ['SMOVE src dst a', 1], ['SMEMBERS src', ['b']], ['SCARD dst', 1]] },
  { title: 'SMOVE of the last member deletes the source', steps: [['SADD src a', 1], ['SMOVE src dst a', 1], ['EXISTS src', 0], ['SMEMBERS dst', ['a']]] },
  { title: 'SMOVE onto the same set replies whether the member is there', steps: [['SADD s a', 1], ['SMOVE s s a', 1], ['SMOVE s s b', 0], ['SMEMBERS s', ['a']]] },
  { title: 'SMOVE from a missing source replies 0, whatever the destination holds', steps: [['SET str v', 'OK'], ['SMOVE nokey dst a', 0], ['SMOVE nokey str a', 0], ['EXISTS dst', 0]] },
  { title: 'SMOVE from or to a key of another type is WRONGTYPE and changes nothing', steps: [['SET str v', 'OK'], ['SADD s a', 1], ['SMOVE str s a', WRONGTYPE], ['SMOVE s str a', WRONGTYPE], ['SMOVE s str nope', WRONGTYPE], ['SMEMBERS s', ['a']]] },
  { title: 'SMOVE with the wrong number of arguments is an arity error', steps: [['SMOVE a b', arity('smove')]] },
];

const algebra: Case[] = [
  { title: 'SUNION, SINTER and SDIFF combine sets', steps: [['SADD a 1 2 3 x', 4], ['SADD b 2 3 4 y x', 5], ['SADD c 3 x z', 3], ['SUNION a b c', unordered(['1', '2', '3', '4', 'x', 'y', 'z'])], ['SINTER a b c', unordered(['3', 'x'])], ['SDIFF a b c', ['1']], ['SDIFF b a', unordered(['4', 'y'])]] },
  { title: 'SUNION, SINTER and SDIFF of one set reply its members', steps: [['SADD a p q', 2], ['SUNION a', unordered(['p', 'q'])], ['SINTER a', unordered(['p', 'q'])], ['SDIFF a', unordered(['p', 'q'])]] },
  { title: 'A missing key is an empty set to SUNION, SINTER and SDIFF', steps: [['SADD a 1 2', 2], ['SUNION a nokey', unordered(['1', '2'])], ['SINTER a nokey', []], ['SDIFF a nokey', unordered(['1', '2'])], ['SDIFF nokey a', []], ['SUNION nokey', []]] },
  { title: 'SUNION, SINTER and SDIFF are WRONGTYPE for any key of another type, even after a missing key', steps: [['SADD a 1', 1], ['SET str v', 'OK'], ['SUNION a str', WRONGTYPE], ['SINTER nokey str', WRONGTYPE], ['SINTER str nokey', WRONGTYPE], ['SDIFF a nokey str', WRONGTYPE], ['SDIFF nokey str', WRONGTYPE]] },
  { title: 'SINTER, SUNION and SDIFF of a set with itself', steps: [['SADD a 1 2', 2], ['SINTER a a', unordered(['1', '2'])], ['SUNION a a', unordered(['1', '2'])], ['SDIFF a a', []]] },
  { title: 'SUNIONSTORE, SINTERSTORE and SDIFFSTORE store the result and reply its size', steps: [['SADD a 1 2 3', 3], ['SADD b 2 3 4', 3], ['SUNIONSTORE u a b', 4], ['SINTERSTORE i a b', 2], ['SDIFFSTORE d a b', 1], ['SMEMBERS u', ['1', '2', '3', '4']], ['SMEMBERS i', ['2', '3']], ['SMEMBERS d', ['1']]] },
  { title: 'A STORE replaces a destination of any type and clears its expiry', steps: [['SADD a x', 1], ['SET dst v EX 100', 'OK'], ['SUNIONSTORE dst a', 1], ['TYPE dst', 'set'], ['TTL dst', -1], ['HSET h f v', 1], ['SINTERSTORE h a', 1], ['TYPE h', 'set']] },
  { title: 'A STORE with an empty result deletes the destination', steps: [['SADD a 1', 1], ['SADD b 2', 1], ['SET dst v', 'OK'], ['SINTERSTORE dst a b', 0], ['EXISTS dst', 0], ['SET dst v', 'OK'], ['SDIFFSTORE dst a a', 0], ['EXISTS dst', 0], ['SET dst v', 'OK'], ['SINTERSTORE dst a nokey', 0], ['EXISTS dst', 0], ['SUNIONSTORE dst nokey', 0], ['EXISTS dst', 0]] },
  { title: 'A STORE may name its destination among its sources', steps: [['SADD a 1 2', 2], ['SADD b 2 3', 2], ['SUNIONSTORE a a b', 3], ['SMEMBERS a', ['1', '2', '3']], ['SDIFFSTORE b b a', 0], ['EXISTS b', 0]] },
  { title: 'A STORE with a source of another type is WRONGTYPE and leaves the destination', steps: [['SADD a 1', 1], ['SET str v', 'OK'], ['SET dst keep', 'OK'], ['SUNIONSTORE dst a str', WRONGTYPE], ['SINTERSTORE dst str', WRONGTYPE], ['SDIFFSTORE dst a str', WRONGTYPE], ['GET dst', 'keep']] },
  { title: 'SUNION and the STOREs with too few arguments are arity errors', steps: [['SUNION', arity('sunion')], ['SINTER', arity('sinter')], ['SDIFF', arity('sdiff')], ['SUNIONSTORE dst', arity('sunionstore')], ['SINTERSTORE dst', arity('sinterstore')], ['SDIFFSTORE dst', arity('sdiffstore')]] },
  { title: 'SINTERCARD counts the intersection', steps: [['SADD a 1 2 3 x', 4], ['SADD b 2 3 x y', 4], ['SINTERCARD 2 a b', 3], ['SINTERCARD 1 a', 4], ['SINTERCARD 2 a nokey', 0], ['SINTERCARD 1 nokey', 0]] },
  { title: 'SINTERCARD LIMIT stops counting at the limit; 0 means no limit', steps: [['SADD a 1 2 3 x', 4], ['SADD b 2 3 x y', 4], ['SINTERCARD 2 a b LIMIT 2', 2], ['SINTERCARD 2 a b LIMIT 10', 3], ['SINTERCARD 2 a b LIMIT 0', 3], ['SINTERCARD 2 a b limit 1 LIMIT 5', 3]] },
  { title: 'SINTERCARD reads numkeys, then the count of keys, then the options, then the keys', steps: [['SADD s 1', 1], ['SET str v', 'OK'], ['SINTERCARD abc s', err('ERR numkeys should be greater than 0')], ['SINTERCARD 0 s', err('ERR numkeys should be greater than 0')], ['SINTERCARD -1 s', err('ERR numkeys should be greater than 0')], ['SINTERCARD 2 s', err("ERR Number of keys can't be greater than number of args")], ['SINTERCARD 1 s LIMIT', SYNTAX], ['SINTERCARD 1 s FOO', SYNTAX], ['SINTERCARD 1 s LIMIT -1', err("ERR LIMIT can't be negative")], ['SINTERCARD 1 s LIMIT abc', err("ERR LIMIT can't be negative")], ['SINTERCARD 1 str LIMIT -1', err("ERR LIMIT can't be negative")], ['SINTERCARD 1 str', WRONGTYPE], ['SINTERCARD 2 nokey str', WRONGTYPE], ['SINTERCARD 1', arity('sintercard')]] },
];

const scan: Case[] = [
  { title: 'SSCAN of an intset replies every member at once with cursor 0, whatever the COUNT', steps: [['SADD s 3 1 2', 3], ['SSCAN s 0', ['0', ['1', '2', '3']]], ['SSCAN s 0 COUNT 1', ['0', ['1', '2', '3']]]] },
  { title: 'SSCAN of a small set with the default COUNT replies every member with cursor 0', steps: [['SADD t a b c', 3], ['SSCAN t 0', scanReply('0', ['a', 'b', 'c'])]] },
  { title: 'SSCAN MATCH filters members by a glob pattern', steps: [['SADD s 10 11 20 21', 4], ['SSCAN s 0 MATCH 1*', ['0', ['10', '11']]], ['SSCAN s 0 MATCH x', ['0', []]]] },
  { title: 'SSCAN MATCH * returns every member, the empty one too, which no other pattern matches', steps: [[['SADD', 's', '', 'a'], 2], ['SSCAN s 0 MATCH *', scanReply('0', ['', 'a'])], ['SSCAN s 0 MATCH **', ['0', ['a']]], ['SSCAN s 0 MATCH ?', ['0', ['a']]]] },
  { title: 'SSCAN of a missing key replies an empty scan, whatever follows the cursor', steps: [['SSCAN nokey 0', ['0', []]], ['SSCAN nokey 0 FOO', ['0', []]]] },
  { title: 'SSCAN reads the cursor first, then the key, then the options', steps: [['SADD s a', 1], ['SET k v', 'OK'], ['SSCAN nokey abc', err('ERR invalid cursor')], ['SSCAN k 0 FOO', WRONGTYPE], ['SSCAN s 0 FOO', SYNTAX], ['SSCAN s 0 COUNT 0', SYNTAX], ['SSCAN s 0 COUNT x', NOT_INTEGER], ['SSCAN s 0 TYPE set', SYNTAX], ['SSCAN s', arity('sscan')]] },
  { title: 'SSCAN of a large set with MATCH finds exactly the matching members', steps: [[membersCommand('s', 600, 'm'), 600], ['SSCAN s 0 MATCH m59? COUNT 10000', scanReply('0', ['m590', 'm591', 'm592', 'm593', 'm594', 'm595', 'm596', 'm597', 'm598', 'm599'])]] },
];

const keyspace: Case[] = [
  { title: 'TYPE, EXISTS and DEL see a set', steps: [['SADD s a', 1], ['TYPE s', 'set'], ['EXISTS s', 1], ['DEL s', 1], ['EXISTS s', 0], ['SISMEMBER s a', 0]] },
  { title: 'A set keeps its expiry when its members change', steps: [['SADD s a b', 2], ['EXPIRE s 100', 1], ['SADD s c', 1], ['SREM s a', 1], ['SPOP s', oneOf('b', 'c')], ['TTL s', near(100, 1)]] },
  { title: 'A set set to expire in the past is deleted', steps: [['SADD s a', 1], ['PEXPIREAT s 1', 1], ['EXISTS s', 0], ['SCARD s', 0]] },
  { title: 'RENAME moves a set with its expiry', steps: [['SADD s 1 2', 2], ['EXPIRE s 100', 1], ['RENAME s t', 'OK'], ['SMEMBERS t', ['1', '2']], ['TTL t', near(100, 1)], ['EXISTS s', 0]] },
  { title: 'COPY duplicates a set; the copy changes on its own', steps: [['SADD s 1 2', 2], ['COPY s t', 1], ['SADD t 3', 1], ['SMEMBERS s', ['1', '2']], ['SMEMBERS t', ['1', '2', '3']], ['COPY s t REPLACE', 1], ['SMEMBERS t', ['1', '2']]] },
  { title: 'SCAN TYPE set finds the sets', steps: [['SADD s1 a', 1], ['SADD s2 1', 1], ['HSET h a 1', 1], ['SCAN 0 TYPE set COUNT 100', scanReply('0', ['s1', 's2'])], ['SCAN 0 TYPE hash COUNT 100', scanReply('0', ['h'])]] },
  { title: 'Hash commands on a set and set commands on a hash are WRONGTYPE', steps: [['SADD s a', 1], ['HSET h a 1', 1], ['HGET s a', WRONGTYPE], ['SADD h a', WRONGTYPE], ['GET s', WRONGTYPE], ['SET s v', 'OK'], ['TYPE s', 'string']] },
];

const encoding: Case[] = [
  { title: 'A set of integers is an intset up to 512 members and a hashtable from the 513th', steps: [[membersCommand('s', 512), 512], ['OBJECT ENCODING s', 'intset'], ['SADD s 513', 1], ['OBJECT ENCODING s', 'hashtable'], ['SCARD s', 513]] },
  { title: 'A set created with 513 integers at once is a hashtable', steps: [[membersCommand('s', 513), 513], ['OBJECT ENCODING s', 'hashtable']] },
  { title: 'A member that is not a canonical 64-bit integer makes the set a hashtable', steps: [['SADD a 1 -9223372036854775808 9223372036854775807', 3], ['OBJECT ENCODING a', 'intset'], ['SADD a x', 1], ['OBJECT ENCODING a', 'hashtable'], ['SADD b 9223372036854775808', 1], ['OBJECT ENCODING b', 'hashtable'], ['SADD c 01', 1], ['OBJECT ENCODING c', 'hashtable'], ['SADD d -0', 1], ['OBJECT ENCODING d', 'hashtable'], ['SADD e +1', 1], ['OBJECT ENCODING e', 'hashtable'], [['SADD', 'f', ' 1'], 1], ['OBJECT ENCODING f', 'hashtable'], [['SADD', 'g', ''], 1], ['OBJECT ENCODING g', 'hashtable']] },
  { title: 'A hashtable set stays a hashtable when it shrinks to integers', steps: [['SADD s 1 x', 2], ['SREM s x', 1], ['OBJECT ENCODING s', 'hashtable'], ['SMEMBERS s', ['1']]] },
  { title: 'A STORE builds an intset from integers and a hashtable otherwise', steps: [['SADD a 1 2 3', 3], ['SADD b 2 3 x', 3], ['SINTERSTORE i a b', 2], ['OBJECT ENCODING i', 'intset'], ['SUNIONSTORE u a b', 4], ['OBJECT ENCODING u', 'hashtable'], ['SDIFFSTORE d a b', 1], ['OBJECT ENCODING d', 'intset'], ['SDIFFSTORE e b a', 1], ['OBJECT ENCODING e', 'hashtable']] },
  { title: 'SMOVE of a word into an intset converts it', steps: [['SADD src x', 1], ['SADD dst 1', 1], ['SMOVE src dst x', 1], ['OBJECT ENCODING dst', 'hashtable']] },
  { title: 'COPY and RENAME keep a set encoding', steps: [['SADD i 1 2', 2], ['SADD h a', 1], ['COPY i i2', 1], ['COPY h h2', 1], ['OBJECT ENCODING i2', 'intset'], ['OBJECT ENCODING h2', 'hashtable'], ['RENAME i i3', 'OK'], ['OBJECT ENCODING i3', 'intset']] },
  { title: 'A hashtable set answers every command', steps: [[membersCommand('s', 600, 'm'), 600], ['SISMEMBER s m77', 1], ['SMISMEMBER s m1 x m600', [1, 0, 1]], ['SREM s m1 m2', 2], ['SCARD s', 598], ['SMOVE s t m3', 1], ['SINTERCARD 2 s s', 597], ['SINTERCARD 1 s LIMIT 10', 10], ['SDIFF t s', ['m3']], ['SMEMBERS s', satisfies('597 members', (reply) => Array.isArray(reply) && new Set(reply).size === 597)]] },
];

export const SETS: readonly CaseTable[] = [
  { area: 'SADD, SREM', cases: add },
  { area: 'SISMEMBER, SMISMEMBER, SCARD, SMEMBERS', cases: read },
  { area: 'SPOP, SRANDMEMBER', cases: random },
  { area: 'SMOVE', cases: move },
  { area: 'SUNION, SINTER, SDIFF, their STOREs, SINTERCARD', cases: algebra },
  { area: 'SSCAN', cases: scan },
  { area: 'Sets in the keyspace', cases: keyspace },
  { area: 'OBJECT ENCODING of sets', cases: encoding },
];
