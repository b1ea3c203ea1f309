/** ZRANDMEMBER and ZSCAN. */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { defineCommands } from './define.js';
import { optionIs } from './string-common.js';
import { parseScanOptions } from './scan.js';
import { readZSet } from './zset-common.js';
import type { ZSet } from '../types/zset.js';
import { parseCursor, resumeOrStart, scanCursorsOf } from '../keyspace/scan-cursor.js';
import { globMatch } from '../util/glob.js';
import { parseInt64 } from '../util/int64.js';
import { d2string } from '../util/strtod.js';
import { formatDouble } from '../protocol/reply.js';

const LONG_MAX = 9223372036854775807n;
/** Largest count without WITHSCORES and with it (LONG_MAX / 2). */
const HALF_LONG_MAX = 4611686018427387903n;

/** The member (and score) of rank `i`, appended. */
function pick(z: ZSet, i: number, members: string[], scores: number[] | null): void {
  z.range(i, i + 1, false, members, scores);
}

function zrandmember(c: Client, argv: string[]): void {
  if (argv.length < 3) {
    const z = readZSet(c, argv[1]);
    if (z === null) return;
    if (z === undefined) return c.reply.nullBulk();
    const m: string[] = [];
    pick(z, Math.floor(Math.random() * z.size), m, null);
    return c.reply.bulk(m[0]);
  }
  const l = parseInt64(argv[2]);
  if (l === null) return c.reply.error(Errors.notInteger);
  if (l < -LONG_MAX) return c.reply.error(`ERR value is out of range, value must between ${-LONG_MAX} and ${LONG_MAX}`);
  let withScores = false;
  if (argv.length > 4 || (argv.length === 4 && !optionIs(argv[3], 'withscores'))) return c.reply.error(Errors.syntax);
  if (argv.length === 4) {
    withScores = true;
    if (l < -HALF_LONG_MAX || l > HALF_LONG_MAX) return c.reply.error('ERR value is out of range');
  }
  const z = readZSet(c, argv[1]);
  if (z === null) return;
  const r = c.reply;
  if (z === undefined || l === 0 || l === 0n) return r.arrayLen(0);
  const unique = l > 0;
  const count = Number(unique ? l : -l);
  const size = z.size;
  const resp3 = r.proto === 3;
  const members: string[] = [];
  const scores: number[] | null = withScores ? [] : null;
  if (!unique || count === 1) {
    r.arrayLen(withScores && !resp3 ? count * 2 : count);
    for (let k = 0; k < count; k++) {
      members.length = 0;
      if (scores !== null) scores.length = 0;
      pick(z, Math.floor(Math.random() * size), members, scores);
      if (withScores && resp3) r.arrayLen(2);
      r.bulk(members[0]);
      if (scores !== null) r.double(scores[0]);
    }
    return;
  }
  if (count >= size) {
    // Redis walks the whole set from the highest score down here.
    z.range(0, size, true, members, scores);
  } else {
    // A random subset of `count` ranks (Floyd's algorithm), replied in rank order.
    const chosen = new Set<number>();
    for (let j = size - count; j < size; j++) {
      const t = Math.floor(Math.random() * (j + 1));
      chosen.add(chosen.has(t) ? j : t);
    }
    const ranks = [...chosen].sort((a, b) => a - b);
    for (const i of ranks) pick(z, i, members, scores);
  }
  const n = members.length;
  r.arrayLen(withScores && !resp3 ? n * 2 : n);
  for (let i = 0; i < n; i++) {
    if (withScores && resp3) r.arrayLen(2);
    r.bulk(members[i]);
    if (scores !== null) r.double(scores[i]);
  }
}

function zscan(c: Client, argv: string[]): void {
  const cursor = parseCursor(argv[2]);
  if (cursor === null) return c.reply.error(Errors.invalidCursor);
  const z = readZSet(c, argv[1]);
  if (z === null) return;
  const r = c.reply;
  if (z === undefined) {
    r.arrayLen(2);
    r.bulk('0');
    return r.arrayLen(0);
  }
  const opts = parseScanOptions(c, argv, 3, false);
  if (opts === null) return;
  const out: string[] = [];
  const dict = z.memberMap();
  let next = '0';
  if (dict === null) {
    // listpack: everything at once, scores as the listpack holds them.
    const members: string[] = [];
    const scores: number[] = [];
    z.range(0, z.size, false, members, scores);
    for (let i = 0; i < members.length; i++) {
      if (opts.pattern !== null && !globMatch(opts.pattern, members[i])) continue;
      out.push(members[i], d2string(scores[i]));
    }
  } else {
    const registry = scanCursorsOf(c.engine);
    const it = resumeOrStart(registry, cursor, dict, 0, () => dict.keys(), dict.size);
    for (let n = 0; n < opts.count; n++) {
      const m = it.next();
      if (m === undefined) break;
      const node = dict.get(m);
      if (node === undefined) continue;
      if (opts.pattern !== null && !globMatch(opts.pattern, m)) continue;
      out.push(m, formatDouble(node.score));
    }
    if (it.hasMore()) next = String(registry.save(it));
  }
  r.arrayLen(2);
  r.bulk(next);
  r.bulkArray(out);
}

export const zsetRandomCommands = defineCommands({ zrandmember, zscan });
