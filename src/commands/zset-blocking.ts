/**
 * BZPOPMIN, BZPOPMAX and BZMPOP: served at once when one of the keys holds a sorted set, else
 * the client blocks (engine/blocking.ts) until a ZADD/ZINCRBY/ZUNIONSTORE ... creates one of the
 * keys, its timeout, or CLIENT UNBLOCK. Inside MULTI/EXEC or a script they reply as on a timeout
 * (a null array). Keys of another type reply WRONGTYPE when met before a sorted set.
 * They propagate as the ZPOPMIN/ZPOPMAX that did the same (with the count popped for BZMPOP).
 */
import type { Client } from '../engine/client.js';
import { blockForKeys, canBlock, parseTimeout, type BlockHandler } from '../engine/blocking.js';
import type { CollectionValue } from '../types/value.js';
import type { ZSet } from '../types/zset.js';
import { defineCommands } from './define.js';
import { MPOP_SHAPE, parseMpop, popAndPropagate, type PopShape } from './zset-pop.js';
import { writeZSet } from './zset-common.js';

/** BZPOPMIN/BZPOPMAX reply `[key, member, score]`. */
const BZPOP_SHAPE: PopShape = { emitKey: true, nested: false, nilWhenEmpty: false };

/** Serves a waiter from the key that received a sorted set. */
class ZpopWaiter implements BlockHandler {
  constructor(
    private readonly max: boolean,
    private readonly count: number,
    private readonly shape: PopShape,
  ) {}
  serve(c: Client, key: string, value: CollectionValue): boolean {
    popAndPropagate(c, key, value as ZSet, this.max, this.count, this.shape);
    return true;
  }
}

/**
 * Redis's blockingGenericZpopCommand over argv[from..to): pops from the first key holding a
 * sorted set, or blocks on all of them.
 */
function blockingZpop(c: Client, argv: string[], from: number, to: number, timeoutArg: string, max: boolean, count: number, shape: PopShape): void {
  const deadline = parseTimeout(c, timeoutArg);
  if (deadline === null) return;
  for (let k = from; k < to; k++) {
    const z = writeZSet(c, argv[k]);
    if (z === null) return;
    if (z === undefined) continue;
    popAndPropagate(c, argv[k], z, max, count, shape);
    return;
  }
  if (!canBlock(c)) return c.reply.nullArray();
  blockForKeys(c, argv.slice(from, to), 'zset', deadline, new ZpopWaiter(max, count, shape));
}

export const zsetBlockingCommands = defineCommands({
  bzpopmin: (c, argv) => blockingZpop(c, argv, 1, argv.length - 1, argv[argv.length - 1], false, -1, BZPOP_SHAPE),
  bzpopmax: (c, argv) => blockingZpop(c, argv, 1, argv.length - 1, argv[argv.length - 1], true, -1, BZPOP_SHAPE),
  bzmpop: (c, argv) => {
    const a = parseMpop(c, argv, 2);
    if (a === null) return;
    blockingZpop(c, argv, a.from, a.to, argv[1], a.max, a.count, MPOP_SHAPE);
  },
});
