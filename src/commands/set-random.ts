/**
 * SRANDMEMBER and SPOP: random members, with Redis 7.0's reply shapes and strategies.
 *
 * Both pick through SetValue.random()/pop(), which are O(1) and uniform for either encoding
 * (intset: a random index; hashtable: a random slot of the member array), so the cost follows
 * the count asked for, not the set's size, except where Redis too copies the whole set:
 *
 * - SRANDMEMBER with a count: negative (or 1) = independent picks, an array in random order;
 *   count >= size = the whole set; count*3 > size = copy the set and drop random members until
 *   count are left; otherwise draw random members until count distinct ones are found.
 * - SPOP with a count: count >= size = the whole set (as SUNION of it would reply) and the key
 *   is deleted; (size-count)*5 > count = pop count random members; otherwise the members that
 *   stay are drawn into a new set (encoded afresh, as Redis does) and the rest is replied.
 *
 * Propagation: SPOP key -> SREM key member; SPOP key count -> one SREM per member popped (in
 * MULTI/EXEC when several), or DEL key when the whole set went.
 */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { defineCommands } from './define.js';
import { bulks, maxIntset, replyEmptySet, setForRead, setForWrite } from './set-common.js';
import { unionOf } from './set-algebra.js';
import { SetValue } from '../types/set.js';
import { INT64_MAX, parseInt64 } from '../util/int64.js';
import { alsoPropagate, isPropagating, preventPropagation, propagateAs } from '../engine/propagation/api.js';
import { abandonReply, MAX_REPLY_BYTES } from './keyspace-common.js';
import { notify, Notify } from '../engine/notify.js';


function srandmemberCount(c: Client, argv: string[]): void {
  const n = parseInt64(argv[2]);
  if (n === null) return c.reply.error(Errors.notInteger);
  // Redis accepts [-LONG_MAX, LONG_MAX]: only LONG_MIN is out of range.
  if (n < -INT64_MAX) return c.reply.error(Errors.rangeBetween(-INT64_MAX, INT64_MAX));
  const set = setForRead(c, argv[1]);
  if (set === null) return;
  const r = c.reply;
  if (set === undefined || n == 0) return r.raw('*0\r\n');
  const unique = n > 0;
  // Counts past 2^53 behave as "more than the set holds" (unique) or are capped below.
  const count = typeof n === 'bigint' ? Number.MAX_SAFE_INTEGER : Math.abs(n);
  const size = set.size;

  if (!unique || count === 1) {
    // Redis streams such a reply and closes the client once it passes its output limit. Sonic's
    // reply buffer is one JS string, so a reply that could not fit in one (each element takes at
    // least 6 bytes) closes the connection at once, and a longer one when it outgrows the limit.
    if (count > MAX_REPLY_BYTES / 6) return abandonReply(c);
    let chunk = '*' + count + '\r\n';
    for (let i = 0; i < count; i++) {
      const m = set.random();
      chunk += '$' + m.length + '\r\n' + m + '\r\n';
      if (chunk.length > 65536) {
        r.raw(chunk);
        chunk = '';
        if (r.out.length > MAX_REPLY_BYTES) return abandonReply(c);
      }
    }
    r.raw(chunk);
    return;
  }
  if (count >= size) {
    const m = set.members();
    return r.raw('*' + m.length + '\r\n' + bulks(m));
  }
  let picked: string[];
  if (count * 3 > size) {
    // Close to the whole set: a partial Fisher-Yates shuffle of a copy keeps `count` members.
    picked = set.members();
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(Math.random() * (size - i));
      const t = picked[i];
      picked[i] = picked[j];
      picked[j] = t;
    }
    picked.length = count;
  } else {
    const seen = new Set<string>();
    while (seen.size < count) seen.add(set.random());
    picked = [...seen];
  }
  r.raw('*' + count + '\r\n' + bulks(picked));
}

function srandmember(c: Client, argv: string[]): void {
  if (argv.length === 3) return srandmemberCount(c, argv);
  if (argv.length > 3) return c.reply.error(Errors.syntax);
  const set = setForRead(c, argv[1]);
  if (set === null) return;
  if (set === undefined) return c.reply.nullBulk();
  c.reply.bulk(set.random());
}

function spopCount(c: Client, argv: string[]): void {
  const n = parseInt64(argv[2]);
  // Redis's getPositiveLongFromObjectOrReply gives this one message for every bad count.
  if (n === null || n < 0) return c.reply.error(Errors.mustBePositive);
  const key = argv[1];
  const set = setForWrite(c, key);
  if (set === null) return;
  const r = c.reply;
  if (set === undefined || n == 0) return replyEmptySet(r);
  const size = set.size;
  const count = typeof n === 'bigint' ? Infinity : n;

  if (count >= size) {
    // Redis replies through SUNION of the one key (a read lookup: it counts a keyspace hit), so
    // the order is that union's, then deletes the key.
    c.engine.hit(true);
    const all = unionOf([set], maxIntset(c)).members();
    notify(c, Notify.Set, 'spop', key);
    r.raw((r.proto === 3 ? '~' : '*') + all.length + '\r\n' + bulks(all));
    c.db.remove(key);
    notify(c, Notify.Generic, 'del', key);
    c.engine.dirty += size;
    propagateAs(c, ['DEL', key]);
    return;
  }
  notify(c, Notify.Set, 'spop', key);
  c.engine.dirty += count;
  c.db.signalModified(key);
  let popped: string[];
  const remaining = size - count;
  if (remaining * 5 > count) {
    popped = new Array<string>(count);
    for (let i = 0; i < count; i++) popped[i] = set.pop();
  } else {
    // Most of the set goes: draw the members that stay into a new set, reply the old one.
    const max = maxIntset(c);
    let kept: SetValue | undefined;
    for (let i = 0; i < remaining; i++) {
      const m = set.pop();
      if (kept === undefined) kept = SetValue.forFirstMember(m);
      kept.add(m, max);
    }
    popped = set.members();
    // Redis's dbOverwrite: the key keeps its TTL.
    c.db.replace(key, kept as SetValue);
  }
  r.raw((r.proto === 3 ? '~' : '*') + count + '\r\n' + bulks(popped));
  if (isPropagating(c.engine)) {
    for (const m of popped) alsoPropagate(c, ['SREM', key, m]);
    preventPropagation(c);
  }
}

function spop(c: Client, argv: string[]): void {
  if (argv.length === 3) return spopCount(c, argv);
  if (argv.length > 3) return c.reply.error(Errors.syntax);
  const key = argv[1];
  const set = setForWrite(c, key);
  if (set === null) return;
  if (set === undefined) return c.reply.nullBulk();
  const m = set.pop();
  notify(c, Notify.Set, 'spop', key);
  c.reply.bulk(m);
  if (set.size === 0) {
    c.db.remove(key);
    notify(c, Notify.Generic, 'del', key);
  } else c.db.signalModified(key);
  c.engine.dirty++;
  propagateAs(c, ['SREM', key, m]);
}

export const randomCommands = defineCommands({ srandmember, spop });
