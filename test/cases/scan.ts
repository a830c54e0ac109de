/**
 * Finding keys: KEYS with Redis's glob syntax, SCAN with MATCH, COUNT and
 * TYPE. Redis's SCAN cursors are hash-table positions and flashkv's are
 * handles for "resume after this key", so cursors are compared only as "0"
 * (done) or "not 0" (more); key lists are compared as sets. Replies are
 * redis-server 7.0.15's.
 */
import { err, moreToScan, satisfies, scanReply, unordered, type Case, type CaseTable } from './model.js';

const SYNTAX = err('ERR syntax error');

/** Keys for the glob cases, chosen so each pattern feature matches a different subset. */
const GLOB_KEYS = ['hello', 'hallo', 'hxllo', 'hllo', 'heeeello', 'h*llo', 'a?b', 'hillo'];
const MSET_GLOB = ['MSET', ...GLOB_KEYS.flatMap((key) => [key, '1'])];

const patterns: [pattern: string, matches: string[]][] = [
  ['*', GLOB_KEYS],
  ['h?llo', ['hello', 'hallo', 'hxllo', 'h*llo', 'hillo']],
  ['h*llo', ['hello', 'hallo', 'hxllo', 'hllo', 'heeeello', 'h*llo', 'hillo']],
  ['h[ae]llo', ['hello', 'hallo']],
  ['h[^e]llo', ['hallo', 'hxllo', 'h*llo', 'hillo']],
  ['h[a-b]llo', ['hallo']],
  ['h[b-a]llo', ['hallo']],
  ['h\\*llo', ['h*llo']],
  ['a\\?b', ['a?b']],
  // '!' is not negation in Redis's globs: [!e] is '!' or 'e'.
  ['h[!e]llo', ['hello']],
  ['h[\\^e]llo', ['hello']],
  ['H*', []],
  ['[', []],
  ['h[', []],
  ['hello\\', []],
  ['hello', ['hello']],
  ['', []],
];

const keys: Case[] = patterns.map(([pattern, matches]) => ({
  title: `KEYS ${JSON.stringify(pattern)} matches ${matches.length === 0 ? 'nothing' : matches.length === GLOB_KEYS.length ? 'every key' : matches.join(', ')}`,
  steps: [
    [MSET_GLOB, 'OK'],
    [['KEYS', pattern], unordered(matches)],
  ],
}));
/** Redis's corner cases of bracket syntax, over keys made of brackets and dashes. */
const BRACKET_KEYS = [...GLOB_KEYS, '[x', ']', 'a-', 'h-llo'];
const bracketPatterns: [pattern: string, matches: string[]][] = [
  // An unfinished range "a-]" reads as a range up to ']'.
  ['[a-]', [']']],
  ['h[a-]llo', []],
  ['[]]', []],
  ['[[]x', ['[x']],
  ['h[a-z-]llo', ['h-llo', 'hallo', 'hello', 'hillo', 'hxllo']],
  ['*l*l*', ['h*llo', 'h-llo', 'hallo', 'heeeello', 'hello', 'hillo', 'hllo', 'hxllo']],
  ['**o', ['h*llo', 'h-llo', 'hallo', 'heeeello', 'hello', 'hillo', 'hllo', 'hxllo']],
  ['h\\ello', ['hello']],
  ['h[-e]llo', ['h-llo', 'hello']],
  ['?', [']']],
  ['[\\]]', [']']],
  ['a[-]', ['a-']],
  ['h[^a-h]llo', ['h*llo', 'h-llo', 'hillo', 'hxllo']],
  ['h[^]llo', ['h*llo', 'h-llo', 'hallo', 'hello', 'hillo', 'hxllo']],
  ['*\\', []],
  ['[a\\-z]-', ['a-']],
];
for (const [pattern, matches] of bracketPatterns) {
  keys.push({
    title: `KEYS ${JSON.stringify(pattern)} matches ${matches.length === 0 ? 'nothing' : matches.join(', ')}`,
    steps: [
      [['MSET', ...BRACKET_KEYS.flatMap((key) => [key, '1'])], 'OK'],
      [['KEYS', pattern], unordered(matches)],
    ],
  });
}
keys.push({
  // Redis's matcher never matches an empty key (its loop runs while both the
  // pattern and the string have bytes left); KEYS and SCAN special-case a lone
  // '*' as "every key", so only that pattern returns the empty key.
  title: 'Only a lone star and the empty pattern return the empty key',
  steps: [
    [['MSET', '', '1', 'a', '2'], 'OK'],
    [['KEYS', '*'], unordered(['', 'a'])],
    [['KEYS', '**'], ['a']],
    [['KEYS', '***'], ['a']],
    [['KEYS', ''], ['']],
    [['KEYS', '?'], ['a']],
    [['KEYS', '*a'], ['a']],
    [['SCAN', '0', 'MATCH', '*', 'COUNT', '100'], scanReply('0', ['', 'a'])],
    [['SCAN', '0', 'MATCH', '**', 'COUNT', '100'], ['0', ['a']]],
  ],
});
keys.push({ title: 'KEYS of an empty database is an empty list', steps: [['KEYS *', []]] });
keys.push({ title: 'KEYS takes exactly one pattern', steps: [['KEYS', err("ERR wrong number of arguments for 'keys' command")], ['KEYS a b', err("ERR wrong number of arguments for 'keys' command")]] });

const scan: Case[] = [
  { title: 'SCAN of an empty database replies cursor 0 and no keys', steps: [['SCAN 0', ['0', []]]] },
  { title: 'SCAN with a large COUNT returns every key and cursor 0', steps: [[MSET_GLOB, 'OK'], ['SCAN 0 COUNT 1000', scanReply('0', GLOB_KEYS)]] },
  { title: 'SCAN MATCH filters by glob', steps: [[MSET_GLOB, 'OK'], ['SCAN 0 MATCH h[ae]llo COUNT 1000', scanReply('0', ['hello', 'hallo'])], ['SCAN 0 COUNT 1000 MATCH nothing*', ['0', []]]] },
  { title: 'SCAN TYPE string returns the string keys', steps: [[MSET_GLOB, 'OK'], ['SCAN 0 TYPE string COUNT 1000', scanReply('0', GLOB_KEYS)], ['SCAN 0 TYPE STRING COUNT 1000', scanReply('0', GLOB_KEYS)]] },
  { title: 'SCAN TYPE of another or an unknown type returns no keys', steps: [[MSET_GLOB, 'OK'], ['SCAN 0 TYPE hash COUNT 1000', ['0', []]], ['SCAN 0 TYPE foo COUNT 1000', ['0', []]]] },
  { title: 'SCAN with a repeated option takes the last', steps: [[MSET_GLOB, 'OK'], ['SCAN 0 COUNT 1 COUNT 1000', scanReply('0', GLOB_KEYS)], ['SCAN 0 MATCH x MATCH hello COUNT 1000', ['0', ['hello']]]] },
  { title: 'SCAN with a small COUNT has more to return', steps: [[['MSET', ...Array.from({ length: 40 }, (_, i) => [`k${i}`, 'v']).flat()], 'OK'], ['SCAN 0 COUNT 2', [moreToScan, expectLength(2, 10)]]] },
  { title: 'SCAN with a cursor that is not a number is an invalid cursor', steps: [['SCAN abc', err('ERR invalid cursor')], [['SCAN', ' 1'], err('ERR invalid cursor')], ['SCAN 1.5', err('ERR invalid cursor')], ['SCAN 18446744073709551616', err('ERR invalid cursor')]] },
  { title: 'SCAN reads its cursor as strtoul does: a sign and leading zeros are accepted', steps: [['SET a 1', 'OK'], ['SCAN 00 COUNT 100', ['0', ['a']]], ['SCAN +0 COUNT 100', ['0', ['a']]], ['SCAN -0 COUNT 100', ['0', ['a']]], ['DEL a', 1], ['SCAN -1', ['0', []]]] },
  { title: 'SCAN accepts the largest unsigned 64-bit cursor', steps: [['SCAN 18446744073709551615', ['0', []]]] },
  { title: 'SCAN COUNT below 1 is a syntax error', steps: [['SCAN 0 COUNT 0', SYNTAX], ['SCAN 0 COUNT -1', SYNTAX]] },
  { title: 'SCAN COUNT that is not an integer is an error', steps: [['SCAN 0 COUNT abc', err('ERR value is not an integer or out of range')]] },
  { title: 'SCAN with an unknown or incomplete option is a syntax error', steps: [['SCAN 0 FOO bar', SYNTAX], ['SCAN 0 MATCH', SYNTAX], ['SCAN 0 COUNT', SYNTAX], ['SCAN 0 TYPE', SYNTAX]] },
  { title: 'SCAN without a cursor is an arity error', steps: [['SCAN', err("ERR wrong number of arguments for 'scan' command")]] },
];

/** An array whose length lies in [min, max] (SCAN's COUNT is a hint, not an exact size). */
function expectLength(min: number, max: number): unknown {
  return satisfies(`an array of ${min} to ${max} items`, (actual) => Array.isArray(actual) && actual.length >= min && actual.length <= max);
}

export const SCAN: readonly CaseTable[] = [
  { area: 'KEYS', cases: keys },
  { area: 'SCAN', cases: scan },
];
