/**
 * The test harness itself: the RESP codec and the redis-server client the
 * oracle suites stand on. If these were wrong, every comparison with Redis
 * would be, so they get their own checks, including a reply cut at every byte.
 */
import { describe, expect, it } from 'vitest';
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
