/** Pieces shared by the string command files (string*.ts). */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { isString, stringBytes } from '../types/value.js';
import { MutableString } from '../types/mutable-string.js';
import { constants } from 'node:buffer';
import { INT64_MAX, type Int64 } from '../util/int64.js';

/**
 * The largest string value Sonic can hold: values are JS strings, which V8 caps below 2^29
 * bytes, a little under Redis's default proto-max-bulk-len of 512MB. Room is left for the bulk
 * reply's "$<len>\r\n" framing, which is built as one string with the value.
 */
export const MAX_STRING_BYTES = constants.MAX_STRING_LENGTH - 64;

/**
 * Redis's getGenericCommand: replies with the string at `key` (null when missing). Returns false,
 * after replying WRONGTYPE, when the key holds another type.
 */
export function replyGet(c: Client, key: string): boolean {
  const v = c.db.lookupRead(key);
  if (v === undefined) {
    c.reply.nullBulk();
    return true;
  }
  if (!isString(v)) {
    c.reply.error(Errors.wrongType);
    return false;
  }
  c.reply.bulk(stringBytes(v));
  return true;
}

/**
 * Redis's checkStringLength: may a string of `size` bytes grow by `append` bytes without passing
 * proto-max-bulk-len (nor MAX_STRING_BYTES, nor 64 bits)? Replies with the error and returns false if not.
 */
export function checkStringLength(c: Client, size: Int64, append: number): boolean {
  const max = c.mustObey ? MAX_STRING_BYTES : Math.min(c.engine.config.num('proto-max-bulk-len'), MAX_STRING_BYTES);
  if (typeof size === 'number') {
    // size is a safe integer and append a string length: the sum is exact.
    if (size + append <= max) return true;
  } else {
    const total = size + BigInt(append);
    if (total <= INT64_MAX && total <= BigInt(max)) return true;
  }
  c.reply.error(Errors.stringTooLong);
  return false;
}

/**
 * True if option argument `arg` is `word` (lowercase ASCII letters) in any case. Like Redis,
 * which compares C strings, the argument ends at its first NUL byte.
 */
export function optionIs(arg: string, word: string): boolean {
  const n = word.length;
  if (arg.length < n) return false;
  if (arg.length > n && arg.charCodeAt(n) !== 0) return false;
  for (let i = 0; i < n; i++) {
    // |0x20 folds only ASCII letters onto `word`'s lowercase letters.
    if ((arg.charCodeAt(i) | 0x20) !== word.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * The value at `key` as a MutableString, converting (and storing, TTL kept) a plain string
 * first: Redis's dbUnshareStringValue, after which the encoding is "raw".
 */
export function toMutable(c: Client, key: string, v: string | MutableString, extra = 0): MutableString {
  if (typeof v !== 'string') {
    // About to change in place: a running snapshot keeps the value first (callers that looked
    // the key up for reading, e.g. PFCOUNT refreshing its cache, did not tell it yet).
    if (c.db.cow !== null) c.db.cow.preserve(key);
    return v;
  }
  const m = new MutableString(v, extra);
  c.db.replaceEncoding(key, m);
  return m;
}
