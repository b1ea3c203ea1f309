/**
 * ioredis 5's Pub/Sub against an embedded Sonic server: its subscriber-mode connection (RESP2),
 * message / pmessage / smessage events, Buffer variants, keyspace notifications, unsubscribing
 * and reconnecting the subscriber after the server dropped it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startServer, type RunningServer } from '../../src/server/embedded.js';

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

/** Resolves with the next `n` emissions of `event` (their argument lists). */
function next(emitter: Redis, event: string, n = 1): Promise<unknown[][]> {
  return new Promise((resolve) => {
    const got: unknown[][] = [];
    const on = (...args: unknown[]) => {
      got.push(args);
      if (got.length === n) {
        emitter.off(event, on);
        resolve(got);
      }
    };
    emitter.on(event, on);
  });
}

describe('ioredis Pub/Sub against Sonic', () => {
  let server: RunningServer;
  let pub: Redis;
  let sub: Redis;

  before(async () => {
    server = await startServer({ port: 0 });
    pub = new Redis(server.url, { lazyConnect: true });
    sub = new Redis(server.url, { lazyConnect: true });
    await Promise.all([pub.connect(), sub.connect()]);
  });
  after(async () => {
    pub?.disconnect();
    sub?.disconnect();
    await server?.close();
  });

  it('SUBSCRIBE / PUBLISH / UNSUBSCRIBE', async () => {
    assert.equal(await sub.subscribe('news', 'sports'), 2);
    const got = next(sub, 'message', 2);
    assert.equal(await pub.publish('news', 'hello'), 1);
    assert.equal(await pub.publish('sports', 'goal'), 1);
    assert.deepEqual(await got, [
      ['news', 'hello'],
      ['sports', 'goal'],
    ]);
    assert.deepEqual(await pub.pubsub('NUMSUB', 'news', 'other'), ['news', 1, 'other', 0]);
    assert.equal(await sub.unsubscribe('news'), 1);
    assert.equal(await pub.publish('news', 'nobody'), 0);
    assert.equal(await sub.unsubscribe(), 0);
  });

  it('PSUBSCRIBE: pmessage with the pattern; binary-safe via messageBuffer', async () => {
    await sub.psubscribe('user:*');
    const got = next(sub, 'pmessage');
    const buf = next(sub, 'pmessageBuffer');
    assert.equal(await pub.publish('user:42', ALL_BYTES), 1);
    assert.deepEqual(await got, [['user:*', 'user:42', ALL_BYTES.toString()]]);
    const [[pattern, channel, message]] = (await buf) as [Buffer, Buffer, Buffer][];
    assert.deepEqual([pattern.toString(), channel.toString()], ['user:*', 'user:42']);
    assert.deepEqual(message, ALL_BYTES);
    assert.equal(await pub.pubsub('NUMPAT'), 1);
    await sub.punsubscribe();
    assert.equal(await pub.pubsub('NUMPAT'), 0);
  });

  it('SSUBSCRIBE / SPUBLISH: smessage', async () => {
    await sub.ssubscribe('shard-ch');
    const got = next(sub, 'smessage');
    assert.equal(await pub.spublish('shard-ch', 'sharded'), 1);
    assert.deepEqual(await got, [['shard-ch', 'sharded']]);
    assert.deepEqual(await pub.pubsub('SHARDCHANNELS'), ['shard-ch']);
    await sub.sunsubscribe();
  });

  it('keyspace notifications arrive as pmessages', async () => {
    await pub.config('SET', 'notify-keyspace-events', 'KEA');
    await sub.psubscribe('__keyevent@0__:*');
    const got = next(sub, 'pmessage', 3);
    await pub.set('k', 'v');
    await pub.expire('k', 100);
    await pub.del('k');
    assert.deepEqual(await got, [
      ['__keyevent@0__:*', '__keyevent@0__:set', 'k'],
      ['__keyevent@0__:*', '__keyevent@0__:expire', 'k'],
      ['__keyevent@0__:*', '__keyevent@0__:del', 'k'],
    ]);
    await sub.punsubscribe();
    await pub.config('SET', 'notify-keyspace-events', '');
  });

  it('resubscribes after the server kills the subscriber connection', async () => {
    await sub.subscribe('again');
    const ready = new Promise((r) => sub.once('ready', r));
    assert.equal(await pub.client('KILL', 'TYPE', 'pubsub'), 1);
    await ready;
    // ioredis restores its subscriptions on reconnect (autoResubscribe).
    for (let i = 0; i < 50 && Number((await pub.pubsub('NUMSUB', 'again'))[1]) === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const got = next(sub, 'message');
    assert.equal(await pub.publish('again', 'back'), 1);
    assert.deepEqual(await got, [['again', 'back']]);
  });
});
