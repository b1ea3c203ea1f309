/**
 * XADD and XTRIM (Redis 7.0's t_stream.c), sharing one option parser with Redis's error order
 * (streamParseAddOrTrimArgsOrReply). Approximate trims ("~") get Redis's default LIMIT of 100
 * nodes' worth of entries. Propagation (later: AOF, replicas) would rewrite "~" trims and
 * generated IDs into their exact forms, as Redis does.
 */
import { notify, Notify } from '../engine/notify.js';
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { Stream, NODE_MAX_SIZE, type TrimSpec } from '../types/stream.js';
import { compareIds, MAX_ID, MIN_ID, parseStreamId, type StreamId } from '../types/stream-id.js';
import { defineCommands } from './define.js';
import { isPropagating, propagateAs } from '../engine/propagation/api.js';
import { optionIs } from './string-common.js';
import { longLongOrReply, streamLimits, writeStream } from './stream-common.js';

/** What the XADD / XTRIM options say. */
interface AddTrimArgs {
  /** Index of the ID argument (XADD). */
  idPos: number;
  /** The ID given (XADD), null for "*". */
  id: StreamId | null;
  seqGiven: boolean;
  noMkstream: boolean;
  trim: TrimSpec | null;
  /** Index of the MAXLEN/MINID threshold argument (its "~" is just before it when approximate). */
  trimArg: number;
}

/** True for the argument "<c>" as a C string (a NUL may follow). */
function isChar(arg: string, code: number): boolean {
  return arg.charCodeAt(0) === code && (arg.length === 1 || arg.charCodeAt(1) === 0);
}

/** An integer argument that must not be negative (`negative` is the error then), or null after replying. */
function nonNegativeOrReply(c: Client, arg: string, negative: string): number | null {
  const n = longLongOrReply(c, arg);
  if (n !== null && n < 0) {
    c.reply.error(negative);
    return null;
  }
  return n;
}

/** Parses XADD's (xadd) or XTRIM's options from argv[2]; null after replying an error. */
function parseAddTrim(c: Client, argv: string[], xadd: boolean): AddTrimArgs | null {
  const a: AddTrimArgs = { idPos: argv.length, id: null, seqGiven: true, noMkstream: false, trim: null, trimArg: 0 };
  let strategy: 'maxlen' | 'minid' | null = null;
  let approx = false;
  let maxlen = 0;
  let minid = MIN_ID;
  let limit = 0;
  let limitGiven = false;
  let i = 2;
  for (; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    const opt = argv[i];
    if (xadd && isChar(opt, 42 /* * */)) {
      break;
    } else if ((optionIs(opt, 'maxlen') || optionIs(opt, 'minid')) && more > 0) {
      if (strategy !== null) {
        c.reply.error(Errors.maxlenAndMinid);
        return null;
      }
      approx = false;
      const next = argv[i + 1];
      if (more >= 2 && isChar(next, 126 /* ~ */)) {
        approx = true;
        i++;
      } else if (more >= 2 && isChar(next, 61 /* = */)) {
        i++;
      }
      if (optionIs(opt, 'maxlen')) {
        const n = nonNegativeOrReply(c, argv[i + 1], Errors.maxlenNegative);
        if (n === null) return null;
        maxlen = n;
        strategy = 'maxlen';
      } else {
        const p = parseStreamId(argv[i + 1], 0, true);
        if (p === null) {
          c.reply.error(Errors.invalidStreamId);
          return null;
        }
        minid = p.id;
        strategy = 'minid';
      }
      i++;
      a.trimArg = i;
    } else if (optionIs(opt, 'limit') && more > 0) {
      const n = nonNegativeOrReply(c, argv[i + 1], Errors.limitArgNegative);
      if (n === null) return null;
      limit = n;
      limitGiven = true;
      i++;
    } else if (xadd && optionIs(opt, 'nomkstream')) {
      a.noMkstream = true;
    } else if (xadd) {
      const p = parseStreamId(opt, 0, true, true);
      if (p === null) {
        c.reply.error(Errors.invalidStreamId);
        return null;
      }
      a.id = p.id;
      a.seqGiven = p.seqGiven;
      break;
    } else {
      c.reply.error(Errors.syntax);
      return null;
    }
  }
  a.idPos = i;
  if (limit !== 0 && strategy === null) {
    c.reply.error(Errors.limitWithoutTrim);
    return null;
  }
  if (!xadd && strategy === null) {
    c.reply.error(Errors.xtrimWithoutStrategy);
    return null;
  }
  if (c.mustObey) {
    // Written by Sonic (or Redis) as an exact trim it already did: no limit to enforce.
    limit = 0;
  } else if (limitGiven) {
    if (!approx) {
      c.reply.error(Errors.limitWithoutApprox);
      return null;
    }
  } else if (approx) {
    // At most 100 nodes' worth of work per call, capped both ways.
    limit = 100 * c.engine.config.num('stream-node-max-entries');
    if (limit <= 0) limit = 10000;
    if (limit > 1000000) limit = 1000000;
  }
  if (strategy !== null) a.trim = { strategy, maxlen, minid, approx, limit };
  return a;
}

function xadd(c: Client, argv: string[]): void {
  const a = parseAddTrim(c, argv, true);
  if (a === null) return;
  const fieldPos = a.idPos + 1;
  const nargs = argv.length - fieldPos;
  if (nargs < 2 || nargs % 2 === 1) return c.reply.error(Errors.wrongArity('xadd'));
  if (a.id !== null && a.seqGiven && a.id.isZero()) return c.reply.error(Errors.xaddIdZero);
  const key = argv[1];
  let s = writeStream(c, key);
  if (s === null) return;
  let created = false;
  if (s === undefined) {
    if (a.noMkstream) return c.reply.nullBulk();
    s = new Stream();
    created = true;
  }
  // (Only a bigint can be the maximum: the common number case skips the comparison.)
  if (typeof s.lastId.seq === 'bigint' && compareIds(s.lastId, MAX_ID) === 0) return c.reply.error(Errors.streamExhausted);
  let id: StreamId | null;
  if (a.id === null) id = s.autoId(c.engine.clock.now());
  else if (!a.seqGiven) id = s.autoSeqId(a.id.ms);
  else id = a.id;
  // A "<ms>-*" whose sequence would overflow fails like an oversized entry in Redis.
  if (id === null) return c.reply.error(Errors.streamElementsTooLarge);
  if (compareIds(id, s.lastId) <= 0) return c.reply.error(Errors.xaddIdTooSmall);
  let total = 0;
  for (let i = fieldPos; i < argv.length; i++) total += argv[i].length;
  if (total > NODE_MAX_SIZE) return c.reply.error(Errors.streamElementsTooLarge);
  s.append(id, argv, fieldPos, nargs / 2, streamLimits(c));
  const db = c.db;
  // A new key signals its waiters itself (Db.set); an existing stream changed in place.
  if (created) db.set(key, s);
  else {
    db.signalModified(key);
    c.engine.blocking.keys.signal(db, key);
  }
  c.engine.dirty++;
  const text = id.toString();
  c.reply.bulk(text);
  notify(c, Notify.Stream, 'xadd', key);
  if (a.trim !== null && s.trim(a.trim) !== 0) notify(c, Notify.Stream, 'xtrim', key);
  if (isPropagating(c.engine) && (a.id === null || !a.seqGiven || a.trim?.approx)) {
    const form: string[] = argv.slice();
    if (a.id === null || !a.seqGiven) form[a.idPos] = text;
    if (a.trim?.approx) exactTrimForm(form, a, s);
    propagateAs(c, form);
  }
}

/**
 * Rewrites an approximate trim in `form` as the exact one it amounted to ("=" and the length
 * left, or the first ID left, tombstones included), so replicas trim exactly alike (LIMIT stays:
 * replicas ignore it, as Redis's do for commands from their primary).
 */
function exactTrimForm(form: string[], a: AddTrimArgs, s: Stream): void {
  form[a.trimArg - 1] = '=';
  form[a.trimArg] = a.trim!.strategy === 'maxlen' ? String(s.length) : s.edgeId(true, false).toString();
}

function xtrim(c: Client, argv: string[]): void {
  const a = parseAddTrim(c, argv, false);
  if (a === null) return;
  const s = writeStream(c, argv[1]);
  if (s === null) return;
  if (s === undefined) return c.reply.int(0);
  const deleted = s.trim(a.trim!);
  if (deleted !== 0) {
    c.db.signalModified(argv[1]);
    notify(c, Notify.Stream, 'xtrim', argv[1]);
    c.engine.dirty += deleted;
    if (a.trim!.approx && isPropagating(c.engine)) {
      const form = argv.slice();
      exactTrimForm(form, a, s);
      propagateAs(c, form);
    }
  }
  c.reply.int(deleted);
}

export const streamAddCommands = defineCommands({ xadd, xtrim });
