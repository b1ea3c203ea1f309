/**
 * The string command group. Values are byte strings (latin1 JS strings); APPEND and SETRANGE
 * turn a value into a MutableString on its first in-place change so that repeated changes cost
 * O(size of the change). SET and friends live in string-set.ts, counters in string-incr.ts and
 * LCS in string-lcs.ts; this file has the readers and the plain writers, and merges the group.
 *
 * Writes count in `engine.dirty` as Redis's server.dirty does, which is what makes them
 * propagate to replicas (engine/propagation/); GETSET propagates as SET, GETDEL as DEL.
 */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { defineCommands } from './define.js';
import { checkStringLength, replyGet, toMutable } from './string-common.js';
import { setCommands } from './string-set.js';
import { incrCommands } from './string-incr.js';
import { lcsCommands } from './string-lcs.js';
import { MutableString } from '../types/mutable-string.js';
import { isString, stringBytes, stringLength } from '../types/value.js';
import { parseInt64, type Int64 } from '../util/int64.js';
import { propagateAs, propagateAsDeletion } from '../engine/propagation/api.js';
import { removeKey } from './keyspace-common.js';

/** MSET / MSETNX: sets every pair, or (nx) none if any key exists. */
function mset(c: Client, argv: string[], nx: boolean): void {
  // Arity -3 lets an even argc through; Redis checks pairs here, with the arity error text.
  if (argv.length % 2 === 0) return c.reply.error(Errors.wrongArity(nx ? 'msetnx' : 'mset'));
  const db = c.db;
  if (nx) {
    for (let j = 1; j < argv.length; j += 2) {
      if (db.exists(argv[j])) return c.reply.int(0);
    }
  }
  for (let j = 1; j < argv.length; j += 2) db.set(argv[j], argv[j + 1]);
  c.engine.dirty += (argv.length - 1) / 2;
  if (nx) c.reply.int(1);
  else c.reply.ok();
}

/**
 * GETRANGE's index arithmetic (Redis's rules: negative indexes count from the end, clamped to
 * the string; an empty reply when start > end). Returns [start, endExclusive] or null for "".
 */
function rangeOf(start: Int64, end: Int64, len: number): [number, number] | null {
  if (typeof start === 'bigint' || typeof end === 'bigint') {
    // Beyond 2^53 only signs and order matter; do it exactly so they are never conflated.
    let s = BigInt(start);
    let e = BigInt(end);
    const n = BigInt(len);
    if (s < 0n && e < 0n && s > e) return null;
    if (s < 0n) s += n;
    if (e < 0n) e += n;
    if (s < 0n) s = 0n;
    if (e < 0n) e = 0n;
    if (e >= n) e = n - 1n;
    if (s > e || len === 0) return null;
    return [Number(s), Number(e) + 1];
  }
  if (start < 0 && end < 0 && start > end) return null;
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len === 0) return null;
  return [start, end + 1];
}

function getrange(c: Client, argv: string[]): void {
  const start = parseInt64(argv[2]);
  if (start === null) return c.reply.error(Errors.notInteger);
  const end = parseInt64(argv[3]);
  if (end === null) return c.reply.error(Errors.notInteger);
  const v = c.db.lookupRead(argv[1]);
  if (v === undefined) return c.reply.bulk('');
  if (!isString(v)) return c.reply.error(Errors.wrongType);
  const r = rangeOf(start, end, stringLength(v));
  if (r === null) return c.reply.bulk('');
  c.reply.bulk(typeof v === 'string' ? v.slice(r[0], r[1]) : v.slice(r[0], r[1]));
}

const baseCommands = defineCommands({
  get: (c, argv) => {
    const v = c.db.lookupRead(argv[1]);
    if (v === undefined) return c.reply.nullBulk();
    if (typeof v === 'string') return c.reply.bulk(v);
    if (!isString(v)) return c.reply.error(Errors.wrongType);
    c.reply.bulk(v.toString());
  },

  mget: (c, argv) => {
    const r = c.reply;
    r.arrayLen(argv.length - 1);
    for (let j = 1; j < argv.length; j++) {
      const v = c.db.lookupRead(argv[j]);
      // Keys of other types read as missing, not as an error.
      if (v === undefined || !isString(v)) r.nullBulk();
      else r.bulk(stringBytes(v));
    }
  },

  /** GETDEL key: GET, then delete the key if it was a string (propagates as DEL or UNLINK). */
  getdel: (c, argv) => {
    if (!replyGet(c, argv[1])) return;
    const engine = c.engine;
    const lazy = engine.config.bool('lazyfree-lazy-user-del');
    if (!removeKey(engine, c.db, argv[1], lazy)) return;
    engine.dirty++;
    propagateAsDeletion(c, argv[1], lazy);
  },

  /** GETSET key value: GET, then SET (dropping any TTL); propagates as SET. */
  getset: (c, argv) => {
    if (!replyGet(c, argv[1])) return;
    c.db.set(argv[1], argv[2]);
    c.engine.dirty++;
    propagateAs(c, ['SET', argv[1], argv[2]]);
  },

  mset: (c, argv) => mset(c, argv, false),
  msetnx: (c, argv) => mset(c, argv, true),

  strlen: (c, argv) => {
    const v = c.db.lookupRead(argv[1]);
    if (v === undefined) return c.reply.int(0);
    if (!isString(v)) return c.reply.error(Errors.wrongType);
    c.reply.int(stringLength(v));
  },

  getrange,
  substr: getrange,

  append: (c, argv) => {
    const key = argv[1];
    const add = argv[2];
    const v = c.db.lookup(key);
    if (v === undefined) {
      c.db.set(key, add);
      c.engine.dirty++;
      return c.reply.int(add.length);
    }
    if (!isString(v)) return c.reply.error(Errors.wrongType);
    const len = stringLength(v);
    if (!checkStringLength(c, len, add.length)) return;
    // Even an empty append leaves the value "raw" in Redis (it unshares the object first).
    const total = toMutable(c, key, v, add.length).append(add);
    c.db.signalModified(key);
    c.engine.dirty++;
    c.reply.int(total);
  },

  setrange: (c, argv) => {
    const key = argv[1];
    const value = argv[3];
    const offset = parseInt64(argv[2]);
    if (offset === null) return c.reply.error(Errors.notInteger);
    if (offset < 0) return c.reply.error(Errors.offsetOutOfRange);
    const v = c.db.lookup(key);
    if (v === undefined) {
      // Writing nothing to a missing key creates nothing.
      if (value.length === 0) return c.reply.int(0);
      if (!checkStringLength(c, offset, value.length)) return;
      const m = new MutableString('', Number(offset) + value.length);
      m.writeAt(Number(offset), value);
      c.db.set(key, m);
      c.engine.dirty++;
      return c.reply.int(m.length);
    }
    if (!isString(v)) return c.reply.error(Errors.wrongType);
    if (value.length === 0) return c.reply.int(stringLength(v));
    if (!checkStringLength(c, offset, value.length)) return;
    const off = Number(offset);
    const grow = Math.max(0, off + value.length - stringLength(v));
    const total = toMutable(c, key, v, grow).writeAt(off, value);
    c.db.signalModified(key);
    c.engine.dirty++;
    c.reply.int(total);
  },
});

export const stringCommands = defineCommands({
  ...baseCommands,
  ...setCommands,
  ...incrCommands,
  ...lcsCommands,
});
