import { describe, expect, it } from 'vitest';
import { RespWriter, decodeCommandStrings, decodeCommands, encodeCommand } from '../../../src/engine/resp.js';

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

describe('resp', () => {
  it('writes a command as an array of bulk strings, as Redis writes its AOF', () => {
    expect(text(encodeCommand(['SET', 'k', 'v', 'PXAT', '1700000000000']))).toBe(
      '*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$4\r\nPXAT\r\n$13\r\n1700000000000\r\n',
    );
  });

  it('writes empty, binary and long arguments byte for byte', () => {
    const binary = new Uint8Array([0, 13, 10, 255]);
    const long = 'x'.repeat(5000) + '\u00ff';
    const bytes = encodeCommand(['APPEND', binary, '', long]);
    const [command] = decodeCommands(bytes);
    expect(command[1]).toEqual(binary);
    expect(command[2]).toEqual(new Uint8Array(0));
    expect(command[3].length).toBe(5001);
    expect(command[3][5000]).toBe(255);
  });

  it('grows past its initial capacity and drains to empty', () => {
    const writer = new RespWriter(16);
    for (let i = 0; i < 1000; i++) writer.command(['DEL', `key:${i}`]);
    const drained = decodeCommandStrings(writer.drain());
    expect(drained.length).toBe(1000);
    expect(drained[999]).toEqual(['DEL', 'key:999']);
    expect(writer.length).toBe(0);
    expect(writer.drain().length).toBe(0);
  });

  it('truncates back to a mark, dropping what came after', () => {
    const writer = new RespWriter();
    writer.command(['SET', 'a', '1']);
    const mark = writer.length;
    writer.command(['SET', 'b', '2']);
    writer.truncate(mark);
    expect(decodeCommandStrings(writer.drain())).toEqual([['SET', 'a', '1']]);
  });

  it('rejects a stream cut at any byte, and non-array input', () => {
    const bytes = encodeCommand(['SET', 'key', 'value']);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(() => decodeCommands(bytes.subarray(0, cut))).toThrow(/RESP/);
    }
    expect(() => decodeCommands(new TextEncoder().encode('+OK\r\n'))).toThrow(/expected '\*'/);
    expect(() => decodeCommands(new TextEncoder().encode('*1\r\n:1\r\n'))).toThrow(/expected '\$'/);
  });
});
