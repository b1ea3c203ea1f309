/**
 * List commands (the list group of Redis 7.0): pushes, reads and in-place edits here; pops and
 * moves in list-pop.ts; the blocking variants in list-blocking.ts. Semantics, argument-parsing
 * order and error texts follow Redis 7.0.15's t_list.c. Every element added or removed counts in
 * `engine.dirty`, as Redis's server.dirty; a list that loses its last element is deleted.
 */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { ListValue } from '../types/list.js';
import { INT64_MIN, parseInt64 } from '../util/int64.js';
import { defineCommands } from './define.js';
import { optionIs } from './string-common.js';
import { listForRead, listForWrite, longArgOrReply, replyRange } from './list-common.js';
import { notify, Notify } from '../engine/notify.js';
import { listPopCommands } from './list-pop.js';
import { listBlockingCommands } from './list-blocking.js';

/** LPUSH/RPUSH (and the X variants, which only push to an existing list). */
function push(c: Client, argv: string[], left: boolean, onlyExisting: boolean): void {
  const key = argv[1];
  let list = listForWrite(c, key);
  if (list === null) return;
  if (list === undefined) {
    if (onlyExisting) return c.reply.int(0);
    list = new ListValue(argv.length - 2);
    c.db.set(key, list);
  }
  if (left) for (let j = 2; j < argv.length; j++) list.pushHead(argv[j]);
  else for (let j = 2; j < argv.length; j++) list.pushTail(argv[j]);
  c.engine.dirty += argv.length - 2;
  c.reply.int(list.length);
  c.db.signalModified(key);
  notify(c, Notify.List, left ? 'lpush' : 'rpush', key);
}

function linsert(c: Client, argv: string[]): void {
  let after: boolean;
  if (optionIs(argv[2], 'after')) after = true;
  else if (optionIs(argv[2], 'before')) after = false;
  else return c.reply.error(Errors.syntax);
  const list = listForWrite(c, argv[1]);
  if (list === null) return;
  if (list === undefined) return c.reply.int(0);
  const at = list.indexOf(argv[3]);
  if (at < 0) return c.reply.int(-1);
  list.insertAt(after ? at + 1 : at, argv[4]);
  c.db.signalModified(argv[1]);
  notify(c, Notify.List, 'linsert', argv[1]);
  c.engine.dirty++;
  c.reply.int(list.length);
}

function lindex(c: Client, argv: string[]): void {
  const list = listForRead(c, argv[1]);
  if (list === null) return;
  if (list === undefined) return c.reply.nullBulk();
  let index = longArgOrReply(c, argv[2]);
  if (index === null) return;
  if (index < 0) index += list.length;
  if (index < 0 || index >= list.length) return c.reply.nullBulk();
  c.reply.bulk(list.at(index));
}

function lset(c: Client, argv: string[]): void {
  const list = listForWrite(c, argv[1]);
  if (list === null) return;
  if (list === undefined) return c.reply.error(Errors.noSuchKey);
  let index = longArgOrReply(c, argv[2]);
  if (index === null) return;
  if (index < 0) index += list.length;
  if (index < 0 || index >= list.length) return c.reply.error(Errors.outOfRangeIndex);
  list.setAt(index, argv[3]);
  c.reply.ok();
  c.db.signalModified(argv[1]);
  notify(c, Notify.List, 'lset', argv[1]);
  c.engine.dirty++;
}

function lrange(c: Client, argv: string[]): void {
  const start = longArgOrReply(c, argv[2]);
  if (start === null) return;
  const end = longArgOrReply(c, argv[3]);
  if (end === null) return;
  const list = listForRead(c, argv[1]);
  if (list === null) return;
  if (list === undefined) return c.reply.raw('*0\r\n');
  replyRange(c, list, start, end);
}

function ltrim(c: Client, argv: string[]): void {
  let start = longArgOrReply(c, argv[2]);
  if (start === null) return;
  let end = longArgOrReply(c, argv[3]);
  if (end === null) return;
  const key = argv[1];
  const list = listForWrite(c, key);
  if (list === null) return;
  if (list === undefined) return c.reply.ok();
  const len = list.length;
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  let left: number;
  let right: number;
  if (start > end || start >= len) {
    left = len;
    right = 0;
  } else {
    if (end >= len) end = len - 1;
    left = start;
    right = len - end - 1;
  }
  list.dropHead(left);
  list.dropTail(right);
  notify(c, Notify.List, 'ltrim', key);
  if (list.length === 0) {
    c.db.remove(key);
    notify(c, Notify.Generic, 'del', key);
  } else c.db.signalModified(key);
  c.engine.dirty += left + right;
  c.reply.ok();
}

function lrem(c: Client, argv: string[]): void {
  const count = longArgOrReply(c, argv[2]);
  if (count === null) return;
  const key = argv[1];
  const list = listForWrite(c, key);
  if (list === null) return;
  if (list === undefined) return c.reply.int(0);
  const removed = list.removeMatching(argv[3], Math.abs(count), count < 0);
  if (removed > 0) {
    c.db.signalModified(key);
    notify(c, Notify.List, 'lrem', key);
  }
  c.engine.dirty += removed;
  if (list.length === 0) {
    c.db.remove(key);
    notify(c, Notify.Generic, 'del', key);
  }
  c.reply.int(removed);
}

const RANK_ZERO =
  "RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list";

/** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len] */
function lpos(c: Client, argv: string[]): void {
  let rank = 1;
  let rankMin = false;
  let count = -1; // -1: no COUNT option
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j];
    const more = j < argv.length - 1;
    if (more && optionIs(opt, 'rank')) {
      const v = parseInt64(argv[++j]);
      if (v === null) return c.reply.error(Errors.notInteger);
      if (v === 0) return c.reply.error('ERR ' + RANK_ZERO);
      rank = Number(v);
      rankMin = v === INT64_MIN;
    } else if (more && optionIs(opt, 'count')) {
      const v = longArgOrReply(c, argv[++j], "COUNT can't be negative");
      if (v === null) return;
      if (v < 0) return c.reply.error("ERR COUNT can't be negative");
      count = v;
    } else if (more && optionIs(opt, 'maxlen')) {
      const v = longArgOrReply(c, argv[++j], "MAXLEN can't be negative");
      if (v === null) return;
      if (v < 0) return c.reply.error("ERR MAXLEN can't be negative");
      maxlen = v;
    } else {
      return c.reply.error(Errors.syntax);
    }
  }
  const fromTail = rank < 0;
  // Redis negates the rank in C; LONG_MIN stays LONG_MIN, so every match qualifies and (with
  // COUNT) the overflowing "enough matches" test never stops the scan.
  if (fromTail) rank = rankMin ? 1 : -rank;
  const list = c.db.lookupRead(argv[1]);
  if (list === undefined) return count !== -1 ? c.reply.raw('*0\r\n') : c.reply.nullBulk();
  if (!(list instanceof ListValue)) return c.reply.error(Errors.wrongType);
  const ele = argv[2];
  const len = list.length;
  const limit = maxlen === 0 || maxlen > len ? len : maxlen;
  let matches = 0;
  if (count === -1) {
    for (let scanned = 0; scanned < limit; scanned++) {
      const i = fromTail ? len - 1 - scanned : scanned;
      if (list.at(i) === ele && ++matches >= rank) return c.reply.int(i);
    }
    return c.reply.nullBulk();
  }
  let out = '';
  let found = 0;
  for (let scanned = 0; scanned < limit; scanned++) {
    const i = fromTail ? len - 1 - scanned : scanned;
    if (list.at(i) !== ele || ++matches < rank) continue;
    out += ':' + i + '\r\n';
    found++;
    if (count !== 0 && found >= count && !rankMin) break;
  }
  c.reply.raw('*' + found + '\r\n' + out);
}

export const listCommands = defineCommands({
  lpush: (c, argv) => push(c, argv, true, false),
  rpush: (c, argv) => push(c, argv, false, false),
  lpushx: (c, argv) => push(c, argv, true, true),
  rpushx: (c, argv) => push(c, argv, false, true),
  linsert,
  llen: (c, argv) => {
    const list = listForRead(c, argv[1]);
    if (list !== null) c.reply.int(list === undefined ? 0 : list.length);
  },
  lindex,
  lset,
  lrange,
  ltrim,
  lrem,
  lpos,
  ...listPopCommands,
  ...listBlockingCommands,
});
