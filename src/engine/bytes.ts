/**
 * Byte strings: moving keys and values between JS strings and bytes.
 *
 * Keys and values are binary-safe byte strings, but callers hand us JS strings
 * (standing for their UTF-8 bytes) or Uint8Arrays. This module holds the few
 * conversions every layer needs, each with the fastest path the runtime offers.
 * It imports nothing runtime-specific: Node's Buffer is feature-detected on
 * `globalThis`, and every Buffer path has a portable fallback.
 *
 * THREE SPELLINGS OF THE SAME BYTES
 *
 * - `Uint8Array`: the bytes themselves (the wasm boundary, the server, the AOF).
 * - A UTF-8 JS string: what users write and what `As.String` replies decode to.
 * - A "byte string": a JS string whose char codes are the bytes, one char per
 *   byte, each 0..255 (latin1). V8 stores such strings one byte per char, so
 *   they are as compact as a Uint8Array and they hash, compare and key a Map
 *   natively. For ASCII text the UTF-8 string and the byte string are the same
 *   string, so converting costs only an ASCII check. The server, the effects
 *   stream and the pure-TS engine's byte-level edits work in byte strings.
 *
 * Converting between them does not validate UTF-8: invalid sequences decode
 * to U+FFFD as TextDecoder does, which is also what Redis clients do with
 * them. {@link utf8DecodeExact} is the one exception, for callers that must
 * tell text from arbitrary bytes (the pure-TS engine's keys and values).
 *
 * SPEED (Node 20, 16-byte ASCII strings, per call; see DESIGN.md "Crossing the
 * Wasm boundary"): Buffer's `utf8Slice`/`latin1Slice` ~45 ns against 113 ns
 * for `TextDecoder.decode`; a charCodeAt loop ~32 ns for short ASCII writes,
 * against 38 ns for `TextEncoder.encodeInto` into a view made once. Short ASCII
 * inputs therefore take hand loops, and long or non-ASCII ones the native
 * codecs.
 */
import type { Bytes } from './engine.js';

/** Node's Buffer methods we borrow; each works on any Uint8Array as `this`. */
interface BufferCodecs {
  utf8Slice(this: Uint8Array, start: number, end: number): string;
  latin1Slice(this: Uint8Array, start: number, end: number): string;
  utf8Write(this: Uint8Array, text: string, offset: number, length: number): number;
  latin1Write(this: Uint8Array, text: string, offset: number, length: number): number;
}

const bufferCodecs: BufferCodecs | null = detectBufferCodecs();

function detectBufferCodecs(): BufferCodecs | null {
  const buffer = (globalThis as { Buffer?: { prototype?: Partial<BufferCodecs> } }).Buffer;
  const proto = buffer?.prototype;
  if (proto && typeof proto.utf8Slice === 'function' && typeof proto.latin1Slice === 'function' && typeof proto.utf8Write === 'function' && typeof proto.latin1Write === 'function') {
    return proto as BufferCodecs;
  }
  return null;
}

/** Node's Buffer.byteLength, when the runtime has it: a native UTF-8 length count. */
const bufferByteLength: ((text: string, encoding: 'utf8') => number) | null = detectBufferByteLength();

function detectBufferByteLength(): ((text: string, encoding: 'utf8') => number) | null {
  const buffer = (globalThis as { Buffer?: { byteLength?: unknown } }).Buffer;
  return typeof buffer?.byteLength === 'function' ? (buffer.byteLength as (text: string, encoding: 'utf8') => number) : null;
}

/** ES2024's String.prototype.isWellFormed/toWellFormed, which the ES2022 lib does not declare. */
interface WellFormedString {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

const hasWellFormed = typeof (String.prototype as Partial<WellFormedString>).isWellFormed === 'function';

/** A lone surrogate: with the `u` flag a pair is one code point, so only unpaired halves match. */
const LONE_SURROGATES = /\p{Cs}/gu;

const textEncoder = new TextEncoder();
// ignoreBOM keeps a leading U+FEFF as the character it is, as Buffer's
// decoder does, instead of dropping its three bytes.
const textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** Below this many chars a JS loop beats a call into a native codec. */
const SHORT_STRING = 32;

// --- ASCII -----------------------------------------------------------------

/** isAscii: true when every char code of `text` is below 0x80. */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) return false;
  }
  return true;
}

/** isAsciiBytes: true when every byte in `bytes[start, end)` is below 0x80. */
export function isAsciiBytes(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  for (let i = start; i < end; i++) {
    if (bytes[i] > 0x7f) return false;
  }
  return true;
}

// --- UTF-8 -----------------------------------------------------------------

/**
 * utf8Length: how many bytes the UTF-8 encoding of `text` takes. Lone
 * surrogates count 3 bytes, as U+FFFD (what every encoder writes for them).
 */
export function utf8Length(text: string): number {
  // Buffer's count also takes a lone surrogate as U+FFFD's three bytes; a
  // native call only pays for itself past a few dozen chars.
  if (text.length > SHORT_STRING && bufferByteLength !== null) return bufferByteLength(text, 'utf8');
  let length = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) {
      length += 1;
    } else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: two chars, four bytes.
      length += 2;
      i++;
    } else {
      length += 2;
    }
  }
  return length;
}

/**
 * writeUtf8: encodes `text` as UTF-8 into `dest` at `offset` and returns the
 * number of bytes written. The caller guarantees room: at least
 * {@link utf8Length}(text) bytes (3 * text.length always suffices).
 */
export function writeUtf8(text: string, dest: Uint8Array, offset: number): number {
  const length = text.length;
  if (length <= SHORT_STRING) {
    let i = 0;
    for (; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code > 0x7f) break;
      dest[offset + i] = code;
    }
    if (i === length) return length;
  }
  if (bufferCodecs !== null) return bufferCodecs.utf8Write.call(dest, text, offset, dest.length - offset);
  return textEncoder.encodeInto(text, dest.subarray(offset)).written;
}

/**
 * utf8Encode: the UTF-8 bytes of `text`, in a fresh array the caller owns.
 * Short text is copied in one pass that assumes ASCII and hands over to the
 * native encoder at the first char that is not, so ASCII is never scanned
 * twice.
 */
export function utf8Encode(text: string): Uint8Array {
  const length = text.length;
  if (length <= SHORT_STRING) {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code > 0x7f) return textEncoder.encode(text);
      out[i] = code;
    }
    return out;
  }
  return textEncoder.encode(text);
}

/**
 * utf8Decode: decodes `bytes[start, end)` as UTF-8 (invalid sequences become
 * U+FFFD).
 */
export function utf8Decode(bytes: Uint8Array, start = 0, end = bytes.length): string {
  if (end - start <= 0) return '';
  if (bufferCodecs !== null) return bufferCodecs.utf8Slice.call(bytes, start, end);
  return textDecoder.decode(start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end));
}

/**
 * utf8DecodeExact: `bytes[start, end)` decoded as UTF-8 when they are valid
 * UTF-8, so that encoding the result gives the same bytes back; null when
 * they are not. A decoder writes U+FFFD for every invalid sequence, so a
 * result without one is exact, and the decoder's native pass is the only
 * scan. A result with one is exact only if those were the bytes EF BF BD
 * themselves, which re-encoding tells: an invalid sequence is never EF BF BD
 * (that is valid), nor a prefix of it followed by the rest (the decoder would
 * have read the three as one char).
 */
export function utf8DecodeExact(bytes: Uint8Array, start = 0, end = bytes.length): string | null {
  const text = utf8Decode(bytes, start, end);
  if (text.indexOf('\ufffd') === -1) return text;
  return equalBytes(utf8Encode(text), start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end)) ? text : null;
}

/**
 * wellFormed: `text` with each lone surrogate replaced by U+FFFD, which is
 * what every UTF-8 encoder writes for one, so the result stands for the same
 * bytes as `text`; `text` itself when it has none. In V8 a one-byte string
 * (all chars below U+0100) answers isWellFormed() without reading its chars.
 */
export function wellFormed(text: string): string {
  if (hasWellFormed) {
    const native = text as unknown as WellFormedString;
    return native.isWellFormed() ? text : native.toWellFormed();
  }
  return text.replace(LONE_SURROGATES, '\ufffd');
}

/**
 * toBytes: a {@link Bytes} argument as bytes. A string is UTF-8 encoded into a
 * fresh array; a Uint8Array is returned as is (not copied), so the caller
 * must not keep it past the call unless it copies.
 */
export function toBytes(value: Bytes): Uint8Array {
  return typeof value === 'string' ? utf8Encode(value) : value;
}

// --- byte strings ----------------------------------------------------------

/**
 * bytesToByteString: `bytes[start, end)` as a byte string (one char per byte,
 * char code = byte value).
 */
export function bytesToByteString(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const length = end - start;
  if (length <= 0) return '';
  // Measured with the result used as a Map key (Node 20, 17 bytes):
  // latin1Slice 190 ns, String.fromCharCode.apply 210 ns, a `+=` loop 450 ns
  // (it builds a rope that must be flattened before hashing).
  if (bufferCodecs !== null) return bufferCodecs.latin1Slice.call(bytes, start, end);
  let out = '';
  const CHUNK = 8192; // stays far below engines' argument-count limits
  for (let i = start; i < end; i += CHUNK) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + CHUNK)) as unknown as number[]);
  }
  return out;
}

/** byteStringToBytes: the bytes of a byte string, in a fresh array the caller owns. */
export function byteStringToBytes(byteString: string): Uint8Array {
  const length = byteString.length;
  if (length === 0) return new Uint8Array(0);
  const out = new Uint8Array(length);
  writeByteString(byteString, out, 0);
  return out;
}

/**
 * writeByteString: writes a byte string's bytes into `dest` at `offset` and
 * returns how many were written (its length). The caller guarantees room.
 */
export function writeByteString(byteString: string, dest: Uint8Array, offset: number): number {
  const length = byteString.length;
  if (length > SHORT_STRING && bufferCodecs !== null) return bufferCodecs.latin1Write.call(dest, byteString, offset, length);
  for (let i = 0; i < length; i++) dest[offset + i] = byteString.charCodeAt(i);
  return length;
}

/**
 * utf8ToByteString: the byte string of a UTF-8 JS string. ASCII text is its
 * own byte string, so the common case returns `text` itself.
 */
export function utf8ToByteString(text: string): string {
  if (isAscii(text)) return text;
  const bytes = textEncoder.encode(text);
  return bytesToByteString(bytes, 0, bytes.length);
}

/**
 * byteStringToUtf8: decodes a byte string's bytes as UTF-8 (invalid sequences
 * become U+FFFD). An ASCII byte string is returned as is.
 */
export function byteStringToUtf8(byteString: string): string {
  if (isAscii(byteString)) return byteString;
  return utf8Decode(byteStringToBytes(byteString));
}

/**
 * toByteString: a {@link Bytes} argument as a byte string: the canonical key
 * form of the pure-TS engine. Equal bytes give equal strings, whichever
 * spelling the caller used.
 */
export function toByteString(value: Bytes): string {
  return typeof value === 'string' ? utf8ToByteString(value) : bytesToByteString(value, 0, value.length);
}

// --- comparing -------------------------------------------------------------

/**
 * compareBytes: bytewise (memcmp, then shorter-first) order of two byte
 * arrays: negative, 0 or positive. This is Redis's key order.
 */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < length; i++) {
    const diff = a[i] - b[i];
    if (diff !== 0) return diff;
  }
  return a.length - b.length;
}

/** equalBytes: true when `a` and `b` hold the same bytes. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return false;
  }
  return true;
}

/**
 * compareByteStrings: bytewise order of two byte strings. JS's `<` on strings
 * compares UTF-16 code units, which for byte strings (all units <= 0xff) is
 * exactly bytewise order; this names that fact.
 */
export function compareByteStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
