/**
 * What SORT needs of the collection types, in one place: the elements of a list, set or
 * sorted set, a hash field for `->` patterns, and a new list for STORE.
 */
import type { Client } from '../engine/client.js';
import type { CollectionValue } from '../types/value.js';
import { HashValue } from '../types/hash.js';
import { SetValue } from '../types/set.js';
import { ListValue } from '../types/list.js';

/**
 * The part of the sorted-set value (types/zset.ts) SORT uses: size, ranks [start, end) in
 * order (or from end-1 down when `reverse`), and the conversion to the skiplist encoding.
 */
interface SortedSetView extends CollectionValue {
  readonly size: number;
  range(start: number, end: number, reverse: boolean, members: string[], scores: number[] | null): void;
  toSkiplist(): void;
}

/** Number of elements of a list, set or sorted set. */
export function lengthOf(v: CollectionValue): number {
  if (v instanceof ListValue) return v.length;
  if (v instanceof SetValue) return v.size;
  return (v as SortedSetView).size;
}

/** Every element of a list (head to tail), set (iteration order) or sorted set (in order). */
export function allElements(v: CollectionValue): string[] {
  if (v instanceof ListValue) return v.toArray();
  if (v instanceof SetValue) return v.members();
  const z = v as SortedSetView;
  const out: string[] = [];
  z.range(0, z.size, false, out, null);
  return out;
}

/**
 * Elements `start`..`end` (0-based, inclusive, in range) of a list or sorted set in its own
 * order, or counted from the tail when `desc`.
 */
export function elementRange(v: CollectionValue, start: number, end: number, desc: boolean): string[] {
  const out: string[] = [];
  if (v instanceof ListValue) {
    const n = v.length;
    for (let i = start; i <= end; i++) out.push(v.at(desc ? n - 1 - i : i));
    return out;
  }
  const z = v as SortedSetView;
  // Ranks count from the lowest score; DESC positions count from the highest.
  if (desc) z.range(z.size - 1 - end, z.size - start, true, out, null);
  else z.range(start, end + 1, false, out, null);
  return out;
}

/** SORT converts a small sorted set to its skiplist encoding, as Redis does (OBJECT ENCODING shows it). */
export function prepareSortedSet(_c: Client, v: CollectionValue): void {
  (v as SortedSetView).toSkiplist();
}

/** The value of `field` in a hash, or undefined. */
export function hashField(v: CollectionValue, field: string): string | undefined {
  return (v as HashValue).get(field);
}

/** Stores a new list of `elements` (non-empty) at `key`, replacing any value and TTL. */
export function storeList(c: Client, key: string, elements: string[]): void {
  c.db.set(key, ListValue.from(elements));
}
