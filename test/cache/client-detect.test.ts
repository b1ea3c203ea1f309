/** Key slots, route keys, and adapt() picking the adapter by the client's shape. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster, Redis } from 'ioredis';
import { createClient as createClient4, createCluster as createCluster4 } from 'redis';
import { createClient as createClient5, createCluster as createCluster5 } from 'redis5';
import { keySlot, routeKeyOf } from '../../src/cache/client/slot.js';
import { adapt } from '../../src/cache/client/detect.js';
import { ToolkitOptionError } from '../../src/cache/errors.js';
import type { RedisAdapter } from '../../src/cache/client/adapter.js';

describe('keySlot', () => {
  it('matches the slots Redis documents for CLUSTER KEYSLOT', () => {
    assert.equal(keySlot('somekey'), 11058);
    assert.equal(keySlot('foo{hash_tag}'), 2515);
    assert.equal(keySlot('bar{hash_tag}'), 2515);
  });

  it('hashes the first non-empty {...} only', () => {
    assert.equal(keySlot('{user1000}.following'), keySlot('user1000'));
    assert.notEqual(keySlot('foo{}{bar}'), keySlot('bar')); // an empty {} first: the whole key counts
    assert.equal(keySlot('foo{{bar}}zap'), keySlot('{bar'));
    assert.equal(keySlot('foo{bar}{zap}'), keySlot('bar'));
    assert.equal(keySlot('p:{ns@1:k}}:v'), keySlot('ns@1:k'));
  });

  it('stays in 0..16383 for binary keys', () => {
    for (let i = 0; i < 256; i++) {
      const s = keySlot(String.fromCharCode(i).repeat(i + 1));
      assert.ok(s >= 0 && s < 16384);
    }
  });
});

describe('routeKeyOf', () => {
  it('takes a script call its first key, and other commands their first argument', () => {
    assert.equal(routeKeyOf(['EVALSHA', 'sha', '2', 'a', 'b', 'x']), 'a');
    assert.equal(routeKeyOf(['eval', 'return 1', '0', 'x']), undefined);
    assert.equal(routeKeyOf(['GET', 'k']), 'k');
    assert.equal(routeKeyOf(['PING']), undefined);
  });
});

describe('adapt()', () => {
  it('recognises ioredis and node-redis 4/5 clients and clusters without connecting', () => {
    const io = new Redis({ lazyConnect: true });
    const ioc = new Cluster([{ host: '127.0.0.1', port: 1 }], { lazyConnect: true });
    assert.deepEqual([adapt(io).kind, adapt(io).cluster], ['ioredis', false]);
    assert.deepEqual([adapt(ioc).kind, adapt(ioc).cluster], ['ioredis', true]);
    for (const c of [createClient4(), createClient5()]) assert.deepEqual([adapt(c).kind, adapt(c).cluster], ['node-redis', false]);
    const rootNodes = [{ url: 'redis://127.0.0.1:1' }];
    for (const c of [createCluster4({ rootNodes }), createCluster5({ rootNodes })]) {
      assert.deepEqual([adapt(c).kind, adapt(c).cluster], ['node-redis', true]);
    }
    io.disconnect();
    ioc.disconnect();
  });

  it('passes an adapter through and refuses anything else', () => {
    const a = { kind: 'sonic', cluster: false, call: async () => null, runScript: async () => null } as unknown as RedisAdapter;
    assert.equal(adapt(a), a);
    assert.throws(() => adapt({} as RedisAdapter), ToolkitOptionError);
  });
});
