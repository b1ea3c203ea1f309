/**
 * The codec's neutral form of a value: what a decoder produced from RDB bytes, and what an
 * encoder serializes. Elements are latin1 byte strings. values.ts converts between this form
 * and Sonic's value types, so the codec knows nothing of how a type is implemented.
 *
 * `encoding` is the OBJECT ENCODING the value must have: on load, chosen by Redis's rules for
 * the RDB type and the *-max-* configs (so Sonic reports what Redis would after loading); on
 * save, the value's current encoding (which decides the RDB type written).
 */
import type { StreamId } from '../../types/stream-id.js';

export interface DecodedList {
  type: 'list';
  elements: string[];
}

export interface DecodedSet {
  type: 'set';
  members: string[];
  encoding: 'intset' | 'hashtable';
}

export interface DecodedHash {
  type: 'hash';
  /** field, value, field, value ... */
  pairs: string[];
  encoding: 'listpack' | 'hashtable';
}

export interface DecodedZset {
  type: 'zset';
  /** Ascending by (score, member) when saving; file order when loading. */
  members: string[];
  scores: number[];
  encoding: 'listpack' | 'skiplist';
}

/** A pending entry of a consumer group. */
export interface DecodedStreamNack {
  /** The entry ID as 16 big-endian bytes (types/stream-id.ts idKey). */
  key: string;
  deliveryTime: number;
  deliveryCount: number | bigint;
}

export interface DecodedStreamConsumer {
  name: string;
  seenTime: number;
  /** Keys of its pending entries, each also in the group's PEL. */
  pel: string[];
}

export interface DecodedStreamGroup {
  name: string;
  lastId: StreamId;
  /** The read counter (-1: unknown); null when the file predates it (derived on load). */
  entriesRead: number | bigint | null;
  pel: DecodedStreamNack[];
  consumers: DecodedStreamConsumer[];
}

/**
 * A stream as RDB files hold it: nodes (master ID and the listpack Redis would hold, already
 * validated by stream-listpack.ts), metadata and consumer groups.
 */
export interface DecodedStream {
  type: 'stream';
  nodes: { master: StreamId; lp: Buffer }[];
  length: number;
  lastId: StreamId;
  /** Null when the file predates it (RDB_TYPE_STREAM_LISTPACKS): derived on load. */
  firstId: StreamId | null;
  maxDeletedId: StreamId;
  entriesAdded: number | bigint;
  groups: DecodedStreamGroup[];
}

/**
 * A small hash, sorted set or integer set read straight into the packed string Sonic keeps it
 * in (types/packed.ts for hashes, types/zset-packed.ts for sorted sets, types/intset.ts for
 * intsets), with no string per element. Only loads that ask for it get these (readObject's
 * `packed`); values.ts builds them and plainDecoded() turns them back into the plain forms.
 */
export interface DecodedPackedHash {
  type: 'hash';
  encoding: 'listpack';
  packed: string;
  /** Number of pairs. */
  count: number;
}

export interface DecodedPackedZset {
  type: 'zset';
  encoding: 'listpack';
  packed: string;
}

export interface DecodedPackedIntset {
  type: 'set';
  encoding: 'intset';
  packed: string;
}

/** What encoders take: a string value is the latin1 string itself. */
export type PlainDecoded = string | DecodedList | DecodedSet | DecodedHash | DecodedZset | DecodedStream;

/** What decoders return. */
export type Decoded = PlainDecoded | DecodedPackedHash | DecodedPackedZset | DecodedPackedIntset;

/** The configs that decide encodings on load. */
export interface EncodingLimits {
  hashMaxListpackEntries: number;
  hashMaxListpackValue: number;
  zsetMaxListpackEntries: number;
  zsetMaxListpackValue: number;
  setMaxIntsetEntries: number;
  /** list-max-listpack-size: node size when writing quicklists. */
  listMaxListpackSize: number;
}

export const DEFAULT_LIMITS: EncodingLimits = {
  hashMaxListpackEntries: 512,
  hashMaxListpackValue: 64,
  zsetMaxListpackEntries: 128,
  zsetMaxListpackValue: 64,
  setMaxIntsetEntries: 512,
  listMaxListpackSize: -2,
};
