/**
 * SET and its variants (SETNX, SETEX, PSETEX) and GETEX: the commands that take Redis's
 * "extended string arguments" (NX/XX/GET/KEEPTTL/PERSIST and the four expire forms), with
 * Redis's rules for which options combine and how expire times are validated.
 */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { defineCommands } from './define.js';
import { optionIs, replyGet } from './string-common.js';
import { isString, stringBytes } from '../types/value.js';
import { parseInt64 } from '../util/int64.js';
import { isPropagating, propagateAs, propagateAsDeletion } from '../engine/propagation/api.js';
import { removeKey } from './keyspace-common.js';

const NX = 1;
const XX = 2;
const EX = 4;
const PX = 8;
const KEEPTTL = 16;
const GET = 32;
const EXAT = 64;
const PXAT = 128;
const PERSIST = 256;
const ANY_EXPIRE = EX | PX | EXAT | PXAT;

/** Parsed options of SET (from argv[3]) or GETEX (from argv[2]). */
interface StringOptions {
  flags: number;
  /** The expire argument as sent, when one of EX/PX/EXAT/PXAT was given. */
  expire: string | undefined;
}

/**
 * Redis's parseExtendedStringArgumentsOrReply. An option that conflicts with one already seen,
 * belongs to the other command, or lacks its value is a syntax error (the same error whatever
 * the reason, as in Redis). Returns null after replying.
 */
function parseOptions(c: Client, argv: string[], forSet: boolean): StringOptions | null {
  let flags = 0;
  let expire: string | undefined;
  for (let j = forSet ? 3 : 2; j < argv.length; j++) {
    const opt = argv[j];
    // An expire form needs a value after it and no KEEPTTL/PERSIST before it.
    const ef = j < argv.length - 1 && !(flags & (KEEPTTL | PERSIST)) ? expireOption(opt, flags) : 0;
    if (forSet && optionIs(opt, 'nx') && !(flags & XX)) {
      flags |= NX;
    } else if (forSet && optionIs(opt, 'xx') && !(flags & NX)) {
      flags |= XX;
    } else if (forSet && optionIs(opt, 'get')) {
      flags |= GET;
    } else if (forSet && optionIs(opt, 'keepttl') && !(flags & (PERSIST | ANY_EXPIRE))) {
      flags |= KEEPTTL;
    } else if (!forSet && optionIs(opt, 'persist') && !(flags & (KEEPTTL | ANY_EXPIRE))) {
      flags |= PERSIST;
    } else if (ef !== 0) {
      flags |= ef;
      expire = argv[++j];
    } else {
      c.reply.error(Errors.syntax);
      return null;
    }
  }
  return { flags, expire };
}

/** The expire flag `opt` names, or 0 if it names none or another expire form was already given. */
function expireOption(opt: string, flags: number): number {
  let f = 0;
  if (optionIs(opt, 'ex')) f = EX;
  else if (optionIs(opt, 'px')) f = PX;
  else if (optionIs(opt, 'exat')) f = EXAT;
  else if (optionIs(opt, 'pxat')) f = PXAT;
  // Repeating the same form is allowed (the last value wins); mixing forms is not.
  return f !== 0 && (flags & ANY_EXPIRE & ~f) === 0 ? f : 0;
}

/**
 * The absolute expire time in ms for an EX/PX/EXAT/PXAT argument (Redis's
 * getExpireMillisecondsOrReply), or an error message: not an integer, not positive, or
 * overflowing signed 64 bits once scaled to ms and made absolute.
 */
function expireTime(c: Client, arg: string, flags: number, cmd: string): number | string {
  const v = parseInt64(arg);
  if (v === null) return Errors.notInteger;
  if (v <= 0) return Errors.invalidExpire(cmd);
  const seconds = (flags & (EX | EXAT)) !== 0;
  const relative = (flags & (EX | PX)) !== 0;
  const now = relative ? c.engine.clock.now() : 0;
  if (typeof v === 'number') {
    const ms = (seconds ? v * 1000 : v) + now;
    // Exact while below 2^53, far below the int64 limits checked on the slow path.
    if (ms <= Number.MAX_SAFE_INTEGER) return ms;
  }
  const big = BigInt(v);
  if (seconds && big > 9223372036854775n) return Errors.invalidExpire(cmd);
  const ms = (seconds ? big * 1000n : big) + BigInt(now);
  // Redis adds in signed 64 bits: a sum past INT64_MAX wraps negative and is rejected.
  if (ms > 9223372036854775807n) return Errors.invalidExpire(cmd);
  return Number(ms);
}

/**
 * Redis's setGenericCommand, shared by SET, SETNX, SETEX and PSETEX. `okReply`/`abortReply`
 * write the reply for a done / skipped (NX or XX) set. A set with an expire time propagates as
 * SET key value PXAT <ms>, and SET ... GET without one propagates without the GET.
 */
function setGeneric(
  c: Client,
  cmd: string,
  flags: number,
  key: string,
  value: string,
  expire: string | undefined,
  okReply: (c: Client) => void,
  abortReply: (c: Client) => void,
): void {
  let when = 0;
  if (expire !== undefined) {
    const t = expireTime(c, expire, flags, cmd);
    if (typeof t === 'string') return c.reply.error(t);
    when = t;
  }
  if (flags & GET && !replyGet(c, key)) return;
  const found = c.db.exists(key);
  if ((flags & NX && found) || (flags & XX && !found)) {
    if (!(flags & GET)) abortReply(c);
    return;
  }
  c.db.set(key, value, (flags & KEEPTTL) !== 0);
  c.engine.dirty++;
  // Like Redis, a time already past is stored as is: the key then expires on its next access.
  if (expire !== undefined) {
    c.db.setExpire(key, when);
    propagateAs(c, ['SET', key, value, 'PXAT', when]);
  }
  if (!(flags & GET)) okReply(c);
}

/** SET's argv without its GET options (how SET ... GET propagates when it has no expire time). */
function withoutGet(argv: readonly string[]): string[] {
  const out = argv.slice(0, 3);
  for (let j = 3; j < argv.length; j++) if (!optionIs(argv[j], 'get')) out.push(argv[j]);
  return out;
}

const replyOk = (c: Client): void => c.reply.ok();
const replyNull = (c: Client): void => c.reply.nullBulk();
const replyOne = (c: Client): void => c.reply.int(1);
const replyZero = (c: Client): void => c.reply.int(0);

export const setCommands = defineCommands({
  set: (c, argv) => {
    if (argv.length === 3) {
      // The plain SET: no options to parse, no TTL kept.
      c.db.set(argv[1], argv[2]);
      c.engine.dirty++;
      c.reply.ok();
      return;
    }
    const o = parseOptions(c, argv, true);
    if (o === null) return;
    setGeneric(c, 'set', o.flags, argv[1], argv[2], o.expire, replyOk, replyNull);
    if (o.flags & GET && o.expire === undefined && isPropagating(c.engine)) propagateAs(c, withoutGet(argv));
  },
  setnx: (c, argv) => setGeneric(c, 'setnx', NX, argv[1], argv[2], undefined, replyOne, replyZero),
  setex: (c, argv) => setGeneric(c, 'setex', EX, argv[1], argv[3], argv[2], replyOk, replyNull),
  psetex: (c, argv) => setGeneric(c, 'psetex', PX, argv[1], argv[3], argv[2], replyOk, replyNull),

  /**
   * GETEX key [EX|PX|EXAT|PXAT t | PERSIST]: GET that also sets or removes the TTL. Propagates as
   * PEXPIREAT, as DEL when an absolute time has already passed, or as PERSIST.
   */
  getex: (c, argv) => {
    const o = parseOptions(c, argv, false);
    if (o === null) return;
    const key = argv[1];
    const v = c.db.lookupRead(key);
    if (v === undefined) return c.reply.nullBulk();
    if (!isString(v)) return c.reply.error(Errors.wrongType);
    let when = 0;
    if (o.expire !== undefined) {
      const t = expireTime(c, o.expire, o.flags, 'getex');
      if (typeof t === 'string') return c.reply.error(t);
      when = t;
    }
    c.reply.bulk(stringBytes(v));
    const engine = c.engine;
    if (o.flags & (EXAT | PXAT) && when <= engine.clock.now()) {
      const lazy = engine.config.bool('lazyfree-lazy-expire');
      removeKey(engine, c.db, key, lazy);
      engine.dirty++;
      propagateAsDeletion(c, key, lazy);
    } else if (o.expire !== undefined) {
      c.db.setExpire(key, when);
      engine.dirty++;
      propagateAs(c, ['PEXPIREAT', key, when]);
    } else if (o.flags & PERSIST) {
      if (c.db.persist(key)) {
        engine.dirty++;
        propagateAs(c, ['PERSIST', key]);
      }
    }
  },
});
