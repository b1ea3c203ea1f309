/**
 * The error catalog (src/engine/errors.ts) against redis-server: every catalog message is
 * triggered on both servers (RESP2 and RESP3), redis-server must send exactly the catalog text
 * (so the catalog is right) and Sonic must send exactly what redis-server sent (so Sonic uses
 * it where Redis does). An entry with no trigger in ./cases/error-catalog.ts fails the first test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Errors } from '../../src/engine/errors.js';
import { runOnBoth, setProtocol, skipIfPending, useDifferentialPair } from '../helpers/differential.js';
import { RawConnection } from '../helpers/raw-connection.js';
import { ERROR_TRIGGERS, type ErrorTrigger } from './cases/error-catalog.js';

const pair = useDifferentialPair();

test('every catalog message has a trigger', () => {
  const missing = Object.keys(Errors).filter((k) => !(k in ERROR_TRIGGERS) || ERROR_TRIGGERS[k].length === 0);
  assert.deepEqual(missing, [], `catalog messages no differential case triggers: ${missing.join(', ')}`);
  const stale = Object.keys(ERROR_TRIGGERS).filter((k) => !(k in Errors));
  assert.deepEqual(stale, [], 'triggers for messages no longer in the catalog');
});

/** Runs a trigger that needs a password on fresh connections; clears the password afterwards. */
async function runWithPassword(t: ErrorTrigger, proto: 2 | 3): Promise<{ sonic: string[]; redis: string[] }> {
  const pw = t.requirepass!;
  await runOnBoth(pair, [['CONFIG', 'SET', 'requirepass', pw]]);
  const [r, s] = await Promise.all([RawConnection.open(pair.redisServer.port), RawConnection.open(pair.sonicServer.port)]);
  try {
    // HELLO 3 needs authentication first here, so RESP3 is reached with HELLO's AUTH option.
    // So the RESP3 variant checks WRONGPASS in RESP3 but cannot check NOAUTH (RESP2 does).
    const pre: string[][] = proto === 3 ? [['HELLO', '3', 'AUTH', 'default', pw]] : [];
    const cmds = proto === 3 ? [...pre, ...t.cmds.map((c) => [...c])] : t.cmds.map((c) => [...c]);
    const [redis, sonic] = await Promise.all([r.run(cmds), s.run(cmds)]);
    const skip = pre.length;
    return { redis: redis.slice(skip), sonic: sonic.slice(skip) };
  } finally {
    r.close();
    s.close();
    await runOnBoth(pair, [['CONFIG', 'SET', 'requirepass', '']]);
  }
}

for (const proto of [2, 3] as const) {
  for (const [name, triggers] of Object.entries(ERROR_TRIGGERS)) {
    test(`error catalog (RESP${proto}): ${name}`, { skip: skipIfPending(triggers.flatMap((t) => t.cmds)) }, async () => {
      try {
        await setProtocol(pair, proto);
        for (const t of triggers) {
          await runOnBoth(pair, [['FLUSHALL'], ['SELECT', '0']]);
          const label = JSON.stringify(t.cmds);
          if (t.requirepass !== undefined) {
            const { sonic, redis } = await runWithPassword(t, proto);
            const at = t.at ?? t.cmds.length - 1;
            // In RESP3 the connection is already authenticated: NOAUTH cannot happen there.
            if (!(proto === 3 && t.expect === Errors.noAuth)) assert.equal(redis[at], `-${t.expect}\r\n`, `redis-server's reply to ${label}`);
            for (let i = 0; i < sonic.length; i++) assert.equal(sonic[i], redis[i], `Sonic's reply to ${label}, command ${i}`);
            continue;
          }
          const { sonic, redis } = await runOnBoth(pair, t.cmds);
          const at = t.at ?? t.cmds.length - 1;
          assert.equal(redis[at], `-${t.expect}\r\n`, `redis-server's reply to ${label} (is the catalog text right?)`);
          for (let i = 0; i < t.cmds.length; i++) assert.equal(sonic[i], redis[i], `Sonic's reply to ${label}, command ${i}`);
        }
      } catch (e) {
        // A failed trigger may leave a password or maxmemory set, or replies unread.
        await pair.reconnect();
        await runOnBoth(pair, [['CONFIG', 'SET', 'maxmemory', '0']]);
        throw e;
      }
    });
  }
}
