/**
 * node-redis 4's Pub/Sub against an embedded Sonic server: a duplicated subscriber connection,
 * SUBSCRIBE / PSUBSCRIBE / SSUBSCRIBE listeners, Buffer listeners, PUBSUB introspection and
 * keyspace notifications.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from 'redis';
import { startServer, type RunningServer } from '../../src/server/embedded.js';

type Client = ReturnType<typeof createClient>;

/** A listener that collects `n` calls, and a promise of them. */
function collect<T extends unknown[]>(n: number): { listener: (...args: T) => void; done: Promise<T[]> } {
  const got: T[] = [];
  let resolve!: (v: T[]) => void;
  const done = new Promise<T[]>((r) => (resolve = r));
  return {
    listener: (...args: T) => {
      got.push(args);
      if (got.length === n) resolve(got);
    },
    done,
  };
}

describe('node-redis Pub/Sub against Sonic', () => {
  let server: RunningServer;
  let client: Client;
  let sub: Client;

  before(async () => {
    server = await startServer({ port: 0 });
    client = createClient({ url: server.url, socket: { reconnectStrategy: false } });
    client.on('error', () => {});
    await client.connect();
    sub = client.duplicate();
    sub.on('error', () => {});
    await sub.connect();
  });
  after(async () => {
    await sub?.quit().catch(() => sub.disconnect());
    await client?.quit().catch(() => client.disconnect());
    await server?.close();
  });

  it('SUBSCRIBE / PUBLISH / UNSUBSCRIBE', async () => {
    const c = collect<[string, string]>(2);
    await sub.subscribe(['a', 'b'], c.listener);
    assert.equal(await client.publish('a', 'one'), 1);
    assert.equal(await client.publish('b', 'two'), 1);
    assert.deepEqual(await c.done, [
      ['one', 'a'],
      ['two', 'b'],
    ]);
    assert.deepEqual({ ...(await client.pubSubNumSub(['a', 'c'])) }, { a: 1, c: 0 });
    assert.deepEqual((await client.pubSubChannels()).sort(), ['a', 'b']);
    await sub.unsubscribe();
    assert.equal(await client.publish('a', 'gone'), 0);
  });

  it('PSUBSCRIBE with Buffer messages', async () => {
    const c = collect<[Buffer, Buffer]>(1);
    await sub.pSubscribe('ev:*', c.listener, true);
    assert.equal(await client.pubSubNumPat(), 1);
    assert.equal(await client.publish('ev:1', Buffer.from([0, 255, 13, 10])), 1);
    const [[message, channel]] = await c.done;
    assert.deepEqual(message, Buffer.from([0, 255, 13, 10]));
    assert.equal(channel.toString(), 'ev:1');
    await sub.pUnsubscribe();
  });

  it('SSUBSCRIBE / SPUBLISH', async () => {
    const c = collect<[string, string]>(1);
    await sub.sSubscribe('sh', c.listener);
    assert.equal(await client.sPublish('sh', 'msg'), 1);
    assert.deepEqual(await c.done, [['msg', 'sh']]);
    assert.deepEqual(await client.pubSubShardChannels(), ['sh']);
    await sub.sUnsubscribe();
    assert.deepEqual(await client.pubSubShardChannels(), []);
  });

  it('keyspace notifications', async () => {
    await client.configSet('notify-keyspace-events', 'Kl');
    const c = collect<[string, string]>(2);
    await sub.subscribe('__keyspace@0__:mylist', c.listener);
    await client.lPush('mylist', 'x');
    await client.rPop('mylist');
    assert.deepEqual(await c.done, [
      ['lpush', '__keyspace@0__:mylist'],
      ['rpop', '__keyspace@0__:mylist'],
    ]);
    await sub.unsubscribe();
    await client.configSet('notify-keyspace-events', '');
  });
});
