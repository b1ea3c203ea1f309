/**
 * The embedded API seen through a real client: options become configuration, servers in one process
 * are isolated, close() releases the port and every handle, and an injected ManualClock drives expiry.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect as netConnect } from 'node:net';
import { Redis } from 'ioredis';
import { startServer } from '../../src/server/embedded.js';
import { ManualClock } from '../../src/util/clock.js';

/** Resolves with the socket error code of a raw TCP connect (ioredis hides it behind its own error). */
function refused(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = netConnect(port, '127.0.0.1');
    sock.once('connect', () => {
      sock.destroy();
      reject(new Error(`port ${port} still accepts connections`));
    });
    sock.once('error', (err: NodeJS.ErrnoException) => resolve(String(err.code)));
  });
}

/** A client that fails fast instead of retrying, so a refused connection surfaces as an error. */
function connect(url: string, extra: Record<string, unknown> = {}): Redis {
  const r = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, ...extra });
  r.on('error', () => {});
  return r;
}

describe('embedded server', () => {
  it('reports host, port and a redis:// url', async () => {
    const server = await startServer({ port: 0 });
    try {
      assert.equal(server.host, '127.0.0.1');
      assert.ok(server.port > 0 && server.port < 65536);
      assert.equal(server.url, `redis://127.0.0.1:${server.port}`);
      const r = connect(server.url);
      try {
        await r.connect();
        assert.equal(await r.ping(), 'PONG');
      } finally {
        r.disconnect();
      }
    } finally {
      await server.close();
    }
  });

  it('requirepass enforces AUTH', async () => {
    const server = await startServer({ port: 0, requirepass: 'x' });
    const r = connect(server.url, { enableReadyCheck: false });
    try {
      await r.connect();
      await assert.rejects(r.get('k'), { message: 'NOAUTH Authentication required.' });
      await assert.rejects(r.auth('wrong'), {
        message: 'WRONGPASS invalid username-password pair or user is disabled.',
      });
      assert.equal(await r.auth('x'), 'OK');
      assert.equal(await r.set('k', 'v'), 'OK');
      assert.equal(await r.get('k'), 'v');
    } finally {
      r.disconnect();
      await server.close();
    }
    // A client that passes the password in the URL gets through its own ready check.
    const s2 = await startServer({ port: 0, requirepass: 'secret' });
    const r2 = connect(`redis://:secret@127.0.0.1:${s2.port}`);
    try {
      await r2.connect();
      assert.equal(await r2.ping(), 'PONG');
    } finally {
      r2.disconnect();
      await s2.close();
    }
  });

  it('databases limits SELECT', async () => {
    const server = await startServer({ port: 0, databases: 4 });
    const r = connect(server.url);
    try {
      await r.connect();
      assert.equal(await r.select(3), 'OK');
      await assert.rejects(r.select(4), { message: 'ERR DB index is out of range' });
      assert.deepEqual(await r.config('GET', 'databases'), ['databases', '4']);
    } finally {
      r.disconnect();
      await server.close();
    }
  });

  it('rejects an unknown option', async () => {
    await assert.rejects(startServer({ port: 0, 'no-such-param': 'yes' }));
  });

  it('a ManualClock drives expiry without sleeping', async () => {
    const clock = new ManualClock(1_700_000_000_000);
    const server = await startServer({ port: 0, clock });
    const r = connect(server.url);
    try {
      await r.connect();
      assert.equal(await r.set('k', 'v', 'PX', 1000), 'OK');
      assert.equal(await r.pttl('k'), 1000);
      clock.advance(999);
      assert.equal(await r.get('k'), 'v');
      assert.equal(await r.pttl('k'), 1);
      clock.advance(2);
      assert.equal(await r.get('k'), null);
      assert.equal(await r.exists('k'), 0);
      await r.set('t', 'v', 'EX', 10);
      clock.advance(4000);
      assert.equal(await r.ttl('t'), 6);
      assert.equal(await r.expireat('t', 1_700_000_005), 1, 'a past EXPIREAT deletes');
      assert.equal(await r.exists('t'), 0);
      const [sec] = await r.time();
      assert.equal(sec, String(Math.floor(clock.now() / 1000)));
    } finally {
      r.disconnect();
      await server.close();
    }
  });

  it('several servers in one process are isolated', async () => {
    const a = await startServer({ port: 0 });
    const b = await startServer({ port: 0 });
    const ra = connect(a.url);
    const rb = connect(b.url);
    try {
      assert.notEqual(a.port, b.port);
      assert.notEqual(a.engine, b.engine);
      await Promise.all([ra.connect(), rb.connect()]);
      await ra.set('only-a', '1');
      await rb.config('SET', 'maxmemory', '12345');
      assert.equal(await rb.get('only-a'), null);
      assert.equal(await ra.get('only-a'), '1');
      assert.equal(await ra.dbsize(), 1);
      assert.equal(await rb.dbsize(), 0);
      assert.deepEqual(await ra.config('GET', 'maxmemory'), ['maxmemory', '0']);
      assert.deepEqual(await rb.config('GET', 'maxmemory'), ['maxmemory', '12345']);
      await ra.client('SETNAME', 'on-a');
      assert.doesNotMatch(String(await rb.client('LIST')), /on-a/);
    } finally {
      ra.disconnect();
      rb.disconnect();
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('close() drops clients, frees the port, and is idempotent', async () => {
    const server = await startServer({ port: 0 });
    const port = server.port;
    const r = connect(server.url);
    await r.connect();
    await r.set('k', 'v');
    const ended = new Promise<void>((resolve) => r.once('end', () => resolve()));
    await Promise.all([server.close(), server.close()]);
    await ended;
    // Nothing listens any more: a fresh connection is refused.
    assert.equal(await refused(port), 'ECONNREFUSED');
    // The same port can be taken again, by a server that starts empty.
    const again = await startServer({ port });
    const r2 = connect(again.url);
    try {
      assert.equal(again.port, port);
      await r2.connect();
      assert.equal(await r2.get('k'), null);
    } finally {
      r2.disconnect();
      await again.close();
    }
  });

  it('SHUTDOWN closes the embedded server', async () => {
    const server = await startServer({ port: 0 });
    const r = connect(server.url);
    await r.connect();
    try {
      const ended = new Promise<void>((resolve) => r.once('end', () => resolve()));
      await r.call('SHUTDOWN', 'NOSAVE').catch(() => {});
      await ended;
      assert.equal(await refused(server.port), 'ECONNREFUSED');
    } finally {
      r.disconnect();
      await server.close();
    }
  });
});
