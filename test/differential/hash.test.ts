/**
 * Differential test of the hash commands against a real redis-server, RESP2 and RESP3.
 *
 * - HASH_CASES: byte-for-byte (listpack-encoded hashes keep insertion order in Redis too).
 * - HASHTABLE_CASES: hashtable-encoded hashes; commands listing the whole hash are compared as
 *   sorted elements or pairs (Redis's hash-table order is unspecified), everything else exactly.
 * - A full HSCAN iteration of a large hash with a small COUNT, compared as sets of pairs.
 * - HRANDFIELD_SHAPES: random picks, checked on each server for shape, count, membership and
 *   distinctness (the two servers' picks cannot be compared with each other).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describe, registerCases, runOnBoth, setProtocol } from '../helpers/differential.js';
import type { RawConnection } from '../helpers/raw-connection.js';
import { parseResp, respText, splitAggregate, type RespNode } from '../helpers/resp-frames.js';
import { HASH_CASES, HASHTABLE_CASES, HASHTABLE_LOOSE, HRANDFIELD_SHAPES } from './cases/hash.js';

const pair = registerCases('hash', HASH_CASES);

/** `reply` with its elements (or pairs of elements) sorted; other replies unchanged. */
function sorted(reply: string, groupSize: 1 | 2): string {
  const a = splitAggregate(reply);
  if (a === undefined) return reply;
  const groups: string[] = [];
  for (let i = 0; i + groupSize - 1 < a.items.length; i += groupSize) groups.push(a.items.slice(i, i + groupSize).join(''));
  return a.header + groups.sort().join('');
}

/** How a HASHTABLE_CASES reply is compared: HSCAN keeps its cursor exact and sorts its pairs. */
function looseForm(cmd: readonly string[], reply: string, proto: 2 | 3): string {
  const name = cmd[0].toLowerCase();
  let group = HASHTABLE_LOOSE[name];
  if (group === undefined || reply[0] === '-') return reply;
  if (name === 'hscan') {
    const a = splitAggregate(reply);
    return a === undefined ? reply : a.header + a.items[0] + sorted(a.items[1], 2);
  }
  // HRANDFIELD ... WITHVALUES: flat pairs in RESP2, nested [field, value] arrays in RESP3.
  if (name === 'hrandfield' && cmd.length === 4 && proto === 2) group = 2;
  return sorted(reply, group);
}

for (const proto of [2, 3] as const) {
  for (const c of HASHTABLE_CASES) {
    test(`hash (RESP${proto}): ${c.name}`, async () => {
      try {
        await setProtocol(pair, proto);
        await runOnBoth(pair, [['FLUSHALL'], ['SELECT', '0']]);
        const cmds = c.cmds as readonly string[][];
        const { sonic, redis } = await runOnBoth(pair, cmds);
        for (let i = 0; i < cmds.length; i++) {
          assert.equal(looseForm(cmds[i], sonic[i], proto), looseForm(cmds[i], redis[i], proto), `RESP${proto} command ${i}: ${describe(cmds[i]).slice(0, 200)}`);
        }
      } catch (e) {
        await pair.reconnect();
        throw e;
      }
    });
  }
}

/** Every [field, value] a full HSCAN iteration returns, as sorted "field=value" strings. */
async function scanAll(conn: RawConnection, key: string, count: string): Promise<{ pairs: string[]; calls: number }> {
  const out: string[] = [];
  let cursor = '0';
  for (let calls = 1; calls < 10000; calls++) {
    const r = parseResp(await conn.cmd('HSCAN', key, cursor, 'COUNT', count));
    cursor = respText(r.items![0])!;
    const items = r.items![1].items!;
    for (let i = 0; i < items.length; i += 2) out.push(`${respText(items[i])}=${respText(items[i + 1])}`);
    if (cursor === '0') return { pairs: [...new Set(out)].sort(), calls };
  }
  throw new Error('HSCAN did not finish');
}

test('HSCAN iterates a hashtable-encoded hash completely, in several calls', async () => {
  await setProtocol(pair, 2);
  const fields = Array.from({ length: 1000 }, (_, i) => [`field:${i}`, `value:${i}`]).flat();
  await runOnBoth(pair, [['FLUSHALL'], ['HSET', 'h', ...fields]]);
  const [s, r] = await Promise.all([scanAll(pair.sonic, 'h', '7'), scanAll(pair.redis, 'h', '7')]);
  assert.equal(s.pairs.length, 1000);
  assert.deepEqual(s.pairs, r.pairs);
  assert.ok(s.calls > 10, `Sonic returned 1000 fields in ${s.calls} calls with COUNT 7`);
});

/** The picks of an HRANDFIELD reply as [field, value?] (RESP2 flat pairs or RESP3 nested). */
function picks(reply: RespNode, withValues: boolean, proto: 2 | 3): [string, string | undefined][] {
  const items = reply.items ?? [];
  const out: [string, string | undefined][] = [];
  if (!withValues) for (const it of items) out.push([respText(it)!, undefined]);
  else if (proto === 3) for (const it of items) out.push([respText(it.items![0])!, respText(it.items![1])]);
  else for (let i = 0; i < items.length; i += 2) out.push([respText(items[i])!, respText(items[i + 1])]);
  return out;
}

for (const proto of [2, 3] as const) {
  test(`HRANDFIELD random picks have Redis's shape, count and membership (RESP${proto})`, async () => {
    await setProtocol(pair, proto);
    for (const { setup, call, distinct } of HRANDFIELD_SHAPES) {
      await runOnBoth(pair, [['FLUSHALL'], ...setup]);
      const { sonic, redis } = await runOnBoth(pair, [call, ['HGETALL', 'h']]);
      const label = `RESP${proto} ${call.join(' ')}`;
      const hash = new Map<string, string>();
      const all = parseResp(redis[1]).items!;
      for (let i = 0; i < all.length; i += 2) hash.set(respText(all[i])!, respText(all[i + 1])!);
      const withValues = call.length === 4;
      const shape = (reply: string) => {
        if (call.length === 2) return reply[0];
        const a = splitAggregate(reply)!;
        // Header and, in RESP3 WITHVALUES, each element's own header (*2).
        return a.header + a.items.map((it) => (withValues && proto === 3 ? it.slice(0, 4) : it[0])).join('');
      };
      assert.equal(shape(sonic[0]), shape(redis[0]), `${label}: reply shape`);
      for (const [server, reply] of [['sonic', sonic[0]], ['redis', redis[0]]] as const) {
        const node = parseResp(reply);
        const got = call.length === 2 ? [[node.payload!, undefined] as [string, undefined]] : picks(node, withValues, proto);
        for (const [f, v] of got) {
          assert.ok(hash.has(f), `${label}: ${server} picked ${f}, not a field`);
          if (withValues) assert.equal(v, hash.get(f), `${label}: ${server} paired ${f} with a wrong value`);
        }
        if (distinct) assert.equal(new Set(got.map((p) => p[0])).size, got.length, `${label}: ${server} repeated a field`);
      }
    }
  });
}

test('HRANDFIELD with a negative count eventually returns every field, roughly uniformly', async () => {
  await setProtocol(pair, 2);
  const fields = [...Array.from({ length: 10 }, (_, i) => [`f${i}`, 'v']).flat(), 'long', 'x'.repeat(80)];
  // h is hashtable-encoded (a long value), s listpack-encoded.
  await runOnBoth(pair, [['FLUSHALL'], ['HSET', 'h', ...fields], ['HSET', 's', ...fields.slice(0, 20), 'long', 'x']]);
  for (const key of ['h', 's']) {
    const reply = parseResp(await pair.sonic.cmd('HRANDFIELD', key, '-11000'));
    const counts = new Map<string, number>();
    for (const it of reply.items!) counts.set(respText(it)!, (counts.get(respText(it)!) ?? 0) + 1);
    assert.equal(counts.size, 11);
    for (const [f, n] of counts) assert.ok(n > 800 && n < 1200, `${f} picked ${n} times of 11000`);
  }
});
