/**
 * Range commands: ZRANGE (BYSCORE/BYLEX/REV/LIMIT/WITHSCORES), ZRANGESTORE, the older
 * Z[REV]RANGE[BYSCORE|BYLEX] forms, ZCOUNT, ZLEXCOUNT and ZREMRANGEBY{RANK,SCORE,LEX}.
 *
 * Every range is turned into ranks [start, end) (a score or lex bound becomes "how many members
 * lie below it"), then LIMIT offset/count and the direction select ranks inside it. That is
 * O(log N + M) on a skiplist, and gives the same members Redis's walks give.
 */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { defineCommands } from './define.js';
import { notify, Notify } from '../engine/notify.js';
import { optionIs } from './string-common.js';
import {
  lexRangeRanks, limitsOf, longArg, parseLexRange, parseScoreRange, readZSet, replyMembers,
  scoreRangeRanks, storeResult, writeZSet,
} from './zset-common.js';
import { ZSet } from '../types/zset.js';

const RANK = 0;
const SCORE = 1;
const LEX = 2;
type RangeType = typeof RANK | typeof SCORE | typeof LEX;

/** Normalizes ZRANGE-style indexes (negative from the end); null when the range is empty. */
export function rankRange(start: number, end: number, len: number): [number, number] | null {
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (start > end || start >= len) return null;
  if (end >= len) end = len - 1;
  return [start, end + 1];
}

/**
 * Redis's zrangeGenericCommand. `at` is the index of the source key; `store` is the destination
 * key for ZRANGESTORE (null otherwise); `type`/`reverse` are fixed by the older commands and
 * null where ZRANGE's options choose them.
 */
function zrangeGeneric(c: Client, argv: string[], at: number, store: string | null, type: RangeType | null, reverse: boolean | null): void {
  let withScores = false;
  let offset = 0;
  let limit = -1;
  for (let j = at + 3; j < argv.length; j++) {
    const a = argv[j];
    const left = argv.length - j - 1;
    if (store === null && optionIs(a, 'withscores')) {
      withScores = true;
    } else if (optionIs(a, 'limit') && left >= 2) {
      const o = longArg(c, argv[j + 1]);
      if (o === null) return;
      const l = longArg(c, argv[j + 2]);
      if (l === null) return;
      offset = o;
      limit = l;
      j += 2;
    } else if (reverse === null && optionIs(a, 'rev')) {
      reverse = true;
    } else if (type === null && optionIs(a, 'bylex')) {
      type = LEX;
    } else if (type === null && optionIs(a, 'byscore')) {
      type = SCORE;
    } else {
      return c.reply.error(Errors.syntax);
    }
  }
  const rev = reverse === true;
  const kind: RangeType = type ?? RANK;
  if (limit !== -1 && kind === RANK) {
    return c.reply.error('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
  }
  if (withScores && kind === LEX) return c.reply.error('ERR syntax error, WITHSCORES not supported in combination with BYLEX');
  // Score and lex ranges are given as max, min when reversed.
  const minArg = argv[rev && kind !== RANK ? at + 2 : at + 1];
  const maxArg = argv[rev && kind !== RANK ? at + 1 : at + 2];
  let rs = 0;
  let re = 0;
  let score = null;
  let lex = null;
  if (kind === RANK) {
    const s = longArg(c, minArg);
    if (s === null) return;
    const e = longArg(c, maxArg);
    if (e === null) return;
    rs = s;
    re = e;
  } else if (kind === SCORE) {
    score = parseScoreRange(minArg, maxArg);
    if (score === null) return c.reply.error(Errors.minMaxNotFloat);
  } else {
    lex = parseLexRange(minArg, maxArg);
    if (lex === null) return c.reply.error(Errors.minMaxNotLex);
  }
  const z = readZSet(c, argv[at]);
  if (z === null) return;
  const members: string[] = [];
  const scores: number[] | null = withScores || store !== null ? [] : null;
  if (z !== undefined) {
    let start: number;
    let end: number;
    if (kind === RANK) {
      const r = rankRange(rs, re, z.size);
      [start, end] = r ?? [0, 0];
      // Reversed indexes count from the highest score.
      if (rev && r !== null) [start, end] = [z.size - end, z.size - start];
    } else {
      [start, end] = score !== null ? scoreRangeRanks(z, score) : lexRangeRanks(z, lex![0], lex![1]);
      // LIMIT: skip `offset` members from the starting end (a negative offset walks off the
      // end in Redis: nothing), then take `limit` (negative: all).
      if (offset < 0) end = start;
      else if (rev) end = Math.max(start, end - offset);
      else start = Math.min(end, start + offset);
      if (limit >= 0 && end - start > limit) {
        if (rev) start = end - limit;
        else end = start + limit;
      }
    }
    z.range(start, end, rev, members, scores);
  }
  if (store !== null) {
    storeRange(c, store, kind, members, scores!);
    return;
  }
  replyMembers(c, members, withScores ? scores : null);
}

/**
 * ZRANGESTORE's destination: Redis starts it as a listpack unless a rank range is known to be
 * longer than zset-max-listpack-entries, and adds the members one by one (converting on the way).
 */
function storeRange(c: Client, dst: string, kind: RangeType, members: string[], scores: number[]): void {
  if (members.length === 0) return storeResult(c, dst, null, 'zrangestore');
  const limits = limitsOf(c);
  const z = new ZSet(kind === RANK && members.length > limits.maxEntries);
  for (let i = 0; i < members.length; i++) z.add(scores[i], members[i], 0, limits);
  storeResult(c, dst, z, 'zrangestore');
}

const REMRANGE_EVENTS = ['zremrangebyrank', 'zremrangebyscore', 'zremrangebylex'];

/** ZREMRANGEBYRANK / BYSCORE / BYLEX. */
function zremrange(c: Client, argv: string[], kind: RangeType): void {
  let rs = 0;
  let re = 0;
  let score = null;
  let lex = null;
  if (kind === RANK) {
    const s = longArg(c, argv[2]);
    if (s === null) return;
    const e = longArg(c, argv[3]);
    if (e === null) return;
    rs = s;
    re = e;
  } else if (kind === SCORE) {
    score = parseScoreRange(argv[2], argv[3]);
    if (score === null) return c.reply.error(Errors.minMaxNotFloat);
  } else {
    lex = parseLexRange(argv[2], argv[3]);
    if (lex === null) return c.reply.error(Errors.minMaxNotLex);
  }
  const key = argv[1];
  const z = writeZSet(c, key);
  if (z === null) return;
  if (z === undefined) return c.reply.int(0);
  let start: number;
  let end: number;
  if (kind === RANK) {
    const r = rankRange(rs, re, z.size);
    if (r === null) return c.reply.int(0);
    [start, end] = r;
  } else {
    [start, end] = score !== null ? scoreRangeRanks(z, score) : lexRangeRanks(z, lex![0], lex![1]);
  }
  const deleted = z.removeRange(start, end);
  if (deleted > 0) notify(c, Notify.Zset, REMRANGE_EVENTS[kind], key);
  if (z.size === 0) {
    c.db.remove(key);
    notify(c, Notify.Generic, 'del', key);
  } else if (deleted > 0) c.db.signalModified(key);
  c.engine.dirty += deleted;
  c.reply.int(deleted);
}

export const zsetRangeCommands = defineCommands({
  zrange: (c, argv) => zrangeGeneric(c, argv, 1, null, null, null),
  zrangestore: (c, argv) => zrangeGeneric(c, argv, 2, argv[1], null, null),
  zrevrange: (c, argv) => zrangeGeneric(c, argv, 1, null, RANK, true),
  zrangebyscore: (c, argv) => zrangeGeneric(c, argv, 1, null, SCORE, false),
  zrevrangebyscore: (c, argv) => zrangeGeneric(c, argv, 1, null, SCORE, true),
  zrangebylex: (c, argv) => zrangeGeneric(c, argv, 1, null, LEX, false),
  zrevrangebylex: (c, argv) => zrangeGeneric(c, argv, 1, null, LEX, true),

  zcount: (c, argv) => {
    const r = parseScoreRange(argv[2], argv[3]);
    if (r === null) return c.reply.error(Errors.minMaxNotFloat);
    const z = readZSet(c, argv[1]);
    if (z === null) return;
    if (z === undefined) return c.reply.int(0);
    const [s, e] = scoreRangeRanks(z, r);
    c.reply.int(e - s);
  },

  zlexcount: (c, argv) => {
    const r = parseLexRange(argv[2], argv[3]);
    if (r === null) return c.reply.error(Errors.minMaxNotLex);
    const z = readZSet(c, argv[1]);
    if (z === null) return;
    if (z === undefined) return c.reply.int(0);
    const [s, e] = lexRangeRanks(z, r[0], r[1]);
    c.reply.int(e - s);
  },

  zremrangebyrank: (c, argv) => zremrange(c, argv, RANK),
  zremrangebyscore: (c, argv) => zremrange(c, argv, SCORE),
  zremrangebylex: (c, argv) => zremrange(c, argv, LEX),
});
