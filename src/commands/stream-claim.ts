/**
 * The pending-entries commands of consumer groups, after Redis 7.0: XPENDING (summary and
 * extended forms, IDLE filter), XCLAIM (IDLE, TIME, RETRYCOUNT, FORCE, JUSTID, LASTID) and
 * XAUTOCLAIM (with 7.0's third reply element: the IDs it dropped because their entries were
 * deleted). Claiming creates the claiming consumer if needed.
 */
import { notify, Notify } from '../engine/notify.js';
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import type { Stream } from '../types/stream.js';
import { compareIds, idFromKey, idKey, MIN_ID, parseStreamId, type StreamId } from '../types/stream-id.js';
import { StreamNack, type StreamConsumer, type StreamGroup } from '../types/stream-group.js';
import { u64Incr } from '../types/stream-id.js';
import { parseInt64 } from '../util/int64.js';
import { defineCommands } from './define.js';
import { preventPropagation } from '../engine/propagation/api.js';
import { propagateClaim, propagateGroupId } from './stream-propagate.js';
import { optionIs } from './string-common.js';
import { entryReply, longLongOrReply, rangeBoundOrReply, readStream } from './stream-common.js';

/** The stream and group of a command on `key` / `group`, or null after replying. */
function groupOrReply(c: Client, key: string, group: string): { s: Stream; g: StreamGroup } | null {
  const s = readStream(c, key);
  if (s === null) return null;
  const g = s?.group(group);
  if (g === undefined) {
    c.reply.error(Errors.noKeyOrGroup(key, group));
    return null;
  }
  return { s: s!, g };
}

/** XPENDING key group [[IDLE min-idle] start end count [consumer]] */
function xpending(c: Client, argv: string[]): void {
  const argc = argv.length;
  if (argc !== 3 && (argc < 6 || argc > 9)) return c.reply.error(Errors.syntax);
  let minIdle = 0;
  let count = 0;
  let start: StreamId = MIN_ID;
  let end: StreamId = MIN_ID;
  let consumerName: string | undefined;
  if (argc >= 6) {
    let at = 3;
    if (optionIs(argv[3], 'idle')) {
      const n = longLongOrReply(c, argv[4]);
      if (n === null) return;
      minIdle = n;
      if (argc < 8) return c.reply.error(Errors.syntax);
      at += 2;
    }
    const n = longLongOrReply(c, argv[at + 2]);
    if (n === null) return;
    count = n < 0 ? 0 : n;
    const s = rangeBoundOrReply(c, argv[at], true);
    if (s === null) return;
    const e = rangeBoundOrReply(c, argv[at + 1], false);
    if (e === null) return;
    start = s;
    end = e;
    if (at + 3 < argc) consumerName = argv[at + 3];
  }
  const t = groupOrReply(c, argv[1], argv[2]);
  if (t === null) return;
  const g = t.g;
  const r = c.reply;
  if (argc === 3) {
    r.arrayLen(4);
    r.int(g.pel.size);
    if (g.pel.size === 0) {
      r.nullBulk();
      r.nullBulk();
      r.nullArray();
      return;
    }
    r.bulk(idFromKey(g.pel.first()!).toString());
    r.bulk(idFromKey(g.pel.last()!).toString());
    const owners = g.consumers.values().filter((cons) => cons.pel.size !== 0);
    r.arrayLen(owners.length);
    for (const cons of owners) {
      r.arrayLen(2);
      r.bulk(cons.name);
      r.bulk(String(cons.pel.size));
    }
    return;
  }
  let pel = g.pel;
  if (consumerName !== undefined) {
    const cons = g.consumer(consumerName);
    if (cons === undefined) return r.arrayLen(0);
    pel = cons.pel;
  }
  const now = c.engine.clock.now();
  const endKey = idKey(end);
  let n = 0;
  let out = '';
  pel.forEachFrom(idKey(start), (key, nack) => {
    if (count === 0 || key > endKey) return false;
    const idle = now - nack.deliveryTime;
    if (minIdle !== 0 && idle < minIdle) return true;
    n++;
    count--;
    const id = idFromKey(key).toString();
    const name = nack.consumer!.name;
    out += `*4\r\n$${id.length}\r\n${id}\r\n$${name.length}\r\n${name}\r\n:${idle < 0 ? 0 : idle}\r\n:${nack.deliveryCount}\r\n`;
    return true;
  });
  r.raw('*' + n + '\r\n' + out);
}

/** Takes pending entry `key` for `cons`, as XCLAIM and XAUTOCLAIM do (the caller sets the count). */
function takeOver(g: StreamGroup, key: string, nack: StreamNack, cons: StreamConsumer, deliveryTime: number): void {
  g.assign(key, nack, cons);
  nack.deliveryTime = deliveryTime;
}

/** The claiming consumer, looked up (refreshing its seen time) or created (a write) on first use. */
function claimant(c: Client, key: string, g: StreamGroup, name: string): StreamConsumer {
  const { consumer, created } = g.consumerOrCreate(name, c.engine.clock.now());
  if (created) {
    c.engine.dirty++;
    notify(c, Notify.Stream, 'xgroup-createconsumer', key);
  }
  return consumer;
}

/** One claimed entry's reply: its ID (JUSTID) or the whole entry. */
function claimedText(s: Stream, id: StreamId, justId: boolean): string {
  const text = id.toString();
  if (justId) return '$' + text.length + '\r\n' + text + '\r\n';
  return entryReply(text, s.entry(id)!);
}

/** XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME ms] [RETRYCOUNT n] [FORCE] [JUSTID] [LASTID id] */
function xclaim(c: Client, argv: string[]): void {
  const t = groupOrReply(c, argv[1], argv[2]);
  if (t === null) return;
  const { s, g } = t;
  let minIdle = longLongOrReply(c, argv[4], Errors.xclaimMinIdle);
  if (minIdle === null) return;
  if (minIdle < 0) minIdle = 0;
  const ids: StreamId[] = [];
  let j = 5;
  for (; j < argv.length; j++) {
    const p = parseStreamId(argv[j], 0, true);
    if (p === null) break;
    ids.push(p.id);
  }
  const key = argv[1];
  const now = c.engine.clock.now();
  let deliveryTime = -1;
  let retryCount: number | bigint = -1;
  let force = false;
  let justId = false;
  let lastId = MIN_ID;
  for (; j < argv.length; j++) {
    const more = argv.length - 1 - j > 0;
    const opt = argv[j];
    if (optionIs(opt, 'force')) {
      force = true;
    } else if (optionIs(opt, 'justid')) {
      justId = true;
    } else if (optionIs(opt, 'idle') && more) {
      const v = longLongOrReply(c, argv[++j], Errors.xclaimIdle);
      if (v === null) return;
      deliveryTime = now - v;
    } else if (optionIs(opt, 'time') && more) {
      const v = longLongOrReply(c, argv[++j], Errors.xclaimTime);
      if (v === null) return;
      deliveryTime = v;
    } else if (optionIs(opt, 'retrycount') && more) {
      const v = parseInt64(argv[++j]);
      if (v === null) return c.reply.error(Errors.xclaimRetryCount);
      retryCount = v;
    } else if (optionIs(opt, 'lastid') && more) {
      const p = parseStreamId(argv[++j], 0, true);
      if (p === null) return c.reply.error(Errors.invalidStreamId);
      lastId = p.id;
    } else {
      return c.reply.error(Errors.xclaimOption(opt));
    }
  }
  let lastIdMoved = false;
  if (compareIds(lastId, g.lastId) > 0) {
    g.lastId = lastId;
    lastIdMoved = true;
  }
  // A bogus IDLE/TIME (negative, or in the future) means "now", as in Redis.
  if (deliveryTime < 0 || deliveryTime > now) deliveryTime = now;
  let cons: StreamConsumer | null = null;
  let n = 0;
  let out = '';
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k];
    const pk = idKey(id);
    let nack = g.pel.get(pk);
    if (!s.hasEntry(id)) {
      // Its entry is gone: drop it from the PEL (replicas too, through a FORCE claim that finds
      // no entry either).
      if (nack !== undefined) {
        propagateClaim(c, key, g, argv[5 + k], nack);
        g.dropPending(pk, nack);
        c.engine.dirty++;
        lastIdMoved = false;
      }
      continue;
    }
    if (force && nack === undefined) {
      nack = new StreamNack(now, 1, null);
      g.pel.set(pk, nack);
    }
    if (nack === undefined) continue;
    if (nack.consumer !== null && minIdle !== 0 && now - nack.deliveryTime < minIdle) continue;
    cons ??= claimant(c, argv[1], g, argv[3]);
    takeOver(g, pk, nack, cons, deliveryTime);
    if (retryCount >= 0) nack.deliveryCount = retryCount;
    else if (!justId) nack.deliveryCount = u64Incr(nack.deliveryCount) ?? 0;
    out += claimedText(s, id, justId);
    n++;
    propagateClaim(c, key, g, argv[5 + k], nack);
    c.engine.dirty++;
    lastIdMoved = false;
  }
  if (lastIdMoved) {
    propagateGroupId(c, key, g);
    c.engine.dirty++;
  }
  // XCLAIM itself is not propagated: the claims above are, in their idempotent form.
  preventPropagation(c);
  c.reply.raw('*' + n + '\r\n' + out);
}

/** Largest COUNT of XAUTOCLAIM (LONG_MAX / 16). */
const AUTOCLAIM_MAX_COUNT = 576460752303423487n;
/**
 * Redis allocates 16 bytes per COUNT up front (the deleted IDs) and fails when that cannot be
 * mapped: on 64-bit Linux, past about half of the 47-bit user address space.
 */
const AUTOCLAIM_ALLOC_LIMIT = 2 ** 42;

/** XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID] */
function xautoclaim(c: Client, argv: string[]): void {
  let minIdle = longLongOrReply(c, argv[4], Errors.xautoclaimMinIdle);
  if (minIdle === null) return;
  if (minIdle < 0) minIdle = 0;
  const start = rangeBoundOrReply(c, argv[5], true);
  if (start === null) return;
  let count = 100;
  let justId = false;
  for (let j = 6; j < argv.length; j++) {
    const more = argv.length - 1 - j > 0;
    if (optionIs(argv[j], 'count') && more) {
      const v = parseInt64(argv[++j]);
      if (v === null || v < 1 || v > AUTOCLAIM_MAX_COUNT) return c.reply.error(Errors.xautoclaimCount);
      count = Number(v);
    } else if (optionIs(argv[j], 'justid')) {
      justId = true;
    } else {
      return c.reply.error(Errors.syntax);
    }
  }
  const t = groupOrReply(c, argv[1], argv[2]);
  if (t === null) return;
  if (count > AUTOCLAIM_ALLOC_LIMIT) return c.reply.error(Errors.xautoclaimTooHigh);
  const { s, g } = t;
  const now = c.engine.clock.now();
  let attempts = count * 10;
  let cons: StreamConsumer | null = null;
  let n = 0;
  let out = '';
  const deleted: string[] = [];
  const streamKey = argv[1];
  let key = g.pel.ceiling(idKey(start));
  while (attempts-- > 0 && count > 0 && key !== undefined) {
    const nack = g.pel.get(key)!;
    const id = idFromKey(key);
    if (!s.hasEntry(id)) {
      propagateClaim(c, streamKey, g, id.toString(), nack);
      g.dropPending(key, nack);
      c.engine.dirty++;
      deleted.push(id.toString());
      count--;
      key = g.pel.higher(key);
      continue;
    }
    if (minIdle !== 0 && now - nack.deliveryTime < minIdle) {
      key = g.pel.higher(key);
      continue;
    }
    cons ??= claimant(c, argv[1], g, argv[3]);
    takeOver(g, key, nack, cons, now);
    if (!justId) nack.deliveryCount = u64Incr(nack.deliveryCount) ?? 0;
    out += claimedText(s, id, justId);
    n++;
    count--;
    propagateClaim(c, streamKey, g, id.toString(), nack);
    c.engine.dirty++;
    key = g.pel.higher(key);
  }
  preventPropagation(c);
  const next = key === undefined ? '0-0' : idFromKey(key).toString();
  let tail = '*' + deleted.length + '\r\n';
  for (const d of deleted) tail += '$' + d.length + '\r\n' + d + '\r\n';
  c.reply.raw('*3\r\n$' + next.length + '\r\n' + next + '\r\n*' + n + '\r\n' + out + tail);
}

export const streamClaimCommands = defineCommands({ xpending, xclaim, xautoclaim });
