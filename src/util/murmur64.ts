/**
 * MurmurHash64A (Austin Appleby's 64-bit MurmurHash2), the hash Redis's HyperLogLog uses, in
 * its endian-neutral form (8-byte blocks read little-endian). JS has no 64-bit integers short of
 * BigInt, which is several times slower here, so the 64-bit state is kept as two 32-bit halves
 * and multiplied with Math.imul plus a 16-bit split for the high word of the low product.
 */

/** The multiplier m = 0xc6a4a7935bd1e995, as halves. */
const M_HI = 0xc6a4a793;
const M_LO = 0x5bd1e995;
const M_LO_0 = M_LO & 0xffff;
const M_LO_1 = M_LO >>> 16;

/**
 * The 64-bit state h as [low 32 bits, high 32 bits], reused by every call (single-threaded).
 * A typed array rather than two `let`s: module variables holding values past 2^30 would box a
 * heap number on every write.
 */
const st = new Uint32Array(2);

/** High 32 bits of the 64-bit product of `a` (unsigned 32-bit) and M_LO. */
function mulHiMLo(a: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const t = a0 * M_LO_0;
  const mid = a1 * M_LO_0 + (t >>> 16);
  const mid2 = a0 * M_LO_1 + (mid & 0xffff);
  return a1 * M_LO_1 + (mid >>> 16) + (mid2 >>> 16);
}

/** (hi:lo) * m mod 2^64, into the state. */
function mulM(lo: number, hi: number): void {
  st[1] = mulHiMLo(lo >>> 0) + Math.imul(hi, M_LO) + Math.imul(lo, M_HI);
  st[0] = Math.imul(lo, M_LO);
}

/** Mixes one 8-byte block k = (kHi:kLo) into the state: k *= m; k ^= k >> 47; k *= m; h ^= k; h *= m. */
function mixBlock(kLo: number, kHi: number): void {
  const sLo = st[0];
  const sHi = st[1];
  mulM(kLo, kHi);
  mulM(st[0] ^ (st[1] >>> 15), st[1]);
  mulM(sLo ^ st[0], sHi ^ st[1]);
}

/** h ^= h >> 47; h *= m; h ^= h >> 47. */
function finish(out: Uint32Array): void {
  mulM(st[0] ^ (st[1] >>> 15), st[1]);
  out[0] = st[0] ^ (st[1] >>> 15);
  out[1] = st[1];
}

/** Starts the state for `len` bytes: h = seed ^ (len * m). */
function start(len: number, seed: number): void {
  // len < 2^31 fits the low half alone.
  mulM(len, 0);
  st[0] ^= seed;
}

/** Hashes the byte string `s` (one char per byte); writes [low, high] 32-bit halves to `out`. */
export function murmurHash64A(s: string, seed: number, out: Uint32Array): void {
  const len = s.length;
  start(len, seed);
  const blocks = len - (len & 7);
  let i = 0;
  for (; i < blocks; i += 8) {
    const kLo = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24);
    const kHi = s.charCodeAt(i + 4) | (s.charCodeAt(i + 5) << 8) | (s.charCodeAt(i + 6) << 16) | (s.charCodeAt(i + 7) << 24);
    mixBlock(kLo, kHi);
  }
  const rest = len & 7;
  if (rest > 0) {
    let tLo = 0;
    let tHi = 0;
    for (let j = rest - 1; j >= 0; j--) {
      const b = s.charCodeAt(i + j);
      if (j >= 4) tHi |= b << ((j - 4) * 8);
      else tLo |= b << (j * 8);
    }
    mulM(st[0] ^ tLo, st[1] ^ tHi);
  }
  finish(out);
}

/** The same for the 8 little-endian bytes of the 64-bit integer (hi:lo) (PFSELFTEST's elements). */
export function murmurHash64AWord(lo: number, hi: number, seed: number, out: Uint32Array): void {
  start(8, seed);
  mixBlock(lo, hi);
  finish(out);
}
