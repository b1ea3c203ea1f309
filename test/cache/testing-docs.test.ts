/**
 * The examples of docs/cache/testing.md, run as written: each code block of the page must equal
 * the region between the matching `// example:<name>` markers below (so the page cannot rot).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startTestServer, FaultProxy } from 'sonic-kv/testing';
import { Redis } from 'ioredis';
import { startRedisServer } from '../helpers/redis-server.js';

const SELF = fileURLToPath(new URL('../../../test/cache/testing-docs.test.ts', import.meta.url));
const DOC = fileURLToPath(new URL('../../../docs/cache/testing.md', import.meta.url));

/** The lines between `// example:<name>` and `// end:<name>` in this file, dedented. */
function region(name: string): string {
  const lines = readFileSync(SELF, 'utf8').split('\n');
  const from = lines.findIndex((l) => l.trim() === `// example:${name}`);
  const to = lines.findIndex((l) => l.trim() === `// end:${name}`);
  assert.ok(from >= 0 && to > from, `markers for ${name}`);
  const body = lines.slice(from + 1, to);
  const indent = Math.min(...body.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return body.map((l) => l.slice(indent)).join('\n');
}

/** The code block of the page that follows `<!-- example:<name> -->`, without its import lines. */
function docBlock(name: string): string {
  const md = readFileSync(DOC, 'utf8');
  const m = new RegExp(`<!-- example:${name} -->\\s*\`\`\`ts\\n([\\s\\S]*?)\`\`\``).exec(md);
  assert.ok(m, `example ${name} in the page`);
  return m[1]
    .split('\n')
    .filter((l) => !l.startsWith('import '))
    .join('\n')
    .trim();
}

describe('docs/cache/testing.md examples', () => {
  for (const name of ['clock', 'faults', 'proxy']) {
    it(`the page shows example "${name}" as the test runs it`, () => {
      assert.equal(docBlock(name), region(name).trim());
    });
  }

  it('example "clock": TTLs on the virtual clock', async () => {
    // example:clock
    const server = await startTestServer(); // embedded Sonic on a VirtualClock
    const redis = new Redis(server.port);
    await redis.set('session:1', 'alice', 'PX', 30 * 60_000);
    await server.clock.advance(30 * 60_000); // half an hour passes at once
    assert.equal(await redis.get('session:1'), null);
    redis.disconnect();
    await server.close();
    // end:clock
  });

  it('example "faults": a stalled client and a killed one', async () => {
    // example:faults
    const server = await startTestServer();
    const redis = new Redis(server.port, { maxRetriesPerRequest: null });
    const id = Number(await redis.client('ID'));
    server.faults.pauseClient(id, 5_000); // the server stops reading and writing this connection
    const reply = redis.ping();
    await server.clock.advance(5_000); // ...for 5 virtual seconds
    assert.equal(await reply, 'PONG');
    server.faults.killClient(id); // as CLIENT KILL ID: ioredis reconnects
    assert.notEqual(Number(await redis.client('ID')), id);
    redis.disconnect();
    await server.close();
    // end:faults
  });

  it('example "proxy": faults in front of redis-server', async () => {
    const real = await startRedisServer();
    const port = real.port;
    try {
      // example:proxy
      const proxy = await FaultProxy.start({ target: { port } }); // port: any server's
      const sub = new Redis(proxy.port);
      const pub = new Redis(port);
      const got: string[] = [];
      sub.on('message', (_channel: string, message: string) => got.push(message));
      await sub.subscribe('news');
      proxy.dropFrames((frame) => Array.isArray(frame) && frame[2] === 'lost'); // lose one message
      await pub.publish('news', 'lost');
      await pub.publish('news', 'kept');
      while (got.length === 0) await new Promise((r) => setTimeout(r, 5));
      assert.deepEqual(got, ['kept']);
      proxy.pause('toClient'); // replies wait until resume()
      const pong = pub.ping().then(() => sub.ping());
      proxy.resume();
      await pong;
      sub.disconnect();
      pub.disconnect();
      await proxy.close();
      // end:proxy
    } finally {
      real.stop();
    }
  });
});
