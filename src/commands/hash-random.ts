/**
 * HRANDFIELD and HSCAN: the hash commands that walk a hash rather than address a field.
 *
 * HRANDFIELD follows the four cases of Redis's t_hash.c, which decide the reply's shape and
 * whether picks may repeat: a negative count (or 1) picks independently with repetition; a
 * count at least the size replies the whole hash in its order; a count close to the size drops
 * random fields from a copy; a small count picks distinct random fields.
 *
 * HSCAN replies a listpack-encoded hash whole with cursor 0, as Redis does; a hashtable-encoded
 * one is walked with a saved live iterator (keyspace/scan-cursor.ts), COUNT fields per call.
 */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { defineCommands } from './define.js';
import { readHash } from './hash-common.js';
import { abandonReply, MAX_REPLY_BYTES } from './keyspace-common.js';
import { parseScanOptions } from './scan.js';
import { optionIs } from './string-common.js';
import { parseCursor, resumeOrStart, scanCursorsOf } from '../keyspace/scan-cursor.js';
import type { HashValue } from '../types/hash.js';
import { globMatch } from '../util/glob.js';
import { parseInt64, type Int64 } from '../util/int64.js';

/** LONG_MAX / 2 (C integer division): the largest count WITHVALUES accepts, in magnitude. */
const HALF_LONG_MAX = 4611686018427387903n;
const COUNT_RANGE_ERROR = 'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807';

/** A uniform random integer in [0, n). */
function randomIndex(n: number): number {
  return Math.floor(Math.random() * n);
}

/** Writes one picked field (and its value) as Redis does: nested [field, value] in RESP3. */
function replyPick(c: Client, field: string, value: string, withValues: boolean): void {
  const r = c.reply;
  if (withValues) {
    if (r.proto === 3) r.arrayLen(2);
    r.bulk(field);
    r.bulk(value);
  } else {
    r.bulk(field);
  }
}

/** The reply header for `n` picks: RESP2 flattens WITHVALUES pairs, RESP3 nests them. */
function replyHeader(c: Client, n: Int64, withValues: boolean): void {
  const r = c.reply;
  if (!withValues || r.proto === 3) r.arrayLen(Number(n));
  else r.raw('*' + (BigInt(n) * 2n).toString() + '\r\n');
}

/** HRANDFIELD key count [WITHVALUES] (Redis's hrandfieldWithCountCommand). */
function randomWithCount(c: Client, key: string, l: Int64, withValues: boolean): void {
  const h = readHash(c, key);
  if (h === null) return;
  if (h === undefined || l === 0) return c.reply.arrayLen(0);
  const size = h.size;
  const unique = l > 0;
  const countBig = l < 0 ? -l : l;
  const count = Number(countBig);

  // Case 1: repetition allowed (or a single pick): independent uniform picks.
  if (!unique || count === 1) {
    // A reply that could not fit in memory (each pick takes at least 6 bytes) closes the client.
    if (count > MAX_REPLY_BYTES / 6) return abandonReply(c);
    replyHeader(c, countBig, withValues);
    if (h.isListpack()) {
      const all = h.pairs();
      for (let n = 0; n < count; n++) {
        const i = 2 * randomIndex(size);
        replyPick(c, all[i], all[i + 1], withValues);
        if ((n & 1023) === 0 && c.reply.out.length > MAX_REPLY_BYTES) return abandonReply(c);
      }
    } else {
      for (let n = 0; n < count; n++) {
        const [f, v] = h.pairAt(randomIndex(size));
        replyPick(c, f, v, withValues);
        if ((n & 1023) === 0 && c.reply.out.length > MAX_REPLY_BYTES) return abandonReply(c);
      }
    }
    return;
  }

  replyHeader(c, count < size ? count : size, withValues);
  // Case 2: everything, in the hash's order.
  if (count >= size) {
    const all = h.pairs();
    for (let i = 0; i < all.length; i += 2) replyPick(c, all[i], all[i + 1], withValues);
    return;
  }
  // Case 3: close to the size: drop random fields from a copy until `count` remain.
  if (count * 3 > size) {
    const all = h.pairs();
    const keep = new Array<number>(size);
    for (let i = 0; i < size; i++) keep[i] = i;
    for (let n = size; n > count; n--) {
      const j = randomIndex(n);
      keep[j] = keep[n - 1];
    }
    for (let k = 0; k < count; k++) replyPick(c, all[2 * keep[k]], all[2 * keep[k] + 1], withValues);
    return;
  }
  // Case 4: few picks from a large hash.
  if (h.isListpack()) uniquePicksInOrder(c, h, size, count, withValues);
  else uniquePicksByRetry(c, h, size, count, withValues);
}

/** `count` distinct fields of a listpack hash, in its order (selection sampling, one pass). */
function uniquePicksInOrder(c: Client, h: HashValue, size: number, count: number, withValues: boolean): void {
  const all = h.pairs();
  let needed = count;
  for (let i = 0; i < size && needed > 0; i++) {
    if (randomIndex(size - i) < needed) {
      replyPick(c, all[2 * i], all[2 * i + 1], withValues);
      needed--;
    }
  }
}

/** `count` distinct fields of a hashtable hash: random picks, retried on repeats (count <= size/3). */
function uniquePicksByRetry(c: Client, h: HashValue, size: number, count: number, withValues: boolean): void {
  const seen = new Set<number>();
  while (seen.size < count) {
    const i = randomIndex(size);
    if (seen.has(i)) continue;
    seen.add(i);
    const [f, v] = h.pairAt(i);
    replyPick(c, f, v, withValues);
  }
}

export const hashRandomCommands = defineCommands({
  hrandfield: (c, argv) => {
    if (argv.length >= 3) {
      const l = parseInt64(argv[2]);
      if (l === null) return c.reply.error(Errors.notInteger);
      // LONG_MIN is outside Redis's accepted range [-LONG_MAX, LONG_MAX].
      if (l === -9223372036854775808n) return c.reply.error(COUNT_RANGE_ERROR);
      if (argv.length > 4 || (argv.length === 4 && !optionIs(argv[3], 'withvalues'))) return c.reply.error(Errors.syntax);
      const withValues = argv.length === 4;
      if (withValues && (l < -HALF_LONG_MAX || l > HALF_LONG_MAX)) return c.reply.error(Errors.outOfRange);
      return randomWithCount(c, argv[1], l, withValues);
    }
    const h = readHash(c, argv[1]);
    if (h === null) return;
    if (h === undefined) return c.reply.nullBulk();
    c.reply.bulk(h.pairAt(randomIndex(h.size))[0]);
  },

  hscan: (c, argv) => {
    const cursor = parseCursor(argv[2]);
    if (cursor === null) return c.reply.error(Errors.invalidCursor);
    const h = readHash(c, argv[1]);
    if (h === null) return;
    const r = c.reply;
    if (h === undefined) {
      r.arrayLen(2);
      r.bulk('0');
      return r.arrayLen(0);
    }
    const opts = parseScanOptions(c, argv, 3, false);
    if (opts === null) return;
    const pattern = opts.pattern;
    const out: string[] = [];
    let next = '0';
    const table = h.table();
    if (table === null) {
      // Listpack: everything at once, whatever the cursor and COUNT.
      const all = h.pairs();
      for (let i = 0; i < all.length; i += 2) {
        if (pattern !== null && !globMatch(pattern, all[i])) continue;
        out.push(all[i], all[i + 1]);
      }
    } else {
      const registry = scanCursorsOf(c.engine);
      // Owner = the Map: a key whose hash was replaced restarts (see scan-cursor.ts).
      const it = resumeOrStart(registry, cursor, table, 0, () => table.keys(), table.size);
      for (let n = 0; n < opts.count; n++) {
        const f = it.next();
        if (f === undefined) break;
        // The field read ahead by the previous call may have been deleted since.
        const v = table.get(f);
        if (v === undefined) continue;
        if (pattern !== null && !globMatch(pattern, f)) continue;
        out.push(f, v);
      }
      if (it.hasMore()) next = String(registry.save(it));
    }
    r.arrayLen(2);
    r.bulk(next);
    r.bulkArray(out);
  },
});
