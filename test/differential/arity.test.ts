/**
 * Differential test generated from Sonic's command table: a wrong argument count for every
 * implemented command and subcommand, an unknown subcommand for every implemented container,
 * and COMMAND INFO / COMMAND DOCS per implemented command; plus COMMAND COUNT and COMMAND LIST,
 * which differ from Redis by nature while Sonic implements a subset and are checked for shape
 * and consistency instead. In RESP2 and RESP3. The cases live in ./cases/arity.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerCases, runOnBoth } from '../helpers/differential.js';
import { splitAggregate } from '../helpers/resp-frames.js';
import { arityCases, commandInfoCases, implementedCommands, unknownSubcommandCases } from './cases/arity.js';

const pair = registerCases('table', [...arityCases(), ...unknownSubcommandCases(), ...commandInfoCases()]);

test('COMMAND COUNT and COMMAND LIST: Sonic lists exactly its implemented commands, all known to Redis', async () => {
  const { sonic, redis } = await runOnBoth(pair, [['HELLO', '2'], ['COMMAND', 'COUNT'], ['COMMAND', 'LIST']]);
  // COUNT counts top-level commands; LIST names subcommands too ("client|list"), on both.
  const all = implementedCommands().map((c) => c.fullname).sort();
  const top = all.filter((n) => !n.includes('|'));
  assert.equal(sonic[1], `:${top.length}\r\n`);
  assert.match(redis[1], /^:\d+\r\n$/);
  const names = (reply: string) => splitAggregate(reply)!.items.map((i) => i.split('\r\n')[1]).sort();
  assert.deepEqual(names(sonic[2]), all);
  const theirs = new Set(names(redis[2]));
  assert.ok(theirs.has('client|list') && theirs.size > 300, 'redis-server lists subcommands');
  assert.deepEqual(all.filter((n) => !theirs.has(n)), [], 'Sonic lists commands redis-server does not have');
});
