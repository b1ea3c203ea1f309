/**
 * Unit tests of the blocked-clients machinery: the registry (keyspace/blocking.ts) on its own,
 * and the client side (engine/blocking.ts) through the list commands with a manual clock:
 * FIFO order, ready keys, timeouts without sleeping, CLIENT UNBLOCK, disconnects, stats.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, decode, newEngine, ReplyError } from './server-harness.js';
import { BlockingKeys, Waiter } from '../../src/keyspace/blocking.js';
import { ManualClock } from '../../src/util/clock.js';
import { blockForKeys, canBlock, parseTimeout } from '../../src/engine/blocking.js';
import type { Engine } from '../../src/engine/engine.js';

function setup() {
  const clock = new ManualClock(1_700_000_000_000);
  const e = newEngine({ clock });
  return { e, clock, a: connect(e), b: connect(e), c: connect(e) };
}

/** Runs `argv` on a client expected to block: no reply, flagged blocked. */
function block(t: ReturnType<typeof connect>, ...argv: string[]): void {
  assert.equal(t.raw(...argv), '', `${argv.join(' ')} should block`);
  assert.equal(t.client.blocked, 'keys');
}

/** The reply a served/unblocked client got, decoded. */
function served(t: ReturnType<typeof connect>): unknown {
  assert.equal(t.client.blocked, null, 'client still blocked');
  return decode(t.client.reply.take());
}

function info(e: Engine, field: string): number {
  const t = connect(e);
  const text = t.run('INFO', 'clients') as string;
  t.client.engine.removeClient(t.client);
  const m = new RegExp(`${field}:(\\d+)`).exec(text);
  return Number(m![1]);
}

test('registry: FIFO per key, duplicate keys once, ready keys deduplicated, db.waits only while waited', () => {
  const e = newEngine();
  const db = e.dbs[0];
  const reg = new BlockingKeys();
  assert.equal(db.waits, null);
  const w1 = new Waiter(db, ['k', 'k', 'j'], 'list', 0);
  const w2 = new Waiter(db, ['k'], 'list', 0);
  assert.deepEqual(w1.keys, ['k', 'j']);
  reg.add(w1);
  reg.add(w2);
  assert.notEqual(db.waits, null);
  assert.deepEqual(reg.waitersOn(db, 'k'), [w1, w2]);
  assert.equal(reg.countOn(db, 'j'), 1);
  reg.signal(db, 'k');
  reg.signal(db, 'k');
  reg.signal(db, 'nobody');
  assert.equal(reg.pending.length, 1);
  const batch = reg.takeReady();
  assert.deepEqual(batch.map((r) => r.key), ['k']);
  assert.equal(reg.pending.length, 0);
  reg.signal(db, 'k'); // may be signalled again once taken
  assert.equal(reg.pending.length, 1);
  reg.takeReady();
  reg.remove(w1);
  reg.remove(w1); // idempotent
  assert.deepEqual(reg.waitersOn(db, 'k'), [w2]);
  assert.equal(reg.countOn(db, 'j'), 0);
  reg.remove(w2);
  assert.equal(db.waits, null);
  assert.equal(reg.size, 0);
});

test('registry: Db.set/remove signal waited keys only; SWAPDB and FLUSHDB signal every waited key', () => {
  const e = newEngine();
  const [db0, db1] = e.dbs;
  const reg = new BlockingKeys();
  const w = new Waiter(db0, ['k', 'other'], 'list', 0);
  reg.add(w);
  db0.set('x', 'v');
  assert.equal(reg.pending.length, 0);
  db0.set('k', 'v');
  assert.deepEqual(reg.pending.map((r) => r.key), ['k']);
  reg.takeReady();
  db0.remove('x');
  assert.equal(reg.pending.length, 0);
  db0.remove('k');
  assert.deepEqual(reg.pending.map((r) => r.key), ['k']);
  reg.takeReady();
  db1.data.set('other', 'v');
  db0.swapWith(db1);
  assert.deepEqual(reg.pending.map((r) => [r.db.id, r.key]), [[0, 'k'], [0, 'other']]);
  reg.takeReady();
  db0.clear();
  assert.deepEqual(reg.pending.map((r) => r.key), ['k', 'other']);
});

test('registry: deadlines expire in order, strictly after the deadline', () => {
  const e = newEngine();
  const db = e.dbs[0];
  const reg = new BlockingKeys();
  const late = new Waiter(db, ['a'], 'list', 300);
  const early = new Waiter(db, ['b'], 'list', 100);
  const forever = new Waiter(db, ['c'], 'list', 0);
  const tie = new Waiter(db, ['d'], 'list', 100);
  for (const w of [late, early, forever, tie]) reg.add(w);
  assert.equal(reg.timeoutCount, 3);
  assert.equal(reg.nextDeadline(), 100);
  assert.deepEqual(reg.expired(100), []);
  assert.deepEqual(reg.expired(101), [early, tie]);
  reg.remove(late);
  assert.equal(reg.nextDeadline(), 0);
  assert.equal(reg.size, 1);
});

test('a blocked client is served by a push from another client, FIFO, after the command', () => {
  const { a, b, c } = setup();
  block(a, 'BLPOP', 'k', '0');
  block(b, 'BRPOP', 'k', 'other', '0');
  assert.equal(c.raw('RPUSH', 'k', '1', '2', '3'), ':3\r\n'); // the pusher sees the length before serving
  assert.deepEqual(served(a), ['k', '1']);
  assert.deepEqual(served(b), ['k', '3']);
  assert.deepEqual(c.run('LRANGE', 'k', '0', '-1'), ['2']);
  assert.equal(c.client.engine.blocking.keys.size, 0);
});

test('timeouts follow the engine clock with millisecond precision; 0 waits forever', () => {
  const { e, clock, a, b } = setup();
  block(a, 'BLPOP', 'k', '0.0015'); // rounds up to 2 ms
  block(b, 'BLPOP', 'k', '0');
  assert.equal(info(e, 'clients_in_timeout_table'), 1);
  assert.equal(info(e, 'blocked_clients'), 2);
  clock.advance(2);
  e.blocking.checkTimeouts();
  assert.equal(a.client.blocked, 'keys', 'not yet: Redis times out when the deadline is in the past');
  clock.advance(1);
  e.blocking.checkTimeouts();
  assert.equal(a.client.reply.take(), '*-1\r\n');
  assert.equal(a.client.blocked, null);
  clock.advance(1e9);
  e.blocking.checkTimeouts();
  assert.equal(b.client.blocked, 'keys');
  assert.equal(info(e, 'blocked_clients'), 1);
  assert.equal(info(e, 'clients_in_timeout_table'), 0);
});

test('RESP3 timeouts reply null; BLMOVE times out with a null array too', () => {
  const { e, clock, a } = setup();
  a.raw('HELLO', '3');
  block(a, 'BLMOVE', 'k', 'd', 'LEFT', 'LEFT', '1');
  clock.advance(1001);
  e.blocking.checkTimeouts();
  assert.equal(a.client.reply.take(), '_\r\n');
  a.raw('HELLO', '2');
  block(a, 'BLMOVE', 'k', 'd', 'LEFT', 'LEFT', '1');
  clock.advance(1001);
  e.blocking.checkTimeouts();
  assert.equal(a.client.reply.take(), '*-1\r\n');
});

test('parseTimeout: units, rounding, errors', () => {
  const { e, a } = setup();
  const now = e.clock.now();
  const t = (s: string, unit?: 'seconds' | 'milliseconds') => {
    const d = parseTimeout(a.client, s, unit);
    return d === null ? decode(a.client.reply.take()) : d === 0 ? 0 : d - now;
  };
  assert.equal(t('0'), 0);
  assert.equal(t('1'), 1000);
  assert.equal(t('0.001'), 1);
  assert.equal(t('0.0001'), 1);
  assert.equal(t('1.5'), 1500);
  assert.equal(t('-0.0001'), 0); // ceil(-0.1) is -0: Redis waits forever
  assert.equal(t('0x10'), 16000);
  assert.deepEqual(t('-1'), new ReplyError('ERR timeout is negative'));
  assert.deepEqual(t('inf'), new ReplyError('ERR timeout is negative'));
  assert.deepEqual(t('1e16'), new ReplyError('ERR timeout is negative'));
  assert.deepEqual(t('x'), new ReplyError('ERR timeout is not a float or out of range'));
  assert.deepEqual(t('nan'), new ReplyError('ERR timeout is not a float or out of range'));
  assert.equal(t('250', 'milliseconds'), 250);
  assert.deepEqual(t('1.5', 'milliseconds'), new ReplyError('ERR timeout is not an integer or out of range'));
  assert.deepEqual(t('-5', 'milliseconds'), new ReplyError('ERR timeout is negative'));
});

test('CLIENT UNBLOCK: TIMEOUT replies null, ERROR replies -UNBLOCKED; counted as failed calls', () => {
  const { e, a, c } = setup();
  block(a, 'BLPOP', 'k', '0');
  const id = String(a.client.id);
  assert.equal(c.run('CLIENT', 'UNBLOCK', id), 1);
  assert.equal(served(a), null);
  assert.equal(c.run('CLIENT', 'UNBLOCK', id), 0);
  block(a, 'BRPOP', 'k', '0');
  assert.equal(c.run('CLIENT', 'UNBLOCK', id, 'ERROR'), 1);
  assert.deepEqual(served(a), new ReplyError('UNBLOCKED client unblocked via CLIENT UNBLOCK'));
  assert.deepEqual(c.run('CLIENT', 'UNBLOCK', id, 'nope'), new ReplyError('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR'));
  const stats = e.table.lookup(['brpop'])!.stats;
  assert.equal(stats.calls, 1);
  assert.equal(stats.failedCalls, 1);
  assert.match(c.run('INFO', 'errorstats') as string, /errorstat_UNBLOCKED:count=1/);
});

test('a disconnected waiter is forgotten and the next one served', () => {
  const { e, a, b, c } = setup();
  block(a, 'BLPOP', 'k', '5');
  block(b, 'BLPOP', 'k', '0');
  e.removeClient(a.client);
  assert.equal(e.blocking.keys.size, 1);
  assert.equal(e.blocking.inTimeoutTable, 0);
  c.raw('LPUSH', 'k', 'v');
  assert.deepEqual(served(b), ['k', 'v']);
  assert.equal(e.dbs[0].waits, null);
});

test('no blocking when canBlock is false: replies as on a timeout', () => {
  const { a } = setup();
  a.client.denyBlocking = true;
  assert.equal(canBlock(a.client), false);
  assert.equal(a.raw('BLPOP', 'k', '0'), '*-1\r\n');
  assert.equal(a.raw('BLMPOP', '0', '1', 'k', 'LEFT'), '*-1\r\n');
  assert.equal(a.raw('BLMOVE', 'k', 'd', 'LEFT', 'LEFT', '0'), '$-1\r\n');
  assert.equal(a.raw('BRPOPLPUSH', 'k', 'd', '0'), '$-1\r\n');
  assert.equal(a.client.blocked, null);
});

test('a key of another type leaves waiters blocked; BLMOVE chains serve in one round', () => {
  const { a, b, c } = setup();
  block(a, 'BLMOVE', 'src', 'mid', 'LEFT', 'RIGHT', '0');
  block(b, 'BLPOP', 'mid', '0');
  c.raw('SET', 'src', 'x');
  assert.equal(a.client.blocked, 'keys');
  c.raw('DEL', 'src');
  c.raw('RPUSH', 'src', 'v');
  assert.equal(served(a), 'v');
  assert.deepEqual(served(b), ['mid', 'v']);
  assert.equal(c.run('EXISTS', 'src', 'mid'), 0);
});

test('served commands are accounted when served: commandstats time, slow log; dirty as Redis', () => {
  const { e, a, c } = setup();
  c.raw('CONFIG', 'SET', 'slowlog-log-slower-than', '0');
  c.raw('SLOWLOG', 'RESET');
  block(a, 'BLPOP', 'k', '0');
  assert.equal(c.run('SLOWLOG', 'LEN'), 0 + 1); // the SLOWLOG RESET itself
  const dirty = e.dirty;
  c.raw('RPUSH', 'k', 'v');
  served(a);
  // RPUSH counts its element; serving BLPOP does not count again (Redis 7.0).
  assert.equal(e.dirty, dirty + 1);
  const log = c.run('SLOWLOG', 'GET', '10') as unknown[][];
  assert.ok(log.some((entry) => JSON.stringify(entry[3]) === JSON.stringify(['BLPOP', 'k', '0'])), 'BLPOP logged when served');
  assert.equal(e.table.lookup(['blpop'])!.stats.calls, 1);
  block(a, 'BLMPOP', '0', '1', 'k', 'LEFT', 'COUNT', '3');
  const d2 = e.dirty;
  c.raw('RPUSH', 'k', '1', '2');
  assert.deepEqual(served(a), ['k', ['1', '2']]);
  assert.equal(e.dirty, d2 + 2 + 2, 'BLMPOP counts what it pops when served');
});

test('blocked clients appear with flag b and their command in CLIENT LIST', () => {
  const { a, c } = setup();
  block(a, 'BLPOP', 'k', '0');
  const line = c.run('CLIENT', 'LIST', 'ID', String(a.client.id)) as string;
  assert.match(line, / flags=b /);
  assert.match(line, / cmd=blpop /);
  c.raw('RPUSH', 'k', 'v');
  served(a);
  assert.match(c.run('CLIENT', 'LIST', 'ID', String(a.client.id)) as string, / flags=N /);
});

test('keyGone ends waits on keys deleted, overwritten, flushed or swapped away (the XREADGROUP hook)', () => {
  const { e, a, c } = setup();
  const gone: string[] = [];
  const handler = {
    serve: () => false,
    keyGone: (cl: typeof a.client, key: string) => {
      gone.push(key);
      cl.reply.error('UNBLOCKED the stream key no longer exists');
      return true;
    },
  };
  for (const [setupCmds, trigger] of [
    [[['SET', 'k', 'v']], ['DEL', 'k']],
    [[], ['SET', 'k', 'v']],
    [[['SET', 'k', 'v']], ['FLUSHDB']],
    [[['SET', 'k', 'v']], ['SWAPDB', '0', '1']],
  ] as [string[][], string[]][]) {
    c.raw('FLUSHALL');
    for (const cmd of setupCmds) c.raw(...cmd);
    blockForKeys(a.client, ['k'], 'stream', 0, handler);
    c.raw(...trigger);
    assert.deepEqual(served(a), new ReplyError('UNBLOCKED the stream key no longer exists'), trigger.join(' '));
  }
  assert.deepEqual(gone, ['k', 'k', 'k', 'k']);
  // Without the hook (lists), the waiter keeps waiting.
  blockForKeys(a.client, ['k'], 'list', 0, { serve: () => true });
  c.raw('SET', 'k', 'v');
  c.raw('DEL', 'k');
  assert.equal(a.client.blocked, 'keys');
  e.blocking.unblock(a.client, false);
});
