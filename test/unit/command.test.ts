import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RAW_COMMANDS } from '../../src/commands/table/generated.js';
import { commandHasKeys, getKeys } from '../../src/engine/get-keys.js';
import type { Command } from '../../src/engine/command-table.js';
import { globMatch } from '../../src/util/glob.js';
import { connect, newEngine, ReplyError } from './server-harness.js';

/** A Command built from Redis's facts alone (getKeys needs only the facts). */
function factsOf(name: string): Command {
  const raw = RAW_COMMANDS.find((r) => r.name === name)!;
  return { name, fullname: name, arity: raw.arity, flags: 0, raw, handler: undefined, parent: undefined, subcommands: undefined, stats: { calls: 0, usec: 0, rejectedCalls: 0, failedCalls: 0, latency: undefined } };
}

function keysAndFlags(name: string, ...argv: string[]): [string, readonly string[]][] {
  return getKeys(factsOf(name), [name, ...argv]).map((k) => [[name, ...argv][k.pos], k.flags]);
}

test('keys from key specs, with the flags Redis reports (upstream introspection-2 cases)', () => {
  assert.deepEqual(keysAndFlags('set', 'k1', 'v1'), [['k1', ['OW', 'update']]]);
  assert.deepEqual(keysAndFlags('set', 'k1', 'v1', 'GET'), [['k1', ['RW', 'access', 'update']]]);
  assert.deepEqual(keysAndFlags('mset', 'k1', 'v1', 'k2', 'v2'), [
    ['k1', ['OW', 'update']],
    ['k2', ['OW', 'update']],
  ]);
  assert.deepEqual(keysAndFlags('lmove', 'k1', 'k2', 'left', 'right'), [
    ['k1', ['RW', 'access', 'delete']],
    ['k2', ['RW', 'insert']],
  ]);
  assert.deepEqual(keysAndFlags('sort', 'k1', 'store', 'k2'), [
    ['k1', ['RO', 'access']],
    ['k2', ['OW', 'update']],
  ]);
  assert.deepEqual(keysAndFlags('memory|usage', 'usage', 'key').map((k) => k[0]), ['key']);
  assert.deepEqual(keysAndFlags('xgroup|create', 'create', 'key', 'g', '$').map((k) => k[0]), ['key']);
  assert.deepEqual(keysAndFlags('eval', 'return 1', '1', 'key').map((k) => k[0]), ['key']);
  assert.deepEqual(keysAndFlags('eval', 'return 1', '0'), []);
  assert.deepEqual(keysAndFlags('lcs', 'key1', 'key2').map((k) => k[0]), ['key1', 'key2']);
  const many = Array.from({ length: 260 }, (_, i) => `key${i + 1}`);
  assert.deepEqual(keysAndFlags('zunionstore', 'target', '260', ...many).map((k) => k[0]), ['target', ...many]);
  // Keyword search: XREAD's STREAMS, MIGRATE's KEYS (specs incomplete -> Redis's own rule).
  assert.deepEqual(keysAndFlags('xread', 'COUNT', '2', 'STREAMS', 'a', 'b', '0', '0').map((k) => k[0]), ['a', 'b']);
  assert.deepEqual(keysAndFlags('migrate', 'h', '1', '', '0', '5000', 'KEYS', 'a', 'b').map((k) => k[0]), ['a', 'b']);
  assert.deepEqual(keysAndFlags('zunionstore', 'target', 'x', 'a'), [], 'bad numkeys finds nothing');
});

test('commands without keys', () => {
  assert.equal(commandHasKeys(factsOf('ping')), false);
  assert.equal(commandHasKeys(factsOf('get')), true);
  assert.equal(commandHasKeys(factsOf('eval')), true);
});

test('COMMAND COUNT / INFO / LIST / DOCS on the implemented commands', () => {
  const e = newEngine();
  const a = connect(e);
  const n = a.run('COMMAND', 'COUNT') as number;
  assert.equal(n, e.table.commands.size);
  assert.equal((a.run('COMMAND') as unknown[]).length, n);
  const [get, missing, sub, bad] = a.run('COMMAND', 'INFO', 'get', 'nosuchcmd', 'slowlog|get', 'config|get|key') as unknown[][];
  assert.deepEqual(get, ['get', 2, ['readonly', 'fast'], 1, 1, 1, ['@read', '@string', '@fast'], [], [['flags', ['RO', 'access'], 'begin_search', ['type', 'index', 'spec', ['index', 1]], 'find_keys', ['type', 'range', 'spec', ['lastkey', 0, 'keystep', 1, 'limit', 0]]]], []]);
  assert.equal(missing, null);
  assert.equal(sub[0], 'slowlog|get');
  assert.equal(bad, null);
  assert.deepEqual(a.run('COMMAND', 'INFO', 'get|key'), [null]);
  const list = a.run('COMMAND', 'LIST') as string[];
  assert.ok(list.includes('get') && list.includes('slowlog|get'));
  assert.deepEqual(a.run('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'slowlog*'), ['slowlog', 'slowlog|get', 'slowlog|help', 'slowlog|len', 'slowlog|reset']);
  assert.deepEqual(a.run('COMMAND', 'LIST', 'FILTERBY', 'aclcat', 'nosuchcat'), []);
  assert.ok((a.run('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'string') as string[]).includes('get'));
  assert.deepEqual(a.run('COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'x'), []);
  assert.deepEqual(a.run('COMMAND', 'LIST', 'bad'), new ReplyError('ERR syntax error'));
  assert.deepEqual(a.run('COMMAND', 'LIST', 'FILTERBY', 'bad', 'x'), new ReplyError('ERR syntax error'));
  assert.deepEqual(a.run('COMMAND', 'DOCS', 'get', 'nosuch'), ['get', ['since', '1.0.0', 'group', 'string', 'arguments', [['name', 'key', 'type', 'key', 'key_spec_index', 0]]]]);
});

test('COMMAND GETKEYS errors', () => {
  const e = newEngine();
  const a = connect(e);
  assert.deepEqual(a.run('COMMAND', 'GETKEYS', 'get', 'key'), ['key']);
  assert.deepEqual(a.run('COMMAND', 'GETKEYSANDFLAGS', 'set', 'k', 'v'), [['k', ['OW', 'update']]]);
  assert.deepEqual(a.run('COMMAND', 'GETKEYS', 'nosuch', 'x'), new ReplyError('ERR Invalid command specified'));
  assert.deepEqual(a.run('COMMAND', 'GETKEYS', 'ping', 'x'), new ReplyError('ERR The command has no key arguments'));
  assert.deepEqual(a.run('COMMAND', 'GETKEYS', 'set', 'k'), new ReplyError('ERR Invalid number of arguments specified for command'));
});

test('RESP3 COMMAND INFO uses sets for flags, categories, tips and key specs', () => {
  const e = newEngine();
  const a = connect(e);
  a.client.reply.proto = 3;
  const raw = a.raw('COMMAND', 'INFO', 'get');
  assert.ok(raw.startsWith('*1\r\n*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n'), raw);
  assert.ok(raw.includes('~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n'));
  assert.ok(raw.endsWith('~0\r\n'), 'no subcommands: an empty set');
});

test('glob matching as Redis stringmatchlen', () => {
  assert.ok(globMatch('config|*re*', 'config|resetstat', true));
  assert.ok(globMatch('cl*help', 'cluster|help', true));
  assert.ok(globMatch('h[a-c]llo', 'hbllo'));
  assert.ok(!globMatch('h[^a-c]llo', 'hbllo'));
  assert.ok(globMatch('h\\*llo', 'h*llo'));
  assert.ok(!globMatch('h\\*llo', 'hello'));
  assert.ok(globMatch('SET', 'set', true));
  assert.ok(!globMatch('SET', 'set'));
  assert.ok(!globMatch('**', ''), 'stars do not match the empty string, as in Redis');
  assert.ok(globMatch('a*', 'a'));
});

test('lookup folds case; rename-command moves a command to its new name in every case, chains too', async () => {
  const { CommandTable } = await import('../../src/engine/command-table.js');
  const { HANDLERS } = await import('../../src/commands/index.js');
  const t = new CommandTable(HANDLERS);
  for (const n of ['get', 'GET', 'Get', 'gEt']) assert.equal(t.lookup([n, 'k'])?.fullname, 'get', n);
  assert.equal(t.lookup(['CONFIG', 'GeT', 'x'])?.fullname, 'config|get');
  t.rename('FlushDB', 'Badger');
  for (const n of ['flushdb', 'FLUSHDB', 'FlushDb']) assert.equal(t.lookup([n]), undefined, n);
  for (const n of ['badger', 'BADGER', 'bAdGeR']) assert.equal(t.lookup([n])?.fullname, 'flushdb', n);
  t.rename('badger', 'otter');
  assert.equal(t.lookup(['BADGER']), undefined);
  assert.equal(t.lookup(['Otter'])?.fullname, 'flushdb');
  t.rename('otter', '');
  assert.equal(t.lookup(['OTTER']), undefined);
  assert.equal(t.lookup(['otter']), undefined);
});
