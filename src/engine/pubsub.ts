/**
 * Pub/Sub state and delivery, after Redis 7.0's pubsub.c: who is subscribed to which channel,
 * pattern and shard channel, and the messages PUBLISH / SPUBLISH and keyspace notifications
 * (engine/notify.ts) send them.
 *
 * - The server side maps each channel (pattern, shard channel) to its subscribers, in
 *   subscription order (Redis appends to a list); a channel with no subscribers left is dropped,
 *   so PUBSUB CHANNELS / NUMPAT see only live ones.
 * - The client side is the Client's `channels`, `patterns`, `shardChannels` sets and
 *   `subscriptions`, their total (CLIENT_PUBSUB and the RESP2 subscriber-mode check in the
 *   dispatcher are "subscriptions !== 0").
 * - Messages and subscription confirmations are push data: they reach the client even under
 *   CLIENT REPLY OFF/SKIP (Redis's CLIENT_PUSHING), as RESP3 `>` frames or RESP2 arrays. A
 *   message is encoded once per protocol per PUBLISH, whatever the number of subscribers, and
 *   its bytes are shared by the subscribers' output (ReplyBuffer.pushShared): fan-out copies
 *   nothing per subscriber until the socket write.
 * - A subscriber other than the running client gets its messages when the publishing read batch
 *   ends (engine/pending-writes.ts), after the publisher's own reply; a client publishing to
 *   itself sees the message before PUBLISH's reply, as in Redis.
 *
 * With nobody subscribed, PUBLISH costs two map lookups-worth of checks and no allocation.
 */
import type { Client } from './client.js';
import type { PendingWrites } from './pending-writes.js';
import { globMatch } from '../util/glob.js';
import type { SharedFrame } from '../protocol/reply.js';

/** The two kinds of channel: global (SUBSCRIBE) and shard (SSUBSCRIBE, never matched by patterns). */
export const enum ChannelKind {
  Global = 0,
  Shard = 1,
}

const SUBSCRIBE_WORD = ['subscribe', 'ssubscribe'] as const;
const UNSUBSCRIBE_WORD = ['unsubscribe', 'sunsubscribe'] as const;
const MESSAGE_WORD = ['message', 'smessage'] as const;

/** Bytes Redis counts per subscription in a client's memory (listNode, dictEntry; CLIENT LIST tot-mem). */
const LIST_NODE_BYTES = 24;
const DICT_ENTRY_BYTES = 24;
const DICT_SLOT_BYTES = 8;

function bulk(s: string): string {
  return '$' + s.length + '\r\n' + s + '\r\n';
}

/** The header of a 3- or 4-element push frame. */
function header(proto: 2 | 3, n: number): string {
  return proto === 3 ? '>' + n + '\r\n' : '*' + n + '\r\n';
}

/** Frame of a subscription change: [kind, name or null, count]. */
function subscriptionFrame(proto: 2 | 3, word: string, name: string | null, count: number): string {
  const nameBulk = name === null ? (proto === 3 ? '_\r\n' : '$-1\r\n') : bulk(name);
  return header(proto, 3) + bulk(word) + nameBulk + ':' + count + '\r\n';
}

/**
 * Slots of a Redis dict that has held at most `n` entries: client dicts grow (4, then doubling
 * when full) and are never shrunk, so Sonic tracks the high-water mark.
 */
function grownSlots(slots: number, used: number): number {
  if (used < slots) return slots;
  return slots === 0 ? 4 : slots * 2;
}

export class PubSub {
  /** Subscribers of each global channel, shard channel and pattern, in subscription order. */
  readonly channels = new Map<string, Set<Client>>();
  readonly shardChannels = new Map<string, Set<Client>>();
  readonly patterns = new Map<string, Set<Client>>();

  constructor(private readonly writes: PendingWrites) {}

  private serverMap(kind: ChannelKind): Map<string, Set<Client>> {
    return kind === ChannelKind.Global ? this.channels : this.shardChannels;
  }

  /** The count a (un)subscribe confirmation shows: global channels + patterns, or shard channels. */
  private countFor(c: Client, kind: ChannelKind): number {
    return kind === ChannelKind.Global ? (c.channels?.size ?? 0) + (c.patterns?.size ?? 0) : (c.shardChannels?.size ?? 0);
  }

  /** SUBSCRIBE / SSUBSCRIBE of one channel, with its confirmation. True when it was new. */
  subscribe(c: Client, channel: string, kind: ChannelKind): boolean {
    let own = kind === ChannelKind.Global ? c.channels : c.shardChannels;
    if (own === null) {
      own = new Set();
      if (kind === ChannelKind.Global) c.channels = own;
      else c.shardChannels = own;
    }
    let added = false;
    if (!own.has(channel)) {
      if (kind === ChannelKind.Global) c.pubsubSlots.channels = grownSlots(c.pubsubSlots.channels, own.size);
      else c.pubsubSlots.shard = grownSlots(c.pubsubSlots.shard, own.size);
      own.add(channel);
      c.subscriptions++;
      addSubscriber(this.serverMap(kind), channel, c);
      added = true;
    }
    c.reply.push(subscriptionFrame(c.reply.proto, SUBSCRIBE_WORD[kind], channel, this.countFor(c, kind)));
    return added;
  }

  /** UNSUBSCRIBE / SUNSUBSCRIBE of one channel; confirms when `notify`. True when it was subscribed. */
  unsubscribe(c: Client, channel: string, kind: ChannelKind, notify: boolean): boolean {
    const own = kind === ChannelKind.Global ? c.channels : c.shardChannels;
    const removed = own !== null && own.delete(channel);
    if (removed) {
      c.subscriptions--;
      removeSubscriber(this.serverMap(kind), channel, c);
    }
    if (notify) c.reply.push(subscriptionFrame(c.reply.proto, UNSUBSCRIBE_WORD[kind], channel, this.countFor(c, kind)));
    return removed;
  }

  /** PSUBSCRIBE of one pattern, with its confirmation. */
  psubscribe(c: Client, pattern: string): boolean {
    if (c.patterns === null) c.patterns = new Set();
    let added = false;
    if (!c.patterns.has(pattern)) {
      c.patterns.add(pattern);
      c.subscriptions++;
      addSubscriber(this.patterns, pattern, c);
      added = true;
    }
    c.reply.push(subscriptionFrame(c.reply.proto, 'psubscribe', pattern, this.countFor(c, ChannelKind.Global)));
    return added;
  }

  /** PUNSUBSCRIBE of one pattern; confirms when `notify`. */
  punsubscribe(c: Client, pattern: string, notify: boolean): boolean {
    const removed = c.patterns !== null && c.patterns.delete(pattern);
    if (removed) {
      c.subscriptions--;
      removeSubscriber(this.patterns, pattern, c);
    }
    if (notify) c.reply.push(subscriptionFrame(c.reply.proto, 'punsubscribe', pattern, this.countFor(c, ChannelKind.Global)));
    return removed;
  }

  /**
   * UNSUBSCRIBE / SUNSUBSCRIBE without arguments: leaves every channel of the kind, confirming
   * each when `notify`; with none to leave, one confirmation with a null channel. Returns how many.
   */
  unsubscribeAll(c: Client, kind: ChannelKind, notify: boolean): number {
    const own = kind === ChannelKind.Global ? c.channels : c.shardChannels;
    let n = 0;
    if (own !== null) for (const ch of [...own]) if (this.unsubscribe(c, ch, kind, notify)) n++;
    if (notify && n === 0) c.reply.push(subscriptionFrame(c.reply.proto, UNSUBSCRIBE_WORD[kind], null, this.countFor(c, kind)));
    return n;
  }

  /** PUNSUBSCRIBE without arguments (see unsubscribeAll). */
  punsubscribeAll(c: Client, notify: boolean): number {
    let n = 0;
    if (c.patterns !== null) for (const p of [...c.patterns]) if (this.punsubscribe(c, p, notify)) n++;
    if (notify && n === 0) c.reply.push(subscriptionFrame(c.reply.proto, 'punsubscribe', null, this.countFor(c, ChannelKind.Global)));
    return n;
  }

  /** Drops every subscription silently (client closing, RESET). */
  forget(c: Client): void {
    if (c.subscriptions === 0) return;
    this.unsubscribeAll(c, ChannelKind.Global, false);
    this.unsubscribeAll(c, ChannelKind.Shard, false);
    this.punsubscribeAll(c, false);
  }

  /**
   * Sends `message` to the subscribers of `channel` (and, for global channels, of every matching
   * pattern). Returns the number of receivers, as PUBLISH replies.
   */
  publish(channel: string, message: string, kind: ChannelKind): number {
    let receivers = 0;
    const subs = this.serverMap(kind).get(channel);
    if (subs !== undefined) {
      let resp2: SharedFrame | undefined;
      let resp3: SharedFrame | undefined;
      for (const c of subs) {
        let frame: SharedFrame;
        if (c.reply.proto === 2) frame = resp2 ??= { text: '*3\r\n' + bulk(MESSAGE_WORD[kind]) + bulk(channel) + bulk(message) };
        else frame = resp3 ??= { text: '>3\r\n' + bulk(MESSAGE_WORD[kind]) + bulk(channel) + bulk(message) };
        this.deliver(c, frame);
        receivers++;
      }
    }
    if (kind === ChannelKind.Global && this.patterns.size !== 0) receivers += this.publishToPatterns(channel, message);
    return receivers;
  }

  private publishToPatterns(channel: string, message: string): number {
    let receivers = 0;
    // The channel and message part is shared by every pattern that matches.
    const tail = bulk(channel) + bulk(message);
    for (const [pattern, subs] of this.patterns) {
      if (!globMatch(pattern, channel)) continue;
      const body = '$8\r\npmessage\r\n' + bulk(pattern) + tail;
      let resp2: SharedFrame | undefined;
      let resp3: SharedFrame | undefined;
      for (const c of subs) {
        this.deliver(c, c.reply.proto === 2 ? (resp2 ??= { text: '*4\r\n' + body }) : (resp3 ??= { text: '>4\r\n' + body }));
        receivers++;
      }
    }
    return receivers;
  }

  /** Appends a push frame to a subscriber's output and queues it for writing. */
  private deliver(c: Client, frame: SharedFrame): void {
    // A client on its way out gets nothing more (Redis: CLIENT_CLOSE_AFTER_REPLY / CLOSE_ASAP).
    if (c.closeAfterReply || c.closing) return;
    c.reply.pushShared(frame);
    this.writes.add(c);
  }

  /** Bytes Redis counts for a client's subscriptions in CLIENT LIST tot-mem (pubsubMemOverhead). */
  static memOverhead(c: Client): number {
    if (c.channels === null && c.patterns === null && c.shardChannels === null) return 0;
    const s = c.pubsubSlots;
    return (
      (c.patterns?.size ?? 0) * LIST_NODE_BYTES +
      (c.channels?.size ?? 0) * DICT_ENTRY_BYTES +
      s.channels * DICT_SLOT_BYTES +
      (c.shardChannels?.size ?? 0) * DICT_ENTRY_BYTES +
      s.shard * DICT_SLOT_BYTES
    );
  }
}

function addSubscriber(map: Map<string, Set<Client>>, name: string, c: Client): void {
  const subs = map.get(name);
  if (subs === undefined) map.set(name, new Set([c]));
  else subs.add(c);
}

function removeSubscriber(map: Map<string, Set<Client>>, name: string, c: Client): void {
  const subs = map.get(name);
  if (subs === undefined) return;
  subs.delete(c);
  // A channel nobody listens to is forgotten, so millions of one-off channels cost nothing.
  if (subs.size === 0) map.delete(name);
}
