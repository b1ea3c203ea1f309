/**
 * The small form of a sorted set: one packed sequence (types/packed.ts) of member, score,
 * member, score ... pairs kept sorted by (score, member bytes), like Redis's listpack. Scores are
 * kept as their shortest round-trip decimal text (String(d)), which is
 * exact and, for the common integer scores, one or two bytes.
 *
 * Positions are those of packed.ts; a pair's position is its member entry's position.
 * Everything here is O(n) with n bounded by zset-max-listpack-entries.
 */
import * as P from './packed.js';

/**
 * Text stored for a score. -0 is stored as 0: Redis's listpack keeps integral scores as
 * integers, which drops the sign of a negative zero (a skiplist keeps it).
 */
export function scoreText(d: number): string {
  return String(d);
}

/**
 * `a + b + c` as one flat string that shares nothing. Plain concatenation would leave V8 ropes
 * (cons strings) and slices that keep every earlier version of the set alive (several times its
 * bytes); Array.prototype.join builds a flat string, except that it returns a lone non-empty
 * piece as is, so a lone piece (possibly a slice of the old sequence) is copied out instead.
 */
export function flatJoin(a: string, b: string, c: string): string {
  const pieces = (a.length > 0 ? 1 : 0) + (b.length > 0 ? 1 : 0) + (c.length > 0 ? 1 : 0);
  if (pieces > 1) return [a, b, c].join('');
  const only = a.length > 0 ? a : b.length > 0 ? b : c;
  // Below 13 chars V8 copies slices anyway.
  return only.length < 13 ? only : Buffer.from(only, 'latin1').toString('latin1');
}

/** The score stored in the entry at `pos` (a score entry). */
export function scoreAt(p: string, pos: number): number {
  // Score texts are short (< 128 chars): the header is one char.
  const len = p.charCodeAt(pos);
  let i = pos + 1;
  const end = i + len;
  let neg = false;
  if (p.charCodeAt(i) === 45) {
    neg = true;
    i++;
  }
  // Fast path: up to 15 plain digits.
  if (end - i <= 15 && end > i) {
    let v = 0;
    for (; i < end; i++) {
      const d = p.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return Number(p.slice(pos + 1, end));
      v = v * 10 + d;
    }
    return neg ? -v : v;
  }
  return Number(p.slice(pos + 1, end));
}

/** Position of the pair whose member is `member`, or -1. */
export function findMember(p: string, member: string): number {
  return P.find(p, member, 2);
}

/** Position of the score entry of the pair at `pos`. */
export function scorePos(p: string, pos: number): number {
  return P.next(p, pos);
}

/** Position of the pair after the one at `pos`. */
export function nextPair(p: string, pos: number): number {
  return P.next(p, P.next(p, pos));
}

/** The sequence with (member, score) inserted at its sorted place (member known absent). */
export function insertPair(p: string, member: string, score: number): string {
  let pos = 0;
  while (pos < p.length) {
    const sp = P.next(p, pos);
    const s = scoreAt(p, sp);
    if (s > score || (s === score && P.entryAt(p, pos) > member)) break;
    pos = P.next(p, sp);
  }
  return flatJoin(p.slice(0, pos), P.encodeEntry(member) + P.encodeEntry(scoreText(score)), p.slice(pos));
}

/** The sequence without the pair at `pos`. */
export function removePair(p: string, pos: number): string {
  return removeRange(p, pos, P.skip(p, pos, 2));
}

/** The sequence without the chars [from, to) (whole entries). */
export function removeRange(p: string, from: number, to: number): string {
  return flatJoin(p.slice(0, from), '', p.slice(to));
}

/** Position of the pair of 0-based rank `rank`. */
export function pairAt(p: string, rank: number): number {
  return P.skip(p, 0, 2 * rank);
}

/** Number of pairs whose score is < `score` (<= when `orEqual`). */
export function countBelow(p: string, score: number, orEqual: boolean): number {
  let n = 0;
  for (let pos = 0; pos < p.length; n++) {
    const sp = P.next(p, pos);
    const s = scoreAt(p, sp);
    if (!(s < score || (orEqual && s === score))) break;
    pos = P.next(p, sp);
  }
  return n;
}

/** Number of leading pairs whose member is < `ele` (<= when `orEqual`). */
export function countBelowLex(p: string, ele: string, orEqual: boolean): number {
  let n = 0;
  for (let pos = 0; pos < p.length; n++) {
    const m = P.entryAt(p, pos);
    if (!(m < ele || (orEqual && m === ele))) break;
    pos = nextPair(p, pos);
  }
  return n;
}

/** A copy of `s` that shares no storage with a longer string (V8 slices keep their parent). */
export function detach(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'latin1').toString('latin1');
}
