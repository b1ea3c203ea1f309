/**
 * A real redis-server 7.0.15 replicating from Sonic (`--replicaof`): it must complete the
 * handshake and full resynchronization against Sonic (PING, REPLCONF, PSYNC, the RDB snapshot)
 * and then apply Sonic's replication stream, ending with the same dataset (every type, every
 * database, expiry times to the millisecond) once its offset caught up with Sonic's.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../src/server/embedded.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { RawConnection } from '../helpers/raw-connection.js';
import { logicalDump } from '../helpers/logical-dump.js';

let sonic: RunningServer;
let replica: RedisServer | undefined;
let conn: RawConnection;

async function field(c: RawConnection, name: string): Promise<string | undefined> {
  const info = await c.cmd('INFO', 'replication');
  return new RegExp(`${name}:([^\\r]*)`).exec(info)?.[1];
}

/** Waits until `check` holds, polling. */
async function until(what: string, check: () => Promise<boolean>, ms = 10000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the replica has applied everything Sonic sent, then compares both datasets. */
async function assertReplicated(label: string): Promise<void> {
  const rc = await RawConnection.open(replica!.port);
  try {
    const target = await field(conn, 'master_repl_offset');
    await until(`the replica to reach offset ${target} (${label})`, async () => (await field(rc, 'slave_repl_offset')) === target);
    assert.deepEqual(await logicalDump(replica!.port), await logicalDump(sonic.port), label);
  } finally {
    rc.close();
  }
}

before(async () => {
  sonic = await startServer({ port: 0 });
  conn = await RawConnection.open(sonic.port);
  // A dataset before the replica exists: it must arrive in the snapshot.
  await conn.run([
    ['SET', 'str', 'value'],
    ['SET', 'bin', Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('')],
    ['SET', 'ttl', 'v', 'EX', '1000'],
    ['RPUSH', 'list', 'a', 'b', 'c'],
    ['HSET', 'hash', 'f1', 'v1', 'f2', 'v2'],
    ['SADD', 'set', 'x', 'y', '1'],
    ['SADD', 'intset', '1', '2', '3'],
    ['ZADD', 'zset', '1.5', 'a', '-2', 'b'],
    ['SELECT', '5'],
    ['SET', 'in5', 'v'],
    ['SELECT', '0'],
  ]);
  replica = await startRedisServer({ args: ['--save', '', '--appendonly', 'no', '--replicaof', '127.0.0.1', String(sonic.port)] });
  const rc = await RawConnection.open(replica.port);
  await until('the replica link to come up', async () => (await field(rc, 'master_link_status')) === 'up');
  rc.close();
});

after(async () => {
  conn?.close();
  replica?.stop();
  await sonic?.close();
});

test('redis-server as a replica of Sonic: the snapshot carries the dataset', async () => {
  await assertReplicated('after the full resynchronization');
  const info = await conn.cmd('INFO', 'replication');
  assert.match(info, /connected_slaves:1\r\nslave0:ip=127\.0\.0\.1,port=\d+,state=online,offset=\d+,lag=\d+\r\n/);
});

test('redis-server as a replica of Sonic: writes of every kind follow, rewritten as Redis does', async () => {
  await conn.run([
    ['SET', 'k', 'v', 'PX', '600000'],
    ['SETEX', 'k2', '100', 'v'],
    ['EXPIRE', 'str', '5000'],
    ['GETEX', 'k2', 'PERSIST'],
    ['INCRBYFLOAT', 'f', '0.1'],
    ['INCRBYFLOAT', 'f', '0.2'],
    ['HINCRBYFLOAT', 'hash', 'n', '1.1e2'],
    ['SPOP', 'set'],
    ['SPOP', 'intset', '2'],
    ['SRANDMEMBER', 'set'],
    ['MULTI'],
    ['LPUSH', 'list', 'z'],
    ['SELECT', '7'],
    ['SET', 'in7', 'v'],
    ['SELECT', '0'],
    ['EXEC'],
    ['LMPOP', '1', 'list', 'RIGHT', 'COUNT', '2'],
    ['ZMPOP', '1', 'zset', 'MIN'],
    ['GEOADD', 'geo', '13.361389', '38.115556', 'Palermo'],
    ['RESTORE', 'restored', '100000', '\x00\x0bhello world\x0a\x00\x0b\xfcI\xb9\xa6\xc7\xa04'],
    ['GETDEL', 'bin'],
    ['SWAPDB', '5', '6'],
    ['EXPIRE', 'ttl', '-1'],
  ]);
  await assertReplicated('after the writes');
});

test('redis-server as a replica of Sonic: blocked pops served later, expired keys, flushes', async () => {
  const blocked = await RawConnection.open(sonic.port);
  try {
    blocked.send('*3\r\n$5\r\nBLPOP\r\n$2\r\nbl\r\n$1\r\n0\r\n');
    await until('the client to block', async () => / flags=b/.test(await conn.cmd('CLIENT', 'LIST')));
    await conn.run([['RPUSH', 'bl', 'one', 'two']]);
    assert.equal(await blocked.reply(), '*2\r\n$2\r\nbl\r\n$3\r\none\r\n');
  } finally {
    blocked.close();
  }
  await conn.run([['SET', 'short', 'v', 'PX', '20']]);
  await new Promise((r) => setTimeout(r, 60));
  await conn.run([['GET', 'short'], ['SELECT', '7'], ['FLUSHDB'], ['SELECT', '0']]);
  await assertReplicated('after serving, expiring and flushing');
});
