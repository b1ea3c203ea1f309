/**
 * Writing a stream value as Redis 7.0 does (rdbSaveObject, RDB_TYPE_STREAM_LISTPACKS_2): nodes
 * with their listpacks, metadata, then consumer groups with their PELs and consumers. A read
 * counter of -1 is written as its unsigned 64-bit image (2^64 - 1), like Redis's rdbSaveLen.
 */
import type { DecodedStream } from './decoded.js';
import type { RdbWriter } from './writer.js';
import { idKey, type StreamId } from '../../types/stream-id.js';

const TWO64 = 18446744073709551616n;

function writeId(w: RdbWriter, id: StreamId): void {
  w.lenBig(BigInt(id.ms));
  w.lenBig(BigInt(id.seq));
}

export function writeStream(w: RdbWriter, d: DecodedStream): void {
  w.len(d.nodes.length);
  for (const n of d.nodes) {
    w.string(idKey(n.master));
    w.blob(n.lp);
  }
  w.len(d.length);
  writeId(w, d.lastId);
  writeId(w, d.firstId ?? d.lastId);
  writeId(w, d.maxDeletedId);
  w.lenBig(BigInt(d.entriesAdded));
  w.len(d.groups.length);
  for (const g of d.groups) {
    w.string(g.name);
    writeId(w, g.lastId);
    w.lenBig((BigInt(g.entriesRead ?? -1) + TWO64) % TWO64);
    w.len(g.pel.length);
    for (const n of g.pel) {
      w.latin1(n.key);
      w.millis(n.deliveryTime);
      w.lenBig(BigInt(n.deliveryCount));
    }
    w.len(g.consumers.length);
    for (const c of g.consumers) {
      w.string(c.name);
      w.millis(c.seenTime);
      w.len(c.pel.length);
      for (const k of c.pel) w.latin1(k);
    }
  }
}
