/** Pieces shared by the sorted-set command files (zset*.ts). */
import { readTyped, writeTyped } from './keyspace-common.js';
import type { Client } from '../engine/client.js';
import { notify, Notify } from '../engine/notify.js';
import { Errors } from '../engine/errors.js';
import { ZSet, type ZSetLimits } from '../types/zset.js';
import { strtodEnd, strtodPrefix } from '../util/strtod.js';
import { parseInt64 } from '../util/int64.js';
import type { Value } from '../types/value.js';

/** The encoding thresholds from the config (zset-max-listpack-entries / -value). */
export function limitsOf(c: Client): ZSetLimits {
  const cfg = c.engine.config;
  return { maxEntries: cfg.num('zset-max-listpack-entries'), maxValue: cfg.num('zset-max-listpack-value') };
}

/** True if `v` is a sorted set (a type guard usable after a lookup). */
export function isZSet(v: Value | undefined): v is ZSet {
  return v instanceof ZSet;
}

/**
 * Looks `key` up for reading: the sorted set, undefined when missing, or null after replying
 * WRONGTYPE.
 */
export function readZSet(c: Client, key: string): ZSet | undefined | null {
  return readTyped(c, key, ZSet);
}

/** As readZSet, for writing (no hit/miss accounting). */
export function writeZSet(c: Client, key: string): ZSet | undefined | null {
  return writeTyped(c, key, ZSet);
}

/** A score interval (Redis's zrangespec). */
export interface ScoreRange {
  min: number;
  max: number;
  minex: boolean;
  maxex: boolean;
}

/** Parses one score bound as zslParseRange does (strtod, '(' exclusive); null when invalid. */
function parseBound(arg: string): { v: number; ex: boolean } | null {
  const ex = arg.charCodeAt(0) === 40;
  const start = ex ? 1 : 0;
  const v = strtodPrefix(arg, start);
  // strtod stops at NUL: what follows a NUL is invisible to Redis.
  const end = strtodEnd;
  if (end < arg.length && arg.charCodeAt(end) !== 0) return null;
  if (v !== v) return null;
  return { v, ex };
}

/** Redis's zslParseRange; null when invalid ("min or max is not a float"). */
export function parseScoreRange(minArg: string, maxArg: string): ScoreRange | null {
  const a = parseBound(minArg);
  if (a === null) return null;
  const b = parseBound(maxArg);
  if (b === null) return null;
  return { min: a.v, max: b.v, minex: a.ex, maxex: b.ex };
}

/** A lex bound: kind -1 is "-" (below everything), 1 is "+" (above everything), 0 a string. */
export interface LexBound {
  kind: -1 | 0 | 1;
  s: string;
  ex: boolean;
}

function parseLexItem(arg: string): LexBound | null {
  const c = arg.charCodeAt(0);
  // '+'/'-' must be alone in the C string (a NUL may follow).
  if (c === 43 || c === 45) {
    if (arg.length > 1 && arg.charCodeAt(1) !== 0) return null;
    return { kind: c === 43 ? 1 : -1, s: '', ex: true };
  }
  if (c === 40) return { kind: 0, s: arg.slice(1), ex: true };
  if (c === 91) return { kind: 0, s: arg.slice(1), ex: false };
  return null;
}

/** Redis's zslParseLexRange; null when invalid ("min or max not valid string range item"). */
export function parseLexRange(minArg: string, maxArg: string): [LexBound, LexBound] | null {
  const a = parseLexItem(minArg);
  if (a === null) return null;
  const b = parseLexItem(maxArg);
  if (b === null) return null;
  return [a, b];
}

/** The ranks [start, end) of the members within a score range. */
export function scoreRangeRanks(z: ZSet, r: ScoreRange): [number, number] {
  const start = z.countBelow(r.min, r.minex);
  const end = z.countBelow(r.max, !r.maxex);
  return [start, end < start ? start : end];
}

/** The ranks [start, end) of the members within a lex range. */
export function lexRangeRanks(z: ZSet, min: LexBound, max: LexBound): [number, number] {
  const n = z.size;
  const start = min.kind === -1 ? 0 : min.kind === 1 ? n : z.countBelowLex(min.s, min.ex);
  const end = max.kind === 1 ? n : max.kind === -1 ? 0 : z.countBelowLex(max.s, !max.ex);
  return [start, end < start ? start : end];
}

/**
 * Redis's getLongFromObjectOrReply (a signed 64-bit integer) as a number (values past 2^53 are
 * only ever compared or clamped). Replies and returns null when invalid.
 */
export function longArg(c: Client, arg: string, msg?: string): number | null {
  const v = parseInt64(arg);
  if (v === null) {
    c.reply.error(msg ?? Errors.notInteger);
    return null;
  }
  return Number(v);
}

/** Redis's getPositiveLongFromObjectOrReply with its default message. */
export function positiveLongArg(c: Client, arg: string): number | null {
  const v = parseInt64(arg);
  if (v === null || v < 0) {
    c.reply.error(Errors.mustBePositive);
    return null;
  }
  return Number(v);
}

/**
 * Writes members (and scores) as Redis's range replies do: a flat array in RESP2, [member,
 * score] pairs in RESP3 when `withScores`.
 */
export function replyMembers(c: Client, members: readonly string[], scores: readonly number[] | null): void {
  const r = c.reply;
  const n = members.length;
  if (scores === null) {
    r.bulkArray(members);
    return;
  }
  const resp3 = r.proto === 3;
  r.arrayLen(resp3 ? n : 2 * n);
  for (let i = 0; i < n; i++) {
    if (resp3) r.arrayLen(2);
    r.bulk(members[i]);
    r.double(scores[i]);
  }
}

/**
 * Stores `z` (non-empty) at `key` as SET does (dropping any TTL), or deletes `key` when `z` is
 * empty; replies with the size, as the *STORE commands do.
 */
export function storeResult(c: Client, key: string, z: ZSet | null, event: string): void {
  if (z !== null && z.size > 0) {
    c.db.set(key, z);
    c.reply.int(z.size);
    notify(c, Notify.Zset, event, key);
    c.engine.dirty++;
    return;
  }
  c.reply.int(0);
  if (c.db.delete(key)) {
    notify(c, Notify.Generic, 'del', key);
    c.engine.dirty++;
  }
}
