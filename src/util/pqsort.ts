/**
 * Partial quicksort (Bentley & McIlroy's "Engineering a Sort Function", with recursion
 * skipped for partitions outside the wanted range), as Redis uses for SORT ... LIMIT and
 * GEORADIUS ... COUNT. It is not stable: which of several equal elements end up in the
 * wanted range, and in what order, depends on the exact partitioning steps, so they are
 * followed here step for step to order ties as redis-server does.
 */

type Cmp<T> = (a: T, b: T) => number;

function swap<T>(a: T[], i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** Swaps the n elements starting at i with the n starting at j. */
function vecswap<T>(a: T[], i: number, j: number, n: number): void {
  for (let k = 0; k < n; k++) swap(a, i + k, j + k);
}

function med3<T>(a: T[], i: number, j: number, k: number, cmp: Cmp<T>): number {
  return cmp(a[i], a[j]) < 0
    ? cmp(a[j], a[k]) < 0
      ? j
      : cmp(a[i], a[k]) < 0
        ? k
        : i
    : cmp(a[j], a[k]) > 0
      ? j
      : cmp(a[i], a[k]) < 0
        ? i
        : k;
}

/**
 * Sorts `a` enough that positions `lrange`..`rrange` (inclusive) hold the elements a full
 * sort would put there, in order. Other positions end up partially ordered.
 */
export function pqsort<T>(a: T[], cmp: Cmp<T>, lrange: number, rrange: number): void {
  sortPart(a, 0, a.length, cmp, lrange, rrange);
}

function sortPart<T>(a: T[], base: number, n: number, cmp: Cmp<T>, lrange: number, rrange: number): void {
  for (;;) {
    if (n < 7) {
      for (let m = base + 1; m < base + n; m++) {
        for (let l = m; l > base && cmp(a[l - 1], a[l]) > 0; l--) swap(a, l, l - 1);
      }
      return;
    }
    let pm = base + (n >>> 1);
    if (n > 7) {
      let pl = base;
      let pn = base + n - 1;
      if (n > 40) {
        const d = n >>> 3;
        pl = med3(a, pl, pl + d, pl + 2 * d, cmp);
        pm = med3(a, pm - d, pm, pm + d, cmp);
        pn = med3(a, pn - 2 * d, pn - d, pn, cmp);
      }
      pm = med3(a, pl, pm, pn, cmp);
    }
    swap(a, base, pm);
    let pa = base + 1;
    let pb = pa;
    let pc = base + n - 1;
    let pd = pc;
    for (;;) {
      let r: number;
      while (pb <= pc && (r = cmp(a[pb], a[base])) <= 0) {
        if (r === 0) swap(a, pa++, pb);
        pb++;
      }
      while (pb <= pc && (r = cmp(a[pc], a[base])) >= 0) {
        if (r === 0) swap(a, pc, pd--);
        pc--;
      }
      if (pb > pc) break;
      swap(a, pb++, pc--);
    }
    const pn = base + n;
    let r = Math.min(pa - base, pb - pa);
    vecswap(a, base, pb - r, r);
    r = Math.min(pd - pc, pn - pd - 1);
    vecswap(a, pb, pn - r, r);
    // Elements less than the pivot: recurse when that partition overlaps the wanted range.
    if ((r = pb - pa) > 1) {
      const lo = base;
      const hi = base + r - 1;
      if (!((lrange < lo && rrange < lo) || (lrange > hi && rrange > hi))) sortPart(a, lo, r, cmp, lrange, rrange);
    }
    // Elements greater than the pivot: iterate.
    if ((r = pd - pc) > 1) {
      base = pn - r;
      n = r;
      const hi = base + r - 1;
      if (!((lrange < base && rrange < base) || (lrange > hi && rrange > hi))) continue;
    }
    return;
  }
}
