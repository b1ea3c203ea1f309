/**
 * Lua 5.1 tables. The layout follows ltable.c's sizing rules (an array part sized by the same
 * rehash/computesizes policy, a node part whose capacity fills with every new key, dead keys
 * included) because they are observable: #t on a table with holes returns the border Lua's
 * binary search finds in *that* layout. Hash entries are kept in insertion order (Lua's own node
 * order depends on pointer hashes and cannot be reproduced), with O(1) next().
 */
import type { LuaValue } from './value.js';

/** First cursor value of the hash part in {@link LuaTable.nextCursor}. */
export const HASH_CURSOR = 0x40000000;

const MAXBITS = 26; // array part keys are at most 2^26
const MAXASIZE = 1 << MAXBITS;

/** ceil(log2(x)) for x >= 1 */
function ceilLog2(x: number): number {
  return x <= 1 ? 0 : 32 - Math.clz32(x - 1);
}

/** An integer key that could live in the array part, else -1 (ltable.c arrayindex + MAXASIZE). */
function arrayIndex(k: unknown): number {
  return typeof k === 'number' && k >= 1 && k <= MAXASIZE && Number.isInteger(k) ? k : -1;
}

/** luaO_int2fb then luaO_fb2int: the size hint OP_NEWTABLE can encode for `x` items. */
function fbRound(x: number): number {
  if (x < 8) return x;
  let e = 0;
  while (x >= 16) {
    x = (x + 1) >> 1;
    e++;
  }
  return x << e;
}

/**
 * A Lua table. Keys are normalised as Lua does (a float key with an integer value is that
 * integer, -0 is 0); nil and NaN keys are errors for the caller to raise.
 */
export class LuaTable {
  /**
   * The array part's values: arr[i] holds key i + 1. Never ends in a trailing nil; slots between
   * arr.length and the array part's size are nil. Natives may read it directly (and may replace
   * it with a fresh array of a new table's items before the table is used).
   */
  arr: LuaValue[] = [];
  /** Lua's sizearray (at least arr.length). */
  private asize = 0;
  /** nil slots inside arr, so #t can skip the border search on dense arrays. */
  private holes = 0;
  private hkeys: unknown[] = [];
  private hvals: LuaValue[] = [];
  private index = new Map<unknown, number>();
  private dead = 0;
  /** Lua's node-part size (0: the dummy node); every distinct key since the last rehash uses one. */
  private ncap = 0;
  metatable: LuaTable | undefined = undefined;
  /**
   * Redis 7.0 makes library tables and _G read-only (its patched Lua's lua_enablereadonlytable):
   * every write path (assignment, rawset, setmetatable, table.insert ...) must check this flag and
   * raise "Attempt to modify a readonly table". set() itself does not check, so loaders can fill
   * a table before sealing it.
   */
  readonly = false;

  /**
   * A table as a constructor `{a, b, ...}` builds it: `items` become the array part (the table
   * takes ownership), sized for `hint` fixed items and `nhash` keyed ones (OP_NEWTABLE's hints).
   */
  static fromArray(items: LuaValue[], hint = items.length, nhash = 0): LuaTable {
    const t = new LuaTable();
    let holes = 0;
    for (let i = 0; i < items.length; i++) if (items[i] === undefined) holes++;
    let n = items.length;
    while (n > 0 && items[n - 1] === undefined) {
      n--;
      holes--;
    }
    t.asize = Math.max(fbRound(hint), items.length);
    items.length = n;
    t.arr = items;
    t.holes = holes;
    t.ncap = nhash === 0 ? 0 : 1 << ceilLog2(fbRound(nhash));
    return t;
  }

  get(key: LuaValue): LuaValue {
    if (typeof key === 'number') {
      const i = key - 1;
      if (i >= 0 && i < this.arr.length && Number.isInteger(i)) return this.arr[i];
      if (key === 0) key = 0; // -0 and 0 are one key
    }
    const at = this.index.get(key);
    return at === undefined ? undefined : this.hvals[at];
  }

  /** String-keyed lookup without number checks (field access: t.name). */
  getStr(key: string): LuaValue {
    const at = this.index.get(key);
    return at === undefined ? undefined : this.hvals[at];
  }

  /** Sets t[key] = value. The caller has already rejected nil and NaN keys. */
  set(key: LuaValue, value: LuaValue): void {
    if (typeof key === 'number') {
      const i = key - 1;
      const n = this.arr.length;
      if (i >= 0 && i < n && Number.isInteger(i)) {
        const old = this.arr[i];
        this.arr[i] = value;
        if (value === undefined) {
          if (old !== undefined) {
            this.holes++;
            if (i === n - 1) this.trimArray();
          }
        } else if (old === undefined) {
          this.holes--;
        }
        return;
      }
      if (i >= n && i < this.asize && Number.isInteger(i)) {
        if (value === undefined) return;
        const a = this.arr;
        while (a.length < i) {
          a.push(undefined);
          this.holes++;
        }
        a.push(value);
        return;
      }
      if (key === 0) key = 0;
    }
    this.hashSet(key, value);
  }

  /** t[key] = value for a string key (field assignment: t.name = v). */
  setStr(key: string, value: LuaValue): void {
    this.hashSet(key, value);
  }

  /** The length operator #t: the border luaH_getn finds. */
  length(): number {
    const a = this.arr;
    const n = a.length;
    const j = this.asize > n ? this.asize : n;
    if (j > n || (n > 0 && a[n - 1] === undefined)) {
      // the array part ends in nil: Lua binary-searches it
      if (this.holes === 0) return n; // dense prefix: the only border
      let i = 0;
      let k = j;
      while (k - i > 1) {
        const m = (i + k) >>> 1;
        if (m > n || a[m - 1] === undefined) k = m;
        else i = m;
      }
      return i;
    }
    if (this.ncap === 0) return j;
    return this.unboundSearch(j);
  }

  private unboundSearch(j: number): number {
    let i = j;
    j++;
    while (this.get(j) !== undefined) {
      i = j;
      j *= 2;
      if (j > 2147483647) {
        i = 1;
        while (this.get(i) !== undefined) i++;
        return i - 1;
      }
    }
    while (j - i > 1) {
      const m = Math.floor((i + j) / 2);
      if (this.get(m) === undefined) j = m;
      else i = m;
    }
    return i;
  }

  /**
   * Lua's next(): the key/value after `key` (undefined for the first), or undefined at the end.
   * Returns false when `key` is not in the table (the caller raises "invalid key to 'next'").
   */
  next(key: LuaValue): [LuaValue, LuaValue] | undefined | false {
    let i = 0;
    if (key !== undefined) {
      if (typeof key === 'number' && key >= 1 && key <= Math.max(this.asize, this.arr.length) && Number.isInteger(key)) {
        i = key;
      } else {
        const at = this.index.get(key === 0 ? 0 : key);
        if (at === undefined) return false;
        return this.hashNext(at + 1);
      }
    }
    const a = this.arr;
    for (; i < a.length; i++) {
      const v = a[i];
      if (v !== undefined) return [i + 1, v];
    }
    return this.hashNext(0);
  }

  /**
   * Allocation-free traversal for the runtime's pairs() loop: the cursor after `cursor` (start
   * with -1), or -1 at the end. Array slots are cursors below {@link HASH_CURSOR}, hash slots
   * HASH_CURSOR + their position, so cursors stay valid while the loop assigns existing fields.
   */
  nextCursor(cursor: number): number {
    let i = cursor + 1;
    if (i < HASH_CURSOR) {
      const a = this.arr;
      for (; i < a.length; i++) if (a[i] !== undefined) return i;
      i = HASH_CURSOR;
    }
    const vals = this.hvals;
    for (let h = i - HASH_CURSOR; h < vals.length; h++) if (vals[h] !== undefined) return HASH_CURSOR + h;
    return -1;
  }

  cursorKey(cursor: number): LuaValue {
    return cursor < HASH_CURSOR ? cursor + 1 : (this.hkeys[cursor - HASH_CURSOR] as LuaValue);
  }

  cursorValue(cursor: number): LuaValue {
    return cursor < HASH_CURSOR ? this.arr[cursor] : this.hvals[cursor - HASH_CURSOR];
  }

  /** Whether the hash part holds no live entry (the table is a plain sequence or empty). */
  hashIsEmpty(): boolean {
    return this.hkeys.length === this.dead;
  }

  private hashNext(from: number): [LuaValue, LuaValue] | undefined {
    const keys = this.hkeys;
    const vals = this.hvals;
    for (let i = from; i < keys.length; i++) {
      const v = vals[i];
      if (v !== undefined) return [keys[i] as LuaValue, v];
    }
    return undefined;
  }

  private hashSet(key: unknown, value: LuaValue): void {
    const at = this.index.get(key);
    if (at !== undefined) {
      const old = this.hvals[at];
      if (old !== undefined && value === undefined) this.dead++;
      else if (old === undefined && value !== undefined) this.dead--;
      this.hvals[at] = value;
      return;
    }
    // A new key takes a node even when its value is nil, as luaH_set does; a full node part
    // means a rehash, which may move the key to the array part.
    if (this.hkeys.length >= this.ncap) {
      this.rehash(key);
      this.set(key as LuaValue, value);
      return;
    }
    this.index.set(key, this.hkeys.length);
    this.hkeys.push(key);
    this.hvals.push(value);
    if (value === undefined) this.dead++;
  }

  /** ltable.c rehash: new array size from the integer keys in use, a node part for the rest. */
  private rehash(extra: unknown): void {
    const nums = new Array<number>(MAXBITS + 1).fill(0);
    let nasize = 0;
    let total = 0;
    const a = this.arr;
    for (let i = 0; i < a.length; i++) {
      if (a[i] !== undefined) {
        nums[ceilLog2(i + 1)]++;
        nasize++;
      }
    }
    total = nasize;
    const keys = this.hkeys;
    const vals = this.hvals;
    for (let h = 0; h < keys.length; h++) {
      if (vals[h] === undefined) continue;
      total++;
      const k = arrayIndex(keys[h]);
      if (k > 0) {
        nums[ceilLog2(k)]++;
        nasize++;
      }
    }
    const ek = arrayIndex(extra);
    if (ek > 0) {
      nums[ceilLog2(ek)]++;
      nasize++;
    }
    total++;
    // computesizes
    let acc = 0;
    let na = 0;
    let n = 0;
    for (let i = 0, twotoi = 1; twotoi >> 1 < nasize; i++, twotoi *= 2) {
      if (nums[i] > 0) {
        acc += nums[i];
        if (acc > twotoi >> 1) {
          n = twotoi;
          na = acc;
        }
      }
      if (acc === nasize) break;
    }
    this.resize(n, total - na);
  }

  private resize(nasize: number, nhsize: number): void {
    const oldArr = this.arr;
    const oldKeys = this.hkeys;
    const oldVals = this.hvals;
    this.hkeys = [];
    this.hvals = [];
    this.index = new Map();
    this.dead = 0;
    this.ncap = nhsize === 0 ? 0 : 1 << ceilLog2(nhsize);
    this.asize = nasize;
    if (nasize < oldArr.length) {
      this.arr = oldArr.slice(0, nasize);
      this.holes = 0;
      for (const v of this.arr) if (v === undefined) this.holes++;
      this.trimArray();
      for (let i = nasize; i < oldArr.length; i++) {
        if (oldArr[i] !== undefined) this.hashSet(i + 1, oldArr[i]);
      }
    }
    for (let h = 0; h < oldKeys.length; h++) {
      if (oldVals[h] !== undefined) this.set(oldKeys[h] as LuaValue, oldVals[h]);
    }
  }

  private trimArray(): void {
    const a = this.arr;
    let n = a.length;
    while (n > 0 && a[n - 1] === undefined) {
      n--;
      this.holes--;
    }
    a.length = n;
  }
}
