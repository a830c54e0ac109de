/**
 * CONFIG GET and CONFIG SET: the server's settings by their redis.conf names,
 * with redis-server 7.0's replies and errors.
 *
 * Most settings are fixed once the server runs (its port, its log
 * directory): CONFIG GET reports them and CONFIG SET refuses them as Redis
 * refuses an immutable config. These can change while it runs:
 *
 *   requirepass                  the password clients must give
 *   maxclients                   the most connections at once
 *   hash-max-listpack-entries    when hashes and sets leave their compact
 *   hash-max-listpack-value      encodings (DB.setEncodingLimits); the first
 *   set-max-intset-entries       two also answer to Redis 6's names,
 *                                hash-max-ziplist-entries and -value
 *
 * How Redis reads them (config.c, checked against redis-server 7.0.15):
 *
 * - Names are found in any case. CONFIG GET of a name without glob
 *   characters replies it as the client spelled it; a pattern matches the
 *   names (aliases included) in any case and replies them as they are.
 * - CONFIG SET checks every name first, in order (unknown, immutable, given
 *   twice: the first such error is the reply), then every value, and
 *   changes nothing unless all are good. An alias is a setting of its own
 *   for "given twice".
 * - Integer settings take what string2ll takes (no '+', no leading zero);
 *   hash-max-listpack-value is a memory setting: digits and an optional
 *   unit (b, k, kb, m, mb, g, gb in any case; even a unit alone, which is
 *   0), multiplied in 64 bits as C does, overflow wrapping.
 */
import { asciiLower } from '../engine/args.js';
import type { EncodingLimits } from '../engine/engine.js';
import { globMatch } from '../engine/glob.js';
import { INT64_MAX, parseInt64 } from '../engine/integer.js';
import type { ServerState } from './session.js';

/** A setting CONFIG SET can change: how its value is read, and where it goes. */
interface Setting {
  /** The name Redis reports in errors about the value (an alias's own name). */
  readonly name: string;
  /** For an encoding limit, which one. */
  readonly key?: keyof EncodingLimits;
  /** Reads a value: the value, or the reason it is refused (Redis's words). */
  parse(text: string): bigint | string | { text: string };
  get(state: ServerState): string;
  set(state: ServerState, value: bigint | { text: string }): void;
}

const NOT_INTEGER = "argument couldn't be parsed into an integer";
const NOT_MEMORY = 'argument must be a memory value';

/** A value of [min, max] as string2ll reads it (an integer setting). */
function integerIn(min: bigint, max: bigint): (text: string) => bigint | string {
  return (text) => {
    const value = parseInt64(text);
    if (value === null) return NOT_INTEGER;
    return inRange(BigInt(value), min, max);
  };
}

function inRange(value: bigint, min: bigint, max: bigint): bigint | string {
  return value < min || value > max ? `argument must be between ${min} and ${max} inclusive` : value;
}

const UNITS: Readonly<Record<string, bigint>> = { '': 1n, b: 1n, k: 1000n, kb: 1024n, m: 1000n ** 2n, mb: 1024n ** 2n, g: 1000n ** 3n, gb: 1024n ** 3n };
const UINT64 = 1n << 64n;

/**
 * A memory value as Redis's memtoull reads it, then bounded to [0,
 * LLONG_MAX] as a long long: digits (at most 127, saturating at 2^64 - 1
 * as strtoull does) and a unit, the product wrapping modulo 2^64.
 */
function memoryValue(text: string): bigint | string {
  const digits = /^[0-9]*/.exec(text)![0];
  const unit = UNITS[asciiLower(text.slice(digits.length))];
  if (unit === undefined || digits.length >= 128) return NOT_MEMORY;
  const number = digits === '' ? 0n : BigInt(digits);
  const product = ((number >= UINT64 ? UINT64 - 1n : number) * unit) % UINT64;
  return inRange(BigInt.asIntN(64, product), 0n, INT64_MAX);
}

/** A setting of the encoding limits, by its key in EncodingLimits. */
function encodingSetting(name: string, key: keyof EncodingLimits, parse: (text: string) => bigint | string): Setting {
  return {
    name,
    key,
    parse,
    get: (state) => String(state.encoding[key]),
    set: (state, value) => {
      state.encoding[key] = value as bigint;
      state.db.setEncodingLimits({ [key]: safeLimit(value as bigint) });
    },
  };
}

const SIZE = integerIn(0n, INT64_MAX);

const requirepass: Setting = {
  name: 'requirepass',
  parse: (text) => ({ text }),
  get: (state) => state.password ?? '',
  set: (state, value) => {
    const { text } = value as { text: string };
    state.password = text === '' ? null : text;
  },
};

const maxclients: Setting = {
  name: 'maxclients',
  parse: integerIn(1n, 4294967295n),
  get: (state) => String(state.maxClients),
  set: (state, value) => {
    state.maxClients = Number(value);
  },
};

/** The settings CONFIG SET changes, by lower-case name (aliases too). */
const SETTINGS: ReadonlyMap<string, Setting> = new Map(
  [
    requirepass,
    maxclients,
    encodingSetting('hash-max-listpack-entries', 'hashMaxListpackEntries', SIZE),
    encodingSetting('hash-max-ziplist-entries', 'hashMaxListpackEntries', SIZE),
    encodingSetting('hash-max-listpack-value', 'hashMaxListpackValue', memoryValue),
    encodingSetting('hash-max-ziplist-value', 'hashMaxListpackValue', memoryValue),
    encodingSetting('set-max-intset-entries', 'setMaxIntsetEntries', SIZE),
  ].map((setting): [string, Setting] => [setting.name, setting]),
);

/**
 * An encoding limit as a config-file or command-line directive
 * (`hash-max-listpack-entries 128`): its key and value, the reason it is
 * refused, or null when `name` is no encoding limit.
 */
export function encodingDirective(name: string, text: string): { key: keyof EncodingLimits; value: number } | string | null {
  const setting = SETTINGS.get(asciiLower(name));
  if (setting === undefined || setting.key === undefined) return null;
  const value = setting.parse(text);
  if (typeof value === 'string') return value;
  return { key: setting.key, value: safeLimit(value as bigint) };
}

/** A limit as the DB takes it: exact, and past 2^53 no limit either way. */
function safeLimit(value: bigint): number {
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

/** Every setting's current value, by lower-case name. */
function settings(state: ServerState): Map<string, string> {
  const all = new Map(state.config);
  for (const [name, setting] of SETTINGS) all.set(name, setting.get(state));
  return all;
}

/** CONFIG GET's pairs for `patterns`: exact names as spelled, pattern matches as named, each setting once. */
export function configGet(state: ServerState, patterns: readonly string[]): [string, string][] {
  const all = settings(state);
  const found = new Map<string, [string, string]>();
  for (const pattern of patterns) {
    if (!/[*?[]/.test(pattern)) {
      const value = all.get(asciiLower(pattern));
      if (value !== undefined && !found.has(asciiLower(pattern))) found.set(asciiLower(pattern), [pattern, value]);
      continue;
    }
    const lower = asciiLower(pattern);
    for (const [name, value] of all) if (!found.has(name) && globMatch(lower, name)) found.set(name, [name, value]);
  }
  return [...found.values()];
}

/**
 * CONFIG SET name value [name value ...] (pairs already counted): null when
 * every setting was changed, else the error's text (nothing changed).
 */
export function configSet(state: ServerState, pairs: readonly [name: string, value: string][]): string | null {
  const chosen: Setting[] = [];
  for (const [name] of pairs) {
    const setting = SETTINGS.get(asciiLower(name));
    if (setting === undefined) {
      if (state.config.has(asciiLower(name))) return failed(name, "can't set immutable config");
      return `ERR Unknown option or number of arguments for CONFIG SET - '${name}'`;
    }
    if (chosen.includes(setting)) return failed(name, 'duplicate parameter');
    chosen.push(setting);
  }
  const values: (bigint | { text: string })[] = [];
  for (let i = 0; i < pairs.length; i++) {
    const value = chosen[i].parse(pairs[i][1]);
    if (typeof value === 'string') return failed(chosen[i].name, value);
    values.push(value);
  }
  for (let i = 0; i < chosen.length; i++) chosen[i].set(state, values[i]);
  return null;
}

function failed(name: string, why: string): string {
  return `ERR CONFIG SET failed (possibly related to argument '${name}') - ${why}`;
}
