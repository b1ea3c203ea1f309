/**
 * The memory breakdown behind INFO memory and MEMORY STATS/DOCTOR (Redis's
 * getMemoryOverheadData): one computation so the figures agree wherever they are shown.
 */
import type { Engine } from '../engine/engine.js';
import { memorySnapshot, type MemorySnapshot } from './memory.js';

export interface MemoryOverhead {
  snapshot: MemorySnapshot;
  used: number;
  peak: number;
  startup: number;
  /** Query and output buffers of all normal clients. */
  clients: number;
  /** Query and output buffers of the replicas (mem_clients_slaves). */
  replicaClients: number;
  /** Largest query buffer and output buffer of a single client. */
  maxClientIn: number;
  maxClientOut: number;
  overhead: number;
  dataset: number;
  /** used - startup, the base of the dataset percentage. */
  netUsage: number;
  /** Allocator figures: allocated (= used), active (heap reserved + external), resident (RSS). */
  allocated: number;
  active: number;
  resident: number;
}

/**
 * Bytes of query and output buffers of the normal clients (mem_clients_normal) and of the
 * replicas (mem_clients_slaves), and the largest of each buffer.
 */
export function clientBuffers(engine: Engine): { total: number; replicas: number; maxIn: number; maxOut: number } {
  let total = 0;
  let replicas = 0;
  let maxIn = 0;
  let maxOut = 0;
  for (const c of engine.clients.values()) {
    const qin = c.transport.queryBufferBytes();
    const qout = c.transport.outputBytes() + c.reply.out.length;
    if (c.replica === null) total += qin + qout;
    else replicas += qin + qout;
    if (qin > maxIn) maxIn = qin;
    if (qout > maxOut) maxOut = qout;
  }
  return { total, replicas, maxIn, maxOut };
}

/** Computes the breakdown now (and raises the recorded peak, as Redis does when asked). */
export function memoryOverhead(engine: Engine): MemoryOverhead {
  const m = memorySnapshot();
  const used = m.used;
  if (used > engine.stats.peakMemory) engine.stats.peakMemory = used;
  const startup = engine.stats.startupMemory;
  const clients = clientBuffers(engine);
  const overhead = Math.min(used, startup + clients.total + clients.replicas);
  return {
    snapshot: m,
    used,
    peak: engine.stats.peakMemory,
    startup,
    clients: clients.total,
    replicaClients: clients.replicas,
    maxClientIn: clients.maxIn,
    maxClientOut: clients.maxOut,
    overhead,
    dataset: used - overhead,
    netUsage: used > startup ? used - startup : 0,
    allocated: used,
    active: m.heapTotal + m.external,
    resident: m.rss,
  };
}
