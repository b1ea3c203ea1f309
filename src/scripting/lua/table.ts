/**
 * Lua 5.1 tables, laid out as ltable.c lays them out, because the layout is observable: #t on a
 * table with holes returns the border Lua's binary search finds in *that* array part, and
 * next()/pairs() walk the array part and then the node part in node order - the order in which
 * cjson.encode and cmsgpack.pack write a table's fields. So the node part is Lua's: a power-of-two
 * node array where a key goes to its main position (Lua's hash of the key), a collision takes the
 * free node below `lastfree` (moving the colliding key if it is not in its own main position),
 * dead keys keep their node until the next rehash, and a rehash re-inserts the old nodes from the
 * last to the first. Strings hash as Redis's Lua does (every byte), numbers by their IEEE-754
 * words, booleans by value; tables and functions, hashed by address in Lua, get a stable id here
 * (their order differs from Redis's, which varies from run to run anyway). A Map from key to node
 * keeps lookups O(1) without walking chains.
 */
import type { LuaValue } from './value.js';

/** First cursor value of the hash part in {@link LuaTable.nextCursor}. */
export const HASH_CURSOR = 0x40000000;

const EMPTY: unknown[] = [];
const MAXBITS = 26; // array part keys are at most 2^26
const MAXASIZE = 1 << MAXBITS;

/** ceil(log2(x)) for x >= 1 */
function ceilLog2(x: number): number {
  return x <= 1 ? 0 : 32 - Math.clz32(x - 1);
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** Redis's Lua string hash (lstring.c with its step of 1: every byte counts). */
export function luaStringHash(str: string): number {
  const l = str.length;
  let h = l >>> 0;
  for (let i = l; i >= 1; i--) h = (h ^ ((h << 5) + (h >>> 2) + str.charCodeAt(i - 1))) >>> 0;
  return h;
}

/** Stand-ins for the addresses Lua hashes tables, functions and userdata by. */
const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;

/**
 * A key's hash as ltable.c mainposition reduces it: strings and booleans (and the number 0) take
 * the low bits of the hash (>= 0 here), other numbers and objects their hash modulo an odd number
 * (stored as -hash - 1). Nodes keep it, so collisions and rehashes never hash a key twice.
 */
function keyHash(key: unknown): number {
  switch (typeof key) {
    case 'string':
      return luaStringHash(key);
    case 'number': {
      if (key === 0) return 0; // 0 and -0 go to node 0
      f64[0] = key;
      return -((u32[0] + u32[1]) >>> 0) - 1;
    }
    case 'boolean':
      return key ? 1 : 0;
    default: {
      const o = key as object;
      let id = objectIds.get(o);
      if (id === undefined) objectIds.set(o, (id = nextObjectId++ * 40));
      return -id - 1;
    }
  }
}

/** The main position of a key of hash `h` (see keyHash) in a node part of `size` (a power of two). */
function mainPosition(h: number, size: number): number {
  return h >= 0 ? h & (size - 1) : (-h - 1) % ((size - 1) | 1);
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
  /** The node part: keys (undefined: a free node), values (undefined: nil), chain links (-1: none). */
  private nkeys: unknown[] = EMPTY;
  private nvals: LuaValue[] = EMPTY as LuaValue[];
  private nnext: number[] = EMPTY as number[];
  /** Each node's keyHash. */
  private nhash: number[] = EMPTY as number[];
  /** Node index of every key in the node part, dead ones included (Lua finds them until a rehash). */
  private index: Map<unknown, number> | null = null;
  /** Nodes above this one are all taken (ltable.c lastfree). */
  private lastfree = 0;
  /** Nodes holding a non-nil value. */
  private live = 0;
  /** Lua's node-part size (0: the dummy node); the arrays are allocated on the first key. */
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
    t.lastfree = t.ncap;
    return t;
  }

  get(key: LuaValue): LuaValue {
    if (typeof key === 'number') {
      const i = key - 1;
      if (i >= 0 && i < this.arr.length && Number.isInteger(i)) return this.arr[i];
      if (key === 0) key = 0; // -0 and 0 are one key
    }
    const index = this.index;
    if (index === null) return undefined;
    const at = index.get(key);
    return at === undefined ? undefined : this.nvals[at];
  }

  /** String-keyed lookup without number checks (field access: t.name). */
  getStr(key: string): LuaValue {
    const index = this.index;
    if (index === null) return undefined;
    const at = index.get(key);
    return at === undefined ? undefined : this.nvals[at];
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
        const at = this.index?.get(key === 0 ? 0 : key);
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
    const vals = this.nvals;
    for (let h = i - HASH_CURSOR; h < vals.length; h++) if (vals[h] !== undefined) return HASH_CURSOR + h;
    return -1;
  }

  cursorKey(cursor: number): LuaValue {
    return cursor < HASH_CURSOR ? cursor + 1 : (this.nkeys[cursor - HASH_CURSOR] as LuaValue);
  }

  cursorValue(cursor: number): LuaValue {
    return cursor < HASH_CURSOR ? this.arr[cursor] : this.nvals[cursor - HASH_CURSOR];
  }

  /** Whether the hash part holds no live entry (the table is a plain sequence or empty). */
  hashIsEmpty(): boolean {
    return this.live === 0;
  }

  private hashNext(from: number): [LuaValue, LuaValue] | undefined {
    const keys = this.nkeys;
    const vals = this.nvals;
    for (let i = from; i < vals.length; i++) {
      const v = vals[i];
      if (v !== undefined) return [keys[i] as LuaValue, v];
    }
    return undefined;
  }

  private hashSet(key: unknown, value: LuaValue): void {
    const at = this.index?.get(key);
    if (at !== undefined) {
      const old = this.nvals[at];
      if (old !== undefined && value === undefined) this.live--;
      else if (old === undefined && value !== undefined) this.live++;
      this.nvals[at] = value;
      return;
    }
    // A new key takes a node even when its value is nil, as luaH_set does.
    this.insert(key, value, keyHash(key));
  }

  /** Adds a key the node part does not hold, whose keyHash is `h`; rehashes when no node is free. */
  private insert(key: unknown, value: LuaValue, h: number): void {
    const node = this.newKey(key, h);
    if (node < 0) {
      // No free node: rehash (which may move the key's place to the array part), then retry.
      this.rehash(key);
      this.set(key as LuaValue, value);
      return;
    }
    this.nvals[node] = value;
    if (value !== undefined) this.live++;
  }

  /**
   * ltable.c newkey: places a key that is not in the node part and returns its node, or -1 when
   * the node part is full. The key's main position is used if it holds no value (a dead key there
   * is dropped); otherwise the key or the one in its way moves to the next free node.
   */
  private newKey(key: unknown, h: number): number {
    const size = this.ncap;
    if (size === 0) return -1;
    if (this.nkeys.length === 0) {
      this.nkeys = new Array<unknown>(size).fill(undefined);
      this.nvals = new Array<LuaValue>(size).fill(undefined);
      this.nnext = new Array<number>(size).fill(-1);
      this.nhash = new Array<number>(size).fill(0);
      this.index = new Map();
    }
    const keys = this.nkeys;
    const vals = this.nvals;
    const next = this.nnext;
    const hashes = this.nhash;
    const index = this.index!;
    let mp = mainPosition(h, size);
    if (vals[mp] !== undefined) {
      const free = this.freeNode();
      if (free < 0) return -1;
      const other = keys[mp];
      let prev = mainPosition(hashes[mp], size);
      if (prev !== mp) {
        // The key in the way is not in its main position: it moves to the free node.
        while (next[prev] !== mp) prev = next[prev];
        next[prev] = free;
        keys[free] = other;
        vals[free] = vals[mp];
        next[free] = next[mp];
        hashes[free] = hashes[mp];
        index.set(other, free);
        next[mp] = -1;
        vals[mp] = undefined;
        keys[mp] = undefined;
      } else {
        // It is: the new key goes to the free node, chained after it.
        next[free] = next[mp];
        next[mp] = free;
        mp = free;
      }
    }
    const dead = keys[mp];
    if (dead !== undefined) index.delete(dead);
    keys[mp] = key;
    hashes[mp] = h;
    index.set(key, mp);
    return mp;
  }

  /** ltable.c getfreepos: the next node without a key below lastfree, or -1. */
  private freeNode(): number {
    const keys = this.nkeys;
    while (this.lastfree > 0) {
      this.lastfree--;
      if (keys[this.lastfree] === undefined) return this.lastfree;
    }
    return -1;
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
    const keys = this.nkeys;
    const vals = this.nvals;
    for (let h = 0; h < vals.length; h++) {
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

  /** ltable.c resize: the vanishing array slice is re-inserted first, then the old nodes from last to first. */
  private resize(nasize: number, nhsize: number): void {
    const oldArr = this.arr;
    const oldKeys = this.nkeys;
    const oldVals = this.nvals;
    const oldHashes = this.nhash;
    this.nkeys = EMPTY;
    this.nvals = EMPTY as LuaValue[];
    this.nnext = EMPTY as number[];
    this.nhash = EMPTY as number[];
    this.index = null;
    this.live = 0;
    this.ncap = nhsize === 0 ? 0 : 1 << ceilLog2(nhsize);
    this.lastfree = this.ncap;
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
    for (let h = oldVals.length - 1; h >= 0; h--) {
      const v = oldVals[h];
      if (v === undefined) continue;
      const k = oldKeys[h];
      // Numbers may move to the array part; other keys go back to the node part, hash known.
      if (typeof k === 'number') this.set(k, v);
      else this.insert(k, v, oldHashes[h]);
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
