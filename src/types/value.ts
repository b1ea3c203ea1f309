/**
 * What a key holds. Plain byte strings are stored as latin1 JS strings (one char per byte, see
 * util/bytes.ts), the cheapest representation in memory and on the GET/SET path; a string that is
 * being appended to or overwritten in place becomes a MutableString; other types are objects.
 */
import { MutableString } from './mutable-string.js';

export type TypeName = 'string' | 'list' | 'set' | 'zset' | 'hash' | 'stream';

/** A value of a collection type (lists, hashes, sets, ...): defined by the data-types work. */
export interface CollectionValue {
  readonly type: Exclude<TypeName, 'string'>;
  /** OBJECT ENCODING name, following Redis's thresholds. */
  encoding(): string;
  /**
   * A deep, independent copy with the same encoding (COPY). Every collection type should have
   * one; COPY replies "ERR unknown type object" for a value without it.
   */
  dup?(): CollectionValue;
  /**
   * Last access time for OBJECT IDLETIME and LRU (seconds on the keyspace's LRU clock), kept by
   * keyspace/db.ts: an object carries it in a field, as Redis's robj header does, rather than in
   * a per-key map entry costing several times more.
   */
  lru?: number;
}

export type Value = string | MutableString | CollectionValue;

export function typeOf(v: Value): TypeName {
  return typeof v === 'string' || v instanceof MutableString ? 'string' : v.type;
}

export function isString(v: Value): v is string | MutableString {
  return typeof v === 'string' || v instanceof MutableString;
}

/** The bytes of a string value as a latin1 string. */
export function stringBytes(v: string | MutableString): string {
  return typeof v === 'string' ? v : v.toString();
}

/** Byte length of a string value. */
export function stringLength(v: string | MutableString): number {
  return typeof v === 'string' ? v.length : v.length;
}
