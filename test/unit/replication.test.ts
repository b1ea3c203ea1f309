/**
 * Unit tests of the primary side of replication (replication/), in-process: SYNC/PSYNC replies
 * and snapshot, the stream a replica then receives, INFO replication, CLIENT LIST, the
 * replication cron (PING, repl-timeout, repl-backlog-ttl) driven by a manual clock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/util/clock.js';
import { connect, newEngine, ReplyError, type TestClient } from './server-harness.js';
import { readRdb } from '../../src/persistence/rdb/file-read.js';
import { DEFAULT_LIMITS } from '../../src/persistence/rdb/decoded.js';
import { primaryOf } from '../../src/replication/primary.js';
import type { Engine } from '../../src/engine/engine.js';

function setup(): { engine: Engine; clock: ManualClock; c: TestClient } {
  const clock = new ManualClock(1_700_000_000_000);
  const engine = newEngine({ clock });
  return { engine, clock, c: connect(engine) };
}

/** Splits a SYNC reply into the snapshot bytes and what follows them. */
function splitPayload(out: string): { rdb: Buffer; rest: string } {
  const m = /^\$(\d+)\r\n/.exec(out);
  assert.ok(m, JSON.stringify(out.slice(0, 40)));
  const start = m[0].length;
  const len = Number(m[1]);
  return { rdb: Buffer.from(out.slice(start, start + len), 'latin1'), rest: out.slice(start + len) };
}

function info(c: TestClient): string {
  return c.run('INFO', 'replication') as string;
}

test('SYNC: the snapshot (no CRLF after it) holds the dataset, then the stream starts with SELECT', () => {
  const { engine, c } = setup();
  c.run('SET', 'a', '1');
  c.run('SELECT', '3');
  c.run('RPUSH', 'l', 'x', 'y');
  const replica = connect(engine);
  const { rdb, rest } = splitPayload(replica.raw('SYNC'));
  assert.equal(rest, '');
  const keys: string[] = [];
  const res = readRdb(rdb, { limits: DEFAULT_LIMITS, databases: 16, checksum: true, now: engine.clock.now(), onKey: (db, key) => void keys.push(`${db}:${key}`) });
  assert.deepEqual(keys.sort(), ['0:a', '3:l']);
  assert.equal(res.aux.get('repl-id'), engine.replId);
  assert.equal(res.aux.get('repl-offset'), '0');
  c.run('SET', 'b', '2');
  assert.equal(replica.client.reply.out, '*2\r\n$6\r\nSELECT\r\n$1\r\n3\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n');
  engine.close();
});

test('PSYNC: +FULLRESYNC with a new replication ID and the offset, then the snapshot', () => {
  const { engine, c } = setup();
  const before = engine.replId;
  const replica = connect(engine);
  const out = replica.raw('PSYNC', 'anything', '100');
  const m = /^\+FULLRESYNC ([0-9a-f]{40}) 0\r\n/.exec(out);
  assert.ok(m, out.slice(0, 80));
  assert.notEqual(m[1], before, 'the backlog starts a new history');
  assert.equal(engine.replId, m[1]);
  splitPayload(out.slice(m[0].length));
  assert.equal(engine.stats.syncFull, 1);
  assert.equal(engine.stats.syncPartialErr, 1, 'a PSYNC that could not continue (replid not "?")');
  assert.match(info(c), /connected_slaves:1\r\nslave0:ip=127\.0\.0\.1,port=0,state=online,offset=0,lag=0\r\n/);
  assert.match(c.run('CLIENT', 'LIST', 'TYPE', 'replica') as string, /flags=S .*cmd=psync /);
  assert.match(c.run('INFO', 'clients') as string, /connected_clients:1\r\n/, 'replicas are not counted as clients');
  const normal = (c.run('CLIENT', 'LIST', 'TYPE', 'normal') as string).trim().split('\n');
  assert.deepEqual(normal.map((l) => l.split(' ')[0]), [`id=${c.client.id}`], 'the replica is not a normal client');
  engine.close();
});

test('a replica SYNCing again is ignored; SYNC with replies pending is refused', () => {
  const { engine } = setup();
  const replica = connect(engine);
  replica.raw('SYNC');
  assert.equal(replica.raw('SYNC'), '');
  const other = connect(engine);
  engine.execute(other.client, ['PING']);
  assert.equal(other.raw('SYNC'), '+PONG\r\n-ERR SYNC and PSYNC are invalid with pending output\r\n');
  engine.close();
});

test('a replica whose command replies is dropped (PING, RESET, a failing REPLCONF); REPLCONF ACK is fine', () => {
  const { engine, c } = setup();
  for (const cmd of [['PING'], ['RESET'], ['REPLCONF', 'listening-port', 'x']]) {
    const replica = connect(engine);
    replica.raw('SYNC');
    assert.equal(replica.raw('REPLCONF', 'ACK', '1'), '');
    assert.equal(replica.transport.closed, false);
    assert.equal(replica.raw(...cmd), '', cmd.join(' '));
    assert.equal(replica.transport.closed, true, cmd.join(' '));
  }
  c.run('PING');
  engine.close();
});

test('master_repl_offset counts the stream bytes; the backlog outlives the replica until repl-backlog-ttl', () => {
  const { engine, clock, c } = setup();
  assert.match(info(c), /master_repl_offset:0\r\n.*repl_backlog_active:0\r\n/s);
  const replica = connect(engine);
  replica.raw('SYNC');
  c.run('SET', 'k', 'v');
  const sent = replica.client.reply.take();
  assert.match(info(c), new RegExp(`master_repl_offset:${sent.length}\\r\\n.*repl_backlog_active:1\\r\\n.*repl_backlog_first_byte_offset:1\\r\\nrepl_backlog_histlen:${sent.length}\\r\\n`, 's'));
  engine.removeClient(replica.client);
  assert.match(info(c), /connected_slaves:0\r\n/);
  c.run('SET', 'k', 'w');
  const offset = Number(/master_repl_offset:(\d+)/.exec(info(c))![1]);
  assert.ok(offset > sent.length, 'writes still count without replicas');
  const replId = engine.replId;
  const primary = primaryOf(engine);
  c.run('CONFIG', 'SET', 'repl-backlog-ttl', '100');
  clock.advance(50_000);
  primary.cron();
  assert.match(info(c), /repl_backlog_active:1\r\n/);
  clock.advance(51_000);
  primary.cron();
  assert.match(info(c), new RegExp(`master_repl_offset:${offset}\\r\\n.*repl_backlog_active:0\\r\\n`, 's'));
  assert.notEqual(engine.replId, replId);
  assert.equal(engine.propagation.active, false, 'no sink once the backlog is gone');
  engine.close();
});

test('the replication cron PINGs every repl-ping-replica-period seconds, without SELECT', () => {
  const { engine, c } = setup();
  const replica = connect(engine);
  replica.raw('SYNC');
  c.run('CONFIG', 'SET', 'repl-ping-replica-period', '2');
  const primary = primaryOf(engine);
  primary.cron();
  assert.equal(replica.client.reply.out, '');
  primary.cron();
  assert.equal(replica.client.reply.take(), '*1\r\n$4\r\nping\r\n');
  engine.close();
});

test('a PSYNC replica silent for repl-timeout is dropped; a SYNC one never is; ACK keeps it', () => {
  const { engine, clock, c } = setup();
  const old = connect(engine);
  old.raw('SYNC');
  const quiet = connect(engine);
  quiet.raw('PSYNC', '?', '-1');
  const acking = connect(engine);
  acking.raw('PSYNC', '?', '-1');
  clock.advance(50_000);
  assert.equal(acking.raw('REPLCONF', 'ACK', '42'), '');
  clock.advance(11_000);
  primaryOf(engine).cron();
  assert.equal(old.transport.closed, false);
  assert.equal(quiet.transport.closed, true);
  assert.equal(acking.transport.closed, false);
  assert.match(info(c), /slave2:ip=127\.0\.0\.1,port=0,state=online,offset=42,lag=11\r\n/);
  engine.close();
});

test('REPLCONF rdb-only: the snapshot, then the connection closes; rdb-filter-only: no keys, needs capa eof', () => {
  const { engine, c } = setup();
  c.run('SET', 'k', 'v');
  const r1 = connect(engine);
  r1.run('REPLCONF', 'rdb-only', '1');
  splitPayload(r1.raw('SYNC'));
  assert.equal(r1.client.closeAfterReply, true);
  c.run('SET', 'k2', 'v');
  assert.equal(r1.client.reply.out, '', 'no stream after the snapshot');
  const r2 = connect(engine);
  r2.run('REPLCONF', 'rdb-filter-only', '');
  assert.deepEqual(r2.run('SYNC'), new ReplyError('ERR Filtered replica requires EOF capability'));
  r2.run('REPLCONF', 'capa', 'eof');
  const { rdb } = splitPayload(r2.raw('SYNC'));
  let keys = 0;
  readRdb(rdb, { limits: DEFAULT_LIMITS, databases: 16, checksum: true, now: engine.clock.now(), onKey: () => void keys++ });
  assert.equal(keys, 0);
  engine.close();
});

test('min_slaves_good_slaves appears with min-replicas-to-write and counts replicas within the lag', () => {
  const { engine, clock, c } = setup();
  connect(engine).raw('SYNC');
  assert.doesNotMatch(info(c), /min_slaves_good_slaves/);
  c.run('CONFIG', 'SET', 'min-replicas-to-write', '1');
  assert.match(info(c), /min_slaves_good_slaves:1\r\n/);
  clock.advance(11_000);
  assert.match(info(c), /min_slaves_good_slaves:0\r\n/);
  engine.close();
});
