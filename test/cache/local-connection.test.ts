/** LocalConnection: in-process commands through the dispatcher, blocking, pushes, close. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../src/server/embedded.js';
import { LocalConnection } from '../../src/server/local-connection.js';
import { ReplyError, type Reply } from '../../src/protocol/reply-decoder.js';

describe('LocalConnection', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({ port: 0 });
  });
  after(async () => {
    await server?.close();
  });

  it('runs commands in order and rejects with the error reply', async () => {
    const c = new LocalConnection(server.engine);
    const replies = await Promise.all([c.send(['SET', 'a', '1']), c.send(['INCR', 'a']), c.send(['GET', 'a'])]);
    assert.deepEqual(replies, ['OK', 2, '2']);
    await assert.rejects(c.send(['NOSUCHCMD']), (e: Error) => e instanceof ReplyError && e.message.startsWith("ERR unknown command 'NOSUCHCMD'"));
    await assert.rejects(c.send(['GET']), (e: Error) => e.message === "ERR wrong number of arguments for 'get' command");
    assert.equal(await c.send(['SET', 'big', '9007199254740992']), 'OK');
    assert.equal(await c.send(['INCR', 'big']), 9007199254740993n);
    c.close();
  });

  it('is listed by CLIENT LIST and leaves on close', async () => {
    const c = new LocalConnection(server.engine);
    const list = String(await c.send(['CLIENT', 'LIST']));
    assert.match(list, new RegExp(`id=${c.id} addr=local:`));
    c.close();
    await assert.rejects(c.send(['PING']), /closed/);
    const d = new LocalConnection(server.engine);
    assert.doesNotMatch(String(await d.send(['CLIENT', 'LIST'])), new RegExp(`id=${c.id} `));
    d.close();
  });

  it('resolves a blocked command when it is served, and keeps later commands behind it', async () => {
    const waiter = new LocalConnection(server.engine);
    const pusher = new LocalConnection(server.engine);
    const popped = waiter.send(['BLPOP', 'q', '0']);
    const after = waiter.send(['PING']);
    let done = false;
    void popped.then(() => (done = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(done, false);
    assert.equal(await pusher.send(['RPUSH', 'q', 'job']), 1);
    assert.deepEqual(await popped, ['q', 'job']);
    assert.equal(await after, 'PONG');
    waiter.close();
    pusher.close();
  });

  it('delivers pub/sub messages through onPush', async () => {
    const sub = new LocalConnection(server.engine);
    const pub = new LocalConnection(server.engine);
    const got: Reply[] = [];
    sub.onPush = (v) => got.push(v);
    assert.deepEqual(await sub.send(['SUBSCRIBE', 'c1', 'c2']), ['subscribe', 'c1', 1]);
    assert.deepEqual(got, [['subscribe', 'c2', 2]]);
    assert.equal(await pub.send(['PUBLISH', 'c2', 'hello']), 1);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(got[1], ['message', 'c2', 'hello']);
    sub.close();
    pub.close();
  });

  it("gives others' output (messages, invalidations) to them before the command's reply resolves", async () => {
    const sub = new LocalConnection(server.engine);
    const pub = new LocalConnection(server.engine);
    const got: Reply[] = [];
    sub.onPush = (v) => got.push(v);
    await sub.send(['CLIENT', 'TRACKING', 'on', 'REDIRECT', String(sub.id), 'BCAST', 'PREFIX', 'lc:']);
    await sub.send(['SUBSCRIBE', 'c3', '__redis__:invalidate']);
    got.length = 0;
    const published = pub.send(['PUBLISH', 'c3', 'm']);
    const written = pub.send(['SET', 'lc:k', '1']);
    // Delivered synchronously, as a socket server writes them right after the batch's replies.
    assert.deepEqual(got, [
      ['message', 'c3', 'm'],
      ['message', '__redis__:invalidate', ['lc:k']],
    ]);
    assert.equal(await published, 1);
    assert.equal(await written, 'OK');
    sub.close();
    pub.close();
  });

  it('rejects a blocked command when closed', async () => {
    const c = new LocalConnection(server.engine);
    const p = c.send(['BLPOP', 'never', '0']);
    await new Promise((r) => setImmediate(r));
    c.close();
    await assert.rejects(p, /closed/);
  });
});
