import { describe, expect, it } from 'vitest';
import { globMatch, globMatchBytes, literalPrefix } from '../../../src/engine/glob.js';

/** Keys stored in redis-server 7.0.15 (byte strings: one char per byte). */
const keys: string[] = ["a","b","c","z","A","-","]","[","\\","^","*","?","ab","abc","abd","a*c","a?c","a[c","a]c","a\\c","hello","hallo","hxllo","hllo","heeeello","ÿ","","","aÿb","\u0000","a\u0000b","foo:bar:baz","foo:1","foo:22","x-y","--","]]","a-","ba","aaa","aaab","user:1000","user:200","abcabcabc"];

/** [pattern, what KEYS pattern replied on redis-server 7.0.15 with those keys, sorted]. */
const verifiedByRedis: [string, string[]][] = [
  ["*", ["\u0000","*","-","--","?","A","[","\\","]","]]","^","a","a\u0000b","a*c","a-","a?c","a[c","a\\c","a]c","aaa","aaab","ab","abc","abcabcabc","abd","aÿb","b","ba","c","foo:1","foo:22","foo:bar:baz","hallo","heeeello","hello","hllo","hxllo","user:1000","user:200","x-y","z","","","ÿ"]],
  ["?", ["\u0000","*","-","?","A","[","\\","]","^","a","b","c","z","","","ÿ"]],
  ["??", ["--","]]","a-","ab","ba"]],
  ["a*", ["a","a\u0000b","a*c","a-","a?c","a[c","a\\c","a]c","aaa","aaab","ab","abc","abcabcabc","abd","aÿb"]],
  ["*c", ["a*c","a?c","a[c","a\\c","a]c","abc","abcabcabc","c"]],
  ["a?c", ["a*c","a?c","a[c","a\\c","a]c","abc"]],
  ["a\\*c", ["a*c"]],
  ["a\\?c", ["a?c"]],
  ["[abc]", ["a","b","c"]],
  ["[^abc]", ["\u0000","*","-","?","A","[","\\","]","^","z","","","ÿ"]],
  ["[a-c]", ["a","b","c"]],
  ["[c-a]", ["a","b","c"]],
  ["[a-]", ["]","^","a"]],
  ["[a-]*", ["*","]","^","a"]],
  ["[a-]]", ["]","^","a"]],
  ["[]]", []],
  ["[]a]", []],
  ["[^]]", ["]]"]],
  ["[\\]]", ["]"]],
  ["[\\\\]", ["\\"]],
  ["[", []],
  ["[a", ["a"]],
  ["[ab", ["a","b"]],
  ["a[", []],
  ["\\", ["\\"]],
  ["a\\", []],
  ["h?llo", ["hallo","hello","hxllo"]],
  ["h*llo", ["hallo","heeeello","hello","hllo","hxllo"]],
  ["h[ae]llo", ["hallo","hello"]],
  ["h[^e]llo", ["hallo","hxllo"]],
  ["h[a-b]llo", ["hallo"]],
  ["[\u0000-a]", ["\u0000","*","-","?","A","[","\\","]","^","a"]],
  ["[a-ÿ]", ["\u0000","*","-","?","A","[","\\","]","^","a","ÿ"]],
  ["[-ÿ]", ["","ÿ"]],
  ["[-]", ["\u0000","*","-","?","A","[","\\","]","^","a","b","c","z","","","ÿ"]],
  ["*a*", ["a","a\u0000b","a*c","a-","a?c","a[c","a\\c","a]c","aaa","aaab","ab","abc","abcabcabc","abd","aÿb","ba","foo:bar:baz","hallo"]],
  ["*a*b", ["a\u0000b","aaab","ab","aÿb"]],
  ["*b*a*", ["abcabcabc","ba","foo:bar:baz"]],
  ["a**", ["a","a\u0000b","a*c","a-","a?c","a[c","a\\c","a]c","aaa","aaab","ab","abc","abcabcabc","abd","aÿb"]],
  ["**", ["\u0000","*","-","--","?","A","[","\\","]","]]","^","a","a\u0000b","a*c","a-","a?c","a[c","a\\c","a]c","aaa","aaab","ab","abc","abcabcabc","abd","aÿb","b","ba","c","foo:1","foo:22","foo:bar:baz","hallo","heeeello","hello","hllo","hxllo","user:1000","user:200","x-y","z","","","ÿ"]],
  ["***c", ["a*c","a?c","a[c","a\\c","a]c","abc","abcabcabc","c"]],
  ["*:*:*", ["foo:bar:baz"]],
  ["foo:[0-9]", ["foo:1"]],
  ["foo:[0-9]*", ["foo:1","foo:22"]],
  ["foo:??", ["foo:22"]],
  ["[-]", ["-"]],
  ["[--]", ["-","?","A","[","\\","]"]],
  ["[a\\-z]", ["-","a","z"]],
  ["[^a-z]", ["\u0000","*","-","?","A","[","\\","]","^","","","ÿ"]],
  ["[^-]", ["\u0000","*","?","A","[","\\","]","^","a","b","c","z","","","ÿ"]],
  ["*\\", ["\\"]],
  ["\\\\", ["\\"]],
  ["[\\", ["\\"]],
  ["[a-z", ["a","b","c","z"]],
  ["a[\\]c", []],
  ["[*]", ["*"]],
  ["[?]", ["?"]],
  ["a?", ["a-","ab"]],
  ["?b", ["ab"]],
  ["[]", []],
  ["[^]", ["\u0000","*","-","?","A","[","\\","]","^","a","b","c","z","","","ÿ"]],
  ["[^", ["\u0000","*","-","?","A","[","\\","]","^","a","b","c","z","","","ÿ"]],
  ["*[", []],
  ["*]", ["]","]]"]],
  ["a*b*c*d", []],
  ["abc*abc*", ["abcabcabc"]],
  ["*abc", ["abc","abcabcabc"]],
];

describe('glob', () => {
  it.each(verifiedByRedis)('selects with %j the keys KEYS selects in redis-server 7.0.15', (pattern, expected) => {
    const selected = keys.filter((key) => globMatch(pattern, key)).sort();
    expect(selected).toEqual(expected);
  });

  it('gives up past 1000 levels of stars, as Redis does, and matches below that', () => {
    const subject = 'a'.repeat(1200);
    expect(globMatch('a' + '*a'.repeat(1000), subject)).toBe(true);
    expect(globMatch('a' + '*a'.repeat(1100), subject)).toBe(false);
  });

  it('settles a pattern that backtracks exponentially without skipLongerMatches', () => {
    // Without the early stop this would take about 5000^10 steps.
    expect(globMatch('*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
  });

  it('matches raw bytes the same way', () => {
    expect(globMatchBytes(new Uint8Array([0x61, 0x2a]), new Uint8Array([0x61, 0xff, 0x00]))).toBe(true);
    expect(globMatchBytes(new Uint8Array([0x5b, 0x80, 0x2d, 0xff, 0x5d]), new Uint8Array([0x90]))).toBe(true);
  });

  it('finds the literal prefix every match starts with', () => {
    expect(literalPrefix('user:*')).toEqual({ prefix: 'user:', exact: false });
    expect(literalPrefix('user:?0')).toEqual({ prefix: 'user:', exact: false });
    expect(literalPrefix('a[bc]')).toEqual({ prefix: 'a', exact: false });
    expect(literalPrefix('a\\*b*')).toEqual({ prefix: 'a*b', exact: false });
    expect(literalPrefix('plain')).toEqual({ prefix: 'plain', exact: true });
    expect(literalPrefix('trailing\\')).toEqual({ prefix: 'trailing\\', exact: true });
    expect(literalPrefix('*')).toEqual({ prefix: '', exact: false });
  });

  it('agrees with its literal prefix on every verified case', () => {
    for (const [pattern, expected] of verifiedByRedis) {
      const { prefix, exact } = literalPrefix(pattern);
      for (const key of expected) expect(key.startsWith(prefix)).toBe(true);
      if (exact) expect(expected.every((key) => key === prefix)).toBe(true);
    }
  });
});
