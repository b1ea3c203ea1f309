/**
 * The latency monitor (LATENCY LATEST/HISTORY/RESET/GRAPH/DOCTOR): for each event class
 * ("command", "fast-command", "expire-cycle" ...) the last 160 per-second maxima of latencies
 * that reached `latency-monitor-threshold` milliseconds.
 */

/** Samples kept per event, one per second at most. */
const HISTORY_LEN = 160;

export interface LatencySample {
  /** Unix time in seconds. */
  readonly time: number;
  /** Milliseconds. */
  latency: number;
}

export interface LatencySeries {
  /** Oldest first. */
  readonly samples: LatencySample[];
  /** All-time maximum since the last reset. */
  max: number;
}

export class LatencyMonitor {
  readonly events = new Map<string, LatencySeries>();

  /** Adds a sample; several in the same second keep the largest. */
  add(event: string, ms: number, nowSec: number): void {
    let ts = this.events.get(event);
    if (ts === undefined) {
      ts = { samples: [], max: 0 };
      this.events.set(event, ts);
    }
    if (ms > ts.max) ts.max = ms;
    const last = ts.samples[ts.samples.length - 1];
    if (last !== undefined && last.time === nowSec) {
      if (ms > last.latency) last.latency = ms;
      return;
    }
    ts.samples.push({ time: nowSec, latency: ms });
    if (ts.samples.length > HISTORY_LEN) ts.samples.shift();
  }

  /** Forgets one event (case-insensitive) or, without a name, all; returns how many were reset. */
  reset(event?: string): number {
    if (event === undefined) {
      const n = this.events.size;
      this.events.clear();
      return n;
    }
    let n = 0;
    const want = event.toLowerCase();
    for (const name of [...this.events.keys()]) {
      if (name.toLowerCase() === want) {
        this.events.delete(name);
        n++;
      }
    }
    return n;
  }
}

/** Summary statistics of one event's samples, for the doctor report. */
export interface LatencySummary {
  samples: number;
  min: number;
  max: number;
  avg: number;
  /** Mean absolute deviation from the average. */
  mad: number;
  allTimeHigh: number;
  /** Seconds since the oldest sample (at least 1). */
  period: number;
}

export function summarize(ts: LatencySeries, nowSec: number): LatencySummary {
  const n = ts.samples.length;
  if (n === 0) return { samples: 0, min: 0, max: 0, avg: 0, mad: 0, allTimeHigh: ts.max, period: 0 };
  let min = Infinity;
  let max = 0;
  let sum = 0;
  let oldest = Infinity;
  for (const s of ts.samples) {
    min = Math.min(min, s.latency);
    max = Math.max(max, s.latency);
    sum += s.latency;
    oldest = Math.min(oldest, s.time);
  }
  const avg = Math.floor(sum / n);
  let dev = 0;
  for (const s of ts.samples) dev += Math.abs(avg - s.latency);
  return { samples: n, min, max, avg, mad: Math.floor(dev / n), allTimeHigh: ts.max, period: Math.max(1, nowSec - oldest) };
}

/**
 * A short human-readable analysis (Sonic's own wording). It lists each event's figures and
 * the usual remedies: the slow log for slow commands, expiry/eviction of big keys.
 */
export function doctorReport(mon: LatencyMonitor, thresholdMs: number, slowlogThresholdUs: number, nowSec: number): string {
  if (thresholdMs === 0 && mon.events.size === 0) {
    return 'Latency monitoring is disabled in this Sonic instance. Enable it with "CONFIG SET latency-monitor-threshold <milliseconds>".\n';
  }
  if (mon.events.size === 0) {
    return 'No latency spike has been observed since this Sonic instance started (or since the last LATENCY RESET).\n';
  }
  let out = 'Latency spikes observed by this Sonic instance:\n\n';
  let i = 1;
  let commands = false;
  let expiry = false;
  for (const [name, ts] of mon.events) {
    const s = summarize(ts, nowSec);
    out += `${i++}. ${name}: ${s.samples} latency spikes (average ${s.avg}ms, mean deviation ${s.mad}ms, period ${(s.period / s.samples).toFixed(2)} sec). Worst all time event ${s.allTimeHigh}ms.\n`;
    if (name === 'command' || name === 'fast-command') commands = true;
    if (name.startsWith('expire') || name.startsWith('evict')) expiry = true;
  }
  out += '\nSuggestions:\n\n';
  if (commands) {
    out +=
      slowlogThresholdUs < 0
        ? '- Slow commands were observed but the slow log is disabled: enable it with CONFIG SET slowlog-log-slower-than to see which ones.\n'
        : '- Slow commands were observed: check SLOWLOG GET for the commands and arguments responsible.\n';
  }
  if (expiry) out += '- Expiring or evicting large keys blocks the server: split big collections into several keys.\n';
  if (!commands && !expiry) out += '- Nothing specific: the events above are listed for reference.\n';
  return out;
}

const GRAPH_COLS = 80;
const GRAPH_ROWS = 4;

/**
 * An ASCII chart of an event's samples: a header with high/low/all-time-high, a rule, then one
 * column per sample (bar height proportional to latency) with its age written vertically.
 */
export function latencyGraph(event: string, ts: LatencySeries, nowSec: number): string {
  const samples = ts.samples.slice(-GRAPH_COLS);
  let min = 0;
  let max = 0;
  samples.forEach((s, i) => {
    if (i === 0) min = max = s.latency;
    else {
      min = Math.min(min, s.latency);
      max = Math.max(max, s.latency);
    }
  });
  let out = `${event} - high ${max} ms, low ${min} ms (all time high ${ts.max} ms)\n${'-'.repeat(GRAPH_COLS)}\n`;
  const heights = samples.map((s) => (max === min ? GRAPH_ROWS : Math.max(1, Math.round(((s.latency - min) / (max - min)) * GRAPH_ROWS))));
  for (let row = GRAPH_ROWS; row >= 1; row--) {
    out += heights.map((h) => (h >= row ? '#' : ' ')).join('').trimEnd() + '\n';
  }
  const labels = samples.map((s) => ageLabel(nowSec - s.time));
  const width = Math.max(0, ...labels.map((l) => l.length));
  for (let r = 0; r < width; r++) out += labels.map((l) => l[r] ?? ' ').join('').trimEnd() + '\n';
  return out;
}

function ageLabel(sec: number): string {
  if (sec < 60) return `${sec}s`;
  if (sec < 3600) return `${Math.floor(sec / 60)}m`;
  if (sec < 86400) return `${Math.floor(sec / 3600)}h`;
  return `${Math.floor(sec / 86400)}d`;
}
