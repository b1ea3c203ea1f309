/**
 * Option values shared by every toolkit pattern: durations given as milliseconds or as strings
 * such as '250ms', '30s', '5m', '1h30m', '2d'.
 */
import { ToolkitOptionError } from './errors.js';

/** A duration: a number of milliseconds, or a string of `<number><unit>` parts (ms, s, m, h, d). */
export type Duration = number | string;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;

/** Milliseconds in `d`; throws ToolkitOptionError (naming `what`) on anything else or a negative. */
export function toMs(d: Duration, what = 'duration'): number {
  if (typeof d === 'number') {
    if (!Number.isFinite(d) || d < 0) throw new ToolkitOptionError(`${what} must be a finite number of ms >= 0, got ${d}`);
    return d;
  }
  if (typeof d !== 'string' || d.length === 0) throw new ToolkitOptionError(`${what} must be ms or a string like '5m'`);
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < d.length) {
    const start = PART.lastIndex;
    const m = PART.exec(d);
    if (m === null || m.index !== start) throw new ToolkitOptionError(`${what}: cannot read ${JSON.stringify(d)} as a duration`);
    total += Number(m[1]) * UNIT_MS[m[2]];
  }
  return total;
}

/** toMs for an optional value, with a default. */
export function optMs(d: Duration | undefined, fallback: number, what?: string): number {
  return d === undefined ? fallback : toMs(d, what);
}
