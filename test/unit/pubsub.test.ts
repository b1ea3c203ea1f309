/**
 * Pub/Sub bookkeeping that the differential tests cannot show (they avoid Redis's hash-table
 * orders and per-process figures): the registry after every way of leaving a channel, CLIENT
 * LIST's sub/psub/ssub/flags, INFO's pubsub gauges, delivery queueing, and the keyspace-event
 * flag cache.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, newEngine, ReplyError } from './server-harness.js';
import { parseReply } from './connection-harness.js';
import { clientInfoLine } from '../../src/commands/client-info.js';
import { PubSub } from '../../src/engine/pubsub.js';

/** The push frames in `raw`, decoded. */
function pushes(raw: string): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < raw.length; ) {
    const r = parseReply(raw, i);
    if (r === undefined) throw new Error(`incomplete frame in ${JSON.stringify(raw)}`);
    out.push(r.value);
    i = r.next;
  }
  return out;
}

/** INFO's fields as a map. */
function infoSection(info: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of info.split('\r\n')) {
    const at = line.indexOf(':');
    if (at > 0 && !line.startsWith('#')) m.set(line.slice(0, at), line.slice(at + 1));
  }
  return m;
}

test('argument-less UNSUBSCRIBE confirms every channel with descending counts and empties the registry', () => {
  const e = newEngine();
  const a = connect(e);
  a.raw('SUBSCRIBE', 'a', 'b', 'c');
  a.raw('PSUBSCRIBE', 'p');
  assert.equal(e.pubsub.channels.size, 3);
  const frames = pushes(a.raw('UNSUBSCRIBE')) as [string, string, number][];
  assert.deepEqual(frames.map((f) => f[0]), ['unsubscribe', 'unsubscribe', 'unsubscribe']);
  assert.deepEqual(frames.map((f) => f[1]).sort(), ['a', 'b', 'c']);
  assert.deepEqual(frames.map((f) => f[2]), [3, 2, 1], 'the pattern still counts');
  assert.equal(e.pubsub.channels.size, 0);
  assert.equal(a.client.subscriptions, 1);
  assert.deepEqual(pushes(a.raw('PUNSUBSCRIBE')), [['punsubscribe', 'p', 0]]);
  assert.equal(a.client.subscriptions, 0);
  assert.equal(e.pubsub.patterns.size, 0);
});

test('RESET and disconnecting leave every channel, pattern and shard channel', () => {
  const e = newEngine();
  const a = connect(e);
  const b = connect(e);
  for (const t of [a, b]) {
    t.raw('SUBSCRIBE', 'ch');
    t.raw('PSUBSCRIBE', 'p*');
    t.raw('SSUBSCRIBE', 'sh');
  }
  assert.equal(e.pubsub.channels.get('ch')?.size, 2);
  assert.equal(a.raw('RESET'), '+RESET\r\n', 'no unsubscribe confirmations');
  assert.equal(a.client.subscriptions, 0);
  assert.equal(e.pubsub.channels.get('ch')?.size, 1);
  e.removeClient(b.client);
  assert.equal(e.pubsub.channels.size + e.pubsub.patterns.size + e.pubsub.shardChannels.size, 0);
  assert.equal(a.run('PUBLISH', 'ch', 'x'), 0);
});

test('CLIENT LIST: sub, psub, ssub, flag P and the subscriptions in tot-mem', () => {
  const e = newEngine();
  const a = connect(e);
  assert.equal(PubSub.memOverhead(a.client), 0);
  a.raw('SUBSCRIBE', 'a', 'b');
  a.raw('PSUBSCRIBE', 'p1', 'p2', 'p3');
  a.raw('SSUBSCRIBE', 's');
  assert.match(clientInfoLine(a.client), / flags=P db=0 sub=2 psub=3 ssub=1 /);
  // Two dicts of 4 slots (8 bytes each) with 3 entries (24 each), 3 list nodes (24 each).
  assert.equal(PubSub.memOverhead(a.client), 2 * 4 * 8 + 3 * 24 + 3 * 24);
  a.raw('SUBSCRIBE', 'c', 'd', 'e');
  assert.equal(PubSub.memOverhead(a.client), (8 + 4) * 8 + 6 * 24 + 3 * 24, 'the channel dict doubled at its 5th entry');
  a.raw('RESET');
  assert.match(clientInfoLine(a.client), / flags=N db=0 sub=0 psub=0 ssub=0 /);
});

test('INFO stats counts channels, distinct patterns and shard channels', () => {
  const e = newEngine();
  const a = connect(e);
  const b = connect(e);
  a.raw('SUBSCRIBE', 'x', 'y');
  b.raw('SUBSCRIBE', 'y');
  a.raw('PSUBSCRIBE', 'p*');
  b.raw('PSUBSCRIBE', 'p*', 'q*');
  b.raw('SSUBSCRIBE', 's');
  const stats = infoSection(connect(e).run('INFO', 'stats') as string);
  assert.equal(stats.get('pubsub_channels'), '2');
  assert.equal(stats.get('pubsub_patterns'), '2');
  assert.equal(stats.get('pubsubshard_channels'), '1');
});

test('messages to other clients wait for the end of the batch, once per client; none without subscribers', async () => {
  const e = newEngine();
  const sub = connect(e);
  const pub = connect(e);
  sub.raw('SUBSCRIBE', 'ch');
  assert.equal(e.writes.size, 0);
  assert.equal(pub.run('PUBLISH', 'nobody', 'x'), 0);
  assert.equal(e.writes.size, 0, 'nothing queued for a channel nobody listens to');
  pub.run('PUBLISH', 'ch', '1');
  pub.run('PUBLISH', 'ch', '2');
  assert.equal(e.writes.size, 1);
  assert.deepEqual(sub.transport.flushed, []);
  // Outside a connection's read batch the flush happens on the next turn of the event loop.
  await new Promise((r) => setImmediate(r));
  assert.equal(e.writes.size, 0);
  assert.deepEqual(pushes(sub.transport.flushed.join('')), [
    ['message', 'ch', '1'],
    ['message', 'ch', '2'],
  ]);
});

test('a client closing after its reply gets no more messages, but is still counted', () => {
  const e = newEngine();
  const sub = connect(e);
  const pub = connect(e);
  sub.raw('SUBSCRIBE', 'ch');
  sub.client.closeAfterReply = true;
  assert.equal(pub.run('PUBLISH', 'ch', 'x'), 1);
  assert.equal(sub.client.reply.pendingBytes, 0);
});

test('SUBSCRIBE inside a script-like deny-blocking context is refused, inside MULTI allowed', () => {
  const e = newEngine();
  const a = connect(e);
  a.client.denyBlocking = true;
  assert.deepEqual(a.run('SUBSCRIBE', 'x'), new ReplyError("ERR SUBSCRIBE isn't allowed for a DENY BLOCKING client"));
  assert.deepEqual(a.run('PSUBSCRIBE', 'x'), new ReplyError("ERR PSUBSCRIBE isn't allowed for a DENY BLOCKING client"));
  assert.deepEqual(a.run('SSUBSCRIBE', 'x'), new ReplyError("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client"));
  assert.equal(a.client.subscriptions, 0);
});

test('notify-keyspace-events is cached on the engine and follows CONFIG SET', () => {
  const e = newEngine();
  const a = connect(e);
  const sub = connect(e);
  sub.raw('PSUBSCRIBE', '*');
  assert.equal(e.notifyFlags, 0);
  a.run('SET', 'k', 'v');
  assert.equal(sub.client.reply.pendingBytes, 0, 'no event while notifications are off');
  a.run('CONFIG', 'SET', 'notify-keyspace-events', 'E$');
  assert.notEqual(e.notifyFlags, 0);
  a.run('SET', 'k', 'v');
  assert.deepEqual(pushes(sub.client.reply.takeAll()), [['pmessage', '*', '__keyevent@0__:set', 'k']]);
  a.run('CONFIG', 'SET', 'notify-keyspace-events', '');
  assert.equal(e.notifyFlags, 0);
});
