/**
 * Unit tests of the pieces of scripting that need no interpreter: RESP -> Lua and Lua -> RESP
 * conversions, error tables, shebang and library headers. (The whole path, with Lua, is
 * compared with redis-server in test/differential/scripting.test.ts.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LuaFunction, LuaTable, type LuaValue } from '../../src/scripting/lua/value.js';
import { replyToLua } from '../../src/scripting/resp-to-lua.js';
import { luaNumberToInteger, luaToReply } from '../../src/scripting/lua-to-resp.js';
import { errorTable, errorText, extractErrorInfo } from '../../src/scripting/script-errors.js';
import { evalShebang, isValidFunctionName, libraryMetadata } from '../../src/scripting/shebang.js';
import { ReplyBuffer } from '../../src/protocol/reply.js';
import { ScriptFlag } from '../../src/engine/script-run.js';

function table(entries: [LuaValue, LuaValue][]): LuaTable {
  const t = new LuaTable();
  for (const [k, v] of entries) t.set(k, v);
  return t;
}

function reply(v: LuaValue, scriptResp: 2 | 3 = 2, clientResp: 2 | 3 = 2): string {
  const out = new ReplyBuffer();
  out.proto = clientResp;
  luaToReply(out, v, scriptResp);
  return out.take();
}

test('RESP replies become the Lua values redis.call returns', () => {
  assert.equal(replyToLua(':42\r\n'), 42);
  assert.equal(replyToLua(':-9223372036854775808\r\n'), -9223372036854775808);
  assert.equal(replyToLua('$3\r\na\r\nb\r\n'), 'a\r\nb'.slice(0, 3));
  assert.equal(replyToLua('$0\r\n\r\n'), '');
  assert.equal(replyToLua('$-1\r\n'), false);
  assert.equal(replyToLua('*-1\r\n'), false);
  assert.equal(replyToLua('_\r\n'), undefined);
  assert.equal(replyToLua('#t\r\n'), true);
  assert.equal(replyToLua('#f\r\n'), false);
  const ok = replyToLua('+OK\r\n') as LuaTable;
  assert.equal(ok.get('ok'), 'OK');
  const err = replyToLua('-WRONGTYPE Operation against\r\n') as LuaTable;
  assert.equal(err.get('err'), 'WRONGTYPE Operation against');
  assert.equal(err.get('ignore_error_stats_update'), true);
  const arr = replyToLua('*3\r\n:1\r\n$1\r\nx\r\n*1\r\n$-1\r\n') as LuaTable;
  assert.deepEqual([arr.get(1), arr.get(2), (arr.get(3) as LuaTable).get(1)], [1, 'x', false]);
  const map = replyToLua('%1\r\n$1\r\nk\r\n:2\r\n') as LuaTable;
  assert.equal((map.get('map') as LuaTable).get('k'), 2);
  const set = replyToLua('~2\r\n$1\r\na\r\n$1\r\nb\r\n') as LuaTable;
  assert.equal((set.get('set') as LuaTable).get('b'), true);
  assert.equal((replyToLua(',3.5\r\n') as LuaTable).get('double'), 3.5);
  assert.equal((replyToLua(',inf\r\n') as LuaTable).get('double'), Infinity);
  assert.equal((replyToLua('(123\r\n') as LuaTable).get('big_number'), '123');
  const verb = (replyToLua('=8\r\ntxt:abcd\r\n') as LuaTable).get('verbatim_string') as LuaTable;
  assert.deepEqual([verb.get('format'), verb.get('string')], ['txt', 'abcd']);
  // Attributes are skipped: the value after them is the reply.
  assert.equal(replyToLua('|1\r\n$1\r\na\r\n:1\r\n:7\r\n'), 7);
});

test('every byte value survives a bulk reply into Lua', () => {
  const all = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
  assert.equal(replyToLua(`$256\r\n${all}\r\n`), all);
  assert.equal(reply(all), `$256\r\n${all}\r\n`);
});

test('Lua numbers become integers the way C casts them on x86', () => {
  assert.equal(luaNumberToInteger(100.5), 100);
  assert.equal(luaNumberToInteger(-100.5), -100);
  assert.equal(luaNumberToInteger(-0.5), 0);
  assert.equal(luaNumberToInteger(NaN), -9223372036854775808n);
  assert.equal(luaNumberToInteger(Infinity), -9223372036854775808n);
  assert.equal(luaNumberToInteger(2 ** 63), -9223372036854775808n);
  assert.equal(luaNumberToInteger(-(2 ** 63)), -9223372036854775808n);
  assert.equal(luaNumberToInteger(2 ** 62), 4611686018427387904n);
  assert.equal(reply(2 ** 53 + 2), ':9007199254740994\r\n');
});

test('Lua values become replies: scalars, booleans by the script\'s protocol, nil', () => {
  assert.equal(reply('x'), '$1\r\nx\r\n');
  assert.equal(reply(3.9), ':3\r\n');
  assert.equal(reply(true), ':1\r\n');
  assert.equal(reply(false), '$-1\r\n');
  assert.equal(reply(false, 2, 3), '_\r\n');
  assert.equal(reply(true, 3, 3), '#t\r\n');
  assert.equal(reply(false, 3, 2), ':0\r\n');
  assert.equal(reply(undefined), '$-1\r\n');
  assert.equal(reply(new LuaFunction('f', () => [])), '$-1\r\n');
});

test('tables become arrays up to the first nil, or the RESP3 type their field names', () => {
  assert.equal(reply(table([[1, 1], [2, 'a'], [4, 4]])), '*2\r\n:1\r\n$1\r\na\r\n');
  assert.equal(reply(table([['ok', 'a\r\nb']])), '+a  b\r\n');
  assert.equal(reply(table([['err', 'ERR x\n']])), '-ERR x\r\n');
  assert.equal(reply(table([['err', '\nx']])), '- x\r\n');
  assert.equal(reply(table([['err', '']])), '-\r\n');
  assert.equal(reply(table([['double', 1.5]])), '$3\r\n1.5\r\n');
  assert.equal(reply(table([['double', 1.5]]), 2, 3), ',1.5\r\n');
  assert.equal(reply(table([['double', NaN]]), 2, 3), ',-nan\r\n');
  assert.equal(reply(table([['big_number', '12\n3']]), 2, 3), '(12 3\r\n');
  const verb = table([['verbatim_string', table([['format', 'markdown'], ['string', 'x']])]]);
  assert.equal(reply(verb, 2, 3), '=5\r\nmar:x\r\n');
  assert.equal(reply(table([['map', table([['a', 1]])]]), 2, 3), '%1\r\n$1\r\na\r\n:1\r\n');
  assert.equal(reply(table([['map', table([['a', 1]])]])), '*2\r\n$1\r\na\r\n:1\r\n');
  assert.equal(reply(table([['set', table([['a', true]])]]), 2, 3), '~1\r\n$1\r\na\r\n');
  // Error beats ok beats double ..., and a non-string err is not an error.
  assert.equal(reply(table([['err', 'E x'], ['ok', 'O']])), '-E x\r\n');
  assert.equal(reply(table([['err', 1], ['ok', 'O']])), '+O\r\n');
});

test('nesting stops at Redis\'s Lua stack limit, element by element', () => {
  const a = new LuaTable();
  const b = new LuaTable();
  a.set(1, b);
  b.set(1, a);
  const out = reply(a);
  assert.equal(out.split('*1\r\n').length - 1, 7995);
  assert.ok(out.endsWith('-ERR reached lua stack limit\r\n'));
  const m = new LuaTable();
  m.set('map', m);
  const mout = reply(m);
  assert.equal(mout.split('*2\r\n').length - 1, 2665);
  assert.ok(mout.endsWith('-ERR reached lua stack limit\r\n-ERR reached lua stack limit\r\n'));
});

test('error tables: codes, messages and C-string ends', () => {
  assert.equal(errorText('-WRONGTYPE bad'), 'WRONGTYPE bad');
  assert.equal(errorText('-NOCODE'), 'ERR NOCODE');
  assert.equal(errorText('plain message'), 'ERR plain message');
  assert.equal(errorText('-ERR x\r\n'), 'ERR x');
  assert.equal(errorText('-ERR a\0b'), 'ERR a');
  assert.equal(errorText('-'), 'ERR ');
  const t = errorTable('-OOM full', true);
  assert.deepEqual(extractErrorInfo(t), { msg: 'OOM full', source: undefined, line: undefined, counted: true });
  assert.equal(extractErrorInfo('x').msg, 'ERR x');
  assert.equal(extractErrorInfo(12).msg, 'ERR 12');
});

test('EVAL shebangs: flags, errors, the length to skip', () => {
  assert.deepEqual(evalShebang('return 1'), { flags: ScriptFlag.EvalCompat, length: 0 });
  assert.deepEqual(evalShebang('#!lua\nreturn 1'), { flags: 0, length: 5 });
  assert.deepEqual(evalShebang('#!lua flags=no-writes,allow-oom\nx'), { flags: ScriptFlag.NoWrites | ScriptFlag.AllowOom, length: 31 });
  assert.deepEqual(evalShebang('#!lua flags=\nx'), { flags: 0, length: 12 });
  assert.equal(evalShebang('#!lua'), 'Invalid script shebang');
  assert.equal(evalShebang('#!lua\0\nx'), 'Invalid script shebang');
  assert.equal(evalShebang('#!lua flags=bogus\nx'), 'Unexpected flag in script shebang: bogus');
  assert.equal(evalShebang('#!lua flags=no-writes,\nx'), 'Unexpected flag in script shebang: ');
  assert.equal(evalShebang('#!lua x=1\nx'), 'Unknown lua shebang option: x=1');
  assert.equal(evalShebang('#!python\nx'), 'Unexpected engine in script shebang: #!python');
  assert.equal(evalShebang("#!lua 'x\nx"), 'Invalid engine in script shebang');
});

test('library headers: name, engine, errors; function names', () => {
  assert.deepEqual(libraryMetadata('#!lua name=lib\ncode'), { engine: 'lua', name: 'lib', code: '\ncode' });
  assert.deepEqual(libraryMetadata('#!LUA NAME=lib\n'), { engine: 'LUA', name: 'lib', code: '\n' });
  assert.equal(libraryMetadata('code'), 'Missing library metadata');
  assert.equal(libraryMetadata('#!lua name=lib'), 'Invalid library metadata');
  assert.equal(libraryMetadata('#!lua\n'), 'Library name was not given');
  assert.equal(libraryMetadata('#!lua name=a name=b\n'), 'Invalid metadata value, name argument was given multiple times');
  assert.equal(libraryMetadata('#!lua x=1\n'), 'Invalid metadata value given: x=1');
  assert.ok(isValidFunctionName('a_B9'));
  assert.ok(!isValidFunctionName(''));
  assert.ok(!isValidFunctionName('a-b'));
  assert.ok(!isValidFunctionName('é'));
});
