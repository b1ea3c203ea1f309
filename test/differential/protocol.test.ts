/**
 * Differential test of protocol errors: malformed and edge-case byte streams, each on a fresh
 * connection to Sonic and to redis-server. The bytes that come back must be identical, and the
 * server must close the connection (or keep it open) alike. Each stream runs as sent (RESP2) and
 * after HELLO 3 (RESP3). The cases live in ./cases/protocol-errors.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskHelloId, useDifferentialPair, type DifferentialPair } from '../helpers/differential.js';
import { exchange } from '../helpers/raw-connection.js';
import { PROTOCOL_CASES, UNAUTHENTICATED_CASES } from './cases/protocol-errors.js';

const pair = useDifferentialPair();

async function compareRaw(p: DifferentialPair, bytes: string, label: string): Promise<void> {
  const [r, s] = await Promise.all([exchange(p.redisServer.port, bytes), exchange(p.sonicServer.port, bytes)]);
  const show = (x: string) => (x.length > 300 ? JSON.stringify(x.slice(0, 300)) + `... (${x.length} bytes)` : JSON.stringify(x));
  assert.ok(maskHelloId(s.data) === maskHelloId(r.data), `${label}: replies differ\n  sonic: ${show(s.data)}\n  redis: ${show(r.data)}`);
  assert.equal(s.closed, r.closed, `${label}: connection ${r.closed ? 'closed' : 'kept open'} by redis-server, not by Sonic`);
}

for (const proto of [2, 3] as const) {
  const prefix = proto === 3 ? 'HELLO 3\r\n' : '';
  for (const c of PROTOCOL_CASES) {
    test(`protocol (RESP${proto}): ${c.name}`, () => compareRaw(pair, prefix + c.bytes, c.name));
  }
  test(`protocol (RESP${proto}): limits for unauthenticated clients`, async () => {
    await Promise.all([pair.redis.cmd('CONFIG', 'SET', 'requirepass', 'pw'), pair.sonic.cmd('CONFIG', 'SET', 'requirepass', 'pw')]);
    try {
      for (const c of UNAUTHENTICATED_CASES) await compareRaw(pair, prefix + c.bytes, c.name);
    } finally {
      // The control connections stay authenticated (they were when the password was set).
      await Promise.all([pair.redis.cmd('CONFIG', 'SET', 'requirepass', ''), pair.sonic.cmd('CONFIG', 'SET', 'requirepass', '')]);
    }
  });
}
