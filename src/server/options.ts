/**
 * The flashkv-server command line and config file, in redis-server's terms:
 *
 *   flashkv-server [/path/to/flashkv.conf] [--port 6380] [--dir ./data] ...
 *
 * A config file has redis.conf's syntax (one directive and its arguments per
 * line, # comments, quoted arguments); command-line options are the same
 * directives after `--` and win over the file, as redis-server's do. The
 * directives flashkv knows: port, bind, dir, appendfsync, requirepass,
 * maxclients, hash-max-listpack-entries, hash-max-listpack-value,
 * set-max-intset-entries (and the -ziplist- names), and flashkv's own
 * engine; `dir ""` is not a thing: `--memory`
 * keeps no log. Anything else is refused with Redis's wording.
 */
import { encodingDirective } from './config.js';
import type { ServerOptions } from './server.js';

/** A refusal meant for the user, in redis-server's words. */
export class ConfigError extends Error {}

/** The options `argv` (without node and the script) and the file it names, if any, give. */
export function parseServerArgs(argv: readonly string[], readFile: (path: string) => string): ServerOptions & { help: boolean; version: boolean } {
  const options: ServerOptions & { help: boolean; version: boolean } = { help: false, version: false };
  let rest = argv;
  if (rest[0] === '-h' || rest[0] === '--help') return { ...options, help: true };
  if (rest[0] === '-v' || rest[0] === '--version') return { ...options, version: true };
  if (rest.length > 0 && !rest[0].startsWith('--')) {
    const path = rest[0];
    let text: string;
    try {
      text = readFile(path);
    } catch (error) {
      throw new ConfigError(`Fatal error, can't open config file '${path}': ${(error as Error).message}`);
    }
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const words = splitConfigLine(lines[i]);
      if (words === null) throw fatal(i + 1, lines[i], 'Unbalanced quotes in configuration line');
      if (words.length === 0 || words[0].startsWith('#')) continue;
      apply(options, words, (why = 'Bad directive or wrong number of arguments') => fatal(i + 1, lines[i], why));
    }
    rest = rest.slice(1);
  }
  for (let i = 0; i < rest.length; ) {
    const name = rest[i];
    if (!name.startsWith('--')) throw new ConfigError(`Invalid argument '${name}': options start with --`);
    const words = [name.slice(2)];
    i++;
    while (i < rest.length && !rest[i].startsWith('--')) words.push(rest[i++]);
    apply(options, words, (why = 'Bad directive or wrong number of arguments') => new ConfigError(`${why}: --${words.join(' ')}`));
  }
  return options;
}

function fatal(line: number, text: string, why: string): ConfigError {
  return new ConfigError(`\n*** FATAL CONFIG FILE ERROR (flashkv-server) ***\nReading the configuration file, at line ${line}\n>>> '${text.trim()}'\n${why}`);
}

function apply(options: ServerOptions, words: string[], bad: (why?: string) => ConfigError): void {
  const [name, ...args] = words;
  const one = (): string => {
    if (args.length !== 1) throw bad();
    return args[0];
  };
  switch (name.toLowerCase()) {
    case 'port': {
      const port = Number(one());
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`Invalid port: ${args[0]}`);
      options.port = port;
      return;
    }
    case 'bind':
      if (args.length === 0) throw bad();
      // One address: the first, as flashkv-server listens on one.
      options.bind = args[0];
      return;
    case 'dir':
      options.dir = one();
      return;
    case 'memory':
      if (args.length !== 0) throw bad();
      options.dir = null;
      return;
    case 'appendfsync': {
      const policy = one().toLowerCase();
      if (policy !== 'always' && policy !== 'everysec' && policy !== 'no') throw new ConfigError(`argument(s) must be one of the following: always, everysec, no (appendfsync ${args[0]})`);
      options.appendfsync = policy;
      return;
    }
    case 'requirepass':
      options.requirepass = one() === '' ? null : args[0];
      return;
    case 'maxclients': {
      const count = Number(one());
      if (!Number.isInteger(count) || count < 1) throw new ConfigError(`Invalid maxclients: ${args[0]}`);
      options.maxclients = count;
      return;
    }
    case 'engine': {
      const engine = one();
      if (engine !== 'wasm' && engine !== 'ts') throw new ConfigError(`Invalid engine '${engine}': wasm or ts`);
      options.engine = engine;
      return;
    }
    default: {
      if (args.length !== 1) throw bad();
      const limit = encodingDirective(name, args[0]);
      if (limit === null) throw bad();
      if (typeof limit === 'string') throw bad(limit);
      options.encoding = { ...options.encoding, [limit.key]: limit.value };
    }
  }
}

/** A config line's words, quotes as redis.conf reads them; null for unbalanced quotes. */
function splitConfigLine(line: string): string[] | null {
  const words: string[] = [];
  const pattern = /\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+))/gy;
  let at = 0;
  for (;;) {
    pattern.lastIndex = at;
    const match = pattern.exec(line);
    if (match === null) break;
    words.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : (match[2] ?? match[3]));
    at = pattern.lastIndex;
  }
  return line.slice(at).trim() === '' ? words : null;
}
