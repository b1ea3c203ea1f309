/**
 * faults.pauseClient / resumeClient / killClient on a test server: a paused client (TCP or in
 * process) has nothing read and nothing written until the pause ends on the virtual clock; its
 * replies and pushes then arrive in order. killClient closes the connection as CLIENT KILL does.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startTestServer, type TestServer } from '../../src/cache/testing/test-server.js';

/** Real time for the server to have done what it would do (it must not, while paused). */
const realPause = (ms = 60) => new Promise((r) => setTimeout(r, ms));

/** A promise's settled value, or 'pending'. */
async function state<T>(p: Promise<T>): Promise<T | 'pending'> {
  return Promise.race([p, realPause(0).then(() => 'pending' as const)]);
}

describe('faults: pause and kill clients', () => {
  let t: TestServer;
  const clients: Redis[] = [];
  const ioredis = () => {
    const r = new Redis(t.port, '127.0.0.1', { maxRetriesPerRequest: null });
    r.on('error', () => undefined);
    clients.push(r);
    return r;
  };
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    for (const c of clients) c.disconnect();
    await t?.close();
  });

  it('a paused TCP client has nothing read until the pause ends on the virtual clock', async () => {
    const a = ioredis();
    const w = ioredis();
    const id = Number(await a.client('ID'));
    assert.equal(t.faults.pauseClient(id, 1000), true);
    const read = a.get('pk1');
    await realPause();
    assert.equal(await state(read), 'pending');
    // Written after a's GET was sent: a's GET sees it, so the server had not read it.
    await w.set('pk1', 'later');
    await t.clock.advance(999);
    await realPause();
    assert.equal(await state(read), 'pending');
    await t.clock.advance(1);
    assert.equal(await read, 'later');
    assert.equal(await a.ping(), 'PONG');
  });

  it('a paused subscriber gets nothing, then every message in order when the pause ends', async () => {
    const s = ioredis();
    const w = ioredis();
    const got: string[] = [];
    s.on('message', (_ch: string, msg: string) => got.push(msg));
    const id = Number(await s.client('ID'));
    await s.subscribe('pch');
    t.faults.pauseClient(id, 500);
    for (const m of ['m1', 'm2', 'm3']) assert.equal(await w.publish('pch', m), 1);
    await realPause();
    assert.deepEqual(got, []);
    await t.clock.advance(500);
    await realPause();
    assert.deepEqual(got, ['m1', 'm2', 'm3']);
  });

  it('an in-process connection waits too; resumeClient ends a pause early; reset ends them all', async () => {
    const c = t.connect();
    const w = t.connect();
    assert.equal(t.faults.pauseClient(c.id, 10_000), true);
    const first = c.send(['INCR', 'pn']);
    await w.send(['SET', 'pn', '41']);
    assert.equal(await state(first), 'pending');
    assert.equal(t.faults.resumeClient(c.id), true);
    assert.equal(await first, 42);
    assert.equal(t.faults.resumeClient(c.id), false);
    t.faults.pauseClient(c.id, 10_000);
    const second = c.send(['GET', 'pn']);
    await realPause(10);
    assert.equal(await state(second), 'pending');
    t.faults.reset();
    assert.equal(await second, '42');
  });

  it('pausing again restarts the pause', async () => {
    const c = t.connect();
    t.faults.pauseClient(c.id, 100);
    const p = c.send(['PING']);
    await t.clock.advance(60);
    t.faults.pauseClient(c.id, 100);
    await t.clock.advance(60);
    assert.equal(await state(p), 'pending');
    await t.clock.advance(40);
    assert.equal(await p, 'PONG');
  });

  it('killClient closes the connection (the client reconnects as a new one); unknown ids give false', async () => {
    const a = ioredis();
    const id = Number(await a.client('ID'));
    const closed = new Promise((r) => a.once('close', r));
    assert.equal(t.faults.killClient(id), true);
    await closed;
    assert.notEqual(Number(await a.client('ID')), id);
    assert.equal(t.faults.killClient(id), false);
    assert.equal(t.faults.pauseClient(id, 10), false);
    // A paused client can be killed; nothing is left paused.
    const c = t.connect();
    t.faults.pauseClient(c.id, 1000);
    assert.equal(t.faults.killClient(c.id), true);
    assert.equal(c.isClosed, true);
    assert.equal(t.faults.resumeClient(c.id), false);
  });
});
