/**
 * Small hashes and sorted sets read from RDB listpacks straight into the packed strings Sonic
 * keeps them in (types/packed.ts, types/zset-packed.ts): the entries scanListpack found are
 * copied into a scratch buffer behind packed headers and one string is made of the whole, where
 * the general path makes a string per element and joins them afterwards (a million small values
 * load with a fraction of the allocations).
 *
 * The checks are the general path's (object-read.ts), with its error: repeated fields or
 * members, unparsable or NaN scores. A value this does not take (a sorted set out of order, an
 * oversized listpack) gives null, and the caller goes the general way.
 */
import * as P from '../../types/packed.js';
import { scoreText } from '../../types/zset-packed.js';
import { copyBytes, scratchBuffer, sliceShortBytes } from '../../util/bytes.js';
import { RdbError } from './errors.js';
import { LP_NUMBER, scanned, scannedString } from './listpack.js';
import { parseCDouble } from './reader.js';

/** Beyond this many bytes of output, the general path (so the scratch buffer stays small). */
const MAX_OUT = 1 << 20;
/** Up to this many keys are checked for repeats pairwise, beyond that with a Set (as util/distinct.ts). */
const LINEAR_MAX = 16;

/** Where each entry's body went in the output (by entry index). */
let bodyAt = new Int32Array(256);
let bodyLen = new Int32Array(256);

/**
 * An upper bound of the output for the `n` scanned entries: a header of at most 5 bytes and the
 * body, whose text is at most 25 chars for a number (an int64, or a score as scoreText writes it).
 */
function outputBound(n: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) total += Math.max(scanned.len[i], 25) + 5;
  return total;
}

/** The output buffer for `n` scanned entries, or null when they are too big for this path. */
function outputFor(n: number): Buffer | null {
  const bound = outputBound(n);
  if (bound > MAX_OUT) return null;
  if (bodyAt.length < n) {
    bodyAt = new Int32Array(Math.max(n, bodyAt.length * 2));
    bodyLen = new Int32Array(bodyAt.length);
  }
  return scratchBuffer(bound);
}

/** Writes entry `i` of the scan of `b` (its text) into `out` at `p`; returns the end. */
function putEntry(b: Buffer, i: number, out: Buffer, p: number): number {
  const len = scanned.len[i];
  if (len === LP_NUMBER) return putNumber(i, out, p, scanned.int[i]);
  if (len < 0) return putText(i, out, p, scannedString(b, i));
  p = P.writeHeader(out, p, len);
  copyBytes(b, scanned.start[i], len, out, p);
  bodyAt[i] = p;
  bodyLen[i] = len;
  return p + len;
}

/** Writes `s` (at most 127 chars) as entry `i`. */
function putText(i: number, out: Buffer, p: number, s: string): number {
  const n = s.length;
  out[p++] = n;
  for (let k = 0; k < n; k++) out[p + k] = s.charCodeAt(k);
  bodyAt[i] = p;
  bodyLen[i] = n;
  return p + n;
}

/** Writes the decimal text of the safe integer `v` as entry `i` (String(v), with no string). */
function putNumber(i: number, out: Buffer, p: number, v: number): number {
  const neg = v < 0;
  let u = neg ? -v : v;
  let digits = 1;
  for (let t = u; t >= 10; t = Math.floor(t / 10)) digits++;
  const n = digits + (neg ? 1 : 0);
  out[p++] = n;
  bodyAt[i] = p;
  bodyLen[i] = n;
  if (neg) out[p] = 45;
  for (let k = p + n - 1; k >= p + n - digits; k--) {
    out[k] = 48 + (u % 10);
    u = Math.floor(u / 10);
  }
  return p + n;
}

function sameBody(out: Buffer, i: number, j: number): boolean {
  const n = bodyLen[i];
  if (n !== bodyLen[j]) return false;
  const a = bodyAt[i];
  const b = bodyAt[j];
  for (let k = 0; k < n; k++) if (out[a + k] !== out[b + k]) return false;
  return true;
}

/** True when body `i` sorts before body `j` (byte order, as JS compares latin1 strings). */
function bodyBefore(out: Buffer, i: number, j: number): boolean {
  const a = bodyAt[i];
  const b = bodyAt[j];
  const la = bodyLen[i];
  const lb = bodyLen[j];
  const m = la < lb ? la : lb;
  for (let k = 0; k < m; k++) if (out[a + k] !== out[b + k]) return out[a + k] < out[b + k];
  return la < lb;
}

/** True when two of the entries 0, 2, 4 ... < n (fields, members) have the same text. */
function repeatedKey(out: Buffer, n: number): boolean {
  if (n <= 2 * LINEAR_MAX) {
    for (let i = 2; i < n; i += 2) for (let j = 0; j < i; j += 2) if (sameBody(out, i, j)) return true;
    return false;
  }
  const seen = new Set<string>();
  for (let i = 0; i < n; i += 2) {
    const s = sliceShortBytes(out, bodyAt[i], bodyAt[i] + bodyLen[i]);
    if (seen.size === seen.add(s).size) return true;
  }
  return false;
}

/**
 * The packed hash of the `n` scanned entries of `b` (field, value ..., n even and non-zero), or
 * null when they are too big for this path. Throws `what`'s integrity error for a repeated field.
 */
export function packedHash(b: Buffer, n: number, at: number, what: string): string | null {
  const out = outputFor(n);
  if (out === null) return null;
  let p = 0;
  for (let i = 0; i < n; i++) p = putEntry(b, i, out, p);
  if (repeatedKey(out, n)) throw new RdbError(`${what} integrity check failed.`, at);
  return sliceShortBytes(out, 0, p);
}

/**
 * The packed sorted set of the `n` scanned entries of `b` (member, score ..., n even and
 * non-zero), or null when they are too big for this path or not in (score, member) order.
 * Throws `what`'s integrity error for a repeated member or a bad score.
 */
export function packedZset(b: Buffer, n: number, at: number, what: string): string | null {
  const out = outputFor(n);
  if (out === null) return null;
  let p = 0;
  let prev = 0;
  for (let i = 0; i < n; i += 2) {
    p = putEntry(b, i, out, p);
    let score: number;
    if (scanned.len[i + 1] === LP_NUMBER) {
      score = scanned.int[i + 1];
      p = putNumber(i + 1, out, p, score);
    } else {
      const v = parseCDouble(scannedString(b, i + 1));
      if (v === null || Number.isNaN(v)) throw new RdbError(`${what} integrity check failed.`, at);
      score = v;
      p = putText(i + 1, out, p, scoreText(v));
    }
    // Strictly ascending by (score, member), as ZSet.fromPairs takes pairs without sorting.
    if (i > 0 && !(prev < score || (prev === score && bodyBefore(out, i - 2, i)))) return null;
    prev = score;
  }
  if (repeatedKey(out, n)) throw new RdbError(`${what} integrity check failed.`, at);
  return sliceShortBytes(out, 0, p);
}
