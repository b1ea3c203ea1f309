/**
 * Refresh-ahead (docs/cache/DESIGN.md, section 4.2): decide, on a fresh hit, whether to start a
 * background refill now, so hot keys are recomputed before they expire and no caller waits.
 *
 * XFetch (Vattani et al., "Optimal probabilistic cache stampede prevention"): refresh when
 * `now - delta * beta * ln(random) >= expiry`, where delta is how long the loader took. Keys whose
 * loader is slow start earlier; across callers the first refresh lands close to expiry, and since
 * the refill takes the entry's lease, it runs once cluster-wide.
 */

export type RefreshOptions =
  /** Probabilistic early expiration; beta > 1 refreshes earlier (default 1). */
  | { mode: 'xfetch'; beta?: number }
  /** Refresh once `ratio` of the TTL has passed (0 < ratio < 1). */
  | { mode: 'ratio'; ratio: number };

export function shouldRefresh(
  opts: RefreshOptions | undefined,
  now: number,
  expiry: number,
  deltaMs: number,
  ttlMs: number,
  random: () => number,
): boolean {
  if (opts === undefined) return false;
  if (opts.mode === 'ratio') return now >= expiry - ttlMs * (1 - opts.ratio);
  const r = random();
  // ln(0) is -Infinity: a refresh, which is what the formula means there.
  return now - deltaMs * (opts.beta ?? 1) * Math.log(r) >= expiry;
}
