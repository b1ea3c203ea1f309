/** LPOP, RPOP, LMPOP, LMOVE, RPOPLPUSH: the non-blocking pops and moves (see list.ts). */
import type { Client } from '../engine/client.js';
import type { ListValue } from '../types/list.js';
import { Errors } from '../engine/errors.js';
import { defineCommands } from './define.js';
import { optionIs } from './string-common.js';
import {
  atLeastOrReply,
  listForWrite,
  popAndReply,
  popOne,
  pushForMove,
  whereArgOrReply,
} from './list-common.js';
import { propagateAs } from '../engine/propagation/api.js';

const MUST_BE_POSITIVE = 'value is out of range, must be positive';

/** LPOP/RPOP key [count]: a bulk string without count, an array with it. */
function pop(c: Client, argv: string[], left: boolean): void {
  if (argv.length > 3) return c.reply.error(Errors.wrongArity(left ? 'lpop' : 'rpop'));
  const hasCount = argv.length === 3;
  let count = 0;
  if (hasCount) {
    const v = atLeastOrReply(c, argv[2], 0, MUST_BE_POSITIVE);
    if (v === null) return;
    count = v;
  }
  const key = argv[1];
  const list = listForWrite(c, key);
  if (list === null) return;
  if (list === undefined) return hasCount ? c.reply.nullArray() : c.reply.nullBulk();
  if (hasCount && count === 0) return c.reply.raw('*0\r\n');
  if (!hasCount) {
    c.reply.bulk(popOne(c, key, list, left));
    c.engine.dirty++;
    return;
  }
  c.engine.dirty += popAndReply(c, key, list, left, count);
}

/** The parsed arguments of LMPOP/BLMPOP. */
export interface MpopArgs {
  keys: string[];
  left: boolean;
  count: number;
}

/**
 * Parses `numkeys key... LEFT|RIGHT [COUNT count]` starting at argv[numkeysAt], in Redis's
 * order; null after replying the error.
 */
export function parseMpop(c: Client, argv: string[], numkeysAt: number): MpopArgs | null {
  const numkeys = atLeastOrReply(c, argv[numkeysAt], 1, 'numkeys should be greater than 0');
  if (numkeys === null) return null;
  const whereAt = numkeysAt + numkeys + 1;
  if (whereAt >= argv.length) {
    c.reply.error(Errors.syntax);
    return null;
  }
  const left = whereArgOrReply(c, argv[whereAt]);
  if (left === null) return null;
  let count = -1;
  for (let j = whereAt + 1; j < argv.length; j++) {
    if (count === -1 && j < argv.length - 1 && optionIs(argv[j], 'count')) {
      const v = atLeastOrReply(c, argv[++j], 1, 'count should be greater than 0');
      if (v === null) return null;
      count = v;
    } else {
      c.reply.error(Errors.syntax);
      return null;
    }
  }
  return { keys: argv.slice(numkeysAt + 1, whereAt), left, count: count === -1 ? 1 : count };
}

/**
 * Pops from the first non-empty list of `keys` (Redis's mpopGenericCommand / the immediate path
 * of BLMPOP): replies `[key, [elements]]` and returns true; returns false without replying when
 * every key is missing; returns true after WRONGTYPE. Propagates as LPOP/RPOP key count.
 */
export function mpopFirst(c: Client, a: MpopArgs): boolean {
  for (const key of a.keys) {
    const list = listForWrite(c, key);
    if (list === null) return true;
    if (list === undefined || list.length === 0) continue;
    mpopFrom(c, key, list, a.left, a.count);
    return true;
  }
  return false;
}

/**
 * [B]LMPOP from a non-empty list (at once, or serving a blocked client): replies
 * `[key, [elements]]` and propagates as LPOP/RPOP key <count popped>.
 */
export function mpopFrom(c: Client, key: string, list: ListValue, left: boolean, count: number): void {
  const n = Math.min(count, list.length);
  c.reply.raw('*2\r\n$' + key.length + '\r\n' + key + '\r\n');
  c.engine.dirty += popAndReply(c, key, list, left, count);
  propagateAs(c, [left ? 'LPOP' : 'RPOP', key, n]);
}

/**
 * LMOVE/RPOPLPUSH (and BLMOVE when the source has elements): pops from `argv[1]` and pushes to
 * `argv[2]`, replying with the element, null when the source is missing.
 */
export function lmove(c: Client, argv: string[], fromLeft: boolean, toLeft: boolean): void {
  const src = argv[1];
  const dst = argv[2];
  const srcList = listForWrite(c, src);
  if (srcList === null) return;
  if (srcList === undefined) return c.reply.nullBulk();
  const dstList = listForWrite(c, dst);
  if (dstList === null) return;
  // The destination is looked up before the pop: with src === dst the one-element list must not
  // be deleted in between.
  const value = (fromLeft ? srcList.popHead() : srcList.popTail())!;
  pushForMove(c, dst, dstList, value, toLeft);
  if (srcList.length === 0) c.db.remove(src);
  else c.db.signalModified(src);
  c.engine.dirty++;
}

export const listPopCommands = defineCommands({
  lpop: (c, argv) => pop(c, argv, true),
  rpop: (c, argv) => pop(c, argv, false),
  lmpop: (c, argv) => {
    const a = parseMpop(c, argv, 1);
    if (a !== null && !mpopFirst(c, a)) c.reply.nullArray();
  },
  lmove: (c, argv) => {
    const from = whereArgOrReply(c, argv[3]);
    if (from === null) return;
    const to = whereArgOrReply(c, argv[4]);
    if (to === null) return;
    lmove(c, argv, from, to);
  },
  rpoplpush: (c, argv) => lmove(c, argv, false, true),
});
