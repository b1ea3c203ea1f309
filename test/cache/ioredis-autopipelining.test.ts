/**
 * ioredis clients created with enableAutoPipelining work with the toolkit (ioredis 5 loses
 * callBuffer's command name when it auto-pipelines, so the adapter uses the named methods).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { createToolkit } from '../../src/cache/toolkit.js';

describe('ioredis with enableAutoPipelining', () => {
  let server: RedisServer;
  let redis: Redis;
  before(async () => {
    server = await startRedisServer();
    redis = new Redis({ port: server.port, enableAutoPipelining: true });
  });
  after(() => {
    redis.disconnect();
    server.stop();
  });

  it('runs commands, scripts and the cache', async () => {
    const tk = createToolkit({ client: redis });
    assert.equal(await tk.adapter.call(['SET', 'k', '\xff\x00']), 'OK');
    assert.equal(await tk.adapter.call(['GET', 'k']), '\xff\x00');
    await tk.adapter.call(['HSET', 'h', 'f', 'v\xff']);
    assert.deepEqual(await tk.adapter.call(['HGETALL', 'h']), ['f', 'v\xff']);
    const c = tk.cache<string>('ap');
    const got = await Promise.all(Array.from({ length: 10 }, (_, i) => c.getOrSet(`k${i % 3}`, async (k) => k.toUpperCase())));
    assert.deepEqual(got.slice(0, 3), ['K0', 'K1', 'K2']);
    await c.close();
  });
});
