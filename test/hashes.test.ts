/**
 * Hashes: every hash command, option and error, WRONGTYPE, the generic
 * commands on hashes and OBJECT ENCODING's conversions (cases/hashes.ts,
 * checked against redis-server 7.0.15 on every run that has it), then what
 * only the JS API has: the methods' shapes (ioredis's), the Buffer variants
 * and the encoding limits set through open().
 */
import { expect, it } from 'vitest';
import type { Arg } from '../src/index.js';
import { HASHES } from './cases/hashes.js';
import { defineCases } from './support/cases.js';
import { describeEngines } from './support/engines.js';

defineCases(...HASHES);

describeEngines('hash methods', (suite) => {
  it('hset takes an object, a Map or field/value pairs, and replies how many fields are new', () => {
    const { db } = suite;
    expect(db.hset('h', { a: '1', b: 2 })).toBe(2);
    expect(db.hset('h', new Map<string, Arg>([['b', 'x'], ['c', 3n]]))).toBe(1);
    expect(db.hset('h', 'd', 4, ['e', 5])).toBe(2);
    expect(db.hmset('h', { f: 'six' })).toBe('OK');
    expect(db.hgetall('h')).toEqual({ a: '1', b: 'x', c: '3', d: '4', e: '5', f: 'six' });
  });

  it('hgetall returns an object, empty for a missing key, while call() keeps the flat reply', () => {
    const { db } = suite;
    expect(db.hgetall('nokey')).toEqual({});
    db.hset('h', 'a', '1', 'b', '2');
    expect(db.hgetall('h')).toEqual({ a: '1', b: '2' });
    expect(db.call('HGETALL', 'h')).toEqual(['a', '1', 'b', '2']);
  });

  it('hgetall makes a field named like an Object.prototype member an own property, as ioredis does', () => {
    const { db } = suite;
    db.hset('h', '__proto__', 'p', 'constructor', 'c', 'toString', 't');
    const hash = db.hgetall('h');
    expect(Object.getPrototypeOf(hash)).toBe(Object.prototype);
    expect(Object.keys(hash)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getOwnPropertyDescriptor(hash, '__proto__')?.value).toBe('p');
    expect(hash.constructor).toBe('c');
  });

  it('the Buffer variants return values as bytes; hgetallBuffer keeps its keys as strings', () => {
    const { db } = suite;
    db.hset('h', 'a', Uint8Array.of(0xff, 0), 'é', 'v');
    expect(db.hgetBuffer('h', 'a')).toEqual(Uint8Array.of(0xff, 0));
    expect(db.hgetallBuffer('h')).toEqual({ a: Uint8Array.of(0xff, 0), é: new TextEncoder().encode('v') });
    expect(db.hmgetBuffer('h', 'a', 'no')).toEqual([Uint8Array.of(0xff, 0), null]);
    expect(db.hkeysBuffer('h')).toEqual([new TextEncoder().encode('a'), new TextEncoder().encode('é')]);
    expect(db.hvalsBuffer('h')).toEqual([Uint8Array.of(0xff, 0), new TextEncoder().encode('v')]);
    expect(db.hrandfieldBuffer('h', 5)).toHaveLength(2);
    const [cursor, items] = db.hscanBuffer('h', 0);
    expect(cursor).toBe('0');
    expect(items).toEqual([new TextEncoder().encode('a'), Uint8Array.of(0xff, 0), new TextEncoder().encode('é'), new TextEncoder().encode('v')]);
  });

  it('replies are shaped as ioredis shapes them: numbers, 0 or 1, strings, null', () => {
    const { db } = suite;
    expect(db.hsetnx('h', 'n', 10)).toBe(1);
    expect(db.hsetnx('h', 'n', 11)).toBe(0);
    expect(db.hincrby('h', 'n', 5)).toBe(15);
    expect(db.hincrby('h', 'big', 9223372036854775807n)).toBe(9223372036854775807n);
    expect(db.hincrbyfloat('h', 'n', 0.5)).toBe('15.5');
    expect(db.hexists('h', 'n')).toBe(1);
    expect(db.hexists('h', 'x')).toBe(0);
    expect(db.hlen('h')).toBe(2);
    expect(db.hstrlen('h', 'n')).toBe(4);
    expect(db.hget('h', 'x')).toBeNull();
    expect(db.hmget('h', 'n', ['x'])).toEqual(['15.5', null]);
    expect(db.hdel('h', 'n', 'big', 'x')).toBe(2);
    expect(db.hrandfield('h')).toBeNull();
    expect(db.hrandfield('h', 3)).toEqual([]);
  });

  it('hrandfield and hscan return fields (and values) of the hash', () => {
    const { db } = suite;
    db.hset('h', { a: '1', b: '2' });
    expect(['a', 'b']).toContain(db.hrandfield('h'));
    expect(db.hrandfield('h', 2).sort()).toEqual(['a', 'b']);
    expect(db.hrandfield('h', -3, 'WITHVALUES')).toHaveLength(6);
    expect(db.hscan('h', 0, 'MATCH', 'a')).toEqual(['0', ['a', '1']]);
  });

  it('a full HSCAN with COUNT 1 of a hashtable returns every field, with changes between calls', () => {
    const { db } = suite;
    const fields = Array.from({ length: 700 }, (_, i) => `f${i}`);
    db.hset('h', Object.fromEntries(fields.map((field) => [field, 'v'])));
    expect(db.object('ENCODING', 'h')).toBe('hashtable');
    const seen = new Set<string>();
    let cursor = '0';
    let calls = 0;
    do {
      const [next, items] = db.hscan('h', cursor, 'COUNT', 1);
      for (let i = 0; i < items.length; i += 2) seen.add(items[i]);
      db.hset('h', `new${calls}`, 'v');
      if (calls < 100) db.hdel('h', `new${calls - 1}`);
      cursor = next;
      calls++;
    } while (cursor !== '0' && calls < 100_000);
    for (const field of fields) expect(seen.has(field), field).toBe(true);
    expect(calls).toBeGreaterThan(10);
  });

  it('a failed update() undoes its hash changes', async () => {
    const { db } = suite;
    db.hset('h', { a: '1' });
    await expect(
      db.update((tx) => {
        tx.hset('h', { a: '2', b: '3' });
        tx.hdel('h', 'a');
        tx.hincrbyfloat('h', 'f', 1.5);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(db.hgetall('h')).toEqual({ a: '1' });
  });
});

describeEngines('hash encoding limits', (suite) => {
  it('open() takes the limits: a hash leaves its listpack past them', () => {
    const db = suite.open({ encoding: { hashMaxListpackEntries: 2, hashMaxListpackValue: 4 } });
    expect(db.encodingLimits).toEqual({ hashMaxListpackEntries: 2, hashMaxListpackValue: 4, setMaxIntsetEntries: 512 });
    db.hset('h', 'a', '1', 'b', '2');
    expect(db.object('ENCODING', 'h')).toBe('listpack');
    db.hset('h', 'c', '3');
    expect(db.object('ENCODING', 'h')).toBe('hashtable');
    db.hset('v', 'a', '1234');
    expect(db.object('ENCODING', 'v')).toBe('listpack');
    db.hset('v', 'b', '12345');
    expect(db.object('ENCODING', 'v')).toBe('hashtable');
  });

  it('setEncodingLimits changes them for conversions from then on', () => {
    const { db } = suite;
    expect(db.encodingLimits).toEqual({ hashMaxListpackEntries: 512, hashMaxListpackValue: 64, setMaxIntsetEntries: 512 });
    db.hset('h', 'a', '1', 'b', '2');
    db.setEncodingLimits({ hashMaxListpackEntries: 1 });
    try {
      expect(db.object('ENCODING', 'h')).toBe('listpack');
      db.hset('h', 'c', '3');
      expect(db.object('ENCODING', 'h')).toBe('hashtable');
      db.hset('z', 'a', '1');
      expect(db.object('ENCODING', 'z')).toBe('listpack');
    } finally {
      db.setEncodingLimits({ hashMaxListpackEntries: 512 });
    }
  });

  it('HINCRBY and HINCRBYFLOAT writing a value longer than the limit convert the hash, as HSET does', () => {
    const db = suite.open({ encoding: { hashMaxListpackValue: 8 } });
    db.hincrby('a', 'n', 123456789);
    expect(db.object('ENCODING', 'a')).toBe('hashtable');
    db.hset('b', 'n', 1);
    db.hincrby('b', 'n', 9223372036854775800n);
    expect(db.object('ENCODING', 'b')).toBe('hashtable');
    db.hincrbyfloat('c', 'n', '123456789.5');
    expect(db.object('ENCODING', 'c')).toBe('hashtable');
    db.hincrby('d', 'n', 12345678);
    expect(db.object('ENCODING', 'd')).toBe('listpack');
  });

  it('a limit of 0 makes every hash a hashtable', () => {
    const db = suite.open({ encoding: { hashMaxListpackEntries: 0 } });
    db.hset('h', 'a', '1');
    expect(db.object('ENCODING', 'h')).toBe('hashtable');
  });

  it('refuses an unknown limit or a value that is not a whole number, changing nothing', () => {
    const { db } = suite;
    expect(() => suite.open({ encoding: { hashMaxZiplistEntries: 1 } as never })).toThrow(TypeError);
    expect(() => db.setEncodingLimits({ hashMaxListpackValue: -1 })).toThrow('flashkv: the encoding limit hashMaxListpackValue must be a whole number from 0 to 2^53 - 1, not -1');
    expect(() => db.setEncodingLimits({ setMaxIntsetEntries: 1.5, hashMaxListpackEntries: 3 })).toThrow(TypeError);
    expect(() => db.setEncodingLimits({ hashMaxListpackEntries: 2 ** 53 })).toThrow(TypeError);
    expect(db.encodingLimits).toEqual({ hashMaxListpackEntries: 512, hashMaxListpackValue: 64, setMaxIntsetEntries: 512 });
  });
});
