/**
 * XINFO STREAM (summary, FULL [COUNT n]), XINFO GROUPS, XINFO CONSUMERS and XINFO HELP, in the
 * shapes of Redis 7.0 (maps in RESP3, flat field/value arrays in RESP2), with the 7.0 fields:
 * max-deleted-entry-id, entries-added, recorded-first-entry-id, and per group entries-read and lag.
 */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import type { Stream } from '../types/stream.js';
import { idFromKey } from '../types/stream-id.js';
import { groupLag, INVALID_ENTRIES_READ, type StreamGroup } from '../types/stream-group.js';
import type { Int64 } from '../util/int64.js';
import { defineCommands } from './define.js';
import { replyHelp } from './help.js';
import { optionIs } from './string-common.js';
import { entriesArray, entryReply, longLongOrReply, readStream } from './stream-common.js';

const HELP = ['CONSUMERS <key> <groupname>', '    Show consumers of <groupname>.', 'GROUPS <key>', '    Show the stream consumer groups.', 'STREAM <key> [FULL [COUNT <count>]', '    Show information about the stream.'];

/** The stream at argv[2], or null after replying "no such key" / WRONGTYPE. */
function streamOrReply(c: Client, key: string): Stream | null {
  const s = readStream(c, key);
  if (s === undefined) c.reply.error(Errors.noSuchKey);
  return s ?? null;
}

/** `$len\r\ntext\r\n` */
function bulk(text: string): string {
  return '$' + text.length + '\r\n' + text + '\r\n';
}

/** A map header: RESP3 `%n`, RESP2 a flat array. */
function mapHeader(c: Client, n: number): string {
  return c.reply.proto === 3 ? '%' + n + '\r\n' : '*' + 2 * n + '\r\n';
}

/** An integer, or the null of an unknown value. */
function intOrNull(c: Client, v: Int64 | null): string {
  if (v === null) return c.reply.proto === 3 ? '_\r\n' : '$-1\r\n';
  return ':' + v + '\r\n';
}

function entriesRead(c: Client, g: StreamGroup): string {
  return intOrNull(c, g.entriesRead === INVALID_ENTRIES_READ ? null : g.entriesRead);
}

/** The common head of both XINFO STREAM forms. */
function streamHead(c: Client, s: Stream, fields: number): string {
  return (
    mapHeader(c, fields) +
    bulk('length') + ':' + s.length + '\r\n' +
    bulk('radix-tree-keys') + ':' + s.blocks.length + '\r\n' +
    bulk('radix-tree-nodes') + ':' + s.raxNodes() + '\r\n' +
    bulk('last-generated-id') + bulk(s.lastId.toString()) +
    bulk('max-deleted-entry-id') + bulk(s.maxDeletedId.toString()) +
    bulk('entries-added') + ':' + s.entriesAdded + '\r\n' +
    bulk('recorded-first-entry-id') + bulk(s.firstId.toString())
  );
}

/** First or last entry, or a null. */
function edgeEntry(c: Client, s: Stream, last: boolean): string {
  const it = s.iterate(null, null, last);
  if (!it.next()) return c.reply.proto === 3 ? '_\r\n' : '$-1\r\n';
  return entryReply(it.id().toString(), it.pairs());
}

/** The groups part of XINFO STREAM FULL, at most `count` PEL entries each (0: all). */
function fullGroups(c: Client, s: Stream, count: number): string {
  const groups = s.groups === null ? [] : s.groups.values();
  let out = '*' + groups.length + '\r\n';
  for (const g of groups) {
    out += mapHeader(c, 7) + bulk('name') + bulk(g.name) + bulk('last-delivered-id') + bulk(g.lastId.toString());
    out += bulk('entries-read') + entriesRead(c, g) + bulk('lag') + intOrNull(c, groupLag(s, g));
    out += bulk('pel-count') + ':' + g.pel.size + '\r\n' + bulk('pending');
    let n = 0;
    let pel = '';
    g.pel.forEachFrom(undefined, (key, nack) => {
      if (count !== 0 && n >= count) return false;
      pel += '*4\r\n' + bulk(idFromKey(key).toString()) + bulk(nack.consumer!.name) + ':' + nack.deliveryTime + '\r\n:' + nack.deliveryCount + '\r\n';
      n++;
      return true;
    });
    out += '*' + n + '\r\n' + pel;
    const consumers = g.consumers.values();
    out += bulk('consumers') + '*' + consumers.length + '\r\n';
    for (const cons of consumers) {
      out += mapHeader(c, 4) + bulk('name') + bulk(cons.name) + bulk('seen-time') + ':' + cons.seenTime + '\r\n';
      out += bulk('pel-count') + ':' + cons.pel.size + '\r\n' + bulk('pending');
      let m = 0;
      let cpel = '';
      cons.pel.forEachFrom(undefined, (key, nack) => {
        if (count !== 0 && m >= count) return false;
        cpel += '*3\r\n' + bulk(idFromKey(key).toString()) + ':' + nack.deliveryTime + '\r\n:' + nack.deliveryCount + '\r\n';
        m++;
        return true;
      });
      out += '*' + m + '\r\n' + cpel;
    }
  }
  return out;
}

function xinfoStream(c: Client, argv: string[]): void {
  const s = streamOrReply(c, argv[2]);
  if (s === null) return;
  const optc = argv.length - 3;
  let count = 10;
  if (optc !== 0) {
    if ((optc !== 1 && optc !== 3) || !optionIs(argv[3], 'full') || (optc === 3 && !optionIs(argv[4], 'count'))) {
      return c.reply.error(Errors.subcommandSyntax(argv[1], argv[0]));
    }
    if (optc === 3) {
      const n = longLongOrReply(c, argv[5]);
      if (n === null) return;
      count = n < 0 ? 10 : n;
    }
  }
  if (optc === 0) {
    const groups = s.groups === null ? 0 : s.groups.size;
    c.reply.raw(
      streamHead(c, s, 10) + bulk('groups') + ':' + groups + '\r\n' + bulk('first-entry') + edgeEntry(c, s, false) + bulk('last-entry') + edgeEntry(c, s, true),
    );
    return;
  }
  const entries = entriesArray(s.iterate(null, null), count)[1];
  c.reply.raw(streamHead(c, s, 9) + bulk('entries') + entries + bulk('groups') + fullGroups(c, s, count));
}

export const streamInfoCommands = defineCommands({
  'xinfo|stream': xinfoStream,
  'xinfo|groups': (c, argv) => {
    const s = streamOrReply(c, argv[2]);
    if (s === null) return;
    const groups = s.groups === null ? [] : s.groups.values();
    let out = '*' + groups.length + '\r\n';
    for (const g of groups) {
      out += mapHeader(c, 6) + bulk('name') + bulk(g.name) + bulk('consumers') + ':' + g.consumers.size + '\r\n';
      out += bulk('pending') + ':' + g.pel.size + '\r\n' + bulk('last-delivered-id') + bulk(g.lastId.toString());
      out += bulk('entries-read') + entriesRead(c, g) + bulk('lag') + intOrNull(c, groupLag(s, g));
    }
    c.reply.raw(out);
  },
  'xinfo|consumers': (c, argv) => {
    const s = streamOrReply(c, argv[2]);
    if (s === null) return;
    const g = s.group(argv[3]);
    if (g === undefined) return c.reply.error(Errors.noSuchGroup(argv[3], argv[2]));
    const now = c.engine.clock.now();
    const consumers = g.consumers.values();
    let out = '*' + consumers.length + '\r\n';
    for (const cons of consumers) {
      const idle = now - cons.seenTime;
      out += mapHeader(c, 3) + bulk('name') + bulk(cons.name) + bulk('pending') + ':' + cons.pel.size + '\r\n';
      out += bulk('idle') + ':' + (idle < 0 ? 0 : idle) + '\r\n';
    }
    c.reply.raw(out);
  },
  'xinfo|help': (c, argv) => replyHelp(c, argv[0], HELP),
});
