/**
 * client-output-buffer-limit: the limit check itself (Redis's checkClientOutputBufferLimits
 * rules, with the soft-limit clock), and on real sockets a subscriber that stops reading being
 * disconnected (hard limit at once, soft limit after its seconds even with no more traffic),
 * and a normal client's oversized reply dropped with the connection.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect as netConnect, type Socket } from 'node:net';
import { outputLimitReached, replyListBytes } from '../../src/engine/output-limits.js';
import { startServer } from '../../src/server/embedded.js';
import { ManualClock } from '../../src/util/clock.js';
import type { Client } from '../../src/engine/client.js';
import { encodeCommand } from '../helpers/resp-frames.js';

test('replyListBytes: what overflows the static buffer, in blocks of 20464 bytes (+40 counted each)', () => {
  assert.equal(replyListBytes(0, 16384), 0);
  assert.equal(replyListBytes(16384, 16384), 0);
  assert.equal(replyListBytes(16385, 16384), 20504);
  assert.equal(replyListBytes(16384 + 20464 * 3, 16384), 20504 * 3);
  assert.equal(replyListBytes(16384 + 20464 * 3 + 1, 16384), 20504 * 4);
  assert.equal(replyListBytes(2000, 1024), 20504);
});

test('outputLimitReached: hard at once; soft only once over for more than its seconds; reset when back under', () => {
  const c = { obufSoftLimitSince: 0 } as Client;
  const hard = { hard: 1000, soft: 0, seconds: 0 };
  assert.equal(outputLimitReached(c, hard, 999, 100), false);
  assert.equal(outputLimitReached(c, hard, 1000, 100), true);
  const soft = { hard: 0, soft: 1000, seconds: 2 };
  assert.equal(outputLimitReached(c, soft, 1000, 100), false, 'first time over: the clock starts');
  assert.equal(c.obufSoftLimitSince, 100);
  assert.equal(outputLimitReached(c, soft, 5000, 102), false, '2 s over is still allowed');
  assert.equal(outputLimitReached(c, soft, 5000, 103), true);
  assert.equal(outputLimitReached(c, soft, 10, 104), false);
  assert.equal(c.obufSoftLimitSince, 0, 'back under: the clock resets');
  assert.equal(outputLimitReached(c, { hard: 0, soft: 0, seconds: 0 }, 1e9, 200), false, 'no limits');
});

function rawClient(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = netConnect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

function closed(s: Socket): Promise<void> {
  return new Promise((resolve) => (s.destroyed ? resolve() : s.once('close', () => resolve())));
}

/** A subscriber that has confirmed its subscription and then stops reading. */
async function stalledSubscriber(port: number, channel: string): Promise<Socket> {
  const s = await rawClient(port);
  s.on('error', () => {});
  await new Promise<void>((resolve) => {
    s.once('data', () => resolve());
    s.write(encodeCommand(['SUBSCRIBE', channel]));
  });
  s.pause();
  return s;
}

test('a subscriber that stops reading is disconnected at the pubsub hard limit; memory stays bounded', async () => {
  const srv = await startServer({ 'client-output-buffer-limit': 'pubsub 1mb 0 0' });
  try {
    const sub = await stalledSubscriber(srv.port, 'ch');
    const pub = await rawClient(srv.port);
    pub.on('data', () => {});
    const big = 'x'.repeat(256 * 1024);
    let maxPending = 0;
    const subClient = () => [...srv.engine.clients.values()].find((c) => c.subscriptions !== 0);
    // Far more than kernel socket buffers can absorb: the limit must cut the subscriber off.
    for (let i = 0; i < 400 && subClient() !== undefined; i++) {
      pub.write(encodeCommand(['PUBLISH', 'ch', big]));
      await new Promise((r) => setTimeout(r, 2));
      const c = subClient();
      if (c !== undefined) maxPending = Math.max(maxPending, c.transport.outputBytes() + c.reply.pendingBytes);
    }
    assert.equal(subClient(), undefined, 'the subscriber was disconnected');
    assert.ok(maxPending < 2 * 1024 * 1024, `pending output stayed near the limit (${maxPending})`);
    assert.equal(srv.engine.pubsub.channels.size, 0, 'and left its channel');
    // (A paused socket sees the close only once it reads again.)
    sub.resume();
    await closed(sub);
    pub.destroy();
  } finally {
    await srv.close();
  }
});

test('a subscriber over the soft limit is disconnected after its seconds, even when no more output comes', async () => {
  const clock = new ManualClock(1_700_000_000_000);
  const srv = await startServer({ clock, 'client-output-buffer-limit': 'pubsub 0 1mb 2' });
  try {
    const sub = await stalledSubscriber(srv.port, 'ch');
    const pub = await rawClient(srv.port);
    pub.on('data', () => {});
    const big = 'x'.repeat(256 * 1024);
    const subClient = () => [...srv.engine.clients.values()].find((c) => c.subscriptions !== 0);
    for (let i = 0; i < 400; i++) {
      pub.write(encodeCommand(['PUBLISH', 'ch', big]));
      await new Promise((r) => setTimeout(r, 2));
      if (subClient()!.obufSoftLimitSince !== 0) break;
    }
    assert.notEqual(subClient()?.obufSoftLimitSince ?? 0, 0, 'over the soft limit');
    clock.advance(2000);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(subClient() !== undefined, 'still connected 2 s after crossing the soft limit');
    clock.advance(1500);
    // No more publishing: the clients cron (hz 10) finds the client still over, for too long.
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(subClient(), undefined, 'disconnected once over for more than 2 s');
    sub.destroy();
    pub.destroy();
  } finally {
    await srv.close();
  }
});

test('a normal client whose reply is over the normal hard limit is closed without the reply', async () => {
  const srv = await startServer({ 'client-output-buffer-limit': 'normal 100000 0 0' });
  try {
    const c = await rawClient(srv.port);
    let got = '';
    c.on('data', (d) => (got += d.toString('latin1')));
    const item = 'x'.repeat(1000);
    c.write(encodeCommand(['RPUSH', 'l', ...Array.from({ length: 150 }, () => item)]));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(got, ':150\r\n');
    c.write(encodeCommand(['LRANGE', 'l', '0', '-1']));
    await closed(c);
    assert.equal(got, ':150\r\n', 'nothing of the LRANGE reply was sent');
  } finally {
    await srv.close();
  }
});
