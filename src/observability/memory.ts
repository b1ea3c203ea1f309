/**
 * Memory figures for INFO memory and maxmemory: Redis's used_memory (zmalloc_used_memory), as
 * close as a garbage-collected heap allows. See docs/EVICTION.md for the design.
 *
 * - Settled memory: V8's heap outside the young generation plus memory held outside the heap
 *   (Buffers). The young generation is left out: between scavenges it is mostly the garbage of
 *   recent requests (megabytes of it), which would make the figure jump by far more than the
 *   data changes; live young objects are counted once they survive into the old generation.
 * - Eviction credit: a deleted value's memory comes back only when a major GC runs, so the
 *   bytes eviction freed (as estimated by MEMORY USAGE's rules) are subtracted until then.
 *   Otherwise each eviction round would see no progress and evict everything.
 */
import { freemem, totalmem } from 'node:os';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';

/** Bytes of the heap outside the young generation, plus external memory. */
function settledMemory(): number {
  let used = 0;
  for (const sp of getHeapSpaceStatistics()) if (sp.space_name !== 'new_space') used += sp.space_used_size;
  return used + getHeapStatistics().external_memory;
}

/** Bytes eviction freed that no major GC has reclaimed yet (process-wide, as the heap is). */
let evictionCredit = 0;
let gcObserver: PerformanceObserver | null = null;

/**
 * Counts `bytes` freed by evicting a key: they stop counting as used until the next major GC.
 * The first call starts watching GCs (an observer costs nothing until then).
 */
export function creditFreed(bytes: number): void {
  evictionCredit += bytes;
  if (gcObserver === null) {
    gcObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0;
        if ((kind & perfConstants.NODE_PERFORMANCE_GC_MAJOR) !== 0) evictionCredit = 0;
      }
    });
    gcObserver.observe({ entryTypes: ['gc'] });
  }
}

/** The eviction credit outstanding (MEMORY STATS, tests). */
export function pendingEvictionCredit(): number {
  return evictionCredit;
}

/** Forgets the credit (tests; a forced GC). */
export function resetEvictionCredit(): void {
  evictionCredit = 0;
}

/** Redis's used_memory: settled memory less what eviction freed and the GC has not yet reclaimed. */
export function usedMemory(): number {
  const used = settledMemory() - evictionCredit;
  return used > 0 ? used : 0;
}

/**
 * Used memory when it exceeds `limit` bytes, else 0. The common answer costs one heap-statistics
 * read: the whole heap is an upper bound of the settled part. Only near the limit is the heap
 * measured space by space.
 */
export function usedMemoryOver(limit: number): number {
  const h = getHeapStatistics();
  if (h.used_heap_size + h.external_memory - evictionCredit <= limit) return 0;
  const used = usedMemory();
  return used > limit ? used : 0;
}

export interface MemorySnapshot {
  used: number;
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  totalSystem: number;
  freeSystem: number;
}

export function memorySnapshot(): MemorySnapshot {
  const m = process.memoryUsage();
  return {
    used: usedMemory(),
    rss: m.rss,
    heapTotal: m.heapTotal,
    heapUsed: m.heapUsed,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    totalSystem: totalmem(),
    freeSystem: freemem(),
  };
}

/** Redis's bytesToHuman: 100B, 1.50K, 2.00M, 3.25G ... */
export function bytesToHuman(n: number): string {
  const units = ['K', 'M', 'G', 'T', 'P'];
  if (n < 1024) return `${n}B`;
  let d = n;
  for (const u of units) {
    d /= 1024;
    if (d < 1024 || u === 'P') return `${d.toFixed(2)}${u}`;
  }
  return `${n}B`;
}
