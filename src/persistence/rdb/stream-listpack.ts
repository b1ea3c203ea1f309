/**
 * The listpack of one stream node as Redis lays it out (t_stream.c):
 *
 *   master entry: count, deleted, nfields, field..., 0
 *   each entry:   flags, ms-delta, seq-delta, [nfields, field, value ...] | value ..., lp-count
 *
 * Entry IDs are int64 deltas from the node's key (the master ID), added modulo 2^64; SAMEFIELDS
 * (flag 2) entries carry only values, their fields being the master's. parseStreamNode checks
 * everything Redis's deep validation (streamValidateListpackIntegrity) checks, plus what Sonic's
 * blocks rely on (non-negative counts, counters matching the flags, increasing IDs not below the
 * master ID), so a node that parses can be built without further checks.
 */
import { RdbError } from './errors.js';
import { decodeListpack, encodeListpack } from './listpack.js';
import { parseInt64, type Int64 } from '../../util/int64.js';
import { compareParts, deltaAsInt64, StreamId, u64AddWrap, type U64 } from '../../types/stream-id.js';
import { FLAG_DELETED, FLAG_SAMEFIELDS } from '../../types/stream-block.js';

/** One entry of a parsed node. */
export interface NodeEntry {
  flags: number;
  ms: U64;
  seq: U64;
  /** Field/value pairs, alternating (fields filled in from the master for SAMEFIELDS). */
  kv: string[];
}

/** A parsed node. */
export interface StreamNode {
  master: StreamId;
  live: number;
  deleted: number;
  fields: string[];
  entries: NodeEntry[];
}

const TWO64 = 18446744073709551616n;

/** An int64 delta (possibly negative) added to a U64 part, modulo 2^64. */
function addDelta(base: U64, delta: Int64): U64 {
  if (typeof delta === 'number' && delta >= 0) return u64AddWrap(base, delta);
  const d = BigInt(delta);
  return u64AddWrap(base, d < 0n ? d + TWO64 : d);
}

/**
 * Parses and validates the listpack `lp` of the node keyed `master`. Throws RdbError ("Stream
 * listpack integrity check failed.") at `at` for anything malformed.
 */
export function parseStreamNode(lp: Uint8Array, master: StreamId, at: number): StreamNode {
  const fail = (): never => {
    throw new RdbError('Stream listpack integrity check failed.', at);
  };
  const el = decodeListpack(lp, at, 'Stream listpack');
  if (el.length === 0) throw new RdbError('Empty listpack inside stream', at);
  let p = 0;
  const int = (): number => {
    if (p >= el.length) fail();
    const v = parseInt64(el[p++]);
    if (v === null || typeof v === 'bigint' || v < 0) return fail();
    return v;
  };
  const delta = (): Int64 => {
    if (p >= el.length) fail();
    const v = parseInt64(el[p++]);
    return v === null ? fail() : v;
  };
  const str = (): string => (p < el.length ? el[p++] : fail());
  const live = int();
  const deleted = int();
  const nf = int();
  const fields: string[] = [];
  for (let i = 0; i < nf; i++) fields.push(str());
  if (int() !== 0) fail();
  const entries: NodeEntry[] = [];
  let prevMs: U64 = master.ms;
  let prevSeq: U64 = master.seq;
  let flagged = 0;
  for (let n = 0; n < live + deleted; n++) {
    const flags = int();
    const ms = addDelta(master.ms, delta());
    const seq = addDelta(master.seq, delta());
    // IDs must increase, starting at or above the master ID.
    const prev = new StreamId(prevMs, prevSeq);
    const cmp = compareParts(ms, seq, prev);
    if (cmp < 0 || (cmp === 0 && n > 0)) fail();
    prevMs = ms;
    prevSeq = seq;
    const same = (flags & FLAG_SAMEFIELDS) !== 0;
    const count = same ? nf : int();
    const kv: string[] = new Array(2 * count);
    for (let i = 0; i < count; i++) {
      kv[2 * i] = same ? fields[i] : str();
      if (!same) kv[2 * i + 1] = str();
    }
    if (same) for (let i = 0; i < count; i++) kv[2 * i + 1] = str();
    if (int() !== (same ? count + 3 : 2 * count + 4)) fail();
    if ((flags & FLAG_DELETED) !== 0) flagged++;
    entries.push({ flags: flags & (FLAG_DELETED | FLAG_SAMEFIELDS), ms, seq, kv });
  }
  if (p !== el.length || flagged !== deleted) fail();
  return { master, live, deleted, fields, entries };
}

/** What a node is made of, for encodeStreamNode. */
export interface NodeSource {
  master: StreamId;
  live: number;
  deleted: number;
  fields: readonly string[];
  entries: Iterable<NodeEntry>;
}

/** The listpack Redis would hold for a node (its elements in Redis's order). */
export function encodeStreamNode(n: NodeSource): Buffer {
  const el: string[] = [String(n.live), String(n.deleted), String(n.fields.length), ...n.fields, '0'];
  for (const e of n.entries) {
    const same = (e.flags & FLAG_SAMEFIELDS) !== 0;
    const count = e.kv.length / 2;
    el.push(String(e.flags), String(deltaAsInt64(e.ms, n.master.ms)), String(deltaAsInt64(e.seq, n.master.seq)));
    if (!same) {
      el.push(String(count));
      for (const s of e.kv) el.push(s);
    } else {
      for (let i = 1; i < e.kv.length; i += 2) el.push(e.kv[i]);
    }
    el.push(String(same ? count + 3 : 2 * count + 4));
  }
  return encodeListpack(el);
}
