/**
 * A Zipf-distributed key generator for cache tests and benchmarks: item i (0-based) is drawn with
 * probability proportional to 1 / (i + 1)^s. Deterministic given its random source (pass a seeded
 * PRNG), by inverse transform over a precomputed CDF (one binary search per draw).
 */
export class Zipf {
  private readonly cdf: Float64Array;

  /** `n` items, exponent `s` (0.99 is the classic web-cache skew). */
  constructor(
    readonly n: number,
    readonly s: number,
    private readonly random: () => number,
  ) {
    if (!(n >= 1) || !Number.isInteger(n)) throw new RangeError(`n must be an integer >= 1, got ${n}`);
    this.cdf = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) this.cdf[i] = sum += 1 / Math.pow(i + 1, s);
    for (let i = 0; i < n; i++) this.cdf[i] /= sum;
  }

  /** The next item, in [0, n). */
  next(): number {
    const u = this.random();
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cdf[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
