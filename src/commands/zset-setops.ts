/**
 * ZUNION, ZINTER, ZDIFF, their *STORE forms and ZINTERCARD (Redis's
 * zunionInterDiffGenericCommand). Inputs may be sorted sets or plain sets (every member of a set
 * scores 1). Results come out in sorted-set order; stored results pick their encoding from their
 * size as Redis does (ZSet.fromSorted).
 */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { defineCommands } from './define.js';
import { optionIs } from './string-common.js';
import { limitsOf, replyMembers, storeResult } from './zset-common.js';
import { ZSet, compare } from '../types/zset.js';
import { typeOf, type Value } from '../types/value.js';
import type { SetValue } from '../types/set.js';
import { parseInt64 } from '../util/int64.js';
import { string2d } from '../util/strtod.js';

/** A plain set as input (its members score 1). */
type SetLike = SetValue;

/** One input: a sorted set, a plain set, or nothing (missing key). */
interface Source {
  value: ZSet | SetLike | null;
  weight: number;
  size: number;
}

const UNION = 0;
const INTER = 1;
const DIFF = 2;
type SetOp = typeof UNION | typeof INTER | typeof DIFF;

const SUM = 0;
const MIN = 1;
const MAX = 2;

function aggregate(target: number, val: number, agg: number): number {
  if (agg === SUM) {
    const t = target + val;
    // inf + -inf: Redis keeps the convention that the sum is 0.
    return t !== t ? 0 : t;
  }
  if (agg === MIN) return val < target ? val : target;
  return val > target ? val : target;
}

/** The score of `m` in source `s`, or undefined when absent. */
function find(s: Source, m: string): number | undefined {
  const v = s.value;
  if (v === null) return undefined;
  if (v instanceof ZSet) return v.score(m);
  return v.has(m) ? 1 : undefined;
}

/** Every member of `s` with its score, appended to the arrays. */
function readAll(s: Source, members: string[], scores: number[]): void {
  const v = s.value;
  if (v === null) return;
  if (v instanceof ZSet) {
    v.range(0, v.size, false, members, scores);
    return;
  }
  for (const m of v.members()) {
    members.push(m);
    scores.push(1);
  }
}

function generic(c: Client, argv: string[], dst: string | null, numkeysAt: number, op: SetOp, cardOnly: boolean): void {
  const nk = parseInt64(argv[numkeysAt]);
  if (nk === null) return c.reply.error(Errors.notInteger);
  if (nk < 1) return c.reply.error(`ERR at least 1 input key is needed for '${c.lastCommand}' command`);
  if (nk > argv.length - (numkeysAt + 1)) return c.reply.error(Errors.syntax);
  const setnum = Number(nk);
  const src: Source[] = [];
  let j = numkeysAt + 1;
  for (let i = 0; i < setnum; i++, j++) {
    const v: Value | undefined = c.db.lookupRead(argv[j]);
    let value: ZSet | SetLike | null = null;
    if (v !== undefined) {
      const t = typeOf(v);
      if (t !== 'zset' && t !== 'set') return c.reply.error(Errors.wrongType);
      value = v as unknown as ZSet | SetLike;
    }
    src.push({ value, weight: 1, size: value === null ? 0 : value.size });
  }
  let agg = SUM;
  let withScores = false;
  let limit = 0;
  while (j < argv.length) {
    const remaining = argv.length - j;
    const a = argv[j];
    if (op !== DIFF && !cardOnly && remaining >= setnum + 1 && optionIs(a, 'weights')) {
      j++;
      for (let i = 0; i < setnum; i++, j++) {
        const w = string2d(argv[j]);
        if (w === null) return c.reply.error(Errors.weightNotFloat);
        src[i].weight = w;
      }
    } else if (op !== DIFF && !cardOnly && remaining >= 2 && optionIs(a, 'aggregate')) {
      const x = argv[j + 1];
      if (optionIs(x, 'sum')) agg = SUM;
      else if (optionIs(x, 'min')) agg = MIN;
      else if (optionIs(x, 'max')) agg = MAX;
      else return c.reply.error(Errors.syntax);
      j += 2;
    } else if (dst === null && !cardOnly && optionIs(a, 'withscores')) {
      withScores = true;
      j++;
    } else if (cardOnly && remaining >= 2 && optionIs(a, 'limit')) {
      const l = parseInt64(argv[j + 1]);
      if (l === null || l < 0) return c.reply.error("ERR LIMIT can't be negative");
      limit = Number(l);
      j += 2;
    } else {
      return c.reply.error(Errors.syntax);
    }
  }
  // Smallest inputs first (a stable sort, so equal sizes keep the argument order).
  if (op !== DIFF) src.sort((x, y) => x.size - y.size);

  let members: string[] = [];
  let scores: number[] = [];
  let card = 0;
  if (op === INTER) {
    if (src[0].size > 0) {
      const m0: string[] = [];
      const s0: number[] = [];
      readAll(src[0], m0, s0);
      for (let k = 0; k < m0.length; k++) {
        const m = m0[k];
        let score = src[0].weight * s0[k];
        if (score !== score) score = 0;
        let i = 1;
        for (; i < setnum; i++) {
          const s = src[i];
          let value: number;
          if (s.value === src[0].value) value = s0[k] * s.weight;
          else {
            const f = find(s, m);
            if (f === undefined) break;
            value = f * s.weight;
          }
          score = aggregate(score, value, agg);
        }
        if (i !== setnum) continue;
        if (cardOnly) {
          card++;
          if (limit !== 0 && card >= limit) break;
        } else {
          members.push(m);
          scores.push(score);
        }
      }
    }
  } else if (op === UNION) {
    const acc = new Map<string, number>();
    const ms: string[] = [];
    const ss: number[] = [];
    for (const s of src) {
      if (s.size === 0) continue;
      ms.length = 0;
      ss.length = 0;
      readAll(s, ms, ss);
      for (let k = 0; k < ms.length; k++) {
        let score = s.weight * ss[k];
        if (score !== score) score = 0;
        const cur = acc.get(ms[k]);
        acc.set(ms[k], cur === undefined ? score : aggregate(cur, score, agg));
      }
    }
    for (const [m, s] of acc) {
      members.push(m);
      scores.push(s);
    }
  } else if (src[0].size > 0 && !src.some((s, i) => i > 0 && s.value === src[0].value)) {
    const m0: string[] = [];
    const s0: number[] = [];
    readAll(src[0], m0, s0);
    for (let k = 0; k < m0.length; k++) {
      let i = 1;
      while (i < setnum && find(src[i], m0[k]) === undefined) i++;
      if (i === setnum) {
        members.push(m0[k]);
        scores.push(s0[k]);
      }
    }
  }

  if (cardOnly) return c.reply.int(card);
  if (op !== DIFF || (src[0].value !== null && !(src[0].value instanceof ZSet))) {
    // Unions, intersections and diffs of plain sets are not in order yet.
    const idx = members.map((_, i) => i);
    idx.sort((a, b) => compare(scores[a], members[a], scores[b], members[b]));
    members = idx.map((i) => members[i]);
    scores = idx.map((i) => scores[i]);
  }
  if (dst !== null) {
    const event = op === UNION ? 'zunionstore' : op === INTER ? 'zinterstore' : 'zdiffstore';
    storeResult(c, dst, members.length === 0 ? null : ZSet.fromSorted(members, scores, limitsOf(c)), event);
    return;
  }
  replyMembers(c, members, withScores ? scores : null);
}

export const zsetSetopCommands = defineCommands({
  zunion: (c, argv) => generic(c, argv, null, 1, UNION, false),
  zinter: (c, argv) => generic(c, argv, null, 1, INTER, false),
  zdiff: (c, argv) => generic(c, argv, null, 1, DIFF, false),
  zintercard: (c, argv) => generic(c, argv, null, 1, INTER, true),
  zunionstore: (c, argv) => generic(c, argv, argv[1], 2, UNION, false),
  zinterstore: (c, argv) => generic(c, argv, argv[1], 2, INTER, false),
  zdiffstore: (c, argv) => generic(c, argv, argv[1], 2, DIFF, false),
});
