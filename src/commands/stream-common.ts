/** Pieces shared by the stream command files (stream*.ts): lookups, ID arguments, entry replies. */
import type { Client } from '../engine/client.js';
import { arrayHeader, bulkHeader } from '../protocol/reply.js';
import { Errors } from '../engine/errors.js';
import { Stream, type StreamLimits } from '../types/stream.js';
import { decrId, incrId, parseStreamId, type StreamId, type U64 } from '../types/stream-id.js';
import type { StreamIterator } from '../types/stream-iterator.js';
import { parseInt64 } from '../util/int64.js';
import { readTyped, writeTyped } from './keyspace-common.js';

/** The stream at `key` for reading: undefined when missing, null after replying WRONGTYPE. */
export function readStream(c: Client, key: string): Stream | undefined | null {
  return readTyped(c, key, Stream);
}

/** As readStream, for commands that write. */
export function writeStream(c: Client, key: string): Stream | undefined | null {
  return writeTyped(c, key, Stream);
}

/** The node limits from the config. */
export function streamLimits(c: Client): StreamLimits {
  const cfg = c.engine.config;
  return { maxBytes: cfg.num('stream-node-max-bytes'), maxEntries: cfg.num('stream-node-max-entries') };
}

/** A strict stream ID argument ("-" and "+" refused), or null after replying. */
export function strictIdOrReply(c: Client, arg: string): StreamId | null {
  const p = parseStreamId(arg, 0, true);
  if (p === null) c.reply.error(Errors.invalidStreamId);
  return p === null ? null : p.id;
}

/** A stream ID argument that may be "-" or "+", or null after replying. */
export function idOrReply(c: Client, arg: string, missingSeq: U64): StreamId | null {
  const p = parseStreamId(arg, missingSeq, false);
  if (p === null) c.reply.error(Errors.invalidStreamId);
  return p === null ? null : p.id;
}

/**
 * A range bound (Redis's streamParseIntervalIDOrReply then the exclusive adjustment): "(" makes
 * it exclusive - the next ID for a start, the previous one for an end. Null after replying.
 */
export function rangeBoundOrReply(c: Client, arg: string, isStart: boolean): StreamId | null {
  const missingSeq = isStart ? 0 : 18446744073709551615n;
  if (arg.length > 1 && arg.charCodeAt(0) === 40) {
    const p = parseStreamId(arg.slice(1), missingSeq, true);
    if (p === null) {
      c.reply.error(Errors.invalidStreamId);
      return null;
    }
    const id = isStart ? incrId(p.id) : decrId(p.id);
    if (id === null) c.reply.error(isStart ? Errors.invalidStartInterval : Errors.invalidEndInterval);
    return id;
  }
  return idOrReply(c, arg, missingSeq);
}

/** Redis's getLongLongFromObjectOrReply as a number, or null after replying `msg`. */
export function longLongOrReply(c: Client, arg: string, msg: string = Errors.notInteger): number | null {
  const v = parseInt64(arg);
  if (v === null) {
    c.reply.error(msg);
    return null;
  }
  return Number(v);
}

/*
 * Entry replies are the hot part of XRANGE and XREAD: dozens of small bulks per reply. They are
 * concatenated with cached headers, then flattened once (see flat()): a rope of hundreds of
 * pieces would otherwise be walked when the socket is written, after every reply of a pipeline
 * has been appended to it.
 */

/** `s` made one flat string: reading a char makes V8 copy a rope's pieces together, once. */
function flat(s: string): string {
  s.charCodeAt(0);
  return s;
}

/** `[id, [field, value ...]]` of one entry, as RESP. */
export function entryReply(id: string, pairs: readonly string[]): string {
  let out = '*2\r\n' + bulkHeader(id.length) + id + '\r\n' + arrayHeader(pairs.length);
  for (let i = 0; i < pairs.length; i++) out += bulkHeader(pairs[i].length) + pairs[i] + '\r\n';
  return out;
}

/** The array being built by beginEntries / addEntry / endEntries. */
let arrayHead = '';
let arrayBody = '';
let entryCount = 0;

/**
 * Starts an array of entries after `head` (text to put first, e.g. the key of an XREAD result):
 * add them with addEntry, get the text with endEntries. One array at a time.
 */
export function beginEntries(head: string): void {
  arrayHead = head;
  arrayBody = '';
  entryCount = 0;
}

/** Appends one entry to the array begun by beginEntries. */
export function addEntry(id: string, pairs: readonly string[]): void {
  arrayBody += entryReply(id, pairs);
  entryCount++;
}

/** The text of the array begun by beginEntries (head included), and its number of entries. */
export function endEntries(): [number, string] {
  const out = flat(arrayHead + arrayHeader(entryCount) + arrayBody);
  arrayHead = arrayBody = '';
  return [entryCount, out];
}

/** The iterator's entries (at most `count`, 0: all) as an array after `head`, and their number. */
export function entriesArray(it: StreamIterator, count: number, head = ''): [number, string] {
  beginEntries(head);
  // Entries of a node often share their milliseconds: their text is made once.
  let lastMs: U64 = -1;
  let msText = '';
  const h = it.h;
  while ((count === 0 || entryCount < count) && it.next()) {
    if (h.ms !== lastMs) {
      lastMs = h.ms;
      msText = h.ms + '-';
    }
    addEntry(msText + h.seq, it.pairs());
  }
  return endEntries();
}

/** Replies with an array of the entries of `s` in [start, end] (Redis's streamReplyWithRange, no group). */
export function replyRange(c: Client, s: Stream, start: StreamId | null, end: StreamId | null, count: number, rev: boolean): void {
  c.reply.raw(entriesArray(s.iterate(start, end, rev), count)[1]);
}
