/**
 * The adapter between the codec's neutral Decoded form and Sonic's value types: builds a value
 * from decoded elements (with the encoding the codec chose by Redis's rules) and lists a value's
 * elements for saving. The only file of the RDB code that knows how types are implemented.
 */
import { isString, stringBytes, type Value } from '../../types/value.js';
import { ListValue } from '../../types/list.js';
import { SetValue } from '../../types/set.js';
import { HashValue } from '../../types/hash.js';
import { ZSet } from '../../types/zset.js';
import { Stream } from '../../types/stream.js';
import { buildStream, describeStream } from './stream-values.js';
import { parseInt64, type Int64 } from '../../util/int64.js';
import type { Decoded, PlainDecoded } from './decoded.js';

/** The value types this adapter can build and describe. */
export const SUPPORTED_TYPES: ReadonlySet<string> = new Set(['string', 'list', 'set', 'hash', 'zset', 'stream']);

/** Limits that force one encoding: everything fits, or nothing does. */
const COMPACT = { maxEntries: Infinity, maxValue: Infinity };
const LARGE = { maxEntries: -1, maxValue: -1 };

/**
 * Builds a fresh value from decoded data, or returns null when Sonic has no such type yet
 * (the caller skips the key, or refuses the RESTORE).
 */
export function buildValue(d: Decoded): Value | null {
  if (typeof d === 'string') return d;
  switch (d.type) {
    case 'list':
      return ListValue.from(d.elements);
    case 'set':
      if ('packed' in d) return SetValue.fromIntset(d.packed);
      // Intset members are canonical int64 decimals (the codec checked), hence the cast.
      if (d.encoding === 'intset') return SetValue.fromInts(d.members.map((m) => parseInt64(m) as Int64), Infinity);
      return SetValue.fromMembers(d.members, -1);
    case 'hash':
      if ('packed' in d) return HashValue.fromPacked(d.packed, d.count);
      return HashValue.fromPairs(d.pairs, d.encoding === 'listpack' ? COMPACT : LARGE);
    case 'zset':
      if ('packed' in d) return ZSet.fromPacked(d.packed);
      return ZSet.fromPairs(d.members, d.scores, d.encoding === 'listpack' ? COMPACT : LARGE);
    case 'stream':
      return buildStream(d);
  }
}

/** The decoded form of a value, ready to serialize; null for a type the codec cannot write. */
export function describeValue(v: Value): PlainDecoded | null {
  if (isString(v)) return stringBytes(v);
  if (v instanceof ListValue) return { type: 'list', elements: v.toArray() };
  if (v instanceof SetValue) return { type: 'set', members: v.members(), encoding: v.isIntset ? 'intset' : 'hashtable' };
  if (v instanceof HashValue) return { type: 'hash', pairs: v.pairs(), encoding: v.encoding() };
  if (v instanceof ZSet) {
    const { members, scores } = v.toArrays();
    return { type: 'zset', members, scores, encoding: v.encoding() as 'listpack' | 'skiplist' };
  }
  if (v instanceof Stream) return describeStream(v);
  return null;
}

/** A decoded value in its plain form (packed forms listed element by element). */
export function plainDecoded(d: Decoded): PlainDecoded {
  if (typeof d === 'string' || !('packed' in d)) return d;
  return describeValue(buildValue(d)!)!;
}
