/**
 * Reading a stream value (Redis's rdbLoadObject for RDB_TYPE_STREAM_LISTPACKS, _2 and _3): the
 * nodes (key = master ID as 16 big-endian bytes, value = listpack), the stream's metadata, then
 * each consumer group with its PEL and consumers. Type 15 (Redis 5/6) lacks the first ID, the
 * maximal deleted ID, entries-added and the groups' read counters: they are derived on load as
 * Redis does. Type 21 (Redis 7.2) adds each consumer's active time, which 7.0 has no use for.
 *
 * Redis's error texts, plus checks Sonic needs to never hold an inconsistent stream: nodes in ID
 * order, lengths that add up, PEL entries that all belong to exactly one consumer.
 */
import { RdbType } from './constants.js';
import type { DecodedStream, DecodedStreamConsumer, DecodedStreamGroup } from './decoded.js';
import type { RdbReader } from './reader.js';
import { parseStreamNode } from './stream-listpack.js';
import { compareIds, idFromKey, MIN_ID, StreamId, u64 } from '../../types/stream-id.js';
import { normalize, type Int64 } from '../../util/int64.js';

const TWO64 = 18446744073709551616n;
const I64_MAX = 9223372036854775807n;

/** A length field read back as Redis's signed long long (entries_read: -1 is stored as 2^64 - 1). */
function asInt64(v: bigint): Int64 {
  return normalize(v > I64_MAX ? v - TWO64 : v);
}

function readId(r: RdbReader): StreamId {
  const ms = u64(r.lenBig());
  return new StreamId(ms, u64(r.lenBig()));
}

/** Reads a stream of RDB type `type` (15, 19 or 21). */
export function readStream(r: RdbReader, type: number): DecodedStream {
  const v1 = type === RdbType.STREAM_LISTPACKS;
  const withActiveTime = type === RdbType.STREAM_LISTPACKS_3;
  const nodeCount = r.len();
  const nodes: DecodedStream['nodes'] = [];
  let last: StreamId | null = null;
  let live = 0;
  for (let i = 0; i < nodeCount; i++) {
    const kat = r.pos;
    const key = r.string();
    if (key.length !== 16) r.corrupt('Stream node key entry is not the size of a stream ID', kat);
    const lat = r.pos;
    // A copy: the node outlives the input buffer as part of the value.
    const lp = Buffer.from(r.blob());
    const master = idFromKey(key);
    const node = parseStreamNode(lp, master, lat);
    if (node.entries.length === 0) r.corrupt('Empty listpack inside stream', lat);
    if (last !== null && compareIds(master, last) <= 0) r.corrupt('Listpack re-added with existing key', kat);
    const tail = node.entries[node.entries.length - 1];
    last = new StreamId(tail.ms, tail.seq);
    live += node.live;
    nodes.push({ master, lp });
  }
  const at = r.pos;
  const length = r.len();
  const lastId = readId(r);
  let firstId: StreamId | null = null;
  let maxDeletedId = MIN_ID;
  let entriesAdded: number | bigint = length;
  if (!v1) {
    firstId = readId(r);
    maxDeletedId = readId(r);
    entriesAdded = u64(r.lenBig());
  }
  if (length !== 0 && nodeCount === 0) r.corrupt('Stream length inconsistent with rax entries', at);
  if (length !== live) r.corrupt('Stream length inconsistent with its nodes', at);
  if (last !== null && compareIds(lastId, last) < 0) r.corrupt('Stream last ID below its last entry', at);
  const groups: DecodedStreamGroup[] = [];
  const groupNames = new Set<string>();
  const groupCount = r.len();
  for (let g = 0; g < groupCount; g++) groups.push(readGroup(r, v1, withActiveTime, groupNames));
  return { type: 'stream', nodes, length, lastId, firstId, maxDeletedId, entriesAdded, groups };
}

function readGroup(r: RdbReader, v1: boolean, withActiveTime: boolean, names: Set<string>): DecodedStreamGroup {
  const at = r.pos;
  const name = r.string();
  const lastId = readId(r);
  const entriesRead = v1 ? null : asInt64(r.lenBig());
  if (names.size === names.add(name).size) r.corrupt(`Duplicated consumer group name ${name}`, at);
  const pel: DecodedStreamGroup['pel'] = [];
  const owner = new Map<string, string | null>();
  const pelSize = r.len();
  for (let i = 0; i < pelSize; i++) {
    const pat = r.pos;
    const key = r.bytes(16).toString('latin1');
    const deliveryTime = r.millis();
    const deliveryCount = u64(r.lenBig());
    if (owner.has(key)) r.corrupt('Duplicated global PEL entry loading stream consumer group', pat);
    owner.set(key, null);
    pel.push({ key, deliveryTime, deliveryCount });
  }
  const consumers: DecodedStreamConsumer[] = [];
  const consumerNames = new Set<string>();
  const consumerCount = r.len();
  for (let i = 0; i < consumerCount; i++) {
    const cat = r.pos;
    const cname = r.string();
    if (consumerNames.size === consumerNames.add(cname).size) r.corrupt('Duplicate stream consumer detected.', cat);
    const seenTime = r.millis();
    if (withActiveTime) r.millis();
    const keys: string[] = [];
    const n = r.len();
    for (let k = 0; k < n; k++) {
      const pat = r.pos;
      const key = r.bytes(16).toString('latin1');
      if (!owner.has(key)) r.corrupt('Consumer entry not found in group global PEL', pat);
      if (owner.get(key) !== null) r.corrupt('Duplicated consumer PEL entry  loading a stream consumer group', pat);
      owner.set(key, cname);
      keys.push(key);
    }
    consumers.push({ name: cname, seenTime, pel: keys });
  }
  for (const o of owner.values()) if (o === null) r.corrupt('Stream CG PEL entry without consumer', at);
  return { name, lastId, entriesRead, pel, consumers };
}
