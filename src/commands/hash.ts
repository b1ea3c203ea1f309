/**
 * The hash command group (Redis 7.0's t_hash.c). The value type and its two encodings are in
 * types/hash.ts; HRANDFIELD and HSCAN are in hash-random.ts. Replies follow Redis's shapes in both
 * protocols (HGETALL is a map in RESP3), and the checks come in Redis's order (e.g. HINCRBY
 * parses its increment before looking at the key).
 *
 * Writes count in `engine.dirty` as Redis's server.dirty does. Keyspace notifications and
 * propagation hook in next to each `dirty` update (HINCRBYFLOAT propagates as HSET with the
 * resulting value, as Redis rewrites it).
 */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { defineCommands } from './define.js';
import { hashLimits, lookupWriteHash, readHash, writeHash } from './hash-common.js';
import { hashRandomCommands } from './hash-random.js';
import { addInt64, int64ToString, parseInt64 } from '../util/int64.js';
import { incrLongDoubleString, isFiniteLongDouble, NAN_OR_INFINITY, NOT_A_FLOAT, parseLongDouble } from '../util/float.js';
import { propagateAs } from '../engine/propagation/api.js';

/** HSET / HMSET key field value [field value ...]. */
function hset(c: Client, argv: string[], hmset: boolean): void {
  // Arity -4 lets an odd number of field/value arguments through; Redis checks pairs here.
  if (argv.length % 2 === 1) return c.reply.error(Errors.wrongArity(hmset ? 'hmset' : 'hset'));
  const h = writeHash(c, argv[1]);
  if (h === null) return;
  const created = h.setMany(argv, 2, hashLimits(c));
  c.db.signalModified(argv[1]);
  c.engine.dirty += (argv.length - 2) / 2;
  if (hmset) c.reply.ok();
  else c.reply.int(created);
}

/** HKEYS / HVALS / HGETALL: the whole hash as an array (a map for HGETALL in RESP3). */
function getAll(c: Client, key: string, what: 'keys' | 'values' | 'pairs'): void {
  const r = c.reply;
  const h = readHash(c, key);
  if (h === null) return;
  if (h === undefined) return what === 'pairs' ? r.mapLen(0) : r.arrayLen(0);
  if (what === 'pairs') {
    const all = h.pairs();
    r.mapLen(all.length / 2);
    // One write of all the bulks rather than one per element.
    let out = '';
    for (let i = 0; i < all.length; i++) out += '$' + all[i].length + '\r\n' + all[i] + '\r\n';
    r.raw(out);
  } else {
    r.bulkArray(what === 'keys' ? h.fields() : h.values());
  }
}

const baseCommands = defineCommands({
  hset: (c, argv) => hset(c, argv, false),
  hmset: (c, argv) => hset(c, argv, true),

  hsetnx: (c, argv) => {
    const h = writeHash(c, argv[1]);
    if (h === null) return;
    if (h.has(argv[2])) return c.reply.int(0);
    const limits = hashLimits(c);
    h.prepareWrite(argv, 2, limits);
    h.set(argv[2], argv[3], limits);
    c.db.signalModified(argv[1]);
    c.engine.dirty++;
    c.reply.int(1);
  },

  hget: (c, argv) => {
    const h = readHash(c, argv[1]);
    if (h === null) return;
    c.reply.bulkOrNull(h === undefined ? undefined : h.get(argv[2]));
  },

  hmget: (c, argv) => {
    const h = readHash(c, argv[1]);
    if (h === null) return;
    const r = c.reply;
    // A missing key is an empty hash: one null per field.
    r.arrayLen(argv.length - 2);
    for (let i = 2; i < argv.length; i++) r.bulkOrNull(h === undefined ? undefined : h.get(argv[i]));
  },

  hdel: (c, argv) => {
    const key = argv[1];
    const h = lookupWriteHash(c, key);
    if (h === null) return;
    if (h === undefined) return c.reply.int(0);
    let deleted = 0;
    for (let i = 2; i < argv.length; i++) {
      if (!h.delete(argv[i])) continue;
      deleted++;
      // An empty hash never stays in the keyspace; the remaining fields cannot match anything.
      if (h.size === 0) {
        c.db.remove(key);
        break;
      }
    }
    if (deleted > 0) c.db.signalModified(key);
    c.engine.dirty += deleted;
    c.reply.int(deleted);
  },

  hlen: (c, argv) => {
    const h = readHash(c, argv[1]);
    if (h === null) return;
    c.reply.int(h === undefined ? 0 : h.size);
  },

  hstrlen: (c, argv) => {
    const h = readHash(c, argv[1]);
    if (h === null) return;
    c.reply.int(h === undefined ? 0 : h.valueLength(argv[2]));
  },

  hexists: (c, argv) => {
    const h = readHash(c, argv[1]);
    if (h === null) return;
    c.reply.int(h !== undefined && h.has(argv[2]) ? 1 : 0);
  },

  hkeys: (c, argv) => getAll(c, argv[1], 'keys'),
  hvals: (c, argv) => getAll(c, argv[1], 'values'),
  hgetall: (c, argv) => getAll(c, argv[1], 'pairs'),

  hincrby: (c, argv) => {
    const incr = parseInt64(argv[3]);
    if (incr === null) return c.reply.error(Errors.notInteger);
    const h = writeHash(c, argv[1]);
    if (h === null) return;
    const field = argv[2];
    const old = h.get(field);
    let cur = parseInt64(old ?? '0');
    if (cur === null) return c.reply.error(Errors.hashNotInteger);
    cur = addInt64(cur, incr);
    if (cur === null) return c.reply.error(Errors.overflow);
    h.set(field, int64ToString(cur), hashLimits(c));
    c.db.signalModified(argv[1]);
    c.engine.dirty++;
    c.reply.int(cur);
  },

  /** Propagates as HSET key field <result> (long double rounding must not replay differently). */
  hincrbyfloat: (c, argv) => {
    const incr = parseLongDouble(argv[3]);
    if (incr === null) return c.reply.error(Errors.notFloat);
    if (!isFiniteLongDouble(incr)) return c.reply.error(Errors.nanOrInfinityArg);
    const h = writeHash(c, argv[1]);
    if (h === null) return;
    const field = argv[2];
    // The increment is known valid here, so NOT_A_FLOAT can only be about the stored value.
    const r = incrLongDoubleString(h.get(field) ?? '0', argv[3]);
    if (r === NOT_A_FLOAT) return c.reply.error(Errors.hashNotFloat);
    if (r === NAN_OR_INFINITY) return c.reply.error(Errors.nanOrInfinity);
    h.set(field, r, hashLimits(c));
    c.db.signalModified(argv[1]);
    c.engine.dirty++;
    c.reply.bulk(r);
    propagateAs(c, ['HSET', argv[1], field, r]);
  },
});

export const hashCommands = defineCommands({ ...baseCommands, ...hashRandomCommands });
