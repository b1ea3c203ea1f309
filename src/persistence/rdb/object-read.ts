/**
 * Decoding one value of a given RDB type (Redis's rdbLoadObject), in every encoding Redis has
 * written since RDB 6, into the neutral Decoded form with the encoding Redis would give it.
 * Duplicates, NaN scores and malformed compact encodings are always rejected: whatever this
 * returns can be built into a value without further checks.
 */
import { RdbType, QuicklistContainer } from './constants.js';
import type { Decoded, DecodedHash, DecodedZset, EncodingLimits } from './decoded.js';
import { RdbError } from './errors.js';
import { checkIntsetSpan, decodeIntsetSpan } from './intset.js';
import { decodeListpackSpan, scanListpack, scannedString, scannedStrings } from './listpack.js';
import { packedHash, packedZset } from './listpack-packed.js';
import { intsetFromLE } from '../../types/intset.js';
import { RdbReader, parseCDouble } from './reader.js';
import { decodeZiplist } from './ziplist.js';
import { decodeZipmap } from './zipmap.js';
import { isInt64String } from '../../util/int64.js';
import { Distinct, hasRepeat } from '../../util/distinct.js';
import { sliceBytes } from '../../util/bytes.js';
import { readStream } from './stream-read.js';

/** Thrown for a value that decodes to nothing (Redis skips such keys when loading a file). */
export class EmptyKeyError extends RdbError {
  constructor(offset: number) {
    super('Empty key', offset);
  }
}

const MODULE_NAME_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The 9-char module type name packed in the high 54 bits of a module type id. */
export function moduleTypeName(id: bigint): string {
  let rest = id >> 10n;
  let name = '';
  for (let j = 0; j < 9; j++) {
    name = MODULE_NAME_CHARS[Number(rest & 63n)] + name;
    rest >>= 6n;
  }
  return name;
}

/**
 * Reads the value of RDB type `type` at the reader's position. With `packed`, small hashes,
 * sorted sets and intsets come in the packed forms of decoded.ts (same checks, same errors).
 */
export function readObject(r: RdbReader, type: number, limits: EncodingLimits, packed = false): Decoded {
  const at = r.pos;
  switch (type) {
    case RdbType.STRING:
      return r.string();
    case RdbType.LIST: {
      const n = r.len();
      if (n === 0) throw new EmptyKeyError(at);
      const elements = exactArray<string>(r, n);
      for (let i = 0; i < n; i++) elements[i] = r.string();
      return { type: 'list', elements };
    }
    case RdbType.SET:
      return readSet(r, limits, at);
    case RdbType.ZSET:
    case RdbType.ZSET_2:
      return readZset(r, type === RdbType.ZSET_2, limits, at);
    case RdbType.HASH:
      return readHash(r, limits, at);
    case RdbType.LIST_QUICKLIST:
    case RdbType.LIST_QUICKLIST_2:
      return readQuicklist(r, type === RdbType.LIST_QUICKLIST_2, at);
    case RdbType.HASH_ZIPMAP: {
      const pairs = decodeZipmap(r.blob(), at);
      return pairsToHash(pairs, limits, at, 'Hash zipmap', true);
    }
    case RdbType.LIST_ZIPLIST: {
      const elements = decodeZiplist(r.blob(), at, 'List ziplist');
      if (elements.length === 0) throw new EmptyKeyError(at);
      return { type: 'list', elements };
    }
    case RdbType.SET_INTSET: {
      const b = r.blobSpan();
      if (packed) {
        const intset = packedIntset(b, r.spanStart, r.spanEnd, limits, at);
        if (intset !== null) return { type: 'set', encoding: 'intset', packed: intset };
      }
      const members = decodeIntsetSpan(b, r.spanStart, r.spanEnd, at);
      return { type: 'set', members, encoding: members.length > limits.setMaxIntsetEntries ? 'hashtable' : 'intset' };
    }
    case RdbType.ZSET_ZIPLIST:
      return pairsToZset(decodeZiplist(r.blob(), at, 'Zset ziplist'), limits, at, 'Zset ziplist');
    case RdbType.ZSET_LISTPACK: {
      const b = r.blobSpan();
      if (packed) return readZsetListpack(b, r.spanStart, r.spanEnd, limits, at);
      return pairsToZset(decodeListpackSpan(b, r.spanStart, r.spanEnd, at, 'Zset listpack'), limits, at, 'Zset listpack');
    }
    case RdbType.HASH_ZIPLIST:
      return pairsToHash(decodeZiplist(r.blob(), at, 'Hash ziplist'), limits, at, 'Hash ziplist', false);
    case RdbType.HASH_LISTPACK: {
      const b = r.blobSpan();
      if (packed) return readHashListpack(b, r.spanStart, r.spanEnd, limits, at);
      return pairsToHash(decodeListpackSpan(b, r.spanStart, r.spanEnd, at, 'Hash listpack'), limits, at, 'Hash listpack', false);
    }
    case RdbType.STREAM_LISTPACKS:
    case RdbType.STREAM_LISTPACKS_2:
    case RdbType.STREAM_LISTPACKS_3:
      return readStream(r, type);
    case RdbType.MODULE:
    case RdbType.MODULE_2: {
      const id = r.lenBig();
      throw new RdbError(`The RDB file contains module data I can't load: no matching module type '${moduleTypeName(id)}'`, at);
    }
    default:
      throw new RdbError(`Unknown RDB encoding type ${type}`, at);
  }
}

/**
 * An array for `n` elements read from `r`, sized up front when the input can hold that many
 * (each takes a byte at least; a larger count is corrupt and fails reading): no regrowth, no
 * spare capacity. Filled in order, index by index.
 */
function exactArray<T>(r: RdbReader, n: number): T[] {
  return n <= r.remaining ? new Array<T>(n) : [];
}

/** The one duplicate checker the readers below share (they never nest). */
const distinct = new Distinct();

function readSet(r: RdbReader, limits: EncodingLimits, at: number): Decoded {
  const n = r.len();
  if (n === 0) throw new EmptyKeyError(at);
  const maxIntset = Math.min(limits.setMaxIntsetEntries, 1 << 30);
  let intset = n <= maxIntset;
  const seen = distinct.clear();
  const members = exactArray<string>(r, n);
  for (let i = 0; i < n; i++) {
    const m = r.string();
    if (intset && !isInt64String(m)) intset = false;
    if (!seen.add(m)) r.corrupt('Duplicate set members detected');
    members[i] = m;
  }
  seen.clear();
  return { type: 'set', members, encoding: intset ? 'intset' : 'hashtable' };
}

function readZset(r: RdbReader, binary: boolean, limits: EncodingLimits, at: number): DecodedZset {
  const n = r.len();
  if (n === 0) throw new EmptyKeyError(at);
  const seen = distinct.clear();
  const members = exactArray<string>(r, n);
  const scores = exactArray<number>(r, n);
  let maxLen = 0;
  for (let i = 0; i < n; i++) {
    const m = r.string();
    const score = binary ? r.binaryDouble() : r.stringDouble();
    if (Number.isNaN(score)) r.corrupt('Zset with NAN score detected');
    if (!seen.add(m)) r.corrupt('Duplicate zset fields detected');
    if (m.length > maxLen) maxLen = m.length;
    members[i] = m;
    scores[i] = score;
  }
  seen.clear();
  const compact = n <= limits.zsetMaxListpackEntries && maxLen <= limits.zsetMaxListpackValue;
  return { type: 'zset', members, scores, encoding: compact ? 'listpack' : 'skiplist' };
}

function readHash(r: RdbReader, limits: EncodingLimits, at: number): DecodedHash {
  const n = r.len();
  if (n === 0) throw new EmptyKeyError(at);
  // Redis starts as a listpack unless there are too many pairs, and converts for good at the
  // first field or value longer than hash-max-listpack-value.
  let compact = n <= limits.hashMaxListpackEntries;
  const seen = distinct.clear();
  const pairs = exactArray<string>(r, 2 * n);
  for (let i = 0; i < n; i++) {
    const f = r.string();
    const v = r.string();
    if (!seen.add(f)) r.corrupt('Duplicate hash fields detected');
    if (compact && (f.length > limits.hashMaxListpackValue || v.length > limits.hashMaxListpackValue)) compact = false;
    pairs[2 * i] = f;
    pairs[2 * i + 1] = v;
  }
  seen.clear();
  return { type: 'hash', pairs, encoding: compact ? 'listpack' : 'hashtable' };
}

function readQuicklist(r: RdbReader, v2: boolean, at: number): Decoded {
  const nodes = r.len();
  if (nodes === 0) throw new EmptyKeyError(at);
  let elements: string[] = [];
  for (let i = 0; i < nodes; i++) {
    let container: number = QuicklistContainer.PACKED;
    if (v2) {
      const cat = r.pos;
      container = r.len();
      if (container !== QuicklistContainer.PACKED && container !== QuicklistContainer.PLAIN) {
        r.corrupt('Quicklist integrity check failed.', cat);
      }
    }
    const nodeAt = r.pos;
    const data = r.blobSpan();
    const from = r.spanStart;
    const to = r.spanEnd;
    if (to === from) r.corrupt('Quicklist integrity check failed.', nodeAt);
    if (container === QuicklistContainer.PLAIN) {
      elements.push(sliceBytes(data, from, to));
      continue;
    }
    if (v2) {
      const n = scanListpack(data, from, to, nodeAt);
      // A small list is one node: its array is made at its size.
      if (nodes === 1) elements = scannedStrings(data, n);
      else for (let k = 0; k < n; k++) elements.push(scannedString(data, k));
    } else {
      for (const item of decodeZiplist(data.subarray(from, to), nodeAt)) elements.push(item);
    }
  }
  if (elements.length === 0) throw new EmptyKeyError(at);
  return { type: 'list', elements };
}

function checkPairs(items: string[], at: number, what: string): void {
  if (items.length % 2 !== 0 || hasRepeat(items, 2)) throw new RdbError(`${what} integrity check failed.`, at);
}

function pairsToHash(items: string[], limits: EncodingLimits, at: number, what: string, checkValues: boolean): DecodedHash {
  checkPairs(items, at, what);
  if (items.length === 0) throw new EmptyKeyError(at);
  let compact = items.length / 2 <= limits.hashMaxListpackEntries;
  // Only zipmaps are also converted for long elements (Redis checks lengths for them alone).
  if (compact && checkValues) {
    for (const s of items) {
      if (s.length > limits.hashMaxListpackValue) {
        compact = false;
        break;
      }
    }
  }
  return { type: 'hash', pairs: items, encoding: compact ? 'listpack' : 'hashtable' };
}

function pairsToZset(items: string[], limits: EncodingLimits, at: number, what: string): DecodedZset {
  checkPairs(items, at, what);
  if (items.length === 0) throw new EmptyKeyError(at);
  const members: string[] = [];
  const scores: number[] = [];
  for (let i = 0; i < items.length; i += 2) {
    const score = parseCDouble(items[i + 1]);
    if (score === null || Number.isNaN(score)) throw new RdbError(`${what} integrity check failed.`, at);
    members.push(items[i]);
    scores.push(score);
  }
  return { type: 'zset', members, scores, encoding: members.length > limits.zsetMaxListpackEntries ? 'skiplist' : 'listpack' };
}

/** An RDB intset as Sonic's packed intset, or null when its width is not the narrowest (or it is too long to stay an intset). */
function packedIntset(b: Buffer, from: number, to: number, limits: EncodingLimits, at: number): string | null {
  const narrowest = checkIntsetSpan(b, from, to, at);
  const width = b.readUInt32LE(from);
  const count = (to - from - 8) / width;
  if (narrowest !== width || count > limits.setMaxIntsetEntries || count > INTSET_MAX) return null;
  return intsetFromLE(b, from + 8, count, width);
}

/** Sonic never keeps more integers than this in an intset, as Redis (types/set.ts). */
const INTSET_MAX = 2 ** 30;

function readHashListpack(b: Buffer, from: number, to: number, limits: EncodingLimits, at: number): Decoded {
  const what = 'Hash listpack';
  const n = scanListpack(b, from, to, at, what);
  if (n % 2 === 0 && n > 0 && n / 2 <= limits.hashMaxListpackEntries) {
    const packed = packedHash(b, n, at, what);
    if (packed !== null) return { type: 'hash', encoding: 'listpack', packed, count: n / 2 };
  }
  return pairsToHash(scannedStrings(b, n), limits, at, what, false);
}

function readZsetListpack(b: Buffer, from: number, to: number, limits: EncodingLimits, at: number): Decoded {
  const what = 'Zset listpack';
  const n = scanListpack(b, from, to, at, what);
  if (n % 2 === 0 && n > 0 && n / 2 <= limits.zsetMaxListpackEntries) {
    const packed = packedZset(b, n, at, what);
    if (packed !== null) return { type: 'zset', encoding: 'listpack', packed };
  }
  return pairsToZset(scannedStrings(b, n), limits, at, what);
}
