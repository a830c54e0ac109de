/**
 * INFO: the report Redis's INFO command replies with, for the sections
 * flashkv can fill truthfully.
 *
 * FORMAT (Redis's, exactly): each section is a `# Title` line and then one
 * `field:value` line per figure, every line ending in CRLF; sections follow
 * one another with an empty line between them, in a fixed order whatever
 * order they were asked in. A section asked for by no name INFO knows is
 * skipped, so `INFO nosuchsection` replies with an empty string.
 *
 * SECTIONS: server, memory, stats and keyspace. `INFO`, `INFO default`,
 * `INFO all` and `INFO everything` all select the four (Redis's default adds
 * sections flashkv has nothing for, such as clients and replication; those
 * names select nothing here). Each field is one Redis reports, with the same
 * name and format, except `flashkv_version` and `flashkv_engine`:
 *
 *   server    redis_version (the protocol flashkv speaks), redis_mode,
 *             flashkv_version, flashkv_engine, uptime_in_seconds, uptime_in_days
 *   memory    used_memory, used_memory_rss, used_memory_peak (each also in
 *             Redis's human form), maxmemory:0 and maxmemory_policy:noeviction
 *             (what Redis shows with no maxmemory set: flashkv has no such
 *             setting and never evicts; a write that cannot get memory fails
 *             with OOM), mem_fragmentation_ratio (rss / used)
 *   stats     total_commands_processed, keyspace_hits, keyspace_misses
 *             (stats.ts says what counts)
 *   keyspace  db0:keys=N,expires=M,avg_ttl=0, only when N > 0; keys and
 *             expires count expired keys not yet reclaimed, as Redis's do;
 *             avg_ttl is not estimated and is always 0
 *
 * Memory figures are the engine's (Engine.memory): for the Wasm engine,
 * used is the bytes in live allocations and rss the size of linear memory;
 * for the TS engine both are an estimate from V8's object layouts, computed
 * by visiting every entry (so INFO's memory section is O(N) there).
 */
import { argText, asciiLower } from './args.js';
import type { CommandContext } from './commands.js';
import type { Bytes } from './engine.js';
import { VERSION } from '../version.js';

/** The Redis version whose protocol and replies flashkv follows. */
export const REDIS_VERSION = '7.0.15';

type Section = 'server' | 'memory' | 'stats' | 'keyspace';

/** Every section, in the order Redis prints them. */
const SECTIONS: readonly Section[] = ['server', 'memory', 'stats', 'keyspace'];

const TITLES: Record<Section, string> = { server: 'Server', memory: 'Memory', stats: 'Stats', keyspace: 'Keyspace' };

/** Names that select every section flashkv has. */
const EVERY_SECTION = new Set(['default', 'all', 'everything']);

const DAY_SECONDS = 86400;

/**
 * The INFO text for `args` (section names, any case). Called from the INFO
 * row, which has already counted itself in `ctx.stats.commands`: as in
 * Redis, the figure INFO prints leaves the INFO itself out.
 */
export function infoText(ctx: CommandContext, args: readonly Bytes[]): string {
  const wanted = selectSections(args);
  const parts: string[] = [];
  for (const section of SECTIONS) {
    if (!wanted.has(section)) continue;
    let text = `# ${TITLES[section]}\r\n`;
    for (const [field, value] of fields(ctx, section)) text += `${field}:${value}\r\n`;
    parts.push(text);
  }
  return parts.join('\r\n');
}

function selectSections(args: readonly Bytes[]): Set<Section> {
  if (args.length === 0) return new Set(SECTIONS);
  const wanted = new Set<Section>();
  for (const arg of args) {
    const name = asciiLower(argText(arg));
    if (EVERY_SECTION.has(name)) return new Set(SECTIONS);
    if ((SECTIONS as readonly string[]).includes(name)) wanted.add(name as Section);
  }
  return wanted;
}

function fields(ctx: CommandContext, section: Section): [string, string | number][] {
  const { engine, stats } = ctx;
  switch (section) {
    case 'server': {
      const uptime = Math.max(0, Math.floor((engine.now - stats.startedAt) / 1000));
      return [
        ['redis_version', REDIS_VERSION],
        ['redis_mode', 'standalone'],
        ['flashkv_version', VERSION],
        ['flashkv_engine', engine.kind],
        ['uptime_in_seconds', uptime],
        ['uptime_in_days', Math.floor(uptime / DAY_SECONDS)],
      ];
    }
    case 'memory': {
      const memory = engine.memory();
      return [
        ['used_memory', memory.used],
        ['used_memory_human', humanBytes(memory.used)],
        ['used_memory_rss', memory.reserved],
        ['used_memory_rss_human', humanBytes(memory.reserved)],
        ['used_memory_peak', memory.peak],
        ['used_memory_peak_human', humanBytes(memory.peak)],
        ['maxmemory', 0],
        ['maxmemory_human', humanBytes(0)],
        ['maxmemory_policy', 'noeviction'],
        ['mem_fragmentation_ratio', memory.used === 0 ? '0.00' : twoDecimals(memory.reserved, memory.used)],
      ];
    }
    case 'stats':
      return [
        ['total_commands_processed', stats.commands - 1],
        ['keyspace_hits', stats.hits],
        ['keyspace_misses', stats.misses],
      ];
    case 'keyspace': {
      const keys = engine.dbsize();
      return keys === 0 ? [] : [['db0', `keys=${keys},expires=${engine.expiresCount()},avg_ttl=0`]];
    }
  }
}

const HUMAN_UNITS = ['K', 'M', 'G', 'T', 'P'];

/**
 * A byte count as Redis shows it next to the exact figure: plain bytes
 * below 1 KiB ("1023B"), else the count in the largest binary unit it
 * reaches, with two decimals ("1.05M", "1024.00K" just below 1 MiB), and
 * plain bytes again from 1024 PiB on.
 */
export function humanBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  let unit = 0;
  let scale = 1024;
  while (unit < HUMAN_UNITS.length - 1 && bytes >= scale * 1024) {
    scale *= 1024;
    unit++;
  }
  if (bytes >= scale * 1024) return `${bytes}B`;
  return twoDecimals(bytes, scale) + HUMAN_UNITS[unit];
}

/**
 * numerator / denominator (non-negative integers, denominator > 0) with two
 * decimals, rounded to the nearest and ties to even, as C's printf("%.2f")
 * rounds the exact value. Number.prototype.toFixed rounds ties up instead
 * (1152 / 1024 = 1.125 gives "1.13" there, "1.12" from printf), so the
 * rounding is done here on integers.
 */
export function twoDecimals(numerator: number, denominator: number): string {
  const scaled = BigInt(Math.round(numerator)) * 100n;
  const divisor = BigInt(Math.round(denominator));
  let hundredths = scaled / divisor;
  const twiceRest = (scaled % divisor) * 2n;
  if (twiceRest > divisor || (twiceRest === divisor && (hundredths & 1n) === 1n)) hundredths++;
  const digits = hundredths.toString().padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
