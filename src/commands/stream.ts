/**
 * The stream command group (Redis 7.0's t_stream.c). The value type is types/stream.ts; this
 * file has XRANGE, XREVRANGE, XLEN, XDEL and XSETID, and gathers the other stream files: XADD /
 * XTRIM (stream-add.ts), XREAD / XREADGROUP (stream-read.ts), XGROUP and XACK
 * (stream-group.ts), XPENDING / XCLAIM / XAUTOCLAIM (stream-claim.ts), XINFO (stream-info.ts).
 * Checks come in Redis's order (e.g. XRANGE parses its IDs before looking at the key).
 */
import { notify, Notify } from '../engine/notify.js';
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { compareIds, parseStreamId, type StreamId } from '../types/stream-id.js';
import { parseInt64 } from '../util/int64.js';
import { defineCommands } from './define.js';
import { optionIs } from './string-common.js';
import { longLongOrReply, rangeBoundOrReply, readStream, replyRange, strictIdOrReply, writeStream } from './stream-common.js';
import { streamAddCommands } from './stream-add.js';
import { streamReadCommands } from './stream-read.js';
import { streamGroupCommands } from './stream-group.js';
import { streamClaimCommands } from './stream-claim.js';
import { streamInfoCommands } from './stream-info.js';

/** XRANGE key start end [COUNT n] / XREVRANGE key end start [COUNT n]. */
function xrange(c: Client, argv: string[], rev: boolean): void {
  const start = rangeBoundOrReply(c, rev ? argv[3] : argv[2], true);
  if (start === null) return;
  const end = rangeBoundOrReply(c, rev ? argv[2] : argv[3], false);
  if (end === null) return;
  let count = -1;
  for (let j = 4; j < argv.length; j++) {
    if (optionIs(argv[j], 'count') && j + 1 < argv.length) {
      const n = longLongOrReply(c, argv[++j]);
      if (n === null) return;
      count = n < 0 ? 0 : n;
    } else {
      return c.reply.error(Errors.syntax);
    }
  }
  const s = readStream(c, argv[1]);
  if (s === null) return;
  if (s === undefined) return c.reply.arrayLen(0);
  if (count === 0) return c.reply.nullArray();
  replyRange(c, s, start, end, count === -1 ? 0 : count, rev);
}

/** XSETID key last-id [ENTRIESADDED n] [MAXDELETEDID id] */
function xsetid(c: Client, argv: string[]): void {
  const id = strictIdOrReply(c, argv[2]);
  if (id === null) return;
  let entriesAdded: number | bigint = -1;
  let maxDeleted: StreamId | null = null;
  for (let i = 3; i < argv.length; i += 2) {
    const more = argv.length - 1 - i > 0;
    if (optionIs(argv[i], 'entriesadded') && more) {
      const n = parseInt64(argv[i + 1]);
      if (n === null) return c.reply.error(Errors.notInteger);
      if (n < 0) return c.reply.error(Errors.entriesAddedNegative);
      entriesAdded = n;
    } else if (optionIs(argv[i], 'maxdeletedid') && more) {
      const p = parseStreamId(argv[i + 1], 0, true);
      if (p === null) return c.reply.error(Errors.invalidStreamId);
      if (compareIds(id, p.id) < 0) return c.reply.error(Errors.xsetidBelowMaxDeleted);
      maxDeleted = p.id;
    } else {
      return c.reply.error(Errors.syntax);
    }
  }
  const s = writeStream(c, argv[1]);
  if (s === null) return;
  if (s === undefined) return c.reply.error(Errors.noSuchKey);
  if (s.length > 0) {
    const top = s.lastValidId()!;
    if (compareIds(id, top) < 0) return c.reply.error(Errors.xsetidBelowTop);
    if (entriesAdded !== -1 && s.length > entriesAdded) return c.reply.error(Errors.xsetidEntriesAdded);
  }
  s.lastId = id;
  if (entriesAdded !== -1) s.entriesAdded = entriesAdded;
  if (maxDeleted !== null && !maxDeleted.isZero()) s.maxDeletedId = maxDeleted;
  // Redis 7.0 does not signal XSETID as a modification (WATCH is not broken).
  c.engine.dirty++;
  c.reply.ok();
  notify(c, Notify.Stream, 'xsetid', argv[1]);
}

const baseCommands = defineCommands({
  xrange: (c, argv) => xrange(c, argv, false),
  xrevrange: (c, argv) => xrange(c, argv, true),
  xlen: (c, argv) => {
    const s = readStream(c, argv[1]);
    if (s !== null) c.reply.int(s === undefined ? 0 : s.length);
  },
  xdel: (c, argv) => {
    const s = writeStream(c, argv[1]);
    if (s === null) return;
    if (s === undefined) return c.reply.int(0);
    const ids: StreamId[] = [];
    for (let j = 2; j < argv.length; j++) {
      const id = strictIdOrReply(c, argv[j]);
      if (id === null) return;
      ids.push(id);
    }
    const deleted = s.deleteEntries(ids);
    if (deleted !== 0) {
      c.db.signalModified(argv[1]);
      notify(c, Notify.Stream, 'xdel', argv[1]);
      c.engine.dirty += deleted;
    }
    c.reply.int(deleted);
  },
  xsetid,
});

export const streamCommands = {
  ...baseCommands,
  ...streamAddCommands,
  ...streamReadCommands,
  ...streamGroupCommands,
  ...streamClaimCommands,
  ...streamInfoCommands,
};
