/**
 * Stream entry IDs: two unsigned 64-bit parts, milliseconds and sequence (Redis's streamID).
 *
 * Each part is a U64: a safe-integer `number`, or a `bigint` only beyond 2^53 - 1 (canonical, like
 * util/int64.ts's Int64), so generated IDs - a millisecond clock and a small sequence - never touch
 * BigInt, while IDs up to 18446744073709551615-18446744073709551615 stay exact. Relational
 * operators compare a number with a bigint exactly, and canonical form makes `===` equality hold.
 */
import { shortDigits } from '../util/int64.js';
import { cString } from '../util/bytes.js';

/** An unsigned 64-bit integer: a safe-integer number, or a bigint above 2^53 - 1. */
export type U64 = number | bigint;

export const U64_MAX = 18446744073709551615n;
const TWO64 = 18446744073709551616n;
const I64_MAX = 9223372036854775807n;

/** A bigint in [0, 2^64) in canonical U64 form. */
export function u64(v: bigint): U64 {
  return v <= 9007199254740991n ? Number(v) : v;
}

/** v + 1, or null past 2^64 - 1. */
export function u64Incr(v: U64): U64 | null {
  if (typeof v === 'number' && v < 9007199254740991) return v + 1;
  const b = BigInt(v) + 1n;
  return b > U64_MAX ? null : u64(b);
}

/** v - 1, or null below 0. */
export function u64Decr(v: U64): U64 | null {
  if (typeof v === 'number') return v > 0 ? v - 1 : null;
  return u64(v - 1n);
}

/** a - b for a >= b. */
export function u64Sub(a: U64, b: U64): U64 {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return u64(BigInt(a) - BigInt(b));
}

/** (a + b) mod 2^64: how Redis adds a stored delta to a master ID. */
export function u64AddWrap(a: U64, b: U64): U64 {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a + b;
    if (s <= 9007199254740991) return s;
  }
  return u64((BigInt(a) + BigInt(b)) % TWO64);
}

/**
 * The signed 64-bit value Redis stores for the delta `a - b` of two parts (an unsigned
 * subtraction read back as int64_t), as a safe number or a bigint.
 */
export function deltaAsInt64(a: U64, b: U64): number | bigint {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  let d = (BigInt(a) - BigInt(b)) % TWO64;
  if (d < 0n) d += TWO64;
  if (d > I64_MAX) d -= TWO64;
  return d >= -9007199254740991n && d <= 9007199254740991n ? Number(d) : d;
}

/** A stream entry ID. Immutable: arithmetic returns new IDs. */
export class StreamId {
  constructor(
    readonly ms: U64,
    readonly seq: U64,
  ) {}

  toString(): string {
    return `${this.ms}-${this.seq}`;
  }

  /** True for 0-0. */
  isZero(): boolean {
    return this.ms === 0 && this.seq === 0;
  }
}

export const MIN_ID = new StreamId(0, 0);
export const MAX_ID = new StreamId(U64_MAX, U64_MAX);

/** -1, 0 or 1 as a is below, equal to or above b. */
export function compareIds(a: StreamId, b: StreamId): number {
  if (a.ms !== b.ms) return a.ms < b.ms ? -1 : 1;
  if (a.seq !== b.seq) return a.seq < b.seq ? -1 : 1;
  return 0;
}

/** compareIds on the parts, without an ID object. */
export function compareParts(ms: U64, seq: U64, b: StreamId): number {
  if (ms !== b.ms) return ms < b.ms ? -1 : 1;
  if (seq !== b.seq) return seq < b.seq ? -1 : 1;
  return 0;
}

/** The next ID (Redis's streamIncrID), or null after the last possible one. */
export function incrId(id: StreamId): StreamId | null {
  const seq = u64Incr(id.seq);
  if (seq !== null) return new StreamId(id.ms, seq);
  const ms = u64Incr(id.ms);
  return ms === null ? null : new StreamId(ms, 0);
}

/** The previous ID (Redis's streamDecrID), or null before 0-0. */
export function decrId(id: StreamId): StreamId | null {
  const seq = u64Decr(id.seq);
  if (seq !== null) return new StreamId(id.ms, seq);
  const ms = u64Decr(id.ms);
  return ms === null ? null : new StreamId(ms, U64_MAX);
}

/** The ID as 16 bytes (a latin1 string), both parts big-endian: sorts like the IDs (the rax key). */
export function idKey(id: StreamId): string {
  return u64Bytes(id.ms) + u64Bytes(id.seq);
}

function u64Bytes(v: U64): string {
  let hi: number;
  let lo: number;
  if (typeof v === 'number') {
    hi = Math.floor(v / 4294967296);
    lo = v - hi * 4294967296;
  } else {
    hi = Number(v >> 32n);
    lo = Number(v & 0xffffffffn);
  }
  return String.fromCharCode(hi >>> 24, (hi >>> 16) & 255, (hi >>> 8) & 255, hi & 255, lo >>> 24, (lo >>> 16) & 255, (lo >>> 8) & 255, lo & 255);
}

/** The ID encoded by idKey at `off` of `s`. */
export function idFromKey(s: string, off = 0): StreamId {
  return new StreamId(u64FromBytes(s, off), u64FromBytes(s, off + 8));
}

function u64FromBytes(s: string, off: number): U64 {
  const hi = ((s.charCodeAt(off) << 24) | (s.charCodeAt(off + 1) << 16) | (s.charCodeAt(off + 2) << 8) | s.charCodeAt(off + 3)) >>> 0;
  const lo = ((s.charCodeAt(off + 4) << 24) | (s.charCodeAt(off + 5) << 16) | (s.charCodeAt(off + 6) << 8) | s.charCodeAt(off + 7)) >>> 0;
  if (hi < 0x200000) return hi * 4294967296 + lo;
  return u64((BigInt(hi) << 32n) | BigInt(lo));
}

const SPACES = new Set([32, 9, 10, 11, 12, 13]);

/**
 * Redis's string2ull on a C string: string2ll's strict form (no sign, no leading zero) for
 * values that fit a signed 64-bit integer, else strtoull's lenient one (leading spaces, '+',
 * '-' meaning modular negation, leading zeros), rejecting overflow and trailing characters.
 */
export function parseU64(s: string): U64 | null {
  const n = s.length;
  const short = shortDigits(s);
  if (short >= 0 && (n === 1 || s.charCodeAt(0) !== 48)) return short;
  return parseU64Slow(s);
}

function parseU64Slow(s: string): U64 | null {
  let i = 0;
  const n = s.length;
  while (i < n && SPACES.has(s.charCodeAt(i))) i++;
  let neg = false;
  const sign = s.charCodeAt(i);
  if (sign === 43 || sign === 45) {
    neg = sign === 45;
    i++;
  }
  const start = i;
  while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i === start || i !== n) return null;
  // string2ll would accept a negative value first: those are "out of range".
  const v = BigInt(s.slice(start));
  if (v > U64_MAX) return null;
  if (neg) {
    // A canonical negative int64 reaches string2ll, which refuses it; strtoull negates the rest.
    if (start === 1 && s.charCodeAt(1) !== 48 && v <= I64_MAX + 1n) return null;
    return u64((TWO64 - v) % TWO64);
  }
  return u64(v);
}

/** A parsed ID argument: the ID, and whether its sequence was given (false for "<ms>-*"). */
export interface ParsedId {
  id: StreamId;
  seqGiven: boolean;
}

/**
 * Redis's streamGenericParseIDOrReply: "<ms>-<seq>", "<ms>" (sequence `missingSeq`), "-" and "+"
 * (the minimum and maximum; refused when `strict`), and "<ms>-*" when `allowSeqStar`. Arguments
 * are C strings there: over 127 bytes is invalid, and a NUL ends the text. Null when invalid.
 */
export function parseStreamId(arg: string, missingSeq: U64, strict: boolean, allowSeqStar = false): ParsedId | null {
  if (arg.length > 127) return null;
  const s = cString(arg);
  if (s.length === 1) {
    const c = s.charCodeAt(0);
    if (c === 45 || c === 43) return strict ? null : { id: c === 45 ? MIN_ID : MAX_ID, seqGiven: true };
  }
  const dash = s.indexOf('-');
  const ms = parseU64(dash < 0 ? s : s.slice(0, dash));
  if (ms === null) return null;
  if (dash < 0) return { id: new StreamId(ms, missingSeq), seqGiven: true };
  const rest = s.slice(dash + 1);
  if (allowSeqStar && rest === '*') return { id: new StreamId(ms, 0), seqGiven: false };
  const seq = parseU64(rest);
  return seq === null ? null : { id: new StreamId(ms, seq), seqGiven: true };
}
