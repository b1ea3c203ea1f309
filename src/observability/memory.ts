/**
 * Memory figures for INFO memory and maxmemory. Sonic's "used memory" is what V8 reports for the
 * JS heap plus memory held outside it (Buffers): the closest analogue of zmalloc_used_memory.
 */
import { freemem, totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';

/**
 * Bytes used by the process's data (heap + external), Redis's used_memory. Read from V8's heap
 * statistics, which cost no system call (process.memoryUsage() also reads the RSS).
 */
export function usedMemory(): number {
  const h = getHeapStatistics();
  return h.used_heap_size + h.external_memory;
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
    used: m.heapUsed + m.external,
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
