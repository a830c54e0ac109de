/**
 * Sets in the pure-TS engine (Redis 7.0's t_set.c): the value type and one
 * function per set {@link Op} (abi.ts says what each receives and replies).
 *
 * REPRESENTATION (Redis 7.0's two encodings; listpack sets came in 7.2)
 *
 * - intset: while every member is an integer (its canonical decimal text
 *   within signed 64 bits, as Redis's string2ll reads it: integer.ts
 *   parseInt64) and there are at most set-max-intset-entries members. An
 *   array of the integers, ascending ({@link Int}s: numbers while safe,
 *   bigints beyond, each in the one form parseInt64 gives, so `===` and `<`
 *   compare them exactly). Lookups bisect; an insert or a removal moves the
 *   tail, O(n) as Redis's intset is. Members come back ascending, as Redis's.
 * - hashtable: a {@link ScanMap} of members in key form (encoding.ts), from
 *   the first member that is not an integer or the first past the limit,
 *   and never back. Its order is insertion order; SSCAN resumes by sequence
 *   number (scan-map.ts, SCAN CURSORS).
 *
 * A set built by a command (SADD to a new key, SMOVE's destination, the
 * *STORE results, SPOP's rebuilt set) starts as an empty intset and converts
 * as members come, as Redis builds it, so OBJECT ENCODING agrees.
 *
 * Every function looks up its keys (expiring them lazily) and checks every
 * key's type before changing anything, records its effect (effects.ts) and
 * journals in-place edits (journal.ts): an intset insert or removal, the
 * conversion, and the ScanMap's own entries. A set emptied loses its key.
 */
import { CallFlags, Op, type As, type Bytes, type EncodingLimits, type Int } from '../engine.js';
import { WrongTypeError } from '../../errors/wrongtype-error.js';
import { parseInt64 } from '../integer.js';
import type { Reply } from '../reply.js';
import type { CollectionContext, OpTable } from './collections.js';
import { cursorReply, scanCount, scanMatches, scanPattern } from './collection-scan.js';
import { keyReply } from './encoding.js';
import type { Journal, UndoEntry } from './journal.js';
import type { Keyspace } from './keyspace.js';
import type { Random } from './random.js';
import { checkReplyItems, sample, type Population } from './sampling.js';
import { ScanMap } from './scan-map.js';
import { argKey } from './strings.js';
import type { CollectionValue } from './value.js';

/** Where `n` is in the ascending `ints`, or where it would go (then `ints[at] !== n`). */
function bisect(ints: readonly Int[], n: Int): number {
  let low = 0;
  let high = ints.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (ints[mid] < n) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** A set value: see the module comment. Exactly one of #ints and #members is non-null. */
export class SetValue implements CollectionValue, Population {
  readonly type = 'set' as const;
  /** The intset, ascending; null once hashtable. */
  #ints: Int[] | null;
  /** The hashtable; null while intset. */
  #members: ScanMap<never> | null;

  /** An empty intset (a set in the making), or a copy's parts. */
  constructor(ints: Int[] | null = [], members: ScanMap<never> | null = null) {
    this.#ints = ints;
    this.#members = members;
  }

  get encoding(): 'intset' | 'hashtable' {
    return this.#ints !== null ? 'intset' : 'hashtable';
  }

  get size(): number {
    return this.#ints !== null ? this.#ints.length : (this.#members as ScanMap<never>).size;
  }

  /** COPY's duplicate: same members, order and encoding. */
  clone(): SetValue {
    return this.#ints !== null ? new SetValue(this.#ints.slice()) : new SetValue(null, (this.#members as ScanMap<never>).clone());
  }

  /** The intset's integers (null for a hashtable): for memory estimates and snapshots, read only. */
  get ints(): readonly Int[] | null {
    return this.#ints;
  }

  /** The hashtable (null for an intset): for memory estimates and snapshots, read only. */
  get members(): ScanMap<never> | null {
    return this.#members;
  }

  /** Whether `member` (key form) is in the set. */
  has(member: string): boolean {
    const ints = this.#ints;
    if (ints === null) return (this.#members as ScanMap<never>).has(member);
    const n = parseInt64(member);
    return n !== null && ints[bisect(ints, n)] === n;
  }

  /**
   * Adds `member` (key form), converting to hashtable as Redis's setTypeAdd
   * does: for a member that is not an integer, or once the intset passes
   * set-max-intset-entries. Returns whether it was added.
   */
  add(member: string, limits: EncodingLimits, journal: Journal | null): boolean {
    const ints = this.#ints;
    if (ints !== null) {
      const n = parseInt64(member);
      if (n !== null) {
        const at = bisect(ints, n);
        if (ints[at] === n) return false;
        ints.splice(at, 0, n);
        if (journal !== null) journal.record(new IntsetUndo(this, n, true));
        if (ints.length > limits.setMaxIntsetEntries) this.#toHashtable(journal);
        return true;
      }
      this.#toHashtable(journal);
    }
    return (this.#members as ScanMap<never>).set(member, undefined, journal);
  }

  /** Removes `member` (key form); whether it was there. */
  remove(member: string, journal: Journal | null): boolean {
    const ints = this.#ints;
    if (ints === null) return (this.#members as ScanMap<never>).delete(member, journal);
    const n = parseInt64(member);
    if (n === null) return false;
    const at = bisect(ints, n);
    if (ints[at] !== n) return false;
    this.#removeInt(at, journal);
    return true;
  }

  #removeInt(at: number, journal: Journal | null): void {
    const ints = this.#ints as Int[];
    if (journal !== null) journal.record(new IntsetUndo(this, ints[at], false));
    ints.splice(at, 1);
  }

  /** The member at `position` (an intset index or a hashtable slot), in key form. */
  memberAt(position: number): string {
    const ints = this.#ints;
    return ints !== null ? String(ints[position]) : ((this.#members as ScanMap<never>).keyAt(position) as string);
  }

  /** Removes the member at `position` (which holds one). */
  removeAt(position: number, journal: Journal | null): void {
    if (this.#ints !== null) this.#removeInt(position, journal);
    else (this.#members as ScanMap<never>).deleteAt(position, journal);
  }

  randomPosition(random: Random): number {
    const ints = this.#ints;
    return ints !== null ? random.below(ints.length) : (this.#members as ScanMap<never>).randomPosition(random);
  }

  positions(): number[] {
    const ints = this.#ints;
    if (ints === null) return (this.#members as ScanMap<never>).positions();
    const out = new Array<number>(ints.length);
    for (let i = 0; i < out.length; i++) out[i] = i;
    return out;
  }

  /** Every member in key form, in the set's order (ascending for an intset). */
  memberList(): string[] {
    const ints = this.#ints;
    if (ints !== null) return ints.map(String);
    const members = this.#members as ScanMap<never>;
    const out: string[] = [];
    for (let slot = 0; slot < members.slotCount; slot++) {
      const member = members.keyAt(slot);
      if (member !== undefined) out.push(member);
    }
    return out;
  }

  /** Intset to hashtable, members in ascending order, as Redis's setTypeConvert; the intset is kept by the journal, untouched. */
  #toHashtable(journal: Journal | null): void {
    const ints = this.#ints as Int[];
    const members = new ScanMap<never>(false);
    for (const n of ints) members.set(String(n), undefined, null);
    if (journal !== null) journal.record(new ConvertUndo(this, ints));
    this.#ints = null;
    this.#members = members;
  }

  // --- undo (journal entries only; these journal nothing) --------------------

  /** Undoes an intset insert (`added`) or removal of `n`. */
  undoIntset(n: Int, added: boolean): void {
    const ints = this.#ints as Int[];
    const at = bisect(ints, n);
    if (added) ints.splice(at, 1);
    else ints.splice(at, 0, n);
  }

  /** Undoes the conversion: the intset as it was (nothing changed it since). */
  undoConvert(ints: Int[]): void {
    this.#ints = ints;
    this.#members = null;
  }
}

/** An integer inserted into (`added`) or removed from an intset: undo does the opposite. */
class IntsetUndo implements UndoEntry {
  constructor(
    readonly set: SetValue,
    readonly n: Int,
    readonly added: boolean,
  ) {}

  undo(): void {
    this.set.undoIntset(this.n, this.added);
  }
}

/** An intset converted to hashtable: undo puts the intset back. */
class ConvertUndo implements UndoEntry {
  constructor(
    readonly set: SetValue,
    readonly ints: Int[],
  ) {}

  undo(): void {
    this.set.undoConvert(this.ints);
  }
}

// --- common ------------------------------------------------------------------

/** The live set at `key`, undefined if absent; WRONGTYPE for other types. */
function readSet(keyspace: Keyspace, key: string): SetValue | undefined {
  const value = keyspace.lookup(key);
  if (value === undefined || value instanceof SetValue) return value;
  throw new WrongTypeError();
}

/** The sets at `keys`, looked up and type-checked in order (undefined for an absent key). */
function readSets(keyspace: Keyspace, keys: readonly string[]): (SetValue | undefined)[] {
  return keys.map((key) => readSet(keyspace, key));
}

function argKeys(args: readonly Bytes[], from: number): string[] {
  const out = new Array<string>(args.length - from);
  for (let i = from; i < args.length; i++) out[i - from] = argKey(args[i]);
  return out;
}

/** A new set of `members`, built as Redis builds one (intset first, converting as they come). */
function buildSet(members: Iterable<string>, limits: EncodingLimits): SetValue {
  const set = new SetValue();
  for (const member of members) set.add(member, limits, null);
  return set;
}

function membersReply(members: readonly string[], as: As): Reply[] {
  const out: Reply[] = new Array(members.length);
  for (let i = 0; i < members.length; i++) out[i] = keyReply(members[i], as);
  return out;
}

/** Removes `key` once its set is empty. */
function dropIfEmpty(keyspace: Keyspace, key: string, set: SetValue): void {
  if (set.size === 0) keyspace.remove(key);
}

// --- commands ----------------------------------------------------------------

function sadd(ctx: CollectionContext, args: readonly Bytes[]): Reply {
  const key = argKey(args[0]);
  const members = argKeys(args, 1);
  const existing = readSet(ctx.keyspace, key);
  let added = 0;
  if (existing !== undefined) {
    const journal = ctx.keyspace.journal;
    for (const member of members) if (existing.add(member, ctx.limits, journal)) added++;
  } else {
    const created = new SetValue();
    for (const member of members) if (created.add(member, ctx.limits, null)) added++;
    ctx.keyspace.insert(key, created);
  }
  if (added > 0) ctx.effects.elements('SADD', key, members);
  return added;
}

function srem(ctx: CollectionContext, args: readonly Bytes[]): Reply {
  const key = argKey(args[0]);
  const members = argKeys(args, 1);
  const set = readSet(ctx.keyspace, key);
  if (set === undefined) return 0;
  const journal = ctx.keyspace.journal;
  let removed = 0;
  for (const member of members) {
    if (!set.remove(member, journal)) continue;
    removed++;
    if (set.size === 0) {
      ctx.keyspace.remove(key);
      break;
    }
  }
  if (removed > 0) ctx.effects.elements('SREM', key, members);
  return removed;
}

function sismember(ctx: CollectionContext, args: readonly Bytes[]): Reply {
  const set = readSet(ctx.keyspace, argKey(args[0]));
  return set !== undefined && set.has(argKey(args[1])) ? 1 : 0;
}

function smismember(ctx: CollectionContext, args: readonly Bytes[]): Reply {
  const set = readSet(ctx.keyspace, argKey(args[0]));
  const out: Reply[] = new Array(args.length - 1);
  for (let i = 1; i < args.length; i++) out[i - 1] = set !== undefined && set.has(argKey(args[i])) ? 1 : 0;
  return out;
}

function scard(ctx: CollectionContext, args: readonly Bytes[]): Reply {
  return readSet(ctx.keyspace, argKey(args[0]))?.size ?? 0;
}

function smembers(ctx: CollectionContext, args: readonly Bytes[], as: As): Reply {
  const set = readSet(ctx.keyspace, argKey(args[0]));
  return set === undefined ? [] : membersReply(set.memberList(), as);
}

/** SPOP_MOVE_STRATEGY_MUL: SPOP keeps the set and removes the popped members while what remains is more than count / 5. */
const SPOP_MOVE_STRATEGY_MUL = 5;

/**
 * SPOP, by the cases of Redis's spopWithCountCommand: all members when the
 * count reaches the size (the key goes); random members removed one by one
 * while the set keeps more than count / 5 of them (CASE 2); otherwise the
 * members that stay are drawn and become a new set, built as Redis builds
 * it (CASE 3), and the rest are popped. Effect: one SREM of the popped.
 */
function spop(ctx: CollectionContext, args: readonly Bytes[], as: As, n: Int, flags: number): Reply {
  const key = argKey(args[0]);
  const set = readSet(ctx.keyspace, key);
  const keyspace = ctx.keyspace;
  const journal = keyspace.journal;
  const hasCount = (flags & CallFlags.HasCount) !== 0;
  if (set === undefined) return hasCount ? [] : null;
  if (!hasCount) {
    const position = set.randomPosition(ctx.random);
    const member = set.memberAt(position);
    set.removeAt(position, journal);
    dropIfEmpty(keyspace, key, set);
    ctx.effects.elements('SREM', key, [member]);
    return keyReply(member, as);
  }
  const count = Number(n);
  if (count === 0) return [];
  const size = set.size;
  let popped: string[];
  if (count >= size) {
    popped = set.memberList();
    keyspace.remove(key);
  } else if ((size - count) * SPOP_MOVE_STRATEGY_MUL > count) {
    popped = new Array<string>(count);
    for (let i = 0; i < count; i++) {
      const position = set.randomPosition(ctx.random);
      popped[i] = set.memberAt(position);
      set.removeAt(position, journal);
    }
  } else {
    const kept = sample(set, ctx.random, size - count);
    const keptSet = new Set(kept);
    popped = [];
    for (const position of set.positions()) if (!keptSet.has(position)) popped.push(set.memberAt(position));
    // Stored whole under the key (its entry journals the old set, untouched).
    keyspace.insert(
      key,
      buildSet(
        kept.map((position) => set.memberAt(position)),
        ctx.limits,
      ),
    );
  }
  ctx.effects.elements('SREM', key, popped);
  return membersReply(popped, as);
}

/**
 * SRANDMEMBER, by the cases of Redis's srandmemberWithCountCommand: a
 * negative count draws with repeats; a count of at least the size returns
 * the whole set; otherwise distinct members (sampling.ts).
 */
function srandmember(ctx: CollectionContext, args: readonly Bytes[], as: As, n: Int, flags: number): Reply {
  const set = readSet(ctx.keyspace, argKey(args[0]));
  const random = ctx.random;
  if ((flags & CallFlags.HasCount) === 0) return set === undefined ? null : keyReply(set.memberAt(set.randomPosition(random)), as);
  const count = Number(n);
  if (set === undefined || count === 0) return [];
  if (count >= set.size) return membersReply(set.memberList(), as);
  const out: Reply[] = [];
  if (count < 0) {
    checkReplyItems(-count);
    for (let i = 0; i < -count; i++) out.push(keyReply(set.memberAt(set.randomPosition(random)), as));
  } else {
    for (const position of sample(set, random, count)) out.push(keyReply(set.memberAt(position), as));
  }
  return out;
}

/**
 * SMOVE, in Redis's order: an absent source replies 0 (whatever the
 * destination holds); then WRONGTYPE for either key; a move onto the same
 * set only says whether the member is there; a destination that holds the
 * member already still counts as a move.
 */
function smove(ctx: CollectionContext, args: readonly Bytes[]): Reply {
  const src = argKey(args[0]);
  const dst = argKey(args[1]);
  const member = argKey(args[2]);
  const keyspace = ctx.keyspace;
  const srcValue = keyspace.lookup(src);
  const dstValue = keyspace.lookup(dst);
  if (srcValue === undefined) return 0;
  if (!(srcValue instanceof SetValue) || (dstValue !== undefined && !(dstValue instanceof SetValue))) throw new WrongTypeError();
  if (srcValue === dstValue) return srcValue.has(member) ? 1 : 0;
  const journal = keyspace.journal;
  if (!srcValue.remove(member, journal)) return 0;
  dropIfEmpty(keyspace, src, srcValue);
  if (dstValue !== undefined) dstValue.add(member, ctx.limits, journal);
  else keyspace.insert(dst, buildSet([member], ctx.limits));
  ctx.effects.smove(src, dst, member);
  return 1;
}

/** SUNION's members: every set's, each once, gathered into a set as Redis's temporary set. */
function union(sets: readonly (SetValue | undefined)[], limits: EncodingLimits): SetValue {
  const result = new SetValue();
  for (const set of sets) {
    if (set === undefined) continue;
    for (const member of set.memberList()) result.add(member, limits, null);
  }
  return result;
}

/** SDIFF's members: the first set's that are in none of the others. */
function difference(sets: readonly (SetValue | undefined)[], limits: EncodingLimits): SetValue {
  const result = new SetValue();
  const first = sets[0];
  if (first === undefined) return result;
  for (const member of first.memberList()) {
    let keep = true;
    for (let j = 1; j < sets.length && keep; j++) {
      const other = sets[j];
      if (other !== undefined && (other === first || other.has(member))) keep = false;
    }
    if (keep) result.add(member, limits, null);
  }
  return result;
}

/**
 * The intersection's members, in the order of the smallest set (which is
 * walked, the others probed, as Redis's sinterGenericCommand does), stopping
 * after `limit` (0 for no limit). Empty when any key is absent.
 */
function intersection(sets: readonly (SetValue | undefined)[], limit: number): string[] {
  if (sets.some((set) => set === undefined)) return [];
  const sorted = (sets as SetValue[]).slice().sort((a, b) => a.size - b.size);
  const smallest = sorted[0];
  const out: string[] = [];
  for (const member of smallest.memberList()) {
    let inAll = true;
    for (let j = 1; j < sorted.length && inAll; j++) {
      if (sorted[j] !== smallest && !sorted[j].has(member)) inAll = false;
    }
    if (!inAll) continue;
    out.push(member);
    if (out.length === limit) break;
  }
  return out;
}

function sunion(ctx: CollectionContext, args: readonly Bytes[], as: As): Reply {
  return membersReply(union(readSets(ctx.keyspace, argKeys(args, 0)), ctx.limits).memberList(), as);
}

function sinter(ctx: CollectionContext, args: readonly Bytes[], as: As): Reply {
  return membersReply(intersection(readSets(ctx.keyspace, argKeys(args, 0)), 0), as);
}

function sdiff(ctx: CollectionContext, args: readonly Bytes[], as: As): Reply {
  return membersReply(difference(readSets(ctx.keyspace, argKeys(args, 0)), ctx.limits).memberList(), as);
}

function sintercard(ctx: CollectionContext, args: readonly Bytes[], _as: As, limit: Int): Reply {
  return intersection(readSets(ctx.keyspace, argKeys(args, 0)), Number(limit)).length;
}

/**
 * The *STORE commands: the result, computed from the source keys (looked up
 * and type-checked first), replaces the destination whatever it held, with
 * no expiry; an empty result deletes it. Effect: the command as given, when
 * the dataset changed (the destination existed, or the result is not empty).
 */
function store(ctx: CollectionContext, command: 'SUNIONSTORE' | 'SINTERSTORE' | 'SDIFFSTORE', args: readonly Bytes[], compute: (sets: (SetValue | undefined)[]) => SetValue): Reply {
  const keys = argKeys(args, 0);
  const dst = keys[0];
  const result = compute(readSets(ctx.keyspace, keys.slice(1)));
  const keyspace = ctx.keyspace;
  const existed = keyspace.lookup(dst) !== undefined;
  if (result.size > 0) keyspace.replace(dst, result);
  else if (existed) keyspace.remove(dst);
  if (existed || result.size > 0) ctx.effects.keysCommand(command, keys);
  return result.size;
}

function sunionstore(ctx: CollectionContext, args: readonly Bytes[]): Reply {
  return store(ctx, 'SUNIONSTORE', args, (sets) => union(sets, ctx.limits));
}

function sinterstore(ctx: CollectionContext, args: readonly Bytes[]): Reply {
  return store(ctx, 'SINTERSTORE', args, (sets) => buildSet(intersection(sets, 0), ctx.limits));
}

function sdiffstore(ctx: CollectionContext, args: readonly Bytes[]): Reply {
  return store(ctx, 'SDIFFSTORE', args, (sets) => difference(sets, ctx.limits));
}

/** SSCAN: an intset whole with cursor 0; a hashtable by ScanMap cursor (scan-map.ts). */
function sscan(ctx: CollectionContext, args: readonly Bytes[], as: As, cursor: Int, flags: number): Reply {
  const set = readSet(ctx.keyspace, argKey(args[0]));
  if (set === undefined) return [cursorReply(0, as), []];
  const pattern = scanPattern(args, flags);
  const out: Reply[] = [];
  const visit = (member: string): void => {
    if (scanMatches(pattern, member)) out.push(keyReply(member, as));
  };
  const members = set.members;
  let next = 0;
  if (members === null) set.memberList().forEach(visit);
  else next = members.scan(Number(cursor), scanCount(flags), visit);
  return [cursorReply(next, as), out];
}

/** The set commands, for collections.ts. */
export const SET_OPS: OpTable = {
  [Op.SAdd]: sadd,
  [Op.SRem]: srem,
  [Op.SIsMember]: sismember,
  [Op.SMIsMember]: smismember,
  [Op.SCard]: scard,
  [Op.SMembers]: smembers,
  [Op.SPop]: spop,
  [Op.SRandMember]: srandmember,
  [Op.SMove]: smove,
  [Op.SUnion]: sunion,
  [Op.SInter]: sinter,
  [Op.SDiff]: sdiff,
  [Op.SUnionStore]: sunionstore,
  [Op.SInterStore]: sinterstore,
  [Op.SDiffStore]: sdiffstore,
  [Op.SInterCard]: sintercard,
  [Op.SScan]: sscan,
};
