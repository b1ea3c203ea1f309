/**
 * The logical contents of a server (or of a decoded RDB file) in the shape of
 * ../shared/tools/dumpjson.py: per database, per key, { type, pexpiretime, value }, with sets
 * sorted, hashes as sorted objects and sorted sets as ZRANGE WITHSCORES arrays. Comparing these
 * between Sonic and redis-server proves two datasets equal whatever their encodings.
 */
import { RawConnection } from './raw-connection.js';
import { parseResp, type RespNode } from './resp-frames.js';
import type { Decoded } from '../../src/persistence/rdb/decoded.js';
import { formatG17 } from '../../src/persistence/rdb/object-write.js';
import { buildStream } from '../../src/persistence/rdb/stream-values.js';
import { plainDecoded } from '../../src/persistence/rdb/values.js';
import type { Stream } from '../../src/types/stream.js';
import { groupLag, INVALID_ENTRIES_READ } from '../../src/types/stream-group.js';
import { idFromKey } from '../../src/types/stream-id.js';

export interface LogicalEntry {
  type: string;
  pexpiretime: number;
  value?: unknown;
  /** Streams, as dumpjson.py shows them (idle times of pending entries masked as "IDLE"). */
  groups?: unknown;
  pending?: Record<string, unknown>;
  'last-generated-id'?: string;
  length?: number;
  /** OBJECT ENCODING, when asked for. */
  encoding?: string;
}
export type LogicalDump = Record<string, Record<string, LogicalEntry>>;

/** A parsed reply as plain JSON values (what dumpjson.py builds from a RESP2 reply). */
export function toJs(n: RespNode): unknown {
  if (n.type === '-') throw new Error(n.head);
  if (n.payload !== undefined) return n.payload;
  if (n.type === '$' || n.type === '_') return null;
  if (n.type === ':') return Number(n.head);
  if (n.type === '+') return n.head;
  if (n.items !== undefined) return n.items.map(toJs);
  return null;
}

function sortedObject(pairs: string[]): Record<string, string> {
  const entries: [string, string][] = [];
  for (let i = 0; i < pairs.length; i += 2) entries.push([pairs[i], pairs[i + 1]]);
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return Object.fromEntries(entries);
}

/** XPENDING's idle time changes by the millisecond: masked so dumps compare. */
const IDLE = 'IDLE';

/**
 * Dumps the server on `port` (databases 0..15). Types in `skipTypes` are listed with their type
 * only.
 */
export async function logicalDump(port: number, skipTypes: readonly string[] = [], withEncoding = false): Promise<LogicalDump> {
  const c = await RawConnection.open(port);
  const q = async (...argv: string[]): Promise<unknown> => toJs(parseResp(await c.cmd(...argv)));
  const out: LogicalDump = {};
  try {
    for (let db = 0; db < 16; db++) {
      await q('SELECT', String(db));
      const keys = ((await q('KEYS', '*')) as string[]).sort();
      if (keys.length === 0) continue;
      const d: Record<string, LogicalEntry> = {};
      for (const k of keys) {
        const type = (await q('TYPE', k)) as string;
        const e: LogicalEntry = { type, pexpiretime: (await q('PEXPIRETIME', k)) as number };
        if (skipTypes.includes(type)) {
          // listed, not compared
        } else if (type === 'string') e.value = await q('GET', k);
        else if (type === 'list') e.value = await q('LRANGE', k, '0', '-1');
        else if (type === 'set') e.value = ((await q('SMEMBERS', k)) as string[]).sort();
        else if (type === 'hash') e.value = sortedObject((await q('HGETALL', k)) as string[]);
        else if (type === 'zset') e.value = await q('ZRANGE', k, '0', '-1', 'WITHSCORES');
        else if (type === 'stream') {
          e.value = await q('XRANGE', k, '-', '+');
          const groups = (await q('XINFO', 'GROUPS', k)) as unknown[][];
          e.groups = groups;
          e.pending = {};
          for (const g of groups) {
            const rows = (await q('XPENDING', k, g[1] as string, '-', '+', '100')) as unknown[][];
            e.pending[g[1] as string] = rows.map((r) => [r[0], r[1], IDLE, r[3]]);
          }
          const info = (await q('XINFO', 'STREAM', k)) as unknown[];
          e['last-generated-id'] = info[info.indexOf('last-generated-id') + 1] as string;
          e.length = info[info.indexOf('length') + 1] as number;
        }
        if (withEncoding && !skipTypes.includes(type)) e.encoding = (await q('OBJECT', 'ENCODING', k)) as string;
        d[k] = e;
      }
      out[String(db)] = d;
    }
    await q('SELECT', '0');
  } finally {
    c.close();
  }
  return out;
}

/** ZRANGE WITHSCORES's RESP2 text for a score (%.17g; inf/-inf). */
function scoreReply(v: number): string {
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return formatG17(v);
}

/** The logical entry of a decoded value, as logicalDump would show it once loaded. */
export function logicalOf(decoded: Decoded, expireAt: number): LogicalEntry {
  const d = plainDecoded(decoded);
  if (typeof d === 'string') return { type: 'string', pexpiretime: expireAt, value: d };
  switch (d.type) {
    case 'list':
      return { type: 'list', pexpiretime: expireAt, value: d.elements };
    case 'set':
      return { type: 'set', pexpiretime: expireAt, value: [...d.members].sort() };
    case 'hash':
      return { type: 'hash', pexpiretime: expireAt, value: sortedObject(d.pairs) };
    case 'zset': {
      const idx = d.members.map((_, i) => i);
      idx.sort((a, b) => d.scores[a] - d.scores[b] || (d.members[a] < d.members[b] ? -1 : d.members[a] > d.members[b] ? 1 : 0));
      const value: string[] = [];
      for (const i of idx) value.push(d.members[i], scoreReply(d.scores[i]));
      return { type: 'zset', pexpiretime: expireAt, value };
    }
    case 'stream':
      return { type: 'stream', pexpiretime: expireAt, ...logicalStream(buildStream(d)) };
  }
}

/** A stream's dumpjson.py fields, computed in process. */
function logicalStream(s: Stream): Partial<LogicalEntry> {
  const value: unknown[] = [];
  const it = s.iterate(null, null);
  while (it.next()) value.push([it.id().toString(), it.pairs()]);
  const groups: unknown[] = [];
  const pending: Record<string, unknown> = {};
  for (const g of s.groups?.values() ?? []) {
    const lag = groupLag(s, g);
    const read = g.entriesRead === INVALID_ENTRIES_READ ? null : Number(g.entriesRead);
    groups.push(['name', g.name, 'consumers', g.consumers.size, 'pending', g.pel.size, 'last-delivered-id', g.lastId.toString(), 'entries-read', read, 'lag', lag === null ? null : Number(lag)]);
    const rows: unknown[] = [];
    g.pel.forEachFrom(undefined, (key, n) => {
      if (rows.length === 100) return false;
      rows.push([idFromKey(key).toString(), n.consumer!.name, IDLE, Number(n.deliveryCount)]);
      return true;
    });
    pending[g.name] = rows;
  }
  return { value, groups, pending, 'last-generated-id': s.lastId.toString(), length: s.length };
}
