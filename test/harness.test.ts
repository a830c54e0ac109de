/**
 * The test harness itself: the RESP codec and the redis-server client the
 * oracle suites stand on. If these were wrong, every comparison with Redis
 * would be, so they get their own checks, including a reply cut at every byte.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CASE_TABLES } from './cases/index.js';
import { moreToScan, satisfies, sameReply, scanReply, type CaseTable } from './cases/model.js';
import { err, near, oneOf, unordered } from './support/cases.js';
import { describeRedis } from './support/redis-server.js';
import { decodeAll, encodeCommand, RespDecoder, RespError } from './support/resp.js';

const REPLIES = '+OK\r\n-ERR syntax error\r\n:42\r\n:-9223372036854775808\r\n$5\r\nh\r\nlo\r\n$0\r\n\r\n$-1\r\n*-1\r\n*3\r\n:1\r\n*1\r\n$1\r\nx\r\n*0\r\n';
const DECODED = ['OK', new RespError('ERR syntax error'), 42, -9223372036854775808n, 'h\r\nlo', '', null, null, [1, ['x'], []]];

describe('the RESP codec', () => {
  it('encodes a command as an array of bulk strings, bytes and numbers included', () => {
    expect(encodeCommand(['SET', 'k', new Uint8Array([0, 255]), 12]).toString('latin1')).toBe('*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\n\u0000\u00ff\r\n$2\r\n12\r\n');
    expect(encodeCommand(['é']).toString('latin1')).toBe('*1\r\n$2\r\n\u00c3\u00a9\r\n');
  });

  it('decodes every reply type into db.call shapes', () => {
    expect(decodeAll(Buffer.from(REPLIES))).toEqual(DECODED);
  });

  it('decodes the same replies whatever byte the input is cut at', () => {
    const bytes = Buffer.from(REPLIES);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const decoder = new RespDecoder();
      const out: unknown[] = [];
      for (const part of [bytes.subarray(0, cut), bytes.subarray(cut)]) {
        decoder.push(part);
        for (let reply = decoder.next(); reply !== undefined; reply = decoder.next()) out.push(reply.value);
      }
      expect(out, `cut at ${cut}`).toEqual(DECODED);
    }
  });

  it('decodes byte by byte', () => {
    const decoder = new RespDecoder('bytes');
    const out: unknown[] = [];
    for (const byte of Buffer.from('$2\r\n\u00ff\u0000\r\n:9007199254740992\r\n', 'latin1')) {
      decoder.push(Uint8Array.of(byte));
      for (let reply = decoder.next(); reply !== undefined; reply = decoder.next()) out.push(reply.value);
    }
    expect(out).toEqual([new Uint8Array([0xff, 0]), 9007199254740992n]);
  });

  it('refuses a stream that ends mid-reply or holds an unknown type', () => {
    expect(() => decodeAll(Buffer.from('*2\r\n:1\r\n'))).toThrow('trailing bytes');
    expect(() => decodeAll(Buffer.from('?x\r\n'))).toThrow('unexpected type byte');
    expect(() => decodeAll(Buffer.from('$1\r\nab\r\n'))).toThrow('not followed by CRLF');
  });
});

describe('the case matchers', () => {
  it('near, unordered and oneOf match what they say', () => {
    expect(100).toEqual(near(99, 1));
    expect(102).not.toEqual(near(99, 1));
    expect(['b', 'a']).toEqual(unordered(['a', 'b']));
    expect(['a', 'a']).not.toEqual(unordered(['a', 'b']));
    expect('b').toEqual(oneOf('a', 'b'));
    expect({ error: 'ERR x' }).toEqual(err('ERR x'));
  });
});

/** Whether vitest's toEqual accepts `actual` for `expected`. */
function vitestEquals(actual: unknown, expected: unknown): boolean {
  try {
    expect(actual).toEqual(expected);
    return true;
  } catch {
    return false;
  }
}

/** Whether `value` holds an asymmetric matcher anywhere. */
function holdsMatcher(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return false;
  if (typeof (value as { asymmetricMatch?: unknown }).asymmetricMatch === 'function') return true;
  return Object.values(value).some(holdsMatcher);
}

describe('sameReply, the equality of runners without vitest', () => {
  const bytes = (...values: number[]) => Uint8Array.from(values);
  const pairs: [actual: unknown, expected: unknown][] = [
    [1, 1], [1, 1n], [1n, 1n], [9007199254740993n, 9007199254740992n], [0, -0], ['OK', 'OK'], ['1', 1], [null, null], [null, undefined], [null, 'x'],
    [bytes(1, 2), bytes(1, 2)], [bytes(1, 2), bytes(1, 3)], [bytes(1, 2), bytes(1)], [bytes(1, 2), [1, 2]], [[1, 2], bytes(1, 2)], [bytes(0x61), 'a'],
    [['a', null], ['a', null]], [['a'], ['a', null]], [['a', ['b']], ['a', ['b']]], [['a', ['b']], ['a', ['c']]], [[], {}],
    [{ error: 'ERR x' }, err('ERR x')], [{ error: 'ERR x' }, err('ERR y')], ['ERR x', err('ERR x')], [{ error: 'ERR x', extra: 1 }, err('ERR x')],
    [100, near(99, 1)], [101, near(99, 1)], [100n, near(99, 1)], [['b', 'a'], unordered(['a', 'b'])], [['a', 'a'], unordered(['a', 'b'])],
    ['b', oneOf('a', 'b')], ['c', oneOf('a', 'b')], [['0', ['b', 'a']], scanReply('0', ['a', 'b'])], [['0', ['b']], scanReply('0', ['a', 'b'])],
    [['7', []], [moreToScan, []]], [['0', []], [moreToScan, []]], [5, satisfies('odd', (n) => Number(n) % 2 === 1)], [4, satisfies('odd', (n) => Number(n) % 2 === 1)],
  ];

  it('agrees with vitest\'s toEqual on every shape a reply or an expectation takes', () => {
    for (const [actual, expected] of pairs) expect(sameReply(actual, expected), `${String(actual)} against ${String(expected)}`).toBe(vitestEquals(actual, expected));
  });

  it('accepts every expected reply of the tables that holds no matcher as itself, as toEqual does', () => {
    for (const { cases } of CASE_TABLES) {
      for (const c of cases) {
        for (const [, expected] of c.steps) if (!holdsMatcher(expected)) expect(sameReply(structuredClone(expected), expected), c.title).toBe(true);
      }
    }
  });
});

describe('the case tables', () => {
  it('cases/index.ts lists every table of cases/, so the runtimes run them all', async () => {
    const modules = readdirSync(new URL('./cases/', import.meta.url)).filter((file) => file.endsWith('.ts') && file !== 'model.ts' && file !== 'index.ts');
    expect(modules.length).toBeGreaterThan(0);
    for (const file of modules) {
      const url = new URL(`./cases/${file}`, import.meta.url).href;
      const exported = Object.values(await import(url)) as unknown[];
      const tables = exported.filter((value): value is CaseTable[] => Array.isArray(value) && value.every((item) => typeof item?.area === 'string' && Array.isArray(item?.cases)));
      expect(tables.length, `${file} exports its tables`).toBeGreaterThan(0);
      for (const table of tables.flat()) expect(CASE_TABLES, `${file}: ${table.area}`).toContain(table);
    }
  });
});

describeRedis('the redis-server client', (redis) => {
  it('pipelines commands and resolves replies in order', async () => {
    const { client } = redis;
    const replies = await Promise.all([client.send('SET', 'k', '1'), client.send('INCR', 'k'), client.send('GET', 'k'), client.send('NOPE'), client.send('DEL', 'k')]);
    expect(replies).toEqual(['OK', 2, '2', new RespError("ERR unknown command 'NOPE', with args beginning with: "), 1]);
  });

  it('call rejects with the error text as db.call throws', async () => {
    await expect(redis.client.call('INCR')).rejects.toThrow("ERR wrong number of arguments for 'incr' command");
  });

  it('the bytes connection returns bulk replies as Uint8Array', async () => {
    await redis.bytes.call('SET', new Uint8Array([0, 0xff]), new Uint8Array([0xfe]));
    expect(await redis.bytes.call('GET', new Uint8Array([0, 0xff]))).toEqual(new Uint8Array([0xfe]));
    expect(await redis.bytes.call('PING')).toBe('PONG');
  });

  it('the server listens on the loopback interface only', async () => {
    const bind = (await redis.client.call('CONFIG', 'GET', 'bind')) as string[];
    expect(bind).toEqual(['bind', '127.0.0.1']);
    expect(await redis.client.call('CONFIG', 'GET', 'save')).toEqual(['save', '']);
    expect(await redis.client.call('CONFIG', 'GET', 'appendonly')).toEqual(['appendonly', 'no']);
  });
});
