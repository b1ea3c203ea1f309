/**
 * node-redis 4 against an embedded Sonic server. v4 speaks RESP2 only (no HELLO at connect), so
 * there is no RESP3 case; auto-pipelining (many commands in flight before any reply) is exercised
 * with Promise.all.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { commandOptions, createClient } from 'redis';
import { startServer, type RunningServer } from '../../src/server/embedded.js';
import type { CollectionValue } from '../../src/types/value.js';

/** Sonic has no collection commands yet: plant a hash/list in-process so TYPE and WRONGTYPE can be seen. */
function plant(server: RunningServer, key: string, type: CollectionValue['type']): void {
  server.engine.dbs[0].set(key, { type, encoding: () => 'listpack' });
}

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
type Client = ReturnType<typeof createClient>;

describe('node-redis against Sonic', () => {
  let server: RunningServer;
  let client: Client;

  before(async () => {
    server = await startServer({ port: 0 });
    client = createClient({ url: server.url, socket: { reconnectStrategy: false } });
    client.on('error', () => {});
    await client.connect();
  });
  after(async () => {
    await client?.quit().catch(() => client.disconnect());
    await server?.close();
  });

  it('connects and answers PING', async () => {
    assert.equal(client.isReady, true);
    assert.equal(await client.ping(), 'PONG');
    assert.equal(await client.ping('hi'), 'hi');
  });

  it('round-trips UTF-8 text and all 256 byte values', async () => {
    const text = 'grüße – ✓ 🚀 中文';
    assert.equal(await client.set('utf8', text), 'OK');
    assert.equal(await client.get('utf8'), text);
    assert.equal(await client.set(Buffer.from([255, 0, 128]), ALL_BYTES), 'OK');
    const got = await client.get(commandOptions({ returnBuffers: true }), Buffer.from([255, 0, 128]));
    assert.ok(Buffer.isBuffer(got));
    assert.deepEqual(got, ALL_BYTES);
    assert.equal(await client.get('missing'), null);
  });

  it('MSET/MGET', async () => {
    assert.equal(await client.mSet(['m1', 'a', 'm2', 'b']), 'OK');
    assert.deepEqual(await client.mGet(['m1', 'nope', 'm2']), ['a', null, 'b']);
  });

  it('INCR/INCRBY/INCRBYFLOAT', async () => {
    assert.equal(await client.incr('ctr'), 1);
    assert.equal(await client.incrBy('ctr', 9), 10);
    assert.equal(await client.decr('ctr'), 9);
    assert.equal(await client.incrByFloat('f', 3.0e3), '3000');
    assert.equal(await client.incrByFloat('f', 0.25), '3000.25');
    assert.equal(await client.sendCommand(['INCRBY', 'neg', '-9223372036854775808']), -9223372036854775808);
    assert.equal(await client.get('neg'), '-9223372036854775808');
  });

  it('APPEND, GETRANGE, SETRANGE', async () => {
    assert.equal(await client.append('ap', 'abc'), 3);
    assert.equal(await client.append('ap', 'def'), 6);
    assert.equal(await client.getRange('ap', 1, -2), 'bcde');
    assert.equal(await client.getRange('ap', 10, 20), '');
    assert.equal(await client.setRange('ap', 2, 'XY'), 6);
    assert.equal(await client.get('ap'), 'abXYef');
  });

  it('SET options and TTL/PTTL', async () => {
    assert.equal(await client.set('s', 'v', { EX: 60 }), 'OK');
    assert.equal(await client.ttl('s'), 60);
    assert.equal(await client.set('s', 'v', { PX: 1500 }), 'OK');
    const pttl = await client.pTTL('s');
    assert.ok(pttl > 1000 && pttl <= 1500, String(pttl));
    assert.equal(await client.set('s', 'n', { NX: true }), null);
    assert.equal(await client.set('s', 'x', { XX: true }), 'OK');
    assert.equal(await client.set('absent', 'x', { XX: true }), null);
    assert.equal(await client.set('s', 'y', { GET: true }), 'x');
    assert.equal(await client.set('s', 'z', { KEEPTTL: true }), 'OK');
    assert.equal(await client.ttl('s'), -1);
    assert.equal(await client.pTTL('nope'), -2);
    await assert.rejects(client.set('s', 'v', { EX: -5 }), { message: "ERR invalid expire time in 'set' command" });
  });

  it('EXPIRE family', async () => {
    await client.set('e', '1');
    assert.equal(await client.expire('e', 30), true);
    assert.equal(await client.ttl('e'), 30);
    assert.equal(await client.pExpire('e', 20_000), true);
    assert.ok((await client.pTTL('e')) <= 20_000);
    const at = Math.floor(Date.now() / 1000) + 300;
    assert.equal(await client.expireAt('e', at), true);
    assert.equal(await client.expireTime('e'), at);
    assert.equal(await client.persist('e'), true);
    assert.equal(await client.persist('e'), false);
    assert.equal(await client.expire('e', 100, 'GT'), false, 'no TTL counts as infinite for GT');
    assert.equal(await client.expire('e', 100, 'LT'), true);
    assert.equal(await client.pExpireAt('e', 1), true);
    assert.equal(await client.exists('e'), 0);
  });

  it('DEL/EXISTS/TYPE/RENAME', async () => {
    await client.mSet(['d1', '1', 'd2', '2']);
    plant(server, 'h', 'hash');
    assert.equal(await client.exists(['d1', 'd2', 'h', 'zz']), 3);
    assert.equal(await client.type('h'), 'hash');
    assert.equal(await client.type('d1'), 'string');
    assert.equal(await client.rename('d1', 'd9'), 'OK');
    assert.equal(await client.renameNX('d9', 'd2'), false);
    assert.equal(await client.del(['d9', 'd2', 'h', 'zz']), 3);
    await assert.rejects(client.rename('zz', 'x'), { message: 'ERR no such key' });
  });

  it('SELECT on a second client keeps databases apart', async () => {
    const other = createClient({ url: server.url, database: 3 });
    other.on('error', () => {});
    await other.connect();
    try {
      await client.set('dbkey', 'zero');
      assert.equal(await other.get('dbkey'), null);
      await other.set('dbkey', 'three');
      assert.equal(await client.get('dbkey'), 'zero');
      await other.select(0);
      assert.equal(await other.get('dbkey'), 'zero');
    } finally {
      await other.quit();
    }
  });

  it('auto-pipelines 10,000 commands with every reply checked', async () => {
    const ops: Promise<unknown>[] = [];
    for (let i = 0; i < 5000; i++) ops.push(client.set(`p:${i}`, `v${i}`));
    for (let i = 0; i < 5000; i++) ops.push(client.get(`p:${i}`));
    const res = await Promise.all(ops);
    for (let i = 0; i < 5000; i++) assert.equal(res[i], 'OK');
    for (let i = 0; i < 5000; i++) assert.equal(res[5000 + i], `v${i}`);
  });

  it('scanIterator returns every one of 10,000 keys', async () => {
    const c = createClient({ url: server.url, database: 6 });
    c.on('error', () => {});
    await c.connect();
    try {
      const expected = new Set<string>();
      const ops: Promise<unknown>[] = [];
      for (let i = 0; i < 10_000; i++) {
        const k = `scan:${i}:${'ü'.repeat(i % 2)}`;
        expected.add(k);
        ops.push(c.set(k, 'x'));
      }
      await Promise.all(ops);
      const seen = new Set<string>();
      for await (const k of c.scanIterator({ MATCH: 'scan:*', COUNT: 300 })) seen.add(k);
      assert.equal(seen.size, expected.size);
      for (const k of expected) assert.ok(seen.has(k), k);
    } finally {
      await c.flushDb();
      await c.quit();
    }
  });

  it('errors carry Redis text', async () => {
    plant(server, 'wrong', 'list');
    await assert.rejects(client.get('wrong'), {
      message: 'WRONGTYPE Operation against a key holding the wrong kind of value',
    });
    await client.set('nan', '12a');
    await assert.rejects(client.incr('nan'), { message: 'ERR value is not an integer or out of range' });
    await assert.rejects(client.sendCommand(['SET', 'k']), {
      message: "ERR wrong number of arguments for 'set' command",
    });
  });

  it('CLIENT SETNAME/GETNAME, CONFIG GET, INFO', async () => {
    assert.equal(await client.clientGetName(), null);
    assert.equal(await client.clientSetName('nr-client'), 'OK');
    assert.equal(await client.clientGetName(), 'nr-client');
    assert.deepEqual({ ...(await client.configGet('maxmemory*')) }, {
      'maxmemory': '0',
      'maxmemory-clients': '0',
      'maxmemory-eviction-tenacity': '10',
      'maxmemory-policy': 'noeviction',
      'maxmemory-samples': '5',
    });
    const info = await client.info();
    assert.match(info, /^# Server\r\n/);
    const fields = new Map(
      info.split('\r\n').filter((l) => l.includes(':')).map((l) => l.split(':', 2) as [string, string]),
    );
    assert.equal(fields.get('redis_version'), '7.0.15');
    assert.equal(fields.get('tcp_port'), String(server.port));
    assert.ok(Number(fields.get('connected_clients')) >= 1);
  });
});
