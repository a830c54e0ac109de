/**
 * Binary keys and values through db.callBuffer: every troublesome byte, keys
 * that differ only past a NUL, a string key and its UTF-8 bytes as one key,
 * globs over raw bytes. Replies are redis-server 7.0.15's.
 */
import { hex, satisfies, type Case, type CaseTable } from './model.js';

const enc = new TextEncoder();
const bytes = (...values: number[]) => new Uint8Array(values);

/** A key and a value holding every troublesome byte: NUL, 0xff, CR LF, invalid UTF-8. */
export const BIN_KEY = bytes(0x00, 0xff, 0x0d, 0x0a, 0x80, 0x61);
export const BIN_VALUE = bytes(0xff, 0x00, 0xfe, 0xc3, 0x28, 0x00);

const binary: Case[] = [
  { title: 'Binary keys and values round-trip byte for byte', bytes: true, steps: [[['SET', BIN_KEY, BIN_VALUE], 'OK'], [['GET', BIN_KEY], BIN_VALUE], [['STRLEN', BIN_KEY], 6], [['EXISTS', BIN_KEY], 1]] },
  { title: 'A key with a NUL byte differs from its prefix', bytes: true, steps: [[['SET', bytes(0x61, 0x00), '1'], 'OK'], [['SET', 'a', '2'], 'OK'], [['GET', bytes(0x61, 0x00)], enc.encode('1')], [['GET', 'a'], enc.encode('2')], ['DBSIZE', 2]] },
  { title: 'A string key and its UTF-8 bytes are the same key', bytes: true, steps: [[['SET', 'clé', 'v'], 'OK'], [['GET', enc.encode('clé')], enc.encode('v')], [['DEL', enc.encode('clé')], 1], [['EXISTS', 'clé'], 0]] },
  { title: 'APPEND, GETRANGE and SETRANGE work on bytes', bytes: true, steps: [[['SET', 'k', bytes(0x00, 0xff)], 'OK'], [['APPEND', 'k', bytes(0x80)], 3], [['GETRANGE', 'k', '1', '-1'], bytes(0xff, 0x80)], [['SETRANGE', 'k', '4', bytes(0xfe)], 5], [['GET', 'k'], bytes(0x00, 0xff, 0x80, 0x00, 0xfe)]] },
  { title: 'Status and integer replies stay strings and numbers in bytes mode', bytes: true, steps: [['SET k 1', 'OK'], ['INCR k', 2], ['TYPE k', 'string'], ['GET k', enc.encode('2')], ['INCRBYFLOAT k 0.5', enc.encode('2.5')], ['MGET k nope', [enc.encode('2.5'), null]]] },
  { title: 'KEYS and SCAN return binary keys as bytes', bytes: true, steps: [[['SET', BIN_KEY, 'v'], 'OK'], [['KEYS', '*'], [BIN_KEY]], [['SCAN', '0', 'COUNT', '100'], [enc.encode('0'), [BIN_KEY]]], [['RANDOMKEY'], BIN_KEY]] },
  { title: 'Glob patterns match raw bytes', bytes: true, steps: [[['SET', bytes(0xff, 0x01), 'v'], 'OK'], [['SET', bytes(0xfe, 0x01), 'v'], 'OK'], [['KEYS', bytes(0xff, 0x2a)], [bytes(0xff, 0x01)]], [['KEYS', bytes(0x3f, 0x01)], expectSameBytes([bytes(0xfe, 0x01), bytes(0xff, 0x01)])]] },
];

/** A list of byte strings in any order. */
function expectSameBytes(items: Uint8Array[]): unknown {
  const sorted = (list: unknown[]) => list.map((item) => (item instanceof Uint8Array ? hex(item) : String(item))).sort().join(',');
  return satisfies(`bytes ${sorted(items)} in any order`, (actual) => Array.isArray(actual) && sorted(actual) === sorted(items));
}

export const BINARY: readonly CaseTable[] = [{ area: 'binary keys and values', cases: binary }];
