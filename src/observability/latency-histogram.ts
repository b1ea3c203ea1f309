/**
 * Per-command latency distribution behind INFO latencystats and LATENCY HISTOGRAM. Redis keeps an
 * HdrHistogram (1 ns .. 1 s, 2 significant digits) per command; this is the same bucketing
 * written small: 256 exact slots, then 128 slots per power of two, so percentiles and the
 * reported bucket bounds come out as Redis reports them.
 */

const SUB_BUCKET_BITS = 8; // 256 sub-buckets: 2 significant decimal digits
const HALF = 1 << (SUB_BUCKET_BITS - 1);
/** Redis clamps recorded values (nanoseconds) to this range. */
const MIN_VALUE = 1;
const MAX_VALUE = 1_000_000_000;
const BUCKETS = 31 - SUB_BUCKET_BITS + 1;
const SIZE = (1 << SUB_BUCKET_BITS) + (BUCKETS - 1) * HALF;

function indexOf(v: number): number {
  const bucket = Math.max(0, 31 - Math.clz32(v) - (SUB_BUCKET_BITS - 1));
  const sub = v >>> bucket;
  return bucket === 0 ? sub : (1 << SUB_BUCKET_BITS) + (bucket - 1) * HALF + (sub - HALF);
}

/** The [lowest, highest] values that share slot `i`. */
function rangeOf(i: number): [number, number] {
  if (i < 1 << SUB_BUCKET_BITS) return [i, i];
  const rel = i - (1 << SUB_BUCKET_BITS);
  const bucket = Math.floor(rel / HALF) + 1;
  const sub = (rel % HALF) + HALF;
  const lo = sub * 2 ** bucket;
  return [lo, lo + 2 ** bucket - 1];
}

export class LatencyHistogram {
  private readonly counts = new Uint32Array(SIZE);
  total = 0;

  /** Records one duration in nanoseconds. Runs once per command: kept branch-light. */
  record(ns: number): void {
    const v = ns < MIN_VALUE ? MIN_VALUE : ns > MAX_VALUE ? MAX_VALUE : ns | 0;
    const bucket = 31 - SUB_BUCKET_BITS + 1 - Math.clz32(v);
    this.counts[bucket <= 0 ? v : (1 << SUB_BUCKET_BITS) + (bucket - 1) * HALF + ((v >>> bucket) - HALF)]++;
    this.total++;
  }

  /** The value (ns) at percentile p (0..100), as hdr_value_at_percentile computes it. */
  valueAtPercentile(p: number): number {
    if (this.total === 0) return 0;
    const req = p < 100 ? p : 100;
    const target = Math.max(1, Math.floor((req / 100) * this.total + 0.5));
    let cum = 0;
    for (let i = 0; i < SIZE; i++) {
      cum += this.counts[i];
      if (cum >= target) {
        const [lo, hi] = rangeOf(i);
        return p === 0 ? lo : hi;
      }
    }
    return 0;
  }

  /**
   * Cumulative counts at power-of-two bounds starting at 1024 ns, as LATENCY HISTOGRAM reports
   * them: pairs of [bucket upper bound in µs, calls at or below it], empty steps skipped.
   */
  cumulativeByPowerOfTwo(): [number, number][] {
    const out: [number, number][] = [];
    let cum = 0;
    let i = 0;
    let prev = 0;
    for (let level = 1024; cum < this.total; level *= 2) {
      const last = indexOf(Math.min(level, MAX_VALUE));
      for (; i <= last; i++) cum += this.counts[i];
      if (cum > prev) out.push([Math.floor(rangeOf(last)[1] / 1000), cum]);
      prev = cum;
      if (level >= MAX_VALUE) break;
    }
    return out;
  }
}
