import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, newEngine, ReplyError } from './server-harness.js';
import { ManualClock } from '../../src/util/clock.js';
import { MutableString } from '../../src/types/mutable-string.js';
import type { CollectionValue } from '../../src/types/value.js';
import type { Engine } from '../../src/engine/engine.js';

const WRONGTYPE = new ReplyError('WRONGTYPE Operation against a key holding the wrong kind of value');
const SYNTAX = new ReplyError('ERR syntax error');
const NOT_INT = new ReplyError('ERR value is not an integer or out of range');
const invalidExpire = (cmd: string) => new ReplyError(`ERR invalid expire time in '${cmd}' command`);

/** A stand-in for a key of another type (lists etc. are built elsewhere). */
function putList(e: Engine, key: string): void {
  const v: CollectionValue = { type: 'list', encoding: () => 'listpack' };
  e.dbs[0].set(key, v);
}

function setup() {
  const clock = new ManualClock(1_700_000_000_000);
  const e = newEngine({ clock });
  return { e, clock, a: connect(e), db: e.dbs[0] };
}

test('every byte value round-trips through SET/GET/APPEND/SETRANGE/GETRANGE/MGET', () => {
  const { a } = setup();
  let all = '';
  for (let i = 0; i < 256; i++) all += String.fromCharCode(i);
  assert.equal(a.run('SET', all, all), 'OK');
  assert.equal(a.run('GET', all), all);
  assert.equal(a.raw('GET', all), '$256\r\n' + all + '\r\n');
  assert.equal(a.run('APPEND', all, all), 512);
  assert.equal(a.run('GET', all), all + all);
  assert.equal(a.run('GETRANGE', all, '250', '261'), all.slice(250) + all.slice(0, 6));
  assert.equal(a.run('SETRANGE', all, '1', all), 512);
  assert.equal(a.run('GET', all), all[0] + all + all.slice(1));
  for (let i = 0; i < 256; i++) a.run('SET', 'b' + i, String.fromCharCode(i));
  const keys = Array.from({ length: 256 }, (_, i) => 'b' + i);
  assert.deepEqual(a.run('MGET', ...keys), keys.map((_, i) => String.fromCharCode(i)));
  assert.equal(a.run('STRLEN', all), 512);
});

test('SET options: NX/XX/GET/KEEPTTL and the combinations Redis rejects', () => {
  const { a, db, e } = setup();
  assert.equal(a.run('SET', 'k', 'v', 'nx'), 'OK');
  assert.equal(a.run('SET', 'k', 'w', 'NX'), null);
  assert.equal(a.run('SET', 'n', 'w', 'xx'), null);
  assert.equal(a.run('SET', 'k', 'w', 'xx'), 'OK');
  assert.equal(a.run('SET', 'k', 'x', 'get'), 'w');
  assert.equal(a.run('SET', 'n', 'x', 'GET'), null);
  assert.equal(a.run('SET', 'k', 'y', 'nx', 'get'), 'x', 'NX GET replies the old value and sets nothing');
  assert.equal(a.run('GET', 'k'), 'x');
  assert.equal(a.run('SET', 'm', 'y', 'xx', 'get'), null);
  assert.equal(db.peek('m'), undefined);
  for (const opts of [['nx', 'xx'], ['xx', 'nx'], ['ex', '10', 'px', '10'], ['px', '1', 'exat', '1'], ['keepttl', 'ex', '1'],
    ['ex', '1', 'keepttl'], ['ex'], ['persist'], [''], ['foo'], ['pxat', '1', 'ex', '1']]) {
    assert.deepEqual(a.run('SET', 'k', 'v', ...opts), SYNTAX, opts.join(' '));
  }
  assert.equal(a.run('SET', 'k', 'v', 'ex', '10', 'ex', '20'), 'OK', 'the same form twice is allowed');
  assert.equal(a.run('SET', 'k', 'v', 'EX\0junk', '10'), 'OK', 'options end at a NUL byte, as C strings do');
  putList(e, 'l');
  assert.deepEqual(a.run('SET', 'l', 'v', 'GET'), WRONGTYPE);
  assert.equal(a.run('SET', 'l', 'v'), 'OK', 'a plain SET overwrites any type');
});

test('SET expire forms and invalid expire times', () => {
  const { a, db, clock } = setup();
  const now = clock.now();
  a.run('SET', 'k', 'v', 'EX', '10');
  assert.equal(db.getExpire('k'), now + 10_000);
  a.run('SET', 'k', 'v', 'PX', '1500');
  assert.equal(db.getExpire('k'), now + 1500);
  a.run('SET', 'k', 'v', 'EXAT', '1800000000');
  assert.equal(db.getExpire('k'), 1_800_000_000_000);
  a.run('SET', 'k', 'v', 'PXAT', '1800000000123');
  assert.equal(db.getExpire('k'), 1_800_000_000_123);
  a.run('SET', 'k', 'w', 'KEEPTTL');
  assert.equal(db.getExpire('k'), 1_800_000_000_123);
  a.run('SET', 'k', 'w', 'XX');
  assert.equal(db.getExpire('k'), undefined, 'SET without KEEPTTL drops the TTL');
  for (const [form, arg] of [['ex', '0'], ['ex', '-1'], ['px', '0'], ['exat', '-5'], ['ex', '9223372036854776'],
    ['px', '9223372036854775807'], ['ex', '9223372036854775']]) {
    assert.deepEqual(a.run('SET', 'k', 'v', form, arg), invalidExpire('set'), `${form} ${arg}`);
  }
  assert.deepEqual(a.run('SET', 'k', 'v', 'ex', '1.5'), NOT_INT);
  assert.deepEqual(a.run('SET', 'k', 'v', 'ex', '99999999999999999999'), NOT_INT);
  assert.equal(a.run('SET', 'k', 'v', 'exat', '9223372036854775'), 'OK', 'absolute seconds just below the limit');
  assert.equal(a.run('SET', 'k', 'v', 'pxat', '9223372036854775807'), 'OK');
  // A time already past is accepted; the key is gone on its next access.
  assert.equal(a.run('SET', 'p', 'v', 'PXAT', '1'), 'OK');
  assert.equal(a.run('GET', 'p'), null);
  assert.deepEqual(a.run('SETEX', 'k', '0', 'v'), invalidExpire('setex'));
  assert.deepEqual(a.run('PSETEX', 'k', '-1', 'v'), invalidExpire('psetex'));
  assert.deepEqual(a.run('SETEX', 'k', 'x', 'v'), NOT_INT);
  assert.equal(a.run('SETEX', 'k', '100', 'v'), 'OK');
  assert.equal(db.getExpire('k'), now + 100_000);
  assert.equal(a.run('PSETEX', 'k', '100', 'v'), 'OK');
  assert.equal(db.getExpire('k'), now + 100);
  clock.advance(100);
  assert.equal(a.run('GET', 'k'), null, 'expired exactly at its time');
});

test('SETNX, GETSET, GETDEL, MSET, MSETNX', () => {
  const { a, db, e } = setup();
  assert.equal(a.run('SETNX', 'k', '1'), 1);
  assert.equal(a.run('SETNX', 'k', '2'), 0);
  db.setExpire('k', e.clock.now() + 1000);
  assert.equal(a.run('GETSET', 'k', '3'), '1');
  assert.equal(db.getExpire('k'), undefined, 'GETSET drops the TTL');
  assert.equal(a.run('GETSET', 'new', 'x'), null);
  assert.equal(a.run('GETDEL', 'k'), '3');
  assert.equal(a.run('GETDEL', 'k'), null);
  assert.deepEqual(a.run('MSET', 'a', '1', 'b'), new ReplyError("ERR wrong number of arguments for 'mset' command"));
  assert.deepEqual(a.run('MSETNX', 'a', '1', 'b'), new ReplyError("ERR wrong number of arguments for 'msetnx' command"));
  assert.equal(a.run('MSET', 'a', '1', 'b', '2'), 'OK');
  assert.equal(a.run('MSETNX', 'c', '1', 'a', '2'), 0);
  assert.equal(db.peek('c'), undefined);
  assert.equal(a.run('MSETNX', 'c', '1', 'c', '2'), 1);
  assert.equal(a.run('GET', 'c'), '2');
  putList(e, 'l');
  assert.deepEqual(a.run('GETSET', 'l', 'x'), WRONGTYPE);
  assert.deepEqual(a.run('GETDEL', 'l'), WRONGTYPE);
  assert.notEqual(db.peek('l'), undefined);
  assert.deepEqual(a.run('MGET', 'a', 'l', 'zz', 'c'), ['1', null, null, '2']);
  assert.deepEqual(a.run('GET', 'l'), WRONGTYPE);
  assert.deepEqual(a.run('STRLEN', 'l'), WRONGTYPE);
  assert.equal(a.run('STRLEN', 'zz'), 0);
});

test('GETEX sets, keeps, persists and deletes as Redis does', () => {
  const { a, db, clock } = setup();
  const now = clock.now();
  assert.equal(a.run('GETEX', 'k', 'EX', '-1'), null, 'a missing key is checked before the time');
  a.run('SET', 'k', 'v');
  assert.deepEqual(a.run('GETEX', 'k', 'EX', '-1'), invalidExpire('getex'));
  assert.deepEqual(a.run('GETEX', 'k', 'PX', 'x'), NOT_INT);
  for (const opts of [['persist', 'ex', '1'], ['ex', '1', 'persist'], ['keepttl'], ['nx'], ['get'], ['ex']]) {
    assert.deepEqual(a.run('GETEX', 'k', ...opts), SYNTAX, opts.join(' '));
  }
  assert.equal(a.run('GETEX', 'k', 'EX', '5'), 'v');
  assert.equal(db.getExpire('k'), now + 5000);
  assert.equal(a.run('GETEX', 'k'), 'v');
  assert.equal(db.getExpire('k'), now + 5000);
  assert.equal(a.run('GETEX', 'k', 'PERSIST'), 'v');
  assert.equal(db.getExpire('k'), undefined);
  assert.equal(a.run('GETEX', 'k', 'PXAT', String(now + 10)), 'v');
  assert.equal(db.getExpire('k'), now + 10);
  const dirty = a.client.engine.dirty;
  assert.equal(a.run('GETEX', 'k', 'EXAT', '1'), 'v', 'replies with the value, then deletes');
  assert.equal(db.peek('k'), undefined);
  assert.equal(a.client.engine.dirty, dirty + 1);
  assert.equal(a.run('GETEX', 'k'), null);
});

test('INCR family: exact 64-bit arithmetic and errors', () => {
  const { a, db, e } = setup();
  assert.equal(a.run('INCR', 'n'), 1);
  assert.equal(a.run('INCRBY', 'n', '-11'), -10);
  assert.equal(a.run('DECR', 'n'), -11);
  assert.equal(a.run('DECRBY', 'n', '-20'), 9);
  a.run('SET', 'n', '9223372036854775806');
  assert.equal(a.raw('INCR', 'n'), ':9223372036854775807\r\n');
  assert.deepEqual(a.run('INCR', 'n'), new ReplyError('ERR increment or decrement would overflow'));
  assert.equal(a.run('GET', 'n'), '9223372036854775807');
  a.run('SET', 'n', '-9223372036854775807');
  assert.equal(a.raw('DECR', 'n'), ':-9223372036854775808\r\n');
  assert.deepEqual(a.run('DECRBY', 'n', '1'), new ReplyError('ERR increment or decrement would overflow'));
  assert.deepEqual(a.run('DECRBY', 'n', '-9223372036854775808'), new ReplyError('ERR decrement would overflow'));
  a.run('SET', 'n', '9007199254740991');
  assert.equal(a.raw('INCR', 'n'), ':9007199254740992\r\n');
  assert.equal(a.raw('INCR', 'n'), ':9007199254740993\r\n');
  assert.equal(a.raw('INCRBY', 'n', '-9007199254740993'), ':0\r\n');
  for (const bad of [' 1', '1 ', '01', '-0', '+1', '', '1.0', '9223372036854775808', 'abc']) {
    a.run('SET', 'x', bad);
    assert.deepEqual(a.run('INCR', 'x'), NOT_INT, JSON.stringify(bad));
    assert.deepEqual(a.run('INCRBY', 'n', bad), NOT_INT, JSON.stringify(bad));
  }
  db.setExpire('n', e.clock.now() + 1000);
  a.run('INCR', 'n');
  assert.equal(db.getExpire('n'), e.clock.now() + 1000, 'INCR keeps the TTL');
  putList(e, 'l');
  assert.deepEqual(a.run('INCR', 'l'), WRONGTYPE);
  assert.deepEqual(a.run('INCRBY', 'l', 'x'), NOT_INT, 'the increment is parsed before the key is looked at');
});

test('INCRBYFLOAT through the command', () => {
  const { a, db, e } = setup();
  assert.equal(a.run('INCRBYFLOAT', 'f', '10.5'), '10.5');
  assert.equal(a.run('INCRBYFLOAT', 'f', '0.1'), '10.6');
  assert.equal(a.run('GET', 'f'), '10.6');
  db.setExpire('f', e.clock.now() + 1000);
  assert.equal(a.run('INCRBYFLOAT', 'f', '-10.6'), '0');
  assert.equal(db.getExpire('f'), e.clock.now() + 1000, 'INCRBYFLOAT keeps the TTL');
  assert.deepEqual(a.run('INCRBYFLOAT', 'f', '+inf'), new ReplyError('ERR increment would produce NaN or Infinity'));
  assert.deepEqual(a.run('INCRBYFLOAT', 'f', 'nan'), new ReplyError('ERR value is not a valid float'));
  a.run('SET', 'f', ' 11');
  assert.deepEqual(a.run('INCRBYFLOAT', 'f', '1'), new ReplyError('ERR value is not a valid float'));
  a.run('SET', 'f', '1');
  a.run('SETRANGE', 'f', '2', '2');
  assert.deepEqual(a.run('INCRBYFLOAT', 'f', '1'), new ReplyError('ERR value is not a valid float'));
  a.run('SET', 'f', '0');
  a.run('INCRBYFLOAT', 'f', String(1 / 41));
  assert.equal(a.run('INCRBYFLOAT', 'f', String(-1 / 41)), '0', 'no negative zero');
  putList(e, 'l');
  assert.deepEqual(a.run('INCRBYFLOAT', 'l', '1'), WRONGTYPE);
});

test('APPEND and SETRANGE mutate in place after the first change', () => {
  const { a, db, e } = setup();
  assert.equal(a.run('APPEND', 's', 'ab'), 2);
  assert.equal(typeof db.peek('s'), 'string', 'a new key is a plain string');
  assert.equal(a.run('APPEND', 's', 'cd'), 4);
  const m = db.peek('s');
  assert.ok(m instanceof MutableString);
  for (let i = 0; i < 1000; i++) a.run('APPEND', 's', 'x');
  assert.equal(db.peek('s'), m, 'later appends reuse the same buffer');
  assert.equal(a.run('STRLEN', 's'), 1004);
  assert.equal(a.run('SETRANGE', 's', '1', 'ZZ'), 1004);
  assert.equal(a.run('GETRANGE', 's', '0', '4'), 'aZZdx');
  assert.equal(a.run('SETRANGE', 's', '1006', 'end'), 1009);
  assert.equal(a.run('GETRANGE', 's', '-5', '-1'), '\0\0end');
  db.setExpire('s', e.clock.now() + 1000);
  a.run('APPEND', 's', '!');
  assert.equal(db.getExpire('s'), e.clock.now() + 1000, 'APPEND keeps the TTL');
  assert.equal(a.run('SETRANGE', 'new', '0', ''), 0);
  assert.equal(db.peek('new'), undefined, 'setting nothing creates nothing');
  assert.equal(a.run('SETRANGE', 'new', '3', 'x'), 4);
  assert.equal(a.run('GET', 'new'), '\0\0\0x');
  assert.equal(a.run('SETRANGE', 'new', '10', ''), 4);
  assert.deepEqual(a.run('SETRANGE', 'new', '-1', 'x'), new ReplyError('ERR offset is out of range'));
  assert.deepEqual(a.run('SETRANGE', 'new', 'x', 'x'), NOT_INT);
  const tooBig = new ReplyError('ERR string exceeds maximum allowed size (proto-max-bulk-len)');
  assert.deepEqual(a.run('SETRANGE', 'k2', String(512 * 1024 * 1024 - 4), 'world'), tooBig);
  assert.deepEqual(a.run('SETRANGE', 'new', '9223372036854775807', 'A'), tooBig);
  assert.deepEqual(a.run('SETRANGE', 'new', '2147483647', 'A'), tooBig);
  putList(e, 'l');
  assert.deepEqual(a.run('APPEND', 'l', 'x'), WRONGTYPE);
  assert.deepEqual(a.run('SETRANGE', 'l', '0', 'x'), WRONGTYPE);
  assert.deepEqual(a.run('SETRANGE', 'l', '-1', 'x'), new ReplyError('ERR offset is out of range'));
});

test('APPEND obeys proto-max-bulk-len', () => {
  const { a, e } = setup();
  e.config.set('proto-max-bulk-len', String(1024 * 1024));
  a.run('SET', 's', 'x'.repeat(1024 * 1024 - 1));
  assert.equal(a.run('APPEND', 's', 'y'), 1024 * 1024);
  assert.deepEqual(a.run('APPEND', 's', 'z'), new ReplyError('ERR string exceeds maximum allowed size (proto-max-bulk-len)'));
  assert.equal(a.run('APPEND', 's', ''), 1024 * 1024);
});

test('GETRANGE/SUBSTR index rules', () => {
  const { a } = setup();
  a.run('SET', 's', 'Hello World');
  const cases: [string, string, string][] = [
    ['0', '3', 'Hell'], ['0', '-1', 'Hello World'], ['-4', '-1', 'orld'], ['5', '3', ''], ['5', '5000', ' World'],
    ['-5000', '10000', 'Hello World'], ['-1', '-5', ''], ['0', '4294967297', 'Hello World'],
    ['9223372036854775807', '-9223372036854775808', ''], ['-9223372036854775808', '9223372036854775807', 'Hello World'],
    ['-9007199254740993', '-9007199254740994', ''], ['-9007199254740994', '-9007199254740993', 'H'],
  ];
  for (const [s, e, want] of cases) {
    assert.equal(a.run('GETRANGE', 's', s, e), want, `${s} ${e}`);
    assert.equal(a.run('SUBSTR', 's', s, e), want, `${s} ${e}`);
  }
  assert.equal(a.raw('GETRANGE', 'missing', '0', '-1'), '$0\r\n\r\n');
  a.run('SET', 'e', '');
  assert.equal(a.raw('GETRANGE', 'e', '0', '-1'), '$0\r\n\r\n');
  assert.deepEqual(a.run('GETRANGE', 's', 'a', '1'), NOT_INT);
  assert.deepEqual(a.run('GETRANGE', 's', '0', '1.5'), NOT_INT);
});

test('RESP3 nulls and dirty counting', () => {
  const { a, e } = setup();
  a.client.reply.proto = 3;
  assert.equal(a.raw('GET', 'nope'), '_\r\n');
  assert.equal(a.raw('SET', 'k', 'v', 'NX'), '+OK\r\n');
  assert.equal(a.raw('SET', 'k', 'v', 'NX'), '_\r\n');
  assert.equal(a.raw('MGET', 'k', 'nope'), '*2\r\n$1\r\nv\r\n_\r\n');
  assert.equal(a.raw('GETEX', 'nope'), '_\r\n');
  const d0 = e.dirty;
  a.run('MSET', 'a', '1', 'b', '2', 'c', '3');
  assert.equal(e.dirty, d0 + 3);
  a.run('SETRANGE', 'a', '0', '');
  assert.equal(e.dirty, d0 + 3, 'SETRANGE of nothing is not a write');
  a.run('SET', 'a', '1', 'XX', 'GET');
  a.run('SET', 'zz', '1', 'XX');
  assert.equal(e.dirty, d0 + 4);
  a.run('GETEX', 'a', 'PERSIST');
  assert.equal(e.dirty, d0 + 4, 'PERSIST on a key without TTL changes nothing');
});
