/**
 * The stream part of the codec's adapter (values.ts): builds a Stream from a decoded one - each
 * RDB node becoming one block, so node boundaries survive a save and a load as they do in Redis -
 * and describes a Stream for saving.
 */
import type { DecodedStream, DecodedStreamGroup } from './decoded.js';
import { encodeStreamNode, parseStreamNode } from './stream-listpack.js';
import { Stream } from '../../types/stream.js';
import { StreamBlock } from '../../types/stream-block.js';
import { blockEntries } from '../../types/stream-iterator.js';
import { LP_OVERHEAD, lpIntSize } from '../../types/listpack-size.js';
import { createGroup, estimateEntriesRead, StreamNack } from '../../types/stream-group.js';
import { StreamId } from '../../types/stream-id.js';

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** A Stream holding what `d` describes (its nodes already validated by the reader). */
export function buildStream(d: DecodedStream): Stream {
  const s = new Stream();
  let prevFields: readonly string[] = [];
  for (const n of d.nodes) {
    const node = parseStreamNode(n.lp, n.master, 0);
    const fields = sameList(prevFields, node.fields) ? prevFields : node.fields;
    prevFields = fields;
    const lpBody = n.lp.length - LP_OVERHEAD - lpIntSize(node.live) - lpIntSize(node.deleted);
    const b = new StreamBlock(n.master.ms, n.master.seq, fields, lpBody);
    for (const e of node.entries) b.add(e.flags, e.ms, e.seq, e.kv, 0, e.kv.length / 2);
    b.seal();
    s.blocks.push(b);
  }
  s.length = d.length;
  s.lastId = d.lastId;
  s.maxDeletedId = d.maxDeletedId;
  s.entriesAdded = d.entriesAdded;
  s.firstId = d.firstId ?? s.edgeId(true, true);
  for (const g of d.groups) addGroup(s, g);
  return s;
}

function addGroup(s: Stream, d: DecodedStreamGroup): void {
  const g = createGroup(s, d.name, d.lastId, d.entriesRead ?? estimateEntriesRead(s, d.lastId))!;
  for (const n of d.pel) g.pel.set(n.key, new StreamNack(n.deliveryTime, n.deliveryCount, null));
  for (const dc of d.consumers) {
    const c = g.createConsumer(dc.name, dc.seenTime)!;
    for (const key of dc.pel) {
      const nack = g.pel.get(key)!;
      nack.consumer = c;
      c.pel.set(key, nack);
    }
  }
}

/** The decoded form of `s`, ready to serialize. */
export function describeStream(s: Stream): DecodedStream {
  const nodes = s.blocks.map((b) => {
    const master = new StreamId(b.masterMs, b.masterSeq);
    return { master, lp: encodeStreamNode({ master, live: b.live, deleted: b.deleted, fields: b.fields, entries: blockEntries(b) }) };
  });
  const groups: DecodedStreamGroup[] = (s.groups?.values() ?? []).map((g) => {
    const pel: DecodedStreamGroup['pel'] = [];
    g.pel.forEachFrom(undefined, (key, n) => {
      pel.push({ key, deliveryTime: n.deliveryTime, deliveryCount: n.deliveryCount });
    });
    const consumers = g.consumers.values().map((c) => ({ name: c.name, seenTime: c.seenTime, pel: c.pel.keys() }));
    return { name: g.name, lastId: g.lastId, entriesRead: g.entriesRead, pel, consumers };
  });
  return { type: 'stream', nodes, length: s.length, lastId: s.lastId, firstId: s.firstId, maxDeletedId: s.maxDeletedId, entriesAdded: s.entriesAdded, groups };
}
