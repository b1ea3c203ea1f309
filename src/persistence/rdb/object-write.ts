/**
 * Encoding one value the way Redis 7.0 writes it (rdbSaveObjectType + rdbSaveObject): the RDB
 * type follows the value's encoding, so Redis loads it back with the same encoding.
 */
import { QuicklistContainer, RdbType } from './constants.js';
import type { PlainDecoded, DecodedZset, EncodingLimits } from './decoded.js';
import { encodeIntset } from './intset.js';
import { encodeListpack } from './listpack.js';
import type { RdbWriter } from './writer.js';
import { writeStream } from './stream-write.js';

/** The RDB type byte Redis 7.0 writes for a value. */
export function objectType(v: PlainDecoded): number {
  if (typeof v === 'string') return RdbType.STRING;
  switch (v.type) {
    case 'list':
      return RdbType.LIST_QUICKLIST_2;
    case 'set':
      return v.encoding === 'intset' ? RdbType.SET_INTSET : RdbType.SET;
    case 'zset':
      return v.encoding === 'listpack' ? RdbType.ZSET_LISTPACK : RdbType.ZSET_2;
    case 'hash':
      return v.encoding === 'listpack' ? RdbType.HASH_LISTPACK : RdbType.HASH;
    case 'stream':
      return RdbType.STREAM_LISTPACKS_2;
  }
}

/** Writes the value's body (after its type byte and key). */
export function writeObject(w: RdbWriter, v: PlainDecoded, limits: EncodingLimits): void {
  if (typeof v === 'string') return w.string(v);
  switch (v.type) {
    case 'list':
      return writeQuicklist(w, v.elements, limits.listMaxListpackSize);
    case 'set':
      if (v.encoding === 'intset') return w.blob(encodeIntset(v.members));
      w.len(v.members.length);
      for (const m of v.members) w.string(m);
      return;
    case 'zset':
      return writeZset(w, v);
    case 'hash':
      if (v.encoding === 'listpack') return w.blob(encodeListpack(v.pairs));
      w.len(v.pairs.length / 2);
      for (const s of v.pairs) w.string(s);
      return;
    case 'stream':
      return writeStream(w, v);
  }
}

function writeZset(w: RdbWriter, z: DecodedZset): void {
  const n = z.members.length;
  if (z.encoding === 'listpack') {
    const items: string[] = new Array(n * 2);
    for (let i = 0; i < n; i++) {
      items[2 * i] = z.members[i];
      items[2 * i + 1] = scoreText(z.scores[i]);
    }
    return w.blob(encodeListpack(items));
  }
  // Greatest first, as Redis writes skiplists (its loader then inserts at the head each time).
  w.len(n);
  for (let i = n - 1; i >= 0; i--) {
    w.string(z.members[i]);
    w.binaryDouble(z.scores[i]);
  }
}

/** Bytes a packed quicklist node may reach for list-max-listpack-size -1 .. -5. */
const NODE_BYTES = [4096, 8192, 16384, 32768, 65536];
/** Redis's cap on a count-limited node's bytes (SIZE_SAFETY_LIMIT). */
const SAFETY_BYTES = 8192;

/** Approximate listpack bytes of one element (exact for strings; integers count as short). */
function entryBytes(s: string): number {
  const n = s.length;
  return n < 64 ? n + 2 : n < 4096 ? n + 4 : n + 10;
}

/** A list as QUICKLIST_2: listpack nodes split like Redis's list-max-listpack-size rule. */
function writeQuicklist(w: RdbWriter, elements: readonly string[], fill: number): void {
  const maxBytes = fill < 0 ? NODE_BYTES[Math.min(-fill, 5) - 1] : SAFETY_BYTES;
  const maxCount = fill > 0 ? fill : Infinity;
  const nodes: [number, number][] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < elements.length; i++) {
    const b = entryBytes(elements[i]);
    if (i > start && (bytes + b > maxBytes || i - start >= maxCount)) {
      nodes.push([start, i]);
      start = i;
      bytes = 0;
    }
    bytes += b;
  }
  if (elements.length > start) nodes.push([start, elements.length]);
  w.len(nodes.length);
  for (const [a, b] of nodes) {
    w.len(QuicklistContainer.PACKED);
    w.blob(encodeListpack(elements.slice(a, b)));
  }
}

/** Largest magnitude Redis's double2ll turns into an integer (LLONG_MAX / 2). */
const LL_HALF = 4611686018427387903;

/**
 * The listpack form of a score (zzlInsertAt): integral values within LLONG_MAX/2 as integers,
 * others as %.17g text ("inf", "-inf" for infinities).
 */
export function scoreText(v: number): string {
  if (Number.isInteger(v) && v >= -LL_HALF && v <= LL_HALF) {
    return Math.abs(v) <= Number.MAX_SAFE_INTEGER ? String(v === 0 ? 0 : v) : BigInt(v).toString();
  }
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Number.isNaN(v)) return 'nan';
  return formatG17(v);
}

/** C's printf("%.17g"). */
export function formatG17(v: number): string {
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const exp = v.toExponential(16); // [-]d.dddddddddddddddde[+-]x
  const e = exp.indexOf('e');
  const neg = exp[0] === '-';
  const digits = exp.slice(neg ? 1 : 0, e).replace('.', '');
  const x = Number(exp.slice(e + 1));
  let out: string;
  if (x < -4 || x >= 17) {
    let mant = digits[0] + '.' + digits.slice(1);
    mant = mant.replace(/0+$/, '').replace(/\.$/, '');
    const ax = Math.abs(x);
    out = `${mant}e${x < 0 ? '-' : '+'}${ax < 10 ? '0' : ''}${ax}`;
  } else if (x >= 0) {
    const intPart = digits.slice(0, x + 1);
    const frac = digits.slice(x + 1).replace(/0+$/, '');
    out = frac ? `${intPart}.${frac}` : intPart;
  } else {
    const frac = ('0'.repeat(-x - 1) + digits).replace(/0+$/, '');
    out = `0.${frac}`;
  }
  return neg ? '-' + out : out;
}
