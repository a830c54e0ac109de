/**
 * help: the REPL's `help` command, printed from the command table (the same
 * rows that dispatch commands, so help can never list a command that does not
 * exist or miss one that does).
 *
 *   help              usage
 *   help <command>    the command's syntax, summary, complexity, since, group
 *   help @<group>     every command in the group, by name
 *
 * The layout follows redis-cli's (cliOutputCommandHelp): an empty line, the
 * command in upper case with its syntax, then indented "label: value" lines,
 * and an empty line at the end. With `colour`, the name is bold, the syntax
 * grey and the labels yellow, as redis-cli shows them on a terminal; without
 * it (output to a pipe) the text is plain.
 */
import { COMMANDS, lookupCommand, syntaxLine, type Command } from '../engine/commands.js';

const BOLD = '\x1b[1m';
const GREY = '\x1b[90m';
const YELLOW = '\x1b[33m';
const RESET = '\x1b[0m';

/** The command groups that have at least one command, in table order. */
export function commandGroups(): string[] {
  return [...new Set(COMMANDS.map((command) => command.group))];
}

/**
 * helpText: what `help ...args` prints. `args` are the words after "help";
 * `banner` heads the usage text (the program name and version).
 */
export function helpText(args: readonly string[], options: { colour: boolean; banner: string }): string {
  if (args.length === 0) return usage(options.banner);
  const topic = args.join(' ');
  if (topic.startsWith('@')) {
    const group = topic.slice(1).toLowerCase();
    const rows = COMMANDS.filter((command) => command.group === group).sort((a, b) => (a.name < b.name ? -1 : 1));
    if (rows.length === 0) return `No command group named "${group}". Groups: ${groupList()}.\n`;
    return '\n' + rows.map((row) => commandHelp(row, false, options.colour)).join('') + '\n';
  }
  const command = args.length === 1 ? lookupCommand(args[0]) : undefined;
  if (command === undefined) return `No help for "${topic}". Type "help" for usage, "help @<group>" to list a group.\n`;
  return '\n' + commandHelp(command, true, options.colour) + '\n';
}

/** One command's entry: syntax line, then summary, complexity, since and (unless listing a group) group. */
export function commandHelp(command: Command, withGroup: boolean, colour: boolean): string {
  const paint = (style: string, text: string): string => (colour ? style + text + RESET : text);
  const label = (name: string, value: string): string => `  ${paint(YELLOW, name + ':')} ${value}\n`;
  const line = syntaxLine(command);
  const syntax = line === '' ? '' : ' ' + paint(GREY, line);
  let out = `  ${paint(BOLD, command.name.toUpperCase())}${syntax}\n`;
  out += label('summary', command.summary);
  out += label('complexity', command.complexity);
  out += label('since', command.since);
  if (withGroup) out += label('group', command.group);
  return out;
}

function groupList(): string {
  return commandGroups().map((group) => '@' + group).join(', ');
}

function usage(banner: string): string {
  return [
    banner,
    'Type commands as in redis-cli: words separated by spaces, "double quotes" with',
    '\\n \\t \\xHH escapes, or \'single quotes\' taken literally. "3 incr n" runs a command 3 times.',
    '',
    '  help <command>   what a command does, its arguments and its cost',
    `  help @<group>    every command of a group: ${groupList()}`,
    '  quit, exit       leave the prompt',
    '',
  ].join('\n');
}
