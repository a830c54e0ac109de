import { describe, expect, it } from 'vitest';
import {
  byteStringToBytes,
  byteStringToUtf8,
  bytesToByteString,
  compareByteStrings,
  compareBytes,
  equalBytes,
  isAscii,
  isAsciiBytes,
  toByteString,
  toBytes,
  utf8Decode,
  utf8DecodeExact,
  utf8Encode,
  utf8Length,
  utf8ToByteString,
  wellFormed,
  writeUtf8,
} from '../../../src/engine/bytes.js';

const samples = ['', 'a', 'user:1000', 'héllo', '日本語', 'emoji 😀 ok', 'x'.repeat(100), 'é'.repeat(40) + 'tail', '\u0000\u007f\u0080\u00ff'];

describe('bytes', () => {
  it('encodes UTF-8 exactly as TextEncoder does, short and long', () => {
    for (const text of samples) {
      expect(utf8Encode(text)).toEqual(new TextEncoder().encode(text));
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    }
  });

  it('counts a lone surrogate as the three bytes of U+FFFD', () => {
    expect(utf8Length('a\ud800b')).toBe(5);
    expect(utf8Encode('a\ud800b')).toEqual(new Uint8Array([0x61, 0xef, 0xbf, 0xbd, 0x62]));
  });

  it('writes UTF-8 into a buffer at an offset and reports the bytes written', () => {
    for (const text of samples) {
      const dest = new Uint8Array(3 * text.length + 8);
      const written = writeUtf8(text, dest, 5);
      expect(written).toBe(utf8Length(text));
      expect(dest.subarray(5, 5 + written)).toEqual(new TextEncoder().encode(text));
    }
  });

  it('decodes UTF-8 ranges, replacing invalid sequences with U+FFFD', () => {
    const bytes = new TextEncoder().encode('__héllo__');
    expect(utf8Decode(bytes, 2, bytes.length - 2)).toBe('héllo');
    expect(utf8Decode(new Uint8Array([0x61, 0xff, 0x62]))).toBe('a\ufffdb');
    expect(utf8Decode(new Uint8Array(0))).toBe('');
  });

  it('decodes exactly only bytes that are valid UTF-8, a spelled U+FFFD and a byte-order mark included', () => {
    for (const text of [...samples, '\ufffd', 'a\ufffdb', '\ufeffbom']) {
      const bytes = new TextEncoder().encode(text);
      expect(utf8DecodeExact(bytes)).toBe(text);
      expect(utf8DecodeExact(Uint8Array.of(0x20, ...bytes, 0x20), 1, bytes.length + 1)).toBe(text);
    }
    for (const invalid of [[0xff], [0xc3], [0xc3, 0x28], [0xef, 0xbf], [0xed, 0xa0, 0x80], [0xc0, 0x80], [0xf0, 0x9f, 0x98], [0xef, 0xbf, 0xbd, 0x80]]) {
      expect(utf8DecodeExact(Uint8Array.from(invalid))).toBeNull();
    }
  });

  it('replaces lone surrogates with U+FFFD and keeps a well-formed string itself', () => {
    for (const text of samples) expect(wellFormed(text)).toBe(text);
    expect(wellFormed('a\ud800b\udc00\u{1f600}')).toBe('a\ufffdb\ufffd\u{1f600}');
    expect(new TextEncoder().encode(wellFormed('\udbff'))).toEqual(new TextEncoder().encode('\udbff'));
  });

  it('detects ASCII in strings and byte ranges', () => {
    expect(isAscii('plain key')).toBe(true);
    expect(isAscii('\u007f')).toBe(true);
    expect(isAscii('\u0080')).toBe(false);
    expect(isAsciiBytes(new Uint8Array([1, 2, 0x7f]))).toBe(true);
    expect(isAsciiBytes(new Uint8Array([1, 0x80, 2]))).toBe(false);
    expect(isAsciiBytes(new Uint8Array([1, 0x80, 2]), 2, 3)).toBe(true);
  });

  it('keeps an ASCII string as its own byte string', () => {
    const key = 'user:42';
    expect(utf8ToByteString(key)).toBe(key);
    expect(toByteString(key)).toBe(key);
    expect(byteStringToUtf8(key)).toBe(key);
  });

  it('gives the same byte string for a string and its UTF-8 bytes', () => {
    for (const text of samples) {
      const fromString = toByteString(text);
      const fromBytes = toByteString(new TextEncoder().encode(text));
      expect(fromString).toBe(fromBytes);
      expect(byteStringToUtf8(fromString)).toBe(text);
      expect(byteStringToBytes(fromString)).toEqual(new TextEncoder().encode(text));
    }
  });

  it('round-trips every byte value through a byte string', () => {
    const all = new Uint8Array(256 * 3);
    for (let i = 0; i < all.length; i++) all[i] = i & 0xff;
    const byteString = bytesToByteString(all);
    expect(byteString.length).toBe(all.length);
    expect(byteString.charCodeAt(200)).toBe(200);
    expect(byteStringToBytes(byteString)).toEqual(all);
    expect(bytesToByteString(all, 10, 13)).toBe('\n\u000b\u000c');
  });

  it('passes Uint8Array arguments through toBytes without copying', () => {
    const raw = new Uint8Array([1, 2, 3]);
    expect(toBytes(raw)).toBe(raw);
    expect(toBytes('ab')).toEqual(new Uint8Array([97, 98]));
  });

  it('orders bytes as memcmp then length, and byte strings the same way', () => {
    const cases: [number[], number[]][] = [
      [[], [0]],
      [[1, 2], [1, 2, 0]],
      [[0x7f], [0x80]],
      [[0xff], [0x80, 0xff]],
      [[5, 5], [5, 5]],
    ];
    for (const [a, b] of cases) {
      const x = new Uint8Array(a);
      const y = new Uint8Array(b);
      const expected = Math.sign(Buffer.compare(x, y));
      expect(Math.sign(compareBytes(x, y))).toBe(expected);
      expect(Math.sign(compareByteStrings(bytesToByteString(x), bytesToByteString(y)))).toBe(expected);
      expect(equalBytes(x, y)).toBe(expected === 0);
    }
  });
});
