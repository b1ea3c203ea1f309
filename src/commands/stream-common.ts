/** Pieces shared by the stream command files (stream*.ts): lookups, ID arguments, entry replies. */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { Stream, type StreamLimits } from '../types/stream.js';
import { decrId, incrId, parseStreamId, type StreamId, type U64 } from '../types/stream-id.js';
import type { StreamIterator } from '../types/stream-iterator.js';
import { parseInt64 } from '../util/int64.js';
import { sliceBytes, writeBytes } from '../util/bytes.js';
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
 * Entry replies are the hot part of XRANGE and XREAD: dozens of small bulks per reply. Built by
 * string concatenation they are ropes of hundreds of pieces that V8 must walk to flatten when
 * the socket is written; so they are written byte by byte into one scratch buffer instead and
 * come out as a single flat string.
 */
let scratch = Buffer.allocUnsafe(16384);
let at = 0;

function room(n: number): void {
  if (at + n <= scratch.length) return;
  let size = scratch.length * 2;
  while (size < at + n) size *= 2;
  const next = Buffer.allocUnsafe(size);
  scratch.copy(next, 0, 0, at);
  scratch = next;
}

/** Appends the bytes of `s`. */
function put(s: string): void {
  const n = s.length;
  room(n);
  if (n > 32) {
    at += writeBytes(scratch, s, at);
    return;
  }
  const b = scratch;
  let p = at;
  for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
  at = p;
}

/** Appends "<prefix><n>\r\n" for a non-negative integer n. */
function putHeader(prefix: number, n: number): void {
  room(24);
  const b = scratch;
  b[at++] = prefix;
  if (n < 10) b[at++] = 48 + n;
  else if (n < 100) {
    b[at++] = 48 + ((n / 10) | 0);
    b[at++] = 48 + (n % 10);
  } else at += writeBytes(b, String(n), at);
  b[at++] = 13;
  b[at++] = 10;
}

/** Appends `s` as a bulk string. */
function putBulk(s: string): void {
  putHeader(36 /* $ */, s.length);
  put(s);
  room(2);
  scratch[at++] = 13;
  scratch[at++] = 10;
}

/** Appends `[id, [field, value ...]]`. */
function putEntry(id: string, pairs: readonly string[]): void {
  put('*2\r\n');
  putBulk(id);
  putHeader(42 /* * */, pairs.length);
  for (let i = 0; i < pairs.length; i++) putBulk(pairs[i]);
}

/** `[id, [field, value ...]]` of one entry, as RESP. */
export function entryReply(id: string, pairs: readonly string[]): string {
  const start = at;
  putEntry(id, pairs);
  const s = sliceBytes(scratch, start, at);
  at = start;
  return s;
}

/** Where the array of the entries being written starts (see beginEntries). */
let arrayMark = -1;
let entryCount = 0;

/**
 * Starts an array of entries after `head` (text to put first, e.g. the key of an XREAD result):
 * add them with addEntry, get the text with endEntries. One array at a time.
 */
export function beginEntries(head: string): void {
  at = 0;
  put(head);
  arrayMark = at;
  entryCount = 0;
  // The count is known at the end: room for its header is kept, the unused part cut off then.
  room(24);
  at += 24;
}

/** Appends one entry to the array begun by beginEntries. */
export function addEntry(id: string, pairs: readonly string[]): void {
  putEntry(id, pairs);
  entryCount++;
}

/** The text of the array begun by beginEntries (head included), and its number of entries. */
export function endEntries(): [number, string] {
  const n = entryCount;
  const header = '*' + n + '\r\n';
  const start = arrayMark + 24 - header.length;
  scratch.write(header, start, 'latin1');
  const out = arrayMark === 0 ? sliceBytes(scratch, start, at) : sliceBytes(scratch, 0, arrayMark) + sliceBytes(scratch, start, at);
  at = 0;
  arrayMark = -1;
  return [n, out];
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
