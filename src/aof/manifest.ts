/**
 * The manifest of a multi-part append-only log, in Redis 7's format, so a
 * directory flashkv writes loads in redis-server and one redis-server wrote
 * loads in flashkv.
 *
 * The manifest, `appendonly.aof.manifest`, lists the files that make up the
 * dataset, one per line:
 *
 *   file appendonly.aof.2.base.aof seq 2 type b
 *   file appendonly.aof.2.incr.aof seq 2 type i
 *   file appendonly.aof.3.incr.aof seq 3 type i
 *
 * Replaying the base (at most one: a snapshot written by a rewrite) and then
 * each incremental file in order rebuilds the dataset. Type `h` marks a
 * history file a rewrite superseded, kept only until it is deleted. Every
 * file is RESP; a base in RDB format (`.base.rdb`, Redis's default
 * aof-use-rdb-preamble yes) is not something flashkv reads.
 */

import type { Storage } from '../storage/storage.js';

export const MANIFEST_NAME = 'appendonly.aof.manifest';
const PREFIX = 'appendonly.aof';

/** One line of the manifest. */
export interface ManifestEntry {
  name: string;
  seq: number;
  type: 'b' | 'i' | 'h';
}

/** The files of a log, in replay order. */
export interface Manifest {
  base: ManifestEntry | null;
  incrs: ManifestEntry[];
}

export function baseName(seq: number): string {
  return `${PREFIX}.${seq}.base.aof`;
}

export function incrName(seq: number): string {
  return `${PREFIX}.${seq}.incr.aof`;
}

/** The files of a manifest in replay order: the base, then the incremental files. */
export function replayOrder(manifest: Manifest): ManifestEntry[] {
  return manifest.base === null ? manifest.incrs : [manifest.base, ...manifest.incrs];
}

/** Reads and parses the manifest of the log in `storage`; null when there is none. */
export async function readManifest(storage: Storage): Promise<Manifest | null> {
  const bytes = await storage.read(MANIFEST_NAME);
  return bytes === null ? null : parseManifest(new TextDecoder('latin1').decode(bytes), `${storage.location}/${MANIFEST_NAME}`);
}

/** The manifest's text: base first, then the incremental files in order. */
export function formatManifest(manifest: Manifest): string {
  return replayOrder(manifest).map((entry) => `file ${entry.name} seq ${entry.seq} type ${entry.type}\n`).join('');
}

/** Reads a manifest's text; throws an Error naming the line for anything it cannot read. */
export function parseManifest(text: string, location: string): Manifest {
  const manifest: Manifest = { base: null, incrs: [] };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const fail = (why: string): never => {
      throw new Error(`flashkv: invalid manifest ${location}, line ${i + 1} (${JSON.stringify(line)}): ${why}`);
    };
    const words = line.split(/\s+/);
    if (words.length % 2 !== 0) fail('expected key value pairs');
    const fields = new Map<string, string>();
    for (let w = 0; w < words.length; w += 2) fields.set(words[w], words[w + 1]);
    const name = fields.get('file');
    const seqText = fields.get('seq');
    const type = fields.get('type');
    if (name === undefined || seqText === undefined || type === undefined) fail('a line needs file, seq and type');
    if (name!.startsWith('"') || name!.includes('/')) fail('the file name must be a plain name in the directory');
    if (!/^[0-9]+$/.test(seqText!)) fail('seq must be a number');
    if (type !== 'b' && type !== 'i' && type !== 'h') fail(`unknown file type '${type}'`);
    const entry: ManifestEntry = { name: name!, seq: Number(seqText), type: type as ManifestEntry['type'] };
    if (entry.type === 'b') {
      if (manifest.base !== null) fail('more than one base file');
      if (entry.name.endsWith('.rdb')) {
        fail('the base file is in RDB format, which flashkv does not read; have redis-server write it with aof-use-rdb-preamble no (CONFIG SET aof-use-rdb-preamble no, then BGREWRITEAOF)');
      }
      manifest.base = entry;
    } else if (entry.type === 'i') {
      const last = manifest.incrs.at(-1);
      if (last !== undefined && entry.seq <= last.seq) fail('incremental files out of order');
      manifest.incrs.push(entry);
    }
  }
  return manifest;
}
