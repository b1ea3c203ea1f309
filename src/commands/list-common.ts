/** Pieces shared by the list command files (list.ts, list-pop.ts, list-blocking.ts). */
import { readTyped, writeTyped } from './keyspace-common.js';
import type { Client } from '../engine/client.js';
import { bulkHeader } from '../protocol/reply.js';
import { Errors } from '../engine/errors.js';
import { ListValue } from '../types/list.js';
import { parseInt64 } from '../util/int64.js';
import { optionIs } from './string-common.js';
import { notify, Notify } from '../engine/notify.js';

/**
 * The list at `key` for a write (no hit/miss accounting): undefined when missing, null after
 * replying WRONGTYPE when the key holds another type.
 */
export function listForWrite(c: Client, key: string): ListValue | undefined | null {
  return writeTyped(c, key, ListValue);
}

/** Like listForWrite, for reads (counts a keyspace hit or miss). */
export function listForRead(c: Client, key: string): ListValue | undefined | null {
  return readTyped(c, key, ListValue);
}

/**
 * Redis's getLongFromObjectOrReply: a signed 64-bit integer as a number (values past 2^53 lose
 * precision, which no list length can tell apart), or null after replying the error.
 */
export function longArgOrReply(c: Client, arg: string, msg?: string): number | null {
  const v = parseInt64(arg);
  if (v === null) {
    c.reply.error(msg !== undefined ? 'ERR ' + msg : Errors.notInteger);
    return null;
  }
  return typeof v === 'number' ? v : Number(v);
}

/**
 * Redis's getRangeLongFromObjectOrReply(min..LONG_MAX): an integer >= `min`, or null after
 * replying `ERR <msg>` (for a non-integer too).
 */
export function atLeastOrReply(c: Client, arg: string, min: number, msg: string): number | null {
  const v = longArgOrReply(c, arg, msg);
  if (v === null) return null;
  if (v < min) {
    c.reply.error('ERR ' + msg);
    return null;
  }
  return v;
}

/** LEFT (true: the head) or RIGHT (false: the tail); null after a syntax error. */
export function whereArgOrReply(c: Client, arg: string): boolean | null {
  if (optionIs(arg, 'left')) return true;
  if (optionIs(arg, 'right')) return false;
  c.reply.error(Errors.syntax);
  return null;
}

/** A bulk header preceded by the previous bulk's "\r\n" (small n cached). */
const BULK_SEPARATOR = Array.from({ length: 256 }, (_, n) => '\r\n$' + n + '\r\n');

function bulkSeparator(n: number): string {
  return n < 256 ? BULK_SEPARATOR[n] : '\r\n$' + n + '\r\n';
}

/**
 * Replies with `count` elements starting at index `from` (0 <= from, from + count <= length),
 * or, when `reverse`, the `count` elements ending at `from` in reverse order. Built as one
 * string and written once; each element is appended together with the next one's header, which
 * keeps the string's pieces few (LRANGE is the hot path here).
 */
export function replyElements(c: Client, list: ListValue, from: number, count: number, reverse: boolean): void {
  if (count === 0) return c.reply.raw('*0\r\n');
  const step = reverse ? -1 : 1;
  let i = from;
  let e = list.at(i);
  let s = '*' + count + '\r\n' + bulkHeader(e.length);
  for (let k = 1; k < count; k++) {
    i += step;
    const next = list.at(i);
    s += e + bulkSeparator(next.length);
    e = next;
  }
  c.reply.raw(s + e + '\r\n');
}

/**
 * Redis's addListRangeReply: the elements between `start` and `end` (inclusive, negative counts
 * from the tail, clamped), or an empty array.
 */
export function replyRange(c: Client, list: ListValue, start: number, end: number): void {
  const len = list.length;
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (start > end || start >= len) {
    c.reply.raw('*0\r\n');
    return;
  }
  if (end >= len) end = len - 1;
  replyElements(c, list, start, end - start + 1, false);
}

/**
 * Pops up to `count` elements from the head (`left`) or tail of `list` replying them as an
 * array in pop order, deletes the key when the list empties, and returns how many were popped.
 */
export function popAndReply(c: Client, key: string, list: ListValue, left: boolean, count: number): number {
  const len = list.length;
  const n = count > len ? len : count;
  if (left) {
    replyElements(c, list, 0, n, false);
    list.dropHead(n);
  } else {
    replyElements(c, list, len - 1, n, true);
    list.dropTail(n);
  }
  elementsRemoved(c, key, list, left);
  return n;
}

/**
 * After a pop from `list` at `key` (Redis's listElementsRemoved): the lpop/rpop event, and the
 * key deleted (with its del event) once the list is empty.
 */
export function elementsRemoved(c: Client, key: string, list: ListValue, left: boolean): void {
  notify(c, Notify.List, left ? 'lpop' : 'rpop', key);
  if (list.length === 0) {
    c.db.remove(key);
    notify(c, Notify.Generic, 'del', key);
  } else c.db.signalModified(key);
}

/**
 * Pops one element (the list must not be empty) and replies with it, as a bulk string or, with
 * `withKey` (BLPOP/BRPOP), as [key, element]; then deletes the key when it empties.
 */
export function popOne(c: Client, key: string, list: ListValue, left: boolean, withKey: boolean): void {
  const e = (left ? list.popHead() : list.popTail())!;
  if (withKey) c.reply.raw('*2\r\n$' + key.length + '\r\n' + key + '\r\n$' + e.length + '\r\n' + e + '\r\n');
  else c.reply.bulk(e);
  elementsRemoved(c, key, list, left);
}

/**
 * The push half of LMOVE/BLMOVE (Redis's lmoveHandlePush): pushes `value` to `dst` (creating
 * the list when `dstList` is undefined) and replies with it.
 */
export function pushForMove(c: Client, dst: string, dstList: ListValue | undefined, value: string, left: boolean): void {
  if (dstList === undefined) {
    dstList = new ListValue();
    c.db.set(dst, dstList);
  }
  if (left) dstList.pushHead(value);
  else dstList.pushTail(value);
  c.db.signalModified(dst);
  notify(c, Notify.List, left ? 'lpush' : 'rpush', dst);
  c.reply.bulk(value);
}
