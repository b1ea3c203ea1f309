/**
 * Client-side caching the way RESP2 applications build it with ioredis 5 (which has no built-in
 * cache): one connection subscribed to `__redis__:invalidate`, a caching connection tracking
 * with REDIRECT to it, and an in-process map dropped entry by entry as invalidations arrive
 * (all of it on a null, after a flush). Runs against an embedded Sonic, unmodified ioredis.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startServer, type RunningServer } from '../../src/server/embedded.js';

/** A read-through L1 cache kept coherent by the server's invalidation messages. */
class L1Cache {
  readonly entries = new Map<string, string | null>();
  /** Invalidations received (a key, or null for "everything"). */
  readonly seen: (string | null)[] = [];
  private waiters: (() => void)[] = [];

  constructor(
    private readonly conn: Redis,
    sub: Redis,
  ) {
    sub.on('messageBuffer', (channel: Buffer, keys: Buffer[] | null) => {
      if (channel.toString() !== '__redis__:invalidate') return;
      if (keys === null) {
        this.entries.clear();
        this.seen.push(null);
      } else {
        for (const k of keys) {
          this.entries.delete(k.toString('latin1'));
          this.seen.push(k.toString('latin1'));
        }
      }
      for (const w of this.waiters.splice(0)) w();
    });
  }

  async get(key: string): Promise<string | null> {
    if (this.entries.has(key)) return this.entries.get(key)!;
    const v = await this.conn.get(key);
    this.entries.set(key, v);
    return v;
  }

  /** Resolves once `n` invalidations in all have arrived. */
  async waitFor(n: number): Promise<void> {
    while (this.seen.length < n) await new Promise<void>((r) => this.waiters.push(r));
  }
}

describe('client-side caching with ioredis (RESP2, REDIRECT to a subscriber)', () => {
  let server: RunningServer;
  let sub: Redis;
  let conn: Redis;
  let writer: Redis;
  let cache: L1Cache;

  before(async () => {
    server = await startServer({ port: 0 });
    [sub, conn, writer] = [new Redis(server.url), new Redis(server.url), new Redis(server.url)];
    const id = await sub.client('ID');
    await sub.subscribe('__redis__:invalidate');
    cache = new L1Cache(conn, sub);
    assert.equal(await conn.client('TRACKING', 'ON', 'REDIRECT', String(id)), 'OK');
  });
  after(async () => {
    for (const c of [sub, conn, writer]) c?.disconnect();
    await server?.close();
  });

  it('serves repeated reads from memory until another client writes the key', async () => {
    await writer.set('user:1', 'ann');
    assert.equal(await cache.get('user:1'), 'ann');
    const calls = server.engine.table.byFullname.get('get')!.stats.calls;
    assert.equal(await cache.get('user:1'), 'ann');
    assert.equal(server.engine.table.byFullname.get('get')!.stats.calls, calls, 'second read came from the L1 map');
    await writer.set('user:1', 'bob');
    await cache.waitFor(1);
    assert.equal(cache.entries.has('user:1'), false);
    assert.equal(await cache.get('user:1'), 'bob');
  });

  it('is told about creation, expiry and deletion of cached keys', async () => {
    await writer.set('session:9', 'x', 'PX', 30);
    await cache.get('session:9');
    await cache.get('missing');
    assert.equal(cache.entries.get('missing'), null, 'a miss is cached too');
    const before = cache.seen.length;
    await writer.set('missing', 'now here');
    await cache.waitFor(before + 1);
    assert.equal(await cache.get('missing'), 'now here');
    await new Promise((r) => setTimeout(r, 60));
    await writer.get('session:9'); // finds it expired (if active expiry did not already)
    await cache.waitFor(before + 2);
    assert.deepEqual(cache.seen.slice(before), ['missing', 'session:9']);
    await writer.del('missing');
    await cache.waitFor(before + 3);
    assert.equal(cache.seen[before + 2], 'missing');
  });

  it('drops everything on FLUSHDB (a null invalidation)', async () => {
    await cache.get('a');
    await cache.get('b');
    const before = cache.seen.length;
    await writer.flushdb();
    await cache.waitFor(before + 1);
    assert.equal(cache.seen[before], null);
    assert.equal(cache.entries.size, 0);
  });
});
