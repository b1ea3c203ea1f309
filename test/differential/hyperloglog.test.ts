/**
 * Differential test of the HyperLogLog commands: the same PFADD/PFCOUNT/PFMERGE/PFDEBUG
 * sequences to Sonic and redis-server, replies AND the HLL strings themselves (GET) compared byte
 * for byte, sparse and dense, in RESP2 and RESP3. The cases live in ./cases/hyperloglog.ts.
 *
 * The interchange tests build an HLL on one server only, move its bytes to the other with GET and
 * SET, and check both then count and grow it alike.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameReplies, registerCases, runOnBoth, type DifferentialPair } from '../helpers/differential.js';
import type { RawConnection } from '../helpers/raw-connection.js';
import { encodeCommand } from '../helpers/resp-frames.js';
import { HLL_CASES, HLL_SELFTEST, hllInterchangeSetup } from './cases/hyperloglog.js';

const pair = registerCases('hyperloglog', HLL_CASES);

/** The payload of a raw bulk reply ("$n\r\n...\r\n"). */
function bulkPayload(raw: string): string {
  const nl = raw.indexOf('\r\n');
  const n = Number(raw.slice(1, nl));
  assert.ok(raw.startsWith('$') && n >= 0, `not a bulk reply: ${raw.slice(0, 40)}`);
  return raw.slice(nl + 2, nl + 2 + n);
}

/** Builds HLLs on `from` only, copies their bytes to both servers, and compares what follows. */
async function interchange(p: DifferentialPair, from: RawConnection, label: string): Promise<void> {
  await runOnBoth(p, [['FLUSHALL']]);
  const build = hllInterchangeSetup();
  await from.run(build.cmds);
  const gets = await from.run(build.keys.map((k) => ['GET', k]));
  const copies = build.keys.map((k, i) => ['SET', `copy:${k}`, bulkPayload(gets[i])]);
  await runOnBoth(p, copies);
  const probe: string[][] = [];
  for (const k of build.keys) {
    const c = `copy:${k}`;
    probe.push(['PFDEBUG', 'ENCODING', c], ['PFCOUNT', c], ['GET', c], ['PFADD', c, 'one', 'more', 'element'], ['PFCOUNT', c], ['GET', c]);
  }
  probe.push(['PFCOUNT', ...build.keys.map((k) => `copy:${k}`)], ['PFMERGE', 'all', ...build.keys.map((k) => `copy:${k}`)], ['GET', 'all']);
  await assertSameReplies(p, probe, `${label}: `);
}

test('hyperloglog: HLL strings made by redis-server count and grow the same in Sonic', () => interchange(pair, pair.redis, 'from redis'));
test('hyperloglog: HLL strings made by Sonic count and grow the same in redis-server', () => interchange(pair, pair.sonic, 'from sonic'));

/**
 * A reply that may take longer than the connection's 5 s reply timeout (PFSELFTEST runs 10M
 * additions, and Sonic here shares the test process and a loaded machine): keeps waiting.
 */
async function patientReply(conn: RawConnection, cmd: string[], rounds = 12): Promise<string> {
  conn.send(encodeCommand(cmd));
  for (let i = 1; ; i++) {
    try {
      return await conn.reply(JSON.stringify(cmd));
    } catch (e) {
      if (i >= rounds) throw e;
    }
  }
}

test('hyperloglog: PFSELFTEST passes on both', async () => {
  const [sonic, redis] = await Promise.all([patientReply(pair.sonic, HLL_SELFTEST[0]), patientReply(pair.redis, HLL_SELFTEST[0])]);
  assert.equal(sonic, redis);
  assert.equal(sonic, '+OK\r\n');
});
