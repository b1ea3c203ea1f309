/**
 * MEMORY USAGE's estimate of what a key and its value cost, in the spirit of Redis's
 * objectComputeSize: exact where the representation is simple (strings), sampled for big
 * collections. Sizes are V8's on a 64-bit heap: a flat one-byte string is a 16-byte header plus
 * its bytes rounded up to 8; each keyspace Map entry costs three pointers in the main map, plus
 * three more in the access-time map for a plain string (objects keep their access time in a field).
 */
import { MutableString } from '../types/mutable-string.js';
import type { CollectionValue, Value } from '../types/value.js';

const POINTER = 8;
/** One entry of a V8 OrderedHashMap: key, value and chain link. */
const MAP_ENTRY = 3 * POINTER;
/** A small JS object (map, properties, elements) with a couple of fields. */
const OBJECT = 5 * POINTER;
/** Per element of a collection without its own estimate: a map entry plus a small string. */
const ELEMENT_GUESS = MAP_ENTRY + 32;

/** Heap bytes of a flat latin1 string of `n` chars. */
export function stringSize(n: number): number {
  return 16 + Math.ceil(n / POINTER) * POINTER;
}

/** What a collection type may expose so MEMORY USAGE can size it precisely. */
interface Measurable {
  /** Bytes of the value, sampling at most `samples` nested elements. */
  memoryUsage?(samples: number): number;
  readonly size?: unknown;
  readonly length?: unknown;
}

function collectionSize(v: CollectionValue, samples: number): number {
  const m = v as CollectionValue & Measurable;
  if (typeof m.memoryUsage === 'function') return m.memoryUsage(samples);
  const n = typeof m.size === 'number' ? m.size : typeof m.length === 'number' ? m.length : 1;
  return OBJECT + n * ELEMENT_GUESS;
}

/** Bytes of `value` alone. */
export function valueSize(value: Value, samples: number): number {
  if (typeof value === 'string') return stringSize(value.length);
  if (value instanceof MutableString) return OBJECT + 96 + value.length; // object + Buffer + bytes
  return collectionSize(value, samples);
}

/** MEMORY USAGE: the key's name, its keyspace entries and its value. */
export function keySize(key: string, value: Value, samples: number, hasExpire: boolean): number {
  const accessTime = typeof value === 'string' ? MAP_ENTRY : POINTER;
  return stringSize(key.length) + MAP_ENTRY + accessTime + (hasExpire ? MAP_ENTRY : 0) + valueSize(value, samples);
}
