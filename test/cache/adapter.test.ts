/**
 * The adapter layer (docs/cache/DESIGN.md, section 2) on every client library and server:
 * pipelines (replies and errors per entry, in order; scripts falling back to EVAL after SCRIPT
 * FLUSH), dedicated connections (subscriptions with every byte value, 'down'/'ready' and
 * resubscription after CLIENT KILL), events of the shared connection, and nodes() on a standalone.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Script } from '../../src/cache/client/script.js';
import { ADAPTER_TARGETS, ALL_BYTES, evalCalls, startServers, stopServers, type Opened, type Servers } from './adapter-targets.js';

/** "chan:é" as UTF-8 bytes in a latin1 string: a non-ASCII channel every client can subscribe to. */
const UTF8_CHANNEL = Buffer.from('chan:é€', 'utf8').toString('latin1');
const echo = new Script('echo', "return {KEYS[1], ARGV[1], #ARGV[1], redis.call('SET', KEYS[1], ARGV[1]).ok}");
const append = new Script('append', "return redis.call('APPEND', KEYS[1], ARGV[1])");
const failing = new Script('failing', "return redis.error_reply('MYERR custom failure')");

/** Waits (polling) until `cond` holds; fails after `ms`. */
async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const isError = (v: unknown, prefix: string) => v instanceof Error && v.message.startsWith(prefix);

let servers: Servers;
before(async () => {
  servers = await startServers();
});
after(async () => {
  await stopServers(servers);
});

for (const [ti, target] of ADAPTER_TARGETS.entries()) {
  describe(`adapter: ${target.name}`, () => {
    let t: Opened;
    const k = (name: string) => `t${ti}:${name}`;
    before(async () => {
      t = await target.open(servers);
    });
    after(async () => {
      await t?.close();
    });

    it('pipeline: every entry gets its reply or its error, in order', async () => {
      const out = await t.adapter.pipeline([
        ['SET', k('p'), '1'],
        ['INCR', k('p')],
        ['HSET', k('p'), 'f', 'v'],
        { script: echo, keys: [k('bin:' + ALL_BYTES)], args: [ALL_BYTES] },
        { script: failing, keys: [], args: [] },
        ['GET', k('p')],
        ['NOSUCHCMD'],
        ['MGET', k('p'), k('none')],
      ]);
      assert.equal(out.length, 8);
      assert.deepEqual(out.slice(0, 2), ['OK', 2]);
      assert.ok(isError(out[2], 'WRONGTYPE'), String(out[2]));
      assert.deepEqual(out[3], [k('bin:' + ALL_BYTES), ALL_BYTES, 256, 'OK']);
      assert.ok(isError(out[4], 'MYERR custom failure'), String(out[4]));
      assert.equal(out[5], '2');
      assert.ok(isError(out[6], "ERR unknown command 'NOSUCHCMD'"), String(out[6]));
      assert.deepEqual(out[7], ['2', null]);
    });

    it('pipeline: script entries fall back to EVAL after SCRIPT FLUSH, once per script', async () => {
      await t.adapter.call(['SCRIPT', 'FLUSH']);
      await t.adapter.call(['CONFIG', 'RESETSTAT']);
      const entries = [
        { script: append, keys: [k('s1')], args: ['a'] },
        ['INCR', k('n')],
        { script: echo, keys: [k('s2')], args: ['x'] },
      ];
      assert.deepEqual(await t.adapter.pipeline(entries), [1, 1, [k('s2'), 'x', 1, 'OK']]);
      assert.deepEqual(await evalCalls(t.adapter), { eval: 2, evalsha: 2 });
      assert.deepEqual(await t.adapter.pipeline(entries), [2, 2, [k('s2'), 'x', 1, 'OK']]);
      assert.deepEqual(await evalCalls(t.adapter), { eval: 2, evalsha: 4 });
    });

    it('dedicated: subscribe, messages with every byte value, unsubscribe', async () => {
      const d = await t.adapter.dedicated();
      try {
        const got: [string, string][] = [];
        d.onMessage((ch, msg) => got.push([ch, msg]));
        const a = k('chan:a');
        const b = k(UTF8_CHANNEL);
        await d.subscribe([a, b]);
        assert.equal(await t.adapter.call(['PUBLISH', a, ALL_BYTES]), 1);
        assert.equal(await t.adapter.call(['PUBLISH', b, '']), 1);
        await until('two messages', () => got.length === 2);
        assert.deepEqual(got, [
          [a, ALL_BYTES],
          [b, ''],
        ]);
        await d.unsubscribe([a]);
        assert.equal(await t.adapter.call(['PUBLISH', a, 'lost']), 0);
        assert.equal(await t.adapter.call(['PUBLISH', b, 'kept']), 1);
        await until('the third message', () => got.length === 3);
        assert.deepEqual(got[2], [b, 'kept']);
      } finally {
        await d.close();
      }
    });

    it("dedicated: 'down' then 'ready' and the subscriptions back after CLIENT KILL", async () => {
      const d = await t.adapter.dedicated();
      try {
        const id = Number(await d.call(['CLIENT', 'ID']));
        const events: string[] = [];
        d.on('down', () => events.push('down'));
        d.on('ready', () => events.push('ready'));
        const got: string[] = [];
        d.onMessage((_ch, msg) => got.push(msg));
        const ch = k('resub');
        await d.subscribe([ch]);
        assert.equal(await t.adapter.call(['CLIENT', 'KILL', 'ID', String(id)]), 1);
        await until("'down' then 'ready'", () => events.includes('down') && events.lastIndexOf('ready') > events.indexOf('down'));
        // The client subscribes again after 'ready'; the server shows it once it has.
        await until('the subscription back', async () => (await t.adapter.call(['PUBLISH', ch, 'again'])) === 1);
        await until('the message', () => got.includes('again'));
        assert.equal(events[0], 'down');
      } finally {
        await d.close();
      }
    });

    it("the shared connection reports 'down' and 'ready' around a CLIENT KILL and keeps working", async () => {
      const events: string[] = [];
      const offDown = t.adapter.on('down', () => events.push('down'));
      const offReady = t.adapter.on('ready', () => events.push('ready'));
      try {
        const id = Number(await t.adapter.call(['CLIENT', 'ID']));
        const d = await t.adapter.dedicated();
        assert.equal(await d.call(['CLIENT', 'KILL', 'ID', String(id)]), 1);
        await d.close();
        await until("'down' then 'ready'", () => events.includes('down') && events.lastIndexOf('ready') > events.indexOf('down'));
        assert.equal(await t.adapter.call(['ECHO', ALL_BYTES]), ALL_BYTES);
        assert.notEqual(Number(await t.adapter.call(['CLIENT', 'ID'])), id);
      } finally {
        offDown();
        offReady();
      }
    });

    it('nodes() on a standalone server: the server itself, which runs commands and opens connections', async () => {
      const nodes = await t.adapter.nodes();
      assert.equal(nodes.length, 1);
      assert.equal(t.adapter.cluster, false);
      assert.equal(await nodes[0].call(['SET', k('node'), ALL_BYTES]), 'OK');
      assert.equal(await t.adapter.call(['GET', k('node')]), ALL_BYTES);
      const d = await nodes[0].dedicated();
      assert.equal(await d.call(['PING']), 'PONG');
      await d.close();
    });
  });
}
