/**
 * FaultProxy in front of redis-server and of Sonic over TCP: bytes pass unchanged; a paused
 * direction holds them until resumed; delays hold them for the delay; dropConnections closes
 * every connection (clients reconnect through it); pub/sub and RESP3 push frames matching a
 * predicate vanish whole. And the RESP splitter it relies on, fuzzed over random chunking.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { FaultProxy } from '../../src/cache/testing/fault-proxy.js';
import { RespSplitter, RespSplitError } from '../../src/cache/testing/resp-splitter.js';
import { startServer, type RunningServer } from '../../src/server/embedded.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { prng } from '../helpers/prng.js';

const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function state<T>(p: Promise<T>): Promise<T | 'pending'> {
  return Promise.race([p, sleep(0).then(() => 'pending' as const)]);
}
async function until(what: string, cond: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** A raw socket collecting what it receives as latin1. */
async function raw(port: number): Promise<{ s: Socket; data: () => string; send(...argv: string[]): void }> {
  const s = connect(port, '127.0.0.1');
  await new Promise((r) => s.once('connect', r));
  let buf = '';
  s.on('data', (c: Buffer) => (buf += c.toString('latin1')));
  return {
    s,
    data: () => buf,
    send: (...argv) => s.write(`*${argv.length}\r\n` + argv.map((a) => `$${a.length}\r\n${a}\r\n`).join(''), 'latin1'),
  };
}

for (const serverKind of ['redis', 'sonic'] as const) {
  describe(`FaultProxy in front of ${serverKind}`, () => {
    let redis: RedisServer | undefined;
    let sonic: RunningServer | undefined;
    let proxy: FaultProxy;
    let serverPort: number;
    const clients: Redis[] = [];
    const viaProxy = () => {
      const r = new Redis(proxy.port, '127.0.0.1', { maxRetriesPerRequest: null, retryStrategy: () => 20 });
      r.on('error', () => undefined);
      clients.push(r);
      return r;
    };
    const direct = () => {
      const r = new Redis(serverPort, '127.0.0.1');
      clients.push(r);
      return r;
    };
    before(async () => {
      if (serverKind === 'redis') serverPort = (redis = await startRedisServer()).port;
      else serverPort = (sonic = await startServer({ port: 0 })).port;
      proxy = await FaultProxy.start({ target: { port: serverPort } });
    });
    after(async () => {
      for (const c of clients) c.disconnect();
      await proxy?.close();
      redis?.stop();
      await sonic?.close();
    });

    it('passes every byte both ways', async () => {
      const r = viaProxy();
      assert.equal(await r.set(Buffer.from('fp:' + ALL_BYTES, 'latin1'), Buffer.from(ALL_BYTES, 'latin1')), 'OK');
      assert.equal((await r.getBuffer(Buffer.from('fp:' + ALL_BYTES, 'latin1')))?.toString('latin1'), ALL_BYTES);
      assert.equal(proxy.connections, 1);
    });

    it('a paused direction holds bytes until resumed (toServer, then toClient)', async () => {
      const r = viaProxy();
      const w = direct();
      await r.ping();
      proxy.pause('toServer');
      const read = r.get('fp:p');
      await sleep(50);
      await w.set('fp:p', 'after');
      assert.equal(await state(read), 'pending');
      proxy.resume('toServer');
      assert.equal(await read, 'after');
      proxy.pause('toClient');
      const read2 = r.get('fp:p');
      await sleep(50);
      await w.set('fp:p', 'too late');
      assert.equal(await state(read2), 'pending');
      proxy.resume();
      // The server read the GET before the second SET: the reply was only held.
      assert.equal(await read2, 'after');
    });

    it('delay(toClient) holds replies for the delay, keeping their order', async () => {
      const r = viaProxy();
      await r.ping();
      proxy.delay('toClient', 150);
      const t0 = Date.now();
      const replies = await Promise.all([r.echo('a'), r.echo('b'), r.echo('c')]);
      const took = Date.now() - t0;
      proxy.delay('both', 0);
      assert.deepEqual(replies, ['a', 'b', 'c']);
      assert.ok(took >= 145, `took ${took} ms`);
    });

    it('dropConnections closes every connection; clients reconnect through the proxy', async () => {
      const r = viaProxy();
      const id = Number(await r.client('ID'));
      const closed = new Promise((res) => r.once('close', res));
      const before = proxy.accepted;
      proxy.dropConnections();
      await closed;
      assert.notEqual(Number(await r.client('ID')), id);
      assert.ok(proxy.accepted > before);
    });

    it('drops the pub/sub messages matching the predicate, whole, and keeps the rest', async () => {
      const s = viaProxy();
      const w = direct();
      const got: string[] = [];
      s.on('messageBuffer', (ch: Buffer, msg: Buffer) => got.push(`${ch.toString('latin1')}=${msg.toString('latin1')}`));
      await s.subscribe('fp:a', 'fp:b');
      const dropped = proxy.dropped;
      proxy.dropFrames((f) => Array.isArray(f) && f[1] === 'fp:a');
      for (const [ch, m] of [['fp:a', '1'], ['fp:b', ALL_BYTES], ['fp:a', '2'], ['fp:b', 'x\r\n*3\r\n']]) await w.publish(ch, Buffer.from(m, 'latin1'));
      await until('two messages', () => got.length === 2);
      await sleep(30);
      assert.deepEqual(got, [`fp:b=${ALL_BYTES}`, 'fp:b=x\r\n*3\r\n']);
      assert.equal(proxy.dropped - dropped, 2);
      proxy.reset();
      await w.publish('fp:a', '3');
      await until('the third message', () => got.length === 3);
      assert.equal(got[2], 'fp:a=3');
    });

    it('drops RESP3 invalidation pushes matching the predicate (replies untouched)', async () => {
      const c = await raw(proxy.port);
      const w = direct();
      c.send('HELLO', '3');
      c.send('CLIENT', 'TRACKING', 'ON');
      c.send('GET', 'fp:t1');
      c.send('GET', 'fp:t2');
      await until('four replies', () => (c.data().match(/^_\r\n/gm) ?? []).length === 2);
      proxy.dropFrames((f, { push }) => push && Array.isArray(f) && f[0] === 'invalidate' && JSON.stringify(f[1]) === '["fp:t1"]');
      await w.set('fp:t1', 'x');
      await w.set('fp:t2', 'y');
      await until('the second invalidation', () => c.data().includes('fp:t2'));
      assert.ok(!c.data().includes('fp:t1'), 'no push for fp:t1');
      assert.equal((c.data().match(/invalidate/g) ?? []).length, 1);
      proxy.reset();
      c.s.destroy();
    });
  });
}

describe('RespSplitter', () => {
  /** A random RESP2/RESP3 frame. */
  function frame(rnd: () => number, depth = 0): string {
    const pick = Math.floor(rnd() * (depth > 3 ? 9 : 14));
    const bytes = () => Array.from({ length: Math.floor(rnd() * 20) }, () => String.fromCharCode(Math.floor(rnd() * 256))).join('');
    const line = () => bytes().replace(/[\r\n]/g, 'x');
    const kids = (n: number) => Array.from({ length: n }, () => frame(rnd, depth + 1)).join('');
    const n = Math.floor(rnd() * 4);
    switch (pick) {
      case 0: return `+${line()}\r\n`;
      case 1: return `-ERR ${line()}\r\n`;
      case 2: return `:${Math.floor(rnd() * 1e9) - 5e8}\r\n`;
      case 3: { const b = bytes(); return `$${b.length}\r\n${b}\r\n`; }
      case 4: return '$-1\r\n';
      case 5: return '_\r\n';
      case 6: return rnd() < 0.5 ? '#t\r\n' : ',3.25\r\n';
      case 7: { const b = 'txt:' + bytes(); return `=${b.length}\r\n${b}\r\n`; }
      case 8: return '(12345678901234567890\r\n';
      case 9: return `*${n}\r\n${kids(n)}`;
      case 10: return `%${n}\r\n${kids(2 * n)}`;
      case 11: return `~${n}\r\n${kids(n)}`;
      case 12: return `>${n + 1}\r\n$10\r\ninvalidate\r\n${kids(n)}`;
      default: return `|1\r\n+key\r\n+val\r\n${frame(rnd, depth + 1)}`;
    }
  }

  it('gives back exactly the frames sent, however the bytes are chunked', () => {
    const rnd = prng(7);
    for (let run = 0; run < 300; run++) {
      const frames = Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => frame(rnd));
      const all = Buffer.from(frames.join(''), 'latin1');
      const s = new RespSplitter();
      const out: string[] = [];
      for (let i = 0; i < all.length; ) {
        const n = 1 + Math.floor(rnd() * 12);
        for (const f of s.push(all.subarray(i, i + n))) out.push(f.toString('latin1'));
        i += n;
      }
      assert.deepEqual(out, frames);
      assert.equal(s.buffered, 0);
    }
  });

  it('refuses bytes that are not RESP', () => {
    assert.throws(() => new RespSplitter().push(Buffer.from('hello\r\n')), RespSplitError);
    assert.throws(() => new RespSplitter().push(Buffer.from('$x\r\n')), RespSplitError);
  });
});
