/**
 * The toolkit's client adapters run scripts by EVALSHA with an EVAL fallback, byte-safe, with the
 * server's errors passed on: against Sonic in process (LocalConnection), ioredis to Sonic over
 * TCP, and ioredis to a real redis-server.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startServer, type RunningServer } from '../../src/server/embedded.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import type { RedisAdapter } from '../../src/cache/client/adapter.js';
import { Script, isNoScript } from '../../src/cache/client/script.js';
import { fromIoredis } from '../../src/cache/client/ioredis.js';
import { fromSonic } from '../../src/cache/client/sonic.js';

const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
const echo = new Script('echo', "return {KEYS[1], ARGV[1], #ARGV[1], redis.call('SET', KEYS[1], ARGV[1]).ok}");
const failing = new Script('failing', "return redis.error_reply('MYERR custom failure')");

/** EVAL and EVALSHA call counts from INFO commandstats (0 when never called). */
async function evalCalls(a: RedisAdapter): Promise<{ eval: number; evalsha: number }> {
  const info = String(await a.call(['INFO', 'commandstats']));
  const calls = (name: string) => Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(info)?.[1] ?? 0);
  return { eval: calls('eval'), evalsha: calls('evalsha') };
}

interface Target {
  name: string;
  open(): Promise<{ adapter: RedisAdapter; close(): Promise<void> }>;
}

const targets: Target[] = [
  {
    name: 'Sonic in process',
    async open() {
      const server = await startServer({ port: 0 });
      const adapter = fromSonic(server);
      return {
        adapter,
        close: async () => {
          adapter.close();
          await server.close();
        },
      };
    },
  },
  {
    name: 'ioredis to Sonic',
    async open() {
      const server: RunningServer = await startServer({ port: 0 });
      const redis = new Redis(server.url, { maxRetriesPerRequest: 0 });
      return {
        adapter: fromIoredis(redis),
        close: async () => {
          redis.disconnect();
          await server.close();
        },
      };
    },
  },
  {
    name: 'ioredis to redis-server',
    async open() {
      const server: RedisServer = await startRedisServer();
      const redis = new Redis(server.port, '127.0.0.1', { maxRetriesPerRequest: 0 });
      return {
        adapter: fromIoredis(redis),
        close: async () => {
          redis.disconnect();
          server.stop();
        },
      };
    },
  },
];

for (const target of targets) {
  describe(`script runner: ${target.name}`, () => {
    let t: Awaited<ReturnType<Target['open']>>;
    before(async () => {
      t = await target.open();
    });
    after(async () => {
      await t?.close();
    });

    it('falls back to EVAL once after SCRIPT FLUSH, then uses EVALSHA', async () => {
      await t.adapter.call(['SCRIPT', 'FLUSH']);
      await t.adapter.call(['CONFIG', 'RESETSTAT']);
      assert.deepEqual(await t.adapter.runScript(echo, ['k1'], ['v']), ['k1', 'v', 1, 'OK']);
      assert.deepEqual(await t.adapter.call(['SCRIPT', 'EXISTS', echo.sha]), [1]);
      assert.deepEqual(await t.adapter.runScript(echo, ['k1'], ['w']), ['k1', 'w', 1, 'OK']);
      assert.deepEqual(await evalCalls(t.adapter), { eval: 1, evalsha: 2 });
    });

    it('passes every byte value through keys, arguments and replies', async () => {
      const key = 'bin:' + ALL_BYTES;
      assert.deepEqual(await t.adapter.runScript(echo, [key], [ALL_BYTES]), [key, ALL_BYTES, 256, 'OK']);
      assert.equal(await t.adapter.call(['GET', key]), ALL_BYTES);
    });

    it("passes the script's own errors on, unchanged", async () => {
      await assert.rejects(t.adapter.runScript(failing, [], []), (e: Error) => e.message === 'MYERR custom failure');
    });

    it('passes EVAL errors on (a script that does not compile)', async () => {
      await t.adapter.call(['SCRIPT', 'FLUSH']);
      const broken = new Script('broken', 'return (');
      await assert.rejects(t.adapter.runScript(broken, [], []), (e: Error) => !isNoScript(e) && /^ERR /.test(e.message));
    });
  });
}
