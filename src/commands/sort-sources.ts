/**
 * What SORT needs of the collection types, in one place: the elements of a list, set or
 * sorted set, a hash field for `->` patterns, and a new list for STORE.
 */
import type { Client } from '../engine/client.js';
import type { CollectionValue } from '../types/value.js';

function unavailable(): never {
  throw new Error('collection types are not available yet');
}

/** Number of elements of a list, set or sorted set. */
export function lengthOf(_v: CollectionValue): number {
  unavailable();
}

/** Every element of a list (head to tail), set (iteration order) or sorted set (any order). */
export function allElements(_v: CollectionValue): string[] {
  unavailable();
}

/**
 * Elements `start`..`end` (0-based, inclusive, in range) of a list or sorted set in its own
 * order, or counted from the tail when `desc`.
 */
export function elementRange(_v: CollectionValue, _start: number, _end: number, _desc: boolean): string[] {
  unavailable();
}

/** SORT converts a small sorted set to its skiplist encoding, as Redis does (OBJECT ENCODING shows it). */
export function prepareSortedSet(_c: Client, _v: CollectionValue): void {
  unavailable();
}

/** The value of `field` in a hash, or undefined. */
export function hashField(_v: CollectionValue, _field: string): string | undefined {
  unavailable();
}

/** Stores a new list of `elements` (non-empty) at `key`, replacing any value and TTL. */
export function storeList(_c: Client, _key: string, _elements: string[]): void {
  unavailable();
}
