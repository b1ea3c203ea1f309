/** ZADD, ZINCRBY, ZREM and the single-member readers (ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK). */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { defineCommands } from './define.js';
import { notify, Notify } from '../engine/notify.js';
import { optionIs } from './string-common.js';
import { limitsOf, readZSet, writeZSet } from './zset-common.js';
import {
  ZSet, ZADD_ADDED, ZADD_GT, ZADD_INCR, ZADD_LT, ZADD_NAN, ZADD_NOP, ZADD_NX, ZADD_UPDATED, ZADD_XX, zaddNewScore,
} from '../types/zset.js';
import { string2d } from '../util/strtod.js';

/** Scores parsed by the last ZADD (reused: no allocation per command). */
const scoreBuf: number[] = [];

/** Redis's zaddGenericCommand (ZADD, and ZINCRBY with `flags` = ZADD_INCR). */
function zadd(c: Client, argv: string[], flags: number): void {
  let ch = false;
  let idx = 2;
  for (; idx < argv.length; idx++) {
    const opt = argv[idx];
    if (optionIs(opt, 'nx')) flags |= ZADD_NX;
    else if (optionIs(opt, 'xx')) flags |= ZADD_XX;
    else if (optionIs(opt, 'ch')) ch = true;
    else if (optionIs(opt, 'incr')) flags |= ZADD_INCR;
    else if (optionIs(opt, 'gt')) flags |= ZADD_GT;
    else if (optionIs(opt, 'lt')) flags |= ZADD_LT;
    else break;
  }
  const args = argv.length - idx;
  if (args === 0 || args % 2 !== 0) return c.reply.error(Errors.syntax);
  const elements = args / 2;
  const nx = (flags & ZADD_NX) !== 0;
  const xx = (flags & ZADD_XX) !== 0;
  const gt = (flags & ZADD_GT) !== 0;
  const lt = (flags & ZADD_LT) !== 0;
  const incr = (flags & ZADD_INCR) !== 0;
  if (nx && xx) return c.reply.error('ERR XX and NX options at the same time are not compatible');
  if ((gt && nx) || (lt && nx) || (gt && lt)) {
    return c.reply.error('ERR GT, LT, and/or NX options at the same time are not compatible');
  }
  if (incr && elements > 1) return c.reply.error('ERR INCR option supports a single increment-element pair');
  scoreBuf.length = elements;
  for (let j = 0; j < elements; j++) {
    const s = string2d(argv[idx + 2 * j]);
    if (s === null) return c.reply.error(Errors.notFloat);
    scoreBuf[j] = s;
  }
  const key = argv[1];
  let z = writeZSet(c, key);
  if (z === null) return;
  let added = 0;
  let updated = 0;
  let processed = 0;
  let score = 0;
  if (z === undefined) {
    if (xx) return replyZadd(c, incr, ch, 0, 0, 0, 0);
    const limits = limitsOf(c);
    z = new ZSet(limits.maxEntries === 0 || limits.maxValue < argv[idx + 1].length);
    c.db.set(key, z);
  }
  const limits = limitsOf(c);
  for (let j = 0; j < elements; j++) {
    const out = z.add(scoreBuf[j], argv[idx + 1 + 2 * j], flags, limits);
    if (out & ZADD_NAN) {
      c.reply.error(Errors.scoreNaN);
      return zaddDone(c, key, incr, added, updated);
    }
    if (out & ZADD_ADDED) added++;
    if (out & ZADD_UPDATED) updated++;
    if (!(out & ZADD_NOP)) {
      processed++;
      score = zaddNewScore;
    }
  }
  replyZadd(c, incr, ch, added, updated, processed, score);
  zaddDone(c, key, incr, added, updated);
}

/** After ZADD/ZINCRBY changed something: the modification, zadd/zincr event and dirty count. */
function zaddDone(c: Client, key: string, incr: boolean, added: number, updated: number): void {
  if (added + updated === 0) return;
  c.db.signalModified(key);
  notify(c, Notify.Zset, incr ? 'zincr' : 'zadd', key);
  c.engine.dirty += added + updated;
}

function replyZadd(c: Client, incr: boolean, ch: boolean, added: number, updated: number, processed: number, score: number): void {
  if (incr) {
    if (processed > 0) c.reply.double(score);
    else c.reply.nullBulk();
  } else {
    c.reply.int(ch ? added + updated : added);
  }
}

function zrank(c: Client, argv: string[], reverse: boolean): void {
  const z = readZSet(c, argv[1]);
  if (z === null) return;
  if (z === undefined) return c.reply.nullBulk();
  const r = z.rank(argv[2], reverse);
  if (r < 0) c.reply.nullBulk();
  else c.reply.int(r);
}

export const zsetAddCommands = defineCommands({
  zadd: (c, argv) => zadd(c, argv, 0),
  zincrby: (c, argv) => zadd(c, argv, ZADD_INCR),

  zrem: (c, argv) => {
    const key = argv[1];
    const z = writeZSet(c, key);
    if (z === null) return;
    if (z === undefined) return c.reply.int(0);
    let deleted = 0;
    let removed = false;
    for (let j = 2; j < argv.length; j++) {
      if (z.remove(argv[j])) deleted++;
      if (z.size === 0) {
        removed = c.db.remove(key);
        break;
      }
    }
    if (deleted > 0) {
      c.db.signalModified(key);
      notify(c, Notify.Zset, 'zrem', key);
      if (removed) notify(c, Notify.Generic, 'del', key);
    }
    c.engine.dirty += deleted;
    c.reply.int(deleted);
  },

  zcard: (c, argv) => {
    const z = readZSet(c, argv[1]);
    if (z === null) return;
    c.reply.int(z === undefined ? 0 : z.size);
  },

  zscore: (c, argv) => {
    const z = readZSet(c, argv[1]);
    if (z === null) return;
    const s = z === undefined ? undefined : z.score(argv[2]);
    if (s === undefined) c.reply.nullBulk();
    else c.reply.double(s);
  },

  zmscore: (c, argv) => {
    const z = readZSet(c, argv[1]);
    if (z === null) return;
    c.reply.arrayLen(argv.length - 2);
    for (let j = 2; j < argv.length; j++) {
      const s = z === undefined ? undefined : z.score(argv[j]);
      if (s === undefined) c.reply.nullBulk();
      else c.reply.double(s);
    }
  },

  zrank: (c, argv) => zrank(c, argv, false),
  zrevrank: (c, argv) => zrank(c, argv, true),
});
