/**
 * Redis's redisLrand48/redisSrand48 (rand.c): the 48-bit linear congruential generator of
 * lrand48 (X' = 0x5DEECE66D * X + 0xB mod 2^48, output the top 31 bits), so math.random gives
 * the same sequence as Redis on every platform. Redis keeps one generator for the whole server,
 * seeded 0x1234ABCD330E at start and re-seeded only by math.randomseed.
 */
const A_HI = 0x5de; // 0x5DEECE66D split at 24 bits
const A_LO = 0xece66d;
const TWO24 = 0x1000000;

export class Rand48 {
  // X as two 24-bit halves
  private hi = 0x1234ab;
  private lo = 0xcd330e;

  /** redisSrand48: X = seed (low 32 bits) << 16 | 0x330E */
  seed(seedval: number): void {
    const s = seedval >>> 0;
    const x = s * 0x10000 + 0x330e; // < 2^48
    this.hi = Math.floor(x / TWO24);
    this.lo = x % TWO24;
  }

  /** redisLrand48: next value in [0, 2^31). */
  next(): number {
    // X * A + C mod 2^48 with 24-bit limbs: every partial product stays below 2^53
    const lo = this.lo * A_LO + 0xb;
    const carry = Math.floor(lo / TWO24);
    const hi = (this.hi * A_LO + this.lo * A_HI + carry) % TWO24;
    this.lo = lo % TWO24;
    this.hi = hi;
    return this.hi * 128 + Math.floor(this.lo / 0x20000); // X >> 17
  }

  /** Redis's math.random base value: (lrand48() % INT32_MAX) / INT32_MAX, in [0, 1). */
  random(): number {
    return (this.next() % 0x7fffffff) / 0x7fffffff;
  }
}
