/**
 * Unit tests of command propagation (engine/propagation/): the Propagator's rules on their own,
 * then commands run in-process with a recording sink and a manual clock, so rewritten times are
 * exact and expiry needs no sleeping.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Propagator, type PropagationSink } from '../../src/engine/propagation/propagator.js';
import { ManualClock } from '../../src/util/clock.js';
import { connect, newEngine } from './server-harness.js';
import type { Engine } from '../../src/engine/engine.js';

/** A sink that records what it gets as "db:argv joined by spaces". */
function recorder(): PropagationSink & { got: string[] } {
  const got: string[] = [];
  return { got, propagate: (dbid, argv) => void got.push(`${dbid}:${argv.join(' ')}`) };
}

test('Propagator: a command propagates when dirty or forced, never when prevented, EXEC never', () => {
  const p = new Propagator();
  const r = recorder();
  p.addSink(r);
  p.beginCall('set');
  p.endCall(0, ['SET', 'a', '1'], true, false);
  p.beginCall('get');
  p.endCall(0, ['GET', 'a'], false, false);
  p.beginCall('flushdb');
  p.force();
  p.endCall(3, ['FLUSHDB'], false, false);
  p.beginCall('spop');
  p.prevent();
  p.also(0, ['SREM', 's', 'x']);
  p.endCall(0, ['SPOP', 's', '1'], true, false);
  p.beginCall('exec');
  p.endCall(0, ['EXEC'], true, true);
  assert.deepEqual(r.got, ['0:SET a 1', '3:FLUSHDB', '0:SREM s x']);
});

test('Propagator: a rewrite replaces the argv, applies only if the command wrote, numbers become decimal', () => {
  const p = new Propagator();
  const r = recorder();
  p.addSink(r);
  p.beginCall('set');
  p.rewrite(0, ['SET', 'k', 'v', 'PXAT', 1700000000123]);
  p.endCall(0, ['SET', 'k', 'v', 'EX', '10'], true, false);
  p.beginCall('set');
  p.rewrite(0, ['SET', 'k', 'v', 'PXAT', 1]);
  p.endCall(0, ['SET', 'k', 'v', 'NX', 'EX', '10'], false, false);
  assert.deepEqual(r.got, ['0:SET k v PXAT 1700000000123']);
});

test('Propagator: operations of one unit go out together, in MULTI/EXEC when several', () => {
  const p = new Propagator();
  const r = recorder();
  p.addSink(r);
  // EXEC running two writes in different databases: MULTI in the first's db, EXEC in the last's.
  p.beginCall('exec');
  p.beginCall('set');
  p.endCall(1, ['SET', 'a', '1'], true, false);
  assert.deepEqual(r.got, [], 'nothing goes out before the unit ends');
  p.beginCall('set');
  p.also(2, ['DEL', 'expired']);
  p.endCall(2, ['SET', 'b', '1'], true, false);
  p.endCall(0, ['EXEC'], false, true);
  assert.deepEqual(r.got, ['1:MULTI', '1:SET a 1', '2:DEL expired', '2:SET b 1', '2:EXEC']);
});

test('Propagator: outside any unit an operation goes at once; SCAN and RANDOMKEY are never wrapped', () => {
  const p = new Propagator();
  const r = recorder();
  p.addSink(r);
  p.also(0, ['DEL', 'x']);
  assert.deepEqual(r.got, ['0:DEL x']);
  for (const name of ['scan', 'randomkey']) {
    r.got.length = 0;
    p.beginCall(name);
    p.also(0, ['DEL', 'a']);
    p.also(0, ['DEL', 'b']);
    p.endCall(0, [name], false, false);
    assert.deepEqual(r.got, ['0:DEL a', '0:DEL b'], name);
  }
  // ... and the next command is wrapped again.
  r.got.length = 0;
  p.beginCall('set');
  p.also(0, ['DEL', 'k']);
  p.endCall(0, ['SET', 'k', 'v'], true, false);
  assert.deepEqual(r.got, ['0:MULTI', '0:DEL k', '0:SET k v', '0:EXEC']);
});

test('Propagator: a unit that is not a call (serving a blocked client) gathers what it propagates', () => {
  const p = new Propagator();
  const r = recorder();
  p.addSink(r);
  p.enterUnit();
  // No call frame: a rewrite is an operation of its own.
  p.rewrite(0, ['LPOP', 'l']);
  p.also(0, ['DEL', 'gone']);
  assert.deepEqual(r.got, []);
  p.exitUnit();
  assert.deepEqual(r.got, ['0:MULTI', '0:LPOP l', '0:DEL gone', '0:EXEC']);
});

test('Propagator: inactive without sinks (nothing queued), active again when one is added', () => {
  const p = new Propagator();
  assert.equal(p.active, false);
  p.also(0, ['DEL', 'x']);
  const r = recorder();
  p.addSink(r);
  assert.equal(p.active, true);
  assert.deepEqual(r.got, []);
  p.removeSink(r);
  assert.equal(p.active, false);
});

/** An engine on a manual clock with a recording sink, and one client. */
function setup(): { engine: Engine; clock: ManualClock; r: ReturnType<typeof recorder>; run: (...argv: string[]) => unknown } {
  const clock = new ManualClock(1_700_000_000_000);
  const engine = newEngine({ clock });
  engine.activeExpireEnabled = false;
  const r = recorder();
  engine.propagation.addSink(r);
  const c = connect(engine);
  return { engine, clock, r, run: c.run };
}

test('commands: relative times propagate as absolute ones from the engine clock', () => {
  const { engine, r, run } = setup();
  const now = 1_700_000_000_000;
  run('SET', 'k', 'v', 'EX', '10');
  run('PSETEX', 'k', '500', 'v');
  run('EXPIRE', 'k', '20', 'GT');
  run('PEXPIRE', 'k', '30000');
  run('EXPIREAT', 'k', '1800000000');
  run('PEXPIREAT', 'k', '1800000000001');
  run('GETEX', 'k', 'EX', '5');
  run('RESTORE', 'r', '1000', String(run('DUMP', 'k')));
  assert.deepEqual(r.got, [
    `0:SET k v PXAT ${now + 10000}`,
    `0:SET k v PXAT ${now + 500}`,
    `0:PEXPIREAT k ${now + 20000} GT`,
    `0:PEXPIREAT k ${now + 30000}`,
    '0:PEXPIREAT k 1800000000000',
    '0:PEXPIREAT k 1800000000001',
    `0:PEXPIREAT k ${now + 5000}`,
    `0:RESTORE r ${now + 1000} ${run('DUMP', 'k')} ABSTTL`,
  ]);
  engine.close();
});

test('commands: an expire time past 2^53 ms propagates exactly', () => {
  const { engine, r, run } = setup();
  run('SET', 'k', 'v');
  run('PEXPIRE', 'k', '9223370000000000001');
  run('EXPIREAT', 'k', '9223372036854775');
  assert.deepEqual(r.got.slice(1), [`0:PEXPIREAT k ${9223370000000000001n + 1_700_000_000_000n}`, '0:PEXPIREAT k 9223372036854775000']);
  engine.close();
});

test('commands: keys found expired propagate as DEL (UNLINK with lazyfree-lazy-expire) where found', () => {
  const { engine, clock, r, run } = setup();
  run('SET', 'a', '1', 'PX', '10');
  run('SET', 'b', '1', 'PX', '10');
  run('SET', 'c', '1', 'PX', '10');
  clock.advance(20);
  r.got.length = 0;
  run('GET', 'a');
  run('SET', 'b', '2');
  engine.config.set('lazyfree-lazy-expire', 'yes');
  run('EXISTS', 'c');
  assert.deepEqual(r.got, ['0:DEL a', '0:MULTI', '0:DEL b', '0:SET b 2', '0:EXEC', '0:UNLINK c']);
  assert.equal(engine.stats.expiredKeys, 3);
  engine.close();
});

test('commands: active expiry propagates each DEL on its own', () => {
  const { engine, clock, r, run } = setup();
  run('SELECT', '2');
  run('SET', 'a', '1', 'PX', '10');
  run('SET', 'b', '1', 'PX', '10');
  clock.advance(20);
  r.got.length = 0;
  engine.activeExpireEnabled = true;
  engine.activeExpire.runSlice();
  assert.deepEqual(r.got.sort(), ['2:DEL a', '2:DEL b']);
  engine.close();
});

test('commands: nothing is recorded or propagated while no sink listens', () => {
  const engine = newEngine();
  const c = connect(engine);
  c.run('SET', 'k', 'v', 'EX', '10');
  c.run('MULTI');
  c.run('INCR', 'n');
  c.run('EXEC');
  const r = recorder();
  engine.propagation.addSink(r);
  c.run('SET', 'after', '1');
  assert.deepEqual(r.got, ['0:SET after 1']);
  engine.close();
});
