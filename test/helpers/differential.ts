/**
 * Differential testing: the same commands go to Sonic (embedded, in this process) and to a real
 * redis-server; raw replies must be byte-identical. Differential test files use ONLY this module
 * to talk to the servers, and declare what they send as data (test/differential/cases/*.ts), so
 * the coverage test can know what is covered without running them.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../src/server/embedded.js';
import { RawConnection, type CommandInput } from './raw-connection.js';
import { startRedisServer, type RedisServer } from './redis-server.js';
import { comparable, maskHelloId } from './loose.js';
import { CommandTable } from '../../src/engine/command-table.js';
import { HANDLERS } from '../../src/commands/index.js';

export { maskHelloId };

/** Both servers and one open connection to each; filled in by the `before` hook. */
export interface DifferentialPair {
  redis: RawConnection;
  sonic: RawConnection;
  redisServer: RedisServer;
  sonicServer: RunningServer;
  /** Replaces both connections with fresh ones (after a failed case left replies unread). */
  reconnect(): Promise<void>;
}

/**
 * Registers before/after hooks (in the calling test file) that start redis-server and an
 * embedded Sonic and connect to both. Fails the file loudly when redis-server is missing.
 */
export function useDifferentialPair(): DifferentialPair {
  const pair = {} as DifferentialPair;
  pair.reconnect = async () => {
    pair.redis?.close();
    pair.sonic?.close();
    [pair.redis, pair.sonic] = await Promise.all([RawConnection.open(pair.redisServer.port), RawConnection.open(pair.sonicServer.port)]);
  };
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

/**
 * Asserts that every command in `cmds` gets byte-identical replies from both (pipelined, in order),
 * except where test/helpers/loose.ts declares the order unspecified.
 */
export async function assertSameReplies(pair: DifferentialPair, cmds: readonly CommandInput[], label = ''): Promise<void> {
  const { sonic, redis } = await runOnBoth(pair, cmds);
  const bad: number[] = [];
  for (let i = 0; i < cmds.length; i++) if (comparable(cmds[i], sonic[i]) !== comparable(cmds[i], redis[i])) bad.push(i);
  if (bad.length === 0) return;
  // Every difference in the sequence is listed (later ones may follow from earlier ones), and the
  // first is asserted so the runner shows its diff.
  const show = (x: string) => JSON.stringify(x.length > 240 ? x.slice(0, 240) + '...' : x);
  const list = bad.map((i) => `  command ${i}: ${describe(cmds[i]).slice(0, 200)}\n    redis: ${show(redis[i])}\n    sonic: ${show(sonic[i])}`);
  const i = bad[0];
  assert.equal(comparable(cmds[i], sonic[i]), comparable(cmds[i], redis[i]), `${label}${bad.length} difference(s):\n${list.join('\n')}\n`);
}

/** Switches both connections to RESP `proto` (HELLO), checking both accepted it alike. */
export async function setProtocol(pair: DifferentialPair, proto: 2 | 3): Promise<void> {
  const { sonic, redis } = await runOnBoth(pair, [['HELLO', String(proto)]]);
  // The whole reply, except the connection id that differs by nature.
  assert.equal(maskHelloId(sonic[0]), maskHelloId(redis[0]), `HELLO ${proto}`);
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

const sonicTable = new CommandTable(HANDLERS);

/**
 * The Redis commands a case sends that Sonic does not implement yet (e.g. XADD before streams),
 * as "xadd" or "memory|usage". A case that needs one is registered as skipped with that reason,
 * and runs by itself once the command exists. Words Redis does not know (deliberately unknown
 * commands) are not counted. Raw byte-stream inputs are not inspected.
 */
export function pendingCommands(cmds: readonly CommandInput[]): string[] {
  const missing = new Set<string>();
  for (const argv of cmds) {
    if (typeof argv === 'string' || argv.length === 0) continue;
    const name = argv[0].toLowerCase();
    const facts = sonicTable.facts.get(name);
    if (facts === undefined) continue;
    const full = facts.subcommands !== undefined && argv.length > 1 ? `${name}|${argv[1].toLowerCase()}` : name;
    if (!sonicTable.facts.has(full)) continue;
    if (sonicTable.byFullname.get(full) === undefined) missing.add(full);
  }
  return [...missing];
}

/** node:test's `skip` option for a case: a reason naming the pending commands, or false. */
export function skipIfPending(cmds: readonly CommandInput[]): string | false {
  const p = pendingCommands(cmds);
  return p.length === 0 ? false : `needs ${p.join(', ')} (not implemented yet)`;
}

/** One hand-written differential case: commands sent pipelined after FLUSHALL, replies compared. */
export interface DiffCase {
  /** What the case checks (becomes the test name). */
  readonly name: string;
  readonly cmds: readonly CommandInput[];
}

/**
 * Registers one test per case and protocol (RESP2, then RESP3 after HELLO 3) in the calling file.
 * Each case starts from empty databases on database 0, so cases fail independently. A failed
 * case reconnects both sides, since it may have left replies unread.
 */
export function registerCases(group: string, cases: readonly DiffCase[]): DifferentialPair {
  const pair = useDifferentialPair();
  for (const proto of [2, 3] as const) {
    for (const c of cases) {
      test(`${group} (RESP${proto}): ${c.name}`, { skip: skipIfPending(c.cmds) }, async () => {
        try {
          await setProtocol(pair, proto);
          await runOnBoth(pair, [['FLUSHALL'], ['SELECT', '0']]);
          await assertSameReplies(pair, c.cmds, `RESP${proto} `);
        } catch (e) {
          await pair.reconnect();
          throw e;
        }
      });
    }
  }
  return pair;
}
