/**
 * XREAD and XREADGROUP (Redis 7.0's xreadCommand and serveClientsBlockedOnStreamKey): served at
 * once from every stream that has something newer than the ID asked for (or, for a consumer
 * group with an ID other than ">", from the consumer's own pending history); otherwise, with
 * BLOCK, the client waits (engine/blocking.ts) until a write gives one of the keys newer entries.
 *
 * A blocked XREADGROUP is woken with an error when its key is deleted or stops being a stream
 * ("-UNBLOCKED"), or when its group is destroyed ("-NOGROUP"). "$" means the last ID at the time
 * of the call. A served waiter reads at most COUNT entries (1000 without COUNT).
 */
import { notify, Notify } from '../engine/notify.js';
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { blockForKeys, canBlock, parseTimeout, type BlockHandler } from '../engine/blocking.js';
import type { CollectionValue } from '../types/value.js';
import type { Stream } from '../types/stream.js';
import { compareIds, idFromKey, idKey, incrId, MAX_ID, MIN_ID, parseStreamId, type StreamId } from '../types/stream-id.js';
import { deliver, redeliver, type StreamConsumer, type StreamGroup } from '../types/stream-group.js';
import { defineCommands } from './define.js';
import { preventPropagation } from '../engine/propagation/api.js';
import { propagateClaim, propagateConsumerCreation, propagateGroupId } from './stream-propagate.js';
import { optionIs } from './string-common.js';
import { addEntry, beginEntries, endEntries, entriesArray, entryReply, longLongOrReply, readStream } from './stream-common.js';

/*
 * The errors a blocked XREADGROUP can be woken with. Only a second client can cause them, so they
 * are checked by the multi-connection differential test (cases/stream-blocking.ts) rather than
 * through the error catalog's single-connection triggers.
 */
const GROUP_DESTROYED = 'NOGROUP the consumer group this client was blocked on no longer exists';
const KEY_DELETED = 'UNBLOCKED the stream key no longer exists';

/** COUNT of a served waiter that gave none (Redis's XREAD_BLOCKED_DEFAULT_COUNT). */
const BLOCKED_DEFAULT_COUNT = 1000;

/** The group side of an XREADGROUP. */
interface GroupRead {
  group: string;
  consumer: string;
  noack: boolean;
}

/** True when `arg` is `text` as a C string (strcmp). */
function cstrIs(arg: string, text: string): boolean {
  return arg === text || (arg.startsWith(text) && arg.charCodeAt(text.length) === 0);
}

/**
 * The reply text of the entries of `s` after `after` (at most `count`, 0: all), delivered to
 * `g`'s consumer `cons` when reading for a group (the range part of Redis's
 * streamReplyWithRange), preceded by `head`; and how many entries there are.
 */
function readAfter(c: Client, key: string, s: Stream, after: StreamId, count: number, g: StreamGroup | null, cons: StreamConsumer | null, noack: boolean, head: string): [number, string] {
  const it = s.iterate(incrId(after) ?? MIN_ID, null);
  if (g === null) return entriesArray(it, count, head);
  const now = c.engine.clock.now();
  beginEntries(head);
  let n = 0;
  let moved = false;
  while ((count === 0 || n < count) && it.next()) {
    const id = it.id();
    const text = id.toString();
    if (deliver(s, g, cons!, id, now, noack)) moved = true;
    addEntry(text, it.pairs());
    // A new PEL entry goes to replicas as an XCLAIM that recreates it (with the group's last ID).
    if (!noack) propagateClaim(c, key, g, text, g.pel.get(idKey(id))!);
    n++;
  }
  // Without PEL entries only the group's position moved: sent as XGROUP SETID.
  if (noack && moved) propagateGroupId(c, key, g);
  return endEntries();
}

/** A consumer's pending entries after `after` (Redis's streamReplyWithRangeFromConsumerPEL), after `head`. */
function readHistory(c: Client, s: Stream, cons: StreamConsumer, after: StreamId, count: number, head: string): [number, string] {
  const start = incrId(after) ?? MIN_ID;
  const now = c.engine.clock.now();
  let n = 0;
  let out = '';
  cons.pel.forEachFrom(idKey(start), (key, nack) => {
    if (count !== 0 && n >= count) return false;
    const id = idFromKey(key);
    const pairs = s.entry(id);
    if (pairs === null) {
      // Acknowledged nowhere but deleted from the stream: the ID with a null entry.
      const text = id.toString();
      out += '*2\r\n$' + text.length + '\r\n' + text + '\r\n' + (c.reply.proto === 3 ? '_\r\n' : '*-1\r\n');
    } else {
      out += entryReply(id.toString(), pairs);
      redeliver(nack, now);
    }
    n++;
    return true;
  });
  return [n, head + '*' + n + '\r\n' + out];
}

/**
 * The consumer `name` of `g`, created (a write) when new; with NOACK its creation propagates on
 * its own, as no XCLAIM will create it on replicas.
 */
function consumerFor(c: Client, key: string, g: StreamGroup, name: string, noack: boolean): StreamConsumer {
  const { consumer, created } = g.consumerOrCreate(name, c.engine.clock.now());
  if (created) {
    c.engine.dirty++;
    notify(c, Notify.Stream, 'xgroup-createconsumer', key);
    if (noack) propagateConsumerCreation(c, key, g, name);
  }
  return consumer;
}

/** What precedes the entries of one served stream: its key, as an element of the reply's array (RESP2) or map (RESP3). */
function keyHead(c: Client, key: string): string {
  return (c.reply.proto === 2 ? '*2\r\n$' : '$') + key.length + '\r\n' + key + '\r\n';
}

/** Serves a blocked XREAD / XREADGROUP from the key that changed. */
class ReadWaiter implements BlockHandler {
  constructor(
    /** The ID each key waits past (the first one given for a key named twice). */
    private readonly after: Map<string, StreamId>,
    private readonly count: number,
    private readonly group: GroupRead | null,
  ) {}

  serve(c: Client, key: string, value: CollectionValue): boolean {
    const s = value as Stream;
    let after = this.after.get(key)!;
    let g: StreamGroup | null = null;
    if (this.group !== null) {
      g = s.group(this.group.group) ?? null;
      if (g === null) {
        c.reply.error(GROUP_DESTROYED);
        return true;
      }
      after = g.lastId;
    }
    if (compareIds(s.lastId, after) <= 0) return false;
    const noack = this.group?.noack ?? false;
    const cons = g === null ? null : consumerFor(c, key, g, this.group!.consumer, noack);
    const text = readAfter(c, key, s, after, this.count, g, cons, noack, keyHead(c, key))[1];
    c.reply.raw((c.reply.proto === 2 ? '*1\r\n' : '%1\r\n') + text);
    return true;
  }

  keyGone(c: Client): boolean {
    if (this.group === null) return false;
    c.reply.error(KEY_DELETED);
    return true;
  }
}

/** XREAD [COUNT n] [BLOCK ms] STREAMS key ... id ... / XREADGROUP GROUP g c [COUNT n] [BLOCK ms] [NOACK] STREAMS ... */
function xread(c: Client, argv: string[], isGroup: boolean): void {
  // Never propagated as such: what a group read changes goes out as XCLAIM / XGROUP commands.
  preventPropagation(c);
  let deadline = -1;
  let count = 0;
  let streamsAt = 0;
  let nkeys = 0;
  let group: GroupRead | null = null;
  let noack = false;
  for (let i = 1; i < argv.length; i++) {
    const more = argv.length - i - 1;
    const o = argv[i];
    if (optionIs(o, 'block') && more > 0) {
      // Scripts get an error rather than the timeout reply MULTI gets: Redis keeps this older
      // behaviour for Lua, where waiting can never make sense.
      if (c.isScript) return c.reply.error(`ERR ${argv[0]} command is not allowed with BLOCK option from scripts`);
      const d = parseTimeout(c, argv[++i], 'milliseconds');
      if (d === null) return;
      deadline = d;
    } else if (optionIs(o, 'count') && more > 0) {
      const n = longLongOrReply(c, argv[++i]);
      if (n === null) return;
      count = n < 0 ? 0 : n;
    } else if (optionIs(o, 'streams') && more > 0) {
      streamsAt = i + 1;
      nkeys = argv.length - streamsAt;
      if (nkeys % 2 !== 0) return c.reply.error(Errors.xreadUnbalanced);
      nkeys /= 2;
      break;
    } else if (optionIs(o, 'group') && more >= 2) {
      if (!isGroup) return c.reply.error(Errors.xreadGroupOption);
      group = { group: argv[i + 1], consumer: argv[i + 2], noack: false };
      i += 2;
    } else if (optionIs(o, 'noack')) {
      if (!isGroup) return c.reply.error(Errors.xreadNoackOption);
      noack = true;
    } else {
      return c.reply.error(Errors.syntax);
    }
  }
  if (streamsAt === 0) return c.reply.error(Errors.syntax);
  if (isGroup && group === null) return c.reply.error(Errors.xreadgroupMissingGroup);
  if (group !== null) group.noack = noack;

  // The IDs, in Redis's order: each key is looked up (and type-checked) before its ID is parsed.
  const ids: StreamId[] = [];
  const groups: (StreamGroup | null)[] = [];
  for (let k = 0; k < nkeys; k++) {
    const key = argv[streamsAt + k];
    const arg = argv[streamsAt + nkeys + k];
    const s = readStream(c, key);
    if (s === null) return;
    let g: StreamGroup | null = null;
    if (group !== null) {
      g = s?.group(group.group) ?? null;
      if (g === null) return c.reply.error(Errors.noGroupForRead(key, group.group));
    }
    groups.push(g);
    if (cstrIs(arg, '$')) {
      if (isGroup) return c.reply.error(Errors.xreadgroupDollar);
      ids.push(s === undefined ? MIN_ID : s.lastId);
    } else if (cstrIs(arg, '>')) {
      if (!isGroup) return c.reply.error(Errors.xreadGreaterId);
      ids.push(MAX_ID);
    } else {
      const p = parseStreamId(arg, 0, true);
      if (p === null) return c.reply.error(Errors.invalidStreamId);
      ids.push(p.id);
    }
  }

  // Serve at once from every stream that can. Which ones is known before anything is written,
  // because the reply header (their number) goes out first: a consumer created while serving
  // publishes its keyspace event after its key's head, where Redis's push lands too.
  const serve: { k: number; s: Stream; after: StreamId; history: boolean }[] = [];
  for (let k = 0; k < nkeys; k++) {
    const s = readStream(c, argv[streamsAt + k]);
    if (!s) continue;
    const g = groups[k];
    let after = ids[k];
    let history = false;
    let now = false;
    if (g !== null) {
      if (compareIds(after, MAX_ID) !== 0) {
        now = history = true;
      } else if (s.length !== 0 && compareIds(s.lastValidId()!, g.lastId) > 0) {
        now = true;
        after = g.lastId;
      }
    } else if (s.length !== 0 && compareIds(s.lastValidId()!, after) > 0) {
      now = true;
    }
    if (now) serve.push({ k, s, after, history });
  }
  if (serve.length !== 0) {
    c.reply.raw((c.reply.proto === 2 ? '*' : '%') + serve.length + '\r\n');
    for (const { k, s, after, history } of serve) {
      const key = argv[streamsAt + k];
      const g = groups[k];
      c.reply.raw(keyHead(c, key));
      let cons: StreamConsumer | null = null;
      if (g !== null) cons = consumerFor(c, key, g, group!.consumer, noack);
      c.reply.raw((history ? readHistory(c, s, cons!, after, count, '') : readAfter(c, key, s, after, count, g, cons, noack, ''))[1]);
      if (g !== null) c.engine.dirty++;
    }
    return;
  }
  if (deadline === -1 || !canBlock(c)) return c.reply.nullArray();
  const after = new Map<string, StreamId>();
  for (let k = 0; k < nkeys; k++) if (!after.has(argv[streamsAt + k])) after.set(argv[streamsAt + k], ids[k]);
  blockForKeys(c, argv.slice(streamsAt, streamsAt + nkeys), 'stream', deadline, new ReadWaiter(after, count || BLOCKED_DEFAULT_COUNT, group));
}

export const streamReadCommands = defineCommands({
  xread: (c, argv) => xread(c, argv, false),
  xreadgroup: (c, argv) => xread(c, argv, true),
});
