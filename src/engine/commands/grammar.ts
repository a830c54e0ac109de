/**
 * A command's argument grammar: what each argument is, in the terms Redis's
 * COMMAND DOCS uses (so the server can answer COMMAND DOCS from the rows,
 * and a test holds every row to Redis's own grammar), and the syntax line
 * help prints, made from it.
 *
 *   SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | ...]
 *
 * is `key('key'), string('value'), oneOf('condition', [token('NX'),
 * token('XX')], OPTIONAL), token('GET', OPTIONAL), oneOf('expiration', [...],
 * OPTIONAL)`.
 *
 * The grammar describes; each row's `run` still parses, because Redis's
 * exact errors depend on the order it reads things in (a bad flag before a
 * bad number), which a generic parser would get wrong.
 */

/** An argument's type, as COMMAND DOCS names it. */
export type ArgType = 'key' | 'string' | 'integer' | 'double' | 'pattern' | 'unix-time' | 'pure-token' | 'oneof' | 'block';

/** One argument of a command (or one alternative or part of a compound one). */
export interface ArgSpec {
  /** Its name in the syntax line (for a pure token, the token in lower case). */
  readonly name: string;
  readonly type: ArgType;
  /** The word that comes before the value (`EX` in `EX seconds`), or the whole argument for a pure token. */
  readonly token?: string;
  /** Whether it may be left out. */
  readonly optional?: boolean;
  /** Whether it may be repeated. */
  readonly multiple?: boolean;
  /** The alternatives of a oneof, or the parts of a block. */
  readonly args?: readonly ArgSpec[];
}

/** Flags an argument may take. */
export interface ArgFlags {
  readonly token?: string;
  readonly optional?: boolean;
  readonly multiple?: boolean;
}

export const OPTIONAL: ArgFlags = { optional: true };
export const MULTIPLE: ArgFlags = { multiple: true };
export const OPTIONAL_MULTIPLE: ArgFlags = { optional: true, multiple: true };

function arg(type: ArgType, name: string, flags: ArgFlags = {}, args?: readonly ArgSpec[]): ArgSpec {
  return { name, type, ...flags, ...(args === undefined ? {} : { args }) };
}

export const key = (name: string, flags?: ArgFlags): ArgSpec => arg('key', name, flags);
export const string = (name: string, flags?: ArgFlags): ArgSpec => arg('string', name, flags);
export const integer = (name: string, flags?: ArgFlags): ArgSpec => arg('integer', name, flags);
export const double = (name: string, flags?: ArgFlags): ArgSpec => arg('double', name, flags);
export const pattern = (name: string, flags?: ArgFlags): ArgSpec => arg('pattern', name, flags);
export const unixTime = (name: string, flags?: ArgFlags): ArgSpec => arg('unix-time', name, flags);
/** A word on its own (`NX`), named by its lower case unless `name` says otherwise. */
export const token = (word: string, flags?: ArgFlags, name = word.toLowerCase()): ArgSpec => arg('pure-token', name, { ...flags, token: word });
export const oneOf = (name: string, args: readonly ArgSpec[], flags?: ArgFlags): ArgSpec => arg('oneof', name, flags, args);
export const block = (name: string, args: readonly ArgSpec[], flags?: ArgFlags): ArgSpec => arg('block', name, flags, args);

/** The syntax line for a command's arguments, as help prints it: `key value [NX | XX] [GET]`. */
export function syntaxOf(args: readonly ArgSpec[]): string {
  return args.map(argText).join(' ');
}

function argText(spec: ArgSpec): string {
  let text = spec.type === 'pure-token' ? spec.token! : bodyText(spec);
  if (spec.type !== 'pure-token' && spec.token !== undefined) text = `${spec.token} ${text}`;
  if (spec.multiple === true) text = `${text} [${text} ...]`;
  if (spec.optional === true) return `[${text}]`;
  return spec.type === 'oneof' ? `<${text}>` : text;
}

function bodyText(spec: ArgSpec): string {
  if (spec.type === 'oneof') return spec.args!.map(argText).join(' | ');
  if (spec.type === 'block') return spec.args!.map(argText).join(' ');
  return spec.name;
}
