/**
 * The hash value type, with Redis 7.0's two encodings:
 *
 * - "listpack" while the hash has at most `hash-max-listpack-entries` fields and every field and
 *   value is at most `hash-max-listpack-value` bytes: the pairs live in ONE latin1 string (a
 *   packed sequence field,value,field,value... from packed.ts) in insertion order, which is the
 *   order Redis's listpack keeps, so HGETALL of a small hash matches Redis byte for byte. One
 *   string per hash is what keeps many small hashes close to Redis's memory use.
 * - "hashtable" past either limit: a JS Map (insertion order too; Redis's order is its hash
 *   table's, which is unspecified). A hash never converts back, as in Redis.
 *
 * Every edit of the packed string builds the new string with Array.prototype.join: V8 would
 * otherwise make `a + b` a ConsString (a tree node pointing at both halves), and a hash edited ten
 * times would keep ten generations of nodes alive - measured at four times the memory of a flat
 * string for 100k small hashes. join() always produces one flat string.
 *
 * The limits are passed in by the caller (the command layer reads the config), so this module
 * knows nothing of the server. No reply code here.
 */
import type { CollectionValue } from './value.js';
import * as P from './packed.js';
import { hasRepeat } from '../util/distinct.js';

/** The two config limits that decide the encoding (hash-max-listpack-entries / -value). */
export interface HashLimits {
  /** Most fields a listpack-encoded hash may hold. */
  readonly maxEntries: number;
  /** Longest field or value (bytes) a listpack-encoded hash may hold. */
  readonly maxValue: number;
}

/** Redis 7.0's defaults, for callers without a config (tests, tools). */
export const DEFAULT_HASH_LIMITS: HashLimits = { maxEntries: 512, maxValue: 64 };

/**
 * Largest packed string kept in listpack form whatever the limits say (Redis converts past its
 * 1GB listpack safety size; V8 strings stop a little below 2^29 chars, so Sonic stops earlier).
 */
const MAX_PACKED_BYTES = 1 << 28;

/** Pairs from which setMany() rebuilds a listpack once rather than once per pair. */
const BATCH_MIN_PAIRS = 4;

/** Random field snapshots of hashtable-encoded hashes (HRANDFIELD), dropped on add/delete. */
const samples = new WeakMap<Map<string, string>, string[]>();

export class HashValue implements CollectionValue {
  /** Last access time, kept by keyspace/db.ts (see CollectionValue.lru). */
  lru: number | undefined = undefined;
  /** The packed pairs (listpack encoding) or the Map (hashtable encoding). */
  private data: string | Map<string, string>;
  /** Number of pairs in the packed string (listpack encoding only). */
  private n: number;

  /** An empty hash (listpack-encoded). */
  constructor() {
    this.data = '';
    this.n = 0;
  }

  /** Always "hash"; a prototype getter rather than a field, to keep each hash object small. */
  get type(): 'hash' {
    return 'hash';
  }

  /** OBJECT ENCODING name. */
  encoding(): 'listpack' | 'hashtable' {
    return typeof this.data === 'string' ? 'listpack' : 'hashtable';
  }

  /** True while listpack-encoded. */
  isListpack(): boolean {
    return typeof this.data === 'string';
  }

  /** Number of fields. */
  get size(): number {
    const d = this.data;
    return typeof d === 'string' ? this.n : d.size;
  }

  /**
   * Redis's lazyfreeGetFreeEffort for a hash (keyspace/lazy-free.ts): one allocation for a
   * listpack, one per field for a hash table.
   */
  freeEffort(): number {
    const d = this.data;
    return typeof d === 'string' ? 1 : d.size;
  }

  /** The value of `field`, or undefined. */
  get(field: string): string | undefined {
    const d = this.data;
    if (typeof d !== 'string') return d.get(field);
    const pos = P.find(d, field, 2);
    return pos < 0 ? undefined : P.entryAt(d, P.next(d, pos));
  }

  /** True if `field` exists. */
  has(field: string): boolean {
    const d = this.data;
    return typeof d === 'string' ? P.find(d, field, 2) >= 0 : d.has(field);
  }

  /** Byte length of the value of `field` (0 when missing), without copying it out. */
  valueLength(field: string): number {
    const d = this.data;
    if (typeof d !== 'string') {
      const v = d.get(field);
      return v === undefined ? 0 : v.length;
    }
    const pos = P.find(d, field, 2);
    return pos < 0 ? 0 : P.entryLength(d, P.next(d, pos));
  }

  /**
   * Redis's hashTypeTryConversion: converts to a hashtable before a write of the strings
   * `args[start..]` if any of them is longer than the listpack allows (or the packed string would
   * grow past what Sonic keeps packed). Commands call it once with all their fields and values.
   */
  prepareWrite(args: readonly string[], start: number, limits: HashLimits): void {
    const d = this.data;
    if (typeof d !== 'string') return;
    let sum = 0;
    for (let i = start; i < args.length; i++) {
      const len = args[i].length;
      if (len > limits.maxValue) return this.convert();
      sum += len;
    }
    if (d.length + sum + 10 * (args.length - start) > MAX_PACKED_BYTES) this.convert();
  }

  /**
   * Sets `field` to `value` (Redis's hashTypeSet): converts first when either is too long for a
   * listpack, and after adding when the field count passes the limit. Returns true when the field
   * is new, false when an existing value was replaced.
   */
  set(field: string, value: string, limits: HashLimits): boolean {
    let d = this.data;
    if (typeof d === 'string') {
      if (field.length > limits.maxValue || value.length > limits.maxValue || d.length + field.length + value.length + 20 > MAX_PACKED_BYTES) {
        this.convert();
        d = this.data as Map<string, string>;
      } else {
        const pos = P.find(d, field, 2);
        if (pos >= 0) {
          const vpos = P.next(d, pos);
          // Same bytes: nothing to rebuild.
          if (!P.entryEquals(d, vpos, value)) this.data = [d.slice(0, vpos), P.encodeEntry(value), d.slice(P.next(d, vpos))].join('');
          return false;
        }
        this.data = d.length === 0 ? [P.encodeEntry(field), P.encodeEntry(value)].join('') : [d, P.encodeEntry(field), P.encodeEntry(value)].join('');
        if (++this.n > limits.maxEntries) this.convert();
        return true;
      }
    }
    const before = d.size;
    d.set(field, value);
    if (d.size === before) return false;
    samples.delete(d);
    return true;
  }

  /**
   * Sets every field/value pair of `args[start..]` in order (HSET with many pairs), with the
   * same outcome as set() pair by pair, and returns how many fields were new. A listpack is
   * rebuilt once for the whole batch instead of once per pair (which would copy the packed
   * string for every pair: quadratic for an HSET of hundreds of fields). Includes prepareWrite().
   */
  setMany(args: readonly string[], start: number, limits: HashLimits): number {
    this.prepareWrite(args, start, limits);
    const d = this.data;
    let created = 0;
    if (typeof d !== 'string' || args.length - start <= 2 * BATCH_MIN_PAIRS) {
      for (let i = start; i + 1 < args.length; i += 2) if (this.set(args[i], args[i + 1], limits)) created++;
      return created;
    }
    // prepareWrite() ruled out long strings: only the count can force a hashtable. The
    // entries are detached copies, so a Map built from them keeps nothing of the old string.
    const e = P.unpackDetached(d);
    const index = new Map<string, number>();
    for (let i = 0; i < e.length; i += 2) index.set(e[i], i);
    for (let i = start; i + 1 < args.length; i += 2) {
      const at = index.get(args[i]);
      if (at !== undefined) {
        e[at + 1] = args[i + 1];
      } else {
        index.set(args[i], e.length);
        e.push(args[i], args[i + 1]);
        created++;
      }
    }
    const count = e.length >>> 1;
    if (count > limits.maxEntries) {
      const m = new Map<string, string>();
      for (let i = 0; i < e.length; i += 2) m.set(e[i], e[i + 1]);
      this.data = m;
      this.n = 0;
    } else {
      for (let i = 0; i < e.length; i++) e[i] = P.encodeEntry(e[i]);
      this.data = e.join('');
      this.n = count;
    }
    return created;
  }

  /** Deletes `field`; true if it existed. */
  delete(field: string): boolean {
    const d = this.data;
    if (typeof d !== 'string') {
      if (!d.delete(field)) return false;
      samples.delete(d);
      return true;
    }
    const pos = P.find(d, field, 2);
    if (pos < 0) return false;
    const end = P.skip(d, pos, 2);
    // A bare slice() of a long string is a view keeping the old string alive: always copy.
    this.data = pos === 0 ? flatCopy(d.slice(end)) : end === d.length ? flatCopy(d.slice(0, pos)) : [d.slice(0, pos), d.slice(end)].join('');
    this.n--;
    return true;
  }

  /** Every field and value as a flat array [field, value, field, value ...], in order. */
  pairs(): string[] {
    const d = this.data;
    if (typeof d === 'string') return P.unpack(d);
    const out = new Array<string>(2 * d.size);
    let i = 0;
    for (const [f, v] of d) {
      out[i++] = f;
      out[i++] = v;
    }
    return out;
  }

  /** Every field, in order. */
  fields(): string[] {
    const d = this.data;
    if (typeof d !== 'string') return Array.from(d.keys());
    const out = new Array<string>(this.n);
    let i = 0;
    for (let pos = 0; pos < d.length; pos = P.next(d, P.next(d, pos))) out[i++] = P.entryAt(d, pos);
    return out;
  }

  /** Every value, in order. */
  values(): string[] {
    const d = this.data;
    if (typeof d !== 'string') return Array.from(d.values());
    const out = new Array<string>(this.n);
    let i = 0;
    for (let pos = P.next(d, 0); pos < d.length; pos = P.next(d, P.next(d, pos))) out[i++] = P.entryAt(d, pos);
    return out;
  }

  /** Iterates [field, value] pairs in order (persistence: RDB, DUMP, AOF rewrite). */
  *entries(): IterableIterator<[string, string]> {
    const d = this.data;
    if (typeof d !== 'string') {
      yield* d.entries();
      return;
    }
    for (let pos = 0; pos < d.length; ) {
      const vpos = P.next(d, pos);
      yield [P.entryAt(d, pos), P.entryAt(d, vpos)];
      pos = P.next(d, vpos);
    }
  }

  /**
   * The Map of a hashtable-encoded hash (null while listpack-encoded), for HSCAN's live
   * iterators. Callers must not modify it.
   */
  table(): ReadonlyMap<string, string> | null {
    const d = this.data;
    return typeof d === 'string' ? null : d;
  }

  /**
   * The field and value at position `i` (0 <= i < size): O(i) when listpack-encoded; O(1)
   * amortized when hashtable-encoded, through a snapshot of the fields kept until the next add
   * or delete (random picks for HRANDFIELD, which a Map cannot index).
   */
  pairAt(i: number): [string, string] {
    const d = this.data;
    if (typeof d === 'string') {
      const pos = P.skip(d, 0, 2 * i);
      return [P.entryAt(d, pos), P.entryAt(d, P.next(d, pos))];
    }
    let s = samples.get(d);
    if (s === undefined) {
      s = Array.from(d.keys());
      samples.set(d, s);
    }
    const f = s[i];
    return [f, d.get(f) as string];
  }

  /** A deep, independent copy with the same encoding (COPY). */
  dup(): HashValue {
    const h = new HashValue();
    const d = this.data;
    // The packed string is immutable (every edit builds a new one), so both may hold it.
    h.data = typeof d === 'string' ? d : new Map(d);
    h.n = this.n;
    return h;
  }

  /**
   * A hash holding `pairs` ([field, value, ...]) with the encoding Redis would choose for it, for
   * RDB/RESTORE loading: listpack when the count is within `limits.maxEntries` and (unless
   * `checkLengths` is false) every field and value within `limits.maxValue`. Redis applies both
   * rules to RDB_TYPE_HASH and zipmap payloads, but only the count to ziplist/listpack payloads
   * (a listpack written under larger limits stays a listpack). Returns null when a field repeats
   * (a corrupt payload).
   */
  static fromPairs(pairs: readonly string[], limits: HashLimits, checkLengths = true): HashValue | null {
    const h = new HashValue();
    const count = pairs.length >>> 1;
    let small = count <= limits.maxEntries;
    let bytes = 0;
    for (let i = 0; small && i < pairs.length; i++) {
      const len = pairs[i].length;
      if (checkLengths && len > limits.maxValue) small = false;
      bytes += len;
    }
    if (small && bytes + 10 * pairs.length <= MAX_PACKED_BYTES) {
      if (hasRepeat(pairs, 2)) return null;
      const parts: string[] = [];
      for (let i = 0; i < 2 * count; i++) P.pushEntry(parts, pairs[i]);
      // Every pair adds two or more pieces: join builds a fresh flat string that shares nothing.
      h.data = parts.join('');
      h.n = count;
      return h;
    }
    const m = new Map<string, string>();
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      if (m.has(pairs[i])) return null;
      m.set(pairs[i], pairs[i + 1]);
    }
    h.data = m;
    return h;
  }

  /**
   * A listpack-encoded hash of `count` pairs already in the packed form (types/packed.ts), with
   * distinct fields: loading builds it straight from the file's bytes.
   */
  static fromPacked(packed: string, count: number): HashValue {
    const h = new HashValue();
    h.data = packed;
    h.n = count;
    return h;
  }

  /** Converts to the hashtable encoding (never back). */
  private convert(): void {
    const d = this.data;
    if (typeof d !== 'string') return;
    // Detached copies: slices of the packed string would keep all of it alive.
    const e = P.unpackDetached(d);
    const m = new Map<string, string>();
    for (let i = 0; i < e.length; i += 2) m.set(e[i], e[i + 1]);
    this.data = m;
    this.n = 0;
  }
}

/**
 * A flat copy of `s`, which may be a view of a longer string. join() returns a lone non-empty
 * piece as is, so the string goes in as two pieces; below 13 chars V8 copies slices anyway.
 */
function flatCopy(s: string): string {
  return s.length < 13 ? s : [s.slice(0, 1), s.slice(1)].join('');
}
