/**
 * Expiry commands: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (with NX/XX/GT/LT), TTL, PTTL,
 * EXPIRETIME, PEXPIRETIME, PERSIST.
 *
 * Expire times are absolute milliseconds stored as JS numbers: exact up to 2^53 ms (year
 * 287396); beyond that (PEXPIREAT near INT64_MAX, which Redis accepts) they are kept to double
 * precision, far in the future either way. The argument checks themselves are done exactly,
 * in 64-bit arithmetic, so the overflow errors match Redis's.
 *
 * An expire time that is already past deletes the key at once (Redis's checkAlreadyExpired),
 * except while loading (an AOF replay keeps the key with its past time, and it expires once the
 * load is over); a replica would keep it for the primary's DEL, but Sonic has no replicas yet. That write propagates as DEL, the others as PEXPIREAT with the absolute time.
 */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { defineCommands } from './define.js';
import { notify, Notify } from '../engine/notify.js';
import { lookupNoTouch, removeKey } from './keyspace-common.js';
import { optionIs } from './string-common.js';
import { INT64_MAX, INT64_MIN, parseInt64 } from '../util/int64.js';
import { isPropagating, propagateAs, propagateAsDeletion } from '../engine/propagation/api.js';

const NX = 1;
const XX = 2;
const GT = 4;
const LT = 8;

/** Parses the NX/XX/GT/LT flags after argv[2]; replies with the error and returns -1 if invalid. */
function parseFlags(c: Client, argv: string[]): number {
  let flags = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j];
    if (optionIs(opt, 'nx')) flags |= NX;
    else if (optionIs(opt, 'xx')) flags |= XX;
    else if (optionIs(opt, 'gt')) flags |= GT;
    else if (optionIs(opt, 'lt')) flags |= LT;
    else {
      // Redis prints the option as a C string: it stops at a NUL byte.
      const nul = opt.indexOf('\0');
      // ReplyBuffer.error makes CR/LF in the option safe, as Redis's formatted errors do.
      c.reply.error(`ERR Unsupported option ${nul === -1 ? opt : opt.slice(0, nul)}`);
      return -1;
    }
  }
  if ((flags & NX) !== 0 && (flags & (XX | GT | LT)) !== 0) {
    c.reply.error('ERR NX and XX, GT or LT options at the same time are not compatible');
    return -1;
  }
  if ((flags & GT) !== 0 && (flags & LT) !== 0) {
    c.reply.error('ERR GT and LT options at the same time are not compatible');
    return -1;
  }
  return flags;
}

const SAFE = Number.MAX_SAFE_INTEGER;
const LLONG_MAX_DIV_1000 = INT64_MAX / 1000n;
const LLONG_MIN_DIV_1000 = INT64_MIN / 1000n; // C division truncates toward zero, as BigInt's

/**
 * The absolute expire time in ms for argument `arg` (Redis's expireGenericCommand arithmetic),
 * or null after replying with the error.
 */
function expireTimeArg(c: Client, arg: string, name: string, basetime: number, seconds: boolean): number | null {
  const v = parseInt64(arg);
  if (v === null) {
    c.reply.error(Errors.notInteger);
    return null;
  }
  // Fast path: every intermediate value stays a safe integer, so number arithmetic is exact and
  // far from the int64 limits.
  if (typeof v === 'number' && Math.abs(v) <= (seconds ? SAFE / 4000 : SAFE / 4)) {
    return (seconds ? v * 1000 : v) + basetime;
  }
  let when = BigInt(v);
  if (seconds) {
    if (when > LLONG_MAX_DIV_1000 || when < LLONG_MIN_DIV_1000) {
      c.reply.error(Errors.invalidExpire(name));
      return null;
    }
    when *= 1000n;
  }
  if (when > INT64_MAX - BigInt(basetime)) {
    c.reply.error(Errors.invalidExpire(name));
    return null;
  }
  return Number(when + BigInt(basetime));
}

function expireGeneric(c: Client, argv: string[], name: string, relative: boolean, seconds: boolean): void {
  const flags = parseFlags(c, argv);
  if (flags < 0) return;
  const engine = c.engine;
  const now = engine.clock.now();
  const when = expireTimeArg(c, argv[2], name, relative ? now : 0, seconds);
  if (when === null) return;
  const db = c.db;
  const key = argv[1];
  if (db.lookup(key) === undefined) return c.reply.int(0);
  if (flags !== 0) {
    const current = db.getExpire(key);
    if ((flags & NX) !== 0 && current !== undefined) return c.reply.int(0);
    if ((flags & XX) !== 0 && current === undefined) return c.reply.int(0);
    // No TTL counts as an infinite one: GT never beats it, LT always does.
    if ((flags & GT) !== 0 && (current === undefined || when <= current)) return c.reply.int(0);
    if ((flags & LT) !== 0 && current !== undefined && when >= current) return c.reply.int(0);
  }
  if (when <= now && !engine.loading) {
    // Already expired: delete now (propagated as DEL, or UNLINK under lazyfree-lazy-expire).
    const lazy = engine.config.bool('lazyfree-lazy-expire');
    removeKey(engine, db, key, lazy);
    notify(c, Notify.Generic, 'del', key);
    engine.dirty++;
    propagateAsDeletion(c, key, lazy);
    return c.reply.int(1);
  }
  db.setExpire(key, when);
  c.reply.int(1);
  notify(c, Notify.Generic, 'expire', key);
  engine.dirty++;
  // Replicas get the absolute time: PEXPIREAT key <ms> [NX|XX|GT|LT] (PEXPIREAT as sent).
  if (name !== 'pexpireat' && isPropagating(engine)) {
    const form = argv.slice();
    form[0] = 'PEXPIREAT';
    form[2] = Number.isSafeInteger(when) ? String(when) : exactExpireTime(argv[2], relative ? now : 0, seconds);
    propagateAs(c, form);
  }
}

/** The absolute expire time of an argument past 2^53 ms, exactly (it was validated already). */
function exactExpireTime(arg: string, basetime: number, seconds: boolean): string {
  return String(BigInt(arg) * (seconds ? 1000n : 1n) + BigInt(basetime));
}

/** TTL family: -2 no key, -1 no TTL, else the remaining (or absolute) time. */
function ttlGeneric(c: Client, argv: string[], ms: boolean, absolute: boolean): void {
  const key = argv[1];
  if (lookupNoTouch(c, key) === undefined) return c.reply.int(-2);
  const when = c.db.getExpire(key);
  if (when === undefined) return c.reply.int(-1);
  let ttl = absolute ? when : when - c.engine.clock.now();
  if (ttl < 0) ttl = 0;
  // Seconds round to nearest, as Redis's (ttl+500)/1000.
  c.reply.int(ms ? ttl : Math.floor((ttl + 500) / 1000));
}

export const expireCommands = defineCommands({
  expire: (c, argv) => expireGeneric(c, argv, 'expire', true, true),
  pexpire: (c, argv) => expireGeneric(c, argv, 'pexpire', true, false),
  expireat: (c, argv) => expireGeneric(c, argv, 'expireat', false, true),
  pexpireat: (c, argv) => expireGeneric(c, argv, 'pexpireat', false, false),
  ttl: (c, argv) => ttlGeneric(c, argv, false, false),
  pttl: (c, argv) => ttlGeneric(c, argv, true, false),
  expiretime: (c, argv) => ttlGeneric(c, argv, false, true),
  pexpiretime: (c, argv) => ttlGeneric(c, argv, true, true),
  persist: (c, argv) => {
    const db = c.db;
    if (db.lookup(argv[1]) !== undefined && db.persist(argv[1])) {
      notify(c, Notify.Generic, 'persist', argv[1]);
      c.engine.dirty++;
      return c.reply.int(1);
    }
    c.reply.int(0);
  },
});
