/**
 * Differential test of command propagation: a replica attaches to Sonic and to redis-server
 * with SYNC (PSYNC in one test), the same scenario runs on both (./cases/propagation.ts), and
 * the commands both put in their replication streams must match: rewrites (SET EX -> SET PXAT,
 * EXPIRE -> PEXPIREAT, BLPOP -> LPOP ...), SELECTs, MULTI/EXEC wrapping, DELs of expired keys.
 * Millisecond timestamps may differ by up to 10 s (the servers run one after the other);
 * replication offsets must be equal wherever the streams are byte-identical.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameReplies, skipIfPending, useDifferentialPair, type DifferentialPair } from '../helpers/differential.js';
import { closeSide, openSide, runStep, sentByMulti, type MultiStep, type Side } from '../helpers/multi-connection.js';
import { ReplicationStream } from '../helpers/replication-stream.js';
import { PROPAGATION_CASES, REPLCONF_CASES, type PropagationCase } from './cases/propagation.js';

const pair = useDifferentialPair();
const SENTINEL = ['SET', 'propagation:end', '1'];

/** Whether two arguments match: equal, or both ms timestamps within 10 s of each other. */
function sameArg(a: string, b: string): boolean {
  if (a === b) return true;
  return /^\d{12,}$/.test(a) && /^\d{12,}$/.test(b) && Math.abs(Number(a) - Number(b)) <= 10000;
}

/** The stream with what the case declares random masked (SPOP members) or unordered (DEL runs). */
function masked(cmds: string[][], pc: PropagationCase): string[][] {
  let out = cmds;
  if (pc.randomMembers) out = out.map((argv) => (argv[0].toUpperCase() === 'SREM' && argv.length === 3 ? [argv[0], argv[1], '*'] : argv));
  if (pc.unorderedDels) {
    out = out.slice();
    const isDel = (argv: string[]) => argv.length === 2 && (argv[0] === 'DEL' || argv[0] === 'UNLINK');
    for (let i = 0; i < out.length; ) {
      let j = i;
      while (j < out.length && isDel(out[j])) j++;
      if (j > i + 1) out.splice(i, j - i, ...out.slice(i, j).sort((a, b) => (a[1] < b[1] ? -1 : 1)));
      i = Math.max(j, i + 1);
    }
  }
  return out;
}

/** Runs a step whose replies are random (SPOP) on both servers without comparing them. */
async function runUncompared(sides: { sonic: Side; redis: Side }, step: MultiStep): Promise<void> {
  if (!('send' in step)) return runStep(sides, step, '');
  await Promise.all([sides.sonic.conns[step.on].run(step.send), sides.redis.conns[step.on].run(step.send)]);
}

function assertSameStream(sonic: string[][], redis: string[][], label: string): void {
  const show = (cmds: string[][]) => cmds.map((a) => JSON.stringify(a)).join('\n  ');
  const msg = `${label}\nredis:\n  ${show(redis)}\nsonic:\n  ${show(sonic)}`;
  assert.equal(sonic.length, redis.length, msg);
  for (let i = 0; i < sonic.length; i++) {
    const ok = sonic[i].length === redis[i].length && sonic[i].every((a, k) => sameArg(a, redis[i][k]));
    assert.ok(ok, `command ${i} differs: ${JSON.stringify(sonic[i])} vs ${JSON.stringify(redis[i])}\n${msg}`);
  }
}

async function masterOffset(p: DifferentialPair, which: 'sonic' | 'redis'): Promise<number> {
  const info = await p[which].cmd('INFO', 'replication');
  return Number(/master_repl_offset:(\d+)/.exec(info)![1]);
}

async function runCase(pc: PropagationCase): Promise<void> {
  const offsetsBefore = { sonic: await masterOffset(pair, 'sonic'), redis: await masterOffset(pair, 'redis') };
  for (const c of [pair.sonic, pair.redis]) {
    // No PINGs in the middle of a compared stream.
    await c.cmd('CONFIG', 'SET', 'repl-ping-replica-period', '3600');
    await c.cmd('FLUSHALL');
    for (const cmd of pc.setup ?? []) await c.cmd(...(cmd as string[]));
  }
  const [s, r] = await Promise.all([ReplicationStream.attach(pair.sonicServer.port), ReplicationStream.attach(pair.redisServer.port)]);
  let sonic: Side | undefined;
  let redis: Side | undefined;
  try {
    [sonic, redis] = await Promise.all([openSide(pair.sonicServer.port, pc.conns, 2), openSide(pair.redisServer.port, pc.conns, 2)]);
    for (const step of pc.steps) {
      if (pc.randomMembers) await runUncompared({ sonic, redis }, step);
      else await runStep({ sonic, redis }, step, '');
    }
    // A last write marks the end of the scenario in both streams.
    await Promise.all([sonic.control.cmd(...SENTINEL), redis.control.cmd(...SENTINEL)]);
    const [ss, rs] = await Promise.all([s.stream.until(SENTINEL), r.stream.until(SENTINEL)]);
    assertSameStream(masked(ss, pc), masked(rs, pc), pc.name);
    if (!pc.randomMembers) {
      const moved = async (which: 'sonic' | 'redis') => (await masterOffset(pair, which)) - offsetsBefore[which];
      assert.equal(await moved('sonic'), await moved('redis'), 'master_repl_offset moved alike');
    }
  } finally {
    closeSide(sonic);
    closeSide(redis);
    s.stream.close();
    r.stream.close();
    for (const c of [pair.sonic, pair.redis]) await c.cmd('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
  }
}

for (const pc of PROPAGATION_CASES) {
  test(`propagation: ${pc.name}`, { skip: skipIfPending([...sentByMulti([pc]), ...(pc.setup ?? [])]) }, async () => {
    await runCase(pc);
  });
}

test('REPLCONF, SYNC and PSYNC replies outside a synchronization', async () => {
  await assertSameReplies(pair, REPLCONF_CASES);
  await pair.reconnect();
});

test('PSYNC gets +FULLRESYNC <new replid> <offset>, the snapshot, then the stream', async () => {
  // (No `capa eof`: Redis would then stream a diskless snapshot after repl-diskless-sync-delay.)
  const handshake = [
    ['REPLCONF', 'listening-port', '7777'],
    ['REPLCONF', 'capa', 'psync2'],
  ];
  const [s, r] = await Promise.all([
    ReplicationStream.attach(pair.sonicServer.port, { psync: true, handshake }),
    ReplicationStream.attach(pair.redisServer.port, { psync: true, handshake }),
  ]);
  try {
    for (const [side, a] of [['sonic', s], ['redis', r]] as const) {
      const m = /^\+FULLRESYNC ([0-9a-f]{40}) (\d+)$/.exec(a.fullResync ?? '');
      assert.ok(m, `${side}: ${a.fullResync}`);
      assert.ok(a.payload.startsWith('REDIS0010'), `${side}: the payload is an RDB file`);
      const info = await pair[side].cmd('INFO', 'replication');
      assert.match(info, /connected_slaves:1\r\n/, side);
      assert.match(info, /slave0:ip=127\.0\.0\.1,port=7777,state=online,offset=0,lag=\d+\r\n/, side);
      assert.equal(/master_replid:(\w+)/.exec(info)![1], m![1], `${side}: the replid FULLRESYNC announced`);
      assert.equal(Number(/master_repl_offset:(\d+)/.exec(info)![1]), Number(m![2]), `${side}: the offset FULLRESYNC announced`);
      const list = await pair[side].cmd('CLIENT', 'LIST', 'TYPE', 'replica');
      assert.match(list, / flags=S .* cmd=psync /, side);
    }
    await Promise.all([pair.sonic.cmd('SET', 'k', 'v', 'EX', '100'), pair.redis.cmd('SET', 'k', 'v', 'EX', '100')]);
    const read2 = async (st: ReplicationStream) => [await st.next(), await st.next()];
    assertSameStream(await read2(s.stream), await read2(r.stream), 'the stream after PSYNC');
    // REPLCONF ACK from the replica: no reply, and INFO shows the acknowledged offset.
    s.stream.send(['REPLCONF', 'ACK', '12345']);
    r.stream.send(['REPLCONF', 'ACK', '12345']);
    for (const side of ['sonic', 'redis'] as const) {
      let info = '';
      for (let i = 0; i < 50 && !info.includes('offset=12345,'); i++) info = await pair[side].cmd('INFO', 'replication');
      assert.match(info, /slave0:ip=127\.0\.0\.1,port=7777,state=online,offset=12345,lag=\d+\r\n/, side);
    }
    assert.equal(s.stream.hasPending() || r.stream.hasPending(), false, 'REPLCONF ACK is not replied to');
    // A command that replies (here RESET, refused to replicas) makes the server drop the replica.
    for (const a of [s, r]) a.stream.send(['RESET']);
    for (const a of [s, r]) await assert.rejects(a.stream.line(), /connection closed/);
  } finally {
    s.stream.close();
    r.stream.close();
  }
});
