/**
 * The toolkit's client adapters run scripts by EVALSHA with an EVAL fallback, byte-safe, with the
 * server's errors passed on: against Sonic in process (LocalConnection), and ioredis, node-redis 4
 * and node-redis 5 to Sonic over TCP and to a real redis-server.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Script, isNoScript } from '../../src/cache/client/script.js';
import { ADAPTER_TARGETS, ALL_BYTES, evalCalls, startServers, stopServers, type Opened, type Servers } from './adapter-targets.js';

const echo = new Script('echo', "return {KEYS[1], ARGV[1], #ARGV[1], redis.call('SET', KEYS[1], ARGV[1]).ok}");
const failing = new Script('failing', "return redis.error_reply('MYERR custom failure')");

let servers: Servers;
before(async () => {
  servers = await startServers();
});
after(async () => {
  await stopServers(servers);
});

for (const target of ADAPTER_TARGETS) {
  describe(`script runner: ${target.name}`, () => {
    let t: Opened;
    before(async () => {
      t = await target.open(servers);
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
