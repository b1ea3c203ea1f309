/**
 * The codec's neutral form of a value: what a decoder produced from RDB bytes, and what an
 * encoder serializes. Elements are latin1 byte strings. values.ts converts between this form
 * and Sonic's value types, so the codec knows nothing of how a type is implemented.
 *
 * `encoding` is the OBJECT ENCODING the value must have: on load, chosen by Redis's rules for
 * the RDB type and the *-max-* configs (so Sonic reports what Redis would after loading); on
 * save, the value's current encoding (which decides the RDB type written).
 */

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

/** A stream, parsed but not kept: Sonic has no stream type yet (a later issue). */
export interface DecodedStream {
  type: 'stream';
  length: number;
}

/** A string value is the latin1 string itself. */
export type Decoded = string | DecodedList | DecodedSet | DecodedHash | DecodedZset | DecodedStream;

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
