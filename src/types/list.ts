/**
 * The list value: a ring-buffer deque of byte strings (latin1 JS strings, see util/bytes.ts).
 *
 * Redis 7.0 keeps lists in a quicklist (a linked list of listpacks) and OBJECT ENCODING always
 * says "quicklist". Here one power-of-two array is used as a ring: push and pop at both ends are
 * O(1) amortized, LINDEX/LSET/LRANGE are O(1) per element, and LINSERT/LREM move the shorter side
 * only. The array grows by doubling and shrinks by half once it is at most a quarter full, so a
 * queue that was long once does not keep its memory. Vacated slots are cleared so popped strings
 * can be collected. No reply or command code lives here.
 */
import type { CollectionValue } from './value.js';

/** Smallest ring capacity (also the capacity of a list created empty). */
const MIN_CAPACITY = 4;

function capacityFor(n: number): number {
  let cap = MIN_CAPACITY;
  while (cap < n) cap *= 2;
  return cap;
}

/** A fresh array of `cap` empty slots, packed (never holey) so element access stays fast. */
function slots(cap: number): string[] {
  const a: string[] = [];
  for (let i = 0; i < cap; i++) a.push('');
  return a;
}

export class ListValue implements CollectionValue {
  readonly type = 'list' as const;
  /** Last access time, kept by keyspace/db.ts (see CollectionValue.lru). */
  lru: number | undefined = undefined;
  /** The ring: element i lives at ring[(head + i) & mask]. Unused slots hold ''. */
  private ring: string[];
  private mask: number;
  private head = 0;
  private len = 0;

  constructor(capacity = MIN_CAPACITY) {
    const cap = capacityFor(capacity);
    this.ring = slots(cap);
    this.mask = cap - 1;
  }

  /** A list holding `elements` in order (RESTORE, RDB loading, tests). */
  static from(elements: readonly string[]): ListValue {
    const l = new ListValue(elements.length);
    const ring = l.ring;
    for (let i = 0; i < elements.length; i++) ring[i] = elements[i];
    l.len = elements.length;
    return l;
  }

  /** Number of elements. */
  get length(): number {
    return this.len;
  }

  /** Redis 7.0 reports every list as a quicklist, whatever its size. */
  encoding(): string {
    return 'quicklist';
  }

  /** An independent copy (COPY). */
  dup(): ListValue {
    return ListValue.from(this.toArray());
  }

  /** Element `i`, 0 <= i < length (callers check bounds). */
  at(i: number): string {
    return this.ring[(this.head + i) & this.mask];
  }

  /** Replaces element `i`, 0 <= i < length. */
  setAt(i: number, s: string): void {
    this.ring[(this.head + i) & this.mask] = s;
  }

  pushTail(s: string): void {
    if (this.len === this.ring.length) this.resize(this.ring.length * 2);
    this.ring[(this.head + this.len) & this.mask] = s;
    this.len++;
  }

  pushHead(s: string): void {
    if (this.len === this.ring.length) this.resize(this.ring.length * 2);
    this.head = (this.head - 1) & this.mask;
    this.ring[this.head] = s;
    this.len++;
  }

  /** Removes and returns the first element; undefined when empty. */
  popHead(): string | undefined {
    if (this.len === 0) return undefined;
    const ring = this.ring;
    const s = ring[this.head];
    ring[this.head] = '';
    this.head = (this.head + 1) & this.mask;
    this.len--;
    this.maybeShrink();
    return s;
  }

  /** Removes and returns the last element; undefined when empty. */
  popTail(): string | undefined {
    if (this.len === 0) return undefined;
    const ring = this.ring;
    const i = (this.head + this.len - 1) & this.mask;
    const s = ring[i];
    ring[i] = '';
    this.len--;
    this.maybeShrink();
    return s;
  }

  /** Removes `n` elements from the head (0 <= n <= length). */
  dropHead(n: number): void {
    const ring = this.ring;
    const mask = this.mask;
    for (let i = 0; i < n; i++) ring[(this.head + i) & mask] = '';
    this.head = (this.head + n) & mask;
    this.len -= n;
    this.maybeShrink();
  }

  /** Removes `n` elements from the tail (0 <= n <= length). */
  dropTail(n: number): void {
    const ring = this.ring;
    const mask = this.mask;
    for (let i = this.len - n; i < this.len; i++) ring[(this.head + i) & mask] = '';
    this.len -= n;
    this.maybeShrink();
  }

  /** Inserts `s` so that it becomes element `index` (0 <= index <= length), moving the shorter side. */
  insertAt(index: number, s: string): void {
    if (index === 0) return this.pushHead(s);
    if (index === this.len) return this.pushTail(s);
    if (this.len === this.ring.length) this.resize(this.ring.length * 2);
    const ring = this.ring;
    const mask = this.mask;
    const head = this.head;
    if (index < this.len - index) {
      // Shift elements [0, index) one slot towards the head.
      const nh = (head - 1) & mask;
      for (let i = 0; i < index; i++) ring[(nh + i) & mask] = ring[(head + i) & mask];
      this.head = nh;
      ring[(nh + index) & mask] = s;
    } else {
      // Shift elements [index, len) one slot towards the tail.
      for (let i = this.len; i > index; i--) ring[(head + i) & mask] = ring[(head + i - 1) & mask];
      ring[(head + index) & mask] = s;
    }
    this.len++;
  }

  /**
   * Removes elements equal to `s`, at most `limit` of them (0 = all), scanning from the head, or
   * from the tail when `fromTail` (LREM). Returns how many were removed. One pass, O(length).
   */
  removeMatching(s: string, limit: number, fromTail: boolean): number {
    const ring = this.ring;
    const mask = this.mask;
    const head = this.head;
    const len = this.len;
    let removed = 0;
    if (!fromTail) {
      // Compact towards the head: w is where the next kept element goes.
      let w = 0;
      for (let r = 0; r < len; r++) {
        const e = ring[(head + r) & mask];
        if (e === s && (limit === 0 || removed < limit)) {
          removed++;
          continue;
        }
        if (w !== r) ring[(head + w) & mask] = e;
        w++;
      }
      for (let i = w; i < len; i++) ring[(head + i) & mask] = '';
    } else {
      // Compact towards the tail, scanning backwards.
      let w = len - 1;
      for (let r = len - 1; r >= 0; r--) {
        const e = ring[(head + r) & mask];
        if (e === s && (limit === 0 || removed < limit)) {
          removed++;
          continue;
        }
        if (w !== r) ring[(head + w) & mask] = e;
        w--;
      }
      for (let i = 0; i < removed; i++) ring[(head + i) & mask] = '';
      this.head = (head + removed) & mask;
    }
    this.len = len - removed;
    this.maybeShrink();
    return removed;
  }

  /** Index of the first element equal to `s` at or after `from`, or -1. */
  indexOf(s: string, from = 0): number {
    const ring = this.ring;
    const mask = this.mask;
    for (let i = from; i < this.len; i++) if (ring[(this.head + i) & mask] === s) return i;
    return -1;
  }

  /** The elements in order, as a new array. */
  toArray(): string[] {
    const out = new Array<string>(this.len);
    for (let i = 0; i < this.len; i++) out[i] = this.ring[(this.head + i) & this.mask];
    return out;
  }

  /** The elements in order (RDB writer, DUMP). */
  *[Symbol.iterator](): IterableIterator<string> {
    for (let i = 0; i < this.len; i++) yield this.ring[(this.head + i) & this.mask];
  }

  private maybeShrink(): void {
    const cap = this.ring.length;
    if (cap > MIN_CAPACITY && this.len <= cap >> 2) this.resize(capacityFor(this.len * 2));
  }

  /** Moves the elements into a fresh ring of `cap` slots, head at 0. */
  private resize(cap: number): void {
    const next = slots(cap);
    for (let i = 0; i < this.len; i++) next[i] = this.ring[(this.head + i) & this.mask];
    this.ring = next;
    this.mask = cap - 1;
    this.head = 0;
  }
}
