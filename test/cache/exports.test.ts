/** The package's subpath entries, imported by package name as a user would (self-reference). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as cache from 'sonic-kv/cache';
import * as testing from 'sonic-kv/testing';
import type { RedisAdapter, Reply, IoredisLike } from 'sonic-kv/cache';
import type { TestServer, ToolkitClock, SonicAdapter } from 'sonic-kv/testing';

describe('package exports', () => {
  it('sonic-kv/cache exports the adapter layer, without the in-process (server-loading) adapter', () => {
    for (const name of ['ReplyError', 'Script', 'fromIoredis', 'fromNodeRedis', 'isNoScript', 'createToolkit', 'toMs', 'ToolkitError'] as const) {
      assert.equal(typeof cache[name], 'function', name);
    }
    // Nothing that loads the server is reachable from sonic-kv/cache.
    for (const name of ['fromSonic', 'startTestServer', 'LocalConnection', 'startServer']) assert.equal(name in cache, false, name);
    assert.equal(new cache.Script('t', 'return 1').sha, 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db');
    assert.equal('fromSonic' in cache, false);
  });

  it('sonic-kv/testing exports the test server, clock and in-process adapter', () => {
    for (const name of ['Faults', 'FaultProxy', 'LocalConnection', 'VirtualClock', 'fromSonic', 'startTestServer', 'forkWorkers', 'serveWorker'] as const) {
      assert.equal(typeof testing[name], 'function', name);
    }
  });

  it('exported types fit together (checked by tsc)', () => {
    const clock: ToolkitClock = new testing.VirtualClock(0);
    assert.equal(clock.now(), 0);
    const sys: ToolkitClock = testing.systemToolkitClock;
    assert.ok(Math.abs(sys.now() - Date.now()) < 1000);
    type Check = [RedisAdapter, Reply, IoredisLike, TestServer, SonicAdapter];
    const none: Check | null = null;
    assert.equal(none, null);
  });
});
