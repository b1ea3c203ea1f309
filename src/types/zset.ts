/**
 * The sorted-set value type.
 *
 * Two encodings, reported as Redis names them:
 * - "listpack": a packed string of (member, score) pairs sorted by (score, member) - see
 *   zset-packed.ts - while the set has at most zset-max-listpack-entries members and no member is
 *   longer than zset-max-listpack-value bytes;
 * - "skiplist": a skiplist with spans plus a member -> node Map (skiplist.ts), O(log N) per
 *   operation. A set never converts back, except that fresh values (ZUNIONSTORE & co results,
 *   RDB loads) choose their encoding from their contents (see fromSorted).
 *
 * Order is by score, then member bytes (JS `<` on latin1 strings is memcmp order). Ranks here
 * are 0-based, lowest score first.
 *
 * API for other groups (GEO, RDB, SORT): `add(score, member, 0, limits)` adds or updates;
 * `score(m)`; `rank(m, reverse)`; a score range is the ranks [countBelow(min, minExclusive),
 * countBelow(max, !maxExclusive)); `range(start, end, reverse, members, scores)` reads ranks;
 * `toArrays()` iterates everything in order; `ZSet.fromSorted`/`fromPairs` build a fresh value
 * with Redis's encoding rules; `dup()` copies.
 */
import type { CollectionValue } from './value.js';
import * as P from './packed.js';
import * as Z from './zset-packed.js';
import { Skiplist, type SkipNode } from './skiplist.js';

/** The two encoding thresholds (zset-max-listpack-entries / -value). */
export interface ZSetLimits {
  readonly maxEntries: number;
  readonly maxValue: number;
}

/** ZADD input flags. */
export const ZADD_NX = 1;
export const ZADD_XX = 2;
export const ZADD_GT = 4;
export const ZADD_LT = 8;
export const ZADD_INCR = 16;

/** ZADD outcome flags. */
export const ZADD_ADDED = 1;
export const ZADD_UPDATED = 2;
export const ZADD_NOP = 4;
export const ZADD_NAN = 8;

/** The score a member ended with after the last add() that did not return NOP/NAN. */
export let zaddNewScore = 0;

/**
 * The score ZADD gives a member that is already in the set at `cur`: null when NX, LT or GT
 * leaves it alone, NaN when INCR makes it NaN (inf + -inf), else the new score.
 */
function updatedScore(cur: number, score: number, flags: number): number | null {
  if (flags & ZADD_NX) return null;
  if (flags & ZADD_INCR) score += cur;
  if (score !== score) return score;
  if (((flags & ZADD_LT) && score >= cur) || ((flags & ZADD_GT) && score <= cur)) return null;
  return score;
}

export class ZSet implements CollectionValue {
  /** Last access time, kept by keyspace/db.ts (see CollectionValue.lru). */
  lru: number | undefined = undefined;
  /** Packed pairs (listpack) or a skiplist. */
  private d: string | Skiplist;

  /** An empty set in the listpack encoding, or skiplist when `large`. */
  constructor(large = false) {
    this.d = large ? new Skiplist() : '';
  }

  get type(): 'zset' {
    return 'zset';
  }

  encoding(): string {
    return typeof this.d === 'string' ? 'listpack' : 'skiplist';
  }

  /**
   * Number of members. Packed sets count their entries (at most zset-max-listpack-entries
   * pairs): one field less per set is worth more than the scan (see the memory notes in the
   * report of 100k small sets).
   */
  get size(): number {
    return typeof this.d === 'string' ? P.count(this.d) >> 1 : this.d.length;
  }

  /** The score of `member`, or undefined. */
  score(member: string): number | undefined {
    const d = this.d;
    if (typeof d !== 'string') return d.dict.get(member)?.score;
    const pos = Z.findMember(d, member);
    return pos < 0 ? undefined : Z.scoreAt(d, Z.scorePos(d, pos));
  }

  /**
   * Redis's zsetAdd: adds or updates `member` under the ZADD_* input `flags`; returns ZADD_*
   * outcome flags (ADDED, UPDATED, NOP; NAN when the score or the increment result is NaN).
   * The resulting score is left in `zaddNewScore`. Converts to skiplist past `limits`.
   */
  add(score: number, member: string, flags: number, limits: ZSetLimits): number {
    if (score !== score) return ZADD_NAN;
    const d = this.d;
    if (typeof d === 'string') {
      const pos = Z.findMember(d, member);
      if (pos >= 0) {
        const cur = Z.scoreAt(d, Z.scorePos(d, pos));
        const next = updatedScore(cur, score, flags);
        if (next === null) return ZADD_NOP;
        if (next !== next) return ZADD_NAN;
        score = zaddNewScore = next;
        if (score !== cur) {
          this.d = Z.insertPair(Z.removePair(d, pos), member, score);
          return ZADD_UPDATED;
        }
        return 0;
      }
      if (flags & ZADD_XX) return ZADD_NOP;
      if ((P.count(d) >> 1) + 1 > limits.maxEntries || member.length > limits.maxValue) {
        this.toSkiplist();
      } else {
        this.d = Z.insertPair(d, member, score);
        zaddNewScore = score;
        return ZADD_ADDED;
      }
    }
    const sl = this.d as Skiplist;
    const node = sl.dict.get(member);
    if (node !== undefined) {
      const cur = node.score;
      const next = updatedScore(cur, score, flags);
      if (next === null) return ZADD_NOP;
      if (next !== next) return ZADD_NAN;
      score = zaddNewScore = next;
      if (score !== cur) {
        sl.updateScore(node, score);
        return ZADD_UPDATED;
      }
      return 0;
    }
    if (flags & ZADD_XX) return ZADD_NOP;
    sl.insert(score, member);
    zaddNewScore = score;
    return ZADD_ADDED;
  }

  /** Removes `member`; false when absent. */
  remove(member: string): boolean {
    const d = this.d;
    if (typeof d !== 'string') return d.delete(member);
    const pos = Z.findMember(d, member);
    if (pos < 0) return false;
    this.d = Z.removePair(d, pos);
    return true;
  }

  /** 0-based rank of `member` (from the highest score when `reverse`), or -1. */
  rank(member: string, reverse = false): number {
    const d = this.d;
    let r: number;
    if (typeof d === 'string') {
      r = -1;
      let i = 0;
      for (let pos = 0; pos < d.length; pos = Z.nextPair(d, pos), i++) {
        if (P.entryEquals(d, pos, member)) {
          r = i;
          break;
        }
      }
      if (r < 0) return -1;
    } else {
      const node = d.dict.get(member);
      if (node === undefined) return -1;
      r = d.rankOf(node.score, member) - 1;
    }
    return reverse ? this.size - 1 - r : r;
  }

  /** Number of members whose score is < `score` (<= when `orEqual`): a score bound as a rank. */
  countBelow(score: number, orEqual: boolean): number {
    const d = this.d;
    return typeof d === 'string' ? Z.countBelow(d, score, orEqual) : d.countBelow(score, orEqual);
  }

  /**
   * Number of leading members that are < `ele` (<= when `orEqual`): a lex bound as a rank. Lex
   * ranges assume every score is equal, as Redis documents.
   */
  countBelowLex(ele: string, orEqual: boolean): number {
    const d = this.d;
    return typeof d === 'string' ? Z.countBelowLex(d, ele, orEqual) : d.countBelowLex(ele, orEqual);
  }

  /**
   * Appends the members (and scores, unless `scores` is null) of ranks [start, end) to the
   * arrays, lowest first, or from end-1 down to start when `reverse`. 0 <= start <= end <= size.
   */
  range(start: number, end: number, reverse: boolean, members: string[], scores: number[] | null): void {
    if (start >= end) return;
    const d = this.d;
    if (typeof d === 'string') {
      if (!reverse) {
        let pos = Z.pairAt(d, start);
        for (let i = start; i < end; i++) {
          members.push(P.entryAt(d, pos));
          const sp = P.next(d, pos);
          if (scores !== null) scores.push(Z.scoreAt(d, sp));
          pos = P.next(d, sp);
        }
        return;
      }
      // A packed sequence only walks forward: collect, then reverse.
      const m0 = members.length;
      const s0 = scores === null ? 0 : scores.length;
      this.range(start, end, false, members, scores);
      reverseTail(members, m0);
      if (scores !== null) reverseTail(scores, s0);
      return;
    }
    if (!reverse) {
      let node = d.byRank(start + 1);
      for (let i = start; i < end && node !== null; i++) {
        members.push(node.ele);
        if (scores !== null) scores.push(node.score);
        node = node.next[0];
      }
    } else {
      let node = d.byRank(end);
      for (let i = end; i > start && node !== null; i--) {
        members.push(node.ele);
        if (scores !== null) scores.push(node.score);
        node = node.backward;
      }
    }
  }

  /** Removes ranks [start, end); returns how many were removed. */
  removeRange(start: number, end: number): number {
    if (start >= end) return 0;
    const d = this.d;
    if (typeof d !== 'string') return d.deleteRangeByRank(start + 1, end);
    const a = Z.pairAt(d, start);
    const b = P.skip(d, a, 2 * (end - start));
    this.d = Z.removeRange(d, a, b);
    return end - start;
  }

  /**
   * The member -> node Map of the skiplist encoding (ZSCAN iterates it like a hash table), or
   * null while packed.
   */
  memberMap(): Map<string, SkipNode> | null {
    return typeof this.d === 'string' ? null : this.d.dict;
  }

  /** Every member and score, in order. */
  toArrays(): { members: string[]; scores: number[] } {
    const members: string[] = [];
    const scores: number[] = [];
    this.range(0, this.size, false, members, scores);
    return { members, scores };
  }

  /** Converts to the skiplist encoding (Redis's zsetConvert). */
  toSkiplist(): void {
    const d = this.d;
    if (typeof d !== 'string') return;
    const entries = P.unpackDetached(d);
    const sl = new Skiplist();
    // Inserting from the highest keeps each insertion at the head: O(1) searches.
    for (let i = entries.length - 2; i >= 0; i -= 2) sl.insert(Number(entries[i + 1]), entries[i]);
    this.d = sl;
  }

  /** A deep copy with the same encoding. */
  dup(): ZSet {
    const z = new ZSet();
    const d = this.d;
    if (typeof d === 'string') {
      // Strings are immutable: sharing the packed text is a copy.
      z.d = d;
      return z;
    }
    const sl = new Skiplist();
    for (let node = d.tail; node !== null; node = node.backward) sl.insert(node.score, node.ele);
    z.d = sl;
    return z;
  }

  /**
   * A fresh set from members in (score, member) order without duplicates, encoded as Redis
   * encodes a new value of that size (zsetConvertToListpackIfNeeded): listpack when it fits
   * both limits, else skiplist.
   */
  static fromSorted(members: readonly string[], scores: readonly number[], limits: ZSetLimits): ZSet {
    const n = members.length;
    let maxLen = 0;
    for (let i = 0; i < n; i++) if (members[i].length > maxLen) maxLen = members[i].length;
    const z = new ZSet();
    if (n <= limits.maxEntries && maxLen <= limits.maxValue) {
      const parts: string[] = [];
      for (let i = 0; i < n; i++) {
        P.pushEntry(parts, members[i]);
        P.pushEntry(parts, Z.scoreText(scores[i]));
      }
      // Two or more pieces: join builds a fresh flat string that shares nothing.
      z.d = parts.join('');
      return z;
    }
    const sl = new Skiplist();
    // Members read from a listpack are slices of its string: copy them out (detach) so the
    // new set does not keep the source's whole sequence alive.
    for (let i = n - 1; i >= 0; i--) sl.insert(scores[i], Z.detach(members[i]));
    z.d = sl;
    return z;
  }

  /**
   * A listpack-encoded set already in the packed form (zset-packed.ts: distinct members, in
   * order, scores as scoreText): loading builds it straight from the file's bytes.
   */
  static fromPacked(packed: string): ZSet {
    const z = new ZSet();
    z.d = packed;
    return z;
  }

  /** fromSorted for pairs in any order (distinct members), e.g. from an RDB file. */
  static fromPairs(members: readonly string[], scores: readonly number[], limits: ZSetLimits): ZSet {
    // Files and listpacks hold them in order already: sort only when they are not.
    let sorted = true;
    for (let i = 1; i < members.length && sorted; i++) sorted = compare(scores[i - 1], members[i - 1], scores[i], members[i]) < 0;
    if (sorted) return ZSet.fromSorted(members, scores, limits);
    const idx = members.map((_, i) => i);
    idx.sort((a, b) => compare(scores[a], members[a], scores[b], members[b]));
    return ZSet.fromSorted(idx.map((i) => members[i]), idx.map((i) => scores[i]), limits);
  }
}

/** Sorted-set order: by score, then member bytes. */
export function compare(s1: number, m1: string, s2: number, m2: string): number {
  if (s1 < s2) return -1;
  if (s1 > s2) return 1;
  return m1 < m2 ? -1 : m1 > m2 ? 1 : 0;
}

function reverseTail<T>(a: T[], from: number): void {
  for (let i = from, j = a.length - 1; i < j; i++, j--) {
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
