/**
 * Differential test of client-side caching (CLIENT TRACKING, CACHING, GETREDIR, TRACKINGINFO):
 * the single-connection cases and multi-connection scenarios of ./cases/tracking.ts, raw replies
 * and invalidation messages compared byte for byte with redis-server in RESP2 and RESP3; then
 * what INFO and CLIENT LIST report about tracking clients (tracking_* fields, flags t/R/B,
 * redir=, and the memory CLIENT LIST counts for BCAST prefixes).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerCases } from '../helpers/differential.js';
import { registerMultiCases } from '../helpers/multi-connection.js';
import { RawConnection } from '../helpers/raw-connection.js';
import { PREFIX_SETS, TRACKING_CASES, TRACKING_MULTI_CASES } from './cases/tracking.js';

registerCases('tracking', TRACKING_CASES);
const pair = registerMultiCases('tracking-multi', TRACKING_MULTI_CASES);

/** The value of `field=` in a CLIENT INFO line. */
function field(line: string, name: string): string {
  const m = new RegExp(` ${name}=(\\S*)`).exec(line);
  return m === null ? '?' : m[1];
}

/** The tracking_* lines of an INFO reply. */
function trackingInfo(info: string): string {
  return info
    .split('\r\n')
    .filter((l) => l.startsWith('tracking_'))
    .join(' ');
}

/** Runs the same steps on one server: returns what is compared (flags, redir, INFO fields, prefix memory). */
async function observe(port: number): Promise<string[]> {
  const conns = await Promise.all([0, 1, 2].map(() => RawConnection.open(port)));
  const [t, r, b] = conns;
  const out: string[] = [];
  try {
    await t.cmd('FLUSHALL');
    const rid = (await r.cmd('CLIENT', 'ID')).slice(1, -2);
    await t.cmd('CLIENT', 'TRACKING', 'on', 'REDIRECT', rid);
    await t.cmd('MGET', 'a', 'b', 'c');
    await r.cmd('CLIENT', 'TRACKING', 'on', 'NOLOOP');
    await r.cmd('MGET', 'a', 'd');
    const info = (l: string) => `flags=${field(l, 'flags')} redir=${field(l, 'redir') === rid ? 'R' : field(l, 'redir')}`;
    out.push(info(await t.cmd('CLIENT', 'INFO')), info(await r.cmd('CLIENT', 'INFO')), info(await b.cmd('CLIENT', 'INFO')));
    // Each BCAST prefix set: the growth of tot-mem is what Redis counts for the prefixes' tree.
    for (const set of PREFIX_SETS) {
      // Redis's clientsCron frees an idle client's query buffer (after 2 s) and resizes its reply
      // buffer (rbs) to its recent peak: on a loaded machine that can fall between the two
      // readings. Such a reading is taken again.
      let line = '';
      let grown = 0;
      for (let attempt = 0; attempt < 3; attempt++) {
        await b.cmd('CLIENT', 'TRACKING', 'off');
        const first = await b.cmd('CLIENT', 'INFO');
        for (const group of set) await b.cmd('CLIENT', 'TRACKING', 'on', 'BCAST', ...group.flatMap((p) => ['PREFIX', p]));
        // Some overlaps get two replies (an error, then OK): skip whatever is left before a PONG.
        b.send('PING\r\n');
        while ((await b.reply()) !== '+PONG\r\n');
        line = await b.cmd('CLIENT', 'INFO');
        grown = Number(field(line, 'tot-mem')) - Number(field(first, 'tot-mem'));
        const buffers = (l: string) => `${Number(field(l, 'qbuf')) + Number(field(l, 'qbuf-free'))} ${field(l, 'rbs')}`;
        if (buffers(first) === buffers(line)) break;
      }
      out.push(`${JSON.stringify(set)}: flags=${field(line, 'flags')} prefixes tot-mem +${grown}`);
      out.push(trackingInfo(await t.cmd('INFO', 'everything')));
      await b.cmd('CLIENT', 'TRACKING', 'off');
    }
    // A broken redirection shows as R.
    r.close();
    await new Promise((res) => setTimeout(res, 50));
    await b.cmd('SET', 'a', '1');
    out.push(info(await t.cmd('CLIENT', 'INFO')));
    out.push(trackingInfo(await t.cmd('INFO', 'everything')));
  } finally {
    for (const c of conns) c.close();
  }
  return out;
}

test('tracking: INFO tracking_* fields, CLIENT LIST flags and redir, BCAST prefix memory', async () => {
  const [sonic, redis] = [await observe(pair.sonicServer.port), await observe(pair.redisServer.port)];
  assert.deepEqual(sonic, redis);
});
