/**
 * TinyLFU's frequency estimate: a count-min sketch of 4-bit counters behind a doorkeeper.
 *
 * - Count-min: 4 rows of `width` counters; a key's count is the minimum over its 4 counters, so
 *   collisions can only overestimate. 4 bits (saturating at 15) are enough because admission only
 *   compares frequencies, and keep the sketch at `width * 2` bytes.
 * - Doorkeeper: a Bloom filter that absorbs a key's first access, so the many keys seen once never
 *   touch the counters (they would only add collision noise).
 * - Aging: after `sampleSize` recorded accesses every counter is halved and the doorkeeper cleared,
 *   so the estimate follows recent popularity rather than all-time counts.
 */

/** FNV-1a over the key's char codes (latin1 strings: one byte each). */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A second, independent-enough hash derived from the first (murmur3's finalizer), odd. */
function remix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h | 1) >>> 0;
}

function pow2AtLeast(n: number): number {
  let p = 16;
  while (p < n && p < 1 << 24) p <<= 1;
  return p;
}

const ROWS = 4;

export class FrequencySketch {
  /** ROWS rows of `width` 4-bit counters, two per byte. */
  private readonly counters: Uint8Array;
  private readonly width: number;
  /** Doorkeeper bits. */
  private readonly door: Uint32Array;
  private readonly doorMask: number;
  private readonly sampleSize: number;
  private additions = 0;
  /** Times the counters were halved (for tests). */
  resets = 0;

  /** Sized for a cache of about `capacity` entries. */
  constructor(capacity: number) {
    const cap = Math.max(16, Math.min(capacity, 1 << 22));
    this.width = pow2AtLeast(cap);
    this.counters = new Uint8Array((ROWS * this.width) >> 1);
    const doorBits = pow2AtLeast(cap * 8);
    this.door = new Uint32Array(doorBits >>> 5);
    this.doorMask = doorBits - 1;
    this.sampleSize = 10 * cap;
  }

  /** Records one access of `key`. */
  increment(key: string): void {
    const h1 = fnv1a(key);
    const h2 = remix(h1);
    if (!this.doorAdd(h1, h2)) {
      let added = false;
      for (let r = 0; r < ROWS; r++) added = this.bump(r, (h1 + r * h2) >>> 0) || added;
      if (!added) return;
    }
    if (++this.additions >= this.sampleSize) this.age();
  }

  /** The estimated recent access count of `key` (0..16). */
  frequency(key: string): number {
    const h1 = fnv1a(key);
    const h2 = remix(h1);
    let min = 15;
    for (let r = 0; r < ROWS; r++) min = Math.min(min, this.read(r, (h1 + r * h2) >>> 0));
    return min + (this.doorHas(h1, h2) ? 1 : 0);
  }

  private slot(row: number, h: number): number {
    return row * this.width + (h & (this.width - 1));
  }

  private read(row: number, h: number): number {
    const i = this.slot(row, h);
    const b = this.counters[i >> 1];
    return (i & 1) === 0 ? b & 0xf : b >> 4;
  }

  /** Adds one to a counter unless saturated; true if it changed. */
  private bump(row: number, h: number): boolean {
    const i = this.slot(row, h);
    const b = this.counters[i >> 1];
    const shift = (i & 1) << 2;
    if (((b >> shift) & 0xf) === 15) return false;
    this.counters[i >> 1] = b + (1 << shift);
    return true;
  }

  /** Sets the key's 3 doorkeeper bits; false if they were all set already. */
  private doorAdd(h1: number, h2: number): boolean {
    let fresh = false;
    for (let k = 0; k < 3; k++) {
      const bit = (h2 + k * h1) & this.doorMask;
      const w = bit >>> 5;
      const m = 1 << (bit & 31);
      if ((this.door[w] & m) === 0) {
        this.door[w] |= m;
        fresh = true;
      }
    }
    return fresh;
  }

  private doorHas(h1: number, h2: number): boolean {
    for (let k = 0; k < 3; k++) {
      const bit = (h2 + k * h1) & this.doorMask;
      if ((this.door[bit >>> 5] & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  /** Halves every counter (both nibbles of a byte at once) and clears the doorkeeper. */
  private age(): void {
    const c = this.counters;
    for (let i = 0; i < c.length; i++) c[i] = (c[i] >> 1) & 0x77;
    this.door.fill(0);
    this.additions = 0;
    this.resets++;
  }
}
