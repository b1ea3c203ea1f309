/**
 * INCR, DECR, INCRBY, DECRBY (exact signed 64-bit arithmetic, util/int64.ts) and INCRBYFLOAT
 * (Redis's long double arithmetic and formatting, util/float.ts). A missing key counts as 0;
 * an existing key keeps its TTL.
 */
import { MutableString } from '../types/mutable-string.js';
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { defineCommands } from './define.js';
import { isString } from '../types/value.js';
import { addInt64, INT64_MIN, int64ToString, parseInt64, type Int64 } from '../util/int64.js';
import { incrLongDoubleString, NOT_A_FLOAT, NAN_OR_INFINITY } from '../util/float.js';
import { propagateAs } from '../engine/propagation/api.js';

/** Redis's incrDecrCommand: adds `incr` to the integer at `key` and replies with the result. */
function incrBy(c: Client, key: string, incr: Int64): void {
  const v = c.db.lookup(key);
  let cur: Int64 = 0;
  if (v !== undefined) {
    if (!isString(v)) return c.reply.error(Errors.wrongType);
    const parsed = parseInt64(typeof v === 'string' ? v : v.toString());
    if (parsed === null) return c.reply.error(Errors.notInteger);
    cur = parsed;
  }
  const next = addInt64(cur, incr);
  if (next === null) return c.reply.error(Errors.overflow);
  const text = int64ToString(next);
  if (v !== undefined) c.db.replace(key, text);
  else c.db.set(key, text);
  c.engine.dirty++;
  c.reply.int(next);
}

export const incrCommands = defineCommands({
  incr: (c, argv) => incrBy(c, argv[1], 1),
  decr: (c, argv) => incrBy(c, argv[1], -1),
  incrby: (c, argv) => {
    const incr = parseInt64(argv[2]);
    if (incr === null) return c.reply.error(Errors.notInteger);
    incrBy(c, argv[1], incr);
  },
  decrby: (c, argv) => {
    const decr = parseInt64(argv[2]);
    if (decr === null) return c.reply.error(Errors.notInteger);
    // -INT64_MIN does not fit in 64 bits.
    if (decr === INT64_MIN) return c.reply.error(Errors.decrementOverflow);
    incrBy(c, argv[1], typeof decr === 'number' ? -decr : -decr); // narrowed per type for tsc
  },

  /**
   * INCRBYFLOAT key increment. The result depends on long double rounding, so it propagates as
   * SET key <result> KEEPTTL rather than as the command itself.
   */
  incrbyfloat: (c, argv) => {
    const key = argv[1];
    const v = c.db.lookup(key);
    let cur = '0';
    if (v !== undefined) {
      if (!isString(v)) return c.reply.error(Errors.wrongType);
      cur = typeof v === 'string' ? v : v.toString();
    }
    const r = incrLongDoubleString(cur, argv[2]);
    if (r === NOT_A_FLOAT) return c.reply.error(Errors.notFloat);
    if (r === NAN_OR_INFINITY) return c.reply.error(Errors.nanOrInfinity);
    // Redis stores the result as a plain string object, never int-encoded (OBJECT ENCODING).
    const stored = MutableString.compact(r);
    if (v !== undefined) c.db.replace(key, stored);
    else c.db.set(key, stored);
    c.engine.dirty++;
    c.reply.bulk(r);
    propagateAs(c, ['SET', key, r, 'KEEPTTL']);
  },
});
