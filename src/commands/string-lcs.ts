/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: longest common subsequence of two
 * strings by the classic dynamic-programming table, walked back from the end to produce the
 * subsequence and its matching ranges in the same order as Redis (last range first).
 */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { defineCommands } from './define.js';
import { optionIs } from './string-common.js';
import { isString, stringBytes } from '../types/value.js';
import { parseInt64 } from '../util/int64.js';

const ERR_NOT_STRINGS = 'ERR The specified keys must contain string values';
const ERR_LEN_AND_IDX = 'ERR If you want both the length and indexes, please just use IDX.';
const ERR_TOO_LONG = 'ERR String too long for LCS';
const ERR_TABLE_TOO_BIG = 'ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len';
const ERR_ALLOC = 'ERR Insufficient memory, failed allocating transient memory for LCS';

/** The string at `key`, '' when missing, null when another type. */
function lcsOperand(c: Client, key: string): string | null {
  const v = c.db.lookupRead(key);
  if (v === undefined) return '';
  return isString(v) ? stringBytes(v) : null;
}

export const lcsCommands = defineCommands({
  lcs: (c, argv) => {
    // Both keys are read (and counted as hits/misses) before the type check, as in Redis.
    const a = lcsOperand(c, argv[1]);
    const b = lcsOperand(c, argv[2]);
    if (a === null || b === null) return c.reply.error(ERR_NOT_STRINGS);
    let getLen = false;
    let getIdx = false;
    let withMatchLen = false;
    let minMatchLen = 0;
    for (let j = 3; j < argv.length; j++) {
      const opt = argv[j];
      if (optionIs(opt, 'idx')) getIdx = true;
      else if (optionIs(opt, 'len')) getLen = true;
      else if (optionIs(opt, 'withmatchlen')) withMatchLen = true;
      else if (optionIs(opt, 'minmatchlen') && j < argv.length - 1) {
        const v = parseInt64(argv[++j]);
        if (v === null) return c.reply.error(Errors.notInteger);
        minMatchLen = v < 0 ? 0 : Number(v);
      } else return c.reply.error(Errors.syntax);
    }
    if (getLen && getIdx) return c.reply.error(ERR_LEN_AND_IDX);
    if (a.length >= 0xfffffffe || b.length >= 0xfffffffe) return c.reply.error(ERR_TOO_LONG);

    const alen = a.length;
    const blen = b.length;
    const w = blen + 1;
    const cells = (alen + 1) * w;
    if (cells * 4 > c.engine.config.num('proto-max-bulk-len')) return c.reply.error(ERR_TABLE_TOO_BIG);
    let t: Uint32Array;
    try {
      t = new Uint32Array(cells);
    } catch {
      return c.reply.error(ERR_ALLOC);
    }
    // t[i*w + j] = LCS length of a[0, i) and b[0, j); row 0 and column 0 stay zero.
    for (let i = 1; i <= alen; i++) {
      const ac = a.charCodeAt(i - 1);
      const row = i * w;
      const prev = row - w;
      for (let j = 1; j <= blen; j++) {
        if (ac === b.charCodeAt(j - 1)) {
          t[row + j] = t[prev + j - 1] + 1;
        } else {
          const up = t[prev + j];
          const left = t[row + j - 1];
          t[row + j] = up > left ? up : left;
        }
      }
    }
    const total = t[alen * w + blen];

    const computeLcs = getIdx || !getLen;
    const out = computeLcs ? Buffer.allocUnsafe(total) : null;
    // Matched ranges, flat: aStart, aEnd, bStart, bEnd per range.
    const ranges: number[] = [];
    let fill = total;
    let aStart = -1;
    let aEnd = 0;
    let bStart = 0;
    let bEnd = 0;
    let i = alen;
    let j = blen;
    while (computeLcs && i > 0 && j > 0) {
      let emit = false;
      if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
        out![--fill] = a.charCodeAt(i - 1);
        if (aStart < 0) {
          aStart = aEnd = i - 1;
          bStart = bEnd = j - 1;
        } else if (aStart === i && bStart === j) {
          // Contiguous with the current range: extend it backwards.
          aStart--;
          bStart--;
        } else {
          emit = true;
        }
        // A range touching the start of either string cannot grow further.
        if (aStart === 0 || bStart === 0) emit = true;
        i--;
        j--;
      } else {
        if (t[(i - 1) * w + j] > t[i * w + j - 1]) i--;
        else j--;
        if (aStart >= 0) emit = true;
      }
      if (emit) {
        if (minMatchLen === 0 || aEnd - aStart + 1 >= minMatchLen) ranges.push(aStart, aEnd, bStart, bEnd);
        aStart = -1;
      }
    }

    const r = c.reply;
    if (getIdx) {
      r.mapLen(2);
      r.bulk('matches');
      r.arrayLen(ranges.length / 4);
      for (let k = 0; k < ranges.length; k += 4) {
        r.arrayLen(withMatchLen ? 3 : 2);
        r.arrayLen(2);
        r.int(ranges[k]);
        r.int(ranges[k + 1]);
        r.arrayLen(2);
        r.int(ranges[k + 2]);
        r.int(ranges[k + 3]);
        if (withMatchLen) r.int(ranges[k + 1] - ranges[k] + 1);
      }
      r.bulk('len');
      r.int(total);
    } else if (getLen) {
      r.int(total);
    } else {
      r.bulk(out!.toString('latin1'));
    }
  },
});
