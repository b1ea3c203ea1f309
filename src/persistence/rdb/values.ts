/**
 * The adapter between the codec's neutral Decoded form and Sonic's value types: builds a value
 * from decoded elements (with the encoding the codec chose by Redis's rules) and lists a value's
 * elements for saving. The only file of the RDB code that knows how types are implemented.
 */
import { isString, stringBytes, type Value } from '../../types/value.js';
import { ListValue } from '../../types/list.js';
import type { Decoded } from './decoded.js';

/** The value types this adapter can build and describe today (streams come with a later issue). */
export const SUPPORTED_TYPES: ReadonlySet<string> = new Set(['string', 'list']);

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
    case 'hash':
    case 'zset':
    case 'stream':
      return null;
  }
}

/** The decoded form of a value, ready to serialize; null for a type the codec cannot write. */
export function describeValue(v: Value): Decoded | null {
  if (isString(v)) return stringBytes(v);
  if (v instanceof ListValue) return { type: 'list', elements: v.toArray() };
  return null;
}
