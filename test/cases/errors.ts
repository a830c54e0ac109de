/**
 * Errors: unknown commands (how Redis quotes the name and arguments) and the
 * arity of every row of the command table, one too few arguments and one too
 * many. The arity cases are built from the table itself
 * (src/engine/commands.ts), so a new row gets them at once. Replies are
 * redis-server 7.0.15's.
 */
import { COMMANDS } from '../../src/engine/commands.js';
import { err, type Case, type CaseTable } from './model.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const raw = (...bytes: number[]): Uint8Array => Uint8Array.from(bytes);

const unknown: Case[] = [
  { title: 'An unknown command names itself and its arguments', steps: [['FOO a b', err("ERR unknown command 'FOO', with args beginning with: 'a' 'b' ")]] },
  { title: 'An unknown command without arguments ends the list empty', steps: [['nosuchcommand', err("ERR unknown command 'nosuchcommand', with args beginning with: ")]] },
  { title: 'An unknown command shows at most 128 characters of arguments', steps: [[['foo', 'x'.repeat(200), 'b'], err(`ERR unknown command 'foo', with args beginning with: '${'x'.repeat(128)}' `)]] },
  { title: 'An unknown command shows a newline in an argument as a space', steps: [[['foo', 'a\nb'], err("ERR unknown command 'foo', with args beginning with: 'a b' ")]] },
  { title: 'Command names are case-insensitive', steps: [['SeT k v', 'OK'], ['get k', 'v'], ['GET k', 'v'], ['gEt k', 'v']] },
  {
    title: 'Command names, subcommands and option tokens fold ASCII letters only, as strcasecmp does',
    steps: [
      ['\u212AEYS *', err("ERR unknown command '\u212AEYS', with args beginning with: '*' ")],
      ['MEMORY U\u017FAGE k', err("ERR unknown subcommand 'U\u017FAGE'. Try MEMORY HELP.")],
      ['FLUSHALL a\u017Fync', err('ERR syntax error')],
      ['SET k v \u212AEEPTTL', err('ERR syntax error')],
      ['SET k v kEePtTl', 'OK'],
    ],
  },
  {
    // Redis echoes the argument bytes; a client shows them decoded as UTF-8
    // (invalid bytes as U+FFFD), so a byte argument and the string with the
    // same bytes read the same.
    title: 'An unknown command quotes byte arguments as their bytes, decoded as UTF-8',
    steps: [[['foo', raw(0xff, 0xfe), utf8('é'), 'é'], err("ERR unknown command 'foo', with args beginning with: '\ufffd\ufffd' 'é' 'é' ")]],
  },
  {
    title: 'An unknown command counts its 128 characters in bytes',
    steps: [
      [['foo', 'é'.repeat(70), 'b'], err(`ERR unknown command 'foo', with args beginning with: '${'é'.repeat(64)}' `)],
      [['é'.repeat(70), 'a'], err(`ERR unknown command '${'é'.repeat(64)}', with args beginning with: 'a' `)],
    ],
  },
  {
    // C's "%s" stops at a NUL byte.
    title: 'An unknown command shows its name and arguments up to a NUL byte',
    steps: [[['fo\0o', 'a\0b', 'c'], err("ERR unknown command 'fo', with args beginning with: 'a' 'c' ")]],
  },
  { title: 'An empty command name is an unknown command', steps: [[['', 'a'], err("ERR unknown command '', with args beginning with: 'a' ")]] },
  { title: 'An unknown MEMORY subcommand is quoted as its bytes', steps: [[['MEMORY', utf8('é')], err("ERR unknown subcommand 'é'. Try MEMORY HELP.")]] },
];

/** Every row of the table, the subcommands of container commands (MEMORY) included. */
export const ROWS = COMMANDS.flatMap((command) => [command, ...(command.subcommands ?? [])]);

/**
 * One too few arguments for every row, and one too many for fixed arities. A
 * subcommand ("memory|usage") is sent as its words, and its arity counts them.
 */
const arity: Case[] = ROWS.flatMap((command): Case[] => {
  const wrong = err(`ERR wrong number of arguments for '${command.name}' command`);
  const name = command.name.split('|');
  const spelled = name.join(' ').toUpperCase();
  const min = Math.abs(command.arity);
  const cases: Case[] = [];
  if (min - 1 >= name.length && min > 1) {
    const args = Array.from({ length: min - 1 - name.length }, (_, i) => `a${i}`);
    cases.push({ title: `${spelled} with ${args.length} arguments is an arity error`, steps: [[[...name, ...args], wrong]] });
  }
  if (command.arity > 0) {
    const args = Array.from({ length: command.arity + 1 - name.length }, (_, i) => `a${i}`);
    cases.push({ title: `${spelled} with ${args.length} arguments is an arity error`, steps: [[[...name, ...args], wrong]] });
  }
  return cases;
});

export const ERRORS: readonly CaseTable[] = [
  { area: 'unknown commands', cases: unknown },
  { area: 'arity', cases: arity },
];
