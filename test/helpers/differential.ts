/**
 * Differential testing: the same commands go to Sonic (embedded, in this process) and to a real
 * redis-server; raw replies must be byte-identical. Differential test files use ONLY this module
 * to talk to the servers, and declare what they send as data (test/differential/cases/*.ts), so
 * the coverage test can know what is covered without running them.
 */
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../src/server/embedded.js';
import { RawConnection, type CommandInput } from './raw-connection.js';
import { startRedisServer, type RedisServer } from './redis-server.js';

/** Both servers and one open connection to each; filled in by the `before` hook. */
export interface DifferentialPair {
  redis: RawConnection;
  sonic: RawConnection;
  redisServer: RedisServer;
  sonicServer: RunningServer;
}

/**
 * Registers before/after hooks (in the calling test file) that start redis-server and an
 * embedded Sonic and connect to both. Fails the file loudly when redis-server is missing.
 */
export function useDifferentialPair(): DifferentialPair {
  const pair = {} as DifferentialPair;
  before(async () => {
    pair.redisServer = await startRedisServer();
    pair.sonicServer = await startServer({ port: 0 });
    [pair.redis, pair.sonic] = await Promise.all([RawConnection.open(pair.redisServer.port), RawConnection.open(pair.sonicServer.port)]);
  });
  after(async () => {
    pair.redis?.close();
    pair.sonic?.close();
    pair.redisServer?.stop();
    await pair.sonicServer?.close();
  });
  return pair;
}

/** How a command is named in assertion messages. */
export function describe(c: CommandInput): string {
  return JSON.stringify(c);
}

/**
 * Sends `cmds` pipelined to both servers and returns both reply lists (for tests that need to
 * post-process replies before comparing).
 */
export async function runOnBoth(pair: DifferentialPair, cmds: readonly CommandInput[]): Promise<{ sonic: string[]; redis: string[] }> {
  const [sonic, redis] = await Promise.all([pair.sonic.run(cmds), pair.redis.run(cmds)]);
  return { sonic, redis };
}

/** Asserts that every command in `cmds` gets byte-identical replies from both (pipelined, in order). */
export async function assertSameReplies(pair: DifferentialPair, cmds: readonly CommandInput[], label = ''): Promise<void> {
  const { sonic, redis } = await runOnBoth(pair, cmds);
  for (let i = 0; i < cmds.length; i++) assert.equal(sonic[i], redis[i], `${label}${describe(cmds[i])}`);
}

/** Switches both connections to RESP `proto` (HELLO), checking both accepted it alike. */
export async function setProtocol(pair: DifferentialPair, proto: 2 | 3): Promise<void> {
  const { sonic, redis } = await runOnBoth(pair, [['HELLO', String(proto)]]);
  // (Only the reply kind: HELLO's body carries per-connection ids and the server version.)
  assert.equal(sonic[0][0], redis[0][0], `HELLO ${proto}: ${sonic[0].slice(0, 80)} vs ${redis[0].slice(0, 80)}`);
}

/** Runs `cmds` in RESP2 and then RESP3 (each after `setup`), asserting identical replies; leaves RESP2 on. */
export async function assertSameRepliesBothProtocols(
  pair: DifferentialPair,
  cmds: readonly CommandInput[],
  setup: readonly CommandInput[] = [],
): Promise<void> {
  for (const proto of [2, 3] as const) {
    await setProtocol(pair, proto);
    await runOnBoth(pair, setup);
    await assertSameReplies(pair, cmds, `RESP${proto} `);
  }
  await setProtocol(pair, 2);
}
