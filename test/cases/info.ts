/**
 * INFO and MEMORY: the report's format and section selection, MEMORY USAGE
 * and MEMORY's errors. Figures that are each side's own (bytes, uptime) are
 * checked in shape only; everything else is exact. Replies are
 * redis-server 7.0.15's. The INFO reader here is also what info.test.ts
 * checks each engine's figures with.
 */
import { err, satisfies, type Case, type CaseTable } from './model.js';

// ---------------------------------------------------------------------------
// Reading INFO text
// ---------------------------------------------------------------------------

/** An INFO report: section titles in order, each with its fields in order. */
export type Report = Map<string, Map<string, string>>;

const FIELD_LINE = /^[^\r\n:#][^\r\n:]*:[^\r\n]*$/;

/**
 * Parses INFO text, or returns null if it is not in Redis's format: sections
 * of a "# Title" line and "field:value" lines, every line ending in CRLF,
 * one empty line between sections.
 */
export function parseInfo(text: unknown): Report | null {
  if (typeof text !== 'string') return null;
  const report: Report = new Map();
  if (text === '') return report;
  if (!text.endsWith('\r\n')) return null;
  for (const section of text.slice(0, -2).split('\r\n\r\n')) {
    const [header, ...lines] = section.split('\r\n');
    const title = /^# ([A-Za-z]+)$/.exec(header)?.[1];
    if (title === undefined || report.has(title)) return null;
    const fields = new Map<string, string>();
    for (const line of lines) {
      if (!FIELD_LINE.test(line)) return null;
      const colon = line.indexOf(':');
      fields.set(line.slice(0, colon), line.slice(colon + 1));
    }
    report.set(title, fields);
  }
  return report;
}

/** Whether `names` occur in `all` in the same order (others may come between). */
function inOrder(all: readonly string[], names: readonly string[]): boolean {
  let at = 0;
  for (const name of all) if (name === names[at]) at++;
  return at === names.length;
}

/**
 * INFO text in Redis's format holding the sections `titles` in this order
 * (exactly these with `exact`; Redis has more), each section named in
 * `fields` holding those fields in that order with values matching.
 */
function report(titles: readonly string[], fields: Record<string, Record<string, RegExp>> = {}, exact = false): unknown {
  const description = `INFO with ${exact ? 'exactly ' : ''}${titles.join(', ')}${Object.keys(fields).length > 0 ? ` and ${JSON.stringify(fields, (_k, v: unknown) => (v instanceof RegExp ? String(v) : v))}` : ''}`;
  return satisfies(description, (actual) => {
    const parsed = parseInfo(actual);
    if (parsed === null) return false;
    const present = [...parsed.keys()];
    if (exact ? JSON.stringify(present) !== JSON.stringify(titles) : !inOrder(present, titles)) return false;
    return Object.entries(fields).every(([title, wanted]) => {
      const section = parsed.get(title);
      if (section === undefined || !inOrder([...section.keys()], Object.keys(wanted))) return false;
      return Object.entries(wanted).every(([field, pattern]) => pattern.test(section.get(field) ?? ''));
    });
  });
}

/** The keyspace section with one db0 line (avg_ttl is Redis's estimate, any number). */
function keyspaceLine(keys: number, expires: number): unknown {
  const pattern = new RegExp(`^# Keyspace\\r\\ndb0:keys=${keys},expires=${expires},avg_ttl=\\d+\\r\\n$`);
  return satisfies(`keyspace keys=${keys},expires=${expires}`, (actual) => typeof actual === 'string' && pattern.test(actual));
}

export const NUMBER = /^\d+$/;
const HUMAN = /^(\d+B|\d+\.\d\d[KMGTP])$/;
const SERVER_FIELDS = { redis_version: /^\d+\.\d+\.\d+$/, redis_mode: /^standalone$/, uptime_in_seconds: NUMBER, uptime_in_days: NUMBER };
export const MEMORY_FIELDS = {
  used_memory: NUMBER,
  used_memory_human: HUMAN,
  used_memory_rss: NUMBER,
  used_memory_rss_human: HUMAN,
  used_memory_peak: NUMBER,
  used_memory_peak_human: HUMAN,
  maxmemory: /^0$/,
  maxmemory_human: /^0B$/,
  maxmemory_policy: /^noeviction$/,
  mem_fragmentation_ratio: /^\d+\.\d\d$/,
};
export const STATS_FIELDS = { total_commands_processed: NUMBER, keyspace_hits: NUMBER, keyspace_misses: NUMBER };
const EVERY_SECTION = report(['Server', 'Memory', 'Stats', 'Keyspace'], { Server: SERVER_FIELDS, Memory: MEMORY_FIELDS, Stats: STATS_FIELDS });

const positiveInteger = satisfies('a positive integer', (actual) => typeof actual === 'number' && Number.isInteger(actual) && actual > 0);

const NOT_INTEGER = err('ERR value is not an integer or out of range');
const SYNTAX = err('ERR syntax error');

// ---------------------------------------------------------------------------
// Cases: both engines and redis-server
// ---------------------------------------------------------------------------

const infoCases: Case[] = [
  {
    title: 'INFO with no section, default, all or everything reports server, memory, stats and keyspace in that order',
    steps: [['SET k v', 'OK'], ['INFO', EVERY_SECTION], ['INFO default', EVERY_SECTION], ['INFO all', EVERY_SECTION], ['INFO everything', EVERY_SECTION], ['info ALL', EVERY_SECTION]],
  },
  {
    title: 'INFO prints the sections asked for in its own fixed order, once each, whatever their order and case',
    steps: [
      ['INFO keyspace server', report(['Server', 'Keyspace'], {}, true)],
      ['INFO stats memory server', report(['Server', 'Memory', 'Stats'], { Server: SERVER_FIELDS, Memory: MEMORY_FIELDS, Stats: STATS_FIELDS }, true)],
      ['INFO Memory MEMORY memory', report(['Memory'], { Memory: MEMORY_FIELDS }, true)],
    ],
  },
  {
    title: 'INFO with only section names it does not know replies with an empty string',
    steps: [['INFO nosuchsection', ''], ['INFO nosuchsection other', '']],
  },
  {
    title: 'INFO ignores a section name it does not know beside one it knows',
    steps: [['INFO nosuchsection keyspace', '# Keyspace\r\n']],
  },
  {
    title: 'INFO keyspace of an empty database is its title alone',
    steps: [['INFO keyspace', '# Keyspace\r\n']],
  },
  {
    title: 'INFO keyspace counts the keys and the keys with an expiry, and drops the line when the database empties',
    steps: [
      ['MSET a 1 b 2 c 3', 'OK'],
      ['EXPIRE a 100', 1],
      ['SET d 4 PX 100000', 'OK'],
      ['INFO keyspace', keyspaceLine(4, 2)],
      ['PERSIST a', 1],
      ['DEL d', 1],
      ['INFO keyspace', keyspaceLine(3, 0)],
      ['FLUSHALL', 'OK'],
      ['INFO keyspace', '# Keyspace\r\n'],
    ],
  },
];

const memoryCases: Case[] = [
  {
    title: 'MEMORY USAGE of a missing key is nil',
    steps: [['MEMORY USAGE nokey', null], ['memory usage nokey SAMPLES 0', null]],
  },
  {
    title: 'MEMORY USAGE of a key is a positive number of bytes, whatever SAMPLES says',
    steps: [['SET k v', 'OK'], ['MEMORY USAGE k', positiveInteger], ['MEMORY USAGE k SAMPLES 0', positiveInteger], ['memory Usage k samples 5 SAMPLES 10', positiveInteger]],
  },
  {
    title: 'MEMORY USAGE checks its options before it looks the key up',
    steps: [
      ['MEMORY USAGE nokey SAMPLES abc', NOT_INTEGER],
      ['MEMORY USAGE nokey SAMPLES 1.5', NOT_INTEGER],
      ['MEMORY USAGE nokey SAMPLES 99999999999999999999', NOT_INTEGER],
      ['MEMORY USAGE nokey SAMPLES -1', SYNTAX],
      ['MEMORY USAGE nokey SAMPLES', SYNTAX],
      ['MEMORY USAGE nokey FOO', SYNTAX],
      ['MEMORY USAGE nokey SAMPLES 1 FOO', SYNTAX],
    ],
  },
  {
    title: 'MEMORY with a wrong number of arguments names the subcommand as Redis does',
    steps: [
      ['MEMORY', err("ERR wrong number of arguments for 'memory' command")],
      ['MEMORY USAGE', err("ERR wrong number of arguments for 'memory|usage' command")],
      ['memory usage', err("ERR wrong number of arguments for 'memory|usage' command")],
      ['MEMORY HELP extra', err("ERR wrong number of arguments for 'memory|help' command")],
    ],
  },
  {
    title: 'MEMORY with an unknown subcommand points to MEMORY HELP',
    steps: [
      ['MEMORY FOO', err("ERR unknown subcommand 'FOO'. Try MEMORY HELP.")],
      ['mEmOrY foo bar', err("ERR unknown subcommand 'foo'. Try MEMORY HELP.")],
      [['MEMORY', 'x'.repeat(200)], err(`ERR unknown subcommand '${'x'.repeat(128)}'. Try MEMORY HELP.`)],
      [['MEMORY', 'a\nb'], err("ERR unknown subcommand 'a b'. Try MEMORY HELP.")],
    ],
  },
  {
    title: 'MEMORY HELP lists USAGE and HELP',
    steps: [
      [
        'MEMORY HELP',
        satisfies('help lines naming USAGE and HELP', (actual) => {
          if (!Array.isArray(actual) || !actual.every((line) => typeof line === 'string')) return false;
          const lines = actual as string[];
          return lines[0].startsWith('MEMORY <subcommand>') && lines.some((line) => line.startsWith('USAGE <key>')) && lines.includes('HELP');
        }),
      ],
    ],
  },
];

export const INFO: readonly CaseTable[] = [
  { area: 'INFO', cases: infoCases },
  { area: 'MEMORY', cases: memoryCases },
];
