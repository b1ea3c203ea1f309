/** ZPOPMIN, ZPOPMAX and ZMPOP (the blocking forms reuse popGeneric). */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { defineCommands } from './define.js';
import { optionIs } from './string-common.js';
import { positiveLongArg, writeZSet } from './zset-common.js';
import type { ZSet } from '../types/zset.js';
import { parseInt64 } from '../util/int64.js';
import { propagateAs } from '../engine/propagation/api.js';

/** Reply shapes of the pop family (Redis's genericZpopCommand arguments). */
export interface PopShape {
  /** Emit the key name (BZPOP*, ZMPOP, BZMPOP). */
  emitKey: boolean;
  /** Member/score pairs as nested arrays (ZMPOP, BZMPOP; ZPOP* with a count in RESP3). */
  nested: boolean;
  /** Reply a null array when no key has members (ZMPOP), else an empty array. */
  nilWhenEmpty: boolean;
}

/**
 * Pops up to `count` members (-1: one, without a count) from the lowest (or highest when `max`)
 * end of `z` at `key`, replying in `shape`. Deletes the key when it empties. Returns how many.
 */
export function popFrom(c: Client, key: string, z: ZSet, max: boolean, count: number, shape: PopShape): number {
  const r = c.reply;
  if (count === 0) {
    r.arrayLen(0);
    return 0;
  }
  if (count < 0) count = 1;
  const size = z.size;
  const n = count > size ? size : count;
  if (!shape.nested && !shape.emitKey) r.arrayLen(n * 2);
  else if (shape.nested && !shape.emitKey) r.arrayLen(n);
  else if (!shape.nested) {
    r.arrayLen(n * 2 + 1);
    r.bulk(key);
  } else {
    r.arrayLen(2);
    r.bulk(key);
    r.arrayLen(n);
  }
  const members: string[] = [];
  const scores: number[] = [];
  if (max) {
    z.range(size - n, size, true, members, scores);
    z.removeRange(size - n, size);
  } else {
    z.range(0, n, false, members, scores);
    z.removeRange(0, n);
  }
  for (let i = 0; i < n; i++) {
    if (shape.nested) r.arrayLen(2);
    r.bulk(members[i]);
    r.double(scores[i]);
  }
  c.engine.dirty += n;
  if (z.size === 0) c.db.remove(key);
  else if (n > 0) c.db.signalModified(key);
  return n;
}

/**
 * A pop by BZPOPMIN/BZPOPMAX/[B]ZMPOP (at once or serving a blocked client): propagates as the
 * ZPOPMIN/ZPOPMAX that does the same, with the number popped unless `count` is -1 (no count).
 */
export function popAndPropagate(c: Client, key: string, z: ZSet, max: boolean, count: number, shape: PopShape): void {
  const n = popFrom(c, key, z, max, count, shape);
  const name = max ? 'ZPOPMAX' : 'ZPOPMIN';
  propagateAs(c, count === -1 ? [name, key] : [name, key, n]);
}

/**
 * Redis's genericZpopCommand over the keys argv[from..to): the first key holding a sorted set
 * is popped from; a key of another type before it replies WRONGTYPE. With `rewrite` (ZMPOP)
 * the pop propagates as ZPOPMIN/ZPOPMAX.
 */
export function popGeneric(c: Client, argv: readonly string[], from: number, to: number, max: boolean, count: number, shape: PopShape, rewrite = false): void {
  for (let k = from; k < to; k++) {
    const key = argv[k];
    const z = writeZSet(c, key);
    if (z === null) return;
    if (z === undefined) continue;
    if (rewrite) popAndPropagate(c, key, z, max, count, shape);
    else popFrom(c, key, z, max, count, shape);
    return;
  }
  if (shape.nilWhenEmpty) c.reply.nullArray();
  else c.reply.arrayLen(0);
}

function zpop(c: Client, argv: string[], max: boolean): void {
  if (argv.length > 3) return c.reply.error(Errors.syntax);
  let count = -1;
  if (argv.length === 3) {
    const n = positiveLongArg(c, argv[2]);
    if (n === null) return;
    count = n;
  }
  popGeneric(c, argv, 1, 2, max, count, c.reply.proto === 3 && count !== -1 ? ZPOP_NESTED : ZPOP_FLAT);
}

const ZPOP_FLAT: PopShape = { emitKey: false, nested: false, nilWhenEmpty: false };
const ZPOP_NESTED: PopShape = { emitKey: false, nested: true, nilWhenEmpty: false };

/** Parsed [B]ZMPOP arguments: the keys are argv[from..to). */
export interface MpopArgs {
  from: number;
  to: number;
  max: boolean;
  count: number;
}

/** Parses `numkeys key... MIN|MAX [COUNT n]` from argv[at]; replies and returns null on error. */
export function parseMpop(c: Client, argv: string[], at: number): MpopArgs | null {
  const nk = parseInt64(argv[at]);
  if (nk === null || nk < 1) {
    c.reply.error('ERR numkeys should be greater than 0');
    return null;
  }
  const whereAt = at + Number(nk) + 1;
  if (whereAt >= argv.length) {
    c.reply.error(Errors.syntax);
    return null;
  }
  let max: boolean;
  if (optionIs(argv[whereAt], 'min')) max = false;
  else if (optionIs(argv[whereAt], 'max')) max = true;
  else {
    c.reply.error(Errors.syntax);
    return null;
  }
  let count = -1;
  for (let j = whereAt + 1; j < argv.length; j++) {
    if (count === -1 && optionIs(argv[j], 'count') && j + 1 < argv.length) {
      j++;
      const n = parseInt64(argv[j]);
      if (n === null || n < 1) {
        c.reply.error('ERR count should be greater than 0');
        return null;
      }
      count = Number(n);
    } else {
      c.reply.error(Errors.syntax);
      return null;
    }
  }
  return { from: at + 1, to: whereAt, max, count: count === -1 ? 1 : count };
}

export const MPOP_SHAPE: PopShape = { emitKey: true, nested: true, nilWhenEmpty: true };

export const zsetPopCommands = defineCommands({
  zpopmin: (c, argv) => zpop(c, argv, false),
  zpopmax: (c, argv) => zpop(c, argv, true),
  zmpop: (c, argv) => {
    const a = parseMpop(c, argv, 1);
    if (a === null) return;
    popGeneric(c, argv, a.from, a.to, a.max, a.count, MPOP_SHAPE, true);
  },
});
