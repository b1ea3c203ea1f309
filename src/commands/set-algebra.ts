/**
 * Set algebra: SINTER, SINTERCARD, SINTERSTORE, SUNION, SUNIONSTORE, SDIFF, SDIFFSTORE and
 * SMEMBERS (which Redis 7.0 serves as SINTER of one key), following Redis's t_set.c:
 *
 * - Source keys are read lookups (keyspace hits/misses), checked in argument order; a key of
 *   another type fails the command with WRONGTYPE even after missing keys. A missing key is an
 *   empty set; the destination of a *STORE is never type-checked (it is overwritten).
 * - Results are built as Redis builds them, into a set that starts as an intset, so a result
 *   that is all integers (and small enough) is an intset: SUNION/SDIFF of integers reply in
 *   ascending order, and *STORE stores an intset-encoded set. SINTER replies in the order of
 *   its smallest input.
 * - *STORE with an empty result deletes the destination (one change if it existed).
 * - Replies are RESP3 sets (`~`), arrays in RESP2; SINTERCARD an integer.
 */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { defineCommands } from './define.js';
import { bulks, maxIntset, replyEmptySet, storeSetResult } from './set-common.js';
import { optionIs } from './string-common.js';
import { SetValue } from '../types/set.js';
import { parseInt64 } from '../util/int64.js';

/**
 * The sets at argv[from..to) (undefined for missing keys), or null after replying WRONGTYPE at
 * the first key of another type.
 */
function sourceSets(c: Client, argv: string[], from: number, to: number): (SetValue | undefined)[] | null {
  const sets = new Array<SetValue | undefined>(to - from);
  for (let j = from; j < to; j++) {
    const v = c.db.lookupRead(argv[j]);
    if (v !== undefined && !(v instanceof SetValue)) {
      c.reply.error(Errors.wrongType);
      return null;
    }
    sets[j - from] = v;
  }
  return sets;
}

/** How an intersection is delivered. */
const enum InterMode {
  Reply,
  Store,
  Card,
}

/**
 * Members common to every set (all present), smallest set first; stops after `limit` members
 * when limit > 0. Each result is passed to `emit`.
 */
function intersect(sets: SetValue[], limit: number, emit: (m: string) => void): number {
  // Stable sort by size, as Redis's qsort orders equal sizes in practice.
  const order = sets.slice().sort((a, b) => a.size - b.size);
  const first = order[0];
  let found = 0;
  const members = first.members();
  outer: for (let i = 0; i < members.length; i++) {
    const m = members[i];
    for (let j = 1; j < order.length; j++) {
      const s = order[j];
      if (s !== first && !s.has(m)) continue outer;
    }
    found++;
    emit(m);
    if (limit > 0 && found >= limit) break;
  }
  return found;
}

function sinterGeneric(c: Client, argv: string[], from: number, to: number, dst: string | null, mode: InterMode, limit: number): void {
  const maybe = sourceSets(c, argv, from, to);
  if (maybe === null) return;
  const r = c.reply;
  if (maybe.includes(undefined)) {
    if (mode === InterMode.Store) return storeSetResult(c, dst as string, new SetValue(), 'sinterstore', true);
    if (mode === InterMode.Card) return r.int(0);
    return replyEmptySet(r);
  }
  const sets = maybe as SetValue[];
  if (mode === InterMode.Card) {
    return r.int(intersect(sets, limit, () => {}));
  }
  if (mode === InterMode.Store) {
    const out = new SetValue();
    const max = maxIntset(c);
    intersect(sets, 0, (m) => out.add(m, max));
    return storeSetResult(c, dst as string, out, 'sinterstore');
  }
  if (sets.length === 1) {
    // SMEMBERS, or SINTER of one key: the set itself.
    const m = sets[0].members();
    return r.raw((r.proto === 3 ? '~' : '*') + m.length + '\r\n' + bulks(m));
  }
  const found: string[] = [];
  intersect(sets, 0, (m) => found.push(m));
  r.raw((r.proto === 3 ? '~' : '*') + found.length + '\r\n' + bulks(found));
}

/**
 * The union of `sets` (undefined = empty), built into a set that starts as an intset (so it is
 * one when every member is an integer and there are at most `max`).
 */
export function unionOf(sets: readonly (SetValue | undefined)[], max: number): SetValue {
  const out = new SetValue();
  for (const s of sets) {
    if (s === undefined) continue;
    s.forEach((m) => out.add(m, max));
  }
  return out;
}

/** The members of sets[0] in none of the others (Redis's SDIFF; same key twice = empty). */
function diffOf(sets: readonly (SetValue | undefined)[], max: number): SetValue {
  const out = new SetValue();
  const first = sets[0];
  if (first === undefined) return out;
  for (let j = 1; j < sets.length; j++) if (sets[j] === first) return out;
  const others = sets.slice(1).filter((s): s is SetValue => s !== undefined);
  // Bigger sets first: a member found early in one of them is discarded sooner.
  others.sort((a, b) => b.size - a.size);
  first.forEach((m) => {
    for (let j = 0; j < others.length; j++) if (others[j].has(m)) return;
    out.add(m, max);
  });
  return out;
}

function unionDiffGeneric(c: Client, argv: string[], from: number, dst: string | null, diff: boolean): void {
  const sets = sourceSets(c, argv, from, argv.length);
  if (sets === null) return;
  const max = maxIntset(c);
  const result = diff ? diffOf(sets, max) : unionOf(sets, max);
  if (dst !== null) return storeSetResult(c, dst, result, diff ? 'sdiffstore' : 'sunionstore');
  const r = c.reply;
  const m = result.members();
  r.raw((r.proto === 3 ? '~' : '*') + m.length + '\r\n' + bulks(m));
}

/** SINTERCARD numkeys key [key ...] [LIMIT limit]. */
function sintercard(c: Client, argv: string[]): void {
  const nk = parseInt64(argv[1]);
  if (nk === null || nk < 1) return c.reply.error(Errors.numkeysPositive);
  if (nk > argv.length - 2) return c.reply.error(Errors.numkeysTooMany);
  const numkeys = Number(nk);
  let limit = 0;
  for (let j = 2 + numkeys; j < argv.length; j++) {
    if (optionIs(argv[j], 'limit') && j + 1 < argv.length) {
      j++;
      const l = parseInt64(argv[j]);
      if (l === null || l < 0) return c.reply.error(Errors.limitNegative);
      // A limit past the largest possible set size is no limit at all.
      limit = typeof l === 'bigint' ? Number.MAX_SAFE_INTEGER : l;
    } else {
      return c.reply.error(Errors.syntax);
    }
  }
  sinterGeneric(c, argv, 2, 2 + numkeys, null, InterMode.Card, limit);
}

export const algebraCommands = defineCommands({
  smembers: (c, argv) => sinterGeneric(c, argv, 1, 2, null, InterMode.Reply, 0),
  sinter: (c, argv) => sinterGeneric(c, argv, 1, argv.length, null, InterMode.Reply, 0),
  sinterstore: (c, argv) => sinterGeneric(c, argv, 2, argv.length, argv[1], InterMode.Store, 0),
  sintercard,
  sunion: (c, argv) => unionDiffGeneric(c, argv, 1, null, false),
  sunionstore: (c, argv) => unionDiffGeneric(c, argv, 2, argv[1], false),
  sdiff: (c, argv) => unionDiffGeneric(c, argv, 1, null, true),
  sdiffstore: (c, argv) => unionDiffGeneric(c, argv, 2, argv[1], true),
});
