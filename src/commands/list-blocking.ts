/**
 * BLPOP, BRPOP, BLMPOP, BLMOVE, BRPOPLPUSH: served at once when a list has elements, else the
 * client blocks (engine/blocking.ts) until a push, its timeout or CLIENT UNBLOCK. Inside
 * MULTI/EXEC or a script they never block and reply as on a timeout. As in Redis 7.0, a client
 * served after blocking counts no dirty change for BLPOP/BRPOP/BLMOVE (the pusher did) but does
 * for BLMPOP.
 *
 * Propagation: as the non-blocking command that did the same (BLPOP -> LPOP key, BLMPOP -> LPOP
 * key count, BLMOVE -> LMOVE, BRPOPLPUSH -> RPOPLPUSH), whether served at once or later.
 */
import type { Client } from '../engine/client.js';
import { blockForKeys, canBlock, parseTimeout, type BlockHandler } from '../engine/blocking.js';
import { ListValue } from '../types/list.js';
import type { CollectionValue } from '../types/value.js';
import { defineCommands } from './define.js';
import { listForWrite, popAndReply, popOne, pushForMove, whereArgOrReply } from './list-common.js';
import { lmove, mpopFirst, mpopFrom, parseMpop, type MpopArgs } from './list-pop.js';
import { propagateAs } from '../engine/propagation/api.js';

/** LPOP/RPOP key: how a BLPOP/BRPOP pop propagates. */
function popForm(key: string, left: boolean): string[] {
  return [left ? 'LPOP' : 'RPOP', key];
}

/** Replies `[key, element]` (BLPOP/BRPOP). */
function replyKeyElement(c: Client, key: string, e: string): void {
  c.reply.raw('*2\r\n$' + key.length + '\r\n' + key + '\r\n$' + e.length + '\r\n' + e + '\r\n');
}

/** Serves a BLPOP/BRPOP waiter from the end of the list given by `left`. */
class PopOneWaiter implements BlockHandler {
  constructor(private readonly left: boolean) {}
  serve(c: Client, key: string, value: CollectionValue): boolean {
    replyKeyElement(c, key, popOne(c, key, value as ListValue, this.left));
    propagateAs(c, popForm(key, this.left));
    return true;
  }
}

/** Serves a BLMPOP waiter: `[key, [elements]]`. */
class MpopWaiter implements BlockHandler {
  constructor(private readonly a: MpopArgs) {}
  serve(c: Client, key: string, value: CollectionValue): boolean {
    mpopFrom(c, key, value as ListValue, this.a.left, this.a.count);
    return true;
  }
}

/** Serves a BLMOVE/BRPOPLPUSH waiter; a destination of another type gets it WRONGTYPE. */
class MoveWaiter implements BlockHandler {
  constructor(
    private readonly dst: string,
    private readonly fromLeft: boolean,
    private readonly toLeft: boolean,
    private readonly rpoplpush: boolean,
  ) {}
  serve(c: Client, key: string, value: CollectionValue): boolean {
    const dstList = listForWrite(c, this.dst);
    if (dstList === null) return true;
    const src = value as ListValue;
    const e = (this.fromLeft ? src.popHead() : src.popTail())!;
    pushForMove(c, this.dst, dstList, e, this.toLeft);
    if (src.length === 0) c.db.remove(key);
    else c.db.signalModified(key);
    // Redis spells the directions of a served BLMOVE in lower case.
    if (this.rpoplpush) propagateAs(c, ['RPOPLPUSH', key, this.dst]);
    else propagateAs(c, ['LMOVE', key, this.dst, this.fromLeft ? 'left' : 'right', this.toLeft ? 'left' : 'right']);
    return true;
  }
}

/** BLPOP/BRPOP key [key ...] timeout */
function blockingPop(c: Client, argv: string[], left: boolean): void {
  const deadline = parseTimeout(c, argv[argv.length - 1]);
  if (deadline === null) return;
  const keys = argv.slice(1, -1);
  for (const key of keys) {
    const list = listForWrite(c, key);
    if (list === null) return;
    if (list === undefined || list.length === 0) continue;
    replyKeyElement(c, key, popOne(c, key, list, left));
    c.engine.dirty++;
    propagateAs(c, popForm(key, left));
    return;
  }
  if (!canBlock(c)) return c.reply.nullArray();
  blockForKeys(c, keys, 'list', deadline, new PopOneWaiter(left));
}

/** BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count] */
function blmpop(c: Client, argv: string[]): void {
  const a = parseMpop(c, argv, 2);
  if (a === null) return;
  const deadline = parseTimeout(c, argv[1]);
  if (deadline === null) return;
  if (mpopFirst(c, a)) return;
  if (!canBlock(c)) return c.reply.nullArray();
  blockForKeys(c, a.keys, 'list', deadline, new MpopWaiter(a));
}

/** BLMOVE/BRPOPLPUSH once the directions and timeout are parsed. */
function blmove(c: Client, argv: string[], fromLeft: boolean, toLeft: boolean, deadline: number, rpoplpush: boolean): void {
  const src = listForWrite(c, argv[1]);
  if (src === null) return;
  if (src !== undefined) {
    lmove(c, argv, fromLeft, toLeft);
    propagateAs(c, rpoplpush ? ['RPOPLPUSH', argv[1], argv[2]] : ['LMOVE', argv[1], argv[2], argv[3], argv[4]]);
    return;
  }
  if (!canBlock(c)) return c.reply.nullBulk();
  blockForKeys(c, [argv[1]], 'list', deadline, new MoveWaiter(argv[2], fromLeft, toLeft, rpoplpush));
}

export const listBlockingCommands = defineCommands({
  blpop: (c, argv) => blockingPop(c, argv, true),
  brpop: (c, argv) => blockingPop(c, argv, false),
  blmpop,
  blmove: (c, argv) => {
    const from = whereArgOrReply(c, argv[3]);
    if (from === null) return;
    const to = whereArgOrReply(c, argv[4]);
    if (to === null) return;
    const deadline = parseTimeout(c, argv[5]);
    if (deadline !== null) blmove(c, argv, from, to, deadline, false);
  },
  brpoplpush: (c, argv) => {
    const deadline = parseTimeout(c, argv[3]);
    if (deadline !== null) blmove(c, argv, false, true, deadline, true);
  },
});
