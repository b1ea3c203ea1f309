/**
 * What the geo commands need of sorted sets, in one place: a member's score, the members of a
 * score range in order, building a sorted set for STORE, and ZADD. Geo sets are plain sorted
 * sets whose scores are 52-bit geohashes.
 */
import type { Client } from '../engine/client.js';
import type { CollectionValue } from '../types/value.js';
import { ZSet } from '../types/zset.js';
import { limitsOf } from './zset-common.js';
import { zsetCommands } from './zset.js';

/** The score of `member`, or undefined when absent. */
export function memberScore(z: CollectionValue, member: string): number | undefined {
  return (z as ZSet).score(member);
}

/**
 * Calls `fn(member, score)` for the members with min <= score < max in sorted-set order,
 * until `fn` returns false.
 */
export function forEachInScoreRange(
  z: CollectionValue,
  min: number,
  max: number,
  fn: (member: string, score: number) => boolean,
): void {
  const zs = z as ZSet;
  const start = zs.countBelow(min, false);
  const end = zs.countBelow(max, false);
  // Read in chunks so that COUNT ... ANY, which stops early, does not copy a whole big cell.
  const members: string[] = [];
  const scores: number[] = [];
  for (let from = start; from < end; from += 64) {
    members.length = 0;
    scores.length = 0;
    zs.range(from, Math.min(end, from + 64), false, members, scores);
    for (let i = 0; i < members.length; i++) if (!fn(members[i], scores[i])) return;
  }
}

/**
 * Stores a new sorted set of the given (distinct) members and scores at `key` (replacing any
 * value and TTL), with the encoding Redis would pick for it.
 */
export function storeSortedSet(c: Client, key: string, members: string[], scores: number[]): void {
  c.db.set(key, ZSet.fromPairs(members, scores, limitsOf(c)));
}

/** Runs ZADD with the given argument vector (GEOADD rewrites itself into one). */
export function runZadd(c: Client, argv: string[]): void {
  zsetCommands.zadd(c, argv);
}
