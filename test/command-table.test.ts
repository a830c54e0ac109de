/**
 * The command table against redis-server's own description of the same
 * commands: every row's (and subcommand row's) arity, key positions and
 * flags must be what COMMAND INFO reports, and its argument grammar what
 * COMMAND DOCS reports, so help, the server's COMMAND replies and clients
 * that read them see Redis's commands.
 */
import { expect, it } from 'vitest';
import { COMMANDS, type Command } from '../src/engine/commands.js';
import type { ArgSpec } from '../src/engine/commands/grammar.js';
import { describeRedis } from './support/redis-server.js';
import type { RespReply } from './support/resp.js';

/** Every row, subcommand rows included. */
const ROWS: Command[] = COMMANDS.flatMap((command) => [command, ...(command.subcommands ?? [])]);

/** The flags a row declares, among those Redis reports. */
const FLAGS = ['write', 'readonly', 'denyoom', 'fast'];

/** A RESP2 map (a flat list of names and values) as an object. */
function record(reply: RespReply): Record<string, RespReply> {
  const list = reply as RespReply[];
  const out: Record<string, RespReply> = {};
  for (let i = 0; i < list.length; i += 2) out[String(list[i])] = list[i + 1];
  return out;
}

/** COMMAND DOCS's arguments in the shape of {@link ArgSpec}. */
function grammar(reply: RespReply | undefined): ArgSpec[] {
  return ((reply ?? []) as RespReply[]).map((item) => {
    const doc = record(item);
    const flags = (doc.flags ?? []) as string[];
    return {
      name: String(doc.name),
      type: String(doc.type) as ArgSpec['type'],
      ...(doc.token === undefined ? {} : { token: String(doc.token) }),
      ...(flags.includes('optional') ? { optional: true } : {}),
      ...(flags.includes('multiple') ? { multiple: true } : {}),
      ...(doc.arguments === undefined ? {} : { args: grammar(doc.arguments) }),
    };
  });
}

/** COMMAND INFO's entries by name, subcommands included. */
function infoEntries(reply: RespReply[]): Map<string, RespReply[]> {
  const entries = new Map<string, RespReply[]>();
  for (const entry of reply as RespReply[][]) {
    entries.set(String(entry[0]), entry);
    for (const sub of (entry[9] ?? []) as RespReply[][]) entries.set(String(sub[0]), sub);
  }
  return entries;
}

describeRedis('the command table matches redis-server', (redis) => {
  it('arity, key positions and flags are what COMMAND INFO reports', async () => {
    const names = COMMANDS.map((command) => command.name);
    const entries = infoEntries((await redis.client.call('COMMAND', 'INFO', ...names)) as RespReply[]);
    for (const row of ROWS) {
      const entry = entries.get(row.name);
      expect(entry, row.name).toBeDefined();
      const [, arity, flags, first, last, step] = entry!;
      expect({ arity: row.arity, first: row.keys.first, last: row.keys.last, step: row.keys.step }, row.name).toEqual({ arity, first, last, step });
      const redisFlags = (flags as string[]).filter((flag) => FLAGS.includes(flag)).sort();
      expect([...row.flags].sort(), row.name).toEqual(redisFlags);
    }
  });

  it('argument grammars are what COMMAND DOCS reports', async () => {
    for (const row of ROWS) {
      const [container, sub] = row.name.split('|');
      const docs = record(((await redis.client.call('COMMAND', 'DOCS', container)) as RespReply[])[1]);
      const doc = sub === undefined ? docs : record(record(docs.subcommands)[row.name]);
      expect(row.args, row.name).toEqual(grammar(doc.arguments));
    }
  });
});
