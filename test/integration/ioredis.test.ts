/**
 * ioredis 5 against an embedded Sonic server: the client's own connect handshake (ready check via
 * INFO), its reply decoding (strings, Buffers, errors), pipelining and scanStream. ioredis 5 speaks
 * RESP2 only, so there is no RESP3 case here.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startServer, type RunningServer } from '../../src/server/embedded.js';
import type { CollectionValue } from '../../src/types/value.js';

/**
 * Sonic has no collection commands yet, so a list is planted in-process to give string commands
 * a key of the wrong type; only its type matters to them.
 */
function plantList(server: RunningServer, key: string, db = 0): void {
  const list: CollectionValue = { type: 'list', encoding: () => 'listpack' };
  server.engine.dbs[db].set(key, list);
}

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

describe('ioredis against Sonic', () => {
  let server: RunningServer;
  let redis: Redis;

  before(async () => {
    server = await startServer({ port: 0 });
    // enableReadyCheck (the default) sends INFO and waits for loading:0 before 'ready'.
    redis = new Redis(server.url, { enableReadyCheck: true, lazyConnect: true, maxRetriesPerRequest: 0 });
    await redis.connect();
  });
  after(async () => {
    redis?.disconnect();
    await server?.close();
  });

  it('connects through the ready check and answers PING', async () => {
    assert.equal(redis.status, 'ready');
    assert.equal(await redis.ping(), 'PONG');
    assert.equal(await redis.ping('hello'), 'hello');
    // The ready check sent INFO before 'ready'; the server counted it (stats are taken after a command runs).
    assert.match(await redis.info('commandstats'), /\r\ncmdstat_info:calls=1,/);
  });

  it('round-trips UTF-8 text and all 256 byte values', async () => {
    const text = 'héllo wörld – ✓ 🚀 日本語';
    assert.equal(await redis.set('utf8', text), 'OK');
    assert.equal(await redis.get('utf8'), text);
    assert.equal(await redis.strlen('utf8'), Buffer.byteLength(text));
    assert.equal(await redis.set(Buffer.from([0, 255, 10, 13]), ALL_BYTES), 'OK');
    const got = await redis.getBuffer(Buffer.from([0, 255, 10, 13]));
    assert.ok(got);
    assert.deepEqual(got, ALL_BYTES);
    assert.equal(await redis.get('missing'), null);
  });

  it('MSET/MGET', async () => {
    assert.equal(await redis.mset('m1', 'a', 'm2', 'b', 'm3', ''), 'OK');
    assert.deepEqual(await redis.mget('m1', 'nope', 'm2', 'm3'), ['a', null, 'b', '']);
  });

  it('INCR/INCRBY/INCRBYFLOAT/DECR', async () => {
    assert.equal(await redis.incr('ctr'), 1);
    assert.equal(await redis.incrby('ctr', 41), 42);
    assert.equal(await redis.decrby('ctr', 2), 40);
    // ioredis decodes integer replies as JS numbers, so a value past 2^53 is checked through GET.
    assert.equal(typeof (await redis.incrby('big', '9223372036854775806')), 'number');
    assert.equal(await redis.get('big'), '9223372036854775806');
    await assert.rejects(redis.incrby('big', 2), { message: 'ERR increment or decrement would overflow' });
    assert.equal(await redis.incrbyfloat('f', '10.5'), '10.5');
    assert.equal(await redis.incrbyfloat('f', '0.1'), '10.6');
    assert.equal(await redis.incrbyfloat('f', '-5.6'), '5');
  });

  it('APPEND, GETRANGE, SETRANGE', async () => {
    assert.equal(await redis.append('ap', 'Hello'), 5);
    assert.equal(await redis.append('ap', ' World'), 11);
    assert.equal(await redis.getrange('ap', 0, 4), 'Hello');
    assert.equal(await redis.getrange('ap', -5, -1), 'World');
    assert.equal(await redis.setrange('ap', 6, 'Redis'), 11);
    assert.equal(await redis.get('ap'), 'Hello Redis');
    assert.equal(await redis.setrange('sr', 3, 'x'), 4);
    assert.deepEqual(await redis.getBuffer('sr'), Buffer.from([0, 0, 0, 0x78]));
  });

  it('SET options and TTL/PTTL', async () => {
    assert.equal(await redis.set('s', 'v', 'EX', 100), 'OK');
    assert.equal(await redis.ttl('s'), 100);
    const pttl = await redis.pttl('s');
    assert.ok(pttl > 99_000 && pttl <= 100_000, String(pttl));
    assert.equal(await redis.set('s', 'w', 'PX', 5000), 'OK');
    assert.ok((await redis.pttl('s')) <= 5000);
    assert.equal(await redis.set('s', 'x', 'NX'), null);
    assert.equal(await redis.set('s-new', 'x', 'NX'), 'OK');
    assert.equal(await redis.set('s-absent', 'x', 'XX'), null);
    assert.equal(await redis.set('s', 'y', 'XX'), 'OK');
    assert.equal(await redis.ttl('s'), -1, 'plain SET clears the TTL');
    assert.equal(await redis.set('s', 'z', 'GET'), 'y');
    assert.equal(await redis.set('s-get-absent', 'z', 'GET'), null);
    assert.equal(await redis.ttl('no-such-key'), -2);
    await assert.rejects(redis.set('s', 'v', 'EX', 0), { message: "ERR invalid expire time in 'set' command" });
    await assert.rejects(redis.call('SET', 's', 'v', 'NX', 'XX'), { message: 'ERR syntax error' });
  });

  it('EXPIRE family', async () => {
    await redis.set('e', '1');
    assert.equal(await redis.expire('e', 100), 1);
    assert.equal(await redis.ttl('e'), 100);
    assert.equal(await redis.pexpire('e', 50_000), 1);
    assert.ok((await redis.pttl('e')) <= 50_000);
    const at = Math.floor(Date.now() / 1000) + 200;
    assert.equal(await redis.expireat('e', at), 1);
    assert.equal(await redis.expiretime('e'), at);
    assert.equal(await redis.pexpireat('e', at * 1000 + 500), 1);
    assert.equal(await redis.pexpiretime('e'), at * 1000 + 500);
    assert.equal(await redis.persist('e'), 1);
    assert.equal(await redis.ttl('e'), -1);
    assert.equal(await redis.expire('e', 10, 'XX'), 0);
    assert.equal(await redis.expire('e', 10, 'NX'), 1);
    assert.equal(await redis.expire('missing', 10), 0);
    assert.equal(await redis.expire('e', -1), 1);
    assert.equal(await redis.exists('e'), 0);
  });

  it('DEL/EXISTS/TYPE/RENAME', async () => {
    await redis.mset('k1', 'a', 'k2', 'b');
    plantList(server, 'list');
    assert.equal(await redis.exists('k1', 'k2', 'k1', 'none'), 3);
    assert.equal(await redis.type('k1'), 'string');
    assert.equal(await redis.type('list'), 'list');
    assert.equal(await redis.type('none'), 'none');
    assert.equal(await redis.rename('k1', 'k3'), 'OK');
    assert.equal(await redis.get('k3'), 'a');
    assert.equal(await redis.renamenx('k3', 'k2'), 0);
    await assert.rejects(redis.rename('none', 'x'), { message: 'ERR no such key' });
    assert.equal(await redis.del('k2', 'k3', 'list', 'none'), 3);
    assert.equal(await redis.exists('k2', 'k3', 'list'), 0);
  });

  it('SELECT on a second client keeps databases apart', async () => {
    const other = new Redis(server.url, { db: 2, lazyConnect: true });
    try {
      await other.connect();
      await redis.set('dbkey', 'zero');
      assert.equal(await other.get('dbkey'), null);
      await other.set('dbkey', 'two');
      assert.equal(await redis.get('dbkey'), 'zero');
      assert.equal(await other.get('dbkey'), 'two');
      assert.equal(await other.select(0), 'OK');
      assert.equal(await other.get('dbkey'), 'zero');
      await assert.rejects(other.select(16), { message: 'ERR DB index is out of range' });
    } finally {
      other.disconnect();
    }
  });

  it('pipelines 10,000 commands with every reply checked', async () => {
    const pipe = redis.pipeline();
    for (let i = 0; i < 5000; i++) pipe.set(`p:${i}`, `v${i}`);
    for (let i = 0; i < 5000; i++) pipe.incrby('p:ctr', i);
    const res: [Error | null, unknown][] = (await pipe.exec()) ?? [];
    assert.equal(res.length, 10_000);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const [err, val] = res[i];
      assert.equal(err, null);
      if (i < 5000) assert.equal(val, 'OK');
      else {
        sum += i - 5000;
        assert.equal(val, sum);
      }
    }
    assert.equal(await redis.get('p:4999'), 'v4999');
  });

  it('scanStream returns every one of 10,000 keys', async () => {
    await redis.select(5);
    try {
      const pipe = redis.pipeline();
      const expected = new Set<string>();
      for (let i = 0; i < 10_000; i++) {
        const k = `scan:${i}:${'é'.repeat(i % 3)}`;
        expected.add(k);
        pipe.set(k, '1');
      }
      await pipe.exec();
      const seen = new Set<string>();
      const stream = redis.scanStream({ match: 'scan:*', count: 500 });
      for await (const batch of stream) for (const k of batch as string[]) seen.add(k);
      assert.equal(seen.size, expected.size);
      for (const k of expected) assert.ok(seen.has(k), k);
    } finally {
      await redis.flushdb();
      await redis.select(0);
    }
  });

  it('errors carry Redis text', async () => {
    plantList(server, 'wrong');
    await assert.rejects(redis.get('wrong'), {
      message: 'WRONGTYPE Operation against a key holding the wrong kind of value',
    });
    await redis.set('nan', 'abc');
    await assert.rejects(redis.incr('nan'), { message: 'ERR value is not an integer or out of range' });
    await assert.rejects(redis.incrbyfloat('nan', 1), { message: 'ERR value is not a valid float' });
    await assert.rejects(redis.call('nosuchcmd', 'a'), {
      message: "ERR unknown command 'nosuchcmd', with args beginning with: 'a' ",
    });
    await assert.rejects(redis.call('get'), { message: "ERR wrong number of arguments for 'get' command" });
  });

  it('CLIENT SETNAME/GETNAME, CONFIG GET, INFO', async () => {
    assert.equal(await redis.client('GETNAME'), null);
    assert.equal(await redis.client('SETNAME', 'io-client'), 'OK');
    assert.equal(await redis.client('GETNAME'), 'io-client');
    assert.match(String(await redis.client('LIST')), /name=io-client /);
    assert.deepEqual(await redis.config('GET', 'port'), ['port', String(server.port)]);
    assert.deepEqual(await redis.config('GET', 'databases'), ['databases', '16']);
    const info = await redis.info('server');
    const fields = new Map(
      info.split('\r\n').filter((l) => l.includes(':')).map((l) => l.split(':', 2) as [string, string]),
    );
    assert.equal(fields.get('redis_version'), '7.0.15');
    assert.equal(fields.get('tcp_port'), String(server.port));
  });
});
