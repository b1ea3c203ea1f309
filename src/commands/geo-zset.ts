/**
 * What the geo commands need of sorted sets, in one place: a member's score, the members of a
 * score range in order, and building a sorted set for STORE. Geo sets are plain sorted sets
 * whose scores are 52-bit geohashes.
 */
import type { Client } from '../engine/client.js';
import type { CollectionValue } from '../types/value.js';

/** The score of `member`, or undefined when absent. */
export function memberScore(_z: CollectionValue, _member: string): number | undefined {
  throw new Error('sorted sets are not available yet');
}

/**
 * Calls `fn(member, score)` for the members with min <= score < max in sorted-set order,
 * until `fn` returns false.
 */
export function forEachInScoreRange(
  _z: CollectionValue,
  _min: number,
  _max: number,
  _fn: (member: string, score: number) => boolean,
): void {
  throw new Error('sorted sets are not available yet');
}

/**
 * Stores a new sorted set of the given (distinct) members and scores at `key` (replacing any
 * value and TTL), with the encoding Redis would pick for it.
 */
export function storeSortedSet(_c: Client, _key: string, _members: string[], _scores: number[]): void {
  throw new Error('sorted sets are not available yet');
}

/** Runs ZADD with the given argument vector (GEOADD rewrites itself into one). */
export function runZadd(_c: Client, _argv: string[]): void {
  throw new Error('sorted sets are not available yet');
}
