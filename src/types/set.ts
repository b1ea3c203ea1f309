/**
 * The set value type, with Redis 7.0's two encodings:
 *
 * - "intset": every member is an integer Redis's string2ll accepts (canonical signed 64-bit
 *   text: no "+1", "01", "-0" or spaces) and there are at most `set-max-intset-entries` of them
 *   (capped at 2^30 as Redis caps it). Kept as a packed sorted string (types/intset.ts), so
 *   members iterate in ascending numeric order, as Redis's do.
 * - "hashtable": anything else. A Map from member to its index in a dense array of the members:
 *   the Map answers membership, the array gives O(1) uniform random picks (SRANDMEMBER, SPOP),
 *   and removal swaps the last member into the hole. (A JS Set has no random access; this costs
 *   one extra array slot and one Map value per member.)
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

/** The hashtable encoding: members with their positions in a dense array. */
export class MemberTable {
  readonly index = new Map<string, number>();
  readonly list: string[] = [];

  get size(): number {
    return this.list.length;
  }

  has(m: string): boolean {
    return this.index.has(m);
  }

  add(m: string): boolean {
    if (this.index.has(m)) return false;
    this.index.set(m, this.list.length);
    this.list.push(m);
    return true;
  }

  delete(m: string): boolean {
    const i = this.index.get(m);
    if (i === undefined) return false;
    this.index.delete(m);
    const last = this.list.pop() as string;
    if (i < this.list.length) {
      this.list[i] = last;
      this.index.set(last, i);
    }
    return true;
  }

  /** A uniformly random member (the table must not be empty). */
  random(): string {
    return this.list[Math.floor(Math.random() * this.list.length)];
  }
}

function effectiveLimit(maxIntset: number): number {
  return maxIntset > INTSET_HARD_LIMIT ? INTSET_HARD_LIMIT : maxIntset;
}

export class SetValue implements CollectionValue {
  /** The packed intset while intset-encoded, else null. */
  private ints: string | null = EMPTY_INTSET;
  /** The hashtable once converted, else null. */
  private table: MemberTable | null = null;

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
    s.ints = p;
    if (intsetLength(p) > effectiveLimit(maxIntset)) s.toTable();
    return s;
  }

  /** OBJECT ENCODING name. */
  encoding(): string {
    return this.ints !== null ? 'intset' : 'hashtable';
  }

  get isIntset(): boolean {
    return this.ints !== null;
  }

  /** Width in bytes (2, 4, 8) of the intset elements; undefined when hashtable-encoded. */
  get intsetWidth(): IntsetWidth | undefined {
    return this.ints === null ? undefined : intsetWidth(this.ints);
  }

  get size(): number {
    return this.ints !== null ? intsetLength(this.ints) : (this.table as MemberTable).size;
  }

  /** Redis's lazyfree effort: one allocation for an intset, one per member for a hashtable. */
  freeEffort(): number {
    return this.ints !== null ? 1 : (this.table as MemberTable).size;
  }

  /** A deep copy with the same encoding (COPY). */
  dup(): SetValue {
    const s = new SetValue();
    if (this.ints !== null) {
      s.ints = this.ints;
    } else {
      s.ints = null;
      const t = new MemberTable();
      for (const m of (this.table as MemberTable).list) t.add(m);
      s.table = t;
    }
    return s;
  }

  /** Converts to the hashtable encoding (no-op if already). */
  private toTable(): MemberTable {
    if (this.table !== null) return this.table;
    const t = new MemberTable();
    const p = this.ints as string;
    const n = intsetLength(p);
    for (let i = 0; i < n; i++) t.add(intsetGetString(p, i));
    this.table = t;
    this.ints = null;
    return t;
  }

  /**
   * Adds `m` (Redis's setTypeAdd); converts to hashtable when `m` is not an integer or the
   * intset would pass `maxIntset` entries. Returns true if `m` was not a member.
   */
  add(m: string, maxIntset: number): boolean {
    const p = this.ints;
    if (p !== null) {
      const v = parseInt64(m);
      if (v !== null) {
        const next = intsetAdd(p, v);
        if (next === null) return false;
        this.ints = next;
        if (intsetLength(next) > effectiveLimit(maxIntset)) this.toTable();
        return true;
      }
      return this.toTable().add(m);
    }
    return (this.table as MemberTable).add(m);
  }

  /** Removes `m`; true if it was a member. Never changes the encoding. */
  remove(m: string): boolean {
    const p = this.ints;
    if (p !== null) {
      const v = parseInt64(m);
      if (v === null) return false;
      const next = intsetRemove(p, v);
      if (next === null) return false;
      this.ints = next;
      return true;
    }
    return (this.table as MemberTable).delete(m);
  }

  has(m: string): boolean {
    const p = this.ints;
    if (p !== null) {
      const v = parseInt64(m);
      return v !== null && intsetHas(p, v);
    }
    return (this.table as MemberTable).has(m);
  }

  /** A uniformly random member (the set must not be empty). */
  random(): string {
    const p = this.ints;
    if (p !== null) return intsetGetString(p, Math.floor(Math.random() * intsetLength(p)));
    return (this.table as MemberTable).random();
  }

  /** Removes and returns a uniformly random member (the set must not be empty). */
  pop(): string {
    const p = this.ints;
    if (p !== null) {
      const i = Math.floor(Math.random() * intsetLength(p));
      const m = intsetGetString(p, i);
      this.ints = intsetRemoveAt(p, i);
      return m;
    }
    const t = this.table as MemberTable;
    const m = t.random();
    t.delete(m);
    return m;
  }

  /**
   * Every member: ascending numeric order for an intset, unspecified for a hashtable. A fresh
   * array (callers may keep or change it).
   */
  members(): string[] {
    const p = this.ints;
    if (p !== null) {
      const n = intsetLength(p);
      const out = new Array<string>(n);
      for (let i = 0; i < n; i++) out[i] = intsetGetString(p, i);
      return out;
    }
    return (this.table as MemberTable).list.slice();
  }

  /** Calls `f` on each member (same order as members()); the set must not change meanwhile. */
  forEach(f: (m: string) => void): void {
    const p = this.ints;
    if (p !== null) {
      const n = intsetLength(p);
      for (let i = 0; i < n; i++) f(intsetGetString(p, i));
      return;
    }
    const list = (this.table as MemberTable).list;
    for (let i = 0; i < list.length; i++) f(list[i]);
  }

  /** The intset's values in ascending order (for the RDB codec); undefined when hashtable. */
  ints64(): Int64[] | undefined {
    const p = this.ints;
    if (p === null) return undefined;
    const n = intsetLength(p);
    const out = new Array<Int64>(n);
    for (let i = 0; i < n; i++) out[i] = intsetGet(p, i);
    return out;
  }

  /**
   * The hashtable itself (SSCAN iterates its live Map; identity names the iteration), or
   * undefined while intset-encoded.
   */
  hashtable(): MemberTable | undefined {
    return this.table ?? undefined;
  }
}
