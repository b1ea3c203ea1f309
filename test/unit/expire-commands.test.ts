import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/util/clock.js';
import { connect, newEngine, ReplyError } from './server-harness.js';

function setup() {
  const clock = new ManualClock(1_700_000_000_000);
  const e = newEngine({ clock });
  e.activeExpire.stop();
  return { clock, e, a: connect(e) };
}

test('EXPIRE family sets absolute times; TTL rounds, PTTL exact', () => {
  const { e, a, clock } = setup();
  a.run('SET', 'k', 'v');
  assert.equal(a.run('EXPIRE', 'k', '10'), 1);
  assert.equal(a.run('PEXPIRETIME', 'k'), 1_700_000_010_000);
  assert.equal(a.run('EXPIRETIME', 'k'), 1_700_000_010);
  clock.advance(1499);
  assert.equal(a.run('PTTL', 'k'), 8501);
  assert.equal(a.run('TTL', 'k'), 9, '8.501 s rounds to 9');
  assert.equal(a.run('PEXPIRE', 'k', '2500'), 1);
  assert.equal(a.run('TTL', 'k'), 3, '2.5 s rounds half up');
  assert.equal(a.run('EXPIREAT', 'k', '1800000000'), 1);
  assert.equal(a.run('PEXPIREAT', 'k', '1800000000123'), 1);
  assert.equal(a.run('PEXPIRETIME', 'k'), 1800000000123);
  assert.equal(a.run('PERSIST', 'k'), 1);
  assert.equal(a.run('PERSIST', 'k'), 0);
  assert.deepEqual([a.run('TTL', 'k'), a.run('PTTL', 'k'), a.run('EXPIRETIME', 'k'), a.run('PEXPIRETIME', 'k')], [-1, -1, -1, -1]);
  assert.deepEqual([a.run('TTL', 'no'), a.run('PTTL', 'no'), a.run('EXPIRETIME', 'no'), a.run('PEXPIRETIME', 'no')], [-2, -2, -2, -2]);
  assert.equal(a.run('EXPIRE', 'no', '10'), 0);
  e.close();
});

test('an expire in the past deletes the key', () => {
  const { e, a } = setup();
  a.run('SET', 'k', 'v');
  assert.equal(a.run('EXPIRE', 'k', '-1'), 1);
  assert.equal(a.run('EXISTS', 'k'), 0);
  a.run('SET', 'k', 'v');
  assert.equal(a.run('PEXPIREAT', 'k', '-9223372036854770000'), 1);
  assert.equal(a.run('TTL', 'k'), -2);
  const dirty = e.dirty;
  a.run('SET', 'k', 'v');
  assert.equal(a.run('EXPIREAT', 'k', '1'), 1);
  assert.equal(e.dirty, dirty + 2);
  e.close();
});

test('NX/XX/GT/LT semantics (no TTL counts as infinite)', () => {
  const { e, a } = setup();
  a.run('SET', 'k', 'v', 'EX', '100');
  assert.equal(a.run('EXPIRE', 'k', '200', 'NX'), 0);
  assert.equal(a.run('EXPIRE', 'k', '200', 'XX'), 1);
  assert.equal(a.run('EXPIRE', 'k', '100', 'GT'), 0);
  assert.equal(a.run('EXPIRE', 'k', '300', 'gt'), 1);
  assert.equal(a.run('EXPIRE', 'k', '400', 'LT'), 0);
  assert.equal(a.run('EXPIRE', 'k', '50', 'LT', 'XX'), 1);
  assert.equal(a.run('TTL', 'k'), 50);
  a.run('SET', 'p', 'v');
  assert.equal(a.run('EXPIRE', 'p', '100', 'GT'), 0);
  assert.equal(a.run('EXPIRE', 'p', '100', 'XX'), 0);
  assert.equal(a.run('EXPIRE', 'p', '100', 'LT'), 1);
  assert.equal(a.run('EXPIRE', 'p', '-10', 'LT'), 1);
  assert.equal(a.run('EXISTS', 'p'), 0);
  e.close();
});

test('EXPIRE errors match Redis', () => {
  const { e, a } = setup();
  a.run('SET', 'k', 'v');
  const err = (...argv: string[]) => (a.run(...argv) as ReplyError).message;
  assert.equal(err('EXPIRE', 'k', '10', 'LT', 'GT'), 'ERR GT and LT options at the same time are not compatible');
  assert.equal(err('EXPIRE', 'k', '10', 'NX', 'XX'), 'ERR NX and XX, GT or LT options at the same time are not compatible');
  assert.equal(err('EXPIRE', 'k', '10', 'NX', 'GT'), 'ERR NX and XX, GT or LT options at the same time are not compatible');
  assert.equal(err('EXPIRE', 'k', '10', 'XX', 'AB'), 'ERR Unsupported option AB');
  assert.equal(err('EXPIRE', 'k', '10', 'A\r\nB'), 'ERR Unsupported option A  B');
  // Options are checked before the number.
  assert.equal(err('EXPIRE', 'k', 'x', 'AB'), 'ERR Unsupported option AB');
  assert.equal(err('EXPIRE', 'k', ''), 'ERR value is not an integer or out of range');
  assert.equal(err('EXPIRE', 'k', '9223370399119966'), "ERR invalid expire time in 'expire' command");
  assert.equal(err('EXPIRE', 'k', '9223372036854776'), "ERR invalid expire time in 'expire' command");
  assert.equal(err('EXPIRE', 'k', '-9223372036854776'), "ERR invalid expire time in 'expire' command");
  assert.equal(err('EXPIREAT', 'k', '9223372036854776'), "ERR invalid expire time in 'expireat' command");
  assert.equal(err('PEXPIRE', 'k', '9223372036854770000'), "ERR invalid expire time in 'pexpire' command");
  assert.equal(a.run('PEXPIREAT', 'k', '9223372036854770000'), 1);
  assert.equal(a.run('EXPIREAT', 'k', '9223372036854775'), 1, 'the largest EXPIREAT that fits');
  assert.equal(a.run('TTL', 'k') as number > 0, true);
  e.close();
});
