/**
 * The set value type, with Redis 7.0's two encodings:
 *
 * - "intset": every member is an integer Redis's string2ll accepts (canonical signed 64-bit
 *   text: no "+1", "01", "-0" or spaces) and there are at most `set-max-intset-entries` of them
 *   (capped at 2^30 as Redis caps it). Kept as a packed sorted string (types/intset.ts), so
 *   members iterate in ascending numeric order, as Redis's do.
 * - "hashtable": anything else: a MemberTable (a JS Set, turned into a Map + dense array the
 *   first time a random member is asked for, so SRANDMEMBER/SPOP pick in O(1)).
 *
 * A set converts intset -> hashtable once a non-integer member arrives or it grows past the
 * limit, and never back, as in Redis. Members are byte strings (latin1 JS strings).
 *
 * No reply code here: commands/set*.ts turns results into replies. For the RDB codec:
 * SetValue.fromMembers / fromInts build a set choosing the encoding by Redis's rules,
 * `isIntset`, `size`, `members()` / `forEach` iterate, `intsetWidth` tells the on-disk width.
 */
import type { CollectionValue } from './value.js';
import { parseInt64, type Int64 } from '../util/int64.js';
import {
  EMPTY_INTSET,
  intsetAdd,
  intsetFrom,
  intsetGet,
  intsetGetString,
  intsetHas,
  intsetLength,
  intsetRemove,
  intsetRemoveAt,
  intsetWidth,
  type IntsetWidth,
} from './intset.js';

/** Redis limits intsets to 2^30 entries whatever set-max-intset-entries says. */
const INTSET_HARD_LIMIT = 2 ** 30;

/**
 * The hashtable encoding. Members live in a plain JS Set until a random pick is first asked for
 * (SRANDMEMBER, SPOP); from then on in a Map from member to its slot in a dense array, which
 * gives O(1) uniform picks, removal swapping the last member into the hole. Sets never sampled
 * keep the leaner form (measured with 1M members of ~14 bytes: ~75 B/member as a Set, ~93 B
 * as Map + array; Redis 7.0 ~56 B).
 */
export class MemberTable {
  private plain: Set<string> | null = new Set<string>();
  private index: Map<string, number> | null = null;
  private list: string[] | null = null;
  /** Bumped when the representation changes: SSCAN iterations over the old one restart. */
  version = 0;

  get size(): number {
    return this.plain !== null ? this.plain.size : (this.list as string[]).length;
  }

  has(m: string): boolean {
    return this.plain !== null ? this.plain.has(m) : (this.index as Map<string, number>).has(m);
  }

  add(m: string): boolean {
    const plain = this.plain;
    if (plain !== null) {
      if (plain.has(m)) return false;
      plain.add(m);
      return true;
    }
    const index = this.index as Map<string, number>;
    if (index.has(m)) return false;
    const list = this.list as string[];
    index.set(m, list.length);
    list.push(m);
    return true;
  }

  delete(m: string): boolean {
    if (this.plain !== null) return this.plain.delete(m);
    const index = this.index as Map<string, number>;
    const i = index.get(m);
    if (i === undefined) return false;
    index.delete(m);
    const list = this.list as string[];
    const last = list.pop() as string;
    if (i < list.length) {
      list[i] = last;
      index.set(last, i);
    }
    return true;
  }

  /** The member array, built (once, for good) on first use. */
  private slots(): string[] {
    if (this.list !== null) return this.list;
    const plain = this.plain as Set<string>;
    const list = new Array<string>(plain.size);
    const index = new Map<string, number>();
    let i = 0;
    for (const m of plain) {
      list[i] = m;
      index.set(m, i++);
    }
    this.list = list;
    this.index = index;
    this.plain = null;
    this.version++;
    return list;
  }

  /** A uniformly random member (the table must not be empty). */
  random(): string {
    const list = this.slots();
    return list[Math.floor(Math.random() * list.length)];
  }

  /** Every member, in a fresh array (unspecified order). */
  members(): string[] {
    return this.plain !== null ? Array.from(this.plain) : (this.list as string[]).slice();
  }

  /** Calls `f` on each member; the table must not change meanwhile. */
  forEach(f: (m: string) => void): void {
    if (this.plain !== null) {
      for (const m of this.plain) f(m);
      return;
    }
    const list = this.list as string[];
    for (let i = 0; i < list.length; i++) f(list[i]);
  }

  /**
   * A live iterator over the members in insertion order (SSCAN, see keyspace/scan-cursor.ts);
   * valid while `version` is unchanged.
   */
  keys(): IterableIterator<string> {
    return this.plain !== null ? this.plain.keys() : (this.index as Map<string, number>).keys();
  }
}

function effectiveLimit(maxIntset: number): number {
  return maxIntset > INTSET_HARD_LIMIT ? INTSET_HARD_LIMIT : maxIntset;
}

export class SetValue implements CollectionValue {
  /** Last access time, kept by keyspace/db.ts (see CollectionValue.lru). */
  lru: number | undefined = undefined;
  /** The packed intset (a string) while intset-encoded, else the hashtable. One field keeps small sets small. */
  private data: string | MemberTable = EMPTY_INTSET;

  get type(): 'set' {
    return 'set';
  }

  /**
   * An empty set whose encoding suits `first` (Redis's setTypeCreate): intset when `first` is
   * an integer, else hashtable. Add `first` afterwards.
   */
  static forFirstMember(first: string): SetValue {
    const s = new SetValue();
    if (parseInt64(first) === null) s.toTable();
    return s;
  }

  /**
   * A set of `members` (duplicates ignored), encoded as Redis would after adding them one by
   * one to an intset: intset when all are integers and they are at most `maxIntset`.
   */
  static fromMembers(members: Iterable<string>, maxIntset: number): SetValue {
    const s = new SetValue();
    for (const m of members) s.add(m, maxIntset);
    return s;
  }

  /**
   * A set of integers (an RDB intset blob's contents); hashtable-encoded if there are more
   * than `maxIntset` distinct values, as Redis converts on load.
   */
  static fromInts(values: readonly Int64[], maxIntset: number): SetValue {
    const s = new SetValue();
    const p = intsetFrom(values);
    s.data = p;
    if (intsetLength(p) > effectiveLimit(maxIntset)) s.toTable();
    return s;
  }

  /** An intset-encoded set from a packed intset (types/intset.ts), e.g. built from an RDB intset. */
  static fromIntset(packed: string): SetValue {
    const s = new SetValue();
    s.data = packed;
    return s;
  }

  /** OBJECT ENCODING name. */
  encoding(): string {
    return typeof this.data === 'string' ? 'intset' : 'hashtable';
  }

  get isIntset(): boolean {
    return typeof this.data === 'string';
  }

  /** Width in bytes (2, 4, 8) of the intset elements; undefined when hashtable-encoded. */
  get intsetWidth(): IntsetWidth | undefined {
    return typeof this.data === 'string' ? intsetWidth(this.data) : undefined;
  }

  get size(): number {
    const d = this.data;
    return typeof d === 'string' ? intsetLength(d) : d.size;
  }

  /** Redis's lazyfree effort: one allocation for an intset, one per member for a hashtable. */
  freeEffort(): number {
    const d = this.data;
    return typeof d === 'string' ? 1 : d.size;
  }

  /** A deep copy with the same encoding (COPY). */
  dup(): SetValue {
    const s = new SetValue();
    const d = this.data;
    if (typeof d === 'string') {
      // Strings are immutable: sharing the packed intset is a copy.
      s.data = d;
    } else {
      const t = new MemberTable();
      d.forEach((m) => t.add(m));
      s.data = t;
    }
    return s;
  }

  /** Converts to the hashtable encoding (no-op if already). */
  private toTable(): MemberTable {
    const d = this.data;
    if (typeof d !== 'string') return d;
    const t = new MemberTable();
    const n = intsetLength(d);
    for (let i = 0; i < n; i++) t.add(intsetGetString(d, i));
    this.data = t;
    return t;
  }

  /**
   * Adds `m` (Redis's setTypeAdd); converts to hashtable when `m` is not an integer or the
   * intset would pass `maxIntset` entries. Returns true if `m` was not a member.
   */
  add(m: string, maxIntset: number): boolean {
    const d = this.data;
    if (typeof d !== 'string') return d.add(m);
    const v = parseInt64(m);
    if (v === null) return this.toTable().add(m);
    const next = intsetAdd(d, v);
    if (next === null) return false;
    this.data = next;
    if (intsetLength(next) > effectiveLimit(maxIntset)) this.toTable();
    return true;
  }

  /** Removes `m`; true if it was a member. Never changes the encoding. */
  remove(m: string): boolean {
    const d = this.data;
    if (typeof d !== 'string') return d.delete(m);
    const v = parseInt64(m);
    if (v === null) return false;
    const next = intsetRemove(d, v);
    if (next === null) return false;
    this.data = next;
    return true;
  }

  has(m: string): boolean {
    const d = this.data;
    if (typeof d !== 'string') return d.has(m);
    const v = parseInt64(m);
    return v !== null && intsetHas(d, v);
  }

  /** A uniformly random member (the set must not be empty). */
  random(): string {
    const d = this.data;
    if (typeof d !== 'string') return d.random();
    return intsetGetString(d, Math.floor(Math.random() * intsetLength(d)));
  }

  /** Removes and returns a uniformly random member (the set must not be empty). */
  pop(): string {
    const d = this.data;
    if (typeof d !== 'string') {
      const m = d.random();
      d.delete(m);
      return m;
    }
    const i = Math.floor(Math.random() * intsetLength(d));
    const m = intsetGetString(d, i);
    this.data = intsetRemoveAt(d, i);
    return m;
  }

  /**
   * Every member: ascending numeric order for an intset, unspecified for a hashtable. A fresh
   * array (callers may keep or change it).
   */
  members(): string[] {
    const d = this.data;
    if (typeof d !== 'string') return d.members();
    const n = intsetLength(d);
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) out[i] = intsetGetString(d, i);
    return out;
  }

  /** Calls `f` on each member (same order as members()); the set must not change meanwhile. */
  forEach(f: (m: string) => void): void {
    const d = this.data;
    if (typeof d !== 'string') return d.forEach(f);
    const n = intsetLength(d);
    for (let i = 0; i < n; i++) f(intsetGetString(d, i));
  }

  /** The intset's values in ascending order (for the RDB codec); undefined when hashtable. */
  ints64(): Int64[] | undefined {
    const d = this.data;
    if (typeof d !== 'string') return undefined;
    const n = intsetLength(d);
    const out = new Array<Int64>(n);
    for (let i = 0; i < n; i++) out[i] = intsetGet(d, i);
    return out;
  }

  /**
   * The hashtable itself (SSCAN iterates it live; its identity and version name the iteration),
   * or undefined while intset-encoded.
   */
  hashtable(): MemberTable | undefined {
    const d = this.data;
    return typeof d === 'string' ? undefined : d;
  }
}
