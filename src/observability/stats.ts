/** Server-wide counters behind INFO stats (names follow Redis's INFO fields). */
import { usedMemory } from './memory.js';

/** Redis averages its instantaneous metrics over this many samples, taken every 100 ms. */
const METRIC_SAMPLES = 16;
const SAMPLE_INTERVAL_MS = 100;

/** A rate (per second) averaged over the last samples of a growing counter, as Redis's trackInstantaneousMetric. */
export class InstantaneousMetric {
  private readonly samples = new Float64Array(METRIC_SAMPLES);
  private idx = 0;
  private lastTime = 0;
  private lastValue = 0;

  sample(nowMs: number, value: number): void {
    if (this.lastTime !== 0) {
      const dt = nowMs - this.lastTime;
      const rate = dt > 0 ? ((value - this.lastValue) * 1000) / dt : 0;
      this.samples[this.idx] = rate;
      this.idx = (this.idx + 1) % METRIC_SAMPLES;
    }
    this.lastTime = nowMs;
    this.lastValue = value;
  }

  /** Average rate per second over the kept samples. */
  get(): number {
    let sum = 0;
    for (const s of this.samples) sum += s;
    return sum / METRIC_SAMPLES;
  }

  reset(): void {
    this.samples.fill(0);
    this.idx = 0;
    this.lastTime = 0;
  }
}

export class ServerStats {
  totalCommandsProcessed = 0;
  totalConnectionsReceived = 0;
  rejectedConnections = 0;
  expiredKeys = 0;
  /** Keys found already expired by the active cycle, as a fraction of those sampled (expired_stale_perc). */
  expiredStalePerc = 0;
  expiredTimeCapReachedCount = 0;
  expireCycleCpuMs = 0;
  evictedKeys = 0;
  evictedClients = 0;
  keyspaceHits = 0;
  keyspaceMisses = 0;
  totalErrorReplies = 0;
  unexpectedErrorReplies = 0;
  dumpPayloadSanitizations = 0;
  totalNetInputBytes = 0;
  totalNetOutputBytes = 0;
  /** Bytes sent to replicas, which total_net_output_bytes leaves out (total_net_repl_output_bytes). */
  totalNetReplOutputBytes = 0;
  /** Full and partial resynchronizations served to replicas (sync_full, sync_partial_ok/err). */
  syncFull = 0;
  syncPartialOk = 0;
  syncPartialErr = 0;
  /** Reads/writes on client sockets (total_reads_processed, total_writes_processed). */
  totalReadsProcessed = 0;
  totalWritesProcessed = 0;
  /** Highest used_memory seen (used_memory_peak); CONFIG RESETSTAT keeps it, as Redis does. */
  peakMemory = 0;
  /** used_memory when the server started (used_memory_startup). */
  readonly startupMemory = usedMemory();
  /**
   * Live figures other subsystems own, read by INFO under Redis's field names
   * ("blocked_clients", "pubsub_channels", "tracking_clients" ...): the owner registers a
   * function once, so INFO never shows a stale copy.
   */
  readonly gauges = new Map<string, () => number>();
  /** Error replies by error code (the first word: "ERR", "WRONGTYPE" ...), for INFO errorstats. */
  readonly errors = new Map<string, number>();
  readonly opsPerSec = new InstantaneousMetric();
  readonly inputBytesPerSec = new InstantaneousMetric();
  readonly outputBytesPerSec = new InstantaneousMetric();
  readonly replOutputBytesPerSec = new InstantaneousMetric();
  private timer: ReturnType<typeof setInterval> | undefined;

  /** A gauge's current value, 0 when no subsystem registered it. */
  gauge(name: string): number {
    const g = this.gauges.get(name);
    return g === undefined ? 0 : g();
  }

  /** Counts one error reply by its code. */
  countError(msg: string): void {
    this.totalErrorReplies++;
    const sp = msg.indexOf(' ');
    const code = sp < 0 ? msg : msg.slice(0, sp);
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  private ticks = 0;

  /**
   * Takes one sample of the instantaneous metrics (serverCron's job), and of the memory peak
   * every tenth call: reading the process's memory costs a system call, the counters do not.
   */
  sampleNow(nowMs: number): void {
    this.opsPerSec.sample(nowMs, this.totalCommandsProcessed);
    this.inputBytesPerSec.sample(nowMs, this.totalNetInputBytes);
    this.outputBytesPerSec.sample(nowMs, this.totalNetOutputBytes);
    this.replOutputBytesPerSec.sample(nowMs, this.totalNetReplOutputBytes);
    if (this.ticks++ % 10 === 0) this.updatePeakMemory();
  }

  updatePeakMemory(): number {
    const used = usedMemory();
    if (used > this.peakMemory) this.peakMemory = used;
    return used;
  }

  /** Starts sampling every 100 ms (real time; the timer never keeps the process alive). */
  startSampling(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.sampleNow(performance.timeOrigin + performance.now()), SAMPLE_INTERVAL_MS);
    this.timer.unref();
  }

  stopSampling(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** CONFIG RESETSTAT: what Redis's resetServerStats clears. */
  reset(): void {
    this.totalCommandsProcessed = 0;
    this.totalConnectionsReceived = 0;
    this.rejectedConnections = 0;
    this.expiredKeys = 0;
    this.expiredStalePerc = 0;
    this.expiredTimeCapReachedCount = 0;
    this.expireCycleCpuMs = 0;
    this.evictedKeys = 0;
    this.evictedClients = 0;
    this.keyspaceHits = 0;
    this.keyspaceMisses = 0;
    this.totalErrorReplies = 0;
    this.unexpectedErrorReplies = 0;
    this.dumpPayloadSanitizations = 0;
    this.totalNetInputBytes = 0;
    this.totalNetOutputBytes = 0;
    this.totalNetReplOutputBytes = 0;
    this.syncFull = 0;
    this.syncPartialOk = 0;
    this.syncPartialErr = 0;
    this.totalReadsProcessed = 0;
    this.totalWritesProcessed = 0;
    this.errors.clear();
    this.opsPerSec.reset();
    this.inputBytesPerSec.reset();
    this.outputBytesPerSec.reset();
    this.replOutputBytesPerSec.reset();
  }
}
